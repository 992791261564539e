"""The one way galton runs background work: ``Jobs``, a queue of jobs on one thread.

Every job belongs to a *generation*: ``new_generation()`` (or ``cancel()``) makes queued and
running jobs of older generations stop at their next check and drops their results, so a view
never shows the answer to a question it no longer asks. A job is a function
``work(job)`` that may call ``job.cancelled()``, ``job.emit(payload)`` (a partial result)
and ``job.progress(done, total)``; its return value, if not None, is emitted as the final
result. Results, progress and failures reach the UI thread through queued signals; a failure
is reported, never raised into Qt. ``busy`` says when a job starts and ends, for a busy
indicator and a Cancel button (docs/architecture.md shows the pattern).

``Jobs(gl=True)``: the runner's thread owns an OpenGL 3.3 core context (galton.qt.gl), current
for its whole life, so its jobs can draw offscreen (``job.gl`` is the context, or None with
``gl_problem`` saying why there is none). ``at_close(f)`` runs ``f()`` in that thread, the
context still current, when the runner closes: where GL objects are freed.

Used by the landscape (grids, minima, basins, races, sweeps, sharpness, and drawing its
pictures), the lab (fine-tuning, scaling sweeps), lesson actions and export.
"""

from __future__ import annotations

import atexit
import queue
import threading
import traceback
import weakref

import shiboken6
from PySide6.QtCore import QObject, Signal

from galton.core.turns import TURNS, give_way
from galton.playing import lower_priority

#: Runners not closed yet: closed at exit, so that no runner's thread (and no GL context) is
#: still running while the interpreter and Qt tear down (that crashed a script that closed
#: its window without quitting the application: a lesson figure's landscape view).
_OPEN: weakref.WeakSet = weakref.WeakSet()

#: The generation of a job no new generation abandons (one that answers a question of its own,
#: such as the loss along a line between two checkpoints).
KEEP = -1


class JobCancelled(Exception):
    """Raised by ``job.check()`` in a job whose generation is over."""


class Job:
    """What a running job sees: its kind and generation, and the ways to report back."""

    def __init__(self, runner, kind: str, generation: int):
        self.runner, self.kind, self.generation = runner, kind, generation
        #: The runner's OpenGL context, current in this thread (``Jobs(gl=True)``), or None.
        self.gl = runner.gl

    def cancelled(self) -> bool:
        if self.generation == KEEP:
            return self.runner.closed
        return self.generation != self.runner.generation

    # Each of these also lets the window go first while it handles events
    # (galton.core.turns: a job running Python otherwise slows every Qt call of the window).
    def check(self) -> None:
        give_way()
        if self.cancelled():
            raise JobCancelled(self.kind)

    def emit(self, payload) -> None:
        give_way()
        if not self.cancelled():
            self.runner.say("result", self.generation, self.kind, payload)

    def progress(self, done: int, total: int) -> None:
        give_way()
        if not self.cancelled():
            self.runner.say("progressed", self.generation, self.kind, int(done), int(total))


class Jobs(QObject):
    #: (generation, kind, payload): a result, partial or final
    result = Signal(int, str, object)
    #: (generation, kind, message)
    failed = Signal(int, str, str)
    #: (generation, kind, done, total)
    progressed = Signal(int, str, int, int)
    #: (kind, running): a job began or ended (whatever its outcome)
    busy = Signal(str, bool)

    def __init__(self, parent=None, name: str = "galton-jobs", gl: bool = False):
        super().__init__(parent)
        self.generation = 0
        self._pending = 0  # submitted and not finished (or skipped) yet
        self._lock = threading.Lock()
        self._queue: queue.Queue = queue.Queue()
        self._at_close = []
        self.running_kind = None
        self.closed = False
        self.gl = None  # galton.export.gl.QtContext, current in the runner's thread
        self.gl_problem = None
        self._surface = None
        if gl:
            from galton.qt.gl import make_surface

            self._surface, self.gl_problem = make_surface()
        self._ready = threading.Event()
        # A daemon thread: a window that goes away without close() cannot hang the exit.
        self.thread = threading.Thread(target=self._loop, name=name, daemon=True)
        _OPEN.add(self)
        self.thread.start()
        if self._surface is not None:
            self._ready.wait()  # the context is current there (or gl_problem says why not)

    def new_generation(self) -> int:
        """Abandon every queued or running job; returns the new generation."""
        self.generation += 1
        return self.generation

    cancel = new_generation

    def submit(self, kind: str, work, generation: int | None = None, keep=False) -> int:
        """Run ``work(job)`` in the background (see the module docstring); returns the job's
        generation. ``keep``: a new generation does not abandon it (only ``close``)."""
        generation = KEEP if keep else self.generation if generation is None else generation
        with self._lock:
            self._pending += 1
        self._queue.put((generation, kind, work))
        return generation

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet finished or skipped (their results may still be queued
        for the UI thread)."""
        return self._pending

    def say(self, signal: str, *args) -> None:
        """Emit ``signal`` from the runner's thread, unless the runner is gone: a panel
        deleted without closing its runner (a test's window, a script's) must not make the
        thread raise "Signal source has been deleted"; its results have nobody to go to."""
        if self.closed or not shiboken6.isValid(self):
            return
        try:
            getattr(self, signal).emit(*args)
        except RuntimeError:  # deleted between the check and the emit
            self.closed = True

    def at_close(self, function) -> None:
        """Run ``function()`` in the runner's thread when it closes (GL clean-up)."""
        self._at_close.append(function)

    def close(self, timeout: float = 10.0) -> None:
        if self.closed:
            return
        self.closed = True
        _OPEN.discard(self)
        self.new_generation()
        self._queue.put(None)
        with TURNS.window_waiting():  # the job must not wait for a window that waits for it
            self.thread.join(timeout)
        if (self._surface is not None and not self.thread.is_alive()
                and shiboken6.isValid(self._surface)):
            self._surface.destroy()  # the GUI thread's part (the context went with the thread)

    def _loop(self):
        lower_priority()  # the UI thread first
        context = self._make_context() if self._surface is not None else None
        self._ready.set()
        try:
            self._serve()
        finally:
            for function in self._at_close:
                try:
                    function()
                except Exception:  # one clean-up must not stop the rest
                    traceback.print_exc()
            if context is not None and shiboken6.isValid(context):
                context.doneCurrent()
                shiboken6.delete(context)  # in its own thread

    def _make_context(self):
        from galton.export.gl import QtContext
        from galton.qt.gl import make_context

        try:
            context = make_context(self._surface)
        except ValueError as exc:
            self.gl_problem = str(exc)
            return None
        self.gl = QtContext(context, self._surface)
        return context

    def _serve(self):
        while True:
            item = self._queue.get()
            if item is None:
                return
            generation, kind, work = item
            if generation != self.generation and (generation != KEEP or self.closed):
                self._done()
                continue
            job = Job(self, kind, generation)
            self.running_kind = kind
            self.say("busy", kind, True)
            try:
                out = work(job)
                if out is not None:
                    job.emit(out)
            except JobCancelled:
                pass
            except Exception as exc:  # a failed job must never take the app down
                if not job.cancelled():
                    self.say("failed", generation, kind, f"{type(exc).__name__}: {exc}")
                    traceback.print_exc()
            finally:
                self.running_kind = None
                self._done()
                self.say("busy", kind, False)

    def _done(self):
        with self._lock:
            self._pending -= 1


@atexit.register
def _close_open_runners() -> None:
    for runner in list(_OPEN):
        if shiboken6.isValid(runner):
            runner.close(timeout=5.0)
