"""Numba from several threads at once, as the window runs it: Play's steps, a landscape grid
(a parallel kernel) and the step-size edge's sharpness (small calls, one Numba thread each,
``threads_for``). One CI run hung with a thread waiting forever on the multiprocessing
semaphore Numba takes at every ``set_num_threads``; galton replaces it with Numba's own thread
lock (galton never forks a process that runs Numba)."""

import threading
import time

from galton import datasets, kernels
from galton.core import landscape, stepsize
from galton.core.board import Board
from galton.core.directions import random_directions


def test_numba_starts_its_threads_under_an_in_process_lock():
    kernels.numba_module()
    from numba.np.ufunc import parallel

    assert parallel._backend_init_process_lock is parallel._backend_init_thread_lock


def test_small_and_parallel_kernels_from_three_threads_all_finish():
    data = datasets.colors(300, colors=3, seed=0)
    board = Board(6, data.features, data.n_classes, init="normal", seed=1)
    surface = landscape.board_surface(board, data.X, data.y,
                                      random_directions(board.theta, seed=0))
    stop, counts, errors = threading.Event(), [0, 0, 0], []

    def loop(k, work):
        try:
            while not stop.is_set():
                work()
                counts[k] += 1
        except Exception as exc:  # reported below, never lost in the thread
            errors.append(exc)

    works = [
        lambda: kernels.evaluate("numba", board.theta, data.X[:20], data.y[:20], board.rows,
                                 board.cup_layout, "cross_entropy"),
        lambda: landscape.grid(surface, 16),
        lambda: stepsize.board_sharpness(board, data.X[:50], data.y[:50], iterations=2),
    ]
    threads = [threading.Thread(target=loop, args=(k, w), daemon=True)
               for k, w in enumerate(works)]
    for t in threads:
        t.start()
    deadline = time.perf_counter() + 180  # a cold Numba cache compiles first
    while not all(counts) and not errors and time.perf_counter() < deadline:
        time.sleep(0.05)
    time.sleep(2.0)  # then all three at once
    stop.set()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), f"a thread hung: {counts}"
    assert not errors
    assert all(c > 0 for c in counts), counts
