"""What a job running Python costs the window, and what galton.core.turns gives back.

The window's thread paints a chart-like picture (600 QPainter calls, as a repaint of the
charts makes) from its event loop, 40 times; meanwhile a background thread runs Python in
small steps, as a lesson's race does (``descend``). Three runs, in this process:

* alone: no background thread (the reference);
* beside a job that never gives way (galton before turns);
* beside the same job calling ``give_way()`` at each step, with the window's ticks running
  (galton.qt.turns.follow_the_window, as the main window starts them).

Printed: the median and p90 paint time of each run, its ratio to the reference, and how many
steps the job made per second (what giving way costs the job).

    xvfb-run -a .venv/bin/python benchmarks/bench_turns.py
"""

from __future__ import annotations

import statistics
import threading
import time

import numpy as np

PAINTS = 40


def main() -> int:
    from PySide6.QtCore import QEventLoop, QPointF, QRectF, QTimer
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from galton.core.turns import TURNS
    from galton.qt.turns import follow_the_window

    app = QApplication.instance() or QApplication([])  # kept: the event loops need it
    app.setApplicationName("galton-bench-turns")
    image = QImage(640, 400, QImage.Format.Format_RGB32)

    def paint() -> float:
        started = time.perf_counter()
        p = QPainter(image)
        for i in range(300):
            p.drawLine(QPointF(0, i), QPointF(640, i))
            p.fillRect(QRectF(i, 0, 2, 2), QColor(10, 20, 30))
        p.end()
        return time.perf_counter() - started

    def run(job, give_way: bool) -> tuple[list[float], float]:
        times, stop, steps = [], threading.Event(), [0]

        def work():
            while not stop.is_set():
                if give_way:
                    TURNS.give_way()
                sum(range(300))  # a small Python step (descend's is about this long)
                steps[0] += 1

        thread = threading.Thread(target=work, daemon=True) if job else None
        if thread is not None:
            thread.start()
        started = time.perf_counter()
        timer, loop = QTimer(), QEventLoop()
        timer.setInterval(25)

        def tick():
            times.append(paint())
            if len(times) >= PAINTS:
                timer.stop()
                loop.quit()

        timer.timeout.connect(tick)
        timer.start()
        loop.exec()
        took = time.perf_counter() - started
        stop.set()
        if thread is not None:
            thread.join(5)
        return times, steps[0] / took

    follow_the_window()
    runs = [("alone", False, False), ("beside a job, no give_way", True, False),
            ("beside a job with give_way", True, True)]
    results = {name: run(job, give) for name, job, give in runs}
    reference = statistics.median(results["alone"][0])
    print(f"{'run':<30}{'median ms':>11}{'p90 ms':>9}{'x alone':>9}{'job steps/s':>13}")
    for name, (times, rate) in results.items():
        median = statistics.median(times)
        print(f"{name:<30}{median * 1e3:>11.2f}{np.percentile(times, 90) * 1e3:>9.2f}"
              f"{median / reference:>9.1f}{rate:>13,.0f}")
    print(f"job waits: {TURNS.waits}, {TURNS.waited:.2f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
