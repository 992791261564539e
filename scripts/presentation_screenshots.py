"""Make the classroom-look screenshots in docs/images with the app itself, on a 1280x720 screen
(a projector's), in English and 简体中文:

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/presentation_screenshots.py

Each picture is the whole screen in View ▸ Presentation on the sorting challenge (the lesson
written only as data), after its first two steps were done with "Do it", as a class would; one
more shows the Lessons menu open with a teacher's own lesson in the lessons folder. One process
per picture: the interface language is fixed when the app starts.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"

#: (language, file name)
SHOTS = (("en", "presentation-1280x720-en.png"), ("zh_CN", "presentation-1280x720-zh_CN.png"),
         ("menu", "lessons-menu-1280x720-en.png"))
LESSON, STEPS = "peg_challenge", 2


def shoot(lang: str, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from galton.qt.app import install_translation
    from galton.qt.grab import grab
    from galton.qt.main_window import MainWindow
    from galton.session import Session

    app = QApplication(sys.argv[:1])
    install_translation(app, lang)
    window = MainWindow(Session())
    window.show()

    def pump(seconds, until=lambda: False):
        end = time.time() + seconds
        while time.time() < end and not until():
            app.processEvents()
            time.sleep(0.02)

    pump(0.5)
    run = window.start_lesson(LESSON)
    panel = window.lesson_panel
    for i in range(STEPS):
        run.goto(i)
        panel.do()
        pump(60, lambda: not panel.busy)
    window.session.step(60)  # a loss curve in the chart
    pump(1.5)
    window.presentation.enter()
    pump(1.0)
    window.board_view.rows_per_second = 4.0
    window.session.drop(60, seed=0)
    pump(0.6)  # some balls still in the air
    size = window.screen().geometry().size()
    if (size.width(), size.height()) != (1280, 720):
        print(f"warning: the screen is {size.width()}x{size.height()}, not 1280x720",
              file=sys.stderr)
    grab(window).save(str(path))
    window.close()
    print(f"wrote {path}")


def shoot_menu(path: Path) -> None:
    """The Lessons menu, open, with a teacher's lesson in the lessons folder."""
    folder = Path(tempfile.mkdtemp()) / "lessons"
    folder.mkdir()
    text = (ROOT / "assets" / "lessons" / f"{LESSON}.toml").read_text(encoding="utf-8")
    old = 'title = "The sorting challenge: three pegs by hand"'
    (folder / "monday.toml").write_text(
        text.replace(old, 'title = "Monday: sort the balls by hand"'), encoding="utf-8")
    os.environ["GALTON_LESSONS"] = str(folder)
    from PySide6.QtWidgets import QApplication

    from galton.qt.app import install_translation
    from galton.qt.main_window import MainWindow
    from galton.session import Session

    app = QApplication(sys.argv[:1])
    install_translation(app, "en")
    window = MainWindow(Session())
    window.show()

    def pump(seconds):
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.02)

    pump(1.0)
    window.start_lesson(str(folder / "monday.toml"))
    pump(1.0)
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == "Lessons")
    action.menu().popup(bar.mapToGlobal(bar.actionGeometry(action).bottomLeft()))
    pump(1.0)
    app.primaryScreen().grabWindow(0).save(str(path))  # the screen: the menu is a window
    action.menu().close()
    window.close()
    print(f"wrote {path}")


def main():
    if len(sys.argv) == 3:  # one picture, in this process
        if sys.argv[1] == "menu":
            shoot_menu(Path(sys.argv[2]))
        else:
            shoot(sys.argv[1], Path(sys.argv[2]))
        return
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as config:
        env["XDG_CONFIG_HOME"] = config  # the default layout, not the developer's
        for lang, filename in SHOTS:
            subprocess.run([sys.executable, __file__, lang, str(OUT / filename)], check=True,
                           env=env)


if __name__ == "__main__":
    main()
