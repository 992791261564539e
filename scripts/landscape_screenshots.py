"""Make the landscape screenshots in docs/images with the app itself (run under X or Xvfb):

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/landscape_screenshots.py
"""

import time
from pathlib import Path

from galton.qt.grab import grab
from galton.qt.main_window import MainWindow
from galton.qt.prefs import application
from galton.session import Session

OUT = Path(__file__).resolve().parents[1] / "docs" / "images"


def main():
    app = application()
    session = Session()
    window = MainWindow(session)
    window.resize(1700, 1050)
    window.show()
    panel = window.landscape
    panel.parentWidget().setMinimumWidth(760)

    def pump(seconds):
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.02)

    def settle():
        pump(0.3)
        while panel._race_timer.isActive() or panel._pending.isActive() or panel.busy:
            pump(0.1)
        pump(0.5)

    pump(1.0)
    # The board: train, then show the PCA plane of the path it took.
    session.set(lr=2.0)
    panel.step_tab.sharp_every.setValue(10)
    for _ in range(30):
        session.step(4)
        pump(0.03)
    panel.set_source("board", directions="pca")
    panel.slice_tab.span.setValue(1.5)
    settle()
    panel.tabs.setCurrentIndex(4)
    panel.start_interpolation()
    settle()
    grab(panel).save(str(OUT / "landscape-board-dock.png"))
    # The pond on the hillside: basins of plain GD and a race of optimizers.
    panel.set_source("surface", "pond")
    settle()
    panel.minima_tab.basin_lr.setValue(0.5)
    panel.minima_tab.show_basins.setChecked(True)
    settle()
    panel.race_tab.race_kind.setCurrentIndex(panel.race_tab.race_kind.findData("optimizers"))
    panel.race_tab.race_lr.setValue(0.1)
    panel.race_tab.race_steps.setValue(200)
    panel.start_race()
    panel.tabs.setCurrentIndex(2)
    settle()
    grab(panel).save(str(OUT / "landscape-pond-race.png"))
    # The step size on an elongated bowl: a race of step sizes and the sweep with 2/λ_max.
    panel.set_source("surface", "elongated_bowl")
    settle()
    panel.race_tab.race_kind.setCurrentIndex(panel.race_tab.race_kind.findData("lrs"))
    panel.race_tab.race_steps.setValue(60)
    panel.start_race()
    panel.start_sweep()
    panel.tabs.setCurrentIndex(3)
    settle()
    grab(panel).save(str(OUT / "landscape-step-size.png"))
    window.close()


if __name__ == "__main__":
    main()
