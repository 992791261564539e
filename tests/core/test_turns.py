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


def test_while_the_window_waits_for_one_thread_the_others_give_way_to_it(monkeypatch):
    """The window blocked on the session's lock held by Play's step: Play's thread runs on,
    every other job waits (a lab fit's Python beside Play made each step take 40-90 ms while
    the window waited for it); a wake ends their wait."""
    wait = 0.3  # long, so a slow thread start on a busy machine cannot pass for a short wait
    monkeypatch.setattr(turns, "MAX_WAIT", wait)
    t = Turns()
    t.follow(True)
    t.window_tick()  # the window is free...
    holder = {}
    started = threading.Event()

    def hold():
        holder["id"] = threading.get_ident()
        started.set()
        time.sleep(0.2)
        return timed(t)

    thread = threading.Thread(target=lambda: holder.setdefault("waited", hold()))
    thread.start()
    started.wait(5)
    with t.window_waiting(on=holder["id"]):  # ... and now waits for that thread
        assert in_a_thread(lambda: timed(t)) >= wait * 0.9  # another job waits
        thread.join(10)
        assert holder["waited"] < wait / 4  # the thread it waits for never does
        # A wake (Pause) ends the other jobs' waits at once.
        time.sleep(CREDIT)
        threading.Timer(0.05, t.wake).start()
        assert in_a_thread(lambda: timed(t)) < wait * 0.7
    # Not waiting any more: as good as a tick, nobody waits.
    assert in_a_thread(lambda: timed(t)) < wait / 4
    with t.window_waiting():  # waiting on a thread it does not know: nobody waits
        assert in_a_thread(lambda: timed(t)) < wait / 4


def test_the_window_waiting_for_plays_step_names_plays_thread(monkeypatch):
    """Owner._acquire on the window's thread says which thread holds the session's lock (Play's
    step takes it without holding the session): that thread goes on, other jobs give way."""
    from galton.session import Session

    t = Turns()
    monkeypatch.setattr(turns, "TURNS", t)
    import galton.playing as playing

    monkeypatch.setattr(playing, "TURNS", t)
    t.follow(True)
    owner = Session().owner
    took, release, seen = threading.Event(), threading.Event(), {}

    def step():  # as Play's thread takes the lock for a step
        owner._acquire()
        seen["holder"] = threading.get_ident()
        took.set()
        release.wait(5)
        seen["holder busy"] = t.window_is_busy(me=threading.get_ident())
        seen["other busy"] = in_a_thread(lambda: t.window_is_busy(me=threading.get_ident()))
        owner._release()

    thread = threading.Thread(target=step)
    thread.start()
    took.wait(5)
    threading.Timer(0.05, release.set).start()
    assert owner._acquire(timeout=5)  # the window's thread waits here meanwhile
    owner._release()
    thread.join(5)
    assert seen == {"holder": seen["holder"], "holder busy": False, "other busy": True}
    assert owner._locked_by is None and owner._lock_depth == 0
    assert not t.window_is_busy(me=threading.get_ident() + 1)  # done waiting: free again
