"""The window as a fresh profile shows it on a projector and on a desktop screen, in English and
简体中文: docs/images/window-{1280x720,1920x1080}-{en,zh_CN}.png.

    .venv/bin/python scripts/window_screenshots.py

Each picture is `galton PRESET --steps 60 --screenshot FILE` on an X server of that size
(xvfb-run), with settings in a throw-away folder, so nothing of yours (layout, recent files,
language) shows in it.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
PRESET = ROOT / "assets" / "scenarios" / "sort_three_colours.toml"
GALTON = Path(sys.executable).with_name("galton")


def main() -> int:
    for size in ("1280x720", "1920x1080"):
        for lang in ("en", "zh_CN"):
            out = OUT / f"window-{size}-{lang}.png"
            with tempfile.TemporaryDirectory() as home:
                env = {**os.environ, "XDG_CONFIG_HOME": f"{home}/config",
                       "XDG_DATA_HOME": f"{home}/data", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
                env.pop("QT_QPA_PLATFORM", None)
                subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {size}x24", str(GALTON),
                                str(PRESET), "--lang", lang, "--steps", "60",
                                "--screenshot", str(out)], check=True, env=env)
            print(f"docs/images/{out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
