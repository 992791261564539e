"""The board view: pegs as paddles, balls falling along their sampled paths, cups, histogram.

A paddle's tilt and colour show p_right at that peg for the selected ball colour (the mean
over the balls of that colour): upright and grey is 50/50, tilted right and warm sends balls
right. Under the bins, the histogram of landed balls is drawn with the exact expected
distribution (from the forward pass) as a line, so an untrained board shows the binomial.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QToolTip, QWidget

MAX_IN_FLIGHT = 5000

#: Okabe & Ito's colour-blind-safe palette, plus a distinct marker shape per class.
OKABE_ITO = ((230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66), (0, 114, 178),
             (213, 94, 0), (204, 121, 167), (0, 0, 0))
SHAPES = ("circle", "square", "triangle", "diamond", "triangle_down", "cross", "hexagon", "star")


class BoardView(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setMinimumSize(480, 420)
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
            session.events.connect(name, self._on_model)
        session.events.connect("dropped", self._on_dropped)
        self._on_model(session)

    # --- model -> view -----------------------------------------------------------------------
    def _on_model(self, session, *args):
        board = self.session.board
        if self._landed is None or self._landed.shape[0] != board.n_bins:
            self._landed = np.zeros(board.n_bins, dtype=np.int64)
            self._balls.clear()
            self._traces.clear()
        self.selected_class = min(self.selected_class, self.session.data.n_classes - 1)
        self._peg_p = None
        self._expected = None
        self.update()

    def clear_landed(self):
        self._landed = np.zeros(self.session.board.n_bins, dtype=np.int64)
        self._traces.clear()
        self.update()

    def _on_dropped(self, session, drop):
        labels, _ = session.last_drop
        features = session.last_drop_features
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
        colours = self.session.data.class_colors
        return colours[c] if c < len(colours) else (150, 150, 150)

    def paddle_values(self):
        """What each paddle shows, as a number in [0, 1] (0.5 = upright and grey)."""
        board = self.session.board
        if self.paddle_mode == "bias":
            return 1.0 / (1.0 + np.exp(-board.theta[:, -1]))  # the push of the bias alone
        if self.paddle_mode == "weight":
            size = np.linalg.norm(board.theta[:, :-1], axis=1)
            return 0.5 + 0.5 * np.tanh(size / 2.0)  # bigger weights lean further and warmer
        return self.peg_probabilities()

    def peg_probabilities(self):
        """Mean p_right per peg over the balls of the selected colour (cached until change)."""
        if self._peg_p is None:
            data = self.session.train_set
            members = data.X[data.y == self.selected_class]
            if len(members) == 0:
                members = data.X
            self._peg_p = self.session.board.peg_probabilities(members).mean(axis=0)
        return self._peg_p

    def expected_bins(self):
        if self._expected is None:
            pool = self.session.test_set or self.session.train_set
            self._expected = self.session.board.bin_probabilities(pool.X).mean(axis=0)
        return self._expected

    # --- geometry ----------------------------------------------------------------------------
    def _layout(self):
        board = self.session.board
        w, h = self.width(), self.height()
        rows = board.rows
        board_h = h * 0.58
        dx = min((w - 40) / (rows + 1), board_h / (rows + 1) * 1.2)
        dy = board_h / (rows + 1)
        top = 20 + dy * 0.5
        cx = w / 2
        return rows, dx, dy, top, cx

    def node_pos(self, row, slot):
        rows, dx, dy, top, cx = self._layout()
        return QPointF(cx + (slot - row / 2) * dx, top + row * dy)

    # --- animation ---------------------------------------------------------------------------
    def _tick(self):
        start = time.perf_counter()
        if not self._balls:
            return
        rows = self.session.board.rows
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
        slots = ball["slots"]
        # Clamped: a ball may reach the bins between the last tick and this paint.
        t = min(max(0.0, (now - ball["t0"]) * self.rows_per_second), len(slots) - 1.0)
        row = min(int(t), len(slots) - 2)
        frac = t - row
        a = self.node_pos(row, slots[row])
        b = self.node_pos(row + 1, slots[row + 1])
        _, dx, dy, _, _ = self._layout()
        # A little hop over the peg: up, then down to the next row.
        lift = -0.35 * dy * math.sin(math.pi * frac)
        return QPointF(a.x() + (b.x() - a.x()) * frac, a.y() + (b.y() - a.y()) * frac + lift)

    # --- drawing -----------------------------------------------------------------------------
    def paintEvent(self, event):
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()  # even if drawing failed, or Qt aborts on the active painter

    def _paint(self, painter):
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), QColor(250, 249, 245))
        board = self.session.board
        rows, dx, dy, top, cx = self._layout()
        p_right = self.paddle_values()
        # Traces of landed balls (path-trace mode).
        for slots, label in self._traces:
            rgb = self.class_rgb(label)
            path = QPainterPath(self.node_pos(0, 0))
            for r in range(1, rows + 1):
                path.lineTo(self.node_pos(r, slots[r]))
            painter.setPen(QPen(QColor(*rgb, 60), 1.2))
            painter.drawPath(path)
        # Pegs as paddles.
        radius = max(2.0, min(dx, dy) * 0.12)
        paddle = max(5.0, min(dx, dy) * 0.42)
        for r in range(rows):
            for k in range(r + 1):
                p = float(p_right[r * (r + 1) // 2 + k])
                pos = self.node_pos(r, k)
                angle = (p - 0.5) * math.pi * 0.8
                colour = _diverging(p)
                painter.setPen(QPen(colour, max(3.0, radius * 1.3), Qt.SolidLine, Qt.RoundCap))
                ex, ey = math.sin(angle) * paddle, math.cos(angle) * paddle * 0.25
                painter.drawLine(QPointF(pos.x() - ex, pos.y() - ey),
                                 QPointF(pos.x() + ex, pos.y() + ey))
                painter.setPen(Qt.NoPen)
                painter.setBrush(QColor(60, 60, 70))
                painter.drawEllipse(pos, radius * 0.6, radius * 0.6)
        self._draw_cups_and_histogram(painter, rows, dx, dy, top, cx)
        if self.inspected is not None:
            slots = self.inspected["slots"]
            path = QPainterPath(self.node_pos(0, 0))
            for r in range(1, rows + 1):
                path.lineTo(self.node_pos(r, slots[r]))
            painter.setPen(QPen(QColor(*self.class_rgb(self.inspected["label"])).darker(140), 4))
            painter.setBrush(Qt.NoBrush)
            painter.drawPath(path)
        # Balls in flight.
        now = time.perf_counter()
        ball_r = max(2.5, min(dx, dy) * 0.11)
        painter.setPen(Qt.NoPen)
        for ball in self._balls:
            if now < ball["t0"]:
                continue
            rgb = self.class_rgb(ball["label"])
            painter.setBrush(QColor(*rgb))
            centre = self._ball_pos(ball, now)
            if self.colour_blind:
                painter.setPen(QPen(QColor(40, 40, 40), 0.8))
                _draw_marker(painter, SHAPES[ball["label"] % len(SHAPES)], centre, ball_r * 1.2)
                painter.setPen(Qt.NoPen)
            else:
                painter.drawEllipse(centre, ball_r, ball_r)

    def _draw_cups_and_histogram(self, painter, rows, dx, dy, top, cx):
        board = self.session.board
        data = self.session.data
        h = self.height()
        bins_y = top + rows * dy
        hist_top = bins_y + dy * 0.4
        hist_h = max(30.0, h - hist_top - 46)
        counts = self._landed
        expected = self.expected_bins() * max(1, counts.sum())
        peak = max(1.0, counts.max(initial=0), expected.max(initial=0))
        bar_w = dx * 0.8
        # Cups: a tinted band behind each cup's bins, labelled with the class colour.
        for c in range(board.cups):
            lo, hi = int(board.cup_layout.lo[c]), int(board.cup_layout.hi[c])
            left = self.node_pos(rows, lo).x() - dx / 2
            right = self.node_pos(rows, hi - 1).x() + dx / 2
            rgb = self.class_rgb(c)
            painter.setPen(QPen(QColor(*rgb), 2))
            painter.setBrush(QColor(*rgb, 28))
            painter.drawRoundedRect(QRectF(left + 2, hist_top, right - left - 4, hist_h + 22), 6, 6)
            name = data.class_names[c] if c < data.n_classes else f"cup {c}"
            painter.setPen(QColor(*rgb).darker(130))
            painter.setFont(QFont(self.font().family(), 9, QFont.Bold))
            painter.drawText(QRectF(left, hist_top + hist_h + 2, right - left, 20),
                             Qt.AlignCenter, name)
        # Landed balls per bin.
        painter.setPen(Qt.NoPen)
        for j in range(rows + 1):
            x = self.node_pos(rows, j).x()
            height = hist_h * counts[j] / peak
            rgb = self.class_rgb(board.bin_to_cup[j])
            painter.setBrush(QColor(*rgb, 170))
            painter.drawRect(QRectF(x - bar_w / 2, hist_top + hist_h - height, bar_w, height))
        # Exact expected distribution.
        path = QPainterPath()
        for j in range(rows + 1):
            pt = QPointF(self.node_pos(rows, j).x(), hist_top + hist_h - hist_h * expected[j] / peak)
            path.moveTo(pt) if j == 0 else path.lineTo(pt)
        painter.setPen(QPen(QColor(30, 30, 30), 1.6, Qt.DashLine))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(path)
        total = int(counts.sum())
        if total:
            bins = np.arange(rows + 1)
            mean = float((counts * bins).sum() / total)
            std = float(np.sqrt((counts * (bins - mean) ** 2).sum() / total))
            text = self.tr("{0} balls landed   mean bin {1:.2f}   std {2:.2f}   "
                           "(dashed: expected)").format(total, mean, std)
        else:
            text = self.tr("drop balls to fill the cups   (dashed: expected distribution)")
        painter.setPen(QColor(70, 70, 70))
        painter.setFont(QFont(self.font().family(), 9))
        painter.drawText(QRectF(0, h - 22, self.width(), 20), Qt.AlignCenter, text)

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
        board = self.session.board
        idx = board.peg_index(r, k)
        data = self.session.train_set
        w, b = board.theta[idx, :-1], board.theta[idx, -1]
        lines = [f"peg ({r}, {k})", "weights: " + ", ".join(
            f"{n}={v:+.3f}" for n, v in zip(data.feature_names, w)), f"bias: {b:+.3f}"]
        for c, name in enumerate(self.session.data.class_names):
            members = data.X[data.y == c]
            if len(members):
                p = board.peg_probabilities(members)[:, idx].mean()
                lines.append(f"p_right for {name}: {p:.3f}")
        import galton

        _, grad = galton.loss_and_grad(board, data.X, data.y, self.session.trainer.loss)
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

        board = self.session.board
        x, y, slots = ball["x"], ball["label"], ball["slots"]
        p = board.peg_probabilities(x[None, :])[0]
        value, grad = galton.loss_and_grad(board, x[None, :], [y], self.session.trainer.loss)
        share = grad / len(self.session.train_set)
        names = self.session.data.class_names
        lines = [f"a {names[y]} ball: " + ", ".join(
            f"{n}={v:.2f}" for n, v in zip(self.session.data.feature_names, x)),
            f"its loss: {value:.4f}   (lands in bin {slots[-1]}, cup "
            f"{board.bin_to_cup[slots[-1]]})"]
        for r in range(board.rows):
            k = int(slots[r])
            idx = board.peg_index(r, k)
            turn = "right" if slots[r + 1] > k else "left"
            lines.append(f"row {r}: peg ({r}, {k}) p_right {p[idx]:.3f} -> {turn};  "
                         f"|gradient share| {np.linalg.norm(share[idx]):.2e}")
        return "\n".join(lines)

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


def _draw_marker(painter, shape, c, r):
    """A filled marker of the given shape centred on ``c``."""
    from PySide6.QtGui import QPolygonF

    def poly(points):
        painter.drawPolygon(QPolygonF([QPointF(c.x() + x * r, c.y() + y * r) for x, y in points]))

    if shape == "square":
        painter.drawRect(QRectF(c.x() - r * 0.85, c.y() - r * 0.85, r * 1.7, r * 1.7))
    elif shape == "triangle":
        poly([(0, -1.1), (1, 0.8), (-1, 0.8)])
    elif shape == "triangle_down":
        poly([(0, 1.1), (1, -0.8), (-1, -0.8)])
    elif shape == "diamond":
        poly([(0, -1.2), (1.1, 0), (0, 1.2), (-1.1, 0)])
    elif shape == "cross":
        poly([(-0.35, -1), (0.35, -1), (0.35, -0.35), (1, -0.35), (1, 0.35), (0.35, 0.35),
              (0.35, 1), (-0.35, 1), (-0.35, 0.35), (-1, 0.35), (-1, -0.35), (-0.35, -0.35)])
    elif shape == "hexagon":
        poly([(math.cos(a), math.sin(a)) for a in np.linspace(0, 2 * math.pi, 7)[:-1]])
    elif shape == "star":
        pts = []
        for i in range(10):
            a = -math.pi / 2 + i * math.pi / 5
            rad = 1.15 if i % 2 == 0 else 0.5
            pts.append((rad * math.cos(a), rad * math.sin(a)))
        poly(pts)
    else:
        painter.drawEllipse(c, r, r)


def _diverging(p: float) -> QColor:
    """Grey at p = 0.5, blue towards left (p -> 0), red towards right (p -> 1)."""
    t = max(0.0, min(1.0, p))
    if t < 0.5:
        a = (0.5 - t) * 2
        return QColor(int(140 - 100 * a), int(140 - 40 * a), int(150 + 90 * a))
    a = (t - 0.5) * 2
    return QColor(int(140 + 100 * a), int(140 - 80 * a), int(150 - 110 * a))
