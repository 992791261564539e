"""Frame times of the board view with many balls in flight (run under Xvfb or a desktop).

Measures the animation tick (moving balls, landing them) and a full repaint of the board
view, with 0, 500 and 2000 balls in flight, on 6- and 12-row boards; prints medians and the
share of a 60 Hz frame budget (16.7 ms) they use.

    xvfb-run -a -s "-screen 0 1400x1000x24" python benchmarks/bench_board_view.py
"""

from __future__ import annotations

import statistics
import sys
import time


def main() -> int:
    from galton.qt.main_window import MainWindow
    from galton.qt.prefs import application
    from galton.session import Session

    app = application()
    session = Session()
    window = MainWindow(session)
    window.resize(1280, 860)
    window.show()
    app.processEvents()
    view = window.board_view
    view._timer.stop()  # ticks are driven by hand below
    print(f"{'rows':>5}{'balls':>7}{'tick ms':>10}{'paint ms':>10}{'% of 16.7 ms':>14}")
    for rows in (6, 12):
        session.set(rows=rows)
        session.step(50)
        for balls in (0, 500, 2000):
            view._balls.clear()
            view.rows_per_second = 0.5  # slow: every ball stays in flight while we measure
            if balls:
                session.drop(balls, seed=0)
            ticks, paints = [], []
            for _ in range(30):
                t = time.perf_counter()
                view._tick()
                ticks.append(time.perf_counter() - t)
                t = time.perf_counter()
                view.repaint()
                paints.append(time.perf_counter() - t)
            tick, paint = statistics.median(ticks) * 1e3, statistics.median(paints) * 1e3
            print(f"{rows:>5}{len(view._balls):>7}{tick:>10.2f}{paint:>10.2f}"
                  f"{100 * (tick + paint) / 16.7:>13.0f}%")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
