"""Fill assets/translations/galton_zh_CN.ts with the Simplified Chinese strings below and
compile it to galton_zh_CN.qm. Run after `pyside6-lupdate -no-obsolete galton/qt/*.py
galton/core/schema.py -ts ...` adds strings:

    .venv/bin/python scripts/translate_zh_CN.py

A string missing here stays untranslated (Qt then shows the English); tests list them.
"""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "assets" / "translations" / "galton_zh_CN.ts"

ZH = {
    "{0} balls landed   mean bin {1:.2f}   std {2:.2f}   (dashed: expected)":
        "已落下 {0} 个球   平均槽位 {1:.2f}   标准差 {2:.2f}   （虚线：期望分布）",
    "drop balls to fill the cups   (dashed: expected distribution)":
        "投下小球来装满杯子   （虚线：期望分布）",
    "loss": "损失", "train": "训练", "test": "测试", "clipped": "已裁剪", "accuracy": "准确率",
    "step size": "步长", "gradient norm per row (log10)": "每行梯度范数 (log10)", "row": "行",
    "step": "步", "confusion (test balls)": "混淆矩阵（测试球）", "true colour": "真实颜色",
    "predicted cup": "预测的杯子", "diverged": "发散", "Balls": "小球", "Dataset": "数据集",
    "Colours": "颜色数", "Board": "钉板", "Rows": "行数", "Initialisation": "初始化",
    "Seed": "随机种子", "Training": "训练", "Loss": "损失函数", "Optimizer": "优化器",
    "Momentum": "动量", "Step size": "步长", "full batch": "全批量", "Batch size": "批量大小",
    "cosine: anneal to 0 over {0} steps; step: ×{1} every {2} steps; exponential: ×{3} per step":
        "余弦：{0} 步内退火到 0；阶梯：每 {2} 步 ×{1}；指数：每步 ×{3}",
    "Schedule": "步长计划", "clip norm at": "梯度范数裁剪于", "Clipping": "梯度裁剪",
    "e.g. 0, 1": "例如 0, 1", "Rows whose pegs do not move": "这些行的钉子保持不动",
    "Freeze rows": "冻结的行", " steps/s": " 步/秒", "fastest": "最快",
    "Playback speed": "播放速度", "Play": "播放", "Step": "单步", "Reset": "重置",
    "Re-initialise": "重新初始化", "Drop ×{}": "投下 ×{}",
    "Freeze rows: expected row numbers like 0, 1, got {}": "冻结的行：应为行号，例如 0, 1，得到 {}",
    "Freeze rows: rows must be 0..{}, got {}": "冻结的行：行号必须在 0..{} 之间，得到 {}",
    "Pause": "暂停", "Getting ready…": "正在准备…",
    "galton — the pinball machine of training": "galton — 训练的弹珠机",
    "Controls": "控制", "Charts": "图表", "Restore last good checkpoint": "恢复最近的正常检查点",
    "View": "视图", " Paddles show p_right for: ": " 挡板显示向右概率，针对：",
    "Trace paths": "显示路径", "Continuous drop": "连续投下", "Empty cups": "清空杯子",
    "&File": "文件(&F)", "&Open scenario…": "打开场景(&O)…",
    "&Save scenario as…": "场景另存为(&S)…",
    "Open &recent": "最近打开(&R)", "&Import balls from CSV…": "从 CSV 导入小球(&I)…",
    "&Quit": "退出(&Q)", "&Help": "帮助(&H)", "&About galton": "关于 galton(&A)",
    "Open scenario": "打开场景", "Scenarios (*.toml)": "场景文件 (*.toml)",
    "Cannot open scenario": "无法打开场景", "Opened {}": "已打开 {}", "Import balls": "导入小球",
    "CSV files (*.csv)": "CSV 文件 (*.csv)", "Cannot import balls": "无法导入小球",
    "Imported {}": "已导入 {}", "Save scenario": "保存场景", "Cannot save scenario": "无法保存场景",
    "Back at step {}": "已回到第 {} 步",
    "Training diverged at step {}: {}. Step size too large? Lower it and press Play to continue "
    "from the last good parameters.":
        "训练在第 {} 步发散：{}。步长太大了？调小步长后按“播放”，从最后一组正常参数继续。",
    "step {0}   loss {1:.4f}   accuracy {2:.1%}   step size {3:.3g}":
        "第 {0} 步   损失 {1:.4f}   准确率 {2:.1%}   步长 {3:.3g}",
    "Ready: press Play to train, Drop to release balls": "就绪：按“播放”开始训练，按“投下”放出小球",
    "Which balls to drop: colour balls, the picnic perceptron, XOR, or a CSV file of your own":
        "投下哪种小球：彩色球、野餐感知机、异或，或你自己的 CSV 文件",
    "How many colours (classes) the colour balls have": "彩色球有几种颜色（类别）",
    "How many balls the dataset holds": "数据集中有多少个小球",
    "Rows of pegs; row r has r+1 pegs": "钉子的行数；第 r 行有 r+1 个钉子",
    "zeros: every peg 50/50 (the classic binomial board); normal: random pegs":
        "全零：每个钉子左右各半（经典的二项分布钉板）；正态随机：随机钉子",
    "Seeds the balls, the split, the initialisation and the batches":
        "决定小球、数据划分、初始化和批量的随机种子",
    "cross_entropy: −log of the right cup's probability; mse: the quadratic cost":
        "交叉熵：正确杯子概率的负对数；均方误差 (MSE)：二次代价",
    "How a gradient becomes a turn of the pegs": "梯度如何变成钉子的转动",
    "SGD only: how much of the last step carries on (heavy ball)":
        "仅用于 SGD：上一步延续多少（重球法）",
    "Step size (learning rate), {0:g} to {1:g} on a log scale; changes take effect at once, "
    "even while training": "步长（学习率），对数刻度 {0:g} 到 {1:g}；修改立即生效，训练中也一样",
    "Balls per step; 0 is the whole training set, 1 is plain SGD":
        "每步使用的小球数；0 表示整个训练集，1 表示普通 SGD",
    "Training steps per second while playing; 0 is as fast as possible":
        "播放时每秒训练的步数；0 表示尽可能快",
    "Train continuously (Space)": "连续训练（空格）", "One training step (S)": "训练一步（S）",
    "Back to the same initialisation (R)": "回到同样的初始化（R）",
    "A new random initialisation: the next seed (I)": "新的随机初始化：下一个种子（I）",
    "Rescale gradients whose norm exceeds the threshold": "梯度范数超过阈值时按比例缩小",
    "The largest gradient norm a step may use": "一步允许使用的最大梯度范数",
    "The ball colour whose p_right the paddles show": "挡板显示哪种颜色小球的向右概率",
    "Draw the route of every landed ball (T)": "画出每个落下小球的路线（T）",
    " Paddles show: ": " 挡板显示：", "p_right": "向右概率", "bias": "偏置",
    "weight size": "权重大小",
    "What the tilt and colour of each paddle show": "每个挡板的倾斜和颜色表示什么",
    " Ball speed: ": " 小球速度：",
    "How fast balls fall (rows per second)": "小球下落多快（每秒行数）",
    "Keep dropping balls from the test set": "不断投下测试集中的小球",
    "Forget the landed balls (C)": "清除已落下的小球（C）", "&Presets": "预设(&P)",
    "&View": "视图(&V)", "Colour-blind-safe palette and shapes": "色盲友好的配色和形状",
    "Language (after restart)": "语言（重启后生效）",
    "one per class": "每类一个", "Cups": "杯子数", "Nesterov": "Nesterov 动量",
    "Cups under the bins; 0 gives one cup per class": "槽位下方的杯子数；0 表示每个类别一个杯子",
    "SGD with momentum: look ahead before stepping (Nesterov)":
        "带动量的 SGD：先向前看一步再更新（Nesterov）",
    "The language changes when galton starts again": "语言将在 galton 下次启动时更改",
}


# The loss-landscape dock and view (issue 5).
ZH.update({
    "Loss landscape": "损失地形", "&Loss landscape": "损失地形(&L)",
    " (log)": "（对数）", " steps": " 步", "A classic surface": "经典曲面",
    "Axes: {0} / {1}.": "坐标轴：{0} / {1}。",
    "Basins of attraction (plain GD)": "吸引盆（普通梯度下降）",
    "Checkpoints (*.npz)": "检查点 (*.npz)", "Directions": "方向",
    "First checkpoint (t = 0)": "第一个检查点 (t = 0)", "Follow training": "跟随训练",
    "Formula": "公式", "Half-width": "半宽",
    "Interpolate between two checkpoints…": "在两个检查点之间插值…",
    "Interpolate: start of training → now": "插值：训练开始 → 现在", "Look": "外观",
    "Minima": "极小值", "Optimizers: GD, momentum, Nesterov, Adam":
        "优化器：梯度下降、动量、Nesterov、Adam",
    "PCA needs a training path: train a few steps first": "PCA 需要训练路径：请先训练几步",
    "PCA of the training path": "训练路径的主成分 (PCA)", "Path": "路径",
    "Path details are for board slices.": "路径细节只适用于钉板切片。", "Peg": "钉子",
    "Race": "竞赛", "Random, filter-normalised": "随机方向（按滤波器归一化）",
    "Re-centre here": "以此处为中心",
    "Re-centre the slice on the pegs when training leaves it":
        "训练离开切片时，以当前钉子为中心重新切片",
    "Second checkpoint (t = 1)": "第二个检查点 (t = 1)", "Show": "显示", "Slice": "切片",
    "Starting OpenGL…": "正在启动 OpenGL…", "Step size": "步长",
    "Step sizes: too small, good, too large, divergent": "步长：太小、合适、太大、发散",
    "Surface": "曲面", "Sweep the step size": "扫描步长",
    "The board (a slice through the pegs)": "钉板（穿过钉子参数的切片）",
    "The pegs are {0:.3g} from the plane.": "钉子离该平面 {0:.3g}。",
    "The plane holds {0:.1%} + {1:.1%} of the path's variance.":
        "该平面包含路径方差的 {0:.1%} + {1:.1%}。",
    "Turn one peg (weight vs bias)": "转动一个钉子（权重与偏置）",
    "computing the landscape…": "正在计算损失地形…", "contours ": "等高线 ",
    "diverged": "发散", "final loss vs step size": "最终损失随步长变化", "formula…": "公式…",
    "log height": "对数高度", "loss": "损失", "loss along the straight line": "沿直线的损失",
    "minimum {0}: ({1:.4g}, {2:.4g})   loss {3:.6g}":
        "极小值 {0}：({1:.4g}, {2:.4g})   损失 {3:.6g}",
    "minimum {0}: {1:.0%}": "极小值 {0}：{1:.0%}",
    "momentum ": "动量 ", "nowhere yet or diverged: {0:.0%}": "尚未到达或已发散：{0:.0%}",
    "point of the path": "路径上的点",
    "rolling a ball from every grid point…": "正在从每个网格点滚下一个球…", "row": "行",
    "sharpness every ": "锐度，每 ", "sharpness off": "不计算锐度",
    "sharpness λ_max vs 2/η": "锐度 λ_max 与 2/η 对比", "slot": "位置", "step": "步",
    "step size η": "步长 η", "surface under the path": "路径下方的曲面", "training": "训练",
    "training loss vs surface under the projected path": "训练损失与投影路径下方的曲面对比",
    "weight": "权重", "{0} failed: {1}": "{0} 失败：{1}",
    "{0}: {1}×{1} grid, loss {2:.4g} … {3:.4g}": "{0}：{1}×{1} 网格，损失 {2:.4g} … {3:.4g}",
    "η ": "η ",
    "no OpenGL ({0}): a flat map": "没有 OpenGL（{0}）：平面地图",
    "The landscape needs OpenGL 3.3; no context could be made.":
        "损失地形需要 OpenGL 3.3；无法创建上下文。",
    "The landscape needs OpenGL 3.3; this system offers {0}.{1}.":
        "损失地形需要 OpenGL 3.3；本系统只提供 {0}.{1}。",
    "The landscape cannot be drawn: {0}": "无法绘制损失地形：{0}",
    "The OpenGL context was lost.": "OpenGL 上下文丢失了。",
    "f(x, y) with + - * / ** and {0}": "f(x, y)，可用 + - * / ** 以及 {0}",
    "Plain GD with η = {0:g}, {1} steps, from each start reaches — ":
        "普通梯度下降（η = {0:g}，{1} 步）从各起点到达 — ",
})


# The lab dock: fine-tuning and scaling laws (issue 9).
ZH.update({
    "Lab: fine-tuning and scaling laws": "实验室：微调与缩放定律",
    "Fine-tuning and scaling &lab": "微调与缩放定律实验室(&L)",
    "Balls": "小球数", "Balls (D)": "小球数 (D)", "Board rows": "钉板行数",
    "Board rows (N)": "钉板行数 (N)", "Browse…": "浏览…", "CSV files (*.csv)": "CSV 文件 (*.csv)",
    "Compare": "比较", "Dask scheduler, e.g. tcp://host:8786 (optional)":
        "Dask 调度器，例如 tcp://host:8786（可选）",
    "Fine-tune copies of the current board": "微调当前钉板的副本", "Fine-tuning": "微调",
    "LoRA rank": "LoRA 秩", "New balls": "新球数",
    "Old balls mixed in, per new ball (0: new colour only)":
        "每个新球混入的旧球数（0：只用新颜色）",
    "Replay old balls": "回放旧球", "Results (resumed)": "结果（可续跑）", "Run on": "运行于",
    "Run the sweep": "运行扫描", "Scaling laws": "缩放定律", "Scaling results": "缩放结果",
    "Seeds": "随机种子", "Steps": "步数", "Stop": "停止",
    "Teach the trained board a new colour: one more cup, every learned peg kept. Watch what "
    "it forgets.":
        "教训练好的钉板认识一种新颜色：多一个杯子，保留所有学到的钉子。看看它忘记了什么。",
    "choose at least one strategy to compare": "请至少选择一种要比较的策略",
    "fine-tuning done: the table shows the final accuracies": "微调完成：表格显示最终准确率",
    "fine-tuning step": "微调步数",
    "fine-tuning {0} copies of the board…": "正在微调钉板的 {0} 个副本…",
    "forgetting meter: accuracy (solid: old colours, dashed: new colour)":
        "遗忘计：准确率（实线：旧颜色，虚线：新颜色）",
    "freeze rows": "冻结行", "frontier": "前沿", "full": "全部", "new colour": "新颜色",
    "no runs yet": "还没有运行", "old colours": "旧颜色", "runs": "运行",
    "stopped: finished runs are saved; Run again to resume":
        "已停止：完成的运行已保存；再次运行即可续跑",
    "strategy": "策略", "sweep finished": "扫描完成",
    "test loss vs balls D": "测试损失随小球数 D 变化",
    "test loss vs compute C": "测试损失随计算量 C 变化",
    "test loss vs parameters N": "测试损失随参数量 N 变化",
    "trainable parameters": "可训练参数", "workers ": "进程数 ",
    "{0} runs to do ({1} already in {2})": "还需 {0} 次运行（{2} 中已有 {1} 次）",
})


# The splash while the kernels compile or load (issue 10).
ZH.update({
    "the pinball machine of training": "训练的弹珠机",
    "the cups' expected distribution": "杯子的期望分布", "dropping balls": "投下小球",
    "the loss landscape": "损失地形", "Loading the kernels: {0}…": "正在加载计算内核：{0}…",
    "First launch: compiling the kernels for this computer ({0} s).\nNow: {1} ({2}). "
    "Later launches skip this.":
        "首次启动：正在为这台电脑编译计算内核（{0} 秒）。\n"
        "当前：{1}（{2}）。以后启动会跳过这一步。",
    "Opening the window…": "正在打开窗口…",
})


# The console dock and Show as script (issue 6).
ZH.update({
    "Console": "控制台", "&Python console": "Python 控制台(&P)",
    "Show as &script…": "显示为脚本(&S)…", "Show as script…": "显示为脚本…",
    "Everything done in this session, as a Python script for `galton run`":
        "本次会话所做的一切，写成可用 `galton run` 运行的 Python 脚本",
    "Everything done in this session so far, as a Python script for `galton run`":
        "本次会话到目前为止所做的一切，写成可用 `galton run` 运行的 Python 脚本",
    "Stop the running command (Ctrl+C)": "停止正在运行的命令（Ctrl+C）",
    "Python: type session.step(10) and press Enter": "Python：输入 session.step(10) 后按回车",
    "Running… Stop or Ctrl+C interrupts": "运行中…按“停止”或 Ctrl+C 中断",
    "galton's Python console (IPython)": "galton 的 Python 控制台（IPython）",
    "Names: {}": "可用名称：{}", "# train 50 steps, watch the pegs": "# 训练 50 步，看钉子转动",
    "# drop 20 balls": "# 投下 20 个小球",
    "# help; Tab completes; Ctrl+C or Stop interrupts": "# 帮助；Tab 补全；Ctrl+C 或“停止”可中断",
    "The names are fresh again.": "名称已重置。",
    "This session as a script": "本次会话的脚本",
    "Every change made so far, as Python. Run it again with <code>galton run session.py</code> "
    "(add <code>--gui</code> to open the window).":
        "到目前为止的每一处改动，都写成了 Python。用 <code>galton run session.py</code> 重新运行"
        "（加上 <code>--gui</code> 会打开窗口）。",
    "Copy": "复制", "Save…": "保存…", "Save script": "保存脚本",
    "Python scripts (*.py)": "Python 脚本 (*.py)", "Cannot save the script": "无法保存脚本",
})


# The lesson panel and the Lessons menu (issue 8). Lesson texts themselves are in
# assets/lessons/*.toml, both languages side by side.
ZH.update({
    "Lesson": "课程", "&Lessons": "课程(&L)", "Lesson &panel": "课程面板(&P)",
    "Lessons": "课程", "Choose a lesson": "选择一节课", "Choose a lesson…": "选择一节课…",
    "◀ Back": "◀ 上一步", "Next ▶": "下一步 ▶", "Do it": "执行", "Do it again": "再执行一次",
    "Do this step (you may also do it yourself in the window)":
        "执行这一步（也可以自己在窗口里动手做）",
    "This step could not be done: {}": "这一步无法执行：{}",
    "That was the last step of this lesson.": "这已经是本课的最后一步。",
    "step {0} of {1}": "第 {0} 步，共 {1} 步",
    "The worked examples of the articles galton grew from, as guided lessons: read, "
    "press **Do it** (or do it yourself in the window), and watch the check turn "
    "green.\n\nChoose a lesson above or from the **Lessons** menu.":
        "galton 源自一组中文文章，文中能在钉板上演示的例子都做成了有引导的课：先读，再点**执行**"
        "（或者自己在窗口里动手），看检查项变绿。\n\n在上方或**课程**菜单里选择一节课。",
})


# Exporting animations: the dialog and the words in the frames (issue 7).
ZH.update({
    "&Export animation…": "导出动画(&E)…", "Training as a video, GIF or PNG frames":
        "把训练过程导出为视频、GIF 或 PNG 帧", "Export animation": "导出动画",
    "Board, landscape and loss chart": "钉板、损失地形和损失曲线", "Board only": "只有钉板",
    "Loss landscape only": "只有损失地形", "Layout": "布局",
    "MP4 video (H.264)": "MP4 视频 (H.264)",
    "GIF animation": "GIF 动画", "WebM video (VP9)": "WebM 视频 (VP9)",
    "PNG frames in a .zip": "PNG 帧（打包为 .zip）",
    "PNG frames in a folder": "PNG 帧（存入文件夹）",
    "Format": "格式", "Size": "尺寸", " frames/s": " 帧/秒", "Frame rate": "帧率",
    "Training steps": "训练步数", "Steps per frame": "每帧步数",
    "Balls dropped per frame": "每帧投下的小球", " s": " 秒",
    "How long the last frame stays at the end": "最后一帧在结尾停留多久",
    "Hold the end": "结尾停留",
    "the scenario's first pegs": "场景最初的钉子", "the pegs as they are now": "钉子现在的样子",
    "Train a copy from the start of the scenario, or go on from where the window's training "
    "is. The window's own session is never changed.":
        "从场景的开头训练一个副本，或者从窗口里训练到的地方继续。窗口自己的会话不会被改动。",
    "Start from": "起点", "Save to": "保存到", "Browse…": "浏览…",
    "drawing the first frame…": "正在绘制第一帧…", "Export": "导出", "First frame": "第一帧",
    "Folder for the PNG frames": "存放 PNG 帧的文件夹",
    "{0} frames, {1:.1f} s of video": "{0} 帧，视频时长 {1:.1f} 秒",
    "Cannot export": "无法导出", "Exporting {0} frames…": "正在导出 {0} 帧…", "Cancel": "取消",
    "Export finished": "导出完成", "The animation was written to\n{0}": "动画已写入\n{0}",
    "No preview: {0}": "无法预览：{0}", "Export failed": "导出失败",
    "Nothing was written.\n{0}": "没有写入任何文件。\n{0}",
    "step {0} / {1}": "第 {0} / {1} 步", "loss {0:.4f}": "损失 {0:.4f}",
    "accuracy {0:.1%}": "准确率 {0:.1%}", "step size {0:.3g}": "步长 {0:.3g}",
    "loss landscape: the plane of the training path": "损失地形：训练路径所在的平面",
    "loss landscape (flat map: {0})": "损失地形（平面图：{0}）", "loss landscape": "损失地形",
    "(holds {0:.0%} of the path)": "（容纳了路径的 {0:.0%}）", "training": "训练",
    "train loss": "训练损失", "test loss": "测试损失", "accuracy (right axis)": "准确率（右轴）",
})


# The live window (issue 15): who trains, busy states, the landscape drawn in its own thread.
ZH.update({
    "a console command is running: press Stop first": "控制台命令正在运行：请先按“停止”",
    "A console command is running: press Stop first": "控制台命令正在运行：请先按“停止”",
    "Train continuously (Space). Whatever you change meanwhile applies between two steps, and "
    "training goes on.":
        "连续训练（空格键）。训练期间所做的任何改动都在两步之间生效，训练随后继续。",
    "The landscape needs OpenGL 3.3; no context could be made ({0}).":
        "损失地形需要 OpenGL 3.3；无法创建上下文（{0}）。",
    "The landscape cannot be drawn.": "无法绘制损失地形。",
    "Stop this step's training at its next step": "在下一步停止本步骤的训练",
    "Working…": "正在计算…",
    "This step's figure cannot be drawn now: {}": "本步骤的图现在无法绘制：{}",
})


# The window on every screen: View's panels and Reset layout, the charts' empty state (issue 15).
ZH.update({
    "&Controls": "控制(&C)", "C&harts": "图表(&H)", "&Reset layout": "重置布局(&R)",
    "Every panel back where a new window has it": "把所有面板放回新窗口中的位置",
    "Panels back in their places": "面板已回到原位",
    "press Play or Step to train": "按“播放”或“单步”开始训练",
})


# The teacher's kit in the window: the Lessons menu and its folder, Open lesson…, .galton
# files, the classroom look (issue 21).
ZH.update({
    "&Open…": "打开(&O)…",
    "A scenario (.toml), a lesson (.toml) or a saved session (.galton)":
        "场景（.toml）、课程（.toml）或保存的会话（.galton）",
    "Open": "打开",
    "galton files (*.toml *.galton);;Scenarios and lessons (*.toml);;Saved sessions (*.galton)":
        "galton 文件 (*.toml *.galton);;场景和课程 (*.toml);;保存的会话 (*.galton)",
    "Open &lesson…": "打开课程(&L)…",
    "Open a lesson file (.toml) written as data": "打开一个用数据写成的课程文件（.toml）",
    "Save session &as…": "会话另存为(&A)…",
    "One .galton file: the board, its training and the lesson where it is, to share":
        "一个 .galton 文件：钉板、它的训练和课程进度，方便分享",
    "Open lesson": "打开课程", "Lessons (*.toml)": "课程 (*.toml)",
    "Cannot open lesson": "无法打开课程",
    "{} is not a lesson file: a lesson is a .toml file with a [lesson] table "
    "(see docs/authoring.md)":
        "{} 不是课程文件：课程是带有 [lesson] 表的 .toml 文件（见 docs/authoring.md）",
    "Opened the lesson {}": "已打开课程 {}",
    "Save session": "保存会话", "galton sessions (*.galton)": "galton 会话 (*.galton)",
    "Cannot save session": "无法保存会话", "Saved {}": "已保存 {}",
    " (the lesson's {} could not be kept)": "（课程中的 {} 无法保存）",
    "Cannot open session": "无法打开会话",
    "Open your lessons &folder": "打开你的课程文件夹(&F)",
    "Lesson files put here appear in this menu": "放在这里的课程文件会出现在这个菜单里",
    "Your lessons": "你的课程",
    "(none yet: put lesson files in your lessons folder)":
        "（还没有：把课程文件放进你的课程文件夹）",
    "&Presentation": "演示模式(&P)",
    "Full screen, large text, only the board, one chart and the lesson: for a projector "
    "(F11 or Esc to leave)":
        "全屏、大字，只显示钉板、一张图表和课程：适合投影仪（按 F11 或 Esc 退出）",
    "Classroom: board and loss chart, large text and lines": "课堂：钉板和损失曲线，大字、粗线",
})


# Issue 20: every word the window shows in Chinese. Stored names (scenario choices, ball colours
# and classes, features, surfaces) are shown translated; the files keep the English value
# (galton/qt/names.py). Terms as in assets/translations/glossary_zh_CN.toml.
ZH.update({
    # scenario choices
    "colors": "彩色球", "picnic": "野餐", "xor": "异或 (XOR)", "csv": "CSV 文件",
    "zeros": "全零", "normal": "正态随机", "cross_entropy": "交叉熵", "mse": "均方误差 (MSE)",
    "sgd": "随机梯度下降 (SGD)", "adagrad": "AdaGrad", "rmsprop": "RMSprop", "adam": "Adam",
    "adamw": "AdamW", "constant": "恒定", "cosine": "余弦", ("step", "schedule"): "阶梯",
    "exponential": "指数",
    # the landscape's surfaces and colour maps
    "pond": "池塘", "bowl": "碗", "elongated_bowl": "狭长的碗", "himmelblau": "Himmelblau 函数",
    "rosenbrock": "Rosenbrock 山谷", "rastrigin": "Rastrigin 函数", "saddle": "鞍面",
    "plateau": "高原", "viridis": "翠绿", "cividis": "蓝黄", "magma": "岩浆", "turbo": "彩虹",
    # ball colours, classes and features
    "red": "红", "green": "绿", "blue": "蓝", "yellow": "黄", "purple": "紫", "orange": "橙",
    "cyan": "青", "pink": "粉", "stay": "不去", "go": "去", "same sign": "同号",
    "different sign": "异号", "weather": "天气", "family": "家人", "parking": "停车",
    "hue_cos": "色相 cos", "hue_sin": "色相 sin", ("weight", "ball feature"): "重量",
    ("size", "ball feature"): "大小", "cup {}": "杯 {}",
    # presets (File > Presets)
    "Five noisy colours, mini-batches": "五种带噪声的颜色，小批量",
    "The weekend picnic": "周末野餐", "Sort three colours": "分拣三种颜色",
    "XOR needs depth": "异或需要深度", "untitled": "未命名",
    # slice axes and names the core writes
    "peg ({0}, {1}) weight {2}": "钉子 ({0}, {1}) 权重 {2}",
    "peg ({0}, {1}) bias": "钉子 ({0}, {1}) 偏置",
    "random direction {0} (filter-normalised)": "随机方向 {0}（按滤波器归一化）",
    "random direction {0}": "随机方向 {0}", "PC{0} ({1}% of the path)": "主成分 {0}（路径的 {1}%）",
    "board slice (one peg)": "钉板切片（一个钉子）",
    "board slice (random directions)": "钉板切片（随机方向）",
    "board slice (PCA of the path)": "钉板切片（路径的主成分）",
    # the board's hover and click reports
    "peg ({0}, {1})": "钉子 ({0}, {1})", "weights: {}": "权重：{}",
    "bias: {:+.3f}": "偏置：{:+.3f}",
    "p_right for {0}: {1:.3f}": "{0}球向右的概率：{1:.3f}", "gradient: {}": "梯度：{}",
    "drag sideways to turn it": "左右拖动可转动它",
    "a {0} ball: {1}": "一个{0}球：{1}",
    "its loss: {0:.4f}   (lands in bin {1}, cup {2})": "它的损失：{0:.4f}   （落入槽 {1}，杯 {2}）",
    "right": "右", "left": "左",
    "row {0}: peg ({0}, {1}) p_right {2:.3f} -> {3};  |gradient share| {4:.2e}":
        "第 {0} 行：钉子 ({0}, {1}) 向右概率 {2:.3f} -> {3}；  |梯度份额| {4:.2e}",
    "peg ({0}, {1})  bias {2:+.3f}": "钉子 ({0}, {1})  偏置 {2:+.3f}",
    "Hover a peg": "鼠标停在钉子上", "its weights, bias, p_right and gradient":
        "显示它的权重、偏置、向右概率和梯度",
    "Drag a peg sideways": "左右拖动钉子",
    "turn it: right raises its bias (more balls go right); Ctrl+Z undoes":
        "转动它：向右拖增大偏置（更多小球向右）；Ctrl+Z 撤销",
    "Click a falling ball": "点击一个下落的小球", "its path and its share of the gradient":
        "显示它的路径和它在梯度中的份额",
    # console
    "A block is open (...: prompts): type its indented lines, then Enter on an empty line runs "
    "it; Shift+Enter runs it now":
        "代码块尚未结束（...: 提示符）：输入缩进的各行，在空行上按 Enter 运行；"
        "Shift+Enter 立即运行",
    "stopped from the console at step {} (Stop or Ctrl+C)":
        "已在第 {} 步从控制台停止（停止 或 Ctrl+C）",
    # Help, Edit, Training
    "galton user guide": "galton 用户指南",
    "This page is in English.": "本页目前只有英文版。",
    "&User guide": "用户指南(&U)", "&Keyboard shortcuts": "键盘快捷键(&K)",
    "The pinball machine of neural-network training.": "神经网络训练的弹珠机。",
    "Keyboard shortcuts": "键盘快捷键", "Key": "按键", "What it does": "作用",
    "&Edit": "编辑(&E)", "&Undo": "撤销(&U)", "&Redo": "重做(&R)",
    "Peg ({0}, {1})": "钉子 ({0}, {1})",
    "&Training": "训练(&T)", "&Play / Pause": "播放/暂停(&P)", "&Step": "单步(&S)",
    "Drop {} balls of the test set through the board": "从测试集中投下 {} 个小球穿过钉板",
    "&Reset": "重置(&R)", "Re-&initialise": "重新初始化(&I)",
    "&Drop 10 balls": "投下 10 个小球(&D)",
})


# Controls that would do nothing say why (issue 20, figures).
ZH.update({
    "The \"zeros\" init gives the same pegs (all 50/50) for every seed, so there is nothing "
    "new to draw: choose the \"normal\" init, or press Reset":
        "“全零”初始化对每个随机种子都给出相同的钉子（全部 50/50），重新抽取不会有变化："
        "请选择“正态随机”初始化，或按“重置”",
    "No minimum inside this slice: the loss keeps falling towards its edge.":
        "这个切片内没有极小值：损失一直向边缘下降。",
    "Where plain gradient descent from each grid point ends":
        "从每个网格点出发的普通梯度下降最终停在哪里",
    "No minimum inside this slice, so no basins to show: widen the span, train further, or "
    "pick a surface":
        "这个切片内没有极小值，所以没有吸引盆可显示：加大范围、继续训练，或选择一个曲面",
    "The loss along the straight line from the pegs at the start of training to the pegs now":
        "从训练开始时的钉子到现在的钉子这条直线上的损失",
    "Interpolation runs between the board's pegs: choose the board slice":
        "插值是在钉板的钉子之间进行的：请选择钉板切片",
    "Train a few steps first: the line runs from the pegs at the start of training to the "
    "pegs now":
        "请先训练几步：这条直线从训练开始时的钉子连到现在的钉子",
    "2/λ_max ≈ {0:.3g} (red mark): larger steps overshoot":
        "2/λ_max ≈ {0:.3g}（红色标记）：更大的步长会冲过头",
    "⚠ oscillating": "⚠ 振荡", "⚠ above 2/λ_max": "⚠ 超过 2/λ_max",
    "The loss goes up and down in turn: the step overshoots.":
        "损失忽高忽低地交替：步长冲过了谷底。",
})


# The scenario's labels and help (galton/core/schema.py, context "Scenario").
ZH.update({
    "Scenario": "场景", "What the file is": "文件是什么", "Name": "名称",
    "The scenario's name, shown in the window's title": "场景的名称，显示在窗口标题中",
    "The version of the file format (a newer galton may write a higher one)":
        "文件格式的版本（较新的 galton 可能写出更高的版本）",
    "Description": "描述",
    "What the scenario shows, in a few sentences": "用几句话说明这个场景展示什么",
    "The balls to drop and to train on": "要投下并用来训练的小球", "Noise": "噪声",
    "How far generated balls stray from their class's centre (a standard deviation)":
        "生成的小球偏离其类别中心的程度（标准差）",
    "Test share": "测试比例",
    "Share of the balls held out to test on; 0 for none": "留作测试的小球比例；0 表示不留",
    "CSV file": "CSV 文件",
    'The CSV file of balls when dataset = "csv", relative to the scenario file':
        'dataset = "csv" 时的小球 CSV 文件，路径相对于场景文件',
    "Label column": "标签列",
    "The CSV file's column that holds each ball's class": "CSV 文件中存放每个小球类别的列",
    "The pegs and the cups": "钉子和杯子", "Spread": "离散度",
    'Standard deviation of the random pegs of init = "normal"':
        'init = "normal" 时随机钉子的标准差',
    "How the pegs learn": "钉子如何学习",
    "Step size (learning rate): how far one step turns the pegs against the gradient":
        "步长（学习率）：每一步沿梯度的反方向转动钉子多远",
    "How the step size changes from step to step; none: it stays":
        "步长如何随步数变化；不设置则保持不变",
    "Limit the gradients: norm rescales them when their norm exceeds max_norm; value clips "
    "each entry": "限制梯度：norm 在梯度范数超过 max_norm 时按比例缩小；value 逐项截断",
})


#: Mixins: lupdate files a mixin's tr() strings under the mixin's own class, but at run time
#: tr() looks them up under the class of the object, the one it is mixed into. (Regenerating
#: the catalogue filed window_menus.py's strings under "WindowMenus"; the Chinese menus went
#: English.) Their messages are moved into the context Qt asks for.
MIXED_INTO = {"WindowMenus": "MainWindow"}


def merge_mixins(root) -> None:
    """Move every message of a context in MIXED_INTO into the context it is mixed into (one
    copy of each source)."""
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for mixin, target in MIXED_INTO.items():
        source = contexts.get(mixin)
        if source is None:
            continue
        into = contexts.get(target)
        if into is None:  # only the mixin has strings: rename it
            source.find("name").text = target
            continue
        have = {(m.findtext("source"), m.findtext("comment")) for m in into.iter("message")}
        for message in source.findall("message"):
            if (message.findtext("source"), message.findtext("comment")) not in have:
                into.append(message)
        root.remove(source)


def main() -> int:
    tree = ET.parse(TS)
    merge_mixins(tree.getroot())
    missing = []
    for message in tree.iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        # A word that means two things is told apart by tr()'s disambiguation (the .ts file's
        # <comment>): ZH then has the key (source, comment).
        key = (source, message.findtext("comment")) if message.find("comment") is not None \
            else source
        if key in ZH:
            translation.text = ZH[key]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(TS.with_suffix(".qm"))],
                   check=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
