"""Figures tell the truth and fit: the histogram stays in its cups, the colour bar's ticks
differ, log axes do not pile their labels, lesson figures are neither clipped nor overlapping."""

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from galton.qt.board_paint import BoardGeometry, BoardPicture, histogram_layout, paint_board
from galton.qt.landscape_labels import bar_side, colour_bar_rect, distinct_numbers, loss_text


def _peaked_picture(rows=6, cups=3):
    counts = np.zeros(rows + 1)
    counts[rows // 2] = 500  # every ball in one bin: the tallest bar there can be
    expected = np.zeros(rows + 1)
    expected[rows // 2] = 1.0  # and the dashed line peaks at the same height
    edges = np.linspace(0, rows + 1, cups + 1).round().astype(int)
    bin_to_cup = np.searchsorted(edges[1:], np.arange(rows + 1), side="right")
    return BoardPicture(rows=rows, cup_lo=edges[:-1], cup_hi=edges[1:], bin_to_cup=bin_to_cup,
                        cup_names=("red", "green", "blue")[:cups],
                        colours=((230, 40, 40), (40, 200, 40), (40, 40, 230)),
                        paddles=np.full(rows * (rows + 1) // 2, 0.5), landed=counts,
                        expected=expected, caption="500 balls")


@pytest.mark.parametrize("size", [(420, 360), (640, 360), (900, 700), (1280, 720)])
def test_the_tallest_bar_and_the_expected_line_stay_inside_the_cup_frames(qapp, size):
    picture = _peaked_picture()
    g = BoardGeometry(*size, picture.rows, 1.0)
    layout = histogram_layout(picture, g, 1.0)
    for j, bar in enumerate(layout.bars):
        frame = layout.frames[int(picture.bin_to_cup[j])]
        assert bar.top() >= layout.inner_top > frame.top() + layout.pen / 2
        assert frame.left() + layout.pen / 2 <= bar.left() and bar.right() <= frame.right()
        assert bar.bottom() <= frame.bottom()
    for point in layout.expected:
        assert point.y() >= layout.inner_top
    # What is painted: nothing of the bars' colour above the frames' top edge.
    image = QImage(*size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    paint_board(painter, picture, *size, QFont(), 1.0)
    painter.end()
    top = int(layout.frames[0].top() - layout.pen)
    tall = layout.bars[picture.rows // 2]
    for y in range(top - 6, top):
        for x in range(int(tall.left()) + 1, int(tall.right())):
            c = QColor(image.pixel(x, y))
            assert not (c.green() > 150 and c.red() < 120), (x, y, c.name())


def test_colour_bar_ticks_differ_even_when_the_range_is_tiny():
    assert distinct_numbers([0.5, 1.0, 1.5]) == ["0.5", "1", "1.5"]
    assert distinct_numbers([4.23e-5, 4.2302e-5, 4.2304e-5]) == [
        "4.23e-5", "4.2302e-5", "4.2304e-5"]
    tiny = distinct_numbers([4.23e-5, 4.23e-5 + 2e-17, 4.23e-5 + 4e-17])
    assert len(set(tiny)) == 3 and tiny[0] == "4.23e-5" and tiny[1].startswith("+")


def test_rounding_noise_at_the_floor_reads_as_zero():
    # The pond's floor computed as -3.38e-8 and its tick widened the bar over the surface.
    assert distinct_numbers([-3.38e-8, 1.01, 2.02]) == ["0", "1.01", "2.02"]
    assert distinct_numbers([-0.5, 0.0, 0.5]) == ["-0.5", "0", "0.5"]


def test_a_marked_points_loss_reads_zero_when_it_is_rounding_noise():
    # The pond's lowest point computes as -3.38e-8; its label in the landscape said so.
    from galton.render.landscape import LandscapeRenderer

    xs = np.linspace(-2, 2, 32)
    r = LandscapeRenderer()
    r.set_surface(xs, xs, xs[None, :] ** 2 + xs[:, None] ** 2 - 3.38e-8)
    assert loss_text(r, -3.38e-8) == "0"
    assert loss_text(r, 0.0676) == "0.0676"
    assert loss_text(r, -0.5) == "-0.5"  # a real negative value is kept


@pytest.mark.parametrize("azimuth", [-135, -45, 45, 135])
def test_the_axes_end_numbers_keep_apart_at_the_shared_corner(azimuth):
    # The x axis's end and the y axis's start met at the corner nearest the viewer and
    # printed over each other ("4.5" on "-4.5").
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QFontMetricsF

    from galton.qt.landscape_labels import axis_labels
    from galton.render.camera import OrbitCamera
    from galton.render.landscape import LandscapeRenderer

    xs = np.linspace(-4.5, 4.5, 32)
    r = LandscapeRenderer()
    r.set_surface(xs, xs, 0.05 * (xs[None, :] ** 2 + xs[:, None] ** 2))
    camera = OrbitCamera()
    camera.azimuth = azimuth
    rects = []
    for point, text, font, kind in axis_labels(r, camera, 480, 340, ("x", "y"), QFont()):
        if kind != "range":
            continue
        m = QFontMetricsF(font)
        w, h = m.horizontalAdvance(text), m.height()
        rects.append((text, QRectF(point.x() - w / 2, point.y() - h / 2, w, h)))
    assert len(rects) == 4
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            assert not ra.intersects(rb), (azimuth, a, b)


def _areas(width, height):
    return lambda left: colour_bar_rect(width, height, left=left).adjusted(-40, -20, 4, 4)


def test_the_colour_bar_moves_left_when_marked_points_crowd_the_right(qapp):
    font = QFont()
    # Lesson 7's small surface: its start sat in the top-right corner, under the bar.
    crowded = [((97, 134), "lake"), ((151, 125), "pond"), ((186, 60), "start (3, 3)")]
    left, bar, labels = bar_side(crowded, 193, 277, font, _areas(193, 277))
    assert left and bar.right() < 100
    assert not any(bar.contains(QPointF(*p)) for p, _ in crowded)
    assert not any(r.intersects(bar) for _, _, r in labels)
    # Nothing in its way: it stays where readers expect it, on the right.
    free = [((60, 150), "lake")]
    left, bar, labels = bar_side(free, 193, 277, font, _areas(193, 277))
    assert not left and bar.left() > 100 and not labels[0][2].intersects(bar)


def test_the_left_colour_bar_is_the_mirror_image(qapp):
    for width in (193, 800):
        right, left = colour_bar_rect(width, 300), colour_bar_rect(width, 300, left=True)
        assert left.left() == pytest.approx(width - right.right())
        assert (left.width(), left.top(), left.height()) == (right.width(), right.top(),
                                                             right.height())
