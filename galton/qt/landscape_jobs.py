"""Landscape computations off the UI thread.

One background thread runs jobs one after another (grids, minima, basins, sweeps, sharpness).
Each job belongs to a *generation*; starting a new generation (the slice changed) makes older
jobs stop at their next check and drops their results, so a view never shows a grid of a
slice it has left. The Numba kernels release the GIL, so the UI stays responsive while they
run; results come back to the UI thread through a queued Qt signal.
"""

from __future__ import annotations

import queue
import threading
import traceback

from PySide6.QtCore import QObject, Signal


class Jobs(QObject):
    #: (generation, kind, payload) — emitted from the worker thread, delivered queued.
    result = Signal(int, str, object)
    #: (generation, kind, message)
    failed = Signal(int, str, str)
    #: (kind or "", running): for a busy indicator
    busy = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.generation = 0
        self._pending = 0  # submitted and not finished (or skipped) yet
        self._lock = threading.Lock()
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="galton-landscape", daemon=True)
        self._thread.start()

    def new_generation(self) -> int:
        """Abandon every queued or running job; returns the new generation."""
        self.generation += 1
        return self.generation

    def submit(self, kind: str, work, generation: int | None = None) -> None:
        """Run ``work(cancelled, emit)`` in the background. ``cancelled()`` is True once the
        job's generation is stale; ``emit(payload)`` sends a (partial) result. The return
        value, if not None, is emitted as the final result."""
        with self._lock:
            self._pending += 1
        self._queue.put((self.generation if generation is None else generation, kind, work))

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet finished or skipped (their results may still be queued
        for the UI thread)."""
        return self._pending

    def close(self, timeout: float = 10.0) -> None:
        self.new_generation()
        self._queue.put(None)
        self._thread.join(timeout)

    def _loop(self):
        while True:
            item = self._queue.get()
            if item is None:
                return
            generation, kind, work = item
            if generation != self.generation:
                self._done()
                continue

            def cancelled(g=generation):
                return g != self.generation

            def emit(payload, g=generation, k=kind):
                if g == self.generation:
                    self.result.emit(g, k, payload)

            self.busy.emit(kind, True)
            try:
                out = work(cancelled, emit)
                if out is not None:
                    emit(out)
            except Exception as exc:  # a failed job must never take the app down
                if generation == self.generation:
                    self.failed.emit(generation, kind, f"{type(exc).__name__}: {exc}")
                    traceback.print_exc()
            finally:
                self.busy.emit(kind, False)
                self._done()

    def _done(self):
        with self._lock:
            self._pending -= 1
