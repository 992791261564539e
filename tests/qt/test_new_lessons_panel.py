"""Lessons 13–17 in the real lesson panel: chosen from the Lessons menu, every step done with
the Do it button, the check turning green, the figures drawn, one spin box per step."""

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

from galton.qt.lesson_figure import PlotPanel, TablePanel


def _lesson_action(window, number):
    menu = next(a.menu() for a in window.menuBar().actions()
                if a.text().replace("&", "") == "Lessons")
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(f"{number}."))


def _visible_boxes(panel):
    boxes = panel.params_box.findChildren(QAbstractSpinBox) + \
        panel.params_box.findChildren(QComboBox)
    return [b for b in boxes if b.isVisible()]


@pytest.mark.parametrize(("number", "name", "seen"), [
    (13, "semantic_space", "queen"),
    (14, "loss_functions", "1.747868"),
    (15, "masked_tokens", "0.949"),
    (16, "remedies", "0.121"),
    (17, "training_cost", "3.6 TB"),
])
def test_every_step_done_with_the_button(window, qtbot, number, name, seen):
    _lesson_action(window, number).trigger()
    panel = window.lesson_panel
    assert panel.run.lesson.name == name
    bodies = []
    for i, step in enumerate(panel.run.steps):
        assert panel.progress.text() == f"step {i + 1} of {len(panel.run.steps)}"
        # one box per parameter of this step, none of another step's
        assert len(_visible_boxes(panel)) == len(step.params)
        qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
        # Do it runs as a job (seconds on a busy machine): wait for its end, then check.
        qtbot.waitUntil(lambda: not panel.busy and panel.do_button.isEnabled(), timeout=120000)
        qtbot.waitUntil(lambda: "✔" in panel.check_label.text(), timeout=5000)
        assert panel.do_button.text() == "Do it again"
        bodies.append(panel.body.toPlainText())
        assert "…" not in bodies[-1]
        assert all(isinstance(p, (PlotPanel, TablePanel)) for p in panel.figure_view.panels)
        if i + 1 < len(panel.run.steps):
            qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert any(seen in b for b in bodies)


def test_a_new_step_of_lesson_12_in_the_panel(window, qtbot):
    run = window.start_lesson("next_token")
    panel = window.lesson_panel
    run.goto(len(run.steps) - 1)
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "✔" in panel.check_label.text(), timeout=20000)
    assert "p(今天天气很好) = 0.47" in panel.body.toPlainText()
    plot, table = panel.figure_view.panels
    assert isinstance(plot, PlotPanel) and isinstance(table, TablePanel)
