"""Make the user guide's pictures in docs/images with the app itself (run under X or Xvfb):

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/guide_screenshots.py

* guide-window.png — the whole window on the three-colour preset after 60 steps, balls falling,
  the loss landscape of the board beside it;
* guide-splash.png — the splash of a first launch, while it compiles the kernels.
"""

import os
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from galton.qt.grab import grab
from galton.qt.main_window import MainWindow
from galton.qt.splash import Splash
from galton.resources import asset_path
from galton.session import Session

OUT = Path(__file__).resolve().parents[1] / "docs" / "images"


def main() -> int:
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    app = QApplication(sys.argv[:1])

    def pump(seconds):
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.02)

    splash = Splash.warm_up(app)
    # The splash as a first launch shows it: third stage, a kernel being compiled.
    splash.show()
    splash.done, splash.stage = 1, "training"
    splash.compiling[:] = ["bin_probabilities", "loss_and_grad"]
    splash.started = time.perf_counter() - 9.4
    pump(0.2)
    splash.grab().save(str(OUT / "guide-splash.png"))

    session = Session.from_file(asset_path("scenarios", "sort_three_colours.toml"))
    window = MainWindow(session)
    window.resize(1680, 1000)
    window.show()
    splash.finish(window)
    if hasattr(window, "landscape_dock"):
        window.landscape_dock.show()
    pump(0.5)
    session.step(60)
    pump(0.3)
    jobs = getattr(getattr(window, "landscape", None), "jobs", None)
    while jobs is not None and jobs.pending:
        pump(0.1)
    window.board_view.rows_per_second = 12.0
    session.drop(100, seed=0)
    pump(0.9)
    grab(window).save(str(OUT / "guide-window.png"))
    window.close()
    for name in ("guide-splash.png", "guide-window.png"):
        print(f"docs/images/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
