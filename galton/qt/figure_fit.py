"""Fitting a lesson plot's words into the room it has: a title that shrinks (then wraps) to its
width, a legend under the plot that wraps (never over the data), and notes and line labels
placed beside their point on the side where they fit, clear of each other and of the marked
points, in a smaller font where no side has room.

Pixels are only known once the plot is laid out, so PlotPanel runs ``fit_plot`` after every
resize; it sets the view range itself (auto-range would move the labels again)."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

TITLE_POINTS = (11.0, 10.0, 9.0, 8.0)
AXIS_POINTS = (9.0, 8.0, 7.0)
LABEL_PIXELS = (13, 12, 11, 10, 9)  # a note's font, tried largest first
GAP = 4.0  # pixels between a label and its point, the legend and the plot's edge
#: (anchor x, anchor y) of a note's text around its point: right-above, left-above,
#: right-below, left-below, then centred above and below.
NOTE_ANCHORS = ((-0.04, 1.1), (1.04, 1.1), (-0.04, -0.1), (1.04, -0.1), (0.5, 1.15),
                (0.5, -0.15), (-0.08, 0.5), (1.08, 0.5), (-0.04, 1.7), (1.04, 1.7),
                (-0.04, -0.7), (1.04, -0.7), (0.5, 2.1), (0.5, -1.1))


@dataclass
class Label:
    """A piece of text at a point of the plot (data coordinates, log10 on a log axis)."""

    item: pg.TextItem
    x: float
    y: float
    anchors: tuple = NOTE_ANCHORS
    marker: bool = True  # a dot is drawn at the point: keep the text off it
    #: Other points the text may stand at instead (a line's label: either end of the line).
    others: tuple = ()


_TOKENS = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+")


def wrap_lines(text: str, metrics, width: float) -> list[str]:
    """``text`` broken into lines of at most ``width`` pixels (where it can be): between
    words, and between Chinese characters."""
    lines, line = [], ""
    for token in _TOKENS.findall(text):
        trial = line + token
        if line.strip() and not token.isspace() and metrics.horizontalAdvance(trial) > width:
            lines.append(line.rstrip())
            line = token
        else:
            line = trial if line or not token.isspace() else ""
    lines.append(line.rstrip())
    return lines


def fit_title(item, text: str, width: float, color: str = "#222") -> None:
    """Set the plot's title at the largest size that fits ``width``; wrapped if none does."""
    if not text:
        item.setTitle(None)
        return
    width *= 0.94  # the title is HTML: its fonts (Chinese among them) measure a little wider
    for points in TITLE_POINTS:
        font = QFont()
        font.setPointSizeF(points)
        metrics = QFontMetricsF(font)
        if metrics.horizontalAdvance(text) <= width:
            item.setTitle(text, color=color, size=f"{points:g}pt")
            return
    lines = wrap_lines(text, metrics, width)
    height = len(lines) * metrics.lineSpacing() + 12
    item.setTitle("<br>".join(html.escape(line) for line in lines), color=color,
                  size=f"{TITLE_POINTS[-1]:g}pt")
    item.titleLabel.setMaximumHeight(height)
    item.layout.setRowFixedHeight(0, height)


def fit_axis_label(item, side: str, text: str, length: float, color: str = "#333") -> None:
    """An axis title at the largest size (down to 7 pt) that fits along ``length`` pixels,
    on two lines if it does not fit even then."""
    length -= 12  # the label's document margins
    for points in AXIS_POINTS:
        font = QFont()
        font.setPointSizeF(points)
        metrics = QFontMetricsF(font)
        if metrics.horizontalAdvance(text) <= length:
            item.setLabel(side, html.escape(text), color=color,
                          **{"font-size": f"{points:g}pt"})
            return
    lines = wrap_lines(text, metrics, length)
    item.setLabel(side, "<br>".join(html.escape(line) for line in lines), color=color,
                  **{"font-size": f"{AXIS_POINTS[-1]:g}pt"})


def data_bounds(points) -> tuple | None:
    """(x0, x1, y0, y1) of an (n, 2) array's finite points, or None."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    pts = pts[np.all(np.isfinite(pts), axis=1)]
    if not len(pts):
        return None
    return (float(pts[:, 0].min()), float(pts[:, 0].max()), float(pts[:, 1].min()),
            float(pts[:, 1].max()))


def _padded(lo, hi, padding=0.04):
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return -1.0, 1.0
    if hi - lo <= 0:
        d = max(abs(lo) * 0.1, 1.0)
        return lo - d, hi + d
    d = (hi - lo) * padding
    return lo - d, hi + d


def _to_pixels(vb, points) -> np.ndarray:
    """Scene pixels of (n, 2) view points, as an (n, 2) array."""
    rect = vb.viewRect()
    box = vb.sceneBoundingRect()
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if rect.width() == 0 or rect.height() == 0:
        return np.zeros_like(pts)
    px = box.left() + (pts[:, 0] - rect.left()) / rect.width() * box.width()
    py = box.top() + (rect.bottom() - pts[:, 1]) / rect.height() * box.height()
    return np.column_stack([px, py])


def _count_inside(rect: QRectF, pixels: np.ndarray) -> int:
    if not len(pixels):
        return 0
    r = rect.adjusted(-GAP, -GAP, GAP, GAP)
    return int(np.sum((pixels[:, 0] >= r.left()) & (pixels[:, 0] <= r.right())
                      & (pixels[:, 1] >= r.top()) & (pixels[:, 1] <= r.bottom())))


def _text_rect(label: Label, anchor, vb, at=None) -> QRectF:
    size = label.item.textItem.boundingRect()
    p = _to_pixels(vb, [at or (label.x, label.y)])[0]
    return QRectF(p[0] - anchor[0] * size.width(), p[1] - anchor[1] * size.height(),
                  size.width(), size.height())


def _overflow(rect: QRectF, box: QRectF) -> float:
    return (max(0.0, box.left() - rect.left()) + max(0.0, rect.right() - box.right())
            + max(0.0, box.top() - rect.top()) + max(0.0, rect.bottom() - box.bottom()))


def fit_plot(item, x_range, y_range, lines: np.ndarray, marked: np.ndarray,
             labels: list[Label], keep_range: bool = False) -> None:
    """Set the view to ``x_range``/``y_range`` (data bounds when None), then place
    ``labels``. ``lines`` holds every plotted sample (view coordinates), ``marked`` the
    points drawn with a marker, which nothing may hide."""
    vb = item.getViewBox()
    box = vb.sceneBoundingRect()
    if box.width() < 20 or box.height() < 20:
        return
    everything = np.vstack([lines.reshape(-1, 2), marked.reshape(-1, 2),
                            np.array([(lb.x, lb.y) for lb in labels]).reshape(-1, 2)])
    bounds = data_bounds(everything) or (-1.0, 1.0, -1.0, 1.0)
    x0, x1 = x_range if x_range is not None else _padded(bounds[0], bounds[1])
    y0, y1 = y_range if y_range is not None else _padded(bounds[2], bounds[3], 0.06)
    if not keep_range:
        vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0 if x_range is None else 0.02,
                    update=True)
    taken: list[QRectF] = []
    box = vb.sceneBoundingRect().adjusted(GAP / 2, GAP / 2, -GAP / 2, -GAP / 2)
    marks = _to_pixels(vb, marked)
    for label in labels:
        _place_label(label, vb, box, taken, marks)
    for _ in range(2):  # placed one after another; again, now that each knows all the others
        for k, label in enumerate(labels):
            others = taken[:k] + taken[k + 1:]
            if not any(taken[k].intersects(t) for t in others):
                continue
            _place_label(label, vb, box, others, marks)
            taken[k] = others.pop()


def _place_label(label: Label, vb, box: QRectF, taken: list, marks: np.ndarray) -> None:
    item = label.item
    item.setTextWidth(-1)  # one line, unless it has to wrap (below)
    spots = [(label.x, label.y), *label.others]
    best = None
    for pixels in LABEL_PIXELS:
        font = QFont(item.textItem.font())
        font.setPixelSize(pixels)
        item.setFont(font)
        for at in spots:
            for anchor in label.anchors:
                rect = _text_rect(label, anchor, vb, at)
                clash = sum(1 for t in taken if rect.intersects(t))
                # The label's own marker sits at its anchor corner; others must stay visible.
                hidden = _count_inside(rect.adjusted(GAP, GAP, -GAP, -GAP), marks)
                cost = 1000 * _overflow(rect, box) + 100 * clash + 10 * hidden
                if best is None or cost < best[0]:
                    best = (cost, pixels, anchor, rect, at)
                if cost == 0:
                    break
            if best[0] == 0:
                break
        if best[0] == 0:
            break
    if best[0] >= 1000 and box.width() > 40:
        # Wider than any side of its point has room for, even small: wrap it to the room.
        item.setTextWidth(max(40.0, box.width() * 0.55))
        best = None
        for at in spots:
            for anchor in label.anchors:
                rect = _text_rect(label, anchor, vb, at)
                clash = sum(1 for t in taken if rect.intersects(t))
                cost = 1000 * _overflow(rect, box) + 100 * clash
                if best is None or cost < best[0]:
                    best = (cost, LABEL_PIXELS[-1], anchor, rect, at)
    cost, pixels, anchor, rect, at = best
    font = QFont(item.textItem.font())
    font.setPixelSize(pixels)
    item.setFont(font)
    item.setAnchor(anchor)
    item.setPos(QPointF(*at))
    taken.append(rect)
