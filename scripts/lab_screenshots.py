"""Make the lab screenshots in docs/images with the app itself (run under X or Xvfb):

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/lab_screenshots.py

The scaling tab shows docs/data/scaling-sweep.csv, the sweep reported in docs/lab.md (made by
`galton scaling run`, see there); nothing is re-run because every run is already in the file.
"""

import shutil
import tempfile
import time
from pathlib import Path

from galton.qt.grab import grab
from galton.qt.main_window import MainWindow
from galton.qt.prefs import application
from galton.session import Session

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"


def main():
    app = application()
    session = Session()
    window = MainWindow(session)
    window.resize(1700, 1050)
    window.show()
    window.lab_dock.setFloating(True)
    window.lab_dock.resize(900, 820)
    lab = window.lab

    def pump(seconds):
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.02)

    def wait(ready):
        while not ready():
            pump(0.1)
        pump(0.5)

    pump(1.0)
    session.set(lr=0.5)
    session.step(200)
    lab.ft_steps.setValue(300)
    lab.start_finetune()
    wait(lambda: lab.ft_button.isEnabled() and lab.tuners)
    grab(lab).save(str(OUT / "lab-finetune.png"))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "sweep.csv"
        shutil.copy(ROOT / "docs" / "data" / "scaling-sweep.csv", copy)
        lab.tabs.setCurrentIndex(1)
        lab.sc_file.setText(str(copy))
        lab.sc_rows.setText("1, 2, 3, 4, 5, 6, 8, 11, 16")
        lab.sc_balls.setText("4096")
        lab.sc_steps.setText("800")
        lab.sc_seeds.setText("0, 1, 2")
        lab.start_sweep()
        wait(lambda: lab.sc_run.isEnabled())
        grab(lab).save(str(OUT / "lab-scaling.png"))
    window.close()


if __name__ == "__main__":
    main()
