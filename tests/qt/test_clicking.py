"""What a user reaches with a click or a key, clicked and typed on the default layout: the File
menu's dialogs (the file dialog answered by a patch, the menu entry clicked), the controls, the
lesson panel's buttons, the lab's and the landscape's buttons, Show as script. Each test checks
what the user gets: the file at the chosen path, the text shown, the status bar.

The tests that call the slots directly (test_app.py, test_lesson_panel.py, ...) stay: they
check more cases; these check that the widgets are wired to them.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from galton import datasets
from tests.qt.layout_check import choose

TIMEOUT = 60000


def type_into(qtbot, widget, text, enter=True):
    """Click into ``widget``, select what it shows and type ``text`` (then Enter)."""
    area = widget.parentWidget()
    while area is not None and not hasattr(area, "ensureWidgetVisible"):
        area = area.parentWidget()
    if area is not None:
        area.ensureWidgetVisible(widget)  # scrolled into view, as a user would
    qtbot.mouseClick(widget, Qt.LeftButton)
    qtbot.keyClick(widget, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(widget, text)
    if enter:
        qtbot.keyClick(widget, Qt.Key_Return)


def answer_file_dialogs(monkeypatch, path):
    """The next file dialog returns ``path``, as if the user picked it."""
    for name in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: (str(path), "")))


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.LeftButton)


# --- File menu ------------------------------------------------------------------------------
def test_save_then_open_a_scenario_through_the_file_menu(window, qtbot, tmp_path, monkeypatch):
    c = window.controls
    type_into(qtbot, c.rows, "5")
    assert window.session.board.rows == 5
    path = tmp_path / "mine.toml"
    answer_file_dialogs(monkeypatch, path)
    choose(qtbot, window, "File", "Save scenario as…")
    assert path.is_file() and "rows = 5" in path.read_text()
    type_into(qtbot, c.rows, "8")
    assert window.session.board.rows == 8
    choose(qtbot, window, "File", "Open scenario…")
    assert window.session.board.rows == 5 and c.rows.value() == 5
    assert "Opened mine.toml" in window.status.currentMessage()
    recent = [a.text() for a in window.recent_menu.actions()]
    assert str(path) in recent


def test_a_bad_scenario_picked_in_the_open_dialog_is_reported(window, qtbot, tmp_path,
                                                              monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text("[board]\nrows = 'many'\n")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    answer_file_dialogs(monkeypatch, bad)
    rows = window.session.board.rows
    choose(qtbot, window, "File", "Open scenario…")
    assert shown and "rows must be a whole number" in shown[0]
    assert window.session.board.rows == rows == window.controls.rows.value()


def test_import_balls_from_csv_through_the_file_menu(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "mine.csv"
    datasets.xor(80, seed=1).to_csv(path)
    answer_file_dialogs(monkeypatch, path)
    choose(qtbot, window, "File", "Import balls from CSV…")
    assert window.session.data.name == "mine"
    assert window.controls.dataset.currentText() == "csv"
    assert window.status.currentMessage() == f"Imported {window.session.data.describe()}"
    assert window.class_box.count() == window.session.data.n_classes


def test_show_as_script_saves_what_was_done(window, qtbot, tmp_path, monkeypatch):
    from galton.qt.console import ScriptDialog

    type_into(qtbot, window.controls.rows, "4")
    click(qtbot, window.controls.step)
    choose(qtbot, window, "File", "Show as script…")
    dialog = window.findChild(ScriptDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    assert "session.set(rows=4)" in dialog.text.toPlainText()
    path = tmp_path / "session.py"
    answer_file_dialogs(monkeypatch, path)
    save = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Save…")
    click(qtbot, save)
    assert path.read_text() == dialog.text.toPlainText()
    assert "session.step(1)" in path.read_text()
    dialog.close()


def test_export_animation_opens_the_dialog_from_the_file_menu(window, qtbot):
    from galton.qt.export_dialog import ExportDialog

    choose(qtbot, window, "File", "Export animation…")
    dialog = window.findChild(ExportDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: dialog.preview_array is not None and not dialog.busy,
                    timeout=TIMEOUT)
    assert dialog.path_edit.text().endswith(".mp4") and "frames" in dialog.summary.text()
    dialog.done(0)


# --- the controls ---------------------------------------------------------------------------
def test_play_and_pause_by_clicking_at_the_default_speed(window, qtbot):
    c = window.controls
    assert c.speed.value() == 60  # the default playback speed
    click(qtbot, c.play)
    assert c.play.text() == "Pause" and window.training.running
    qtbot.waitUntil(lambda: window.session.trainer.step_count > 3, timeout=TIMEOUT)
    click(qtbot, c.play)
    qtbot.waitUntil(lambda: not window.training.running, timeout=30000)
    assert c.play.text() == "Play" and not c.play.isChecked()
    steps = window.session.trainer.step_count
    qtbot.waitUntil(lambda: f"step {steps}" in window.status.currentMessage(), timeout=5000)


def test_step_drop_reset_and_reinitialise_buttons(window, qtbot):
    c = window.controls
    theta = window.session.board.theta.copy()
    for _ in range(3):
        click(qtbot, c.step)
    assert window.session.trainer.step_count == 3
    assert "step 3" in window.status.currentMessage()
    drop = next(b for b in c.findChildren(QPushButton) if b.text().endswith("10"))  # Drop x10
    click(qtbot, drop)
    view = window.board_view
    assert len(view._balls) + int(view._landed.sum()) == 10
    click(qtbot, c.reset)
    assert window.session.trainer.step_count == 0
    assert (window.session.board.theta == theta).all()
    seed = c.seed.value()
    click(qtbot, c.reinit)
    assert c.seed.value() == seed + 1  # the next seed, shown in the control


def test_typed_settings_reach_the_session_and_bad_ones_are_shown(window, qtbot):
    c = window.controls
    type_into(qtbot, c.freeze, "0, 2")
    assert window.session.scenario["training"]["freeze"] == [0, 2]
    type_into(qtbot, c.freeze, "0, 99")
    assert "rows must be 0..5" in window.status.currentMessage()
    assert c.freeze.text() == "0, 2"  # the control shows what is really in force
    type_into(qtbot, c.freeze, "zero")
    assert "expected row numbers" in window.status.currentMessage()
    click(qtbot, c.clip)
    assert c.clip.isChecked() and window.session.trainer.clip.max_norm == 1.0
    type_into(qtbot, c.batch, "16")
    assert window.session.scenario["training"]["batch_size"] == 16


def test_the_step_size_slider_moves_with_the_keys(window, qtbot):
    c = window.controls
    qtbot.mouseClick(c.lr_slider, Qt.LeftButton, pos=c.lr_slider.rect().center())
    start = window.session.lr
    for _ in range(10):
        qtbot.keyClick(c.lr_slider, Qt.Key_Left)
    assert window.session.lr < start
    assert c.lr_label.text() == f"{window.session.lr:.3g}"


def test_single_key_shortcuts_pressed_on_the_board(window, qtbot):
    # Shortcuts reach only the active window; with no window manager, ask X for the focus.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.board_view.setFocus()
    qtbot.keyClick(window.board_view, Qt.Key_S)
    assert window.session.trainer.step_count == 1
    qtbot.keyClick(window.board_view, Qt.Key_D)
    assert len(window.board_view._balls) == 10
    qtbot.keyClick(window.board_view, Qt.Key_R)
    assert window.session.trainer.step_count == 0
    qtbot.keyClick(window.board_view, Qt.Key_T)
    assert window.trace_action.isChecked() and window.board_view.trace_paths
    qtbot.keyClick(window.board_view, Qt.Key_Space)
    assert window.controls.play.text() == "Pause" and window.training.running
    qtbot.keyClick(window.board_view, Qt.Key_Space)
    qtbot.waitUntil(lambda: not window.training.running, timeout=30000)
    assert window.controls.play.text() == "Play"


# --- the lesson panel -----------------------------------------------------------------------
def do_it(qtbot, panel):
    """Press Do it; the action runs as a job: wait until the panel shows its outcome."""
    click(qtbot, panel.do_button)
    qtbot.waitUntil(lambda: not panel.busy and panel.do_button.isEnabled(), timeout=TIMEOUT)
    qtbot.wait(20)


def test_a_lesson_by_its_buttons(window, qtbot):
    choose(qtbot, window, "Lessons", "3. ")  # the grad demo
    panel = window.lesson_panel
    assert panel.progress.text() == "step 1 of 4"
    assert not panel.back_button.isEnabled()
    click(qtbot, panel.next_button)
    assert panel.progress.text() == "step 2 of 4" and "○" in panel.check_label.text()
    do_it(qtbot, panel)
    assert "✔" in panel.check_label.text() and "0.0461" in panel.check_label.text()
    assert panel.do_button.text() == "Do it again"
    click(qtbot, panel.next_button)
    box, _ = panel._param_widgets["lr_wobble"]
    assert box.isVisible() and box.value() == 0.9
    type_into(qtbot, box, "0.3")
    assert panel.run.params["lr_wobble"] == 0.3
    do_it(qtbot, panel)
    assert "○" in panel.check_label.text()  # 0.3 does not wobble
    type_into(qtbot, box, "0.95")
    do_it(qtbot, panel)
    assert "✔" in panel.check_label.text()
    click(qtbot, panel.next_button)
    assert panel.progress.text() == "step 4 of 4" and not panel.next_button.isEnabled()
    click(qtbot, panel.back_button)
    assert panel.progress.text() == "step 3 of 4"


def test_a_failing_lesson_action_is_shown_in_the_status_bar(window, qtbot, monkeypatch):
    run = window.start_lesson("grad_demo")

    def broken(run):
        raise ValueError("the ball fell off the table")

    step = run.step
    monkeypatch.setattr(run.lesson, "steps", (type(step)(step.key, action=broken),
                                              *run.lesson.steps[1:]))
    do_it(qtbot, window.lesson_panel)
    assert "the ball fell off the table" in window.status.currentMessage()
    click(qtbot, window.lesson_panel.next_button)
    assert run.index == 1


# --- the lab and the landscape --------------------------------------------------------------
def test_fine_tuning_from_the_lab_button(window, qtbot):
    s = window.session
    s.set(lr=0.5)
    s.step(200)
    choose(qtbot, window, "View", "Fine-tuning and scaling lab")
    lab = window.lab
    type_into(qtbot, lab.ft_steps, "120")
    type_into(qtbot, lab.ft_replay, "0")
    click(qtbot, lab.ft_button)
    qtbot.waitUntil(lambda: lab.ft_table.rowCount() == 3 and lab.ft_button.isEnabled(),
                    timeout=120000)
    assert lab.ft_table.item(0, 1).text() == str(s.board.n_parameters)
    assert s.board.cups == 3  # the lab works on copies


def test_the_lab_says_what_it_cannot_do(window, qtbot):
    window.session.set(dataset="xor")
    choose(qtbot, window, "View", "Fine-tuning and scaling lab")
    click(qtbot, window.lab.ft_button)
    assert "colour balls" in window.lab.status.text()


def test_a_race_from_the_landscape_button(window, qtbot):
    panel = window.landscape
    panel.set_source("surface", "bowl")
    qtbot.waitUntil(lambda: panel.grid is not None and not panel.busy, timeout=TIMEOUT)
    tabs = panel.tabs
    race = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Race")
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(race).center())
    assert tabs.currentIndex() == race
    type_into(qtbot, panel.race_tab.race_steps, "30")
    click(qtbot, panel.race_tab.race_button)
    qtbot.waitUntil(lambda: len(panel.racers) == 4 and not panel._race_timer.isActive(),
                    timeout=TIMEOUT)
    labels = " ".join(r.label for r in panel.racers)
    for word in ("creeping", "good", "oscillating", "diverging"):
        assert word in labels
