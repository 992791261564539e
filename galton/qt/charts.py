"""Charts of training (pyqtgraph): loss, accuracy, step size, gradient norm per row, confusion.

They draw the session's latest Picture (galton.qt.bridge), through the window's DrawBudget:
while training plays, a burst of snapshots becomes one redraw when the UI thread can afford
it.

The five charts flow into as many columns as the width allows (one row under the board in a
wide window, two columns in a tab of the right column), each at least ``CHART_MINIMUM``: below
that, y labels pile up and the heat maps lose their cells. The dock's scroll area takes what
does not fit.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from galton.qt.names import shown

# The smallest size a chart is drawn at (logical pixels).
CHART_MINIMUM = QSize(244, 190)
EMPTY_TEXT_COLOR = "#888"
TITLE_SIZE = "9pt"


class LogAxis(pg.AxisItem):
    """A log axis whose labels never pile up: decades, or 1-2-5 or every digit between them,
    whichever is the richest the axis has room for (one label per ``LABEL_ROOM`` pixels)."""

    LABEL_ROOM = 30
    #: Along a horizontal axis labels stand side by side: each needs its width, not a line.
    LABEL_ROOM_WIDE = 56

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        wide = self.orientation in ("top", "bottom")
        room = max(2, int(size // (self.LABEL_ROOM_WIDE if wide else self.LABEL_ROOM)))
        first, last = math.floor(minVal), math.ceil(maxVal)
        found = []
        for digits in ((1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 5), (1,)):
            values = [e + math.log10(d) for e in range(first, last + 1) for d in digits]
            values = [v for v in values if minVal <= v <= maxVal]
            if 2 <= len(values) <= room:
                return [(None, values)]
            found.append(values)
        every_digit, decades = found[0], found[-1]
        if len(decades) > room:  # many decades: every k-th one
            every = math.ceil(len(decades) / room)
            return [(None, [v for v in decades if round(v) % every == 0])]
        if len(every_digit) > room:
            # Within about a decade, too many digits for the room and too few 1-2-5 values
            # (24 to 48 on a narrow plot: 30, 40 would fit, 30, 40, 50 not): every k-th digit.
            every = math.ceil(len(every_digit) / room)
            return [(None, every_digit[::every])]
        # Less than a step between two digits: evenly spaced values of the log, as many as
        # the room has (pyqtgraph's finest level labelled every integer from 24 to 49).
        levels = [list(level) for _, level in stdTicks or () if len(level) >= 2]
        fitting = [level for level in levels if len(level) <= room]
        if fitting:
            return [(None, fitting[-1])]
        if levels:
            every = math.ceil(len(levels[0]) / room)
            return [(None, levels[0][::every])]
        return []

    def logTickStrings(self, values, scale, spacing):
        numbers = [10.0 ** v * scale for v in values]
        for digits in range(1, 5):  # as few digits as keep neighbouring labels apart
            labels = [np.format_float_positional(x, precision=digits, fractional=False,
                                                 trim="-") if 1e-4 <= x < 1e5
                      else f"{x:.{digits}g}" for x in numbers]
            if len(set(labels)) == len(labels):
                return labels
        return labels


def grown(low: float, high: float) -> tuple[float, float]:
    """``low``..``high`` widened to whole steps of half the span's power of ten (0..637 is
    0..650; 0..1001 is 0..1500): a range that grows with the data changes only now and then."""
    span = high - low
    if not (math.isfinite(low) and math.isfinite(high)) or span <= 0:
        return low, high
    step = 10.0 ** math.floor(math.log10(span)) / 2
    return math.floor(low / step) * step, math.ceil(high / step) * step


class GrowingViewBox(pg.ViewBox):
    """A view box whose automatic range grows in whole steps (``grown``) on the axes given.

    A live chart's data grows on every redraw, and with pyqtgraph's tight automatic range so
    does its view, so both axes were laid out and drawn again each time (~2 ms of Python per
    axis, a third of a chart's repaint). Here the range changes only when the data outgrows
    it. Zooming by hand, and the "A" button to follow the data again, work as in pyqtgraph."""

    def __init__(self, grow=(True, False), **kwargs):
        super().__init__(**kwargs)
        self._grow = grow

    def childrenBounds(self, frac=None, orthoRange=(None, None), items=None):
        bounds = super().childrenBounds(frac=frac, orthoRange=orthoRange, items=items)
        return [list(grown(*r)) if grow and r is not None and None not in r else r
                for r, grow in zip(bounds, self._grow, strict=True)]


def log_axes(*sides) -> dict:
    """``axisItems`` for a pyqtgraph plot with LogAxis on the given sides."""
    return {side: LogAxis(orientation=side) for side in sides}


def legend_label(white: bool = True) -> QLabel:
    """A legend to put under a plot (hidden until it has entries): rich text that wraps. Inside
    a narrow plot a long legend hides the data it explains. ``white`` matches a white plot."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet(("background:white;" if white else "")
                        + "color:#282828;font-size:11px;padding:0 6px 2px 6px")
    label.setVisible(False)
    return label


def _empty_label(plot, text):
    """A grey note in the middle of an empty chart (instead of bare, meaningless axes)."""
    label = pg.TextItem(text, color=EMPTY_TEXT_COLOR, anchor=(0.5, 0.5))
    label.setParentItem(plot.getPlotItem().getViewBox())
    view = plot.getPlotItem().getViewBox()
    view.sigResized.connect(lambda v: label.setPos(v.width() / 2, v.height() / 2))
    return label


class Charts(QWidget):
    def __init__(self, session, parent=None, bridge=None, budget=None):
        super().__init__(parent)
        self.session = session
        if bridge is None:
            from galton.qt.bridge import SessionBridge

            bridge = SessionBridge(session, self)
        if budget is None:
            from galton.qt.bridge import DrawBudget

            budget = DrawBudget(self)
        self.budget = budget
        self.picture = bridge.picture
        #: The step of the last record the loss chart shows (-1: none).
        self.drawn_step = -1
        self._shown_counts = None
        self._history_of = self._history_cache = None
        self._drawn_history = None
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 4, 4, 4)
        self._columns = 0
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # The history charts' ranges grow in steps: see GrowingViewBox.
        self.loss_plot = pg.PlotWidget(title=self.tr("loss"),
                                       axisItems={"left": LogAxis(orientation="left")},
                                       viewBox=GrowingViewBox(grow=(True, True)))
        # Loss falls over orders of magnitude: on a linear axis the end of training is flat.
        self.loss_plot.setLogMode(y=True)
        self.loss_plot.addLegend(offset=(-5, 5))
        self.train_curve = self.loss_plot.plot(pen=pg.mkPen("#1f77b4", width=2),
                                               name=self.tr("train"))
        self.test_curve = self.loss_plot.plot(pen=None, symbol="o", symbolSize=4,
                                              symbolBrush="#ff7f0e", name=self.tr("test"))
        self.clip_marks = self.loss_plot.plot(pen=None, symbol="t", symbolSize=6,
                                              symbolBrush="#999", name=self.tr("clipped"))
        self.acc_plot = pg.PlotWidget(title=self.tr("accuracy"), viewBox=GrowingViewBox())
        self.acc_plot.setYRange(0, 1.02)
        self.acc_curve = self.acc_plot.plot(pen=pg.mkPen("#2ca02c", width=2))
        self.lr_plot = pg.PlotWidget(title=self.tr("step size"),
                                     viewBox=GrowingViewBox(grow=(True, True)))
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen("#9467bd", width=2))
        self.grad_plot = pg.PlotWidget(title=self.tr("gradient norm per row (log10)"),
                                       viewBox=GrowingViewBox())  # its rows stay as they are
        self.grad_image = pg.ImageItem()
        self.grad_image.setColorMap(pg.colormap.get("viridis"))
        self.grad_plot.addItem(self.grad_image)
        self.grad_plot.setLabel("left", self.tr("row"))
        self.grad_plot.setLabel("bottom", self.tr("step"))
        self.confusion_plot = pg.PlotWidget(title=self.tr("confusion (test balls)"))
        self.confusion_image = pg.ImageItem()
        self.confusion_image.setColorMap(pg.colormap.get("viridis"))
        self.confusion_plot.addItem(self.confusion_image)
        self.confusion_plot.setLabel("left", self.tr("true colour"))
        self.confusion_plot.setLabel("bottom", self.tr("predicted cup"))
        self.confusion_plot.invertY(True)
        self._confusion_labels = []
        self._confusion_shape = None
        self._empty = None
        self._tick_rows = None
        self.diverged_line = None
        self.plots = (self.loss_plot, self.acc_plot, self.lr_plot, self.grad_plot,
                      self.confusion_plot)
        for plot in self.plots:
            plot.setMinimumSize(CHART_MINIMUM)
            item = plot.getPlotItem()
            item.setTitle(item.titleLabel.text, size=TITLE_SIZE)  # fits CHART_MINIMUM's width
            item.layout.setContentsMargins(1, 1, 4, 1)  # room for the last x label
        for plot in (self.grad_plot, self.confusion_plot):
            plot.getPlotItem().setMouseEnabled(x=False, y=False)  # cells stay where they are
        self.empty_notes = {
            plot: _empty_label(plot, self.tr("press Play or Step to train"))
            for plot in (self.loss_plot, self.acc_plot, self.lr_plot, self.grad_plot)}
        self._only = None  # the one chart shown (the classroom look), or None: all of them
        self._flow(1)
        # "settings": a training setting makes a new trainer, whose history starts again.
        for name in ("trained", "board", "params", "settings"):
            bridge.connect(name, self._changed)
        self.refresh_confusion()
        self._show_empty(not len(self._history()["step"]))

    # --- layout --------------------------------------------------------------------------------
    def _columns_for(self, width: int) -> int:
        margins = self._grid.contentsMargins()
        room = width - margins.left() - margins.right() + self._grid.spacing()
        return max(1, min(len(self.shown_plots),
                          room // (CHART_MINIMUM.width() + self._grid.spacing())))

    def _flow(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for plot in self.plots:
            self._grid.removeWidget(plot)
        for k, plot in enumerate(self.shown_plots):
            self._grid.addWidget(plot, k // columns, k % columns)
        for c in range(len(self.plots)):
            self._grid.setColumnStretch(c, 1 if c < columns else 0)

    @property
    def shown_plots(self) -> tuple:
        return self.plots if self._only is None else (self._only,)

    def show_only(self, plot=None) -> None:
        """Show ``plot`` alone (the classroom look: one chart), or all of them again (None)."""
        self._only = plot
        for p in self.plots:
            p.setVisible(plot is None or p is plot)
        self._columns = 0  # flow again, from the charts now shown
        self._flow(self._columns_for(self.width()))
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = math.ceil(len(self.shown_plots) / self._columns_for(width))
        margins = self._grid.contentsMargins()
        return (rows * CHART_MINIMUM.height() + (rows - 1) * self._grid.spacing()
                + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:
        margins = self._grid.contentsMargins()
        return QSize(CHART_MINIMUM.width() + margins.left() + margins.right(),
                     self.heightForWidth(self.width()))

    def sizeHint(self) -> QSize:
        return QSize(len(self.plots) * (CHART_MINIMUM.width() + 40), CHART_MINIMUM.height() + 60)

    def resizeEvent(self, event):
        self._flow(self._columns_for(event.size().width()))
        super().resizeEvent(event)

    def _show_empty(self, empty: bool) -> None:
        """Empty charts say how to fill them and keep sensible axes, not -400...400."""
        rows = self.picture.board.rows
        if rows != self._tick_rows:  # the heat map's rows labelled at the middle of their cells
            self._tick_rows = rows
            every = max(1, math.ceil(rows / 8))
            self.grad_plot.getPlotItem().getAxis("left").setTicks(
                [[(r + 0.5, str(r)) for r in range(0, rows, every)], []])
            if empty:
                self._empty = None  # the empty heat map's height follows the rows
        if empty == self._empty:
            return
        self._empty = empty
        for note in self.empty_notes.values():
            note.setVisible(empty)
        self.loss_plot.getPlotItem().legend.setVisible(not empty)  # it would cover the note
        for plot in (self.loss_plot, self.acc_plot, self.lr_plot, self.grad_plot):
            if empty:
                plot.setXRange(0, 10, padding=0)
            else:
                plot.enableAutoRange()
        if empty:
            self.loss_plot.setYRange(-1, 1, padding=0)  # log10: 0.1 to 10
            self.lr_plot.setYRange(0, 1, padding=0)
            self.grad_plot.setYRange(0, rows, padding=0)

    def _confusion_ticks(self, shape) -> None:
        """Colour names and cup numbers under the middle of their cells."""
        names = [shown(n) for n in self.picture.data.class_names]
        key = (shape, tuple(names))
        if key == self._confusion_shape:
            return
        self._confusion_shape = key
        classes, cups = shape
        item = self.confusion_plot.getPlotItem()
        item.getAxis("left").setTicks([[(t + 0.5, str(names[t]) if t < len(names) else str(t))
                                        for t in range(classes)], []])
        item.getAxis("bottom").setTicks([[(c + 0.5, str(c)) for c in range(cups)], []])
        self.confusion_plot.setRange(xRange=(0, cups), yRange=(0, classes), padding=0)

    def _changed(self, picture, *args):
        if picture.version < self.picture.version:
            return
        self.picture = picture
        # Only what changed: a drop or a turned peg leaves the history as it was (and so the
        # four history charts, whose axes and curves cost the most to paint).
        history = _history_key(picture)
        # One request per chart: the budget draws them one per turn of the event loop.
        for key, draw in self._parts:
            if key == "confusion" or history != self._drawn_history:
                self.budget.request((self, key), draw)
        self._drawn_history = history

    @property
    def _parts(self):
        return (("loss", self._draw_loss), ("accuracy", self._draw_accuracy),
                ("lr", self._draw_lr), ("grad", self._draw_grad),
                ("confusion", self.refresh_confusion))

    def confusion(self, picture=None) -> np.ndarray:
        """counts[true class, predicted cup] over the test balls (training balls if none)."""
        s = picture or self.picture
        pool = s.test_set if s.test_set is not None else s.train_set
        predicted = s.board.predict(pool.X)
        counts = np.zeros((s.data.n_classes, s.board.cups), dtype=np.int64)
        np.add.at(counts, (pool.y, predicted), 1)
        return counts

    def refresh_confusion(self):
        counts = self.confusion()
        if self._shown_counts is not None and np.array_equal(counts, self._shown_counts):
            return  # the pegs turned, the predictions did not: nothing to redraw
        self._shown_counts = counts
        # ImageItem's first axis is x: transpose so rows are true colours, columns cups.
        self.confusion_image.setImage(counts.T.astype(float), levels=(0, max(1, counts.max())))
        self._confusion_ticks(counts.shape)
        for item in self._confusion_labels:
            self.confusion_plot.removeItem(item)
        self._confusion_labels = []
        if counts.size <= 64:
            for (t, p), n in np.ndenumerate(counts):
                label = pg.TextItem(str(n), color="w" if n < counts.max() / 2 else "k",
                                    anchor=(0.5, 0.5))
                label.setPos(p + 0.5, t + 0.5)
                self.confusion_plot.addItem(label)
                self._confusion_labels.append(label)

    def refresh(self):
        """Redraw every chart now from the latest picture."""
        for _, draw in self._parts:
            draw()

    def _history(self):
        picture = self.picture
        if self._history_of is not picture:  # copies, one consistent length, once a picture
            self._history_of, self._history_cache = picture, picture.history()
        return self._history_cache

    def _draw_loss(self):
        picture = self.picture
        h = self._history()
        steps = h["step"]
        self.drawn_step = int(steps[-1]) if len(steps) else -1
        self.train_curve.setData(steps, h["train_loss"])
        test = ~np.isnan(h["test_loss"])
        self.test_curve.setData(steps[test], h["test_loss"][test])
        clipped = h["clipped"]
        self.clip_marks.setData(steps[clipped], h["train_loss"][clipped])
        self._show_empty(not len(steps))
        if self.diverged_line is not None:
            self.loss_plot.removeItem(self.diverged_line)
            self.diverged_line = None
        if picture.diverged is not None:
            self.diverged_line = pg.InfiniteLine(picture.diverged.step, angle=90,
                                                 pen=pg.mkPen("r", width=2),
                                                 label=self.tr("diverged"))
            self.loss_plot.addItem(self.diverged_line)

    def _draw_accuracy(self):
        h = self._history()
        self.acc_curve.setData(h["step"], h["train_accuracy"])

    def _draw_lr(self):
        h = self._history()
        self.lr_curve.setData(h["step"], h["lr"])

    def _draw_grad(self):
        h = self._history()
        steps, per_row = h["step"], h["grad_norm_per_row"]
        if per_row.size:
            # x is the step: a long run's old steps are buckets (galton.core.history), so
            # the records are spread over the steps they stand for.
            start, end = int(steps[0]), int(steps[-1] + h["span"][-1])
            # No more columns than the chart has pixels: a wider image only costs time to
            # scale down on every repaint.
            pixels = self.grad_plot.getPlotItem().getViewBox().width()
            columns = max(1, min(end - start, 4000, max(64, round(pixels))))
            at = start + (np.arange(columns) + 0.5) * (end - start) / columns
            picked = per_row[np.searchsorted(steps, at, side="right") - 1]
            self.grad_image.setImage(np.log10(picked + 1e-12), autoLevels=True)
            self.grad_image.setRect(start, 0, end - start, per_row.shape[1])
        else:
            self.grad_image.clear()


def _history_key(picture) -> tuple:
    """What the history charts of ``picture`` show: equal keys, equal charts."""
    diverged, h = picture.diverged, picture._history
    return (picture.trainer_id, picture._history_len, picture._history_until,
            h.steps_recorded, h.last("step"), h.last("train_loss"),
            None if diverged is None else diverged.step)
