"""Landscape grid evaluation: galton's parallel slice kernel against reference implementations.

The issue's case is a 64x64 slice of a 12-row board on 1,024 balls. Measured in the same run,
on the same data, medians of repeats, printed with ratios:

* numba        galton.kernels.slice_losses: parallel over grid points, each point running the
               board's chunked forward pass serially over its balls
* per-point    the board's own parallel Numba loss kernel called once per grid point from a
               Python loop (what a landscape tool built on a fast loss would do)
* numpy        the NumPy twin (galton.kernels.landscape_numpy), one vectorised board
               evaluation per point — the reference the kernel is tested against

The NumPy twin is slow (seconds per grid), so it is timed on a band of rows of the grid and
scaled to the full grid; the per-band time is linear in the number of points.
Also: the time to the first (16x16) picture of a progressive computation and to all of it,
with the default sizes (16, 32, 64) and with nested sizes (16, 31, 61: each grid reuses the
points of the one before), and plain-GD basins of attraction on a 24x24 grid.

    python benchmarks/bench_landscape.py            # the issue's case (~1 min on 2 quiet cores)
    python benchmarks/bench_landscape.py --rows 64  # a deep board (~2 min)
    python benchmarks/bench_landscape.py --quick    # seconds; for smoke tests
"""

from __future__ import annotations

import argparse
import statistics
import time

import numba
import numpy as np

import galton
import galton.landscape as L
from galton import kernels


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for smoke tests")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rows", type=int, default=12, help="board rows (default 12)")
    args = parser.parse_args(argv)
    rows, n_balls, n, band = (6, 128, 16, 4) if args.quick else (args.rows, 1024, 64, 4)
    repeats = 2 if args.quick else args.repeats

    data = galton.datasets.colors(n_balls, colors=3, seed=0)
    board = galton.Board(rows, data.features, 3, seed=0, init="normal")
    dirs = L.random_directions(board.theta, seed=0)
    A, B = np.meshgrid(np.linspace(-1, 1, n), np.linspace(-1, 1, n))
    a, b = A.ravel(), B.ravel()
    X, y, layout = data.X, data.y, board.cup_layout
    common = (board.theta, dirs.d1, dirs.d2)

    def numba_grid():
        return kernels.slice_losses("numba", *common, a, b, X, y, rows, layout, "cross_entropy")[0]

    def per_point_grid():
        out = np.empty(a.size)
        for k in range(a.size):
            theta = board.theta + a[k] * dirs.d1 + b[k] * dirs.d2
            out[k] = kernels.loss_and_grad("numba", theta, X, y, rows, layout, "cross_entropy",
                                           want_grad=False)[0]
        return out

    rows_band = slice(0, band * n)

    def numpy_band():
        return kernels.slice_losses("numpy", *common, a[rows_band], b[rows_band], X, y, rows,
                                    layout, "cross_entropy")[0]

    # Warm up (JIT) and check that all three agree before timing anything.
    fast = numba_grid()
    slow = numpy_band()
    pp = per_point_grid()
    assert np.allclose(fast[rows_band], slow, rtol=1e-12, atol=1e-12), "numba != numpy twin"
    assert np.allclose(fast, pp, rtol=1e-12, atol=1e-12), "numba != per-point kernel"

    t_numba = median_time(numba_grid, repeats)
    t_pp = median_time(per_point_grid, repeats)
    t_numpy = median_time(numpy_band, max(1, repeats // 2)) * (n / band)
    print(f"landscape grid {n}x{n}, {rows}-row board, {n_balls} balls, "
          f"{numba.get_num_threads()} threads (medians)")
    print(f"{'implementation':<12} {'seconds':>9} {'points/s':>10} {'x slower than numba':>20}")
    for name, t in (("numba", t_numba), ("per-point", t_pp), ("numpy", t_numpy)):
        print(f"{name:<12} {t:9.3f} {n * n / t:10.0f} {t / t_numba:20.1f}")

    surface = L.board_surface(board, X, y, dirs)
    for label, sizes in (("default", L.PROGRESSIVE_SIZES), ("nested", L.NESTED_SIZES)):
        first = median_time(lambda sizes=sizes: next(iter(L.progressive(surface, sizes=sizes))),
                            repeats)
        whole = median_time(lambda sizes=sizes: list(L.progressive(surface, sizes=sizes)),
                            max(1, repeats // 2))
        print(f"first picture (16x16) of a progressive grid: {1000 * first:.0f} ms; all of "
              f"{'/'.join(map(str, sizes))} ({label}): {1000 * whole:.0f} ms")
    m = 8 if args.quick else 24
    xs, ys = np.linspace(-1, 1, m), np.linspace(-1, 1, m)
    steps = 20 if args.quick else 100
    t = time.perf_counter()
    L.basins(surface, xs, ys, [], lr=1.0, steps=steps)
    print(f"basins {m}x{m}, {steps} plain-GD steps from every start: "
          f"{time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
