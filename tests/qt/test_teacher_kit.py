"""The teacher's kit in the window: a lesson written in a test, checked and played headless,
opens in the lesson panel and passes when its Do it button is clicked; `galton FILE.galton`
opens a shared session exactly where it was left, its lesson at the same step."""

import shutil

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from galton import cli, lessons
from galton.qt import app as app_module
from galton.qt.lesson_figure import PlotPanel, TablePanel
from galton.resources import asset_path
from galton.session import Session

LESSON = asset_path("lessons", "peg_challenge.toml")


def do_it(qtbot, panel):
    """Press Do it; the action runs as a job: wait until the panel has shown its outcome."""
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy and panel.do_button.isEnabled(), timeout=60000)
    qtbot.wait(20)


def test_a_teachers_lesson_checks_plays_and_opens_in_the_window(window, qtbot, tmp_path,
                                                                  capsys):
    path = tmp_path / "my_challenge.toml"
    shutil.copy(LESSON, path)
    assert cli.main(["lesson", "check", str(path)]) == 0
    assert cli.main(["lesson", "play", str(path)]) == 0
    assert "6 of 6 checks passed" in capsys.readouterr().out
    run = window.start_lesson(str(path))
    panel = window.lesson_panel
    assert window.lesson_dock.isVisible() and panel.run is run
    assert panel.title.text() == "Three pegs, three cups"
    assert "○" in panel.check_label.text()
    do_it(qtbot, panel)
    assert "✔" in panel.check_label.text() and "33 out of 100" in panel.check_label.text()
    assert "33 out of 100" in panel.body.toPlainText(), "the page quotes what the check saw"
    plot, table = panel.figure_view.panels
    assert isinstance(plot, PlotPanel) and isinstance(table, TablePanel)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    # The top peg's spin boxes are the learner's hands: a weak weight fails the check.
    box = next(w for w, key in panel._param_widgets.values() if key == "top" and
               w.isVisible() and w.value() == -6.0)
    box.setValue(-1.0)
    do_it(qtbot, panel)
    assert "○" in panel.check_label.text()
    box.setValue(-6.0)
    do_it(qtbot, panel)
    assert "✔" in panel.check_label.text()
    np.testing.assert_array_equal(window.session.board.theta[0], [-6, 0, 0, 0, 0])


def test_galton_opens_a_saved_session_where_it_was_left(qapp, tmp_path, monkeypatch, capsys):
    session = Session()
    run = lessons.start("pinball", session)
    run.play(upto=2)
    run.goto(1)
    saved = tmp_path / "class.galton"
    session.save_galton(saved, run)
    seen = {}
    real = app_module.screenshot

    def look(app, window, path, steps, console_lines=()):
        panel = window.lesson_panel
        seen.update(theta=window.session.board.theta.copy(), lesson=panel.run.lesson.name,
                    index=panel.run.index, check=panel.check_label.text(),
                    steps=window.session.trainer.step_count)
        return real(app, window, path, steps, console_lines)

    monkeypatch.setattr(app_module, "screenshot", look)
    shot = tmp_path / "shot.png"
    assert cli.main([str(saved), "--screenshot", str(shot)]) == 0
    assert QImage(str(shot)).width() > 800
    np.testing.assert_array_equal(seen["theta"], session.board.theta)
    assert seen["steps"] == session.trainer.step_count == 300
    assert seen["lesson"] == "pinball" and seen["index"] == 1 and "✔" in seen["check"]


def test_a_damaged_session_file_is_refused_on_the_command_line(qapp, tmp_path, capsys):
    bad = tmp_path / "bad.galton"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert cli.main([str(bad), "--screenshot", str(tmp_path / "x.png")]) == 2
    assert "damaged or not a galton session file" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_galton_lesson_finds_a_lesson_in_the_users_folder(qapp, tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    folder.mkdir()
    shutil.copy(LESSON, folder / "our_class.toml")
    monkeypatch.setenv("GALTON_LESSONS", str(folder))
    seen = {}
    real = app_module.screenshot

    def look(app, window, path, steps, console_lines=()):
        seen["run"] = window.lesson_panel.run
        seen["title"] = window.lesson_panel.title.text()
        return real(app, window, path, steps, console_lines)

    monkeypatch.setattr(app_module, "screenshot", look)
    shot = tmp_path / "shot.png"
    assert cli.main(["--lesson", "our_class", "--screenshot", str(shot)]) == 0
    assert seen["run"].lesson.path == (folder / "our_class.toml").resolve()
    assert seen["title"] == "Three pegs, three cups" and shot.is_file()
