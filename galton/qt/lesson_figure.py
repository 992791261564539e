"""Draws a lesson's Figure (galton/lessons/figure.py): plots with pyqtgraph, surfaces with the
OpenGL landscape view (or the flat map where there is no OpenGL), tables as Qt tables.

Panels are kept between redraws when their kind matches, so stepping through a lesson does
not rebuild the GL view (and the camera the learner turned stays where it was)."""

from __future__ import annotations

import dataclasses
import html
import math
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGraphicsItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from galton.lessons import figure as figures
from galton.qt.charts import legend_label, log_axes
from galton.qt.figure_fit import Label, data_bounds, fit_axis_label, fit_plot, fit_title, wrap_lines

_PEN_STYLES = {"dash": Qt.PenStyle.DashLine}
#: Smallest sizes of a panel: two side by side fit the lesson dock of a 1280x720 window.
MIN_PLOT = QSize(180, 160)
MIN_SURFACE = QSize(190, 160)
TABLE_PIXELS = (13, 12, 11, 10)  # a table's font, tried largest first
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
        # LogAxis: with log_y, decade labels that never run together (linear: as pyqtgraph).
        self.plot = pg.PlotWidget(background="w", axisItems=log_axes("left"))
        self.plot.setMinimumSize(MIN_PLOT)
        for side in ("bottom", "left"):
            axis = self.plot.getPlotItem().getAxis(side)
            # The grid is drawn by the axes. pyqtgraph's third tick level adds ~60 faint lines
            # that made each repaint of a plot ~8 ms of replaying them (0.6 ms without): the
            # grid keeps its major and minor lines. The cache keeps an axis as pixels between
            # repaints that do not change it (a label moved, a window above it redrawn).
            axis.setStyle(maxTickLevel=1)
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        layout.addWidget(self.plot, 1)
        self.legend = legend_label()  # shown by show_panel when the plot has names
        layout.addWidget(self.legend)
        self._shown = None
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.fit)
        self.plot.getPlotItem().getViewBox().sigResized.connect(lambda *_: self._fit_timer.start())

    def show_panel(self, p: figures.Plot):
        item = self.plot.getPlotItem()
        item.clear()
        entries = [_legend_entry(c) for c in p.curves if c.label]
        self.legend.setText("&nbsp;&nbsp;&nbsp; ".join(entries))
        self.legend.setVisible(bool(entries))
        item.setLogMode(False, p.log_y)
        bottom = item.getAxis("bottom")
        bottom.setTicks(None if p.x_ticks is None
                        else [[(float(x), str(label)) for x, label in p.x_ticks]])
        item.showGrid(x=True, y=True, alpha=0.25)
        for side in ("bottom", "left"):  # "(x0.001)" after a fitted axis title would cut it
            item.getAxis(side).enableAutoSIPrefix(False)

        def view_y(y):  # with log_y, pyqtgraph plots log10 of the data
            y = np.asarray(y, dtype=np.float64)
            if not p.log_y:
                return y
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)

        lines, marked, labels = [], [], []
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
                lines.append(np.column_stack([x, top]))
                lines.append(np.column_stack([x, np.full(len(x), y0, dtype=np.float64)]))
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
            (marked if symbol else lines).append(np.column_stack([x, view_y(y)]))
        for line in p.lines:
            angle = 90 if line.axis == "x" else 0
            at = line.at
            if line.axis == "y" and p.log_y:  # a log axis is laid out in log10 units
                if not at > 0:
                    continue
                at = float(np.log10(at))
                line = dataclasses.replace(line, at=at)  # fit() places its label there too
            inf = pg.InfiniteLine(pos=at, angle=angle,
                                  pen=pg.mkPen(_color(line.color), width=1.5,
                                               style=Qt.PenStyle.DashLine))
            item.addItem(inf)
            if line.label:  # placed by fit(), beside the line where it has room
                text = pg.TextItem(line.label, color=_color(line.color))
                item.addItem(text)
                labels.append(("line", line, text))
        for note in p.notes:
            y = float(view_y(note.y)) if p.log_y else note.y
            if note.arrow:
                item.plot([note.x], [note.y], pen=None, symbol="o", symbolSize=9,
                          symbolBrush=_color(note.color, 90),
                          symbolPen=pg.mkPen(_color(note.color)))
            text = pg.TextItem(note.text, color=_color(note.color))
            item.addItem(text)
            labels.append(("note", (note.x, y, note.arrow), text))
        item.setAspectLocked(p.equal_aspect)
        self._shown = (p, _stack(lines), _stack(marked), labels)
        self.fit()

    def fit(self):
        """Fit the title, the legend and the labels to the plot's size now."""
        if self._shown is None:
            return
        p, lines, marked, raw = self._shown
        item = self.plot.getPlotItem()
        # The title sits over the view box's column only (not over the left axis).
        fit_title(item, p.title, self.plot.width() - item.getAxis("left").width() - 8)
        view = item.getViewBox()
        fit_axis_label(item, "bottom", p.xlabel, view.width() - 4)
        fit_axis_label(item, "left", p.ylabel, view.height() - 4)
        # pyqtgraph grows the plot to its title's minimum width and never shrinks it back by
        # itself: lay it out again at the widget's size now that the title fits.
        self.plot.resizeEvent(None)
        y_range = p.y_range
        if y_range is not None and p.log_y:
            y_range = tuple(math.log10(v) if v > 0 else -12.0 for v in y_range)
        x_range = p.x_range
        if p.equal_aspect:
            view.autoRange(padding=0.12)  # room at the edges for the points' names
        everything = np.vstack([lines, marked])
        bounds = data_bounds(everything)
        labels = []
        for kind, what, text in raw:
            if kind == "note":
                x, y, arrow = what
                labels.append(Label(text, x, y, marker=arrow))
                continue
            # A line's label at its far end, inside the data's range.
            if bounds is None:
                continue
            x0, x1 = (bounds[0], bounds[1]) if x_range is None else x_range
            y0, y1 = (bounds[2], bounds[3]) if y_range is None else y_range
            if what.axis == "x":  # at the top of the line, or at its foot
                labels.append(Label(text, what.at, y1, anchors=(
                    (-0.06, 0.0), (1.06, 0.0), (-0.06, 1.0), (1.06, 1.0)), marker=False,
                    others=((what.at, y0),)))
            else:  # at its right end, or its left
                labels.append(Label(text, x1, what.at, anchors=(
                    (1.0, 1.05), (1.0, -0.05), (0.0, 1.05), (0.0, -0.05)), marker=False,
                    others=((x0, what.at),)))
        fit_plot(item, x_range, y_range, lines, marked, labels, keep_range=p.equal_aspect)


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


#: What a curve looks like in the legend, by style.
_SWATCHES = {"line": "━━", "dash": "╍╍", "points": "●", "line+points": "━●━", "bars": "■",
             "step": "┏━"}


def _legend_entry(c: figures.Curve) -> str:
    r, g, b = figures.rgb(c.color)
    label = html.escape(c.label)
    if len(c.label) <= 28:  # a short entry is never broken across lines
        label = label.replace(" ", "&nbsp;")
    return (f"<span style='color:rgb({r},{g},{b});font-weight:bold'>"
            f"{_SWATCHES.get(c.style, '━━')}</span>&nbsp;{label}")


# A line never breaks inside a word, or before Chinese punctuation ("Adam，" is one piece).
_PUNCT = "\u3000-\u303f\uff00-\uffef"
_UNITS = re.compile(rf"(?:[^\s\u2e80-\u9fff{_PUNCT}]+|[\u2e80-\u2fff\u3040-\u9fff])"
                    rf"[{_PUNCT}]*|[{_PUNCT}]+")


def _widest_unit(text: str, metrics) -> float:
    """The widest piece a line cannot be broken inside: a word, or one Chinese character."""
    return max((metrics.horizontalAdvance(u) for u in _UNITS.findall(text)), default=0.0)


def wrap_text(text: str, metrics, width: float) -> str:
    """``text`` with line breaks so each line fits ``width`` pixels: between words, and
    between Chinese characters."""
    return "\n".join(wrap_lines(text, metrics, width))


def _stack(parts) -> np.ndarray:
    parts = [np.asarray(a, dtype=np.float64).reshape(-1, 2) for a in parts]
    return np.vstack(parts) if parts else np.zeros((0, 2))


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
        self.view.setMinimumSize(MIN_SURFACE)
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
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self._columns: list[str] = []

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit()

    def fit(self):
        """Columns as wide as their longest word needs (in a smaller font if the table is
        tight), the rest shared by what would unwrap them; headers and cells wrap to that (a
        clipped "3EGIN" says nothing)."""
        table, header = self.table, self.table.horizontalHeader()
        n = table.columnCount()
        # Room for a vertical scroll bar is kept: wrapped rows may need one.
        room = (table.width() - 2 * table.frameWidth() - 2
                - table.verticalScrollBar().sizeHint().width())
        if n == 0 or room <= 0:
            return
        texts = [[self._columns[j]] + [table.item(i, j).text() for i in range(table.rowCount())
                                       if table.item(i, j) is not None] for j in range(n)]
        for pixels in TABLE_PIXELS:
            font = QFont(self.font())
            font.setPixelSize(pixels)
            metrics = QFontMetricsF(font)
            least = [max(_widest_unit(t, metrics) for t in column) + 14 for column in texts]
            if sum(least) <= room:
                break
        table.setFont(font)
        header.setFont(font)
        full = [max(metrics.horizontalAdvance(t) for t in column) + 14 for column in texts]
        want = [max(0.0, f - m) for f, m in zip(full, least, strict=True)]
        # Too many columns for the panel even so: whole words, and a scroll bar to reach them.
        table.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if sum(least) > room
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        spare = max(0.0, room - sum(least))
        share = min(1.0, spare / sum(want)) if sum(want) > 0 else 0.0
        widths = [m + w * share for m, w in zip(least, want, strict=True)]
        left = max(0.0, room - sum(widths))  # what no column needs: shared equally
        for j, w in enumerate(widths):
            header.resizeSection(j, int(w + left / n))
        most = 1
        for j, text in enumerate(self._columns):
            item = table.horizontalHeaderItem(j)
            if item is not None:
                item.setText(wrap_text(text, metrics, header.sectionSize(j) - 10))
                most = max(most, item.text().count("\n") + 1)
        # A header keeps the height of its first layout: as tall as its most wrapped name.
        header.setFixedHeight(math.ceil(most * metrics.lineSpacing() + 8))
        table.resizeRowsToContents()

    def show_panel(self, t: figures.Table):
        self.title.setText(t.title)
        self.title.setVisible(bool(t.title))
        self.title.setWordWrap(True)
        self.table.clear()
        self.table.setColumnCount(len(t.columns))
        self.table.setRowCount(len(t.rows))
        self.table.setHorizontalHeaderLabels(t.columns)
        self._columns = list(t.columns)
        highlight = QBrush(QColor(255, 236, 179))
        for i, row in enumerate(t.rows):
            for j, cell in enumerate(row):
                item = QTableWidgetItem(cell)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if i in t.highlight:
                    item.setBackground(highlight)
                self.table.setItem(i, j, item)
        self.fit()


_PANELS = (PlotPanel, SurfacePanel, TablePanel)


class FigureView(QWidget):
    """Shows a Figure's panels side by side; None shows nothing (and hides itself)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.panels: list = []
        self.held_back = False  # the classroom look shows the text only (qt/presentation.py)

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
                # Plots and surfaces take more of the width than a table beside them.
                self._layout.setStretchFactor(widget, 2 if cls is TablePanel else 3)
            widget.show_panel(panel)
        for old in self.panels[len(wanted):]:
            self._layout.removeWidget(old)
            self._discard(old)
        del self.panels[len(wanted):]
        self.setVisible(bool(wanted) and not self.held_back)

    @staticmethod
    def _discard(widget):
        # Hidden and unparented at once: deleteLater alone leaves it drawn until the event
        # loop runs deferred deletions, which processEvents() (scripts, tests) never does.
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()
