"""Text over the rendered landscape, painted by Qt so every script (Chinese included) looks as
the rest of the app: axis names and ranges along the floor map, the colour bar, labels with a
dark halo. Only QtGui: the landscape view and the exporter both paint with it."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

from galton.render.colormap import colormap_table

TEXT = QColor(222, 228, 238)
HALO = QColor(10, 12, 18, 200)


def number(v: float, digits: int = 3) -> str:
    return f"{v:.{digits}g}".replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


def loss_text(renderer, loss: float) -> str:
    """A marked point's loss as its label: rounding noise against the surface's range reads 0
    (the pond's lowest point computes as -3.38e-8 and was labelled so)."""
    spread = abs(renderer.value_at_height(1.0) - renderer.value_at_height(0.0))
    return number(0.0 if spread > 0 and abs(loss) < 1e-6 * spread else loss)


def distinct_numbers(values) -> list[str]:
    """Labels for tick ``values`` (lowest first) that differ wherever the values do: as few
    digits as tell them apart, up to 6; beyond that (a range tiny against the values' size)
    the lowest value and the others as "+difference" from it."""
    values = [float(v) for v in values]
    # A value that is rounding noise against the spread (the floor of a surface whose minimum
    # is 0 computes as -3.4e-8) reads as 0: the noise said nothing and widened the bar's labels.
    spread = max(values) - min(values)
    values = [0.0 if spread > 0 and abs(v) < 1e-6 * spread else v for v in values]
    for digits in range(3, 7):
        labels = [number(v, digits) for v in values]
        if len(set(labels)) == len(set(values)):
            return labels
    base = values[0]
    return [number(base)] + [f"+{number(v - base, 2)}" for v in values[1:]]


#: Finished labels (text, halo) as images, by (text, font, halo, pixel ratio): the same few
#: labels are painted on every picture of the landscape (the window paints them in its own
#: thread, ~15 pictures a second while a race runs), and stroking a halo around the glyphs is
#: most of the cost; a copy from the cache takes a tenth of it.
_SPRITES: OrderedDict = OrderedDict()
_SPRITES_LOCK = threading.Lock()  # the exporter's thread paints labels too
SPRITES_KEPT = 512


def _sprite(text: str, font: QFont, halo: float, ratio: float) -> tuple[QImage, float, float]:
    """(image, dx, dy): the label painted once, and where its top left sits relative to the
    baseline's start, in logical pixels."""
    key = (text, font.key(), halo, ratio)
    with _SPRITES_LOCK:
        found = _SPRITES.get(key)
        if found is not None:
            _SPRITES.move_to_end(key)
            return found
    path = QPainterPath()
    path.addText(QPointF(0.0, 0.0), font, text)
    box = path.boundingRect().adjusted(-halo, -halo, halo, halo)
    left, top = math.floor(box.left()), math.floor(box.top())
    w, h = math.ceil(box.right()) - left + 1, math.ceil(box.bottom()) - top + 1
    image = QImage(max(1, math.ceil(w * ratio)), max(1, math.ceil(h * ratio)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-left, -top)
        painter.strokePath(path, QPen(HALO, halo, Qt.PenStyle.SolidLine,
                                      Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.fillPath(path, TEXT)
    finally:
        painter.end()
    found = (image, float(left), float(top))
    with _SPRITES_LOCK:
        _SPRITES[key] = found
        while len(_SPRITES) > SPRITES_KEPT:
            _SPRITES.popitem(last=False)
    return found


def paint_text(painter, point: QPointF, text: str, align=Qt.AlignmentFlag.AlignLeft,
               font: QFont | None = None, halo: float = 3.0):
    """Text with a dark halo, readable on any colour of any colour map."""
    font = font or painter.font()
    metrics = QFontMetricsF(font)
    width = metrics.horizontalAdvance(text)
    x = point.x() - (width / 2 if align & Qt.AlignmentFlag.AlignHCenter else
                     width if align & Qt.AlignmentFlag.AlignRight else 0.0)
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    image, dx, dy = _sprite(text, font, halo, ratio)
    # On whole pixels: the label is the cached picture, not resampled.
    painter.drawImage(QPointF(round(x) + dx, round(point.y() + metrics.ascent() / 2 - 1) + dy),
                      image)


#: How far along its edge (of 1) an axis's end number sits at the corner both axes share.
CORNER = 0.8


def axis_labels(renderer, camera, width, height, axis_names, font: QFont,
                ranges: bool = True) -> list:
    """[(point, text, font, kind)] that ``paint_axes`` paints centred on ``point``: each
    axis's name (kind "name", in ``font``) and, with ``ranges``, its two ends' numbers (kind
    "range", in a smaller font)."""
    r, extent = renderer, renderer.extent
    eye = camera.eye()
    near_y = -1.0 if eye[1] < 0 else 1.0  # the x axis runs along the y edge seen first
    near_x = -1.0 if eye[0] < 0 else 1.0
    small = QFont(font)
    if small.pointSizeF() > 0:
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 6.0))
    else:  # the exporter sizes its fonts in pixels
        small.setPixelSize(max(round(small.pixelSize() * 0.85), 8))

    def at(axis, along, out):
        p = (along, near_y * (1 + out)) if axis == 0 else (near_x * (1 + out), along)
        q = r.project_world((*p, r.floor_z), width, height, camera)
        return None if q is None else QPointF(*q)

    out = []
    for axis, name, lo, hi, corner in ((0, axis_names[0], extent.x0, extent.x1, near_x),
                                       (1, axis_names[1], extent.y0, extent.y1, near_y)):
        labels = [(at(axis, 0.0, 0.22), name, font, "name")]
        if ranges:
            # The two axes' ends meet at the corner nearest the viewer: there each number
            # moves a little along its edge, or "4.5" and "-4.5" print over each other.
            labels += [(at(axis, -1.0 if corner > 0 else -CORNER, 0.1), number(lo), small,
                        "range"),
                       (at(axis, CORNER if corner > 0 else 1.0, 0.1), number(hi), small,
                        "range")]
        out += [label for label in labels if label[0] is not None]
    return out


def paint_axes(painter, renderer, camera, width, height, axis_names, halo: float = 3.0,
               ranges: bool = True):
    """Each axis is named along the edge of the floor map nearer the viewer, just outside
    it, with its range at the two ends."""
    for point, text, font, _ in axis_labels(renderer, camera, width, height, axis_names,
                                            QFont(painter.font()), ranges):
        paint_text(painter, point, text, Qt.AlignmentFlag.AlignHCenter, font, halo)


#: Narrower than this (a lesson's small surface), the colour bar is short and sits in the
#: top-right corner, over the sky rather than across the surface.
COMPACT_WIDTH = 420


def colour_bar_rect(width, height, scale: float = 1.0, left: bool = False) -> QRectF:
    """The bar itself: at the right edge, or at the left (``left``) when the marked points
    crowd the right (see ``bar_side``)."""
    if width < COMPACT_WIDTH * scale:
        bar = QRectF(width - 22.0 * scale, height * 0.1 + 18 * scale, 8.0 * scale,
                     height * 0.28)
    else:
        bar = QRectF(width - 34.0 * scale, height * 0.22, 12.0 * scale, height * 0.5)
    if left:  # the mirror image
        bar.moveLeft(width - bar.right())
    return bar


def colour_bar_area(renderer, width, height, title: str, font: QFont,
                    scale: float = 1.0, left: bool = False) -> QRectF:
    """Everything the colour bar paints: the bar, its tick labels and its title."""
    bar = colour_bar_rect(width, height, scale, left)
    metrics = QFontMetricsF(font)
    labels = distinct_numbers([renderer.value_at_height(t) for t in (0.0, 0.5, 1.0)])
    widest = max(metrics.horizontalAdvance(t) for t in labels)
    if left:  # ticks and title read from the bar's right
        right = max(bar.right() + 6 * scale + widest, bar.left() + metrics.horizontalAdvance(title))
        edge = bar.left()
    else:
        edge = min(bar.left() - 6 * scale - widest, bar.right() - metrics.horizontalAdvance(title))
        right = bar.right()
    return QRectF(edge - 3 * scale, bar.top() - 16 * scale - metrics.height() / 2 - 3 * scale,
                  right - edge + 6 * scale, bar.height() + 16 * scale
                  + metrics.height() + 6 * scale)


def bar_side(points, width, height, font: QFont, area) -> tuple:
    """(left?, bar area, labels): the colour bar on the side where it hides fewer marked points and
    pushes fewer labels onto it, out of the picture or onto each other; the right unless the
    left is better. ``points`` as for ``marker_labels``; ``area(left)`` is the bar's area on
    that side. (A small lesson surface whose start sits in the top-right corner had its point
    and label under the bar, with no free place beside it.)"""
    best = None
    for left in (False, True):
        bar = area(left)
        labels = marker_labels(points, width, height, font, avoid=(bar,))
        cost = len(placement_problems(points, bar, labels, width, height))
        if best is None or cost < best[0]:
            best = (cost, left, bar, labels)
        if cost == 0:
            break
    return best[1], best[2], best[3]


def placement_problems(points, bar, labels, width, height) -> list[str]:
    """What is wrong with a placement of the marked points' ``labels`` (as ``marker_labels``
    gives them) beside a colour bar whose area is ``bar``: a point under the bar, a label cut
    by the picture's edge, under the bar or over another label. ``bar_side`` counts them; the
    live view reports them to the tests."""
    whole = QRectF(0, 0, width, height)
    out = [f"the point {text!r} is under the colour bar" for p, text in points
           if bar.contains(QPointF(*p))]
    for k, (text, _, rect) in enumerate(labels):
        if not whole.contains(rect):
            out.append(f"the label {text!r} is cut by the picture's edge")
        if rect.intersects(bar):
            out.append(f"the label {text!r} is under the colour bar")
        for other, _, r in labels[k + 1:]:
            if rect.intersects(r):
                out.append(f"the labels {text!r} and {other!r} overlap")
    return out


def text_rect(point: QPointF, text: str, font: QFont, halo: float = 3.0) -> QRectF:
    """Where ``paint_text(point, text)`` (left-aligned) paints, its halo included."""
    metrics = QFontMetricsF(font)
    return QRectF(point.x() - halo, point.y() - metrics.height() / 2 - halo,
                  metrics.horizontalAdvance(text) + 2 * halo, metrics.height() + 2 * halo)


def _offsets(w: float):
    """Where a label of width ``w`` may go, nearest first: beside, above or below its point,
    then the same a little further out. (A small view of a crowded surface has no free place
    right beside a point near the colour bar; one a few pixels further still reads as its.)"""
    for reach in (0.0, 10.0, 20.0, 32.0):
        yield from ((11 + reach, -10), (-11 - w - reach, -10), (11 + reach, 10),
                    (-11 - w - reach, 10), (-w / 2, -18 - reach), (-w / 2, 18 + reach),
                    (11 + reach, -18 - reach), (-11 - w - reach, -18 - reach),
                    (11 + reach, 18 + reach), (-11 - w - reach, 18 + reach),
                    # above or below, starting or ending at the point: a wide label of a
                    # point near the left or right edge
                    (-6, -18 - reach), (-6, 18 + reach), (6 - w, -18 - reach),
                    (6 - w, 18 + reach))


def marker_labels(points, width, height, font: QFont, avoid=()) -> list:
    """[(text, where to paint it, its rect)] for labels of marked points ``points`` ((x, y)
    pixel, text): beside the point on the side that stays in the picture and clear of
    ``avoid`` (the colour bar) and of the labels placed before."""
    taken = [QRectF(r) for r in avoid]
    frame = QRectF(0, 0, width, height)
    metrics = QFontMetricsF(font)
    out = []
    for (x, y), text in points:
        w = metrics.horizontalAdvance(text)
        best = None
        for dx, dy in _offsets(w):
            point = QPointF(x + dx, y + dy)
            rect = text_rect(point, text, font)
            clash = sum(1 for t in taken if rect.intersects(t))
            outside = not frame.contains(rect)
            cost = 10 * outside + clash
            if best is None or cost < best[0]:
                best = (cost, point, rect)
            if cost == 0:
                break
        taken.append(best[2])
        out.append((text, best[1], best[2]))
    return out


def paint_colour_bar(painter, renderer, width, height, title: str, scale: float = 1.0,
                     left: bool = False):
    r = renderer
    bar = colour_bar_rect(width, height, scale, left)
    gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
    table = colormap_table(r.options["colormap"])
    for k, rgb in enumerate(table):
        gradient.setColorAt(k / (len(table) - 1), QColor.fromRgbF(*(float(c) for c in rgb)))
    painter.setPen(QPen(QColor(255, 255, 255, 90), 1.0))
    painter.setBrush(gradient)
    painter.drawRoundedRect(bar, 3 * scale, 3 * scale)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    heights = (0.0, 0.5, 1.0)
    labels = distinct_numbers([r.value_at_height(t) for t in heights])
    # Ticks and their numbers point away from the picture's edge.
    side, sign = (bar.right(), 1.0) if left else (bar.left(), -1.0)
    align = Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight
    for t, label in zip(heights, labels, strict=True):
        y = bar.bottom() - t * bar.height()
        painter.setPen(QPen(QColor(255, 255, 255, 150), 1.0))
        painter.drawLine(QPointF(side + sign * 4 * scale, y), QPointF(side, y))
        paint_text(painter, QPointF(side + sign * 6 * scale, y), label, align,
                   halo=3.0 * scale)
    paint_text(painter, QPointF(bar.left() if left else bar.right(), bar.top() - 16 * scale),
               title, align, halo=3.0 * scale)
