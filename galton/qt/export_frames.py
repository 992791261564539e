"""Painting export frames: the board, the landscape and the loss chart laid out on one QImage
per frame, with a caption (step, loss, accuracy, step size). QtGui only (no widgets): it
works under ``QT_QPA_PLATFORM=offscreen`` with no display. A QGuiApplication must exist for
the fonts.

Sizes scale with the frame, so 640x360 and 1920x1080 show the same picture; text is never
smaller than MIN_TEXT pixels, and what would not fit (a long title, a legend) is shortened.
Frame pixels go straight into a numpy array the encoder takes.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from galton.core.turns import give_way
from galton.export.layout import layout_rects, look_scale
from galton.qt.board_paint import BoardPicture, landed_stats, paint_board
from galton.qt.export_labels import landscape_texts
from galton.qt.export_words import caption_title, frame_words
from galton.qt.names import names, shown

CAPTION_BG = QColor(36, 40, 50)
CAPTION_TEXT = QColor(236, 239, 244)
LOSS_BLUE = QColor("#1f77b4")
TEST_ORANGE = QColor("#ff7f0e")
ACCURACY_GREEN = QColor("#2ca02c")
LANDSCAPE_BG = QColor(20, 23, 30)
MIN_TEXT = 10  # pixels: smaller is hard to read in a video on a projector


def _font(family: str | None, pixels: float, bold: bool = False) -> QFont:
    font = QFont(family) if family else QFont()
    font.setPixelSize(max(MIN_TEXT, round(pixels)))
    font.setBold(bold)
    return font


class FramePainter:
    """Paints frame ``i`` of a film as an (h, w, 3) uint8 array: the frame painter that
    galton.export.run.ExportJob is given by its Qt callers (the dialog, ``galton export``).
    ``landscape`` is a galton.export.landscape.LandscapeScene (or None for the board layout);
    ``gl_frames`` a LandscapeFrames drawing it with OpenGL, or None to draw the flat map
    (``flat_reason`` says why, on the picture)."""

    def __init__(self, plan, film, landscape=None, gl_frames=None, flat_reason=None,
                 family: str | None = None):
        self.plan, self.film = plan, film
        self.scene, self.gl_frames, self.flat_reason = landscape, gl_frames, flat_reason
        self.family = family
        self.rects = layout_rects(plan.layout, plan.width, plan.height, plan.caption)
        self.look = look_scale(plan.layout)  # text and lines: larger in the classroom look
        self._labels = None  # the landscape's text, painted once (see _paint_landscape)
        self.words = frame_words()  # in the application's language
        s = film.session
        self.title = caption_title(s.scenario.name)
        board, data = s.board, s.data
        # The names the window's board shows (galton.qt.board_view), in its language.
        self.cup_names = tuple(shown(data.class_names[c]) if c < data.n_classes
                               else names().cup(c) for c in range(board.cups))
        self.axis_names = (tuple(shown(a) for a in landscape.axis_names)
                           if landscape is not None else ())
        self._board_static = {
            "rows": board.rows, "cup_lo": board.cup_layout.lo, "cup_hi": board.cup_layout.hi,
            "bin_to_cup": board.bin_to_cup, "cup_names": self.cup_names,
            "colours": tuple(data.class_colors[c] if c < len(data.class_colors)
                             else (150, 150, 150) for c in range(max(board.cups,
                                                                     data.n_classes)))}
        h = film.history
        losses = np.concatenate([h["train_loss"], h["test_loss"]]) if h is not None else []
        finite = np.asarray(losses, dtype=float)
        finite = finite[np.isfinite(finite)]
        first = film.numbers(0)["loss"]
        self.loss_top = float(max(finite.max(initial=0.0), first if math.isfinite(first) else 0,
                                  1e-6)) * 1.08

    # --- one frame -----------------------------------------------------------------------------
    def render(self, frame: int) -> np.ndarray:
        w, h = self.plan.width, self.plan.height
        pixels = np.empty((h, w, 3), dtype=np.uint8)
        image = QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.fillRect(QRectF(0, 0, w, h), QColor(255, 255, 255))
            numbers = self.film.numbers(frame)
            for name, (x, y, rw, rh) in self.rects.items():
                give_way()  # the export's thread: the window first (galton.core.turns)
                painter.save()
                painter.translate(QPointF(x, y))
                painter.setClipRect(QRectF(0, 0, rw, rh))
                getattr(self, f"_paint_{name}")(painter, rw, rh, frame, numbers)
                painter.restore()
        finally:
            painter.end()
        del image
        return pixels

    # --- panels --------------------------------------------------------------------------------
    def _paint_caption(self, painter, w, h, frame, n):
        painter.fillRect(QRectF(0, 0, w, h), CAPTION_BG)
        pad = h * 0.45
        font = _font(self.family, h * 0.4)
        bold = _font(self.family, h * 0.4, bold=True)
        items = [
            self.words["step"].format(n["step"], n["last_step"]),
            self.words["loss"].format(n["loss"]),
            self.words["accuracy"].format(n["accuracy"]),
            self.words["lr"].format(n["lr"]),
        ]
        if n["diverged"]:
            items.append(self.words["diverged"])
        metrics = QFontMetricsF(font)
        gap = metrics.horizontalAdvance("   ")
        widths = [metrics.horizontalAdvance(t) for t in items]
        x = w - pad - sum(widths) - gap * (len(items) - 1)
        painter.setFont(bold)
        painter.setPen(CAPTION_TEXT)
        title_room = QRectF(pad, 0, max(0.0, x - 2 * pad), h)
        title = QFontMetricsF(bold).elidedText(self.title, Qt.TextElideMode.ElideRight,
                                               title_room.width())
        painter.drawText(title_room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         title)
        painter.setFont(font)
        for text, tw in zip(items, widths, strict=True):
            painter.setPen(QColor(255, 120, 110) if text == items[-1] and n["diverged"]
                           else CAPTION_TEXT)
            painter.drawText(QRectF(x, 0, tw + 2, h), Qt.AlignmentFlag.AlignVCenter, text)
            x += tw + gap

    def board_picture(self, frame: int) -> BoardPicture:
        """What the board panel shows at ``frame``."""
        moment = self.film.board_moment(frame)
        stats = landed_stats(moment.landed)
        caption = self.words["landed"].format(*stats) if stats else self.words["no_balls"]
        return BoardPicture(paddles=moment.paddles, landed=moment.landed,
                            expected=moment.expected, balls=moment.balls, caption=caption,
                            **self._board_static)

    def board_scale(self, h) -> float:
        """Text and lines of a board panel ``h`` pixels high (1 up to 620 pixels)."""
        return max(1.0, h / 620) * self.look

    def _paint_board(self, painter, w, h, frame, n):
        scale = self.board_scale(h)
        paint_board(painter, self.board_picture(frame), w, h, _font(self.family, 12 * scale),
                    scale)

    def _landscape_look(self) -> tuple:
        """(width, height, scale, font) of the landscape panel: text by the panel's height."""
        _, _, w, h = self.rects["landscape"]
        scale = max(1.0, h / 480)
        return round(w), round(h), scale, _font(self.family, 12 * scale)

    def _paint_landscape(self, painter, w, h, frame, n):
        iw, ih, scale, font = self._landscape_look()
        painter.setFont(font)
        if self.gl_frames is not None:
            pixels = self.gl_frames.render(frame)
            painter.drawImage(QPointF(0, 0), QImage(pixels.data, iw, ih, 3 * iw,
                                                    QImage.Format.Format_RGB888))
        else:
            self._paint_flat(painter, iw, ih, frame, scale)
        # Haloed text is the dearest thing to paint (stroked paths): with a still camera it
        # is painted once onto a transparent layer and laid over every frame.
        if self.plan.orbit and self.gl_frames is not None:
            self._paint_landscape_labels(painter, frame)
            return
        if self._labels is None:
            self._labels = QImage(iw, ih, QImage.Format.Format_ARGB32_Premultiplied)
            self._labels.fill(Qt.GlobalColor.transparent)
            layer = QPainter(self._labels)
            try:
                layer.setRenderHint(QPainter.RenderHint.Antialiasing)
                layer.setRenderHint(QPainter.RenderHint.TextAntialiasing)
                layer.setFont(font)
                self._paint_landscape_labels(layer, frame)
            finally:
                layer.end()
        painter.drawImage(QPointF(0, 0), self._labels)

    def _paint_landscape_labels(self, painter, frame):
        w, h, scale, _ = self._landscape_look()
        renderer = self.gl_frames.renderer if self.gl_frames is not None else None
        self.landscape_texts(frame).paint(painter, renderer, w, h, scale, halo=3.0 * scale)

    def landscape_texts(self, frame, renderer=None):
        """Where the landscape panel's words go at ``frame`` (galton.qt.export_labels): the
        title, and over the 3-D picture the axis names and ranges and the colour bar, none
        over another or out of the panel. ``renderer``: the 3-D picture's (default: the one
        drawing; a LandscapeRenderer given the scene's surface needs no OpenGL to place
        them)."""
        w, h, scale, font = self._landscape_look()
        scene = self.scene
        if renderer is None and self.gl_frames is not None:
            renderer = self.gl_frames.renderer
        holds = (self.words["holds"].format(sum(scene.explained))
                 if scene.explained is not None else None)
        if renderer is not None:
            heads = (self.words["landscape"], self.words["landscape_short"])
        else:
            heads = (self.words["flat"].format(self.flat_reason or "no OpenGL"),)
        # How much of the path the plane holds is worth more than the title's longer words.
        titles = [t + "  " + holds for t in heads] + list(heads) if holds else list(heads)
        if renderer is None:
            return landscape_texts(w, h, font, scale, titles)
        return landscape_texts(w, h, font, scale, titles, renderer=renderer,
                               camera=scene.camera(frame), axis_names=self.axis_names,
                               bar_title=self.words["loss_bar"],
                               trail=scene.trail(self.film.frames - 1),  # the whole path
                               ranges=h >= 300)  # the numbers at the corners crowd a small panel

    def _paint_flat(self, painter, w, h, frame, scale):
        from galton.export.landscape import flat_map, flat_point

        scene = self.scene
        painter.fillRect(QRectF(0, 0, w, h), LANDSCAPE_BG)
        side = min(w, h) - 40 * scale
        x0, y0 = (w - side) / 2, (h - side) / 2 + 8 * scale
        s = round(side)
        rgb = flat_map(scene, s, s)
        painter.drawImage(QPointF(x0, y0), QImage(rgb.data, s, s, 3 * s,
                                                  QImage.Format.Format_RGB888))
        trail = scene.trail(frame)
        pts = [flat_point(scene, x, y, s, s) for x, y in trail["points"]]
        pts = [QPointF(x0 + p[0], y0 + p[1]) for p in pts if p is not None]
        colour = QColor.fromRgbF(*trail["color"])
        if len(pts) > 1:
            path = QPainterPath(pts[0])
            for p in pts[1:]:
                path.lineTo(p)
            painter.setPen(QPen(colour, 2.5 * scale))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        if pts:
            painter.setPen(QPen(QColor(255, 255, 255), 1.5 * scale))
            painter.setBrush(colour)
            painter.drawEllipse(pts[-1], 6 * scale, 6 * scale)

    def _chart_frame(self, w, h) -> tuple:
        """(scale, font of the ticks, plot rectangle, right margin) of a chart w x h."""
        # By the height, as long as the chart is wide (a tall narrow one: by its width).
        scale = max(1.0, min(h / 260, w / 480)) * self.look
        small = _font(self.family, 11 * scale)
        metrics = QFontMetricsF(small)
        left, right = 14 * scale + metrics.horizontalAdvance("0.000"), 44 * scale
        top, bottom = 30 * scale, 12 * scale + metrics.height()
        plot = QRectF(left, top, max(10.0, w - left - right), max(10.0, h - top - bottom))
        return scale, small, plot, right

    def chart_heading(self, w, h) -> list:
        """[(text, font, rect, colour, marker)] over the chart w x h: its title (where the
        legend leaves room for it) and the legend's entries, ``rect`` what each covers (an
        entry's from its marker; marker None for the title, else "dot" or "line"). The legend
        ends at the plot's right edge, in one row in the largest font that fits (not under
        MIN_TEXT), else in two rows: never cut."""
        scale, _, plot, _ = self._chart_frame(w, h)
        band = QRectF(4 * scale, 4 * scale, plot.right() - 4 * scale, plot.top() - 6 * scale)
        legend = ((self.words["train_loss"], LOSS_BLUE, "line"),
                  (self.words["test_loss"], TEST_ORANGE, "dot"),
                  (self.words["accuracy_axis"], ACCURACY_GREEN, "line"))
        marker, gap = 18 * scale, 12 * scale

        def row_width(entries, metrics):
            return sum(metrics.horizontalAdvance(t) + marker for t, _, _ in entries) \
                + gap * (len(entries) - 1)

        size = 11 * scale
        while True:
            font = _font(self.family, size)
            lm = QFontMetricsF(font)
            rows = [legend]
            if row_width(legend, lm) <= band.width():
                break
            if font.pixelSize() <= MIN_TEXT:  # the smallest font: two rows
                rows = [legend[:2], legend[2:]]
                break
            size = max(MIN_TEXT, size * 0.9)
        out = []
        height = band.height() / len(rows)
        for r, entries in enumerate(rows):
            x = plot.right()
            for label, colour, kind in reversed(entries):
                tw = lm.horizontalAdvance(label)
                x -= tw
                out.append((label, font, QRectF(x - marker, band.top() + r * height,
                                                tw + marker + 2, height), colour, kind))
                x -= marker + gap
        legend_width = max(row_width(entries, lm) for entries in rows)
        title_font = _font(self.family, 12 * scale, bold=True)
        title_width = QFontMetricsF(title_font).horizontalAdvance(self.words["chart"])
        # The title gives way when the legend needs the room.
        if legend_width + title_width + gap <= plot.width():
            out.append((self.words["chart"], title_font,
                        QRectF(plot.left(), band.top(), title_width + 2, band.height()),
                        QColor(40, 40, 40), None))
        return out

    def _paint_chart(self, painter, w, h, frame, n):
        scale, small, plot, right = self._chart_frame(w, h)
        metrics = QFontMetricsF(small)
        painter.fillRect(QRectF(0, 0, w, h), QColor(255, 255, 255))
        painter.setPen(QPen(QColor(225, 225, 225), 1))
        painter.drawLine(QPointF(0, 0.5), QPointF(w, 0.5))
        # From step 0: a clip that continues earlier training shows that training too.
        s0, s1 = 0, max(n["last_step"], 1)
        curve = self.film.curve(frame)

        def px(step):
            return plot.left() + (step - s0) / (s1 - s0) * plot.width()

        def py(value, top_value):
            return plot.bottom() - min(max(value / top_value, 0.0), 1.05) * plot.height()

        # Axes, ticks and grid.
        painter.setFont(small)
        for k in range(5):
            v = self.loss_top * k / 4
            y = py(v, self.loss_top)
            painter.setPen(QPen(QColor(235, 235, 235), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(90, 90, 90))
            painter.drawText(QRectF(0, y - 10 * scale, plot.left() - 6 * scale, 20 * scale),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{v:.3g}")
            painter.setPen(ACCURACY_GREEN.darker(120))
            painter.drawText(QRectF(plot.right() + 6 * scale, y - 10 * scale, right, 20 * scale),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{k * 25}%")
        for k in range(5):
            step = s0 + (s1 - s0) * k / 4
            x = px(step)
            painter.setPen(QColor(90, 90, 90))
            painter.drawText(QRectF(x - 40 * scale, plot.bottom() + 3 * scale, 80 * scale,
                                    metrics.height()), Qt.AlignmentFlag.AlignCenter,
                             f"{round(step)}")
        painter.setPen(QPen(QColor(120, 120, 120), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        # Curves, kept inside the plot.
        painter.save()
        painter.setClipRect(plot.adjusted(-6 * scale, -6 * scale, 6 * scale, 6 * scale))
        steps = curve["step"]
        for values, colour, top_value in ((curve["train_accuracy"], ACCURACY_GREEN, 1.0),
                                          (curve["train_loss"], LOSS_BLUE, self.loss_top)):
            if len(steps) > 1:
                path = QPainterPath(QPointF(px(steps[0]), py(values[0], top_value)))
                for s, v in zip(steps[1:], values[1:], strict=True):
                    if math.isfinite(v):
                        path.lineTo(QPointF(px(s), py(v, top_value)))
                painter.setPen(QPen(colour, 2.2 * scale))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
        test = np.isfinite(curve["test_loss"])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TEST_ORANGE)
        for s, v in zip(steps[test], curve["test_loss"][test], strict=True):
            painter.drawEllipse(QPointF(px(s), py(v, self.loss_top)), 2.6 * scale, 2.6 * scale)
        if math.isfinite(n["loss"]):
            painter.setPen(QPen(QColor(255, 255, 255), 1.5 * scale))
            painter.setBrush(LOSS_BLUE)
            painter.drawEllipse(QPointF(px(n["step"]), py(n["loss"], self.loss_top)),
                                4.5 * scale, 4.5 * scale)
        painter.restore()
        for text, font, rect, colour, marker in self.chart_heading(w, h):
            painter.setFont(font)
            if marker is None:  # the title
                painter.setPen(colour)
                painter.drawText(rect, Qt.AlignmentFlag.AlignLeft
                                 | Qt.AlignmentFlag.AlignVCenter, text)
                continue
            painter.setPen(QColor(60, 60, 60))
            painter.drawText(rect.adjusted(18 * scale, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter,
                             text)
            y = rect.center().y()
            if marker == "dot":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawEllipse(QPointF(rect.left() + 9 * scale, y), 3 * scale, 3 * scale)
            else:
                painter.setPen(QPen(colour, 2.5 * scale))
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.left() + 14 * scale, y))
