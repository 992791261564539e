"""Controls that would do nothing are disabled and say why; where they are offered they work
(issue 20): Re-initialise with the "zeros" init, Path ▸ Interpolate on a classic surface or
before any training; the step-size slider reaching divergence, with 2/λ_max marked."""

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

TIMEOUT = 180000  # a board slice's finest grid on a busy two-core machine


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_reinitialise_is_offered_only_where_a_new_draw_changes_the_pegs(window, qtbot):
    c = window.controls
    window.panels.show("controls")
    assert window.session.scenario["board"]["init"] == "zeros"  # the default
    assert not c.reinit.isEnabled()
    assert "zeros" in c.reinit.toolTip() and "Reset" in c.reinit.toolTip()
    before = window.session.board.theta.copy()
    click(qtbot, c.reinit)  # a disabled button: nothing happens, nothing pretends to
    assert np.array_equal(window.session.board.theta, before)
    c.init.setCurrentText("normal")  # as choosing it in the list does
    qtbot.waitUntil(c.reinit.isEnabled, timeout=TIMEOUT)
    first = window.session.board.theta.copy()
    seed = window.session.scenario["training"]["seed"]
    click(qtbot, c.reinit)
    qtbot.waitUntil(lambda: window.session.scenario["training"]["seed"] == seed + 1,
                    timeout=TIMEOUT)
    assert not np.array_equal(window.session.board.theta, first)  # new pegs, as it says


def test_interpolate_is_offered_on_the_board_after_training_and_draws_the_line(window, qtbot):
    panel = window.landscape
    window.panels.show("landscape")
    button = panel.path_tab.interp_button
    assert not button.isEnabled() and "Train a few steps" in button.toolTip()
    panel.set_source("surface", "bowl")
    assert not button.isEnabled() and "board slice" in button.toolTip()
    panel.set_source("board")
    window.session.set(lr=1.0)
    for _ in range(5):
        click(qtbot, window.controls.step)
    qtbot.waitUntil(button.isEnabled, timeout=TIMEOUT)
    click(qtbot, button)
    plot = panel.path_tab.interp_plot.getPlotItem()
    qtbot.waitUntil(lambda: len(plot.listDataItems()) == 1, timeout=TIMEOUT)
    ts, losses = plot.listDataItems()[0].getData()
    assert ts[0] < 0 < 1 < ts[-1] and np.ptp(losses) > 0  # the line, a little past both ends


def test_a_learner_reaches_divergence_with_the_step_size_slider(window, qtbot):
    """Default settings; the slider dragged to its end (End key), then Step: the banner."""
    c = window.controls
    window.panels.show("controls")
    c.lr_slider.setFocus()
    qtbot.keyClick(c.lr_slider, Qt.Key.Key_End)
    assert window.session.lr == pytest.approx(1000.0)
    for _ in range(5):
        click(qtbot, c.step)
        qtbot.wait(50)
        if window.banner.isVisible():
            break
    qtbot.waitUntil(window.banner.isVisible, timeout=TIMEOUT)
    assert "diverged" in window.banner.text()


def test_the_slider_marks_two_over_lambda_max_and_warns_above_it(window, qtbot):
    from galton.core import stepsize
    from galton.qt.controls import lr_to_slider
    from galton.qt.step_edge import oscillating

    c = window.controls
    window.panels.show("controls")
    qtbot.waitUntil(lambda: c.lr_slider.mark is not None, timeout=TIMEOUT)
    s = window.session
    lam = stepsize.board_sharpness(s.board, s.trainer.X, s.trainer.y, loss=s.trainer.loss,
                                   iterations=15)
    assert c.step_edge.edge == pytest.approx(2 / lam, rel=1e-6)
    assert c.lr_slider.mark == lr_to_slider(2 / lam)
    assert "2/λ_max" in c.lr_slider.toolTip()
    assert c.lr_note.text() == ""  # the default step is below the mark
    c.lr_slider.setValue(lr_to_slider(3 * c.step_edge.edge))  # dragged past the mark
    click(qtbot, c.step)
    qtbot.waitUntil(lambda: "⚠" in c.lr_note.text(), timeout=TIMEOUT)
    assert oscillating([1, 2, 1, 2, 1, 2, 1, 2]) and not oscillating([5, 4, 3, 2, 1, 0.5, 0.2])
