"""The export dialog after a lesson (issue 20): File ▸ Export animation… after lesson 12 (six
token cups) previews the lesson's board, not the default red/green/blue one, and the preview is
the first frame written, pixel for pixel."""

import io
import zipfile

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QRectF, Qt

from galton.lessons.next_token import VOCAB
from galton.qt.board_paint import BoardGeometry, histogram_layout
from tests.qt.layout_check import choose, pick

TIMEOUT = 180000  # the lesson's training, then the landscape grid, on a busy machine


def set_spin(qtbot, spin, value):
    """Type a value into a spin box (select all, type, Enter)."""
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, str(value))
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == value


def type_path(qtbot, edit, path):
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, str(path))


def do_the_lesson(window, qtbot, name):
    """Start lesson ``name`` and do every step's action with its Do-it button."""
    run = window.start_lesson(name)
    panel = window.lesson_panel
    for i in range(len(run.steps)):
        if run.step.action is not None:
            qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: not panel.busy and panel.do_button.isEnabled(),
                            timeout=TIMEOUT)
        if i + 1 < len(run.steps):
            qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda i=i: run.index == i + 1, timeout=5000)
    return run


def png_frames(path):
    from PIL import Image

    with zipfile.ZipFile(path) as zf:
        names = sorted(zf.namelist())
        return [np.asarray(Image.open(io.BytesIO(zf.read(n))).convert("RGB")) for n in names]


def preview_settled(dialog):
    return (dialog.preview_array is not None and not dialog.busy
            and not dialog._preview_timer.isActive())


def assert_same_frame(written, preview, painter, gl=True):
    """The same pixels but at the landscape's words, painted as by ``painter`` over the 3-D
    picture (``gl``) or the flat map."""
    from galton.render.landscape import LandscapeRenderer

    diff = np.abs(written.astype(int) - preview).max(axis=2)
    if not diff.any():
        return
    renderer = None
    if gl:
        renderer = LandscapeRenderer()
        renderer.set_surface(painter.scene.xs, painter.scene.ys, painter.scene.Z)
    words = np.zeros(diff.shape, dtype=bool)
    x0, y0, _, _ = painter.rects["landscape"]
    for _, rect in painter.landscape_texts(0, renderer).rects():
        r = rect.translated(x0, y0)
        words[max(0, int(r.top())):int(r.bottom()) + 1,
              max(0, int(r.left())):int(r.right()) + 1] = True
    assert not diff[~words].any(), "the preview differs from the first frame outside its words"
    assert diff.max() <= 8, f"the words differ by {diff.max()} levels"


def test_the_export_after_lesson_12_shows_its_six_token_cups_and_previews_frame_one(
        window, qtbot, tmp_path):
    from galton.export.run import ExportJob
    from galton.qt.export_dialog import ExportDialog
    from galton.qt.export_frames import FramePainter

    do_the_lesson(window, qtbot, "next_token")
    assert window.session.board.cups == len(VOCAB) == 6
    assert window.session.data.class_names == VOCAB

    choose(qtbot, window, "File", "Export animation…")
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is not None, timeout=5000)
    dialog = window.findChild(ExportDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.layout_box.currentData() == "combined"  # the default: board, landscape, chart
    pick(qtbot, dialog.size_box, (640, 360))
    pick(qtbot, dialog.format_box, "zip")
    set_spin(qtbot, dialog.steps, 20)
    set_spin(qtbot, dialog.fps, 10)
    target = tmp_path / "lesson12.zip"
    type_path(qtbot, dialog.path_edit, target)
    qtbot.waitUntil(lambda: preview_settled(dialog), timeout=TIMEOUT)
    preview = dialog.preview_array.copy()
    assert preview.shape == (360, 640, 3)

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_path is not None or dialog.last_error is not None,
                    timeout=TIMEOUT)
    assert dialog.last_error is None and dialog.last_path == target
    qtbot.mouseClick(dialog.message_box.button(dialog.message_box.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    frames = png_frames(target)
    assert len(frames) == dialog.plan().frames

    # (2) and (3): the board drawn is the lesson's. The same plan painted here (its board
    # panel needs no OpenGL) gives the preview's board panel pixel for pixel; that painter's
    # picture has six cups named by the tokens, each framed in its colour and labelled.
    job = ExportJob(dialog.plan(), window.session, frame_painter=FramePainter, gl=False)
    job.prepare()
    try:
        painter = job.painter
        # (1) The preview is the first frame written: the same pixels, all but a few levels
        # at the edges of the landscape's haloed words. Those are text outlines
        # (QPainterPath.addText); FreeType gives Qt a glyph's outline from a face shared by
        # every size of the font, and its points can come 1/64 pixel apart depending on the
        # size the face served last (measured: 0.015625 px on one point; 435 pixels of the
        # title up to 4 levels apart, between two paints of the same frame in one process).
        assert_same_frame(frames[0], preview, painter)
        assert painter.cup_names == VOCAB
        assert not {"red", "green", "blue"} & set(painter.cup_names)
        mine = painter.render(0)
        x, y, w, h = (round(v) for v in painter.rects["board"])
        assert np.array_equal(mine[y:y + h, x:x + w], preview[y:y + h, x:x + w])
        picture = painter.board_picture(0)
        assert picture.cup_names == VOCAB
        geometry = BoardGeometry(w, h, picture.rows, painter.board_scale(h))
        layout = histogram_layout(picture, geometry, painter.board_scale(h))
        assert len(layout.frames) == len(layout.labels) == 6
        board = preview[y:y + h, x:x + w].astype(int)
        for c, (frame, label) in enumerate(zip(layout.frames, layout.labels, strict=True)):
            # The frame's left side is drawn in the cup's colour...
            rgb = np.array(picture.rgb(c))
            fx, fy = round(frame.left()), round(frame.center().y())
            assert np.abs(board[fy, fx - 1:fx + 2] - rgb).sum(axis=1).min() < 60, c
            # ...and its name is written under it (dark text on the light background).
            inside = QRectF(label).intersected(QRectF(0, 0, w, h))
            patch = board[round(inside.top()):round(inside.bottom()),
                          round(inside.left()):round(inside.right())]
            assert (patch.sum(axis=2) < 500).sum() >= 6, f"cup {c} has no name painted"
    finally:
        job.close()
    dialog.done(0)


@pytest.mark.parametrize("start", ["scenario", "current"])
@pytest.mark.parametrize("layout", ["combined", "board", "landscape", "presentation"])
def test_the_preview_is_the_first_frame_in_every_layout(qapp, tmp_path, layout, start):
    # A preview trains only what its frame needs (nothing more for the board): its caption
    # said "step 0 / 0" for "step 0 / 300", and from the current pegs it read the loss of the
    # step before.
    from galton.export.plan import make_plan
    from galton.export.run import ExportJob
    from galton.qt.export_frames import FramePainter
    from galton.resources import asset_path
    from galton.session import Session

    session = Session.from_file(asset_path("scenarios") / "noisy_five_colours_minibatch.toml")
    session.step(25)
    plan = make_plan(tmp_path / "x.mp4", layout=layout, size=(640, 360), steps=40,
                     start=start)
    preview = ExportJob(plan, session, frame_painter=FramePainter, gl=False)
    preview.prepare(frames=1)
    whole = ExportJob(plan, session, frame_painter=FramePainter, gl=False)
    whole.prepare()
    try:
        a, b = preview.film.numbers(0), whole.film.numbers(0)
        assert a.keys() == b.keys()
        for key in a:
            assert a[key] == b[key] or (np.isnan(a[key]) and np.isnan(b[key])), key
        if plan.needs_landscape:
            assert_same_frame(whole.frame(0), preview.frame(0), whole.painter, gl=False)
        else:
            assert np.array_equal(whole.frame(0), preview.frame(0))
    finally:
        preview.close()
        whole.close()
