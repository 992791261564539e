"""The board view: pegs as paddles, balls falling along their sampled paths, cups, histogram.

A paddle's tilt and colour show p_right at that peg for the selected ball colour (the mean
over the balls of that colour): upright and grey is 50/50, tilted right and warm sends balls
right. Under the bins, the histogram of landed balls is drawn with the exact expected
distribution (from the forward pass) as a line, so an untrained board shows the binomial.

It draws the session's latest ``Picture`` (galton.qt.bridge): a copy of the pegs, never the
array Play's thread turns.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from galton.qt.board_paint import (  # noqa: F401  (OKABE_ITO, SHAPES: this module's names too)
    OKABE_ITO,
    SHAPES,
    BoardGeometry,
    BoardPicture,
    landed_stats,
    paint_board,
)

MAX_IN_FLIGHT = 5000


class BoardView(QWidget):
    def __init__(self, session, parent=None, bridge=None):
        super().__init__(parent)
        self.session = session
        if bridge is None:
            from galton.qt.bridge import SessionBridge

            bridge = SessionBridge(session, self)
        self.shown = bridge.picture
        self.setMinimumSize(360, 300)
        self.setMouseTracking(True)
        # Takes the keyboard focus so single-key shortcuts (Space, S, R, ...) reach the window
        # instead of being typed into a spin box.
        self.setFocusPolicy(Qt.StrongFocus)
        self.selected_class = 0
        self.rows_per_second = 8.0
        self.trace_paths = False
        self._balls = []  # in flight: dicts with slots, colour, t0
        self._landed = None  # counts per bin
        self._expected = None
        self._peg_p = None
        self._traces = []
        self.inspected = None  # the ball clicked last: its path is highlighted
        self.colour_blind = False  # Okabe-Ito colours and a shape per class
        self.paddle_mode = "p_right"  # or "bias" / "weight": what the paddles show
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(16)
        self.frame_times = []
        for name in ("board", "params", "data"):
            bridge.connect(name, self._on_model)
        bridge.connect("dropped", self._on_dropped)
        self._on_model(self.shown)

    # --- model -> view -----------------------------------------------------------------------
    @property
    def drawn_theta(self):
        """The pegs the paddles show (what the user sees)."""
        return self.shown.theta

    def _on_model(self, picture, *args):
        if picture.version < self.shown.version:
            return  # an older moment, queued behind a newer one
        self.shown = picture
        board = picture.board
        if self._landed is None or self._landed.shape[0] != board.n_bins:
            self._landed = np.zeros(board.n_bins, dtype=np.int64)
            self._balls.clear()
            self._traces.clear()
        self.selected_class = min(self.selected_class, picture.data.n_classes - 1)
        self._peg_p = None
        self._expected = None
        self.update()

    def clear_landed(self):
        self._landed = np.zeros(self.shown.board.n_bins, dtype=np.int64)
        self._traces.clear()
        self.update()

    def _on_dropped(self, picture, drop):
        if picture.board.n_bins != self._landed.shape[0]:
            return  # dropped through a board that is gone already
        labels, _ = picture.last_drop
        features = picture.last_drop_features
        now = time.perf_counter()
        slots = drop.slots()
        stagger = 0.04 if len(drop) > 1 else 0.0
        for i in range(len(drop)):
            if len(self._balls) >= MAX_IN_FLIGHT:
                break
            self._balls.append({"slots": slots[i], "rgb": self.class_rgb(labels[i]),
                                "t0": now + stagger * (i % 50), "x": features[i],
                                "label": int(labels[i])})
        self._expected = None
        if not self._timer.isActive():
            self._timer.start(16)

    def class_rgb(self, c) -> tuple:
        if self.colour_blind:
            return OKABE_ITO[int(c) % len(OKABE_ITO)]
        colours = self.shown.data.class_colors
        return colours[c] if c < len(colours) else (150, 150, 150)

    def paddle_values(self):
        """What each paddle shows, as a number in [0, 1] (0.5 = upright and grey)."""
        board = self.shown.board
        if self.paddle_mode == "bias":
            return 1.0 / (1.0 + np.exp(-board.theta[:, -1]))  # the push of the bias alone
        if self.paddle_mode == "weight":
            size = np.linalg.norm(board.theta[:, :-1], axis=1)
            return 0.5 + 0.5 * np.tanh(size / 2.0)  # bigger weights lean further and warmer
        return self.peg_probabilities()

    def peg_probabilities(self):
        """Mean p_right per peg over the balls of the selected colour (cached until change)."""
        if self._peg_p is None:
            data = self.shown.train_set
            members = data.X[data.y == self.selected_class]
            if len(members) == 0:
                members = data.X
            self._peg_p = self.shown.board.peg_probabilities(members).mean(axis=0)
        return self._peg_p

    def expected_bins(self):
        if self._expected is None:
            pool = self.shown.test_set or self.shown.train_set
            self._expected = self.shown.board.bin_probabilities(pool.X).mean(axis=0)
        return self._expected

    # --- geometry ----------------------------------------------------------------------------
    def geometry_now(self) -> BoardGeometry:
        return BoardGeometry(self.width(), self.height(), self.shown.board.rows)

    def _layout(self):
        g = self.geometry_now()
        return g.rows, g.dx, g.dy, g.top, g.cx

    def node_pos(self, row, slot):
        return self.geometry_now().node(row, slot)

    # --- animation ---------------------------------------------------------------------------
    def _tick(self):
        start = time.perf_counter()
        if not self._balls:
            return
        rows = self.shown.board.rows
        keep = []
        for ball in self._balls:
            t = (start - ball["t0"]) * self.rows_per_second
            if t >= rows:
                self._landed[ball["slots"][-1]] += 1
                if self.trace_paths and len(self._traces) < 200:
                    self._traces.append((ball["slots"], ball["label"]))
            else:
                keep.append(ball)
        self._balls = keep
        self.update()
        self.frame_times.append(time.perf_counter() - start)
        del self.frame_times[:-600]

    def _ball_pos(self, ball, now):
        # Clamped: a ball may reach the bins between the last tick and this paint.
        t = (now - ball["t0"]) * self.rows_per_second
        return self.geometry_now().ball(ball["slots"], t)

    # --- drawing -----------------------------------------------------------------------------
    def paintEvent(self, event):
        painter = QPainter(self)
        try:
            paint_board(painter, self.picture(), self.width(), self.height(),
                        QFont(self.font().family(), 9))
        finally:
            painter.end()  # even if drawing failed, or Qt aborts on the active painter

    def picture(self, now=None) -> BoardPicture:
        """What the board shows at wall-clock time ``now`` (default: this moment)."""
        now = time.perf_counter() if now is None else now
        board, data = self.shown.board, self.shown.data
        stats = landed_stats(self._landed)
        if stats:
            caption = self.tr("{0} balls landed   mean bin {1:.2f}   std {2:.2f}   "
                              "(dashed: expected)").format(*stats)
        else:
            caption = self.tr("drop balls to fill the cups   (dashed: expected distribution)")
        balls = tuple((b["slots"], b["label"], (now - b["t0"]) * self.rows_per_second)
                      for b in self._balls if now >= b["t0"])
        inspected = self.inspected
        return BoardPicture(
            rows=board.rows, cup_lo=board.cup_layout.lo, cup_hi=board.cup_layout.hi,
            bin_to_cup=board.bin_to_cup,
            cup_names=tuple(data.class_names[c] if c < data.n_classes else f"cup {c}"
                            for c in range(board.cups)),
            colours=tuple(self.class_rgb(c) for c in range(max(board.cups, data.n_classes))),
            paddles=self.paddle_values(), landed=self._landed, expected=self.expected_bins(),
            balls=balls, traces=tuple(self._traces),
            inspected=None if inspected is None else (inspected["slots"], inspected["label"]),
            colour_blind=self.colour_blind, caption=caption)

    # --- hover: what is this peg doing? ------------------------------------------------------
    def peg_at(self, pos):
        rows, dx, dy, top, cx = self._layout()
        r = round((pos.y() - top) / dy)
        if not 0 <= r < rows:
            return None
        k = round((pos.x() - cx) / dx + r / 2)
        if not 0 <= k <= r:
            return None
        centre = self.node_pos(r, k)
        if math.hypot(centre.x() - pos.x(), centre.y() - pos.y()) > 0.45 * min(dx, dy):
            return None
        return r, k

    def peg_report(self, r, k) -> str:
        picture = self.shown
        board = picture.board
        idx = board.peg_index(r, k)
        data = picture.train_set
        w, b = board.theta[idx, :-1], board.theta[idx, -1]
        lines = [f"peg ({r}, {k})", "weights: " + ", ".join(
            f"{n}={v:+.3f}" for n, v in zip(data.feature_names, w, strict=True)),
            f"bias: {b:+.3f}"]
        for c, name in enumerate(picture.data.class_names):
            members = data.X[data.y == c]
            if len(members):
                p = board.peg_probabilities(members)[:, idx].mean()
                lines.append(f"p_right for {name}: {p:.3f}")
        import galton

        _, grad = galton.loss_and_grad(board, data.X, data.y, picture.loss)
        lines.append("gradient: " + ", ".join(f"{v:+.2e}" for v in grad[idx]))
        return "\n".join(lines)

    def ball_at(self, pos, now=None):
        """The ball in flight nearest to ``pos`` (within a few pixels), or None."""
        now = time.perf_counter() if now is None else now
        _, dx, dy, _, _ = self._layout()
        best, best_d = None, max(8.0, min(dx, dy) * 0.3)
        for ball in self._balls:
            if now < ball["t0"]:
                continue
            p = self._ball_pos(ball, now)
            d = math.hypot(p.x() - pos.x(), p.y() - pos.y())
            if d < best_d:
                best, best_d = ball, d
        return best

    def ball_report(self, ball) -> str:
        """A ball's path: each peg's p_right for it, the turn it took, and its share of the
        gradient (its own gradient divided by the number of training balls)."""
        import galton

        picture = self.shown
        board = picture.board
        x, y, slots = ball["x"], ball["label"], ball["slots"]
        p = board.peg_probabilities(x[None, :])[0]
        value, grad = galton.loss_and_grad(board, x[None, :], [y], picture.loss)
        share = grad / len(picture.train_set)
        names = picture.data.class_names
        lines = [f"a {names[y]} ball: " + ", ".join(
            f"{n}={v:.2f}" for n, v in zip(picture.data.feature_names, x, strict=True)),
            (f"its loss: {value:.4f}   (lands in bin {slots[-1]}, cup "
             f"{board.bin_to_cup[slots[-1]]})")]
        for r in range(min(board.rows, len(slots) - 1)):
            k = int(slots[r])
            idx = board.peg_index(r, k)
            turn = "right" if slots[r + 1] > k else "left"
            lines.append(f"row {r}: peg ({r}, {k}) p_right {p[idx]:.3f} -> {turn};  "
                         f"|gradient share| {np.linalg.norm(share[idx]):.2e}")
        return "\n".join(lines)

    def select_class(self, index):
        """Paddles show p_right for colour ``index``."""
        self.selected_class = max(0, index)
        self._peg_p = None
        self.update()

    def mousePressEvent(self, event):
        ball = self.ball_at(event.position())
        self.inspected = ball
        if ball is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.ball_report(ball), self)
        self.update()

    def mouseMoveEvent(self, event):
        peg = self.peg_at(event.position())
        if peg is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.peg_report(*peg), self)


