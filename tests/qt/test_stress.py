"""A thousand random actions on the real widgets while training plays (seeded): after each one,
once the window has caught up, the board drawn is the session's board, the charts end at the
trainer's last step, and the Play button says whether Play's thread runs. Exceptions and Qt
warnings fail the test (pytest-qt, pyproject)."""

import time

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from galton.qt.controls import SLIDER_STEPS

ACTIONS = int(__import__("os").environ.get("GALTON_STRESS_ACTIONS", 1000))


def caught_up(window, qtbot):
    """Let the window handle what is queued, then compare what it shows with the session, with
    Play's thread held between two steps (it is not stopped)."""
    session = window.session
    panel = window.lesson_panel
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    QApplication.processEvents()
    with session.owner.reading() as got:
        assert got
        session.owner.publish_mail()  # the newest step Play took, if not shown yet
        QApplication.processEvents()
        window.budget.flush()
        theta = session.board.theta
        drawn = window.board_view.drawn_theta
        assert drawn.shape == theta.shape and np.array_equal(drawn, theta)
        history = session.trainer.history
        last = int(history.step[-1]) if len(history) else -1
        assert window.charts.drawn_step == last
        assert window.bridge.picture.trainer_id == session._trainer_serial
    # The button says whether Play trains: its thread runs exactly while it says Pause.
    qtbot.waitUntil(lambda: session.owner.running == session.playing, timeout=5000)
    play = window.controls.play
    assert play.isChecked() == session.playing
    assert play.text() == ("Pause" if session.playing else "Play")


@pytest.mark.slow
def test_a_thousand_random_actions_while_training_plays(window, qtbot):
    rng = np.random.default_rng(20240515)
    c = window.controls
    session = window.session
    click = lambda widget: qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # noqa: E731
    qtbot.mouseClick(c.play, Qt.MouseButton.LeftButton)
    assert session.playing

    def pick(box):
        box.setCurrentIndex(int(rng.integers(box.count())))

    def typed(edit, text):
        edit.selectAll()
        qtbot.keyClicks(edit, text)
        edit.editingFinished.emit()

    def console_set():
        code = rng.choice(["session.set(lr=0.05)", "session.set(optimizer='adam')",
                           "session.set(rows=5)", "session.step(7)",
                           "session.turn_peg(1, 0, bias=1.5)"])
        window.console.execute(str(code))
        qtbot.waitUntil(lambda: not window.console.busy
                        and not window.console.widget._executing, timeout=60000)

    lesson = {"run": None}

    def lesson_do_it():
        if lesson["run"] is None or rng.random() < 0.2:
            lesson["run"] = window.start_lesson(str(rng.choice(["pinball", "grad_demo"])))
        run = lesson["run"]
        run.goto(int(rng.integers(len(run.steps))))
        click(window.lesson_panel.do_button)
        qtbot.waitUntil(lambda: not window.lesson_panel.busy, timeout=60000)
        if rng.random() < 0.7:
            click(c.play)  # back to training (a lesson's start pauses it)

    actions = [
        (8, lambda: c.rows.setValue(int(rng.integers(2, 9)))),
        (4, lambda: c.colors.setValue(int(rng.integers(2, 5)))),
        (5, lambda: pick(c.optimizer)),
        (3, lambda: pick(c.loss)),
        (3, lambda: pick(c.init)),
        (3, lambda: c.seed.setValue(int(rng.integers(0, 50)))),
        (3, lambda: c.momentum.setValue(float(rng.choice([0.0, 0.5, 0.9])))),
        (2, lambda: click(c.nesterov)),
        (8, lambda: c.lr_slider.setValue(int(rng.integers(0, SLIDER_STEPS * 0.8)))),
        (3, lambda: typed(c.batch, str(int(rng.choice([0, 1, 16, 64]))))),
        (3, lambda: pick(c.schedule)),
        (3, lambda: click(c.clip)),
        (3, lambda: typed(c.freeze, str(rng.choice(["", "0", "0, 1", "9", "x"])))),
        (3, lambda: c.cups.setValue(int(rng.integers(0, 4)))),
        (4, lambda: c.speed.setValue(int(rng.choice([0, 10, 60, 250])))),
        (3, lambda: pick(c.dataset)),
        (2, lambda: typed(c.balls, str(int(rng.integers(50, 400))))),
        (12, lambda: click(c.play)),
        (8, lambda: click(c.step)),
        (5, lambda: click(c.reset)),
        (5, lambda: click(c.reinit)),
        (6, lambda: click(drops[int(rng.integers(3))])),
        (1, console_set),
        (1, lesson_do_it),
    ]
    drops = [b for b in c.findChildren(type(c.step)) if b.text().startswith("Drop")]
    assert len(drops) == 3
    weights = np.array([w for w, _ in actions], dtype=float)
    window.console.start()
    started = time.perf_counter()
    for _ in range(ACTIONS):
        _, act = actions[rng.choice(len(actions), p=weights / weights.sum())]
        act()
        caught_up(window, qtbot)
    took = time.perf_counter() - started
    print(f"{ACTIONS} actions in {took:.1f} s; {session.trainer.step_count} steps on the last "
          "trainer")
    window.console_dock.hide()
