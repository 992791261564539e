"""What repainting a lesson figure's plot costs the window.

A lesson's Do it repaints its figure's plot several times while the plot settles (its range,
its fitted title and labels, the panel's layout), and every repaint of a plot whose grid is on
replays the grid lines its axes draw. This times ``viewport().repaint()`` of the same plot (a
600x300 curve with a grid, as galton/qt/lesson_figure.py draws one) in this process:

* pyqtgraph's default axes: all three tick levels, no cache (the reference, galton before
  issue #15's fix);
* galton's lesson plot (``PlotPanel``): major and minor grid lines, axes cached as pixels;
* galton's lesson plot where each repaint changes its range (the cache cannot help: the axes
  are drawn anew).

Printed: the median and p90 of each, and its ratio to the reference.

    xvfb-run -a .venv/bin/python benchmarks/bench_figure_paint.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=60)
    args = parser.parse_args(argv)
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from galton.lessons import figure as figures
    from galton.qt.lesson_figure import PlotPanel
    from galton.qt.prefs import configure_pyqtgraph

    app = QApplication.instance() or QApplication([])
    configure_pyqtgraph()
    x = np.arange(50.0)
    plot = figures.Plot(title="loss", xlabel="step", ylabel="loss",
                        curves=[figures.Curve(x, np.sin(x / 5), "loss", "red")])

    def settle():
        for _ in range(5):
            app.processEvents()

    def timed(widget, change=None) -> list[float]:
        times = []
        for i in range(args.repeats):
            if change is not None:
                change(i)
            widget.viewport().update()
            started = time.perf_counter()
            widget.viewport().repaint()
            times.append(time.perf_counter() - started)
        return times

    reference = pg.PlotWidget(background="w")
    reference.resize(600, 300)
    item = reference.getPlotItem()
    item.plot(x, np.sin(x / 5), pen=pg.mkPen("r", width=2))
    item.setLabels(bottom="step", left="loss", title="loss")
    item.showGrid(x=True, y=True, alpha=0.25)
    reference.show()
    settle()

    panel = PlotPanel()
    panel.resize(600, 320)
    panel.show()
    panel.show_panel(plot)
    settle()
    view = panel.plot.getPlotItem().getViewBox()

    def move(i):  # a new range each time: the axes must be drawn again
        view.setXRange(0, 49 + (i % 7), padding=0)
        settle()

    runs = [("pyqtgraph default axes", timed(reference)),
            ("galton lesson plot", timed(panel.plot)),
            ("galton, range changes", timed(panel.plot, move))]
    base = statistics.median(runs[0][1])
    print(f"{'repaint of a 600x300 plot':<28}{'median ms':>10}{'p90 ms':>9}{'ratio':>8}")
    for name, times in runs:
        median = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"{name:<28}{median * 1e3:>10.2f}{p90 * 1e3:>9.2f}{median / base:>8.2f}")
    reference.close()
    panel.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
