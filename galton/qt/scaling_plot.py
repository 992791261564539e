"""One of the scaling lab's three plots (test loss against N, D or C, both axes log): its
curves are made once and given new data for every finished run; its title above it and its
legend under it are labels that wrap.

Three plots share a dock about 640 pixels wide, so each is about 200 wide: a legend inside
covered the runs it explains ("Kaplan α = 0.0…" cut at the edge) and the titles were cut
("test loss vs paramete"). Making new curves and legend entries for every finished run took
~100 ms of the UI thread each time (bench_latency's scaling sweep row)."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from galton.qt.charts import legend_label, log_axes


class ScalingPlot(QWidget):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        # A label, not the plot's own title: a pyqtgraph title wider than the plot widened
        # the plot past its widget, which then cut the title and the data's right edge.
        self.title_label = QLabel(title)
        self.title_label.setWordWrap(True)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label.setStyleSheet("background:white;color:#222;font-size:13px;"
                                       "padding:4px 4px 0 4px")
        box.addWidget(self.title_label)
        self.plot = pg.PlotWidget(background="w", axisItems=log_axes("bottom", "left"))
        self.plot.setLogMode(x=True, y=True)
        self.plot.setMinimumSize(200, 220)
        box.addWidget(self.plot, 1)
        self.legend = legend_label()
        box.addWidget(self.legend)
        self._curves: dict = {}  # key -> (curve, legend entry or None)

    def curve(self, key: str, x, y, name: str | None = None, swatch: str = "━━",
              colour: str = "#555", **style) -> None:
        """Show curve ``key`` with data (x, y), made on first use; ``name`` in the legend,
        after a ``swatch`` in ``colour`` (None: not in it)."""
        item = self._curves.get(key, (None, None))[0]
        if item is None:
            item = pg.PlotDataItem(**style)
            self.plot.addItem(item)
        item.setData(x, y)
        item.setVisible(True)
        entry = None if name is None else (
            f"<span style='color:{colour};font-weight:bold'>{swatch}</span>&nbsp;"
            + html.escape(name).replace(" ", "&nbsp;"))
        self._curves[key] = (item, entry)

    def show_only(self, keys) -> None:
        """Hide the curves not in ``keys`` and write the legend of those shown."""
        entries = []
        for key, (item, entry) in self._curves.items():
            if key not in keys:
                item.setVisible(False)
            elif entry is not None:
                entries.append(entry)
        self.legend.setText("&nbsp;&nbsp; ".join(entries))
        self.legend.setVisible(bool(entries))
