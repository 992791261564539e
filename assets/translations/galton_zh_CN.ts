<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BoardView</name>
    <message>
        <location filename="../../galton/qt/board_view.py" line="249" />
        <source>{0} balls landed   mean bin {1:.2f}   std {2:.2f}   (dashed: expected)</source>
        <translation>已落下 {0} 个球   平均槽位 {1:.2f}   标准差 {2:.2f}   （虚线：期望分布）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="252" />
        <source>drop balls to fill the cups   (dashed: expected distribution)</source>
        <translation>投下小球来装满杯子   （虚线：期望分布）</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../galton/qt/charts.py" line="16" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="18" />
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="20" />
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="22" />
        <source>clipped</source>
        <translation>已裁剪</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="23" />
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="26" />
        <source>step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="28" />
        <source>gradient norm per row (log10)</source>
        <translation>每行梯度范数 (log10)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="32" />
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="33" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="34" />
        <source>confusion (test balls)</source>
        <translation>混淆矩阵（测试球）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="38" />
        <source>true colour</source>
        <translation>真实颜色</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="39" />
        <source>predicted cup</source>
        <translation>预测的杯子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="96" />
        <source>diverged</source>
        <translation>发散</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <location filename="../../galton/qt/controls.py" line="53" />
        <location filename="../../galton/qt/controls.py" line="61" />
        <source>Balls</source>
        <translation>小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="57" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="59" />
        <source>Colours</source>
        <translation>颜色数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="64" />
        <source>Board</source>
        <translation>钉板</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="67" />
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="70" />
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="72" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="75" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="79" />
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="82" />
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="84" />
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="91" />
        <source>Step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="92" />
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="93" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="96" />
        <source>cosine: anneal to 0 over 500 steps; step: halve every 100 steps; exponential: ×0.99 per step</source>
        <translation>余弦：500 步内退火到 0；阶梯：每 100 步减半；指数：每步 ×0.99</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="98" />
        <source>Schedule</source>
        <translation>步长计划</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="100" />
        <source>clip norm at</source>
        <translation>梯度范数裁剪于</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="104" />
        <source>Clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="105" />
        <source>e.g. 0, 1</source>
        <translation>例如 0, 1</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="106" />
        <source>Rows whose pegs do not move</source>
        <translation>这些行的钉子保持不动</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="107" />
        <source>Freeze rows</source>
        <translation>冻结的行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="109" />
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="109" />
        <source>fastest</source>
        <translation>最快</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="111" />
        <source>Playback speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="115" />
        <location filename="../../galton/qt/controls.py" line="195" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="116" />
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="117" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="118" />
        <source>Re-initialise</source>
        <translation>重新初始化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="124" />
        <source>Drop ×{}</source>
        <translation>投下 ×{}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="177" />
        <source>Freeze rows: expected row numbers like 0, 1, got {}</source>
        <translation>冻结的行：应为行号，例如 0, 1，得到 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="183" />
        <source>Freeze rows: rows must be 0..{}, got {}</source>
        <translation>冻结的行：行号必须在 0..{} 之间，得到 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="195" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../galton/qt/main_window.py" line="33" />
        <source>galton — the pinball machine of training</source>
        <translation>galton — 训练的弹珠机</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="38" />
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="43" />
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="50" />
        <source>Restore last good checkpoint</source>
        <translation>恢复最近的正常检查点</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="77" />
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="80" />
        <source> Paddles show p_right for: </source>
        <translation> 挡板显示向右概率，针对：</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="86" />
        <source>Trace paths</source>
        <translation>显示路径</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="89" />
        <source>Continuous drop</source>
        <translation>连续投球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="93" />
        <source>Empty cups</source>
        <translation>清空杯子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="110" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="111" />
        <source>&amp;Open scenario…</source>
        <translation>打开场景(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="113" />
        <source>&amp;Save scenario as…</source>
        <translation>场景另存为(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="115" />
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="118" />
        <source>&amp;Import balls from CSV…</source>
        <translation>从 CSV 导入小球(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="122" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="126" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="127" />
        <source>&amp;About galton</source>
        <translation>关于 galton(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="151" />
        <source>Open scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="152" />
        <location filename="../../galton/qt/main_window.py" line="182" />
        <source>Scenarios (*.toml)</source>
        <translation>场景文件 (*.toml)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="159" />
        <source>Cannot open scenario</source>
        <translation>无法打开场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="162" />
        <source>Opened {}</source>
        <translation>已打开 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="167" />
        <source>Import balls</source>
        <translation>导入小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="168" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="175" />
        <source>Cannot import balls</source>
        <translation>无法导入小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="177" />
        <source>Imported {}</source>
        <translation>已导入 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="181" />
        <source>Save scenario</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="188" />
        <source>Cannot save scenario</source>
        <translation>无法保存场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="214" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="229" />
        <source>Back at step {}</source>
        <translation>已回到第 {} 步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="232" />
        <source>Training diverged at step {}: {}. Step size too large? Lower it and press Play to continue from the last good parameters.</source>
        <translation>训练在第 {} 步发散：{}。步长太大了？调小步长后按“播放”，从最后一组正常参数继续。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="244" />
        <source>step {0}   loss {1:.4f}   accuracy {2:.1%}   step size {3:.3g}</source>
        <translation>第 {0} 步   损失 {1:.4f}   准确率 {2:.1%}   步长 {3:.3g}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="247" />
        <source>Ready: press Play to train, Drop to release balls</source>
        <translation>就绪：按“播放”开始训练，按“投下”放出小球</translation>
    </message>
</context>
</TS>