"""Too large a step, seen where the step size is chosen: the divergence threshold 2/λ_max of
the board now marked on the step-size slider (λ_max measured in the background, on a copy of
the pegs), and a word beside it when the loss has started to zig-zag.

On a quadratic, plain SGD with momentum β is stable for η < (2 + 2β)/λ_max; the board's loss
is no quadratic, so the mark is where trouble starts near the pegs as they are, and the
oscillation word says what training actually does (from the loss history)."""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider

from galton.core import stepsize
from galton.qt.jobs import Jobs

#: Measure λ_max again at most this often while training (seconds).
EVERY = 2.0
#: The last this many losses decide whether training oscillates.
WINDOW = 16


class MarkedSlider(QSlider):
    """A slider with one red tick where the divergence threshold is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark: int | None = None

    def set_mark(self, value: int | None) -> None:
        if value != self.mark:
            self.mark = value
            self.update()

    def mark_x(self) -> int | None:
        if self.mark is None:
            return None
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderGroove, self)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        return groove.left() + handle.width() // 2 + QStyle.sliderPositionFromValue(
            self.minimum(), self.maximum(), self.mark, span)

    def paintEvent(self, event):
        super().paintEvent(event)
        x = self.mark_x()
        if x is None:
            return
        painter = QPainter(self)
        painter.setPen(QPen(QColor(200, 30, 30), 2))
        painter.drawLine(x, 1, x, self.height() - 2)
        painter.end()


def oscillating(losses) -> bool:
    """The last losses go up and down in turn (most consecutive changes flip sign) by more
    than rounding: the step overshoots the valley every time."""
    v = np.asarray(losses, dtype=np.float64)[-WINDOW:]
    v = v[np.isfinite(v)]
    if v.size < 6:
        return False
    d = np.diff(v)
    big = np.abs(d) > 1e-9 * max(1.0, float(np.max(np.abs(v))))
    if big.sum() < 4:
        return False
    signs = np.sign(d[big])
    return bool(np.mean(signs[1:] != signs[:-1]) > 0.6)


class StepEdge(QObject):
    """Keeps the controls' slider mark and note up to date with the session's picture."""

    def __init__(self, controls, to_slider, parent=None):
        super().__init__(parent or controls)
        self.controls = controls
        self.to_slider = to_slider
        self.edge: float | None = None
        self._asked = 0.0
        self.jobs = Jobs(self, "galton-step-edge")
        self.jobs.result.connect(self._on_result)

    def measure(self, picture) -> None:
        """λ_max of the pegs in ``picture``, in the background (the newest asked wins)."""
        settings = picture.settings["training"]
        if settings["optimizer"] != "sgd":
            self.edge = None
            self._show(picture)
            return
        now = time.monotonic()
        if picture.playing and now - self._asked < EVERY:
            self._show(picture)
            return
        self._asked = now
        board, X, y, loss = picture.board.copy(), picture.X, picture.y, picture.loss
        beta = float(settings["momentum"])

        def work(job):
            lam = stepsize.board_sharpness(board, X, y, loss=loss, iterations=15)
            return stepsize.divergence_threshold(lam, beta)

        self.jobs.submit("sharpness", work, self.jobs.new_generation())
        self._show(picture)

    def _on_result(self, generation, kind, edge):
        if generation != self.jobs.generation:
            return
        self.edge = float(edge) if math.isfinite(edge) else None
        self._show(self.controls.picture)

    def _show(self, picture) -> None:
        c = self.controls
        c.lr_slider.set_mark(None if self.edge is None else self.to_slider(self.edge))
        history = picture.history() if picture._history is not None else {}
        losses = history.get("train_loss", ())
        words = []
        if self.edge is not None:
            words.append(c.tr("2/λ_max ≈ {0:.3g} (red mark): larger steps overshoot")
                         .format(self.edge))
        if oscillating(losses):
            c.lr_note.setText(c.tr("⚠ oscillating"))
            c.lr_note.setStyleSheet("color:#b35900;font-weight:bold")
            words.append(c.tr("The loss goes up and down in turn: the step overshoots."))
        elif self.edge is not None and picture.lr > self.edge:
            c.lr_note.setText(c.tr("⚠ above 2/λ_max"))
            c.lr_note.setStyleSheet("color:#b35900;font-weight:bold")
        else:
            c.lr_note.setText("")
        c.lr_note.setToolTip("\n".join(words))
        c.lr_slider.setToolTip(c.slider_tip + ("\n" + words[0] if self.edge is not None
                                               else ""))

    def close(self) -> None:
        self.jobs.close()
