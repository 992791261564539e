"""Tell galton.core.turns when the window is free: a timer of the UI thread's event loop,
which can fire only between events, says so every TICK. Jobs then give the window its turn
while it is busy (see galton.core.turns for why and what it measured)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QThread, QTimer

from galton.core.turns import TICK, TURNS

_ticker: QTimer | None = None


def follow_the_window() -> bool:
    """Start the ticks (once; safe to call again). False without an application or outside
    its thread."""
    global _ticker
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return False
    if _ticker is not None:
        return True
    ticker = QTimer(app)
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(round(TICK * 1000))
    ticker.timeout.connect(TURNS.window_tick)
    ticker.start()
    _ticker = ticker
    TURNS.follow(True)

    def stop(*_):
        global _ticker
        TURNS.follow(False)  # the application ends: nobody to wait for
        _ticker = None

    app.aboutToQuit.connect(ticker.stop)
    app.aboutToQuit.connect(stop)
    ticker.destroyed.connect(stop)
    return True


