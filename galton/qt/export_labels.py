"""Where the words over an exported landscape go: the panel's title, the axis names and their
ranges, the colour bar (its ticks and title), placed so that none covers another and none
leaves the panel, at every frame size. The painter (galton.qt.export_frames) paints exactly
these rectangles, and the tests measure them.

It reuses what the live landscape view uses (galton.qt.landscape_labels): the axis labels'
anchors, the colour bar's area, ``bar_side`` (the bar takes the side where it hides no point
of the training path) and ``text_rect``. A label that does not fit where it belongs tries, in
turn, a place a little further along or out, a shorter form ("PC2" for "PC2 (0.4% of the
path)": the title says how much of the path the plane holds), a smaller font (never under
MIN_TEXT pixels); a number at an axis's end that still has no room is left out (the picture
reads without it), a name never is. Only QtGui.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from galton.qt.landscape_labels import (
    axis_labels,
    bar_side,
    colour_bar_area,
    paint_colour_bar,
    paint_text,
    text_rect,
)

MIN_TEXT = 10  # pixels, as galton.qt.export_frames

#: A trailing note in brackets, that the label reads without: "PC2 (0.4% of the path)",
#: "主成分 2（路径的 0.4%）", "random direction 1 (filter-normalised)".
_NOTE = re.compile(r"^(.*?\S)\s*[(（][^()（）]*[)）]$")


@dataclass(frozen=True)
class Text:
    kind: str  # "title", "name" (an axis), "range" (a number at an axis's end)
    text: str
    point: QPointF  # where paint_text paints it, left-aligned
    font: QFont
    rect: QRectF  # what it covers, its halo included


@dataclass(frozen=True)
class LandscapeTexts:
    texts: tuple  # of Text
    bar: QRectF | None  # the colour bar's whole area (bar, ticks, title); None: no bar
    bar_left: bool
    bar_title: str
    bar_font: QFont  # the font of the bar's ticks and title

    def rects(self) -> list:
        """(what, rect) of everything painted with words: each text and the colour bar."""
        out = [(f"{t.kind} {t.text!r}", t.rect) for t in self.texts]
        if self.bar is not None:
            out.append((f"colour bar {self.bar_title!r}", self.bar))
        return out

    def paint(self, painter, renderer, width, height, scale, halo):
        for t in self.texts:
            paint_text(painter, t.point, t.text, Qt.AlignmentFlag.AlignLeft, t.font, halo)
        if self.bar is not None:
            painter.setFont(self.bar_font)  # paint_colour_bar writes in the painter's font
            paint_colour_bar(painter, renderer, width, height, self.bar_title, scale,
                             left=self.bar_left)


def shorter(text: str) -> str | None:
    """``text`` without its trailing bracketed note, or None if it has none."""
    match = _NOTE.match(text)
    return match.group(1) if match else None


def _smaller(font: QFont) -> list:
    """``font`` and smaller ones down to MIN_TEXT pixels."""
    out = [font]
    size = font.pixelSize()
    while size > MIN_TEXT:
        size = max(MIN_TEXT, round(size * 0.85))
        f = QFont(font)
        f.setPixelSize(size)
        out.append(f)
    return out


def _place(text, anchor: QPointF, font, frame: QRectF, taken, halo, centred=True):
    """The point and rect nearest ``anchor`` (centred on it, else starting at it) where
    ``text`` lies inside ``frame`` and clear of ``taken``; None if there is none."""
    metrics = QFontMetricsF(font)
    w, lh = metrics.horizontalAdvance(text), metrics.height()
    x0 = anchor.x() - (w / 2 if centred else 0.0)
    for dy in (0.0, lh * 0.6, -lh * 0.6, lh * 1.2, -lh * 1.2):
        for dx in (0.0, -w / 4, w / 4, -w / 2, w / 2):
            point = QPointF(x0 + dx, anchor.y() + dy)
            rect = text_rect(point, text, font, halo)
            # Pushed back inside the panel along the edge it crossed.
            shift_x = max(0.0, frame.left() - rect.left()) - max(0.0, rect.right()
                                                                  - frame.right())
            shift_y = max(0.0, frame.top() - rect.top()) - max(0.0, rect.bottom()
                                                                - frame.bottom())
            point = QPointF(point.x() + shift_x, point.y() + shift_y)
            rect = rect.translated(shift_x, shift_y)
            if frame.contains(rect) and not any(rect.intersects(t) for t in taken):
                return point, rect
    return None


def _fit(kind, forms, anchor, font, frame, taken, halo, centred=True):
    """The first of ``forms`` (texts, fullest first) that has a place in ``font``, else in
    the first smaller font down to MIN_TEXT where one has; None if none has."""
    for f in _smaller(font):
        for text in forms:
            placed = _place(text, anchor, f, frame, taken, halo, centred)
            if placed is not None:
                return Text(kind, text, placed[0], f, placed[1])
    return None


def _path_points(renderer, camera, width, height, trail) -> list:
    """The training path's first and last points in pixels, for ``bar_side``."""
    points = []
    coords, values = trail["points"], trail["values"]
    for k in {0, len(coords) - 1} if len(coords) else ():
        p = renderer.project(float(coords[k][0]), float(coords[k][1]), float(values[k]),
                             width, height, camera)
        if p is not None:
            points.append((p, ""))
    return points


def landscape_texts(width, height, font: QFont, scale: float, titles, *, renderer=None,
                    camera=None, axis_names=(), bar_title="", trail=None,
                    ranges: bool = True) -> LandscapeTexts:
    """The words of a landscape panel ``width`` x ``height``: ``titles`` (fullest first; the
    first that fits is taken), and with a ``renderer`` (the 3-D picture; None for the flat
    map) the axis names and ranges and the colour bar titled ``bar_title``."""
    frame = QRectF(0, 0, width, height)
    halo = 3.0 * scale
    taken, texts = [], []
    bar, left = None, False
    if renderer is not None:
        points = _path_points(renderer, camera, width, height, trail) if trail else []
        left, bar, _ = bar_side(points, width, height, font, lambda on_left: colour_bar_area(
            renderer, width, height, bar_title, font, scale, left=on_left))
        taken.append(bar)
    # The title: top left (top right when the bar is on the left), the fullest that fits.
    title_anchor = QPointF(14 * scale, 16 * scale)
    if left and bar is not None:
        title_anchor = QPointF(bar.right() + 8 * scale, 16 * scale)
    forms = list(titles)
    title = _fit("title", forms, title_anchor, font, frame, taken, halo, centred=False)
    if title is None:  # nothing fits whole: the shortest, cut at the room there is
        f = _smaller(font)[-1]
        room = (bar.left() if bar is not None and not left else width) - title_anchor.x() \
            - 2 * halo - 4 * scale
        text = QFontMetricsF(f).elidedText(forms[-1], Qt.TextElideMode.ElideRight,
                                           max(0.0, room))
        title = Text("title", text, title_anchor, f, text_rect(title_anchor, text, f, halo))
    texts.append(title)
    taken.append(title.rect)
    if renderer is not None:
        labels = axis_labels(renderer, camera, width, height, axis_names, font, ranges)
        # Names first: they must be there; the numbers take what room is left.
        for point, text, f, kind in sorted(labels, key=lambda label: label[3] != "name"):
            short = shorter(text)
            forms = [text] + ([short] if short else [])
            placed = _fit(kind, forms, point, f, frame, taken, halo)
            if placed is None and kind == "name":  # no free place: the least bad one
                short = forms[-1]
                f = _smaller(f)[-1]
                metrics = QFontMetricsF(f)
                p = QPointF(point.x() - metrics.horizontalAdvance(short) / 2, point.y())
                placed = Text(kind, short, p, f, text_rect(p, short, f, halo))
            if placed is not None:
                texts.append(placed)
                taken.append(placed.rect)
    return LandscapeTexts(tuple(texts), bar, left, bar_title, QFont(font))
