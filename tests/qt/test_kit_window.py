"""The teacher's kit, clicked in the window: the Lessons menu with the user's lessons (and the
chooser beside the lesson), File ▸ Open lesson…, File ▸ Save session as… and Open of a
.galton file, View ▸ Presentation."""

import zipfile

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QToolBar

from galton.resources import asset_path
from tests.qt.layout_check import click_list_entry, forget_layout

LESSON = asset_path("lessons", "peg_challenge.toml")


def our_lesson(path, title):
    """The shipped challenge under another file name and title: a teacher's own lesson."""
    text = LESSON.read_text(encoding="utf-8")
    old = 'title = "The sorting challenge: three pegs by hand"'
    assert old in text
    path.write_text(text.replace(old, f'title = "{title}"'), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    folder.mkdir()
    monkeypatch.setenv("GALTON_LESSONS", str(folder))
    return folder


@pytest.fixture
def kit_window(qtbot, folder):
    """The main window, made after the lessons folder is set."""
    from galton.qt.main_window import MainWindow
    from galton.session import Session

    forget_layout()
    our_lesson(folder / "monday.toml", "Monday's challenge")
    w = MainWindow(Session())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.presentation.leave()
    w.training.stop()
    w.lab.close_jobs()
    w.landscape.close_jobs()
    w.lesson_panel.close_jobs()


def open_menu(qtbot, window, title):
    """Click a menu of the menu bar open; returns the QMenu."""
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.actionGeometry(action).center())
    menu = action.menu()
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    return menu


def click_entry(qtbot, menu, text):
    """Click the entry ``text`` (without its &) of an open menu."""
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert text in texts, texts
    action = menu.actions()[texts.index(text)]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5000)


def choose(qtbot, box, text):
    """Open a combobox's list and click the entry ``text``."""
    index = box.findText(text)
    assert index >= 0, [box.itemText(i) for i in range(box.count())]
    click_list_entry(qtbot, box, index)


def press(qtbot, window, key):
    """A key pressed on the board (shortcuts reach only the active window; with no window
    manager, ask X for the focus)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.board_view.setFocus()
    qtbot.keyClick(window.board_view, key)


def finished(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.busy and panel.do_button.isEnabled(), timeout=60000)
    qtbot.wait(50)


def chooser_texts(panel):
    return [panel.chooser.itemText(i) for i in range(panel.chooser.count())]


# --- the Lessons menu and the chooser ----------------------------------------------------------
def test_the_lessons_menu_lists_shipped_and_own_lessons_and_the_chooser_names_them(
        kit_window, qtbot, folder):
    window, panel = kit_window, kit_window.lesson_panel
    menu = open_menu(qtbot, window, "Lessons")
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts[0].startswith("1. ") and texts[16].startswith("17. ")
    assert "The sorting challenge: three pegs by hand" in texts  # shipped as data
    assert texts.index("Monday's challenge") > texts.index("Your lessons")
    click_entry(qtbot, menu, "Monday's challenge")
    assert panel.run.lesson.path == (folder / "monday.toml").resolve()
    assert window.lesson_dock.isVisible() and panel.title.text() == "Three pegs, three cups"
    # The chooser used to stand blank beside a lesson written as data.
    assert panel.chooser.currentText() == "Monday's challenge"
    choose(qtbot, panel.chooser, "The sorting challenge: three pegs by hand")
    assert panel.run.lesson.path == LESSON.resolve()
    assert panel.chooser.currentText() == "The sorting challenge: three pegs by hand"
    choose(qtbot, panel.chooser, "3. The grad demo: rolling down x² + y²")
    assert panel.run.lesson.name == "grad_demo"
    assert panel.title.text() == "A bowl with its bottom at the origin"


def test_a_lesson_saved_into_the_folder_appears_without_a_restart(kit_window, qtbot, folder):
    window, panel = kit_window, kit_window.lesson_panel
    assert "Tuesday's challenge" not in chooser_texts(panel)
    our_lesson(folder / "tuesday.toml", "Tuesday's challenge")
    # The folder is watched: the chooser hears of it with no menu opened.
    qtbot.waitUntil(lambda: "Tuesday's challenge" in chooser_texts(panel), timeout=10000)
    (folder / "monday.toml").unlink()
    qtbot.waitUntil(lambda: "Monday's challenge" not in chooser_texts(panel), timeout=10000)
    menu = open_menu(qtbot, window, "Lessons")
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert "Monday's challenge" not in texts
    click_entry(qtbot, menu, "Tuesday's challenge")
    assert panel.run.lesson.path == (folder / "tuesday.toml").resolve()
    assert panel.chooser.currentText() == "Tuesday's challenge"


def test_the_menu_reads_the_folder_again_when_it_opens(kit_window, qtbot, folder):
    window = kit_window
    window.lessons_menu.watcher.blockSignals(True)  # e.g. a network folder that sends nothing
    our_lesson(folder / "wednesday.toml", "Wednesday's challenge")
    menu = open_menu(qtbot, window, "Lessons")
    assert "Wednesday's challenge" in [a.text() for a in menu.actions()]
    menu.close()


# --- File ▸ Open lesson… -----------------------------------------------------------------------
def test_open_lesson_opens_any_lesson_file(kit_window, qtbot, tmp_path, monkeypatch):
    window, panel = kit_window, kit_window.lesson_panel
    path = our_lesson(tmp_path / "elsewhere.toml", "A lesson from a USB stick")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(path), "Lessons (*.toml)"))
    menu = open_menu(qtbot, window, "File")
    click_entry(qtbot, menu, "Open lesson…")
    assert panel.run.lesson.path == path.resolve()
    assert panel.chooser.currentText() == "A lesson from a USB stick"
    assert window.lesson_dock.isVisible()
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
    finished(qtbot, panel)
    assert "✔" in panel.check_label.text()


def test_a_bad_lesson_file_names_step_and_field_and_loses_nothing(kit_window, qtbot, tmp_path,
                                                                   monkeypatch):
    window, panel = kit_window, kit_window.lesson_panel
    window.start_lesson("grad_demo")
    window.session.step(5)
    theta, steps = window.session.board.theta.copy(), window.session.trainer.step_count
    bad = tmp_path / "broken.toml"
    text = LESSON.read_text(encoding="utf-8").replace(
        'check = "dropped > 0"', 'check = "dropped > 0 and acuracy > 0.5"', 1)
    bad.write_text(text, encoding="utf-8")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warnings.append((title, text)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    click_entry(qtbot, open_menu(qtbot, window, "File"), "Open lesson…")
    assert len(warnings) == 1
    title, message = warnings[0]
    assert title == "Cannot open lesson"
    assert "broken.toml" in message and "fair" in message and "check" in message
    assert "acuracy" in message and "accuracy" in message  # the word, and what was meant
    assert panel.run.lesson.name == "grad_demo"
    assert panel.chooser.currentText().startswith("3. The grad demo")
    np.testing.assert_array_equal(window.session.board.theta, theta)
    assert window.session.trainer.step_count == steps


# --- File ▸ Save session as… and File ▸ Open of a .galton file ---------------------------------
def trainer_arrays(session):
    """Pegs, optimizer state, step and history, as arrays to compare bit for bit."""
    state = session.trainer.state()
    out = {f"state.{k}": v for k, v in _flat(state)}
    out.update({f"history.{k}": v
                for k, v in session.trainer.history.as_arrays().items()})
    out["theta"] = session.board.theta.copy()
    return out


def _flat(value, prefix=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flat(v, f"{prefix}{k}.")
    elif isinstance(value, (list, tuple)) and value and isinstance(value[0], (dict, list)):
        for i, v in enumerate(value):
            yield from _flat(v, f"{prefix}{i}.")
    else:
        yield prefix.rstrip("."), value


def assert_same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        x, y = np.asarray(a[key]), np.asarray(b[key])
        if x.dtype.kind not in "biufc":  # the random stream's state: Python ints, names
            assert a[key] == b[key], key
            continue
        assert x.dtype == y.dtype and x.shape == y.shape, key
        assert x.tobytes() == y.tobytes(), key  # bit for bit (NaNs included)


def test_save_session_and_open_it_again_bit_for_bit_with_the_lesson(kit_window, qtbot,
                                                                     tmp_path, monkeypatch):
    window, panel = kit_window, kit_window.lesson_panel
    session = window.session
    choose(qtbot, panel.chooser, "Monday's challenge")
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)  # drop through the fair board
    finished(qtbot, panel)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)  # turn the top peg
    finished(qtbot, panel)
    session.set(optimizer="adam")
    session.step(40)
    qtbot.waitUntil(lambda: window.bridge.picture.step == 40, timeout=10000)
    # The panel looks at the check again after training (not at once): wait for it.
    qtbot.waitUntil(lambda: panel.run.check().message in panel.check_label.text(),
                    timeout=10000)
    saved, index, check = trainer_arrays(session), panel.run.index, panel.check_label.text()
    values = dict(panel.run.values)
    assert index == 1 and "✔" in check
    target = tmp_path / "monday"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    click_entry(qtbot, open_menu(qtbot, window, "File"), "Save session as…")
    path = tmp_path / "monday.galton"
    assert path.is_file() and zipfile.is_zipfile(path)
    assert "Saved monday.galton" in window.status.currentMessage()

    # The class goes on: more training, another lesson.
    session.step(25)
    window.start_lesson("grad_demo")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    click_entry(qtbot, open_menu(qtbot, window, "File"), "Open…")
    qtbot.waitUntil(lambda: panel.run.lesson.name == "monday", timeout=10000)
    assert_same(trainer_arrays(session), saved)
    assert panel.run.index == index and panel.title.text() == "The top peg: red to the left"
    assert panel.chooser.currentText() == "Monday's challenge"
    qtbot.waitUntil(lambda: panel.check_label.text() == check, timeout=10000)
    def plain(values):  # (None is "not computed yet": a file need not hold it)
        return {k: v for k, v in values.items() if v is not None and not hasattr(v, "shape")}

    assert plain(panel.run.values) == plain(values)
    # ... and saved again, the same pegs, optimizer state and history come out.
    again = tmp_path / "again.galton"
    assert window.session_actions.save_session(str(again))
    from galton.session import Session

    other = Session()
    other.load_galton(again)
    assert_same(trainer_arrays(other), saved)


def newer(path, out):
    """``path`` as if written by a galton of a later file version."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "session.toml":
                data = data.replace(b"version = 1\n", b"version = 99\n", 1)
                assert b"version = 99" in data
            dst.writestr(item, data)
    return out


@pytest.mark.parametrize("kind", ["newer", "damaged"])
def test_a_newer_or_damaged_session_file_is_refused_and_nothing_is_lost(
        kit_window, qtbot, tmp_path, monkeypatch, kind):
    window, panel = kit_window, kit_window.lesson_panel
    good = tmp_path / "good.galton"
    window.session.save_galton(good)
    if kind == "newer":
        path = newer(good, tmp_path / "newer.galton")
    else:
        path = tmp_path / "damaged.galton"
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    window.start_lesson("grad_demo")
    window.session.step(7)
    before = trainer_arrays(window.session)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warnings.append((title, text)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    click_entry(qtbot, open_menu(qtbot, window, "File"), "Open…")
    assert len(warnings) == 1 and warnings[0][0] == "Cannot open session"
    assert path.name in warnings[0][1]
    if kind == "newer":
        assert "newer" in warnings[0][1]
    else:
        assert "damaged" in warnings[0][1]
    assert_same(trainer_arrays(window.session), before)
    assert panel.run.lesson.name == "grad_demo"


# --- View ▸ Presentation ------------------------------------------------------------------------
def visible_docks(window):
    return {name for name, dock in window.panels.docks.items() if dock.isVisible()}


def test_presentation_shows_board_one_chart_and_the_lesson_large_and_restores_the_layout(
        kit_window, qtbot):
    window, panel, charts = kit_window, kit_window.lesson_panel, kit_window.charts
    window.start_lesson("grad_demo")
    qtbot.wait(100)
    state, geometry = bytes(window.saveState(2)), window.geometry()
    docks = {n: d.geometry() for n, d in window.panels.docks.items()
             if window.panels.in_front(n)}
    shown = visible_docks(window)
    point_size = window.lesson_panel.body.font().pointSizeF()
    toolbar = window.findChild(QToolBar, "view")
    menu = open_menu(qtbot, window, "View")
    click_entry(qtbot, menu, "Presentation")
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    qtbot.wait(100)
    assert window.presentation.on and window.presentation.action.isChecked()
    assert visible_docks(window) == {"charts", "lesson"}
    assert not toolbar.isVisible() and not window.menuBar().isVisible()
    assert [p for p in charts.plots if p.isVisible()] == [charts.loss_plot]
    assert not panel.figure_view.isVisible() and panel.body.isVisible()
    assert panel.body.font().pointSizeF() >= 1.4 * point_size
    assert window.board_view.scale > 1.5
    assert charts.train_curve.opts["pen"].widthF() > 3
    screen = window.screen().geometry()
    qtbot.waitUntil(lambda: window.geometry() == screen, timeout=5000)
    # The board takes the middle: wider than the lesson's column.
    assert window.board_view.width() > window.lesson_dock.width()
    press(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
    qtbot.wait(300)
    assert not window.presentation.on and not window.presentation.action.isChecked()
    assert visible_docks(window) == shown and toolbar.isVisible()
    assert window.menuBar().isVisible() and panel.figure_view.isVisible()
    assert all(p.isVisible() for p in charts.plots)
    assert panel.body.font().pointSizeF() == point_size
    assert window.board_view.scale == 1.0 and charts.train_curve.opts["pen"].widthF() == 2
    assert window.geometry() == geometry
    assert bytes(window.saveState(2)) == state
    assert {n: d.geometry() for n, d in window.panels.docks.items()
             if window.panels.in_front(n)} == docks
    # F11 enters and leaves too.
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
    qtbot.wait(300)
    assert bytes(window.saveState(2)) == state and window.geometry() == geometry


def test_presentation_without_a_lesson_shows_the_board_and_one_chart(kit_window, qtbot):
    window = kit_window
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    assert visible_docks(window) == {"charts"}
    assert window.board_view.height() > window.charts_dock.height()
    window.close()  # closing leaves it first: the saved layout is the window's own
    assert not window.presentation.on


def test_presentation_is_not_what_the_next_window_opens_with(kit_window, qtbot):
    from galton.qt.prefs import settings

    window = kit_window
    qtbot.wait(100)
    state = bytes(window.saveState(2))
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    window.close()
    assert bytes(settings().value("window_state")) == state


def test_presentation_keeps_its_look_when_the_lesson_changes(kit_window, qtbot):
    window, panel = kit_window, kit_window.lesson_panel
    window.start_lesson("grad_demo")
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    # Another lesson, chosen in the chooser: its steps ask for the lab, the look stays.
    choose(qtbot, panel.chooser, "11. Scaling laws: bigger boards, more balls")
    assert panel.run.lesson.name == "scaling"
    for _ in range(3):
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert "lab" in panel.run.step.show
    qtbot.wait(100)
    assert visible_docks(window) == {"charts", "lesson"}
    assert window.lesson_dock.titleBarWidget() is not None  # no title bars while presenting
    assert not panel.figure_view.isVisible()
    press(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
    assert window.lesson_dock.titleBarWidget() is None


def test_the_lessons_column_does_not_scroll_sideways_while_presenting(kit_window, qtbot):
    from galton.qt.presentation import LESSON_SHARE

    window, panel = kit_window, kit_window.lesson_panel
    window.start_lesson("peg_challenge").goto(1)  # a step with two number boxes, long labels
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    qtbot.wait(200)
    assert any(w.isVisible() for w, key in panel._param_widgets.values() if key == "top")
    scroll = window.lesson_dock.widget()
    assert not scroll.horizontalScrollBar().isVisible()
    # ... also on a 1280x720 projector (this display is larger): its column is wide enough.
    assert panel.minimumSizeHint().width() <= LESSON_SHARE * 1280 - 20


def test_opening_a_session_while_play_trains_shows_it_where_it_was_saved(
        kit_window, qtbot, tmp_path, monkeypatch):
    from galton.session import Session

    window = kit_window
    saved = Session()
    saved.step(30)
    path = tmp_path / "saved.galton"
    saved.save_galton(path)
    expected = trainer_arrays(saved)
    qtbot.mouseClick(window.controls.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.trainer.step_count > 5, timeout=30000)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    click_entry(qtbot, open_menu(qtbot, window, "File"), "Open…")
    qtbot.wait(300)
    assert not window.session.playing and not window.controls.play.isChecked()
    assert_same(trainer_arrays(window.session), expected)
