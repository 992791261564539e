"""Fill assets/translations/galton_zh_CN.ts with the Simplified Chinese strings below and
compile it to galton_zh_CN.qm. Run after `pyside6-lupdate galton/qt/*.py -ts ...` adds strings:

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
    "Momentum": "动量", "Step size": "步长", "full batch": "全批量", "Batch size": "批大小",
    "cosine: anneal to 0 over 500 steps; step: halve every 100 steps; exponential: ×0.99 per step":
        "余弦：500 步内退火到 0；阶梯：每 100 步减半；指数：每步 ×0.99",
    "Schedule": "步长计划", "clip norm at": "梯度范数裁剪于", "Clipping": "梯度裁剪",
    "e.g. 0, 1": "例如 0, 1", "Rows whose pegs do not move": "这些行的钉子保持不动",
    "Freeze rows": "冻结的行", " steps/s": " 步/秒", "fastest": "最快",
    "Playback speed": "播放速度", "Play": "播放", "Step": "单步", "Reset": "重置",
    "Re-initialise": "重新初始化", "Drop ×{}": "投下 ×{}",
    "Freeze rows: expected row numbers like 0, 1, got {}": "冻结的行：应为行号，例如 0, 1，得到 {}",
    "Freeze rows: rows must be 0..{}, got {}": "冻结的行：行号必须在 0..{} 之间，得到 {}",
    "Pause": "暂停", "galton — the pinball machine of training": "galton — 训练的弹珠机",
    "Controls": "控制", "Charts": "图表", "Restore last good checkpoint": "恢复最近的正常检查点",
    "View": "视图", " Paddles show p_right for: ": " 挡板显示向右概率，针对：",
    "Trace paths": "显示路径", "Continuous drop": "连续投球", "Empty cups": "清空杯子",
    "&File": "文件(&F)", "&Open scenario…": "打开场景(&O)…", "&Save scenario as…": "场景另存为(&S)…",
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
}


def main() -> int:
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        if source in ZH:
            translation.text = ZH[source]
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
