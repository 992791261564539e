"""The window's panels as a user handles them: the View menu brings every panel back, Reset
layout restores the default, a saved layout is clamped to the screen and can always be undone,
the charts are readable, and --screenshot shows what is on screen. Menus, close buttons and the
Step button are clicked."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDockWidget

from galton.qt.charts import CHART_MINIMUM
from galton.qt.main_window import MainWindow
from galton.qt.prefs import settings
from galton.qt.window_layout import LAYOUT_VERSION
from galton.session import Session
from tests.qt.layout_check import choose, forget_layout, menu_of, settled_problems

PANELS = {"controls": "Controls", "charts": "Charts", "landscape": "Loss landscape",
          "lab": "Fine-tuning and scaling lab", "console": "Python console",
          "lesson": "Lesson panel"}


def close_button(dock):
    return dock.findChild(QAbstractButton, "qt_dockwidget_closebutton")


def in_front(window, name):
    return window.panels.in_front(name)


def arrangement(window):
    """Where each panel is: its area, shown or not, floating or not."""
    return {name: (window.dockWidgetArea(dock), dock.isHidden(), dock.isFloating())
            for name, dock in window.panels.docks.items()}


def new_window(qtbot):
    w = MainWindow(Session())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(50)  # the tabs are brought forward once shown
    return w


def stop(w):
    w.training.stop()
    w.lab.close_jobs()
    w.landscape.close_jobs()


@pytest.fixture(autouse=True)
def fresh_layout():
    forget_layout()
    yield
    forget_layout()


def test_a_fresh_window_fits_the_test_screen_in_the_wide_layout(window, qtbot):
    qtbot.wait(50)
    available = window.screen().availableGeometry()
    assert available.contains(window.frameGeometry())
    assert settled_problems(window) == []
    area = {name: window.dockWidgetArea(dock) for name, dock in window.panels.docks.items()}
    assert area["controls"] == Qt.LeftDockWidgetArea
    assert area["charts"] == Qt.BottomDockWidgetArea  # 1920x1080: a row of charts
    assert in_front(window, "landscape") and not in_front(window, "lab")
    assert window.panels.docks["console"].isHidden()
    assert window.panels.docks["lesson"].isHidden()


def test_view_lists_every_panel_and_reset_layout(window):
    view = menu_of(window, "View").menu()
    entries = [a.text().replace("&", "") for a in view.actions()]
    for text in (*PANELS.values(), "Reset layout"):
        assert text in entries
    assert [a.isChecked() for a in view.actions()[:6]] == [True, True, True, True, False,
                                                            False]


@pytest.mark.parametrize("name", ["controls", "charts"])
def test_a_closed_panel_comes_back_from_the_view_menu(window, qtbot, name):
    dock = window.panels.docks[name]
    qtbot.mouseClick(close_button(dock), Qt.LeftButton)
    assert dock.isHidden() and not window.panels.actions[name].isChecked()
    choose(qtbot, window, "View", PANELS[name])
    assert not dock.isHidden() and in_front(window, name)
    assert window.panels.actions[name].isChecked()
    assert settled_problems(window) == []


def test_choosing_a_panel_behind_a_tab_brings_it_forward_then_closes_it(window, qtbot):
    assert not in_front(window, "lab")
    choose(qtbot, window, "View", PANELS["lab"])  # behind the landscape's tab: forward
    assert in_front(window, "lab") and not in_front(window, "landscape")
    choose(qtbot, window, "View", PANELS["lab"])  # in front: closed
    assert window.lab_dock.isHidden()
    qtbot.waitUntil(lambda: in_front(window, "landscape"), timeout=5000)


def test_the_console_and_the_lesson_open_in_their_places(window, qtbot):
    choose(qtbot, window, "View", PANELS["console"])
    assert in_front(window, "console") and window.console.started
    assert window.dockWidgetArea(window.console_dock) == Qt.RightDockWidgetArea
    assert window.console_dock in window.tabifiedDockWidgets(window.landscape_dock)
    choose(qtbot, window, "Lessons", "3. ")  # the grad demo
    assert in_front(window, "lesson")
    assert window.lesson_dock in window.tabifiedDockWidgets(window.controls_dock)
    qtbot.wait(50)
    assert settled_problems(window) == []
    window.console_dock.hide()


def test_reset_layout_puts_every_panel_back(window, qtbot):
    default = arrangement(window)
    qtbot.mouseClick(close_button(window.landscape_dock), Qt.LeftButton)
    qtbot.mouseClick(close_button(window.controls_dock), Qt.LeftButton)
    window.charts_dock.setFloating(True)  # as if dragged out of the window
    window.addDockWidget(Qt.LeftDockWidgetArea, window.lab_dock)
    choose(qtbot, window, "View", PANELS["console"])
    assert arrangement(window) != default
    choose(qtbot, window, "View", "Reset layout")
    qtbot.wait(50)
    assert arrangement(window) == default
    assert in_front(window, "landscape") and in_front(window, "charts")
    assert "Panels back" in window.status.currentMessage()
    assert settled_problems(window) == []
    assert not window.console_dock.isVisible()


def test_a_saved_layout_that_hid_panels_can_be_undone(qtbot):
    first = new_window(qtbot)
    default = arrangement(first)
    for name in ("controls", "charts", "landscape"):
        qtbot.mouseClick(close_button(first.panels.docks[name]), Qt.LeftButton)
    stop(first)
    first.close()  # saves the layout with three panels closed
    second = new_window(qtbot)
    try:
        assert second.controls_dock.isHidden() and second.charts_dock.isHidden()
        choose(qtbot, second, "View", "Controls")
        assert in_front(second, "controls")
        choose(qtbot, second, "View", "Reset layout")
        qtbot.wait(50)
        assert arrangement(second) == default
    finally:
        stop(second)


def test_saved_geometry_is_clamped_to_the_screen(qtbot):
    first = new_window(qtbot)
    available = first.screen().availableGeometry()
    first.resize(available.width() + 900, available.height() + 600)
    first.move(available.right() - 200, available.bottom() - 150)  # mostly off screen
    stop(first)
    first.close()
    second = new_window(qtbot)
    try:
        qtbot.wait(50)
        assert available.contains(second.frameGeometry()), second.frameGeometry()
        assert settled_problems(second) == []
    finally:
        stop(second)


def test_a_layout_saved_by_an_older_version_is_not_restored(qtbot):
    first = new_window(qtbot)
    first.controls_dock.hide()
    settings().setValue("window_state", first.saveState(LAYOUT_VERSION - 1))
    stop(first)
    first.closeEvent = lambda event: event.accept()  # keep the old state just written
    first.close()
    second = new_window(qtbot)
    try:
        assert in_front(second, "controls")  # the default, not the old layout
    finally:
        stop(second)


def test_charts_are_readable_and_say_how_to_fill_them(window, qtbot):
    charts = window.charts
    assert window.charts_dock.height() >= 250
    for plot in charts.plots:
        assert plot.width() >= CHART_MINIMUM.width() and plot.height() >= CHART_MINIMUM.height()
    assert charts.loss_plot.getPlotItem().getAxis("left").logMode
    notes = list(charts.empty_notes.values())
    assert all(note.isVisible() for note in notes)
    assert all("Play or Step" in note.toPlainText() for note in notes)
    # The empty heat map spans the board's rows, not -400...400.
    (x0, x1), (y0, y1) = charts.grad_plot.getPlotItem().getViewBox().viewRange()
    assert (y0, y1) == (0, window.session.board.rows) and x1 - x0 == pytest.approx(10)
    qtbot.mouseClick(window.controls.step, Qt.LeftButton)
    qtbot.mouseClick(window.controls.step, Qt.LeftButton)
    assert not any(note.isVisible() for note in notes)
    assert charts.loss_plot.getPlotItem().legend.isVisible()
    rows = charts.grad_plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert [label for _, label in rows] == [str(r) for r in range(window.session.board.rows)]
    left = charts.confusion_plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert [label for _, label in left] == list(window.session.data.class_names)
    for plot in charts.plots:  # still readable once drawn
        assert plot.height() >= CHART_MINIMUM.height()


def test_the_loss_axis_labels_never_pile_up(qtbot):
    from galton.qt.charts import LogAxis

    axis = LogAxis(orientation="left")
    for low, high, pixels in ((-1, 1, 110), (-0.7, 0.05, 110), (-8, 3, 120), (-0.65, -0.6, 150),
                              (-1, 1, 400)):
        (_, values), = axis.logTickValues(low, high, pixels, [(0.01, [low, (low + high) / 2])])
        assert 1 <= len(values) <= pixels // LogAxis.LABEL_ROOM
        labels = axis.logTickStrings(values, 1.0, None)
        assert len(set(labels)) == len(labels)  # neighbours never read the same
    assert axis.logTickStrings([-1, 0, 1], 1.0, None) == ["0.1", "1", "10"]


def test_a_narrow_log_axis_within_a_decade_labels_a_few_values(qtbot):
    """The scaling lab's balls axis (24 to 48 balls, a 150-pixel plot) labelled every integer
    from 24 to 49 on top of each other: pyqtgraph's finest level, taken whole."""
    import math

    from galton.qt.charts import LogAxis

    axis = LogAxis(orientation="bottom")
    for low, high, pixels in ((24, 49, 150), (24, 49, 400), (3.1, 3.9, 150), (20, 60, 120),
                              (24, 28, 200)):
        lo, hi = math.log10(low), math.log10(high)
        std = axis.tickValues(lo, hi, pixels)  # what pyqtgraph hands the log axis
        (_, values), = axis.logTickValues(lo, hi, pixels, std)
        room = max(2, pixels // LogAxis.LABEL_ROOM_WIDE)
        assert 1 <= len(values) <= room, (low, high, pixels, values)
        assert all(lo <= v <= hi for v in values)
        labels = axis.logTickStrings(values, 1.0, None)
        assert len(set(labels)) == len(labels)


def test_screenshot_shows_what_is_on_screen(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from galton.qt.app import screenshot

    assert settled_problems(window) == []
    play = window.controls.play
    at = play.mapTo(window, QPoint(0, 0))
    expected = play.grab().toImage()
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible()]
    assert len(docks) >= 3
    out = tmp_path / "shot.png"
    assert screenshot(QApplication.instance(), window, out, steps=3) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (window.width(), window.height())
    # The Play row as the button itself draws it: nothing (no stray tab bar) drawn over it.
    crop = image.copy(at.x(), at.y(), play.width(), play.height()).convertToFormat(
        expected.format())
    assert crop == expected


def test_a_floating_panel_saved_off_screen_comes_back_on_screen(qtbot):
    first = new_window(qtbot)
    available = first.screen().availableGeometry()
    first.charts_dock.setFloating(True)
    first.charts_dock.move(available.right() + 500, available.bottom() + 400)
    stop(first)
    first.close()
    second = new_window(qtbot)
    try:
        dock = second.charts_dock
        assert dock.isFloating()
        assert available.contains(dock.frameGeometry()), dock.frameGeometry()
        choose(qtbot, second, "View", "Reset layout")
        assert not dock.isFloating() and in_front(second, "charts")
    finally:
        stop(second)
