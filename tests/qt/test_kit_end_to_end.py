"""Issue 21's "done when", end to end: a teacher writes a lesson file (no Python), `galton lesson
check` finds it fine, `galton lesson play` runs it headless, the window opens it (File ▸ Open
lesson…, and `galton --lesson FILE`) and Do it turns its checks green; the shipped data-only
lesson works in English and in 简体中文."""

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from galton import cli
from galton.qt import app as app_module
from tests.qt.layout_check import forget_layout
from tests.qt.test_kit_window import click_entry, finished, open_menu

#: A teacher's first lesson, written from docs/authoring.md: a level board, then training.
FIRST_LESSON = """
[lesson]
format = "galton-lesson"
version = 1

[setup]
scenario = "sort_three_colours"
settings = { colors = 2, rows = 3 }

[[step]]
key = "drop"
show = ["board", "charts"]
do = [{ drop = 120, seed = 0 }]
check = "dropped >= 100"
record = { landed = "dropped" }

[[step.figure]]
kind = "histogram"
expected = "binomial"

[[step]]
key = "train"
show = ["board", "charts"]
do = [{ train = "steps" }]
check = "step >= 50 and loss < first_loss"
record = { taken = "step" }

[[step.param]]
name = "steps"
default = 80
low = 10
high = 500
step = 10
integer = true

[[step.figure]]
kind = "history"
series = [{ column = "train_loss", label = "loss" }]

[en]
title = "Our first lesson"
summary = "Drop balls through a level board, then train it."

[en.steps.drop]
title = "A level board"
body = "Every peg is a fair coin: the balls pile up in the middle."
todo = "Press “Do it” to drop 120 balls."
done = "{landed} balls dropped."

[en.steps.train]
title = "Train"
body = "Gradient descent turns the pegs; the loss falls."
todo = "Train at least 50 steps."
done = "Trained {taken} steps: the loss fell."

[en.labels]
steps = "training steps"
loss = "loss"

[zh_CN]
title = "我们的第一课"
summary = "让小球穿过水平的钉板，然后训练它。"

[zh_CN.steps.drop]
title = "水平的钉板"
body = "每颗钉子都是一枚公平的硬币：小球堆在中间。"
todo = "点击“执行”，投下 120 个小球。"
done = "已投下 {landed} 个小球。"

[zh_CN.steps.train]
title = "训练"
body = "梯度下降转动钉子，损失下降。"
todo = "至少训练 50 步。"
done = "训练了 {taken} 步：损失下降了。"

[zh_CN.labels]
steps = "训练步数"
loss = "损失"
"""


@pytest.fixture
def lesson_file(tmp_path, capsys):
    path = tmp_path / "our_first.toml"
    path.write_text(FIRST_LESSON, encoding="utf-8")
    assert cli.main(["lesson", "check", str(path)]) == 0
    assert cli.main(["lesson", "play", str(path), "--lang", "both"]) == 0
    out = capsys.readouterr().out
    assert "2 of 2 checks passed" in out and "已投下 120 个小球" in out
    return path


def test_a_lesson_written_checked_played_then_opened_and_done_in_the_window(
        window, qtbot, lesson_file, monkeypatch):
    panel = window.lesson_panel
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(lesson_file), "Lessons (*.toml)"))
    click_entry(qtbot, open_menu(qtbot, window, "File"), "Open lesson…")
    assert window.lesson_dock.isVisible() and panel.title.text() == "A level board"
    assert panel.chooser.currentText() == "Our first lesson"
    assert window.session.board.rows == 3 and window.session.data.n_classes == 2
    assert "○" in panel.check_label.text()
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
    finished(qtbot, panel)
    assert "✔" in panel.check_label.text() and "120 balls dropped." in panel.check_label.text()
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.title.text() == "Train" and "○" in panel.check_label.text()
    qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
    finished(qtbot, panel)
    assert "✔ " in panel.check_label.text().replace("</span>", "")
    assert "Trained 80 steps: the loss fell." in panel.check_label.text()
    assert window.session.trainer.step_count == 80


def test_galton_lesson_file_opens_the_window_on_it_in_the_classroom_look(
        qapp, lesson_file, tmp_path, monkeypatch):
    forget_layout()
    seen = {}
    real = app_module.screenshot

    def look(app, window, path, steps, console_lines=()):
        panel = window.lesson_panel
        seen.update(title=panel.title.text(), chooser=panel.chooser.currentText(),
                    presenting=window.presentation.on, full=window.isFullScreen(),
                    docks={n for n, d in window.panels.docks.items() if d.isVisible()})
        return real(app, window, path, steps, console_lines)

    monkeypatch.setattr(app_module, "screenshot", look)
    shot = tmp_path / "class.png"
    assert cli.main(["--lesson", str(lesson_file), "--presentation", "--screenshot",
                     str(shot)]) == 0
    assert shot.is_file()
    assert seen == {"title": "A level board", "chooser": "Our first lesson", "presenting": True,
                    "full": True, "docks": {"charts", "lesson"}}


def test_a_bad_lesson_file_on_the_command_line_says_where(qapp, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(FIRST_LESSON.replace('check = "dropped >= 100"', 'check = "droped >= 100"'),
                   encoding="utf-8")
    assert cli.main(["--lesson", str(bad), "--screenshot", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "'drop'" in err and "check" in err and "droped" in err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_shipped_data_lesson_in_both_languages(qtbot, lang):
    from galton.qt.app import install_translation
    from galton.qt.main_window import MainWindow
    from galton.session import Session

    texts = {
        "en": ("The sorting challenge: three pegs by hand", "Three pegs, three cups",
               "Do it", "A fair board:", "The top peg: red to the left", "Lessons", "File"),
        "zh_CN": ("分拣挑战：亲手转动三颗钉子", "三颗钉子，三个杯子", "执行", "公平的钉板：",
                  "顶上的钉子：把红球送到左边", "课程(L)", "文件(F)"),
    }[lang]
    title, first, do_it, done, second, lessons_menu, _ = texts
    app = QApplication.instance()
    forget_layout()
    translator = install_translation(app, lang)
    try:
        w = MainWindow(Session())
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        panel = w.lesson_panel
        click_entry(qtbot, open_menu(qtbot, w, lessons_menu), title)
        assert panel.run.lang == lang and panel.title.text() == first
        assert panel.chooser.currentText() == title
        assert panel.do_button.text() == do_it
        qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
        finished(qtbot, panel)
        assert "✔" in panel.check_label.text() and done in panel.check_label.text()
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        assert panel.title.text() == second
        qtbot.mouseClick(panel.do_button, Qt.MouseButton.LeftButton)
        finished(qtbot, panel)
        assert "✔" in panel.check_label.text()
        w.training.stop()
        w.lab.close_jobs()
        w.landscape.close_jobs()
        w.lesson_panel.close_jobs()
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        app.setProperty("galton_language", "en")
