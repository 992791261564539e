"""Drawing the board with a QPainter: shared by the board view (a widget, wall-clock balls)
and the exporter (a QImage, balls placed by frame time). Only QtGui: it paints on anything.

``BoardPicture`` holds what to draw as plain numbers; ``BoardGeometry`` places pegs and bins
in a width x height area; ``paint_board`` draws. Balls in flight come as (slots, label, t)
with t the rows travelled so far, so the caller owns the clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainterPath, QPen, QPolygonF

BACKGROUND = QColor(250, 249, 245)

#: Okabe & Ito's colour-blind-safe palette, plus a distinct marker shape per class.
OKABE_ITO = ((230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66), (0, 114, 178),
             (213, 94, 0), (204, 121, 167), (0, 0, 0))
SHAPES = ("circle", "square", "triangle", "diamond", "triangle_down", "cross", "hexagon", "star")


@dataclass
class BoardPicture:
    rows: int
    cup_lo: np.ndarray
    cup_hi: np.ndarray
    bin_to_cup: np.ndarray
    cup_names: tuple  # a name per cup
    colours: tuple  # an (r, g, b) per class, and per cup by index
    paddles: np.ndarray  # per peg, in [0, 1]: 0.5 upright and grey
    landed: np.ndarray  # balls per bin
    expected: np.ndarray  # expected share per bin (sums to 1)
    balls: tuple = ()  # (slots, label, t) in flight, t in rows travelled
    traces: tuple = ()  # (slots, label) of landed balls
    inspected: tuple | None = None  # (slots, label): a highlighted path
    colour_blind: bool = False
    caption: str = ""  # the line under the histogram

    def rgb(self, c) -> tuple:
        c = int(c)
        return self.colours[c] if 0 <= c < len(self.colours) else (150, 150, 150)


class BoardGeometry:
    """Where pegs and bins sit in a ``width`` x ``height`` area (``scale``: text and margins,
    1 in the app)."""

    def __init__(self, width: float, height: float, rows: int, scale: float = 1.0):
        self.width, self.height, self.rows, self.scale = float(width), float(height), rows, scale
        board_h = height * 0.58
        self.dx = min((width - 40 * scale) / (rows + 1), board_h / (rows + 1) * 1.2)
        self.dy = board_h / (rows + 1)
        self.top = 20 * scale + self.dy * 0.5
        self.cx = width / 2

    def node(self, row, slot) -> QPointF:
        return QPointF(self.cx + (slot - row / 2) * self.dx, self.top + row * self.dy)

    def ball(self, slots, t: float) -> QPointF:
        """A ball ``t`` rows down its path, with a little hop over each peg."""
        t = min(max(0.0, t), len(slots) - 1.0)
        row = min(int(t), len(slots) - 2)
        frac = t - row
        a, b = self.node(row, slots[row]), self.node(row + 1, slots[row + 1])
        lift = -0.35 * self.dy * math.sin(math.pi * frac)
        return QPointF(a.x() + (b.x() - a.x()) * frac, a.y() + (b.y() - a.y()) * frac + lift)


def paint_board(painter, picture: BoardPicture, width: float, height: float,
                font: QFont, scale: float = 1.0) -> BoardGeometry:
    """Draw ``picture`` into (0, 0, width, height) of ``painter``; returns the geometry."""
    from PySide6.QtGui import QPainter

    painter.setRenderHint(QPainter.Antialiasing)
    painter.fillRect(QRectF(0, 0, width, height), BACKGROUND)
    g = BoardGeometry(width, height, picture.rows, scale)
    rows, dx, dy = picture.rows, g.dx, g.dy
    for slots, label in picture.traces:
        path = QPainterPath(g.node(0, 0))
        for r in range(1, rows + 1):
            path.lineTo(g.node(r, slots[r]))
        painter.setPen(QPen(QColor(*picture.rgb(label), 60), 1.2 * scale))
        painter.drawPath(path)
    # Pegs as paddles.
    radius = max(2.0, min(dx, dy) * 0.12)
    paddle = max(5.0, min(dx, dy) * 0.42)
    for r in range(rows):
        for k in range(r + 1):
            p = float(picture.paddles[r * (r + 1) // 2 + k])
            pos = g.node(r, k)
            angle = (p - 0.5) * math.pi * 0.8
            painter.setPen(QPen(diverging(p), max(3.0, radius * 1.3), Qt.SolidLine, Qt.RoundCap))
            ex, ey = math.sin(angle) * paddle, math.cos(angle) * paddle * 0.25
            painter.drawLine(QPointF(pos.x() - ex, pos.y() - ey),
                             QPointF(pos.x() + ex, pos.y() + ey))
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor(60, 60, 70))
            painter.drawEllipse(pos, radius * 0.6, radius * 0.6)
    _cups_and_histogram(painter, picture, g, font, scale)
    if picture.inspected is not None:
        slots, label = picture.inspected
        path = QPainterPath(g.node(0, 0))
        for r in range(1, rows + 1):
            path.lineTo(g.node(r, slots[r]))
        painter.setPen(QPen(QColor(*picture.rgb(label)).darker(140), 4 * scale))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(path)
    # Balls in flight.
    ball_r = max(2.5, min(dx, dy) * 0.11)
    painter.setPen(Qt.NoPen)
    for slots, label, t in picture.balls:
        painter.setBrush(QColor(*picture.rgb(label)))
        centre = g.ball(slots, t)
        if picture.colour_blind:
            painter.setPen(QPen(QColor(40, 40, 40), 0.8))
            draw_marker(painter, SHAPES[label % len(SHAPES)], centre, ball_r * 1.2)
            painter.setPen(Qt.NoPen)
        else:
            painter.drawEllipse(centre, ball_r, ball_r)
    return g


@dataclass
class HistogramLayout:
    """Where the cups, the bars of landed balls and the dashed expected line go. Every bar and
    every point of the line lies inside its cup's frame, below the frame's rounded top and
    its pen (``inner_top``), however tall the tallest bar is."""

    frames: list  # QRectF per cup
    labels: list  # QRectF per cup: its name under the bars
    bars: list  # QRectF per bin
    expected: list  # QPointF per bin
    inner_top: float
    pen: float


def histogram_layout(picture, g: BoardGeometry, scale: float = 1.0) -> HistogramLayout:
    rows, dx, dy = picture.rows, g.dx, g.dy
    bins_y = g.top + rows * dy
    hist_top = bins_y + dy * 0.4
    hist_h = max(30.0, g.height - hist_top - 46 * scale)
    pen, radius = 2 * scale, 6 * scale
    # Headroom for the frame's rounded corner and its pen, and half the dashed line's pen.
    inner_top = hist_top + radius + pen
    room = hist_top + hist_h - inner_top
    counts = picture.landed
    expected = picture.expected * max(1, counts.sum())
    peak = max(1.0, counts.max(initial=0), expected.max(initial=0))
    frames, labels = [], []
    for c in range(len(picture.cup_lo)):
        lo, hi = int(picture.cup_lo[c]), int(picture.cup_hi[c])
        left = g.node(rows, lo).x() - dx / 2
        right = g.node(rows, hi - 1).x() + dx / 2
        frames.append(QRectF(left + 2, hist_top, right - left - 4, hist_h + 22 * scale))
        labels.append(QRectF(left, hist_top + hist_h + 2 * scale, right - left, 20 * scale))
    # Narrow bins: the bar keeps clear of the frame's side pens.
    bar_w = max(1.0, min(dx * 0.8, dx - 4 - 2 * pen))
    bars, points = [], []
    base = hist_top + hist_h
    for j in range(rows + 1):
        x = g.node(rows, j).x()
        height = room * counts[j] / peak
        bars.append(QRectF(x - bar_w / 2, base - height, bar_w, height))
        points.append(QPointF(x, base - room * expected[j] / peak))
    return HistogramLayout(frames, labels, bars, points, inner_top, pen)


def _cups_and_histogram(painter, picture, g: BoardGeometry, font: QFont, scale: float):
    layout = histogram_layout(picture, g, scale)
    bold = QFont(font)
    bold.setBold(True)
    # Cups: a tinted band behind each cup's bins, labelled with the class colour.
    for c, (frame, label) in enumerate(zip(layout.frames, layout.labels, strict=True)):
        rgb = picture.rgb(c)
        painter.setPen(QPen(QColor(*rgb), layout.pen))
        painter.setBrush(QColor(*rgb, 28))
        painter.drawRoundedRect(frame, 6 * scale, 6 * scale)
        painter.setPen(QColor(*rgb).darker(130))
        painter.setFont(bold)
        painter.drawText(label, Qt.AlignCenter, picture.cup_names[c])
    # Landed balls per bin.
    painter.setPen(Qt.NoPen)
    for j, bar in enumerate(layout.bars):
        painter.setBrush(QColor(*picture.rgb(picture.bin_to_cup[j]), 170))
        painter.drawRect(bar)
    # Exact expected distribution.
    path = QPainterPath()
    for j, pt in enumerate(layout.expected):
        path.moveTo(pt) if j == 0 else path.lineTo(pt)
    painter.setPen(QPen(QColor(30, 30, 30), 1.6 * scale, Qt.DashLine))
    painter.setBrush(Qt.NoBrush)
    painter.drawPath(path)
    painter.setPen(QColor(70, 70, 70))
    painter.setFont(fitted(font, picture.caption, g.width - 8))
    painter.drawText(QRectF(0, g.height - 22 * scale, g.width, 20 * scale), Qt.AlignCenter,
                     picture.caption)


def fitted(font: QFont, text: str, width: float, smallest: float = 7.0) -> QFont:
    """``font``, made smaller if ``text`` would not fit in ``width`` pixels."""
    from PySide6.QtGui import QFontMetricsF

    need = QFontMetricsF(font).horizontalAdvance(text)
    if need <= width or need <= 0:
        return font
    smaller = QFont(font)
    if font.pixelSize() > 0:
        smaller.setPixelSize(max(round(smallest), int(font.pixelSize() * width / need)))
    else:
        smaller.setPointSizeF(max(smallest, font.pointSizeF() * width / need))
    return smaller


def landed_stats(counts) -> tuple | None:
    """(total, mean bin, std) of landed balls, or None if none landed."""
    total = int(np.sum(counts))
    if not total:
        return None
    bins = np.arange(len(counts))
    mean = float((counts * bins).sum() / total)
    std = float(np.sqrt((counts * (bins - mean) ** 2).sum() / total))
    return total, mean, std


def draw_marker(painter, shape, c, r):
    """A filled marker of the given shape centred on ``c``."""
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


def diverging(p: float) -> QColor:
    """Grey at p = 0.5, blue towards left (p -> 0), red towards right (p -> 1)."""
    t = max(0.0, min(1.0, p))
    if t < 0.5:
        a = (0.5 - t) * 2
        return QColor(int(140 - 100 * a), int(140 - 40 * a), int(150 + 90 * a))
    a = (t - 0.5) * 2
    return QColor(int(140 + 100 * a), int(140 - 80 * a), int(150 - 110 * a))
