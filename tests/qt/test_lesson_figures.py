"""Every lesson figure, every step, at 1366x768 in English and 简体中文: no text clipped by its
plot, its panel or its table column, no label over another or over a marked point
(tests/qt/figure_check.py measures the items' bounding rectangles)."""

import time

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

from galton import lessons
from tests.qt.figure_check import figure_problems


def settled_problems(qtbot, view, where, seconds=3.0):
    """The figure's problems once its layout has settled: a plot ranges its view and fits its
    words over a few event-loop turns, later on a busy machine (a note measured at x = 12,038
    before its plot had its range, in one CI run). A real problem is still there after
    ``seconds`` and is reported."""
    deadline = time.monotonic() + seconds
    while True:
        problems = figure_problems(view, where)
        if not problems or time.monotonic() > deadline:
            return problems
        qtbot.wait(100)


def finished(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.busy and panel.do_button.isEnabled(), timeout=120000)
    qtbot.wait(20)


#: Known and not fixed yet: the word map's names (woman / Fei-Fei Li, Jordan / Kobe) lie so
#: close together that at this size no placement keeps them apart.
#: (Lesson 13's word map was crowded until the lessons work: it passes now.)
CROWDED: set[str] = set()


def _known(name):
    return pytest.mark.xfail(strict=True, reason="crowded word map labels")


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=_known(n)) if n in CROWDED else n
    for n in lessons.names()])
def test_every_lesson_figure_fits_at_1366x768_in_both_languages(window, qtbot, name):
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() == 1366)
    run = window.start_lesson(name)
    panel = window.lesson_panel
    qtbot.waitUntil(lambda: panel.figure_view.isVisible() or run.figure() is None)
    problems, seen = [], 0
    for i in range(len(run.steps)):
        if run.step.action is not None:
            qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
            finished(qtbot, panel)
        for lang in ("en", "zh_CN"):
            run.lang = lang
            panel.refresh(figure=True)
            qtbot.wait(40)  # the panels fit their words once laid out
            if panel.figure_view.panels and panel.figure_view.isVisible():
                seen += 1
                assert panel.figure_view.width() >= 380  # the figure is there to be read
                problems += settled_problems(qtbot, panel.figure_view,
                                             f"{name} step {i + 1} {lang}")
        run.lang = "en"
        if i + 1 < len(run.steps):
            qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda i=i: run.index == i + 1)
    assert seen > 0
    assert not problems, "\n".join(problems)
