"""galton.core.turns: background work waits (without the GIL) while the window is busy, and
never without a window, in the window's own thread, or while the window waits for it."""

import threading
import time

from galton.core import turns
from galton.core.turns import CREDIT, LATE, MAX_WAIT, Turns


def in_a_thread(fn):
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", fn()))
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
    return box["value"]


def timed(t: Turns):
    started = time.perf_counter()
    t.give_way()
    return time.perf_counter() - started


def a_busy_window() -> Turns:
    """Turns followed by a window that has not ticked for a while: it is in the middle of
    something."""
    t = Turns()
    t.follow(True)
    time.sleep(LATE * 2)
    return t


def test_without_a_window_nobody_waits():
    t = Turns()
    assert not t.window_is_busy()
    assert in_a_thread(lambda: timed(t)) < MAX_WAIT / 2
    assert t.waits == 0


def test_a_job_waits_while_the_window_is_late_and_goes_on_when_it_ticks():
    t = a_busy_window()
    assert t.window_is_busy()
    # With no tick the job waits MAX_WAIT at most, then runs CREDIT without asking again.
    waited = in_a_thread(lambda: (timed(t), timed(t)))
    assert waited[0] >= MAX_WAIT * 0.9
    assert waited[1] < MAX_WAIT / 2
    assert t.waits == 1 and t.waited >= MAX_WAIT * 0.9
    # A tick during the wait ends it at once.
    time.sleep(CREDIT + LATE * 2)
    ticker = threading.Timer(0.005, t.window_tick)
    ticker.start()
    assert in_a_thread(lambda: timed(t)) < MAX_WAIT * 0.9
    ticker.join()
    assert t.waits == 2
    # Just ticked: the window is free, nobody waits.
    t.window_tick()
    assert not t.window_is_busy()
    assert in_a_thread(lambda: timed(t)) < MAX_WAIT / 2
    assert t.waits == 2


def test_the_windows_own_thread_never_waits_for_itself():
    t = a_busy_window()
    assert threading.current_thread() is threading.main_thread()
    assert timed(t) < MAX_WAIT / 2
    assert t.waits == 0


def test_while_the_window_waits_for_a_job_the_job_does_not_wait_for_it():
    t = a_busy_window()
    with t.window_waiting():
        assert not t.window_is_busy()
        assert in_a_thread(lambda: timed(t)) < MAX_WAIT / 2
    assert t.waits == 0
    assert not t.window_is_busy()  # it just finished waiting: as good as a tick


def test_a_window_that_stops_following_lets_jobs_run():
    t = a_busy_window()
    t.follow(False)
    assert in_a_thread(lambda: timed(t)) < MAX_WAIT / 2


def test_descend_asks_at_each_step(monkeypatch):
    """A ball rolled over a surface (a lesson's race: thousands of small Python steps) lets
    the window go first at every step."""
    from galton.core import surfaces
    from galton.core.optim import SGD

    asked = []
    monkeypatch.setattr(turns.TURNS, "give_way", lambda: asked.append(1))
    surfaces.descend(surfaces.rosenbrock(), SGD(1e-4), (-1.5, 2.0), 50)
    assert len(asked) == 50


def test_wake_ends_a_wait_at_once():
    """Play's thread waiting for the window must see a Pause at once (Owner wakes it)."""
    t = a_busy_window()
    threading.Timer(0.005, t.wake).start()
    assert in_a_thread(lambda: timed(t)) < MAX_WAIT * 0.9
