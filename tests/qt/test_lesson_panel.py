"""The lesson panel: the Lessons menu, Do it / Next / Back, parameters, the live check, figures,
languages, and `galton --lesson`."""

import html
import itertools
import os
import re
import subprocess
import sys
import time

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDoubleSpinBox

from galton import lessons
from galton.qt.lesson_figure import PlotPanel, SurfacePanel, TablePanel
from galton.qt.main_window import MainWindow
from galton.session import Session


def finished(qtbot, panel):
    """Do it runs as a job: wait until it is done and the panel has shown the result."""
    qtbot.waitUntil(lambda: not panel.busy and panel.do_button.isEnabled(), timeout=60000)
    qtbot.wait(20)


def _menu(window, title):
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            return action.menu()
    raise AssertionError(f"no menu {title}")


def test_the_lessons_menu_lists_every_lesson_and_opens_one(window, qtbot):
    menu = _menu(window, "Lessons")
    entries = [a for a in menu.actions() if a.text() and a.text()[0] in "&123456789"]
    assert len(entries) == len(lessons.names()) == 17
    assert entries[2].text().replace("&", "").startswith("3. The grad demo")
    entries[2].trigger()
    panel = window.lesson_panel
    assert window.lesson_dock.isVisible()
    assert panel.run.lesson.name == "grad_demo"
    assert panel.title.text() == "A bowl with its bottom at the origin"
    assert panel.progress.text() == "step 1 of 4"
    assert not panel.back_button.isEnabled() and panel.next_button.isEnabled()


def test_do_it_runs_the_step_and_the_check_turns_green(window, qtbot):
    run = window.start_lesson("grad_demo")
    panel = window.lesson_panel
    panel.next()
    assert run.index == 1 and "○" in panel.check_label.text()
    assert "Do it" == panel.do_button.text()
    panel.do_button.click()
    finished(qtbot, panel)
    assert "✔" in panel.check_label.text() and "0.0461" in panel.check_label.text()
    assert panel.do_button.text() == "Do it again"
    assert "0.0461" in panel.body.toPlainText()
    surface, plot = panel.figure_view.panels
    assert isinstance(surface, SurfacePanel) and isinstance(plot, PlotPanel)
    # The plot shows the 21 iterates 4·0.8ⁿ.
    items = plot.plot.getPlotItem().listDataItems()
    ys = next(item.yData for item in items if item.name() == "η = 0.1")
    np.testing.assert_allclose(ys, 4 * 0.8 ** np.arange(21))


def test_the_end_of_an_action_draws_the_figure_once(window, qtbot, monkeypatch):
    """The end of Do it announces itself three times (the run changed in the action's thread,
    the job ended, the session changed); each drew the figure (~25 ms of the window's time
    apiece), the first two back to back. Now those two make one refresh (the session's own
    refresh comes later, on its timer); a click on Next still shows the new step at once."""
    run = window.start_lesson("pinball")
    panel = window.lesson_panel
    run.goto([s.key for s in run.steps].index("train"))
    shown = []
    real = panel.figure_view.show_figure
    monkeypatch.setattr(panel.figure_view, "show_figure",
                        lambda figure: (shown.append((time.perf_counter(), figure)),
                                        real(figure))[1])
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
    finished(qtbot, panel)
    qtbot.wait(600)  # past the session's refresh timer
    assert 1 <= len(shown) <= 2 and all(figure is not None for _, figure in shown)
    times = [t for t, _ in shown]
    assert all(b - a > 0.1 for a, b in itertools.pairwise(times)), "drawn twice in a row"
    assert panel.do_button.text() == "Do it again"
    index = run.index
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert run.index == index + 1  # shown at once, no wait
    assert panel.progress.text() == f"step {index + 2} of {len(run.steps)}"
    assert len(shown) == len(times) + 1


def test_the_two_signals_that_end_an_action_make_one_refresh(window, qtbot, monkeypatch):
    """The run's change (queued from the action's thread) and the job's end arrive back to
    back; whichever order, they make one refresh with one figure."""
    window.start_lesson("grad_demo")
    panel = window.lesson_panel
    qtbot.wait(50)
    shown = []
    real = panel.figure_view.show_figure
    monkeypatch.setattr(panel.figure_view, "show_figure",
                        lambda figure: (shown.append(figure), real(figure))[1])
    panel._run_changed.emit()  # as the run's listener does in the action's thread
    panel._on_busy("lesson", False)
    assert shown == []  # not yet: once the events already queued are handled
    qtbot.wait(50)
    assert len(shown) == 1


def test_a_parameter_box_belongs_to_its_step_and_drives_the_check(window, qtbot):
    run = window.start_lesson("grad_demo")
    panel = window.lesson_panel
    box, key = panel._param_widgets["lr_wobble"]
    assert isinstance(box, QDoubleSpinBox) and key == "wobble"
    assert box.isHidden()  # step 1 has no parameter
    run.goto(2)
    assert not box.isHidden() and box.value() == 0.9
    box.setValue(0.3)
    assert run.params["lr_wobble"] == 0.3
    panel.do()
    finished(qtbot, panel)
    assert "○" in panel.check_label.text()  # 0.3 does not wobble
    box.setValue(0.95)
    panel.do()
    finished(qtbot, panel)
    assert "✔" in panel.check_label.text()


def test_two_steps_asking_for_the_same_number_share_one_box(window, qtbot):
    # Pinball's first and third steps both ask for "balls": one box, shown on both steps.
    from PySide6.QtWidgets import QAbstractSpinBox

    run = window.start_lesson("pinball")
    panel = window.lesson_panel

    def shown_boxes():
        return [w for w in panel.params_box.findChildren(QAbstractSpinBox)
                if w.isVisibleTo(panel)]

    (box,) = shown_boxes()
    assert panel.params_form.labelForField(box).text() == run.text("balls")
    # balls, steps, lr, row, slot: once each (the old panel made a second "balls" box)
    assert len(panel.params_box.findChildren(QAbstractSpinBox)) == 5
    box.setValue(600)
    assert run.params["balls"] == 600
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert box not in shown_boxes() and len(shown_boxes()) == 2        # steps and lr
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert shown_boxes() == [box] and box.value() == 600
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
    finished(qtbot, panel)
    assert run.values["after_balls"] == 600


def test_back_next_and_the_last_step(window, qtbot):
    run = window.start_lesson(3)
    panel = window.lesson_panel
    for _ in range(3):
        panel.next()
    assert run.index == 3 and not panel.next_button.isEnabled()
    panel.next()
    assert "last step" in window.status.currentMessage()
    panel.back()
    assert run.index == 2


def test_starting_a_lesson_stops_training(window, qtbot):
    window.controls.play.setChecked(True)
    qtbot.waitUntil(lambda: window.training.running, timeout=10000)
    window.start_lesson("grad_demo")
    qtbot.waitUntil(lambda: not window.training.running, timeout=10000)


def test_a_failing_action_is_reported_and_the_lesson_stays_usable(window, qtbot, monkeypatch):
    run = window.start_lesson("grad_demo")

    def broken(run):
        raise ValueError("the ball fell off the table")

    step = run.step
    monkeypatch.setattr(run.lesson, "steps", (type(step)(step.key, action=broken),
                                              *run.lesson.steps[1:]))
    window.lesson_panel.do()
    finished(qtbot, window.lesson_panel)
    assert "the ball fell off the table" in window.status.currentMessage()
    run.next()
    assert run.index == 1


def test_a_figure_that_cannot_be_drawn_is_reported_and_the_lesson_stays_usable(window, qtbot,
                                                                              monkeypatch):
    run = window.start_lesson("grad_demo")

    def broken(run):
        raise ValueError("curve 'all balls': x and y differ in length (9 vs 7)")

    step = run.step
    monkeypatch.setattr(run.lesson, "steps", (type(step)(step.key, figure=broken),
                                              *run.lesson.steps[1:]))
    panel = window.lesson_panel
    panel.refresh()
    assert "x and y differ in length" in window.status.currentMessage()
    assert panel.figure_view.isHidden()
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert run.index == 1 and not panel.figure_view.isHidden()


def test_tables_draw_their_cells(qtbot):
    panel = TablePanel()
    qtbot.addWidget(panel)
    panel.show_panel(lessons.Table("t", ["a", "b"], [["1", "2"], ["3", "4"]], highlight=[1]))
    assert panel.table.rowCount() == 2 and panel.table.item(1, 1).text() == "4"


def test_the_panel_speaks_chinese(qtbot):
    app = QApplication.instance()
    app.setProperty("galton_language", "zh_CN")
    try:
        w = MainWindow(Session())
        qtbot.addWidget(w)
        run = w.start_lesson("grad_demo")
        assert run.lang == "zh_CN"
        assert w.lesson_panel.title.text() == "一个底部在原点的碗"
        assert "梯度下降演示" in w.lesson_panel.chooser.currentText()
        w.training.stop()
        w.lab.close_jobs()
        w.landscape.close_jobs()
    finally:
        app.setProperty("galton_language", "en")


def test_galton_lesson_with_an_unknown_name_says_which_exist():
    out = subprocess.run([sys.executable, "-m", "galton", "--lesson", "nope"], check=False,
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 2
    assert "no lesson 'nope'" in out.stderr and "3 grad_demo" in out.stderr


def _items(panel, kind):
    return [i for i in panel.plot.getPlotItem().items if isinstance(i, kind)]


def test_reference_lines_on_a_log_axis_are_drawn_at_their_value(qtbot):
    # pyqtgraph lays a log axis out in log10 units: a line "at 10" belongs at 1, not at 10.
    import pyqtgraph as pg

    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.show_panel(lessons.Plot(log_y=True, y_range=(1.0, 1000.0),
                                  curves=[lessons.Curve([0, 1, 2], [1, 10, 100])],
                                  lines=[lessons.Line(10.0, "y", "ten"),
                                         lessons.Line(1.5, "x", "x stays")]))
    # (The lines' labels are text items placed beside them: galton/qt/figure_fit.py.)
    lines = {"y" if line.angle == 0 else "x": line.value()
             for line in _items(panel, pg.InfiniteLine)}
    assert lines == {"y": pytest.approx(1.0), "x": 1.5}  # "ten" at log10(10); x as it is
    low, high = panel.plot.getPlotItem().viewRange()[1]
    assert low <= 0.0 < 3.0 <= high < 3.2      # the range 1..1000 is 0..3 in log10 units
    panel.show_panel(lessons.Plot(curves=[lessons.Curve([0, 1], [1, 10])],
                                  lines=[lessons.Line(10.0, "y", "ten")]))
    (line,) = _items(panel, pg.InfiniteLine)
    assert line.value() == 10.0                # a linear axis keeps the value as it is


def test_bars_set_side_by_side_sit_around_their_label(qtbot):
    # Two series at x ∓ 0.2 (next token: untrained and trained): each bar must be narrower than
    # the gap between them, and each pair centred on its label.
    import pyqtgraph as pg

    panel = PlotPanel()
    qtbot.addWidget(panel)
    x = np.arange(3.0)
    panel.show_panel(lessons.Plot(x_ticks=[(0.0, "a"), (1.0, "b"), (2.0, "c")],
                                  curves=[lessons.Curve(x - 0.2, [1, 2, 3], "before", "grey",
                                                        "bars"),
                                          lessons.Curve(x + 0.2, [3, 2, 1], "after", "blue",
                                                        "bars")]))
    left, right = _items(panel, pg.BarGraphItem)
    for bars in (left, right):
        assert bars.opts["width"] == pytest.approx(0.32)
    assert np.all(left.opts["x"] + left.opts["width"] / 2 < right.opts["x"] - 0.01)
    centres = (left.opts["x"] + right.opts["x"]) / 2
    ticks = [pos for pos, _ in panel.plot.getPlotItem().getAxis("bottom")._tickLevels[0]]
    np.testing.assert_allclose(centres, ticks)


def test_large_numbers_on_a_log_axis_are_not_rescaled(qtbot):
    # remedies' "message" plot: the ticks must read the numbers themselves, not "0.1 (x1e+09)"
    # with the line "at 1" drawn beside the tick "1e-9".
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 300)
    panel.show()
    x = np.arange(-12.0, 10.0)   # remedies' first step: 10⁻¹² (too quiet) … 10⁹ (too loud)
    panel.show_panel(lessons.Plot(log_y=True, ylabel="message",
                                  curves=[lessons.Curve(x, 10.0 ** x)]))
    qtbot.wait(50)
    for side in ("left", "bottom"):
        axis = panel.plot.getPlotItem().getAxis(side)
        assert axis.autoSIPrefixScale == 1.0
        assert "x1e" not in axis.labelString()


def test_long_table_cells_wrap_instead_of_being_cut(qtbot):
    panel = TablePanel()
    qtbot.addWidget(panel)
    panel.resize(320, 300)
    panel.show()
    long = "6·1 + 2·0 + 2·1 + 2·1"
    panel.show_panel(lessons.Table("sums", ["weather", "family", "parking", "sum", "go"],
                                   [["1", "0", "0", "6", "go"], ["1", "1", "1", long, "go"]]))
    qtbot.wait(50)
    table = panel.table
    assert table.rowHeight(1) > 1.5 * table.rowHeight(0)   # two lines or more: all of it shown


def test_the_longest_lesson_title_does_not_set_the_panels_width(qtbot):
    # The chooser used to be as wide as its longest title (541 px; the panel 634 px), which made
    # the window wider than a 1366×768 screen; its list still shows every title whole.
    from galton.qt.lesson_dock import LessonPanel

    panel = LessonPanel(Session())
    qtbot.addWidget(panel)
    panel.show()
    try:
        _check_chooser(panel)
    finally:  # its Do it thread ends with the test: left running, it emitted into a deleted panel
        panel.close_jobs()


def _check_chooser(panel):
    assert panel.chooser.minimumSizeHint().width() < 300
    assert panel.minimumSizeHint().width() < 320
    titles = [panel.chooser.itemText(i) for i in range(1, panel.chooser.count())]
    # The 17 numbered lessons, then those written as data (titles without a number).
    assert sum(". " in t for t in titles) >= 17 and not any(t.endswith("…") for t in titles)
    assert panel.chooser.view().minimumWidth() >= max(
        panel.chooser.fontMetrics().horizontalAdvance(t) for t in titles)


def test_bars_on_a_log_axis_reach_their_value(qtbot):
    # pyqtgraph's log mode leaves bars alone: a bar of height 1000 would reach 10^1000.
    import pyqtgraph as pg

    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_panel(lessons.Plot(log_y=True, curves=[
        lessons.Curve([0, 1, 2], [0.05, 10.0, 1000.0], "memory", "blue", "bars")]))
    qtbot.wait(100)
    (bars,) = _items(panel, pg.BarGraphItem)
    tops = np.asarray(bars.opts["y0"]) + np.asarray(bars.opts["height"])
    np.testing.assert_allclose(tops, np.log10([0.05, 10.0, 1000.0]))
    assert bars.opts["y0"] == -2.0             # from the decade below the smallest bar
    low, high = panel.plot.getPlotItem().viewRange()[1]
    assert -2.5 < low <= -2.0 and 3.0 <= high < 3.5


def test_a_long_title_wraps_and_the_plot_stays_whole_in_a_narrow_panel(qtbot):
    # pyqtgraph's own title set the plot item's minimum width: in a narrow lesson panel the
    # view cut the plot's right side off (next token's last bars and legend).
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.resize(220, 260)
    panel.show()
    title = "where the ball 今天天气很 lands, before and after training"
    panel.show_panel(lessons.Plot(title=title, curves=[
        lessons.Curve(np.arange(6.0), np.ones(6), "trained", "blue", "bars")]))
    qtbot.wait(100)
    item = panel.plot.getPlotItem()
    # The title is the plot's own, fitted (galton/qt/figure_fit.py): whole, on several lines.
    shown = item.titleLabel.text
    lines = [html.unescape(re.sub(r"<[^>]+>", "", part)) for part in shown.split("<br>")]
    assert "".join(lines).replace(" ", "") == title.replace(" ", "") and len(lines) > 1
    assert item.boundingRect().width() <= panel.plot.width() + 1


def test_long_column_names_wrap_in_a_taller_header(qtbot):
    panel = TablePanel()
    qtbot.addWidget(panel)
    panel.resize(300, 300)
    panel.show()
    panel.show_panel(lessons.Table("t", ["a", "b", "c", "its probability of the next token"],
                                   [["1", "2", "3", "4"]]))
    qtbot.wait(50)
    header = panel.table.horizontalHeader()
    # Every name whole: on one line where its column has the room, else wrapped in a header
    # tall enough for all its lines (galton/qt/lesson_figure.py, TablePanel.fit).
    metrics = header.fontMetrics()
    for j in range(panel.table.columnCount()):
        lines = panel.table.horizontalHeaderItem(j).text().split("\n")
        assert "".join(lines).replace(" ", "") == ["a", "b", "c", "its probability of the "
                                                   "next token"][j].replace(" ", "")
        assert all(metrics.horizontalAdvance(line) <= header.sectionSize(j) for line in lines)
        assert header.height() >= len(lines) * metrics.lineSpacing()


def test_the_text_gets_the_height_it_needs_and_the_figure_the_rest(window, qtbot):
    panel = window.lesson_panel

    def share():
        qtbot.waitUntil(lambda: not panel._fit_timer.isActive(), timeout=5000)
        top, bottom = panel.split.sizes()
        return top / (top + bottom)

    window.start_lesson("grad_demo")            # step 1: a short text
    short = share()
    run = window.start_lesson("vanishing")
    run.goto(4)                                 # saturated pegs: a long text with a table
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
    finished(qtbot, panel)
    long = share()
    assert 0.39 <= short < long <= 0.66
    assert panel.body.verticalScrollBar().maximum() > 0   # still more text than fits: capped


def test_a_figure_grid_draws_major_and_minor_lines_only_and_keeps_its_axes_as_pixels(qtbot):
    # The grid is drawn by pyqtgraph's axes. With its third tick level a 600x300 plot replayed
    # ~77 faint lines on every repaint (~8 ms, 0.6 ms without a grid): a lesson's Do it
    # repainted its plot 5-7 times and the window waited 60-100 ms (issue #15). Measured by
    # benchmarks/bench_figure_paint.py.
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QGraphicsItem

    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 300)
    panel.show()
    x = np.arange(50.0)
    panel.show_panel(lessons.Plot(curves=[lessons.Curve(x, np.sin(x / 5))]))
    qtbot.wait(50)
    lines, every_level, image = 0, 0, QImage(600, 300, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    for side in ("left", "bottom"):
        axis = panel.plot.getPlotItem().getAxis(side)
        assert axis.grid, side  # the grid is still there
        assert axis.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
        _, ticks, texts = axis.generateDrawSpecs(painter)
        assert texts, side  # and numbered
        lines += len(ticks)
        kept = axis.style["maxTickLevel"]
        axis.setStyle(maxTickLevel=2)  # what pyqtgraph draws by default, for comparison
        every_level += len(axis.generateDrawSpecs(painter)[1])
        axis.setStyle(maxTickLevel=kept)
    painter.end()
    assert 6 <= lines and 2 * lines <= every_level, (lines, every_level)
