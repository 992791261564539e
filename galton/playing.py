"""Who trains, and what views draw: the Session's one owner of training.

The rule (docs/scripting.md, "Who trains"): **one owner at a time.** Every call that changes
the session (``set``, ``lr``, ``reset``, ``step``, ``load``, ``drop``, ...) goes through
``Owner.hold``: if Play is training, its thread stops before its next step; the change is
made; then Play goes on, on the session's trainer as it is *now* (a new board after
``set(rows=8)``), if it was playing. A lesson action or a console command holds the session
the same way for all its calls at once. ``pause()`` stops Play and it stays stopped; a
divergence stops it too.

Play runs in a plain Python thread (no Qt here): it takes the session's lock for each step,
so a change never lands in the middle of one, and yields to a waiting thread between steps.
Each run of the thread has a *generation*; every hold and every pause starts a new one, and a
snapshot of an older run is never published: it describes a trainer, or a moment, that is
no longer the session's. The newest snapshot waits in a mailbox; ``deliver`` (set by a GUI:
"run this on the views' thread") is asked to publish it, at most ``SNAPSHOTS_PER_SECOND``
times a second and never while the last request is still pending, so a slow window gets
fewer snapshots, never a flood.

Views never read arrays another thread writes: they draw a ``Picture``, a consistent copy of
the session at one moment (its own copy of the pegs), taken in the thread that changed it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import numpy as np

from galton.core.turns import TURNS, give_way

#: At most this many snapshots per second are handed to ``deliver`` while Play runs.
SNAPSHOTS_PER_SECOND = 30


#: How much lower than the UI thread background threads run (Linux nice levels: 10 gives a
#: thread about a tenth of the UI thread's share of a busy core).
BACKGROUND_NICE = 10


def lower_priority(nice: int = BACKGROUND_NICE, tid: int | None = None) -> bool:
    """Run the calling thread (and threads it starts), or the thread of native id ``tid``, at
    a lower priority, where the system allows it (Linux: a thread's own nice value):
    background jobs then take only what the UI thread leaves, and the window answers first on
    a busy machine. Not for a thread that holds a lock the UI thread waits for (Play's step).
    True if the priority was lowered now."""
    if not sys.platform.startswith("linux"):  # elsewhere the id is not one setpriority takes
        return False
    try:
        tid = threading.get_native_id() if tid is None else tid
        if os.getpriority(os.PRIO_PROCESS, tid) >= nice:
            return False
        os.setpriority(os.PRIO_PROCESS, tid, nice)
        return True
    except OSError:  # not allowed, or the thread is gone: as it is
        return False


class SessionBusy(ValueError):
    """A change was asked for while the session may not change (a console command is running
    and the window's events are being handled in the middle of it): nothing was changed."""


@dataclass(frozen=True, eq=False)
class Picture:
    """The session at one moment, safe to draw on any thread: nothing in it is written again
    (the board is a copy; datasets and the balls of a drop are replaced, never changed)."""

    version: int          # counts the session's changes and published snapshots
    trainer_id: int       # changes whenever the session adopts a new trainer
    board: object         # a copy of the session's Board: its pegs as they were
    data: object
    train_set: object
    test_set: object
    settings: dict        # a copy of the scenario's tables
    name: str             # the scenario's name
    step: int
    lr: float
    loss: str
    X: np.ndarray         # the trainer's training balls
    y: np.ndarray
    diverged: object
    playing: bool
    last_drop: object     # (labels, Drop) of the last drop, or None
    last_drop_features: object
    _history: object = field(repr=False, default=None)
    _history_len: int = 0
    _history_until: int | None = None  # a snapshot's picture: records of steps before this

    @property
    def theta(self) -> np.ndarray:
        return self.board.theta

    def history(self) -> dict:
        """The trainer's history up to this moment, as copies of its columns. (A History only
        appends past this length; a rewind gives the trainer a new History, see
        Session.rewind, so these rows are never written again.)"""
        h = self._history
        out = h.as_arrays()
        n = min(self._history_len, len(out["step"]))
        if self._history_until is not None:  # Play took more steps since: not in this picture
            n = min(n, int(np.searchsorted(out["step"][:n], self._history_until)))
        return {k: v[:n] for k, v in out.items()}


class Owner:
    """The session's lock, Play's thread and the generations (see the module docstring)."""

    def __init__(self, session):
        self.session = session
        self.lock = threading.RLock()
        self.generation = 0
        self.steps_per_second = 60.0  # 0: as fast as the machine goes
        #: Called with a function to run on the views' thread (a GUI sets it); None: the
        #: function runs at once, in Play's thread.
        self.deliver = None
        self._holder = None    # the thread holding the session (None: nobody, or Play)
        self._depth = 0
        self._locked_by = None  # the thread holding ``lock`` (Play's step too), and how deep
        self._lock_depth = 0
        self._waiting = 0      # threads waiting for the lock: Play yields to them
        self._meta = threading.Lock()  # guards generation, _waiting, the mailbox
        self._woken = threading.Event()  # the running Play thread's: set by a new generation
        self._want_play = False
        self._thread = None
        self._mailbox = None   # (generation, snapshot) newest not yet published
        self._notified = False
        self._last_notify = 0.0
        self._run_last = None  # (generation, snapshot): the last step Play's run took
        #: Set while the holder lets its own thread handle other events in the middle of its
        #: work (the console pumping the window): a change asked for then is refused.
        self.busy_reason = None

    # --- holding -----------------------------------------------------------------------------
    @property
    def holder(self):
        return self._holder

    def held_elsewhere(self) -> bool:
        """True while another thread holds the session (a lesson action, a command)."""
        holder = self._holder
        return holder is not None and holder != threading.get_ident()

    @contextmanager
    def hold(self):
        """Own the session for a change: Play stops before its next step; afterwards it goes
        on (a new run, on the session's current trainer) if it was playing. Re-entrant."""
        me = threading.get_ident()
        if self._holder == me:
            if self.busy_reason:
                raise SessionBusy(f"the session is busy: {self.busy_reason}")
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._new_generation()  # Play's next step sees it and stops
        self._acquire()
        self._holder, self._depth = me, 1
        try:
            yield
        finally:
            self._holder, self._depth = None, 0
            self._release()
            self._resume()

    def _acquire(self, timeout=None) -> bool:
        with self._meta:
            self._waiting += 1
        # The window's thread blocked here on a job holding the session: that job must not
        # wait for the window meanwhile (galton.core.turns).
        # Knowing which thread it waits for (Play's step), the other jobs wait meanwhile, so
        # that thread finishes sooner.
        waiting = (TURNS.window_waiting(on=self._locked_by) if threading.current_thread() is
                   threading.main_thread() else nullcontext())
        got = False
        try:
            with waiting:
                got = self.lock.acquire(timeout=-1 if timeout is None else timeout)
            if got:
                self._locked_by = threading.get_ident()
                self._lock_depth += 1
            return got
        finally:
            with self._meta:
                self._waiting -= 1

    def _release(self) -> None:
        self._lock_depth -= 1
        if not self._lock_depth:
            self._locked_by = None
        self.lock.release()

    @contextmanager
    def reading(self, wait: bool = True):
        """Read the session between two of Play's steps (Play is not stopped). Yields False,
        without waiting, when another thread holds the session (its change is not finished:
        read again later), or when ``wait`` is False and Play is mid-step."""
        me = threading.get_ident()
        if self._holder == me:
            yield True
            return
        got = False
        while not got:
            if self.held_elsewhere():
                break
            got = self._acquire(timeout=0.02 if wait else 0)
            if not wait:
                break
        try:
            yield got
        finally:
            if got:
                self._release()

    def _new_generation(self) -> int:
        with self._meta:
            self.generation += 1
            self._mailbox = None
            self._woken.set()  # a Play thread resting between two steps: stop now
            TURNS.wake()  # or waiting for the window to be free (give_way)
            return self.generation

    # --- Play --------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._want_play

    @property
    def running(self) -> bool:
        """Play's thread is alive (it may be finishing a step it began before a pause)."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def play(self) -> None:
        with self.hold():
            if self._want_play:
                return
            self._want_play = True
            self.session.events.emit("playing", self.session, True)
        # hold() started the thread on leaving

    def pause(self, timeout: float = 5.0) -> None:
        """Stop Play: no step begins after this returns; the last one is shown."""
        with self.hold():
            was = self._want_play
            self._want_play = False
            self._publish_last()
            if was:
                self.session.events.emit("playing", self.session, False)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _publish_last(self) -> None:
        """Under the hold: show the newest step Play took (its snapshot may still be in the
        mailbox, or never sent, when Play stopped)."""
        last, self._run_last = self._run_last, None
        if last is None:
            return
        snap = last[1]
        trainer = self.session.trainer
        # Only if it is still how things are (no change came after Play's last step).
        if snap is not self.session._last_published and snap.step == trainer.step_count \
                and np.array_equal(snap.params, trainer.board.theta):
            self.session._after_training(snap)

    def _resume(self) -> None:
        """After a hold: Play goes on, on the current trainer, if it was playing."""
        if not self._want_play:
            return
        trainer = self.session.trainer
        if trainer.diverged is not None:  # shown by the banner; Play waits for the user
            with self.hold():
                self._want_play = False
                self.session.events.emit("playing", self.session, False)
            return
        generation = self.generation
        with self._meta:
            self._woken = woken = threading.Event()
            if self.generation != generation:
                woken.set()
        thread = threading.Thread(target=self._run, args=(generation, trainer, woken),
                                  name=f"galton-play-{generation}", daemon=True)
        self._thread = thread
        thread.start()

    def _run(self, generation: int, trainer, woken: threading.Event) -> None:
        # Not at a lower priority (unlike background jobs): the UI thread waits for the lock
        # Play holds during a step, and must not wait for a thread the system puts off.
        start, done = time.perf_counter(), 0
        snap = None
        while True:
            if not self._acquire(timeout=0.05):
                if self.generation != generation:
                    break
                continue
            try:
                if self.generation != generation or self.session.trainer is not trainer:
                    break
                snap = trainer.step()
                self._run_last = (generation, snap)
                if snap.status == "diverged":
                    self._finish(generation, snap)
                    return
                # In the mailbox before the lock is let go: whoever takes the lock next finds
                # the newest step there.
                notify = self._post(generation, snap)
            finally:
                self._release()
            if notify:
                deliver = self.deliver
                if deliver is None:
                    self.publish_mail()
                else:
                    deliver(self.publish_mail)
            done += 1
            # Without the lock: while the window is busy, Play's Python between two steps would
            # slow every Qt call of it (galton.core.turns); at full speed that cost the window
            # up to 115 ms a wait.
            give_way()
            rate = self.steps_per_second
            if rate > 0:  # playback speed: sleep (no lock held) to keep to the rate
                ahead = start + done / rate - time.perf_counter()
                if ahead > 0:  # rest; Pause (a new generation) ends the rest at once
                    woken.wait(min(ahead, 0.25))
                    if self.generation != generation:
                        break
                elif ahead < -0.5:  # fell behind (speed raised, slow steps): re-anchor
                    start, done = time.perf_counter(), 0
            while self._waiting and self.generation == generation:
                time.sleep(0.0005)  # let a waiting thread in between two steps

    def _finish(self, generation: int, snap) -> None:
        """Play stopped by itself (divergence), in Play's thread under the lock."""
        if self.generation != generation:
            return
        self._want_play = False
        self._new_generation()
        self._run_last = None
        session = self.session
        session._after_training(snap)
        session.events.emit("playing", session, False)

    def _post(self, generation: int, snap) -> bool:
        """Put ``snap`` in the mailbox; True if the views should be asked to publish it."""
        now = time.perf_counter()
        with self._meta:
            if generation != self.generation:
                return False
            self._mailbox = (generation, snap)
            if self._notified or now - self._last_notify < 1.0 / SNAPSHOTS_PER_SECOND:
                return False
            self._notified = True
            self._last_notify = now
            return True

    def publish_mail(self) -> bool:
        """Publish the newest snapshot of the current run (in the caller's thread: a GUI's
        views thread). False if there was none, or it was stale, or another thread holds the
        session (its change publishes what it did)."""
        with self._meta:
            item, self._mailbox = self._mailbox, None
            self._notified = False
        if item is None:
            return False
        with self.reading() as got:
            if not got:
                return False
            generation, snap = item
            # A run that is over (a change came since, or a pause): never shown.
            if generation != self.generation:
                return False
            self.session._after_training(snap)
            return True

    def stop_thread(self, timeout: float = 5.0) -> None:
        """Stop Play's thread without changing what the user asked (for closing a window)."""
        self._want_play = False
        self._new_generation()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
