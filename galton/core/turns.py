"""Background work gives the window its turn.

Python runs one thread's code at a time (the GIL). PySide lets go of the GIL in nearly every
Qt call, and a background thread busy with Python code then keeps it until the interpreter's
switch interval (5 ms) takes it back. So while a job runs Python (a lesson's race, a lab
fit), every Qt call of the window can cost up to 5 ms more: measured, 600 QPainter calls took
1.5 ms alone and 62-213 ms beside one busy Python thread. A repaint of the charts that takes
40 ms then keeps a click waiting 200-500 ms. A lower priority for the job's thread does not
help, since the window waits for the GIL, not for a processor.

So long background work calls ``give_way()`` between its small steps (galton's job runner
does at every ``check``, ``progress`` and ``emit``; ``descend`` at every step). While the
window is busy, the job waits there without the GIL, up to MAX_WAIT at a time; after each
wait it runs CREDIT without asking again, so work still moves on (at a quarter of its speed
at least) when the window is busy for long. The window tells it is free by a timer of its
event loop (galton.qt.turns), which fires only between events. (Qt's ``awake`` and
``aboutToBlock`` signals were tried first: the glib event loop emits ``awake`` only for posted
events, so the window looked free while it painted.) Without a window ``give_way`` never
waits, so scripts and the command line run at full speed.

While the window's thread blocks on a job (``window_waiting``), that job must not wait for the
window. When the window knows which thread it waits for (the session's lock held by Play's
step), every other job gives way as if the window were busy: measured, a lab sweep's Python
fits beside Play made each of Play's steps (many short GIL hand-overs) take 40-90 ms while the
window waited for the lock that step held.
"""

from __future__ import annotations

import contextlib
import threading
import time

#: Seconds a job waits at most for the window at one ``give_way``.
MAX_WAIT = 0.03
#: Seconds a job then runs without waiting again.
CREDIT = 0.01
#: How often the window says it is free (seconds), and how late that may be before a job
#: takes the window to be busy.
TICK = 0.01
LATE = 0.015


class Turns:
    """Whether the window is busy, and the jobs' side of it (``give_way``).

    The window's thread calls ``window_tick`` every TICK from its event loop (a timer), which
    it can only do between events: a tick later than LATE means it is in the middle of
    something (a repaint, a click's work), and jobs wait for its next tick."""

    def __init__(self) -> None:
        self._following = False  # a window ticks
        self._waiting = 0  # the window's thread blocks on a job it does not know
        self._waiting_for: list[int] = []  # ... or on these threads (window_waiting(on=...))
        self._last_tick = 0.0
        self._ticked = threading.Event()
        self._wakes = 0  # wake() calls: each ends every wait
        self._local = threading.local()
        #: How often and how long jobs waited (seconds), for tests and benchmarks.
        self.waits = 0
        self.waited = 0.0

    # --- the window's side ---------------------------------------------------------------------
    def follow(self, on: bool = True) -> None:
        """A window starts (or stops) ticking."""
        self._last_tick = time.perf_counter()
        self._following = on
        self._ticked.set()

    def window_tick(self) -> None:
        """The window's event loop got round to its timer: it is free (its thread calls it)."""
        self._last_tick = time.perf_counter()
        self._ticked.set()

    def wake(self) -> None:
        """End the jobs' waits now (Play's thread must see a Pause at once, not after the
        window's next tick)."""
        self._wakes += 1
        self._ticked.set()

    def window_is_busy(self, now: float | None = None, me: int | None = None) -> bool:
        """Whether a job should let the window go first; ``me``: the asking thread's ident
        (a thread the window waits for never should)."""
        if not self._following or self._waiting:
            return False
        waiting_for = self._waiting_for
        if waiting_for:  # the window waits for those threads: the others give way to them
            return me is not None and me not in waiting_for
        return (time.perf_counter() if now is None else now) - self._last_tick > LATE

    @contextlib.contextmanager
    def window_waiting(self, on: int | None = None):
        """The window's thread blocks on a job (e.g. for a picture being drawn): jobs must not
        wait for it meanwhile. ``on``: the ident of the thread it waits for, if known; then
        the other jobs wait, so that thread gets the processor and the GIL."""
        if on is None:
            self._waiting += 1
        else:
            self._waiting_for.append(on)
        self._ticked.set()  # a job waiting for the window (perhaps that one) goes on
        try:
            yield
        finally:
            if on is None:
                self._waiting -= 1
            else:
                self._waiting_for.remove(on)
            self._last_tick = time.perf_counter()

    # --- the jobs' side ------------------------------------------------------------------------
    def give_way(self) -> None:
        """Wait (without the GIL) while the window is busy; see the module docstring."""
        now, me = time.perf_counter(), threading.get_ident()
        if (not self.window_is_busy(now, me)
                or threading.current_thread() is threading.main_thread()):
            return
        local = self._local
        if now < getattr(local, "until", 0.0):
            return
        woken, deadline = self._wakes, now + MAX_WAIT
        self._ticked.clear()
        if not self.window_is_busy(me=me):  # a tick between the check and the clear
            return
        # Until a tick, a wake, or MAX_WAIT. A wake-up may be for another thread (the one
        # the window now waits for): then this one waits on.
        while self.window_is_busy(me=me) and self._wakes == woken:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            self._ticked.wait(left)
            self._ticked.clear()
        done = time.perf_counter()
        self.waits += 1
        self.waited += done - now
        local.until = done + CREDIT


#: The one instance: the window tells it, every job asks it.
TURNS = Turns()


def give_way() -> None:
    """Let the window go first if it is busy (a no-op without a window)."""
    TURNS.give_way()
