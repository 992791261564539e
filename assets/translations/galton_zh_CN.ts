<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BoardView</name>
    <message>
        <location filename="../../galton/qt/board_view.py" line="202" />
        <source>{0} balls landed   mean bin {1:.2f}   std {2:.2f}   (dashed: expected)</source>
        <extracomment>How much bias a drag of one peg spacing sideways adds (4: from 50/50 to p_right 0.98). A peg dragged to a new bias: row, slot, its parameters before and after (for Undo).</extracomment>
        <translation>已落下 {0} 个球   平均槽位 {1:.2f}   标准差 {2:.2f}   （虚线：期望分布）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="205" />
        <source>drop balls to fill the cups   (dashed: expected distribution)</source>
        <translation>投下小球来装满杯子   （虚线：期望分布）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="240" />
        <source>peg ({0}, {1})</source>
        <translation>钉子 ({0}, {1})</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="240" />
        <source>weights: {}</source>
        <translation>权重：{}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="242" />
        <source>bias: {:+.3f}</source>
        <translation>偏置：{:+.3f}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="247" />
        <source>p_right for {0}: {1:.3f}</source>
        <translation>{0}球向右的概率：{1:.3f}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="251" />
        <source>gradient: {}</source>
        <translation>梯度：{}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="252" />
        <source>drag sideways to turn it</source>
        <translation>左右拖动可转动它</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="281" />
        <source>a {0} ball: {1}</source>
        <translation>一个{0}球：{1}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="283" />
        <source>its loss: {0:.4f}   (lands in bin {1}, cup {2})</source>
        <translation>它的损失：{0:.4f}   （落入槽 {1}，杯 {2}）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="288" />
        <source>right</source>
        <translation>右</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="288" />
        <source>left</source>
        <translation>左</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="289" />
        <source>row {0}: peg ({0}, {1}) p_right {2:.3f} -&gt; {3};  |gradient share| {4:.2e}</source>
        <translation>第 {0} 行：钉子 ({0}, {1}) 向右概率 {2:.3f} -&gt; {3}；  |梯度份额| {4:.2e}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="302" />
        <source>Hover a peg</source>
        <translation>鼠标停在钉子上</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="302" />
        <source>its weights, bias, p_right and gradient</source>
        <translation>显示它的权重、偏置、向右概率和梯度</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="303" />
        <source>Drag a peg sideways</source>
        <translation>左右拖动钉子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="304" />
        <source>turn it: right raises its bias (more balls go right); Ctrl+Z undoes</source>
        <translation>转动它：向右拖增大偏置（更多小球向右）；Ctrl+Z 撤销</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="305" />
        <source>Click a falling ball</source>
        <translation>点击一个下落的小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="305" />
        <source>its path and its share of the gradient</source>
        <translation>显示它的路径和它在梯度中的份额</translation>
    </message>
    <message>
        <location filename="../../galton/qt/board_view.py" line="346" />
        <source>peg ({0}, {1})  bias {2:+.3f}</source>
        <translation>钉子 ({0}, {1})  偏置 {2:+.3f}</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../galton/qt/charts.py" line="119" />
        <source>loss</source>
        <extracomment>Along a horizontal axis labels stand side by side: each needs its width, not a line. The step of the last record the loss chart shows (-1: none).</extracomment>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="125" />
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="127" />
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="129" />
        <source>clipped</source>
        <translation>已裁剪</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="130" />
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="133" />
        <source>step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="135" />
        <source>gradient norm per row (log10)</source>
        <translation>每行梯度范数 (log10)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="139" />
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="140" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="141" />
        <source>confusion (test balls)</source>
        <translation>混淆矩阵（测试球）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="145" />
        <source>true colour</source>
        <translation>真实颜色</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="146" />
        <source>predicted cup</source>
        <translation>预测的杯子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="163" />
        <source>press Play or Step to train</source>
        <translation>按“播放”或“单步”开始训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/charts.py" line="340" />
        <source>diverged</source>
        <translation>发散</translation>
    </message>
</context>
<context>
    <name>ConsolePanel</name>
    <message>
        <location filename="../../galton/qt/console.py" line="243" />
        <source>Stop</source>
        <extracomment>How often a running command lets the window answer and checks for Stop (seconds). How often a running ``session.step`` shows its newest step (seconds). Widgets that take input while a command runs: none of them changes the session, and a menu action that would (File &gt; Open...) is refused by the session (SessionBusy).</extracomment>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="244" />
        <source>Stop the running command (Ctrl+C)</source>
        <translation>停止正在运行的命令（Ctrl+C）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="247" />
        <source>Show as script…</source>
        <translation>显示为脚本…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="248" />
        <source>Everything done in this session so far, as a Python script for `galton run`</source>
        <translation>本次会话到目前为止所做的一切，写成可用 `galton run` 运行的 Python 脚本</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="259" />
        <source>Python: type session.step(10) and press Enter</source>
        <translation>Python：输入 session.step(10) 后按回车</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="273" />
        <source>A block is open (...: prompts): type its indented lines, then Enter on an empty line runs it; Shift+Enter runs it now</source>
        <translation>代码块尚未结束（...: 提示符）：输入缩进的各行，在空行上按 Enter 运行；Shift+Enter 立即运行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="322" />
        <source>galton's Python console (IPython)</source>
        <translation>galton 的 Python 控制台（IPython）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="323" />
        <source>Names: {}</source>
        <translation>可用名称：{}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="324" />
        <source># train 50 steps, watch the pegs</source>
        <translation># 训练 50 步，看钉子转动</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="327" />
        <source># drop 20 balls</source>
        <translation># 投下 20 个小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="329" />
        <source># help; Tab completes; Ctrl+C or Stop interrupts</source>
        <translation># 帮助；Tab 补全；Ctrl+C 或“停止”可中断</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="353" />
        <source>The names are fresh again.</source>
        <translation>名称已重置。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="388" />
        <source>Running… Stop or Ctrl+C interrupts</source>
        <translation>运行中…按“停止”或 Ctrl+C 中断</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="447" />
        <source>a console command is running: press Stop first</source>
        <translation>控制台命令正在运行：请先按“停止”</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="456" />
        <source>stopped from the console at step {} (Stop or Ctrl+C)</source>
        <translation>已在第 {} 步从控制台停止（停止 或 Ctrl+C）</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <location filename="../../galton/qt/controls.py" line="171" />
        <source>clip norm at</source>
        <translation>梯度范数裁剪于</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="176" />
        <source>e.g. 0, 1</source>
        <translation>例如 0, 1</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="180" />
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="180" />
        <source>fastest</source>
        <translation>最快</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="182" />
        <source>Playback speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="193" />
        <location filename="../../galton/qt/controls.py" line="294" />
        <location filename="../../galton/qt/controls.py" line="334" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="194" />
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="195" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="196" />
        <source>Re-initialise</source>
        <translation>重新初始化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="204" />
        <source>Drop ×{}</source>
        <translation>投下 ×{}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="165" />
        <source>cosine: anneal to 0 over {0} steps; step: ×{1} every {2} steps; exponential: ×{3} per step</source>
        <translation>余弦：{0} 步内退火到 0；阶梯：每 {2} 步 ×{1}；指数：每步 ×{3}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="205" />
        <source>Drop {} balls of the test set through the board</source>
        <translation>从测试集中投下 {} 个小球穿过钉板</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="213" />
        <source>Step size (learning rate), {0:g} to {1:g} on a log scale; changes take effect at once, even while training</source>
        <translation>步长（学习率），对数刻度 {0:g} 到 {1:g}；修改立即生效，训练中也一样</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="216" />
        <source>Training steps per second while playing; 0 is as fast as possible</source>
        <translation>播放时每秒训练的步数；0 表示尽可能快</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="218" />
        <source>Train continuously (Space). Whatever you change meanwhile applies between two steps, and training goes on.</source>
        <translation>连续训练（空格键）。训练期间所做的任何改动都在两步之间生效，训练随后继续。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="220" />
        <source>One training step (S)</source>
        <translation>训练一步（S）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="221" />
        <source>Back to the same initialisation (R)</source>
        <translation>回到同样的初始化（R）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="222" />
        <location filename="../../galton/qt/controls.py" line="360" />
        <source>A new random initialisation: the next seed (I)</source>
        <translation>新的随机初始化：下一个种子（I）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="223" />
        <source>Rescale gradients whose norm exceeds the threshold</source>
        <translation>梯度范数超过阈值时按比例缩小</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="224" />
        <source>The largest gradient norm a step may use</source>
        <translation>一步允许使用的最大梯度范数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="309" />
        <source>Freeze rows: expected row numbers like 0, 1, got {}</source>
        <translation>冻结的行：应为行号，例如 0, 1，得到 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="316" />
        <source>Freeze rows: rows must be 0..{}, got {}</source>
        <translation>冻结的行：行号必须在 0..{} 之间，得到 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="358" />
        <source>The "zeros" init gives the same pegs (all 50/50) for every seed, so there is nothing new to draw: choose the "normal" init, or press Reset</source>
        <translation>“全零”初始化对每个随机种子都给出相同的钉子（全部 50/50），重新抽取不会有变化：请选择“正态随机”初始化，或按“重置”</translation>
    </message>
    <message>
        <location filename="../../galton/qt/controls.py" line="294" />
        <location filename="../../galton/qt/controls.py" line="334" />
        <source>Pause</source>
        <extracomment>The widgets of one scenario setting each, by its key in galton.core.schema.</extracomment>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="82" />
        <location filename="../../galton/qt/export_dialog.py" line="218" />
        <location filename="../../galton/qt/export_dialog.py" line="332" />
        <source>Export animation</source>
        <extracomment>Format choices: (key, suffix, plan format).</extracomment>
        <translation>导出动画</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="97" />
        <source>Board, landscape and loss chart</source>
        <translation>钉板、损失地形和损失曲线</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="98" />
        <source>Board only</source>
        <translation>只有钉板</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="99" />
        <source>Loss landscape only</source>
        <translation>只有损失地形</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="100" />
        <source>Classroom: board and loss chart, large text and lines</source>
        <translation>课堂：钉板和损失曲线，大字、粗线</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="103" />
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="105" />
        <source>MP4 video (H.264)</source>
        <translation>MP4 视频 (H.264)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="106" />
        <source>GIF animation</source>
        <translation>GIF 动画</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="107" />
        <source>WebM video (VP9)</source>
        <translation>WebM 视频 (VP9)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="108" />
        <source>PNG frames in a .zip</source>
        <translation>PNG 帧（打包为 .zip）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="109" />
        <source>PNG frames in a folder</source>
        <translation>PNG 帧（存入文件夹）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="111" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="116" />
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="118" />
        <source> frames/s</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="119" />
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="121" />
        <source>Training steps</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="123" />
        <source>Steps per frame</source>
        <translation>每帧步数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="125" />
        <source>Balls dropped per frame</source>
        <translation>每帧投下的小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="127" />
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="128" />
        <source>How long the last frame stays at the end</source>
        <translation>最后一帧在结尾停留多久</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="129" />
        <source>Hold the end</source>
        <translation>结尾停留</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="131" />
        <source>the scenario's first pegs</source>
        <translation>场景最初的钉子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="132" />
        <source>the pegs as they are now</source>
        <translation>钉子现在的样子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="133" />
        <source>Train a copy from the start of the scenario, or go on from where the window's training is. The window's own session is never changed.</source>
        <translation>从场景的开头训练一个副本，或者从窗口里训练到的地方继续。窗口自己的会话不会被改动。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="136" />
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="140" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="144" />
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="149" />
        <location filename="../../galton/qt/export_dialog.py" line="309" />
        <source>drawing the first frame…</source>
        <translation>正在绘制第一帧…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="157" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="164" />
        <source>First frame</source>
        <translation>第一帧</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="215" />
        <source>Folder for the PNG frames</source>
        <translation>存放 PNG 帧的文件夹</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="236" />
        <source>{0} frames, {1:.1f} s of video</source>
        <translation>{0} 帧，视频时长 {1:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="327" />
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="330" />
        <source>Exporting {0} frames…</source>
        <translation>正在导出 {0} 帧…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="331" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="363" />
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="364" />
        <source>The animation was written to
{0}</source>
        <translation>动画已写入
{0}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="370" />
        <source>No preview: {0}</source>
        <translation>无法预览：{0}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="374" />
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_dialog.py" line="375" />
        <source>Nothing was written.
{0}</source>
        <translation>没有写入任何文件。
{0}</translation>
    </message>
</context>
<context>
    <name>ExportFrames</name>
    <message>
        <location filename="../../galton/qt/export_words.py" line="16" />
        <source>step {0} / {1}</source>
        <extracomment>The board's line under the histogram: BoardView's own strings (already in the catalogue).</extracomment>
        <translation>第 {0} / {1} 步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="18" />
        <source>loss {0:.4f}</source>
        <translation>损失 {0:.4f}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="20" />
        <source>accuracy {0:.1%}</source>
        <translation>准确率 {0:.1%}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="22" />
        <source>step size {0:.3g}</source>
        <translation>步长 {0:.3g}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="24" />
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="26" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="28" />
        <source>loss landscape: the plane of the training path</source>
        <translation>损失地形：训练路径所在的平面</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="30" />
        <source>loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="32" />
        <source>loss landscape (flat map: {0})</source>
        <translation>损失地形（平面图：{0}）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="34" />
        <source>(holds {0:.0%} of the path)</source>
        <translation>（容纳了路径的 {0:.0%}）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="36" />
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="38" />
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="40" />
        <source>test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <location filename="../../galton/qt/export_words.py" line="42" />
        <source>accuracy (right axis)</source>
        <translation>准确率（右轴）</translation>
    </message>
</context>
<context>
    <name>FlatLandscapeView</name>
    <message>
        <location filename="../../galton/qt/landscape_flat.py" line="16" />
        <source>no OpenGL ({0}): a flat map</source>
        <translation>没有 OpenGL（{0}）：平面地图</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="162" />
        <source>galton user guide</source>
        <translation>galton 用户指南</translation>
    </message>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="186" />
        <source>This page is in English.</source>
        <translation>本页目前只有英文版。</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="217" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="218" />
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="220" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="223" />
        <source>&amp;About galton</source>
        <translation>关于 galton(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="226" />
        <source>The pinball machine of neural-network training.</source>
        <translation>神经网络训练的弹珠机。</translation>
    </message>
</context>
<context>
    <name>LabPanel</name>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="95" />
        <source>Fine-tuning</source>
        <extracomment>Bootstrap resamples of the scaling fits' confidence intervals.</extracomment>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="96" />
        <source>Scaling laws</source>
        <translation>缩放定律</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="109" />
        <source>Teach the trained board a new colour: one more cup, every learned peg kept. Watch what it forgets.</source>
        <translation>教训练好的钉板认识一种新颜色：多一个杯子，保留所有学到的钉子。看看它忘记了什么。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="117" />
        <source>New balls</source>
        <translation>新球数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="121" />
        <source>Old balls mixed in, per new ball (0: new colour only)</source>
        <translation>每个新球混入的旧球数（0：只用新颜色）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="122" />
        <source>Replay old balls</source>
        <translation>回放旧球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="128" />
        <source>full</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="130" />
        <location filename="../../galton/qt/lab_dock.py" line="169" />
        <source>freeze rows</source>
        <translation>冻结行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="133" />
        <source>LoRA rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="140" />
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="142" />
        <source>Fine-tune copies of the current board</source>
        <translation>微调当前钉板的副本</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="147" />
        <source>strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="147" />
        <source>trainable parameters</source>
        <translation>可训练参数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="147" />
        <source>old colours</source>
        <translation>旧颜色</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="148" />
        <source>new colour</source>
        <translation>新颜色</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="155" />
        <source>forgetting meter: accuracy (solid: old colours, dashed: new colour)</source>
        <translation>遗忘计：准确率（实线：旧颜色，虚线：新颜色）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="156" />
        <source>fine-tuning step</source>
        <translation>微调步数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="175" />
        <source>choose at least one strategy to compare</source>
        <translation>请至少选择一种要比较的策略</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="202" />
        <source>fine-tuning {0} copies of the board…</source>
        <translation>正在微调钉板的 {0} 个副本…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="240" />
        <source>fine-tuning done: the table shows the final accuracies</source>
        <translation>微调完成：表格显示最终准确率</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="256" />
        <source>Board rows (N)</source>
        <translation>钉板行数 (N)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="257" />
        <source>Balls (D)</source>
        <translation>小球数 (D)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="262" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="266" />
        <source>Results (resumed)</source>
        <translation>结果（可续跑）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="271" />
        <source>workers </source>
        <translation>进程数 </translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="274" />
        <source>Dask scheduler, e.g. tcp://host:8786 (optional)</source>
        <translation>Dask 调度器，例如 tcp://host:8786（可选）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="277" />
        <source>Run on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="280" />
        <source>Run the sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="282" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="296" />
        <source>test loss vs parameters N</source>
        <translation>测试损失随参数量 N 变化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="297" />
        <source>test loss vs balls D</source>
        <translation>测试损失随小球数 D 变化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="298" />
        <source>test loss vs compute C</source>
        <translation>测试损失随计算量 C 变化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="306" />
        <source>Scaling results</source>
        <translation>缩放结果</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="307" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="312" />
        <source>Board rows</source>
        <translation>钉板行数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="313" />
        <source>Balls</source>
        <translation>小球数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="126" />
        <location filename="../../galton/qt/lab_dock.py" line="258" />
        <location filename="../../galton/qt/lab_dock.py" line="314" />
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="259" />
        <location filename="../../galton/qt/lab_dock.py" line="315" />
        <source>Seeds</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="339" />
        <source>{0} runs to do ({1} already in {2})</source>
        <translation>还需 {0} 次运行（{2} 中已有 {1} 次）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="216" />
        <source>sweep finished</source>
        <translation>扫描完成</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="223" />
        <source>stopped: finished runs are saved; Run again to resume</source>
        <translation>已停止：完成的运行已保存；再次运行即可续跑</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="374" />
        <source>no runs yet</source>
        <translation>还没有运行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="390" />
        <source>runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lab_dock.py" line="395" />
        <source>frontier</source>
        <translation>前沿</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="95" />
        <source>Slice</source>
        <extracomment>Colours of the basins on the floor (one per minimum, lowest first). Grids of a board slice, coarse to fine: each reuses the points of the one before (a 61x61 grid costs 3,721 evaluations in all, not 5,376 for 16, 32 and 64; docs/performance.md). Classic surfaces cost nothing per point: finer grids.</extracomment>
        <translation>切片</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="96" />
        <source>Minima</source>
        <translation>极小值</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="96" />
        <source>Race</source>
        <translation>竞赛</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="97" />
        <source>Step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="98" />
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="140" />
        <source>Interpolation runs between the board's pegs: choose the board slice</source>
        <translation>插值是在钉板的钉子之间进行的：请选择钉板切片</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="143" />
        <source>Train a few steps first: the line runs from the pegs at the start of training to the pegs now</source>
        <translation>请先训练几步：这条直线从训练开始时的钉子连到现在的钉子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="184" />
        <source>PCA needs a training path: train a few steps first</source>
        <translation>PCA 需要训练路径：请先训练几步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="210" />
        <source>computing the landscape…</source>
        <translation>正在计算损失地形…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="241" />
        <source>{0}: {1}×{1} grid, loss {2:.4g} … {3:.4g}</source>
        <translation>{0}：{1}×{1} 网格，损失 {2:.4g} … {3:.4g}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="270" />
        <source>{0} failed: {1}</source>
        <translation>{0} 失败：{1}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="379" />
        <source>First checkpoint (t = 0)</source>
        <translation>第一个检查点 (t = 0)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="379" />
        <source>Second checkpoint (t = 1)</source>
        <translation>第二个检查点 (t = 1)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_dock.py" line="380" />
        <source>Checkpoints (*.npz)</source>
        <translation>检查点 (*.npz)</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <location filename="../../galton/qt/landscape_view.py" line="88" />
        <source>loss</source>
        <extracomment>The drawing thread rests this many times as long as its last picture took (1: it draws at most half the time), so a software renderer leaves the cores to training and the window. Seconds ``flush`` (and so ``grab_array``) waits for a picture at most. The data, in this thread; never drawn here (see the module docstring). The drawing thread's renderer (its GL objects live in that thread's context). Names for the axes of the slice (the dock sets e.g. "w₁", "w₂"); Qt draws them.</extracomment>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_view.py" line="165" />
        <source>The landscape needs OpenGL 3.3; no context could be made ({0}).</source>
        <extracomment>Why there is no picture (no OpenGL 3.3), shown in place of the landscape.</extracomment>
        <translation>损失地形需要 OpenGL 3.3；无法创建上下文（{0}）。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_view.py" line="294" />
        <source>The landscape cannot be drawn.</source>
        <translation>无法绘制损失地形。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_view.py" line="248" />
        <source>The landscape cannot be drawn: {0}</source>
        <translation>无法绘制损失地形：{0}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_view.py" line="314" />
        <source>Starting OpenGL…</source>
        <translation>正在启动 OpenGL…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_view.py" line="210" />
        <location filename="../../galton/qt/landscape_view.py" line="260" />
        <source> (log)</source>
        <translation>（对数）</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="94" />
        <source>Choose a lesson</source>
        <extracomment>Session events after which the check and the figure are looked at again. Milliseconds between two looks while the session keeps changing (training runs). Asks the window to show parts it needs ("board", "charts", "landscape", "lab", ...). A message for the status bar (errors of an action, "lesson finished"). Emitted before an action or a lesson start changes the session (the window stops training first: an action and the worker thread must not train at once). True while a step's action runs (the window greys what would change the session).</extracomment>
        <translation>选择一节课</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="173" />
        <source>Choose a lesson…</source>
        <translation>选择一节课…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="128" />
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="130" />
        <location filename="../../galton/qt/lesson_dock.py" line="265" />
        <location filename="../../galton/qt/lesson_dock.py" line="433" />
        <source>Do it</source>
        <translation>执行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="131" />
        <source>Do this step (you may also do it yourself in the window)</source>
        <translation>执行这一步（也可以自己在窗口里动手做）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="134" />
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="136" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="137" />
        <source>Stop this step's training at its next step</source>
        <translation>在下一步停止本步骤的训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="263" />
        <location filename="../../galton/qt/lesson_dock.py" line="432" />
        <source>Working…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="277" />
        <source>This step could not be done: {}</source>
        <translation>这一步无法执行：{}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="282" />
        <source>That was the last step of this lesson.</source>
        <translation>这已经是本课的最后一步。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="298" />
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="300" />
        <source>The worked examples of the articles galton grew from, as guided lessons: read, press **Do it** (or do it yourself in the window), and watch the check turn green.

Choose a lesson above or from the **Lessons** menu.</source>
        <translation>galton 源自一组中文文章，文中能在钉板上演示的例子都做成了有引导的课：先读，再点**执行**（或者自己在窗口里动手），看检查项变绿。

在上方或**课程**菜单里选择一节课。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="411" />
        <source>This step's figure cannot be drawn now: {}</source>
        <translation>本步骤的图现在无法绘制：{}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="414" />
        <source>step {0} of {1}</source>
        <translation>第 {0} 步，共 {1} 步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_dock.py" line="264" />
        <location filename="../../galton/qt/lesson_dock.py" line="432" />
        <source>Do it again</source>
        <translation>再执行一次</translation>
    </message>
</context>
<context>
    <name>LessonsMenu</name>
    <message>
        <location filename="../../galton/qt/lesson_menu.py" line="98" />
        <source>Open your lessons &amp;folder</source>
        <extracomment>{(path, lang): ((mtime_ns, size), title, summary)} of data lessons already read.</extracomment>
        <translation>打开你的课程文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_menu.py" line="99" />
        <source>Lesson files put here appear in this menu</source>
        <translation>放在这里的课程文件会出现在这个菜单里</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_menu.py" line="120" />
        <source>Your lessons</source>
        <translation>你的课程</translation>
    </message>
    <message>
        <location filename="../../galton/qt/lesson_menu.py" line="125" />
        <source>(none yet: put lesson files in your lessons folder)</source>
        <translation>（还没有：把课程文件放进你的课程文件夹）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../galton/qt/main_window.py" line="43" />
        <source>galton — the pinball machine of training</source>
        <translation>galton — 训练的弹珠机</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="51" />
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="54" />
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="59" />
        <source>Restore last good checkpoint</source>
        <translation>恢复最近的正常检查点</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="139" />
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="200" />
        <source>&amp;Controls</source>
        <translation>控制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="201" />
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="206" />
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="207" />
        <source>Every panel back where a new window has it</source>
        <translation>把所有面板放回新窗口中的位置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="213" />
        <source>Panels back in their places</source>
        <translation>面板已回到原位</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="202" />
        <source>&amp;Loss landscape</source>
        <translation>损失地形(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="203" />
        <source>Fine-tuning and scaling &amp;lab</source>
        <translation>微调与缩放定律实验室(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="205" />
        <source>Lesson &amp;panel</source>
        <translation>课程面板(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="400" />
        <source>A console command is running: press Stop first</source>
        <translation>控制台命令正在运行：请先按“停止”</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="105" />
        <source>Loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="112" />
        <source>Lab: fine-tuning and scaling laws</source>
        <translation>实验室：微调与缩放定律</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="124" />
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="204" />
        <source>&amp;Python console</source>
        <translation>Python 控制台(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="127" />
        <source>Show as &amp;script…</source>
        <translation>显示为脚本(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="128" />
        <source>Everything done in this session, as a Python script for `galton run`</source>
        <translation>本次会话所做的一切，写成可用 `galton run` 运行的 Python 脚本</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="290" />
        <source>Scenarios (*.toml)</source>
        <translation>场景文件 (*.toml)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="268" />
        <source>Cannot open scenario</source>
        <translation>无法打开场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="253" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="254" />
        <source>galton files (*.toml *.galton);;Scenarios and lessons (*.toml);;Saved sessions (*.galton)</source>
        <translation>galton 文件 (*.toml *.galton);;场景和课程 (*.toml);;保存的会话 (*.galton)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="271" />
        <source>Opened {}</source>
        <translation>已打开 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="276" />
        <source>Import balls</source>
        <translation>导入小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="277" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="283" />
        <source>Cannot import balls</source>
        <translation>无法导入小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="285" />
        <source>Imported {}</source>
        <translation>已导入 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="289" />
        <source>Save scenario</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="296" />
        <source>Cannot save scenario</source>
        <translation>无法保存场景</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="307" />
        <source>Getting ready…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="362" />
        <source>Back at step {}</source>
        <translation>已回到第 {} 步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="365" />
        <source>Training diverged at step {}: {}. Step size too large? Lower it and press Play to continue from the last good parameters.</source>
        <translation>训练在第 {} 步发散：{}。步长太大了？调小步长后按“播放”，从最后一组正常参数继续。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="377" />
        <source>step {0}   loss {1:.4f}   accuracy {2:.1%}   step size {3:.3g}</source>
        <translation>第 {0} 步   损失 {1:.4f}   准确率 {2:.1%}   步长 {3:.3g}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/main_window.py" line="381" />
        <source>Ready: press Play to train, Drop to release balls</source>
        <translation>就绪：按“播放”开始训练，按“投下”放出小球</translation>
    </message>
<message>
        <location filename="../../galton/qt/window_menus.py" line="31" />
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="34" />
        <source> Paddles show p_right for: </source>
        <translation> 挡板显示向右概率，针对：</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="36" />
        <source>The ball colour whose p_right the paddles show</source>
        <translation>挡板显示哪种颜色小球的向右概率</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="41" />
        <source>Trace paths</source>
        <translation>显示路径</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="42" />
        <source>Draw the route of every landed ball (T)</source>
        <translation>画出每个落下小球的路线（T）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="46" />
        <source> Paddles show: </source>
        <translation> 挡板显示：</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="48" />
        <source>p_right</source>
        <translation>向右概率</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="48" />
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="48" />
        <source>weight size</source>
        <translation>权重大小</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="49" />
        <source>What the tilt and colour of each paddle show</source>
        <translation>每个挡板的倾斜和颜色表示什么</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="52" />
        <source> Ball speed: </source>
        <translation> 小球速度：</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="55" />
        <source>How fast balls fall (rows per second)</source>
        <translation>小球下落多快（每秒行数）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="59" />
        <source>Continuous drop</source>
        <translation>连续投下</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="60" />
        <source>Keep dropping balls from the test set</source>
        <translation>不断投下测试集中的小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="64" />
        <source>Empty cups</source>
        <translation>清空杯子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="65" />
        <source>Forget the landed balls (C)</source>
        <translation>清除已落下的小球（C）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="86" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="87" />
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="88" />
        <source>A scenario (.toml), a lesson (.toml) or a saved session (.galton)</source>
        <translation>场景（.toml）、课程（.toml）或保存的会话（.galton）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="91" />
        <source>&amp;Save scenario as…</source>
        <translation>场景另存为(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="93" />
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="97" />
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="106" />
        <source>&amp;Import balls from CSV…</source>
        <translation>从 CSV 导入小球(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="110" />
        <source>&amp;Export animation…</source>
        <translation>导出动画(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="111" />
        <source>Training as a video, GIF or PNG frames</source>
        <translation>把训练过程导出为视频、GIF 或 PNG 帧</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="115" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="119" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="125" />
        <source>Colour-blind-safe palette and shapes</source>
        <translation>色盲友好的配色和形状</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="129" />
        <source>Language (after restart)</source>
        <translation>语言（重启后生效）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="147" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="172" />
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="194" />
        <source>The language changes when galton starts again</source>
        <translation>语言将在 galton 下次启动时更改</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="201" />
        <source>&amp;Play / Pause</source>
        <translation>播放/暂停(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="202" />
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="203" />
        <source>&amp;Reset</source>
        <translation>重置(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="204" />
        <source>Re-&amp;initialise</source>
        <translation>重新初始化(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="205" />
        <source>&amp;Drop 10 balls</source>
        <translation>投下 10 个小球(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/window_menus.py" line="207" />
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
</context>
<context>
    <name>MinimaTab</name>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="142" />
        <source>Basins of attraction (plain GD)</source>
        <translation>吸引盆（普通梯度下降）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="144" />
        <source>η </source>
        <translation>η </translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="156" />
        <source>minimum {0}: ({1:.4g}, {2:.4g})   loss {3:.6g}</source>
        <translation>极小值 {0}：({1:.4g}, {2:.4g})   损失 {3:.6g}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="159" />
        <source>No minimum inside this slice: the loss keeps falling towards its edge.</source>
        <translation>这个切片内没有极小值：损失一直向边缘下降。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="163" />
        <source>Where plain gradient descent from each grid point ends</source>
        <translation>从每个网格点出发的普通梯度下降最终停在哪里</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="164" />
        <source>No minimum inside this slice, so no basins to show: widen the span, train further, or pick a surface</source>
        <translation>这个切片内没有极小值，所以没有吸引盆可显示：加大范围、继续训练，或选择一个曲面</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="168" />
        <source>rolling a ball from every grid point…</source>
        <translation>正在从每个网格点滚下一个球…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="172" />
        <source>minimum {0}: {1:.0%}</source>
        <translation>极小值 {0}：{1:.0%}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="175" />
        <source>nowhere yet or diverged: {0:.0%}</source>
        <translation>尚未到达或已发散：{0:.0%}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="176" />
        <source>Plain GD with η = {0:g}, {1} steps, from each start reaches — </source>
        <translation>普通梯度下降（η = {0:g}，{1} 步）从各起点到达 — </translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <location filename="../../galton/qt/names.py" line="24" />
        <source>colors</source>
        <translation>彩色球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="24" />
        <source>picnic</source>
        <translation>野餐</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="24" />
        <source>xor</source>
        <translation>异或 (XOR)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="25" />
        <source>csv</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="27" />
        <source>zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="27" />
        <source>normal</source>
        <translation>正态随机</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="29" />
        <source>cross_entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="29" />
        <source>mse</source>
        <translation>均方误差 (MSE)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="30" />
        <source>sgd</source>
        <translation>随机梯度下降 (SGD)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="30" />
        <source>adagrad</source>
        <translation>AdaGrad</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="31" />
        <source>rmsprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="31" />
        <source>adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="31" />
        <source>adamw</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="32" />
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="32" />
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="33" />
        <source>step</source>
        <comment>schedule</comment>
        <translation>阶梯</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="33" />
        <source>exponential</source>
        <translation>指数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="35" />
        <source>pond</source>
        <translation>池塘</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="35" />
        <source>bowl</source>
        <translation>碗</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="36" />
        <source>elongated_bowl</source>
        <translation>狭长的碗</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="36" />
        <source>himmelblau</source>
        <translation>Himmelblau 函数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="37" />
        <source>rosenbrock</source>
        <translation>Rosenbrock 山谷</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="37" />
        <source>rastrigin</source>
        <translation>Rastrigin 函数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="38" />
        <source>saddle</source>
        <translation>鞍面</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="38" />
        <source>plateau</source>
        <translation>高原</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="39" />
        <source>viridis</source>
        <translation>翠绿</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="39" />
        <source>cividis</source>
        <translation>蓝黄</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="40" />
        <source>magma</source>
        <translation>岩浆</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="40" />
        <source>turbo</source>
        <translation>彩虹</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="46" />
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="46" />
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="46" />
        <source>blue</source>
        <translation>蓝</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="47" />
        <source>yellow</source>
        <translation>黄</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="47" />
        <source>purple</source>
        <translation>紫</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="48" />
        <source>orange</source>
        <translation>橙</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="48" />
        <source>cyan</source>
        <translation>青</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="48" />
        <source>pink</source>
        <translation>粉</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="49" />
        <source>stay</source>
        <translation>不去</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="49" />
        <source>go</source>
        <translation>去</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="50" />
        <source>same sign</source>
        <translation>同号</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="50" />
        <source>different sign</source>
        <translation>异号</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="51" />
        <source>weather</source>
        <translation>天气</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="51" />
        <source>family</source>
        <translation>家人</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="52" />
        <source>parking</source>
        <translation>停车</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="52" />
        <source>hue_cos</source>
        <translation>色相 cos</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="53" />
        <source>hue_sin</source>
        <translation>色相 sin</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="53" />
        <source>weight</source>
        <comment>ball feature</comment>
        <translation>重量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="54" />
        <source>size</source>
        <comment>ball feature</comment>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="60" />
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="61" />
        <source>Five noisy colours, mini-batches</source>
        <translation>五种带噪声的颜色，小批量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="62" />
        <source>The weekend picnic</source>
        <translation>周末野餐</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="63" />
        <source>Sort three colours</source>
        <translation>分拣三种颜色</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="64" />
        <source>XOR needs depth</source>
        <translation>异或需要深度</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="68" />
        <source>cup {}</source>
        <translation>杯 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="74" />
        <source>peg ({0}, {1}) weight {2}</source>
        <translation>钉子 ({0}, {1}) 权重 {2}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="75" />
        <source>peg ({0}, {1}) bias</source>
        <translation>钉子 ({0}, {1}) 偏置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="77" />
        <source>random direction {0} (filter-normalised)</source>
        <translation>随机方向 {0}（按滤波器归一化）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="78" />
        <source>random direction {0}</source>
        <translation>随机方向 {0}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="79" />
        <source>PC{0} ({1}% of the path)</source>
        <translation>主成分 {0}（路径的 {1}%）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="80" />
        <source>board slice (one peg)</source>
        <translation>钉板切片（一个钉子）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="81" />
        <source>board slice (random directions)</source>
        <translation>钉板切片（随机方向）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/names.py" line="82" />
        <source>board slice (PCA of the path)</source>
        <translation>钉板切片（路径的主成分）</translation>
    </message>
</context>
<context>
    <name>PathTab</name>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="288" />
        <source>Interpolate: start of training → now</source>
        <translation>插值：训练开始 → 现在</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="289" />
        <source>Interpolate between two checkpoints…</source>
        <translation>在两个检查点之间插值…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="296" />
        <source>training loss vs surface under the projected path</source>
        <translation>训练损失与投影路径下方的曲面对比</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="297" />
        <source>point of the path</source>
        <translation>路径上的点</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="299" />
        <source>loss along the straight line</source>
        <translation>沿直线的损失</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="309" />
        <source>The loss along the straight line from the pegs at the start of training to the pegs now</source>
        <translation>从训练开始时的钉子到现在的钉子这条直线上的损失</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="316" />
        <source>Path details are for board slices.</source>
        <translation>路径细节只适用于钉板切片。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="318" />
        <source>Axes: {0} / {1}.</source>
        <translation>坐标轴：{0} / {1}。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="320" />
        <source>The plane holds {0:.1%} + {1:.1%} of the path's variance.</source>
        <translation>该平面包含路径方差的 {0:.1%} + {1:.1%}。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="323" />
        <source>The pegs are {0:.3g} from the plane.</source>
        <translation>钉子离该平面 {0:.3g}。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="328" />
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="330" />
        <source>surface under the path</source>
        <translation>路径下方的曲面</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <location filename="../../galton/qt/presentation.py" line="45" />
        <source>&amp;Presentation</source>
        <extracomment>How much larger the board's text, margins and lines are, and the charts' lines. The window's text in the classroom look (points): about 28 px on a 1280×720 projector. The lesson's title (pixels), and the chart's title and tick labels (points). Share of the width for the lesson's column, of the height for the chart under the board.</extracomment>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/presentation.py" line="47" />
        <source>Full screen, large text, only the board, one chart and the lesson: for a projector (F11 or Esc to leave)</source>
        <translation>全屏、大字，只显示钉板、一张图表和课程：适合投影仪（按 F11 或 Esc 退出）</translation>
    </message>
</context>
<context>
    <name>RaceTab</name>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="189" />
        <source>Step sizes: too small, good, too large, divergent</source>
        <translation>步长：太小、合适、太大、发散</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="191" />
        <source>Optimizers: GD, momentum, Nesterov, Adam</source>
        <translation>优化器：梯度下降、动量、Nesterov、Adam</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="194" />
        <source>η </source>
        <translation>η </translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="195" />
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="196" />
        <source>Race</source>
        <translation>竞赛</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="201" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="202" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>Scenario</name>
    <message>
        <location filename="../../galton/core/schema.py" line="191" />
        <source>Scenario</source>
        <extracomment>The kinds of value a field holds, and what a file writes for them.</extracomment>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="192" />
        <source>What the file is</source>
        <translation>文件是什么</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="193" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="194" />
        <source>The scenario's name, shown in the window's title</source>
        <translation>场景的名称，显示在窗口标题中</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="196" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="197" />
        <source>The version of the file format (a newer galton may write a higher one)</source>
        <translation>文件格式的版本（较新的 galton 可能写出更高的版本）</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="199" />
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="200" />
        <source>What the scenario shows, in a few sentences</source>
        <translation>用几句话说明这个场景展示什么</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="204" />
        <location filename="../../galton/core/schema.py" line="210" />
        <source>Balls</source>
        <translation>小球数</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="205" />
        <source>The balls to drop and to train on</source>
        <translation>要投下并用来训练的小球</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="206" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="207" />
        <source>Which balls to drop: colour balls, the picnic perceptron, XOR, or a CSV file of your own</source>
        <translation>投下哪种小球：彩色球、野餐感知机、异或，或你自己的 CSV 文件</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="211" />
        <source>How many balls the dataset holds</source>
        <translation>数据集中有多少个小球</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="213" />
        <source>Colours</source>
        <translation>颜色数</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="214" />
        <source>How many colours (classes) the colour balls have</source>
        <translation>彩色球有几种颜色（类别）</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="216" />
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="217" />
        <source>How far generated balls stray from their class's centre (a standard deviation)</source>
        <translation>生成的小球偏离其类别中心的程度（标准差）</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="220" />
        <source>Test share</source>
        <translation>测试比例</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="221" />
        <source>Share of the balls held out to test on; 0 for none</source>
        <translation>留作测试的小球比例；0 表示不留</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="223" />
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="224" />
        <source>The CSV file of balls when dataset = "csv", relative to the scenario file</source>
        <translation>dataset = "csv" 时的小球 CSV 文件，路径相对于场景文件</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="226" />
        <source>Label column</source>
        <translation>标签列</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="227" />
        <source>The CSV file's column that holds each ball's class</source>
        <translation>CSV 文件中存放每个小球类别的列</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="231" />
        <source>Board</source>
        <translation>钉板</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="232" />
        <source>The pegs and the cups</source>
        <translation>钉子和杯子</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="233" />
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="234" />
        <source>Rows of pegs; row r has r+1 pegs</source>
        <translation>钉子的行数；第 r 行有 r+1 个钉子</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="236" />
        <source>Cups</source>
        <translation>杯子数</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="237" />
        <source>Cups under the bins; 0 gives one cup per class</source>
        <translation>槽位下方的杯子数；0 表示每个类别一个杯子</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="239" />
        <source>one per class</source>
        <translation>每类一个</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="240" />
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="241" />
        <source>zeros: every peg 50/50 (the classic binomial board); normal: random pegs</source>
        <translation>全零：每个钉子左右各半（经典的二项分布钉板）；正态随机：随机钉子</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="244" />
        <source>Spread</source>
        <translation>离散度</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="245" />
        <source>Standard deviation of the random pegs of init = "normal"</source>
        <translation>init = "normal" 时随机钉子的标准差</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="249" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="250" />
        <source>How the pegs learn</source>
        <translation>钉子如何学习</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="251" />
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="252" />
        <source>cross_entropy: −log of the right cup's probability; mse: the quadratic cost</source>
        <translation>交叉熵：正确杯子概率的负对数；均方误差 (MSE)：二次代价</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="254" />
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="255" />
        <source>How a gradient becomes a turn of the pegs</source>
        <translation>梯度如何变成钉子的转动</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="257" />
        <source>Step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="258" />
        <source>Step size (learning rate): how far one step turns the pegs against the gradient</source>
        <translation>步长（学习率）：每一步沿梯度的反方向转动钉子多远</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="263" />
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="264" />
        <source>SGD only: how much of the last step carries on (heavy ball)</source>
        <translation>仅用于 SGD：上一步延续多少（重球法）</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="267" />
        <source>Nesterov</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="268" />
        <source>SGD with momentum: look ahead before stepping (Nesterov)</source>
        <translation>带动量的 SGD：先向前看一步再更新（Nesterov）</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="270" />
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="271" />
        <source>Balls per step; 0 is the whole training set, 1 is plain SGD</source>
        <translation>每步使用的小球数；0 表示整个训练集，1 表示普通 SGD</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="274" />
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="275" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="276" />
        <source>Seeds the balls, the split, the initialisation and the batches</source>
        <translation>决定小球、数据划分、初始化和批量的随机种子</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="279" />
        <source>Freeze rows</source>
        <translation>冻结的行</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="280" />
        <source>Rows whose pegs do not move</source>
        <translation>这些行的钉子保持不动</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="282" />
        <source>Schedule</source>
        <translation>步长计划</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="283" />
        <source>How the step size changes from step to step; none: it stays</source>
        <translation>步长如何随步数变化；不设置则保持不变</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="285" />
        <source>Clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location filename="../../galton/core/schema.py" line="286" />
        <source>Limit the gradients: norm rescales them when their norm exceeds max_norm; value clips each entry</source>
        <translation>限制梯度：norm 在梯度范数超过 max_norm 时按比例缩小；value 逐项截断</translation>
    </message>
</context>
<context>
    <name>ScriptDialog</name>
    <message>
        <location filename="../../galton/qt/console.py" line="465" />
        <source>This session as a script</source>
        <translation>本次会话的脚本</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="468" />
        <source>Every change made so far, as Python. Run it again with &lt;code&gt;galton run session.py&lt;/code&gt; (add &lt;code&gt;--gui&lt;/code&gt; to open the window).</source>
        <translation>到目前为止的每一处改动，都写成了 Python。用 &lt;code&gt;galton run session.py&lt;/code&gt; 重新运行（加上 &lt;code&gt;--gui&lt;/code&gt; 会打开窗口）。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="478" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="479" />
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="490" />
        <source>Save script</source>
        <translation>保存脚本</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="491" />
        <source>Python scripts (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/console.py" line="498" />
        <source>Cannot save the script</source>
        <translation>无法保存脚本</translation>
    </message>
</context>
<context>
    <name>SessionActions</name>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="27" />
        <source>Open &amp;lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="28" />
        <source>Open a lesson file (.toml) written as data</source>
        <translation>打开一个用数据写成的课程文件（.toml）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="30" />
        <source>Save session &amp;as…</source>
        <translation>会话另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="33" />
        <source>One .galton file: the board, its training and the lesson where it is, to share</source>
        <translation>一个 .galton 文件：钉板、它的训练和课程进度，方便分享</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="45" />
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="46" />
        <source>Lessons (*.toml)</source>
        <translation>课程 (*.toml)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="52" />
        <location filename="../../galton/qt/session_actions.py" line="55" />
        <source>Cannot open lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="56" />
        <source>{} is not a lesson file: a lesson is a .toml file with a [lesson] table (see docs/authoring.md)</source>
        <translation>{} 不是课程文件：课程是带有 [lesson] 表的 .toml 文件（见 docs/authoring.md）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="61" />
        <source>Opened the lesson {}</source>
        <translation>已打开课程 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="72" />
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="74" />
        <source>galton sessions (*.galton)</source>
        <translation>galton 会话 (*.galton)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="83" />
        <source>Cannot save session</source>
        <translation>无法保存会话</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="86" />
        <source>Saved {}</source>
        <translation>已保存 {}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="88" />
        <source> (the lesson's {} could not be kept)</source>
        <translation>（课程中的 {} 无法保存）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="100" />
        <source>Cannot open session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <location filename="../../galton/qt/session_actions.py" line="106" />
        <source>Opened {}</source>
        <translation>已打开 {}</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="69" />
        <source>Keyboard shortcuts</source>
        <extracomment>The guide's pages in reading order (docs/*.md); the first one opens.</extracomment>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="73" />
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../galton/qt/help_menu.py" line="73" />
        <source>What it does</source>
        <translation>作用</translation>
    </message>
</context>
<context>
    <name>SliceTab</name>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="58" />
        <source>The board (a slice through the pegs)</source>
        <translation>钉板（穿过钉子参数的切片）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="59" />
        <source>A classic surface</source>
        <translation>经典曲面</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="60" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="62" />
        <source>Turn one peg (weight vs bias)</source>
        <translation>转动一个钉子（权重与偏置）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="63" />
        <source>Random, filter-normalised</source>
        <translation>随机方向（按滤波器归一化）</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="64" />
        <source>PCA of the training path</source>
        <translation>训练路径的主成分 (PCA)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="65" />
        <source>Directions</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="68" />
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="68" />
        <source>slot</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="69" />
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="72" />
        <source>Peg</source>
        <translation>钉子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="74" />
        <source>Half-width</source>
        <translation>半宽</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="77" />
        <source>formula…</source>
        <translation>公式…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="78" />
        <source>Surface</source>
        <translation>曲面</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="80" />
        <source>f(x, y) with + - * / ** and {0}</source>
        <translation>f(x, y)，可用 + - * / ** 以及 {0}</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="82" />
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="84" />
        <source>Follow training</source>
        <translation>跟随训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="86" />
        <source>Re-centre the slice on the pegs when training leaves it</source>
        <translation>训练离开切片时，以当前钉子为中心重新切片</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="87" />
        <source>Re-centre here</source>
        <translation>以此处为中心</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="94" />
        <source>log height</source>
        <translation>对数高度</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="95" />
        <source>contours </source>
        <translation>等高线 </translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="98" />
        <source>Look</source>
        <translation>外观</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <location filename="../../galton/qt/splash.py" line="37" />
        <source>the cups' expected distribution</source>
        <extracomment>What each stage of galton.warmup is called on the splash.</extracomment>
        <translation>杯子的期望分布</translation>
    </message>
    <message>
        <location filename="../../galton/qt/splash.py" line="38" />
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../galton/qt/splash.py" line="39" />
        <source>dropping balls</source>
        <translation>投下小球</translation>
    </message>
    <message>
        <location filename="../../galton/qt/splash.py" line="40" />
        <source>the loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <location filename="../../galton/qt/splash.py" line="130" />
        <source>the pinball machine of training</source>
        <extracomment>The id of the desktop entry and AppStream metainfo in packaging/ (it follows the placeholder address in pyproject.toml; change them together).</extracomment>
        <translation>训练的弹珠机</translation>
    </message>
    <message>
        <location filename="../../galton/qt/splash.py" line="152" />
        <source>Opening the window…</source>
        <translation>正在打开窗口…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/splash.py" line="155" />
        <source>Loading the kernels: {0}…</source>
        <translation>正在加载计算内核：{0}…</translation>
    </message>
    <message>
        <location filename="../../galton/qt/splash.py" line="156" />
        <source>First launch: compiling the kernels for this computer ({0} s).
Now: {1} ({2}). Later launches skip this.</source>
        <translation>首次启动：正在为这台电脑编译计算内核（{0} 秒）。
当前：{1}（{2}）。以后启动会跳过这一步。</translation>
    </message>
</context>
<context>
    <name>StepSizeTab</name>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="225" />
        <source>momentum </source>
        <translation>动量 </translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="226" />
        <source>Sweep the step size</source>
        <translation>扫描步长</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="227" />
        <source>sharpness every </source>
        <translation>锐度，每 </translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="228" />
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="229" />
        <source>sharpness off</source>
        <translation>不计算锐度</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="234" />
        <source>final loss vs step size</source>
        <translation>最终损失随步长变化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="237" />
        <source>step size η</source>
        <translation>步长 η</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="238" />
        <source>sharpness λ_max vs 2/η</source>
        <translation>锐度 λ_max 与 2/η 对比</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="239" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../galton/qt/landscape_tabs.py" line="267" />
        <source>diverged</source>
        <translation>发散</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <location filename="../../galton/qt/undo.py" line="99" />
        <source>&amp;Undo</source>
        <extracomment>Settings whose change builds new pegs: undoing it puts the old pegs back. Step size moves closer together than this are one change (a drag of the slider).</extracomment>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="101" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="126" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="126" />
        <source>Colours</source>
        <translation>颜色数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="127" />
        <source>Balls</source>
        <translation>小球数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="127" />
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="127" />
        <source>Cups</source>
        <translation>杯子数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="128" />
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="128" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="129" />
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="129" />
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="130" />
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="130" />
        <source>Nesterov</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="131" />
        <source>Step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="131" />
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="132" />
        <source>Schedule</source>
        <translation>步长计划</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="132" />
        <source>Clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="133" />
        <source>Freeze rows</source>
        <translation>冻结的行</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="133" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../galton/qt/undo.py" line="160" />
        <source>Peg ({0}, {1})</source>
        <translation>钉子 ({0}, {1})</translation>
    </message>
</context>
<context>
    <name>c</name>
    <message>
        <location filename="../../galton/qt/step_edge.py" line="126" />
        <source>2/λ_max ≈ {0:.3g} (red mark): larger steps overshoot</source>
        <extracomment>Measure λ_max again at most this often while training (seconds). The last this many losses decide whether training oscillates.</extracomment>
        <translation>2/λ_max ≈ {0:.3g}（红色标记）：更大的步长会冲过头</translation>
    </message>
    <message>
        <location filename="../../galton/qt/step_edge.py" line="129" />
        <source>⚠ oscillating</source>
        <translation>⚠ 振荡</translation>
    </message>
    <message>
        <location filename="../../galton/qt/step_edge.py" line="131" />
        <source>The loss goes up and down in turn: the step overshoots.</source>
        <translation>损失忽高忽低地交替：步长冲过了谷底。</translation>
    </message>
    <message>
        <location filename="../../galton/qt/step_edge.py" line="133" />
        <source>⚠ above 2/λ_max</source>
        <translation>⚠ 超过 2/λ_max</translation>
    </message>
</context>
</TS>