"""The session's events on the UI thread, and drawing the UI thread can afford.

``SessionBridge``: views subscribe here, not to ``session.events``. Every session event reaches
them on the UI thread with a ``Picture`` (galton.playing) taken when the event was emitted, in
the thread that emitted it and under its hold: a consistent copy of the session that no other
thread writes. An event emitted on the UI thread (a control, the console) is handed on at once;
one emitted elsewhere (Play's thread at its end, a lesson action running as a job) is queued to
the UI thread. The bridge is also Play's ``deliver``: snapshots are published on the UI thread.

``DrawBudget``: views ask it to redraw instead of redrawing on every event. A request is drawn
at once when the UI thread is idle enough, else coalesced with later ones and drawn when the
last redraws' cost allows: after a round of redraws (and the paints they caused) took c
seconds, the next waits c * (1 - SHARE) / SHARE, so drawing takes at most SHARE of the UI
thread, whatever the machine and the playback speed, and user input gets the rest. A round
draws one request per turn of the event loop (their paints come in between), so a click
waits for one view's redraw at most, never for all of them. Views split a costly redraw
into several requests (one per chart).
"""

from __future__ import annotations

import threading
import time
import traceback
from collections import defaultdict

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from galton.session import EVENTS

#: At most this share of the UI thread's time goes to redrawing while things change.
SHARE = 0.35
#: Redraws are never more frequent than this (seconds), however cheap.
MIN_INTERVAL = 1 / 30


class SessionBridge(QObject):
    _queued = Signal(object)  # a function to run on the UI thread

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._ui = threading.get_ident()
        self._subscribers = defaultdict(list)
        self._queued.connect(self._run, Qt.ConnectionType.QueuedConnection)
        self._slots = {}
        for name in EVENTS:
            slot = self._slots[name] = (lambda *args, n=name: self._on_event(n, *args))
            session.events.connect(name, slot)
        session.owner.deliver = self._queued.emit  # Play's snapshots, published on our thread
        self.picture = session.picture()

    def connect(self, name: str, callback) -> None:
        """``callback(picture, *args)`` on the UI thread after each ``name`` event (args as
        the session's events give them, without the session)."""
        if name not in EVENTS:
            raise ValueError(f"event must be one of {EVENTS}, got {name!r}")
        self._subscribers[name].append(callback)

    def close(self) -> None:
        for name, slot in self._slots.items():
            try:
                self.session.events.disconnect(name, slot)
            except ValueError:
                pass
        if self.session.owner.deliver == self._queued.emit:
            self.session.owner.deliver = None
        self._subscribers.clear()

    def _on_event(self, name, session, *args):
        if not self._subscribers[name]:
            return
        picture = session._picture()  # under the emitter's hold: consistent
        if threading.get_ident() == self._ui:
            self._dispatch(name, picture, args, raise_errors=True)
        else:
            self._queued.emit(lambda: self._dispatch(name, picture, args))

    def _dispatch(self, name, picture, args, raise_errors=False):
        if picture.version > self.picture.version:
            self.picture = picture
        error = None
        for callback in list(self._subscribers[name]):
            try:
                callback(picture, *args)
            except Exception as exc:  # one broken view must not starve the others
                error = error or exc
                if not raise_errors:
                    traceback.print_exc()
        if error is not None and raise_errors:
            raise error

    def _run(self, function):
        function()


class DrawBudget(QObject):
    """See the module docstring. ``request(key, draw)``: ``draw()`` soon, once per key."""

    def __init__(self, parent=None, share: float = SHARE):
        super().__init__(parent)
        self.share = share
        self._due = {}
        self._next = 0.0
        self._drawing = False  # a round is under way
        self._settling = False
        # Members, not singleShot functors: nothing outlives the budget.
        self._timer = QTimer(self)  # the next round
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._begin)
        self._turn = QTimer(self)  # the next request of this round
        self._turn.setSingleShot(True)
        self._turn.timeout.connect(self._next_turn)
        self._settler = QTimer(self)
        self._settler.setSingleShot(True)
        self._settler.timeout.connect(self._settle)
        self._started = 0.0
        self.costs: list[float] = []  # seconds of each round of redraws (the last 100)

    def request(self, key, draw) -> None:
        self._due[key] = draw
        if self._drawing or self._settling or self._timer.isActive():
            return  # joins the round under way, or the next
        wait = self._next - time.perf_counter()
        if wait <= 0:
            self._begin()  # idle: draw now (a click on Step shows at once)
        else:
            self._timer.start(max(1, round(wait * 1000)))

    def flush(self) -> None:
        """Draw everything requested now (tests, screenshots)."""
        self._timer.stop()
        self._turn.stop()
        while self._due:
            self._draw_one()
        if self._drawing:
            self._end_round()

    @property
    def pending(self) -> bool:
        return bool(self._due)

    def _begin(self):
        self._drawing = True
        self._started = time.perf_counter()
        self._next_turn()

    def _next_turn(self):
        if self._due:
            self._draw_one()
        if self._due:
            self._turn.start(0)  # the next after whatever input is waiting
        else:
            self._end_round()

    def _draw_one(self):
        key = next(iter(self._due))
        draw = self._due.pop(key)
        try:
            draw()
        except Exception:  # a broken view must not stop the others from drawing
            traceback.print_exc()

    def _end_round(self):
        self._drawing = False
        self._settling = True
        # The paints those changes asked for come before this call: their cost counts too.
        self._settler.start(0)

    def _settle(self):
        now = time.perf_counter()
        cost = now - self._started
        self.costs.append(cost)
        del self.costs[:-100]
        self._next = now + max(MIN_INTERVAL, cost * (1 - self.share) / self.share)
        self._settling = False
        if self._due:
            self._timer.start(max(1, round((self._next - now) * 1000)))
