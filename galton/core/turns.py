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
        self._waiting = 0  # the window's thread blocks on a job (window_waiting)
        self._last_tick = 0.0
        self._ticked = threading.Event()
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
        self._ticked.set()

    def window_is_busy(self, now: float | None = None) -> bool:
        if not self._following or self._waiting:
            return False
        return (time.perf_counter() if now is None else now) - self._last_tick > LATE

    @contextlib.contextmanager
    def window_waiting(self):
        """The window's thread blocks on a job (e.g. for a picture being drawn): jobs must not
        wait for it meanwhile."""
        self._waiting += 1
        self._ticked.set()
        try:
            yield
        finally:
            self._waiting -= 1
            self._last_tick = time.perf_counter()

    # --- the jobs' side ------------------------------------------------------------------------
    def give_way(self) -> None:
        """Wait (without the GIL) while the window is busy; see the module docstring."""
        now = time.perf_counter()
        if not self.window_is_busy(now) or threading.current_thread() is threading.main_thread():
            return
        local = self._local
        if now < getattr(local, "until", 0.0):
            return
        self._ticked.clear()
        if self.window_is_busy():  # again: a tick between the check and the clear is not lost
            self._ticked.wait(MAX_WAIT)
            done = time.perf_counter()
            self.waits += 1
            self.waited += done - now
            local.until = done + CREDIT


#: The one instance: the window tells it, every job asks it.
TURNS = Turns()


def give_way() -> None:
    """Let the window go first if it is busy (a no-op without a window)."""
    TURNS.give_way()
