"""The splash: progress while the Numba kernels compile (first launch) or load (later ones).

``Splash.warm_up(app)`` shows the splash, runs ``galton.warmup.warm_up`` in a thread and
keeps the splash drawing (stage, kernel being compiled, seconds so far) until the stages the
first frame needs (``warmup.FIRST_FRAME``) are done; ``splash.finish(window)`` closes it once
the window is up. The thread goes on with the other stages in the background
(``splash.background``: which stages are ready, a signal for each, ``when_ready``), so a first
launch shows its window after a few seconds instead of twenty; the window's Play button waits
for the training stage only if it is pressed first. Compiling holds the GIL most of the time,
but Python hands it over every few milliseconds, which is plenty for a splash or a window.

A plain frameless widget rather than QSplashScreen: QSplashScreen.show() blocked for a whole
second on every launch here (Xvfb, Qt 6.11), half the warm start.

``GALTON_STARTUP_REPORT=1`` makes the app print how long it took to show the window and
quit at once (``=ready``: and, before quitting, when every kernel was ready):
benchmarks/startup.py measures cold and warm starts with it.
"""

from __future__ import annotations

import os
import queue
import threading
import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

import galton
from galton.resources import asset_path
from galton.warmup import FIRST_FRAME, STAGES, compile_events, warm_up

#: What each stage of galton.warmup is called on the splash.
STAGE_TEXT = {
    "cups": QT_TRANSLATE_NOOP("Splash", "the cups' expected distribution"),
    "training": QT_TRANSLATE_NOOP("Splash", "training"),
    "drop": QT_TRANSLATE_NOOP("Splash", "dropping balls"),
    "landscape": QT_TRANSLATE_NOOP("Splash", "the loss landscape"),
}
#: The id of the desktop entry and AppStream metainfo in packaging/ (it follows the
#: placeholder address in pyproject.toml; change them together).
APP_ID = "invalid.example.Galton"
WIDTH, HEIGHT = 520, 230


def tr(text: str) -> str:
    """For texts lupdate has already seen under "Splash" (STAGE_TEXT). Literal strings call
    QCoreApplication.translate("Splash", ...) themselves: through this alias lupdate would file
    them under no context, and Qt would never find their translation."""
    return QCoreApplication.translate("Splash", text)


def app_icon() -> QIcon:
    """The window icon in every PNG size (no SVG plug-in needed)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(asset_path("icons", f"galton-{size}.png")))
    return icon


class Background(QObject):
    """The warm-up stages still running after the window opened. Lives in the UI thread;
    the warm-up thread only calls ``_finished`` (through a queued signal)."""

    stage_done = Signal(str)
    _done_in_thread = Signal(str)

    def __init__(self):
        super().__init__()
        self.done: set[str] = set()
        self.thread: threading.Thread | None = None
        self._waiting: list[tuple[str, object]] = []
        self._done_in_thread.connect(self._finished)  # queued: emitted from the warm-up thread

    def ready(self, stage: str) -> bool:
        return stage in self.done

    def when_ready(self, stage: str, callback) -> None:
        """Call ``callback()`` in the UI thread once ``stage`` is ready (now, if it is)."""
        if self.ready(stage):
            callback()
        else:
            self._waiting.append((stage, callback))

    def start(self) -> None:
        """Start the warm-up thread (once; later calls do nothing)."""
        if self.thread is not None and self.thread.ident is None:
            self.thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every stage ran (for tests and the start-up report). True if so."""
        if self.thread is not None:
            self.start()
            self.thread.join(timeout)
        QCoreApplication.processEvents()
        return self.thread is None or not self.thread.is_alive()

    def _finished(self, stage: str) -> None:
        self.done.add(stage)
        now = [cb for s, cb in self._waiting if s == stage]
        self._waiting = [(s, cb) for s, cb in self._waiting if s != stage]
        self.stage_done.emit(stage)
        for callback in now:
            callback()


class Splash(QWidget):
    def __init__(self):
        ratio = QGuiApplication.primaryScreen().devicePixelRatio() if (
            QGuiApplication.primaryScreen() is not None) else 1.0
        pixmap = QPixmap(int(WIDTH * ratio), int(HEIGHT * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor("#fbf8f3"))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.drawPixmap(QRect(28, 28, 112, 112),
                           QPixmap(str(asset_path("icons", "galton-256.png"))))
        painter.setPen(QColor("#3a3632"))
        font = QFont(QGuiApplication.font())
        font.setPointSizeF(26)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRect(160, 34, WIDTH - 180, 48), Qt.AlignLeft | Qt.AlignVCenter,
                         "galton")
        font.setPointSizeF(11)
        font.setBold(False)
        painter.setFont(font)
        subtitle = QCoreApplication.translate("Splash", "the pinball machine of training")
        painter.drawText(QRect(160, 82, WIDTH - 180, 50), Qt.AlignLeft | Qt.TextWordWrap,
                         f"{subtitle}\n{galton.__version__}")
        painter.setPen(QColor("#cfc7b8"))
        painter.drawRect(QRect(0, 0, WIDTH - 1, HEIGHT - 1))
        painter.end()
        super().__init__(None, Qt.SplashScreen | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
        self.pixmap = pixmap
        self.setFixedSize(WIDTH, HEIGHT)
        self.setWindowTitle("galton")
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())
        self.done, self.total = 0, len(STAGES)
        self.stage = STAGES[0]
        self.compiling: list[str] = []  # kernels compiled so far (empty: loaded from cache)
        self.started = time.perf_counter()

    # --- what is drawn -----------------------------------------------------------------------
    def message(self) -> str:
        seconds = time.perf_counter() - self.started
        if self.stage is None:
            return QCoreApplication.translate("Splash", "Opening the window…")
        what = tr(STAGE_TEXT[self.stage])
        if not self.compiling:
            return QCoreApplication.translate("Splash", "Loading the kernels: {0}…").format(what)
        return QCoreApplication.translate(
            "Splash", "First launch: compiling the kernels for this computer ({0} s).\n"
                      "Now: {1} ({2}). Later launches skip this.").format(
            int(seconds), what, self.compiling[-1])

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QColor("#3a3632"))
        painter.drawText(QRect(28, 150, WIDTH - 56, 40), Qt.AlignLeft | Qt.TextWordWrap,
                         self.message())
        bar = QRect(28, 198, WIDTH - 56, 10)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor("#e6e0d4"))
        painter.drawRoundedRect(bar, 5, 5)
        filled = QRect(bar)
        filled.setWidth(max(10, int(bar.width() * self.done / self.total)))
        painter.setBrush(QColor("#2f6fd0"))
        painter.drawRoundedRect(filled, 5, 5)
        painter.end()

    # --- running -----------------------------------------------------------------------------
    @classmethod
    def warm_up(cls, app) -> Splash:
        """Give ``app`` its icon and desktop-entry name, show the splash and return when the
        kernels of the first frame are ready; the rest go on in ``splash.background``."""
        if app.windowIcon().isNull():
            app.setWindowIcon(app_icon())
        app.setDesktopFileName(APP_ID)
        splash = cls()
        splash.show()
        app.processEvents()
        events: queue.SimpleQueue = queue.SimpleQueue()
        failure: list[BaseException] = []
        background = splash.background = Background()
        from galton import kernels

        kernels.DRAW_WITH_NUMPY.set()  # until the warm-up has compiled them (galton.warmup)

        def work():
            try:
                with compile_events(lambda name: events.put(("kernel", name))):
                    for done, total, stage in warm_up():
                        if done:
                            background._done_in_thread.emit(STAGES[done - 1])
                        events.put(("stage", (done, total, stage)))
            except BaseException as exc:  # re-raised in the UI thread if the splash is up
                failure.append(exc)
                events.put(("failed", exc))
                kernels.DRAW_WITH_NUMPY.clear()

        thread = background.thread = threading.Thread(target=work, name="galton-warm-up",
                                                      daemon=True)
        if not FIRST_FRAME:
            splash.stage = None  # "Opening the window…"
            splash.repaint()
            # Nothing to wait for: the thread starts once the window is up (finish), so that
            # building the window does not share the GIL with the compiler.
            splash._events = events
            return splash
        thread.start()
        last_paint = 0.0
        first_frame_ready = False
        while not first_frame_ready and (thread.is_alive() or not events.empty()):
            changed = False
            while not events.empty():
                kind, value = events.get()
                if kind == "kernel":
                    splash.compiling.append(value)
                elif kind == "stage":
                    splash.done, splash.total, splash.stage = value
                    first_frame_ready = value[0] >= len(FIRST_FRAME)
                changed = True
            now = time.perf_counter()
            if changed or now - last_paint > 0.5:  # the seconds counter ticks while compiling
                splash.repaint()
                last_paint = now
            app.processEvents()
            if not first_frame_ready:
                thread.join(0.02)
        if failure:
            splash.close()
            raise failure[0]
        splash._events = events  # what the background stages compile, for the report
        return splash

    def finish(self, window) -> None:
        """Close the splash now that ``window`` is shown, let the warm-up go on (or start) in
        the background once the window has drawn, and report, if asked."""
        self.close()
        background = getattr(self, "background", None)
        if background is not None:
            QTimer.singleShot(300, background.start)
        report = os.environ.get("GALTON_STARTUP_REPORT")
        if report:
            QTimer.singleShot(0, lambda: _report_and_quit(window, self, report == "ready"))

    def compiled_in_background(self) -> list[str]:
        """Kernels compiled since the window opened (drained from the warm-up thread)."""
        events = getattr(self, "_events", None)
        while events is not None and not events.empty():
            kind, value = events.get()
            if kind == "kernel":
                self.compiling.append(value)
        return self.compiling


def _report_and_quit(window, splash, until_ready: bool) -> None:
    # Printed as wall-clock time so that the caller can subtract the moment it started us.
    print(f"galton-startup shown_at={time.time():.3f} compiled={len(splash.compiling)}",
          flush=True)
    if until_ready:
        background = getattr(splash, "background", None)
        if background is not None:
            background.wait()
        print(f"galton-startup ready_at={time.time():.3f} "
              f"compiled={len(splash.compiled_in_background())}", flush=True)
    window.close()
    QCoreApplication.quit()
