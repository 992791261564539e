"""Draws a lesson's Figure (galton/lessons/figure.py): plots with pyqtgraph, surfaces with the
OpenGL landscape view (or the flat map where there is no OpenGL), tables as Qt tables.

Panels are kept between redraws when their kind matches, so stepping through a lesson does
not rebuild the GL view (and the camera the learner turned stays where it was)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from galton.lessons import figure as figures

_PEN_STYLES = {"dash": Qt.PenStyle.DashLine}
_GL_PROBLEM = []  # asked once per process: making a test context is not free


def _gl_problem():
    if not _GL_PROBLEM:
        from galton.qt.landscape_view import opengl_problem

        _GL_PROBLEM.append(opengl_problem())
    return _GL_PROBLEM[0]


def _color(name, alpha: int = 255) -> QColor:
    r, g, b = figures.rgb(name)
    return QColor(r, g, b, alpha)


class PlotPanel(QWidget):
    kind = figures.Plot

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The title is a wrapping label above the plot, not pyqtgraph's: a title wider than a
        # narrow plot set the plot item's minimum width, and the view then cut off the plot's
        # right side (the last bars, the legend).
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("background:white;color:#222;font-size:11pt")
        layout.addWidget(self.title)
        layout.setSpacing(0)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumSize(160, 160)  # two side by side fit the dock at 1366×768
        for side in ("left", "bottom"):
            # A lesson quotes its numbers as they are: no "(x1e+09)" rescaling of the ticks,
            # which on a log axis turned the tick "0.1" into 10⁸.
            self.plot.getPlotItem().getAxis(side).enableAutoSIPrefix(False)
        layout.addWidget(self.plot)

    def show_panel(self, p: figures.Plot):
        item = self.plot.getPlotItem()
        item.clear()
        if item.legend is not None:
            item.legend.scene().removeItem(item.legend)
            item.legend = None
        if any(c.label for c in p.curves):
            item.addLegend(offset=(-10, 10), labelTextColor=(40, 40, 40),
                           brush=pg.mkBrush(255, 255, 255, 210))
        self.title.setText(p.title)
        self.title.setVisible(bool(p.title))
        item.setLabel("bottom", p.xlabel, color="#333")
        item.setLabel("left", p.ylabel, color="#333")
        item.setLogMode(False, p.log_y)
        bottom = item.getAxis("bottom")
        bottom.setTicks(None if p.x_ticks is None
                        else [[(float(x), str(label)) for x, label in p.x_ticks]])
        item.showGrid(x=True, y=True, alpha=0.25)
        width = _bar_width(p.curves)
        floor = _log_floor(p.curves) if p.log_y else 0.0
        for c in p.curves:
            color = _color(c.color)
            y = c.y  # with log_y, pyqtgraph takes the logarithm of plotted data itself
            name = c.label or None
            if c.style == "bars":
                # Bars are not transformed by the log mode: they are drawn in log10 units
                # here, from a floor below the smallest value (a log axis has no zero).
                x, y0, top = c.x, 0.0, y
                if p.log_y:
                    shown = y > 0
                    x, y0, top = x[shown], floor, np.log10(y[shown])
                bars = pg.BarGraphItem(x=x, y0=y0, height=top - y0, width=width,
                                       brush=_color(c.color, 200), pen=pg.mkPen(color))
                item.addItem(bars)
                if name:
                    item.legend.addItem(bars, name)
                continue
            if c.style == "step":  # a staircase: each value held until the next x
                x, y = np.repeat(c.x, 2)[1:], np.repeat(c.y, 2)[:-1]
            else:
                x = c.x
            pen = None if c.style == "points" else pg.mkPen(
                color, width=c.width, style=_PEN_STYLES.get(c.style, Qt.PenStyle.SolidLine))
            symbol = "o" if c.style in ("points", "line+points") else None
            item.plot(x, y, pen=pen, symbol=symbol, symbolSize=7, symbolBrush=color,
                      symbolPen=pg.mkPen(color), name=name)
        for line in p.lines:
            angle = 90 if line.axis == "x" else 0
            at = line.at
            if line.axis == "y" and p.log_y:  # a log axis is laid out in log10 units
                if not at > 0:
                    continue
                at = float(np.log10(at))
            inf = pg.InfiniteLine(pos=at, angle=angle,
                                  pen=pg.mkPen(_color(line.color), width=1.5,
                                               style=Qt.PenStyle.DashLine),
                                  label=line.label or None,
                                  labelOpts={"color": _color(line.color), "position": 0.9})
            item.addItem(inf)
        for note in p.notes:
            if note.arrow:
                item.plot([note.x], [note.y], pen=None, symbol="o", symbolSize=9,
                          symbolBrush=_color(note.color, 90),
                          symbolPen=pg.mkPen(_color(note.color)))
            text = pg.TextItem(note.text, color=_color(note.color), anchor=(-0.05, 1.1))
            text.setFont(QFont("", 10))
            text.setPos(note.x, np.log10(note.y) if p.log_y and note.y > 0 else note.y)
            item.addItem(text)
        item.enableAutoRange()
        if p.x_range is not None:
            item.setXRange(*p.x_range, padding=0.02)
        if p.y_range is not None:
            low, high = p.y_range
            if p.log_y:
                low, high = np.log10(max(low, 1e-300)), np.log10(max(high, 1e-300))
            item.setYRange(low, high, padding=0.02)
        item.setAspectLocked(p.equal_aspect)


def _bar_width(curves) -> float:
    """One width for every bar series of a plot: 0.8 of the closest distance between any two
    bars, so series set side by side (x ± 0.2) sit next to each other around their label
    instead of each being as wide as the gap between labels."""
    xs = [c.x for c in curves if c.style == "bars"]
    if not xs:
        return 0.8
    gaps = np.diff(np.unique(np.concatenate(xs)))
    return 0.8 * float(gaps.min()) if gaps.size else 0.8


def _log_floor(curves) -> float:
    """Where the bars of a log plot start, in log10 units: the decade below the smallest
    positive bar."""
    values = [c.y[c.y > 0] for c in curves if c.style == "bars"]
    values = np.concatenate(values) if values else np.empty(0)
    return float(np.floor(np.log10(values.min()))) if values.size else 0.0


class SurfacePanel(QWidget):
    kind = figures.Surface

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-weight:bold")
        layout.addWidget(self.title)
        problem = _gl_problem()
        if problem is None:
            from galton.qt.landscape_view import LandscapeView

            self.view = LandscapeView(self)
        else:
            from galton.qt.landscape_flat import FlatLandscapeView

            self.view = FlatLandscapeView(problem, self)
        self.view.setMinimumSize(180, 180)
        layout.addWidget(self.view, 1)
        self._grid_id = None

    def show_panel(self, s: figures.Surface):
        self.title.setText(s.title)
        self.title.setVisible(bool(s.title))
        if hasattr(self.view, "axis_names"):
            self.view.axis_names = (s.xlabel, s.ylabel)
        grid_id = (s.xs.tobytes(), s.ys.tobytes(), s.Z.tobytes())
        if grid_id != self._grid_id:  # the same surface: keep the GL buffers and the camera
            self.view.set_surface(s.xs, s.ys, s.Z)
            self._grid_id = grid_id
        self.view.set_options(log_height=s.log_height)
        self.view.set_basins(s.basins)
        self.view.set_trails([{"points": t.points, "values": t.values,
                               "color": tuple(c / 255 for c in figures.rgb(t.color))}
                              for t in s.trails])
        self.view.set_markers([tuple(m) for m in s.markers])


class TablePanel(QWidget):
    kind = figures.Table

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight:bold")
        layout.addWidget(self.title)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        # Long cells ("6·1 + 2·0 + 2·1") wrap onto more lines instead of ending in "…". The rows
        # are measured again once the columns have their width (after the layout has run).
        self.table.setWordWrap(True)
        self._rewrap = QTimer(self)
        self._rewrap.setSingleShot(True)
        self._rewrap.setInterval(0)
        self._rewrap.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_: self._rewrap.start())
        layout.addWidget(self.table, 1)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._rewrap.start()

    def _fit_rows(self):
        """Rows and the header as tall as their wrapped text (a header does not grow by
        itself)."""
        self.table.resizeRowsToContents()
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        flags = int(Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value)
        tallest = max((metrics.boundingRect(QRect(0, 0, max(header.sectionSize(i) - 8, 10),
                                                  10_000), flags,
                                            self.table.horizontalHeaderItem(i).text()).height()
                       for i in range(self.table.columnCount())
                       if self.table.horizontalHeaderItem(i) is not None), default=0)
        header.setFixedHeight(max(tallest + 8, metrics.height() + 8))

    def show_panel(self, t: figures.Table):
        self.title.setText(t.title)
        self.title.setVisible(bool(t.title))
        self.table.clear()
        self.table.setColumnCount(len(t.columns))
        self.table.setRowCount(len(t.rows))
        self.table.setHorizontalHeaderLabels(t.columns)
        highlight = QBrush(QColor(255, 236, 179))
        for i, row in enumerate(t.rows):
            for j, cell in enumerate(row):
                item = QTableWidgetItem(cell)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if i in t.highlight:
                    item.setBackground(highlight)
                self.table.setItem(i, j, item)
        self._fit_rows()
        self._rewrap.start()


_PANELS = (PlotPanel, SurfacePanel, TablePanel)


class FigureView(QWidget):
    """Shows a Figure's panels side by side; None shows nothing (and hides itself)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.panels: list = []

    def show_figure(self, figure):
        wanted = [] if figure is None else list(figure.panels)
        for i, panel in enumerate(wanted):
            cls = next(c for c in _PANELS if isinstance(panel, c.kind))
            if i < len(self.panels) and isinstance(self.panels[i], cls):
                widget = self.panels[i]
            else:
                widget = cls(self)
                if i < len(self.panels):
                    old = self.panels[i]
                    self._layout.replaceWidget(old, widget)
                    self._discard(old)
                    self.panels[i] = widget
                else:
                    self._layout.addWidget(widget, 1)
                    self.panels.append(widget)
            widget.show_panel(panel)
        for old in self.panels[len(wanted):]:
            self._layout.removeWidget(old)
            self._discard(old)
        del self.panels[len(wanted):]
        self.setVisible(bool(wanted))

    @staticmethod
    def _discard(widget):
        # Hidden and unparented at once: deleteLater alone leaves it drawn until the event
        # loop runs deferred deletions, which processEvents() (scripts, tests) never does.
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()
