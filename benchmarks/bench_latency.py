"""Does the window answer? Event-loop latency and Pause delay of the real app, default layout.

For each activity the app is put through, a 10 ms QTimer runs on the UI thread and its
lateness is recorded (p50, p99, max: how long user input waits for the UI thread), and where
training plays, a synthetic click on Pause is posted from another thread (as a real click
arrives, queued behind whatever the UI thread has to do) and the time until the training
thread has stopped is measured. Activities:

* Play at 10, 60 (the default), 250 and 1000 steps/s and "as fast as possible";
* Do it of every step of every lesson (``--quick``: the heavy steps of lessons 6, 8 and 11);
* the lab: fine-tuning three copies, a small scaling sweep (while Play runs at 60 steps/s);
* landscape jobs: a new grid, basins of the pond, a race, the step-size sweep (while Play);
* export of a 640x360 MP4 from the dialog (while Play);
* a long console command, ``session.step(100000)``: the View menu is clicked after 1.5 s (the
  time until it is open is the "menu" column) and Stop after 3 s (the Pause column is then the
  time from the Stop click to the command's end).

Goal: p99 <= 50 ms, Pause <= 100 ms. Run it under Xvfb (software OpenGL) on a fresh profile:

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python benchmarks/bench_latency.py
    ... bench_latency.py --quick        # a few seconds per row: what the smoke test runs
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time

TIMEOUT = 60.0  # seconds a Pause (or a job) may take before the row says "> 60 s"


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class XTest:
    """Clicks through the X server (the XTEST extension, as a real mouse does): the click
    reaches Qt as window-system input, not as a posted event that jumps the queue."""

    def __init__(self):
        import ctypes
        import ctypes.util

        self.display = None
        try:
            x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
            xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        except OSError:
            return
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XInitThreads()
        for name in ("XTestFakeMotionEvent", "XTestFakeButtonEvent"):
            getattr(xtst, name).argtypes = None
        self.x11, self.xtst, self.c = x11, xtst, ctypes
        display = x11.XOpenDisplay(None)
        self.display = ctypes.c_void_p(display) if display else None

    def click(self, x: int, y: int) -> bool:
        if self.display is None:
            return False
        c = self.c
        self.xtst.XTestFakeMotionEvent(self.display, c.c_int(-1), c.c_int(x), c.c_int(y),
                                       c.c_ulong(0))
        self.x11.XFlush(self.display)
        time.sleep(0.005)
        self.xtst.XTestFakeButtonEvent(self.display, c.c_uint(1), c.c_int(1), c.c_ulong(0))
        self.xtst.XTestFakeButtonEvent(self.display, c.c_uint(1), c.c_int(0), c.c_ulong(0))
        self.x11.XFlush(self.display)
        return True


class Bench:
    def __init__(self, app, window, seconds: float):
        from PySide6.QtCore import QObject, Qt, QTimer, Signal
        from PySide6.QtTest import QTest

        class Clicker(QObject):
            """Clicks a widget on the UI thread when asked from any thread (queued)."""

            click = Signal(object, object)
            escape = Signal(object)

            def __init__(self):
                super().__init__()
                self.click.connect(self._click)
                self.escape.connect(
                    lambda widget: QTest.keyClick(widget, Qt.Key.Key_Escape))

            def _click(self, widget, pos):
                if pos is None:
                    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
                else:
                    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)

        self.app, self.window, self.seconds = app, window, seconds
        self.clicker = Clicker()
        self.QTimer, self.QTest, self.Qt = QTimer, QTest, Qt
        self.late: list[float] = []
        self.cpu_late: list[float] = []
        self._last = self._last_cpu = None
        self.probe = QTimer()
        self.probe.setTimerType(Qt.TimerType.PreciseTimer)
        self.probe.setInterval(10)
        self.probe.timeout.connect(self._tick)
        self.rows = []
        self.xtest = XTest()

    # --- the probe ---------------------------------------------------------------------------
    def _tick(self):
        now, cpu = time.perf_counter(), time.thread_time()
        if self._last is not None:
            weigh(self.late, max(0.0, now - self._last - 0.010))
            # The same from the UI thread's own CPU time in the gap: how late the tick would
            # be if the thread never waited for a core (a busy machine's share) or the GIL.
            weigh(self.cpu_late, max(0.0, cpu - self._last_cpu - 0.010))
        self._last, self._last_cpu = now, cpu

    def measure(self):
        self.late, self.cpu_late, self._last = [], [], None
        self.probe.start()

    def stop_measuring(self) -> list[float]:
        self.probe.stop()
        return self.late

    def loop(self, seconds: float, until=None) -> bool:
        """Run the event loop (as app.exec does) for ``seconds`` or until ``until()``; True if
        ``until`` became true."""
        from PySide6.QtCore import QEventLoop, QMetaObject, Qt

        loop = QEventLoop()
        deadline = time.perf_counter() + seconds
        state = {"met": False, "over": False}

        def watch():  # from a thread: a starved UI thread's own timers would not fire
            while time.perf_counter() < deadline:
                if until is not None and until():
                    state["met"] = True
                    break
                time.sleep(0.002)
            state["over"] = True
            QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        loop.exec()
        watcher.join()
        return state["met"]

    def click_and_time(self, widget, done, pos=None, timeout=TIMEOUT) -> float:
        """Post a click on ``widget`` from another thread; seconds until ``done()`` (polled from
        that thread), or inf."""
        result = {"t": float("inf")}
        centre = widget.rect().center() if pos is None else pos
        where = widget.mapToGlobal(centre)
        where = (where.x(), where.y())

        def run():
            start = time.perf_counter()
            if not self.xtest.click(*where):
                self.clicker.click.emit(widget, pos)
            while time.perf_counter() - start < timeout:
                if done():
                    result["t"] = time.perf_counter() - start
                    return
                time.sleep(0.001)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        self.loop(timeout + 1, lambda: not thread.is_alive())
        return result["t"]

    def row(self, name, late, pause=float("nan"), menu=float("nan"), note="", cpu=None):
        cpu = self.cpu_late if cpu is None else cpu
        self.rows.append((name, len(late), percentile(late, 50) * 1e3,
                          percentile(late, 99) * 1e3, (max(late) if late else 0.0) * 1e3,
                          pause * 1e3, menu * 1e3, percentile(cpu, 99) * 1e3,
                          (max(cpu) if cpu else 0.0) * 1e3, note))
        print(format_row(self.rows[-1]), flush=True)

    # --- training ----------------------------------------------------------------------------
    def running(self) -> bool:
        return self.window.training.running

    def play(self, speed: int):
        # The controls in front (a lesson opens as a tab over them): the clicks on Play and
        # Pause land where the user sees the button.
        self.window.panels.show("controls")
        self.loop(0.1)
        controls = self.window.controls
        controls.speed.setValue(speed)
        if not controls.play.isChecked():
            self.QTest.mouseClick(controls.play, self.Qt.MouseButton.LeftButton)
        self.loop(10, self.running)

    def pause(self) -> float:
        if not self.running():
            return float("nan")
        play = self.window.controls.play
        delay = self.click_and_time(play, lambda: not self.running())
        if delay == float("inf"):  # say what the click met instead of the button
            from PySide6.QtWidgets import QApplication

            where = play.mapToGlobal(play.rect().center())
            print(f"  (the click on Pause at {where.x()},{where.y()} met "
                  f"{type(QApplication.widgetAt(where)).__name__}; modal: "
                  f"{type(QApplication.activeModalWidget()).__name__})", flush=True)
        self.loop(TIMEOUT, lambda: not self.running())
        self.loop(0.3)
        return delay

    def play_rows(self, speeds):
        for speed in speeds:
            self.window.session.reset()
            self.play(speed)
            self.measure()
            self.loop(self.seconds)
            steps = self.window.session.trainer.step_count
            delay = self.pause()
            late = self.stop_measuring()
            label = f"{speed} steps/s" if speed else "fastest"
            self.row(f"Play {label}", late, delay, note=f"{steps} steps")

    def while_playing(self, name, start, finished, note="", then=None):
        """Play at 60 steps/s, run ``start()``, wait for ``finished()`` (polled from another
        thread: no Qt calls in it), do ``then()`` on this thread, then Pause."""
        self.play(60)
        self.loop(0.5)
        self.measure()
        began = time.perf_counter()
        start()
        done = self.loop(TIMEOUT, finished)
        took = time.perf_counter() - began
        if then is not None:
            then()
        self.loop(0.3)
        delay = self.pause()
        late = self.stop_measuring()
        self.row(name, late, delay, note=(note or f"{took:.1f} s") + ("" if done else " TIMEOUT"))

    # --- lessons -----------------------------------------------------------------------------
    def lesson_rows(self, names, keys=None):
        panel = self.window.lesson_panel
        for name in names:
            run = self.window.start_lesson(name)
            self.loop(0.3, lambda: not getattr(panel, "busy", False))
            late, cpu, slowest, worst = [], [], ("", 0.0), ("", 0.0)
            for index in range(len(run.steps)):
                run.goto(index)
                if keys is not None and run.step.key not in keys:
                    continue
                if not panel.do_button.isEnabled():
                    continue  # a step to read, without an action
                self.loop(0.1)
                self.measure()
                began = time.perf_counter()
                self.QTest.mouseClick(panel.do_button, self.Qt.MouseButton.LeftButton)
                self.loop(TIMEOUT, lambda: not getattr(panel, "busy", False))
                took = time.perf_counter() - began
                self.loop(0.2)
                step_late = self.stop_measuring()
                late += step_late
                cpu += self.cpu_late
                if took > slowest[1]:
                    slowest = (run.step.key, took)
                if step_late and max(step_late) > worst[1]:
                    worst = (run.step.key, max(step_late))
            if late:
                self.row(f"lesson {run.lesson.number} {name}", late, cpu=cpu,
                         note=f"slowest Do it: {slowest[0]} {slowest[1]:.2f} s; longest wait: "
                              f"{worst[0]} {worst[1] * 1e3:.0f} ms")

    # --- the console -------------------------------------------------------------------------
    def console_row(self, command="session.step(100000)"):
        window = self.window
        window.show_console()
        console = window.console
        widget = console.widget
        self.loop(30, lambda: "In [" in widget._control.toPlainText())
        bar = window.menuBar()
        view = next(a for a in bar.actions() if a.text().replace("&", "") == "View")
        menu = view.menu()
        result = {}
        g = bar.mapToGlobal(bar.actionGeometry(view).center())
        menu_at = (g.x(), g.y())
        g = console.stop_button.mapToGlobal(console.stop_button.rect().center())
        stop_at = (g.x(), g.y())

        def meanwhile():
            time.sleep(1.5)
            start = time.perf_counter()
            if not self.xtest.click(*menu_at):
                self.clicker.click.emit(bar, bar.actionGeometry(view).center())
            while time.perf_counter() - start < 10 and not menu.isVisible():
                time.sleep(0.001)
            result["menu"] = time.perf_counter() - start if menu.isVisible() else float("inf")
            time.sleep(1.5)
            if menu.isVisible():  # close it (Escape), as a user would before pressing Stop
                self.clicker.escape.emit(menu)
            time.sleep(0.3)
            start = time.perf_counter()
            if not self.xtest.click(*stop_at):
                self.clicker.click.emit(console.stop_button, None)
            while time.perf_counter() - start < TIMEOUT and console.busy:
                time.sleep(0.001)
            result["stop"] = time.perf_counter() - start if not console.busy else float("inf")

        self.measure()
        thread = threading.Thread(target=meanwhile, daemon=True)
        self.QTimer.singleShot(0, lambda: console.execute(command))
        thread.start()
        self.loop(TIMEOUT + 20, lambda: not thread.is_alive() and not console.busy)
        late = self.stop_measuring()
        menu.hide()
        steps = window.session.trainer.step_count
        self.row(f"console {command}", late, result.get("stop", float("nan")),
                 result.get("menu", float("nan")), note=f"{steps} steps, Stop")
        window.console_dock.hide()

    # --- lab, landscape, export --------------------------------------------------------------
    def lab_rows(self, quick: bool):
        lab = self.window.lab
        self.window.session.reset()
        lab.ft_steps.setValue(100 if quick else 300)
        self.while_playing("lab: fine-tune 3 copies", lab.start_finetune,
                           lambda: lab.ft_button.isEnabled() and lab.ft_table.rowCount() > 0)
        folder = tempfile.mkdtemp(prefix="galton-bench-")
        lab.sc_file.setText(os.path.join(folder, "sweep.csv"))
        lab.sc_rows.setText("1, 2, 3")
        lab.sc_balls.setText("24, 48")
        lab.sc_steps.setText("15" if quick else "100")
        lab.sc_workers.setValue(1)
        self.while_playing("lab: scaling sweep (6 runs)", lab.start_sweep,
                           lambda: lab.sc_run.isEnabled())

    def landscape_rows(self, quick: bool):
        panel = self.window.landscape

        def idle():
            return not panel.busy and not panel._pending.isActive()

        self.while_playing("landscape: new grid (board)",
                           lambda: panel.set_source("board", directions="random"), idle)
        self.while_playing("landscape: pond grid + minima",
                           lambda: panel.set_source("surface", "pond"),
                           lambda: idle() and panel.minima_tab.minima_list.count() == 2)

        def basins():
            panel.minima_tab.basin_lr.setValue(0.5)
            panel.minima_tab.show_basins.setChecked(True)

        self.while_playing("landscape: basins (pond)", basins,
                           lambda: idle() and panel.basins is not None)
        panel.minima_tab.show_basins.setChecked(False)
        self.while_playing("landscape: race", panel.start_race,
                           lambda: idle() and panel.racers
                           and not panel._race_timer.isActive())
        self.while_playing("landscape: step-size sweep", panel.start_sweep, idle)
        panel.set_source("board", directions="peg")
        self.loop(TIMEOUT, idle)

    def export_row(self, quick: bool):
        dialog = self.window.export_animation()
        from galton.export.plan import SIZES

        # (findData does not find a tuple: Qt keeps the item's data as a list.)
        dialog.size_box.setCurrentIndex(SIZES.index((640, 360)))
        dialog.steps.setValue(30 if quick else 120)
        dialog.hold.setValue(0.0)
        path = os.path.join(tempfile.mkdtemp(prefix="galton-bench-"), "clip.mp4")
        self.loop(TIMEOUT, lambda: not dialog.busy)

        # Beside the window's controls, as a user would put it to keep Pause in reach (with no
        # window manager the dialog would open over the Play button).
        controls = self.window.controls
        corner = controls.mapToGlobal(controls.rect().topRight())
        dialog.move(corner.x() + 40, corner.y())

        def finished():
            return dialog.last_path is not None or dialog.last_error is not None

        def answer():  # "Export finished" is window-modal: OK before Pause, as a user does
            if dialog.message_box is not None and dialog.message_box.isVisible():
                dialog.message_box.accept()

        self.while_playing("export 640x360 MP4", lambda: dialog.start_export(path), finished,
                           then=answer)
        dialog.close()


def weigh(samples: list, gap: float) -> None:
    """Time-weighted: an input arriving at a random moment waits for the UI thread as long as
    the rest of the gap it falls in. A gap of g seconds between ticks counts as one late tick
    per 10 ms it covers (g, g - 10 ms, ...): a UI thread blocked for 2 s weighs 200 samples,
    not one. So p99 is the wait of the unluckiest 1 % of inputs."""
    samples.append(gap)
    k = 1
    while gap - k * 0.010 > 0:
        samples.append(gap - k * 0.010)
        k += 1


def format_row(r) -> str:
    name, n, p50, p99, worst, pause, menu, cpu99, cpumax, note = r

    def ms(v):
        if v != v:  # nan
            return "—"
        return "> 60 s" if v == float("inf") else f"{v:.0f}"

    return (f"{name:<34}{n:>7}{ms(p50):>8}{ms(p99):>8}{ms(worst):>9}{ms(pause):>10}"
            f"{ms(menu):>8}{ms(cpu99):>8}{ms(cpumax):>8}  {note}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds per row")
    parser.add_argument("--seconds", type=float, default=None, help="seconds per Play row")
    parser.add_argument("--only", default="play,lessons,lab,landscape,export,console",
                        help="comma-separated groups to run")
    parser.add_argument("--lessons", default=None,
                        help="comma-separated lesson names (default: every lesson)")
    args = parser.parse_args(argv)
    groups = set(args.only.split(","))
    # A fresh profile: the default layout, whatever was saved on this machine.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="galton-bench-config-")
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="galton-bench-data-")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    from galton.qt.main_window import MainWindow
    from galton.qt.prefs import application
    from galton.session import Session

    app = application()
    from galton.warmup import warm_up

    for _ in warm_up():  # what the splash does: the kernels ready before the window opens
        pass
    window = MainWindow(Session())
    window.show()
    bench = Bench(app, window, args.seconds or (2.5 if args.quick else 6.0))
    bench.loop(TIMEOUT, lambda: not window.landscape.busy)
    bench.loop(1.0)
    from galton import heap

    heap.enable()  # as `galton` does once its kernels are ready (galton/qt/app.py)
    heap.keep_long_lived()
    print(f"{'activity':<34}{'ticks':>7}{'p50':>8}{'p99':>8}{'max':>9}{'Pause':>10}{'menu':>8}"
          f"{'cpu p99':>8}{'cpu max':>8}  (ms; Pause: click to training stopped; cpu: from "
          "the UI thread's CPU time)", flush=True)
    try:
        if "play" in groups:
            bench.play_rows((60, 0) if args.quick else (10, 60, 250, 1000, 0))
        if "lessons" in groups:
            from galton import lessons

            if args.lessons:
                bench.lesson_rows(args.lessons.split(","))
            elif args.quick:
                bench.lesson_rows(["pinball"], keys={"drop_untrained"})
            else:
                bench.lesson_rows(lessons.names())
        if "lab" in groups:
            bench.lab_rows(args.quick)
        if "landscape" in groups:
            bench.landscape_rows(args.quick)
        if "export" in groups:
            bench.export_row(args.quick)
        if "console" in groups:
            bench.console_row("session.step(20000)" if args.quick else "session.step(100000)")
    finally:
        window.training.stop()
        window.close()
    late = [r for r in bench.rows]
    worst99 = max(r[3] for r in late)
    pauses = [r[5] for r in late if r[5] == r[5]]
    print(f"worst p99 {worst99:.0f} ms (goal 50); worst Pause "
          f"{max(pauses) if pauses else float('nan'):.0f} ms (goal 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
