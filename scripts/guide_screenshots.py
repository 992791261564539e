"""Make the user guide's splash picture in docs/images with the app itself (run under X or
Xvfb):

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/guide_screenshots.py

* guide-splash.png — the splash of a first launch, while it compiles the kernels.

The pictures of the whole window (docs/images/window-*.png) are made by
scripts/window_screenshots.py, on screens of their sizes with a fresh profile.
"""

import os
import sys
import time
from pathlib import Path

from galton.qt.prefs import application
from galton.qt.splash import Splash

OUT = Path(__file__).resolve().parents[1] / "docs" / "images"


def main() -> int:
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    app = application()

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
    splash.close()
    print("docs/images/guide-splash.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
