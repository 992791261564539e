"""Make the lesson screenshots in docs/images with the app itself (run under X or Xvfb):

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/lesson_screenshots.py

or one picture, optionally at another window size (e.g. a 1366×768 laptop screen):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/lesson_screenshots.py \
        pinball zh_CN 4 /tmp/pinball.png 1366x768

Each picture is the whole window after the lesson's steps up to the one shown were done with
"Do it", exactly as a learner would; one runs in 简体中文. One process per picture: the
interface language is fixed when the app starts.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"

#: (lesson, language, steps done with "Do it" — the last one is shown, file name)
SHOTS = (
    ("grad_demo", "en", 3, "lesson-grad-demo.png"),
    ("pond", "en", 6, "lesson-pond.png"),
    ("chain_rule", "zh_CN", 3, "lesson-chain-rule-zh_CN.png"),
    ("next_token", "en", 4, "lesson-next-token.png"),
    ("semantic_space", "zh_CN", 4, "lesson-semantic-space-zh_CN.png"),
    ("remedies", "en", 3, "lesson-remedies.png"),
)


def shoot(name: str, lang: str, steps: int, path: Path, size=(1600, 960)) -> None:
    from galton.qt.app import install_translation
    from galton.qt.grab import grab
    from galton.qt.main_window import MainWindow
    from galton.qt.prefs import application
    from galton.session import Session

    app = application()
    install_translation(app, lang)
    window = MainWindow(Session())
    window.resize(*size)
    window.show()

    def pump(seconds):
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.02)

    pump(0.5)
    from galton.qt.landscape_view import LandscapeView

    end = time.time() + 20  # the GL views draw in their own thread: wait for a first picture
    while time.time() < end and any(v._frame is None and not v.gl_error and v.isVisible()
                                    for v in window.findChildren(LandscapeView)):
        pump(0.2)
    run = window.start_lesson(name)
    for i in range(min(steps, len(run.steps))):
        run.goto(i)
        window.lesson_panel.do()
        pump(0.3)
        while window.lesson_panel.busy:  # Do it runs as a job: the picture shows its result
            pump(0.1)
    if "board" in run.step.show:
        window.board_view.rows_per_second = 12.0
        window.session.drop(120, seed=0)
        pump(0.9)  # some balls still in the air: the picture shows them falling
    else:
        pump(1.5)
    grab(window).save(str(path))
    window.close()
    print(f"wrote {path}")


def main():
    if len(sys.argv) in (5, 6):  # one picture, in this process
        name, lang, steps, path = sys.argv[1:5]
        size = tuple(int(n) for n in sys.argv[5].split("x")) if len(sys.argv) == 6 else None
        shoot(name, lang, int(steps), Path(path), *([size] if size else []))
        return
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as config:
        env["XDG_CONFIG_HOME"] = config  # the default layout, not the developer's
        for name, lang, steps, filename in SHOTS:
            subprocess.run([sys.executable, __file__, name, lang, str(steps),
                            str(OUT / filename)], check=True, env=env)


if __name__ == "__main__":
    main()
