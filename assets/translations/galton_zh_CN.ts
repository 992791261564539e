<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BoardView</name>
    <message>
        <location filename="../../galton/qt/board_view.py" line="280" />
        <source>{0} balls landed   mean bin {1:.2f}   std {2:.2f}   (dashed: expected)</source>
        <extracomment>Okabe &amp; Ito's colour-blind-safe palette, plus a distinct marker shape per class.</extracomment>
        <translation>已落下 {0} 个球   平均槽位 {1:.2f}   标准差 {2:.2f}   （虚线：期望分布）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="283" />
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
        <location filename="../../galton/qt/controls.py" line="68" />
        <source>one per colour</source>
        <translation>每种颜色一个</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="69" />
        <source>Cups</source>
        <translation>杯子数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="72" />
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="74" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="77" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="81" />
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="84" />
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="86" />
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="87" />
        <source>Nesterov</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="95" />
        <source>Step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="96" />
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="97" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="100" />
        <source>cosine: anneal to 0 over 500 steps; step: halve every 100 steps; exponential: ×0.99 per step</source>
        <translation>余弦：500 步内退火到 0；阶梯：每 100 步减半；指数：每步 ×0.99</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="102" />
        <source>Schedule</source>
        <translation>步长计划</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="104" />
        <source>clip norm at</source>
        <translation>梯度范数裁剪于</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="108" />
        <source>Clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="109" />
        <source>e.g. 0, 1</source>
        <translation>例如 0, 1</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="110" />
        <source>Rows whose pegs do not move</source>
        <translation>这些行的钉子保持不动</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="111" />
        <source>Freeze rows</source>
        <translation>冻结的行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="113" />
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="113" />
        <source>fastest</source>
        <translation>最快</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="115" />
        <source>Playback speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="119" />
        <location filename="../../galton/qt/controls.py" line="230" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="120" />
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="121" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="122" />
        <source>Re-initialise</source>
        <translation>重新初始化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="128" />
        <source>Drop ×{}</source>
        <translation>投下 ×{}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="135" />
        <source>Which balls to drop: colour balls, the picnic perceptron, XOR</source>
        <translation>投下哪种小球：彩色球、野餐感知机、异或</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="136" />
        <source>How many colours (classes) the colour balls have</source>
        <translation>彩色球有几种颜色（类别）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="137" />
        <source>How many balls the dataset holds</source>
        <translation>数据集中有多少个小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="138" />
        <source>Rows of pegs; row r has r+1 pegs</source>
        <translation>钉子的行数；第 r 行有 r+1 个钉子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="139" />
        <source>Cups under the bins; 0 gives one cup per colour</source>
        <translation>槽位下方的杯子数；0 表示每种颜色一个杯子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="140" />
        <source>SGD with momentum: look ahead before stepping (Nesterov)</source>
        <translation>带动量的 SGD：先向前看一步再更新（Nesterov）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="141" />
        <source>zeros: every peg 50/50 (the classic binomial board); normal: random pegs</source>
        <translation>zeros：每个钉子左右各半（经典的二项分布钉板）；normal：随机钉子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="143" />
        <source>Seeds the balls, the split, the initialisation and the batches</source>
        <translation>决定小球、数据划分、初始化和批次的随机种子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="144" />
        <source>cross_entropy: −log of the right cup's probability; mse: the quadratic cost</source>
        <translation>cross_entropy：正确杯子概率的负对数；mse：二次代价</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="146" />
        <source>How a gradient becomes a turn of the pegs</source>
        <translation>梯度如何变成钉子的转动</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="147" />
        <source>SGD only: how much of the last step carries on (heavy ball)</source>
        <translation>仅用于 SGD：上一步延续多少（重球法）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="148" />
        <source>Step size (learning rate), 1e-5 to 10 on a log scale; changes take effect at once, even while training</source>
        <translation>步长（学习率），对数刻度 1e-5 到 10；修改立即生效，训练中也一样</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="150" />
        <source>Balls per step; 0 is the whole training set, 1 is plain SGD</source>
        <translation>每步使用的小球数；0 表示整个训练集，1 表示普通 SGD</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="151" />
        <source>Training steps per second while playing; 0 is as fast as possible</source>
        <translation>播放时每秒训练的步数；0 表示尽可能快</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="153" />
        <source>Train continuously (Space)</source>
        <translation>连续训练（空格）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="154" />
        <source>One training step (S)</source>
        <translation>训练一步（S）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="155" />
        <source>Back to the same initialisation (R)</source>
        <translation>回到同样的初始化（R）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="156" />
        <source>A new random initialisation: the next seed (I)</source>
        <translation>新的随机初始化：下一个种子（I）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="157" />
        <source>Rescale gradients whose norm exceeds the threshold</source>
        <translation>梯度范数超过阈值时按比例缩小</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="158" />
        <source>The largest gradient norm a step may use</source>
        <translation>一步允许使用的最大梯度范数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="212" />
        <source>Freeze rows: expected row numbers like 0, 1, got {}</source>
        <translation>冻结的行：应为行号，例如 0, 1，得到 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="218" />
        <source>Freeze rows: rows must be 0..{}, got {}</source>
        <translation>冻结的行：行号必须在 0..{} 之间，得到 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="230" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../galton/qt/main_window.py" line="37" />
        <source>galton — the pinball machine of training</source>
        <translation>galton — 训练的弹珠机</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="42" />
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="47" />
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="54" />
        <source>Restore last good checkpoint</source>
        <translation>恢复最近的正常检查点</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="84" />
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="87" />
        <source> Paddles show p_right for: </source>
        <translation> 挡板显示向右概率，针对：</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="89" />
        <source>The ball colour whose p_right the paddles show</source>
        <translation>挡板显示哪种颜色小球的向右概率</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="94" />
        <source>Trace paths</source>
        <translation>显示路径</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="95" />
        <source>Draw the route of every landed ball (T)</source>
        <translation>画出每个落下小球的路线（T）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="99" />
        <source> Paddles show: </source>
        <translation> 挡板显示：</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="101" />
        <source>p_right</source>
        <translation>向右概率</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="101" />
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="101" />
        <source>weight size</source>
        <translation>权重大小</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="102" />
        <source>What the tilt and colour of each paddle show</source>
        <translation>每个挡板的倾斜和颜色表示什么</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="105" />
        <source> Ball speed: </source>
        <translation> 小球速度：</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="108" />
        <source>How fast balls fall (rows per second)</source>
        <translation>小球下落多快（每秒行数）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="112" />
        <source>Continuous drop</source>
        <translation>连续投球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="113" />
        <source>Keep dropping balls from the test set</source>
        <translation>不断投下测试集中的小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="117" />
        <source>Empty cups</source>
        <translation>清空杯子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="118" />
        <source>Forget the landed balls (C)</source>
        <translation>清除已落下的小球（C）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="139" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="140" />
        <source>&amp;Open scenario…</source>
        <translation>打开场景(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="142" />
        <source>&amp;Save scenario as…</source>
        <translation>场景另存为(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="144" />
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="147" />
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="156" />
        <source>&amp;Import balls from CSV…</source>
        <translation>从 CSV 导入小球(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="160" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="164" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="165" />
        <source>Colour-blind-safe palette and shapes</source>
        <translation>色盲友好的配色和形状</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="169" />
        <source>Language (after restart)</source>
        <translation>语言（重启后生效）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="175" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="176" />
        <source>&amp;About galton</source>
        <translation>关于 galton(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="189" />
        <source>The language changes when galton starts again</source>
        <translation>语言将在 galton 下次启动时更改</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="238" />
        <source>Open scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="239" />
        <location filename="../../galton/qt/main_window.py" line="269" />
        <source>Scenarios (*.toml)</source>
        <translation>场景文件 (*.toml)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="246" />
        <source>Cannot open scenario</source>
        <translation>无法打开场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="249" />
        <source>Opened {}</source>
        <translation>已打开 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="254" />
        <source>Import balls</source>
        <translation>导入小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="255" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="262" />
        <source>Cannot import balls</source>
        <translation>无法导入小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="264" />
        <source>Imported {}</source>
        <translation>已导入 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="268" />
        <source>Save scenario</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="275" />
        <source>Cannot save scenario</source>
        <translation>无法保存场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="301" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="316" />
        <source>Back at step {}</source>
        <translation>已回到第 {} 步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="319" />
        <source>Training diverged at step {}: {}. Step size too large? Lower it and press Play to continue from the last good parameters.</source>
        <translation>训练在第 {} 步发散：{}。步长太大了？调小步长后按“播放”，从最后一组正常参数继续。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="331" />
        <source>step {0}   loss {1:.4f}   accuracy {2:.1%}   step size {3:.3g}</source>
        <translation>第 {0} 步   损失 {1:.4f}   准确率 {2:.1%}   步长 {3:.3g}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="334" />
        <source>Ready: press Play to train, Drop to release balls</source>
        <translation>就绪：按“播放”开始训练，按“投下”放出小球</translation>
    </message>
</context>
</TS>