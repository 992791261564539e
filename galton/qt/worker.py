"""Training off the UI thread: a QThread runs the Trainer's generator and hands snapshots back.

The worker only computes; the UI thread publishes each snapshot to the session (which emits
the events the views redraw on). Pause is immediate: the trainer is cancelled between steps.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QThread, Signal

#: At most this many snapshots per second cross to the UI thread: training runs as fast as it
#: can, the views redraw at a steady rate, and the UI's event queue never floods.
SNAPSHOTS_PER_SECOND = 30


class TrainingWorker(QObject):
    snapshot = Signal(object)
    finished = Signal(str)

    def __init__(self, session, steps: int, every: int, owner):
        super().__init__()
        self.session, self.steps, self.every = session, steps, every
        self.owner = owner  # read live: the speed control applies while training runs
        # The worker's own stop flag: set before run() may even have started (the trainer's
        # cancel flag is reset when iterate() begins, so it alone would miss an early Pause).
        self.cancelled = False
        # Back-pressure: True from sending a snapshot until the UI thread has drawn it. A slow
        # machine (software OpenGL, a loaded CPU) may take longer than 1/30 s per snapshot; a
        # worker that kept sending would fill the event queue faster than it drains, and the
        # window would stop answering (Pause included). Training goes on meanwhile; only the
        # newest snapshot is sent once the UI is ready, and no sooner than the last one took to
        # draw: at most half the UI thread's time goes to snapshots, the rest to the user.
        self.awaiting = False
        self.ready_at = 0.0

    def run(self):
        status = "done"
        last = 0.0
        snap = None
        start, done = time.perf_counter(), 0
        try:
            for snap in self.session.iterate(self.steps, self.every):
                status = snap.status
                if self.cancelled:
                    status = "cancelled"
                    break
                done += self.every
                rate = self.owner.steps_per_second
                if rate > 0:
                    # Playback speed: sleep (which also releases the GIL) to keep to the rate.
                    ahead = start + done / rate - time.perf_counter()
                    if ahead > 0:
                        time.sleep(min(ahead, 0.25))
                    elif ahead < -0.5:  # fell behind (speed raised or slow steps): re-anchor
                        start, done = time.perf_counter(), 0
                now = time.perf_counter()
                due = now - last >= 1.0 / SNAPSHOTS_PER_SECOND or status != "running"
                if due and not self.awaiting and now >= self.ready_at:
                    self.awaiting = True
                    self.snapshot.emit(snap)
                    last = now
                    snap = None
        finally:
            if snap is not None:
                self.snapshot.emit(snap)
            self.finished.emit(status)


class Trainer(QObject):
    """Owns at most one training thread at a time (Play starts it, Pause cancels it)."""

    snapshot = Signal(object)
    stopped = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.steps_per_second = 60.0  # 0: as fast as the machine goes
        self._thread = None
        self._worker = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, steps: int = 1_000_000, every: int = 1):
        if self.running:
            return
        self._thread = QThread()
        self._worker = TrainingWorker(self.session, steps, every, self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.snapshot.connect(self._forward)
        self._worker.finished.connect(self._on_finished)
        self._thread.start()

    def _forward(self, snap):
        """Runs in the UI thread: hand the snapshot on (the views draw it now, synchronously),
        then tell the worker it may send the next one."""
        worker = self.sender()
        started = time.perf_counter()
        self.snapshot.emit(snap)
        if worker is not None:
            now = time.perf_counter()
            worker.ready_at = now + (now - started)
            worker.awaiting = False

    def stop(self, wait: bool = True):
        if not self.running:
            return
        self._worker.cancelled = True
        self.session.trainer.cancel()
        if wait:
            self._thread.quit()
            self._thread.wait(5000)

    def _on_finished(self, status):
        thread = self._thread
        self._thread, self._worker = None, None
        if thread is not None:
            thread.quit()
            thread.wait(5000)
        self.stopped.emit(status)
