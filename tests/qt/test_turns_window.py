"""The window's side of galton.core.turns: its event loop ticks while it is free; a job that
runs Python waits at give_way while the window is in the middle of something, and not while
it is free. (How much the window gains is measured by benchmarks/bench_turns.py and
bench_latency.py, not here.)"""

import threading
import time

import pytest

pytest.importorskip("PySide6.QtWidgets")

from galton.core.turns import CREDIT, MAX_WAIT, TURNS


def spin_with_give_way(stop, counts):
    """A job running Python in small steps, asking at each."""
    while not stop.is_set():
        before = TURNS.waited
        TURNS.give_way()
        counts["waited"] += TURNS.waited - before
        counts["steps"] += 1
        sum(range(200))


def test_a_job_waits_while_the_window_is_busy_and_not_while_it_is_free(window, qtbot):
    from PySide6.QtCore import QTimer

    stop, counts = threading.Event(), {"waited": 0.0, "steps": 0}
    job = threading.Thread(target=spin_with_give_way, args=(stop, counts), daemon=True)
    job.start()
    try:
        qtbot.wait(1000)  # let the new window settle (its first pictures)
        counts["waited"] = 0.0
        # The window is free: its ticks come on time. (The job holds the GIL while it runs,
        # so a tick can come a little late and the job waits for it, a few ms at most.)
        qtbot.wait(500)
        free_waited = counts["waited"]
        assert counts["steps"] > 0

        def busy():  # a long piece of the window's own work (a repaint, a click's work)
            end = time.perf_counter() + 0.3
            while time.perf_counter() < end:
                sum(range(200))

        QTimer.singleShot(0, busy)
        qtbot.wait(500)
        busy_waited = counts["waited"] - free_waited
    finally:
        stop.set()
        job.join(5)
    assert free_waited < 0.5 * 0.25  # the job ran at least three quarters of the time
    # The window was busy for 0.3 s: the job waited MAX_WAIT at a time, then ran CREDIT.
    assert busy_waited > 0.3 * MAX_WAIT / (MAX_WAIT + CREDIT) * 0.6


def test_the_job_runner_asks_at_check_progress_and_emit(monkeypatch):
    from galton.core import turns
    from galton.qt.jobs import Job

    asked = []
    monkeypatch.setattr(turns.TURNS, "give_way", lambda: asked.append(1))

    class Runner:
        generation, closed, gl = 1, False, None

        def say(self, *args):
            pass

    job = Job(Runner(), "test", 1)
    job.check()
    job.progress(1, 2)
    job.emit("x")
    assert len(asked) == 3
