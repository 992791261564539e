"""Edit > Undo / Redo (issue 20): a setting changed in the controls, a peg dragged on the board,
Reset; Ctrl+Z and Ctrl+Shift+Z, and what the board and the controls show after each, also while
Play trains (the change lands between two steps and Play goes on)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from galton.qt.controls import lr_to_slider
from tests.qt.layout_check import choose
from tests.qt.test_clicking import type_into

TIMEOUT = 30000


def activate(qtbot, window):
    # Shortcuts reach only the active window; with no window manager, ask X for the focus.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def undo(qtbot, window):
    activate(qtbot, window)
    window.board_view.setFocus()
    qtbot.keyClick(window.board_view, Qt.Key_Z, Qt.ControlModifier)


def redo(qtbot, window):
    activate(qtbot, window)
    window.board_view.setFocus()
    qtbot.keyClick(window.board_view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)


def test_undo_and_redo_a_setting(window, qtbot):
    c = window.controls
    edit = window.undo
    assert not edit.undo_action.isEnabled()
    type_into(qtbot, c.rows, "4")
    assert window.session.board.rows == 4
    assert edit.undo_action.text().replace("&", "") == "Undo Rows"
    window.board_view.setFocus()
    undo(qtbot, window)
    assert window.session.board.rows == 6
    qtbot.waitUntil(lambda: c.rows.value() == 6 and window.board_view.shown.board.rows == 6,
                    timeout=TIMEOUT)
    redo(qtbot, window)
    assert window.session.board.rows == 4
    qtbot.waitUntil(lambda: c.rows.value() == 4 and window.board_view.shown.board.rows == 4,
                    timeout=TIMEOUT)
    # and from the menu, as a user who does not know the keys
    choose(qtbot, window, "Edit", "Undo Rows")
    qtbot.waitUntil(lambda: c.rows.value() == 6, timeout=TIMEOUT)


def test_undo_a_choice_in_a_combo_box(window, qtbot):
    c = window.controls
    c.optimizer.setFocus()
    qtbot.keyClick(c.optimizer, Qt.Key_Down)  # sgd -> adagrad, as a user does
    assert window.session.scenario["training"]["optimizer"] == "adagrad"
    window.board_view.setFocus()
    undo(qtbot, window)
    assert window.session.scenario["training"]["optimizer"] == "sgd"
    qtbot.waitUntil(lambda: c.optimizer.currentIndex() == 0, timeout=TIMEOUT)
    # Each change redraws the landscape in the background: let it finish before the window
    # goes (on a busy machine a job outlives the runner's 10 s join and emits on a deleted
    # runner: galton/qt/jobs.py, a race of its own).
    qtbot.waitUntil(lambda: not window.landscape.jobs.pending, timeout=60000)


def drag_peg(qtbot, view, row, slot, spacings):
    _, dx, _, _, _ = view._layout()
    start = view.node_pos(row, slot).toPoint()
    end = start + QPoint(round(spacings * dx), 0)
    qtbot.mousePress(view, Qt.LeftButton, pos=start)
    for i in range(1, 6):
        qtbot.mouseMove(view, start + (end - start) * (i / 5))
    qtbot.mouseRelease(view, Qt.LeftButton, pos=end)


def test_drag_a_peg_then_undo_it(window, qtbot):
    view = window.board_view
    session = window.session
    index = session.board.peg_index(1, 0)
    before = session.board.theta[index].copy()
    drag_peg(qtbot, view, 1, 0, 0.5)
    turned = session.board.theta[index].copy()
    assert turned[-1] == pytest.approx(before[-1] + 2.0, abs=0.2)  # half a spacing: +2 bias
    qtbot.waitUntil(lambda: view.drawn_theta[index, -1] == turned[-1], timeout=TIMEOUT)
    assert window.undo.undo_action.text().replace("&", "") == "Undo Peg (1, 0)"
    undo(qtbot, window)
    assert np.array_equal(session.board.theta[index], before)
    qtbot.waitUntil(lambda: view.drawn_theta[index, -1] == before[-1], timeout=TIMEOUT)
    redo(qtbot, window)
    assert np.array_equal(session.board.theta[index], turned)


def test_undo_reset_brings_the_trained_pegs_back(window, qtbot):
    c = window.controls
    session = window.session
    session.step(20)
    trained = session.board.theta.copy()
    qtbot.mouseClick(c.reset, Qt.LeftButton)
    assert not np.array_equal(session.board.theta, trained)
    window.board_view.setFocus()
    undo(qtbot, window)
    assert np.array_equal(session.board.theta, trained)
    qtbot.waitUntil(lambda: np.array_equal(window.board_view.drawn_theta, trained),
                    timeout=TIMEOUT)


def test_undo_the_step_size_while_play_trains(window, qtbot):
    c = window.controls
    session = window.session
    c.speed.setValue(20)
    qtbot.mouseClick(c.play, Qt.LeftButton)
    qtbot.waitUntil(lambda: session.trainer.step_count > 2, timeout=TIMEOUT)
    before = session.lr
    c.lr_slider.setFocus()
    for _ in range(3):
        qtbot.keyClick(c.lr_slider, Qt.Key_PageUp)  # one drag of the slider: one change
    moved = session.lr
    assert moved > before
    window.board_view.setFocus()
    undo(qtbot, window)
    assert session.lr == pytest.approx(before)
    qtbot.waitUntil(lambda: c.lr_slider.value() == lr_to_slider(before), timeout=TIMEOUT)
    assert c.lr_label.text() == f"{before:.3g}"
    steps = session.trainer.step_count
    qtbot.waitUntil(lambda: session.trainer.step_count > steps + 2, timeout=TIMEOUT)
    assert window.training.running and c.play.isChecked()  # Play went on
    qtbot.mouseClick(c.play, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.training.running, timeout=TIMEOUT)


def test_ctrl_z_in_a_field_undoes_the_change_not_the_text(window, qtbot):
    """Ctrl+Z with the cursor still in the field just typed into: the field would undo its own
    text, and that would come back as a second change; the window's Undo takes the keys."""
    c = window.controls
    type_into(qtbot, c.rows, "4")
    assert window.session.board.rows == 4
    activate(qtbot, window)
    field = c.rows.lineEdit()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.board.rows == 6
    assert window.undo.stack.index() == 0 and window.undo.stack.count() == 1
    qtbot.waitUntil(lambda: c.rows.value() == 6, timeout=TIMEOUT)
    qtbot.keyClick(field, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.session.board.rows == 4


def test_undo_re_initialise_names_it_and_brings_the_seed_and_pegs_back(window, qtbot):
    c = window.controls
    session = window.session
    # Re-initialise is offered where a new draw changes the pegs: not with the "zeros" init.
    session.set(init="normal")
    qtbot.waitUntil(c.reinit.isEnabled, timeout=TIMEOUT)
    session.step(10)
    trained = session.board.theta.copy()
    qtbot.mouseClick(c.reinit, Qt.LeftButton)
    assert session.scenario["training"]["seed"] == 1
    assert window.undo.undo_action.text().replace("&", "") == "Undo Re-initialise"
    undo(qtbot, window)
    assert session.scenario["training"]["seed"] == 0
    assert np.array_equal(session.board.theta, trained)
    qtbot.waitUntil(lambda: c.seed.value() == 0, timeout=TIMEOUT)
