"""The scaling-law lab: power-law fits, compute counting, sweeps that resume, Dask."""

import numpy as np
import pytest

from galton.core import scaling as S
from galton.core.powerlaw import KAPLAN, fit_power_law, frontier


@pytest.mark.parametrize("alpha,floor,noise", [(0.3, 0.5, 0.002), (0.55, 0.1, 0.005),
                                               (0.2, 1.0, 0.001)])
def test_fitter_recovers_alpha_within_two_percent(alpha, floor, noise):
    rng = np.random.default_rng(1)
    x = np.geomspace(10, 1e6, 16)
    loss = ((300.0 / x) ** alpha + floor) * (1 + rng.normal(0, noise, x.size))
    fit = fit_power_law(x, loss, bootstrap=100)
    assert fit.alpha == pytest.approx(alpha, rel=0.02)
    assert fit.floor == pytest.approx(floor, rel=0.05)
    assert fit.alpha_ci[0] <= fit.alpha <= fit.alpha_ci[1]
    assert fit(x[0]) == pytest.approx(loss[0], rel=0.05)


def test_pure_power_law_with_kaplans_slope():
    rng = np.random.default_rng(0)
    x = np.geomspace(1e3, 1e9, 14)
    loss = (8.8e13 / x) ** KAPLAN["N"] * (1 + rng.normal(0, 0.001, x.size))
    fit = fit_power_law(x, loss, fit_floor=False, bootstrap=50)
    assert fit.alpha == pytest.approx(KAPLAN["N"], rel=0.02)
    assert fit.floor == 0.0


def test_fitter_refuses_what_it_cannot_fit():
    with pytest.raises(ValueError, match="3 or more"):
        fit_power_law([1, 2, 2], [3, 2, 2])
    with pytest.raises(ValueError, match="do not fall"):
        fit_power_law([1, 2, 4, 8], [1, 2, 3, 4])
    with pytest.raises(ValueError, match="length"):
        fit_power_law([1, 2, 3], [1, 2])


def test_frontier_is_the_lower_envelope():
    compute = [1, 2, 3, 4, 5, 6]
    loss = [5, 6, 4, 4.5, 2, 3]
    assert list(frontier(compute, loss)) == [0, 2, 4]


def test_compute_is_counted_by_the_kernels():
    spec = S.RunSpec(rows=3, balls=40, steps=7)
    row = S.run_one(spec)
    # Full batch: every step is one forward and one backward pass over D balls: C = 6·N·D·steps.
    assert row["compute"] == 6 * spec.parameters * spec.balls * spec.steps
    assert row["parameters"] == 6 * 5 and row["features"] == 4
    assert 0 < row["test_loss"] < 5 and 0 <= row["test_accuracy"] <= 1
    wide = S.run_one(S.RunSpec(rows=3, balls=40, steps=2, extra_features=2))
    assert wide["features"] == 6 and wide["parameters"] == 6 * 7


def test_work_on_another_thread_is_not_counted():
    """A run measured on one thread (the lesson's runs, the lab) counts only its own steps,
    while another thread evaluates boards at the same time (a landscape job, training)."""
    import threading

    from galton import kernels
    from galton.core.board import Board

    board = Board(4, 3, 2, seed=0, init="normal")
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 3)), rng.integers(0, 2, 50)

    def evaluate(n):
        for _ in range(n):
            kernels.evaluate("numpy", board.theta, X, y, board.rows, board.cup_layout,
                             "cross_entropy", want_grad=True)

    started, done = threading.Event(), threading.Event()

    def busy():
        with kernels.counting() as theirs:  # a block of its own on the other thread
            started.set()
            while not done.is_set():
                evaluate(1)
        assert theirs["forward_ball_pegs"] > 0

    other = threading.Thread(target=busy)
    other.start()
    started.wait()
    try:
        with kernels.counting() as outer:
            evaluate(3)
            with kernels.counting() as inner:
                evaluate(2)
    finally:
        done.set()
        other.join()
    pegs = 50 * board.rows * (board.rows + 1) // 2
    assert inner["forward_ball_pegs"] == inner["backward_ball_pegs"] == 2 * pegs
    assert outer["forward_ball_pegs"] == outer["backward_ball_pegs"] == 5 * pegs
    assert outer["features"] == 3
    assert kernels.flops(inner) == 2 * 4 * 2 * pegs + 4 * 4 * 2 * pegs
    with kernels.counting() as idle:
        threading.Thread(target=evaluate, args=(4,)).run()  # run() calls here: counted
        spawned = threading.Thread(target=evaluate, args=(4,))
        spawned.start()
        spawned.join()
    assert idle["forward_ball_pegs"] == 4 * pegs


def test_a_runs_compute_is_exact_while_another_thread_trains():
    """Lesson 11 and the lab measure a run's compute while the window may be training or
    drawing a landscape on other threads: the count is still exactly the run's own."""
    import threading
    import time

    from galton.session import Session

    other, stop = Session(), threading.Event()

    def train():
        while not stop.is_set():
            other.step(1)

    thread = threading.Thread(target=train)
    thread.start()
    try:
        while other.trainer.step_count == 0:  # the other thread is evaluating boards
            time.sleep(0.001)
        spec = S.RunSpec(rows=3, balls=40, steps=7)
        row = S.run_one(spec)
    finally:
        stop.set()
        thread.join()
    assert other.trainer.step_count > 0
    assert row["compute"] == 6 * spec.parameters * spec.balls * spec.steps


def test_run_specs_are_validated_and_keyed():
    with pytest.raises(ValueError, match="rows"):
        S.RunSpec(rows=0, balls=10, steps=1)
    with pytest.raises(ValueError, match="lr"):
        S.RunSpec(rows=2, balls=10, steps=1, lr=float("nan"))
    specs = S.grid(rows=(1, 2), balls=(10, 20), steps=(5,), seeds=(0, 1))
    assert len(specs) == 8 and len({s.key for s in specs}) == 8


def small_sweep():
    return S.grid(rows=(1, 2, 3, 4), balls=(24, 48, 96), steps=(30,))  # 12 runs


def test_sweep_of_twelve_runs_resumes_after_an_interruption(tmp_path):
    results = tmp_path / "results.csv"
    specs = small_sweep()
    seen = []

    def stop_after_five(row):
        seen.append(row["key"])
        if len(seen) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        S.sweep(specs, results, workers=2, on_result=stop_after_five)
    saved = S.read_results(results)
    assert len(saved) == 5 and [r["key"] for r in saved] == seen
    resumed = []
    rows = S.sweep(specs, results, workers=2, on_result=lambda r: resumed.append(r["key"]))
    assert len(resumed) == 7 and not set(resumed) & set(seen)
    assert sorted(r["key"] for r in rows) == sorted(s.key for s in specs)
    assert len(S.read_results(results)) == 12
    # Nothing left to do: a third call runs nothing and returns the same rows.
    again = S.sweep(specs, results, workers=0, on_result=lambda r: pytest.fail("ran again"))
    assert len(again) == 12
    fits = S.fit_axes(rows, bootstrap=20)
    assert set(fits) >= {"N", "D", "C", "frontier"}


def test_same_run_gives_the_same_result_in_process_and_in_a_pool(tmp_path):
    spec = S.RunSpec(rows=3, balls=48, steps=20, batch=16, seed=3)
    here = S.run_one(spec)
    there = S.sweep([spec], tmp_path / "r.csv", workers=1)[0]
    assert there["test_loss"] == pytest.approx(here["test_loss"], rel=1e-12)


def test_results_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match=r"other\.csv.*missing columns"):
        S.read_results(bad)
    good = tmp_path / "r.csv"
    S.write_results(good, [S.run_one(S.RunSpec(rows=1, balls=12, steps=2))])
    good.write_text(good.read_text() + "R9-bad," + ",".join(["oops"] * 13) + "\n")
    with pytest.raises(ValueError, match="line 3"):
        S.read_results(good)


def test_sweep_on_a_dask_cluster_over_loopback(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        specs = S.grid(rows=(1, 2, 3), balls=(24,), steps=(10,))
        rows = S.sweep(specs, tmp_path / "dask.csv", scheduler=cluster.scheduler_address)
    assert sorted(r["key"] for r in rows) == sorted(s.key for s in specs)
    local = S.run_one(specs[1])
    remote = next(r for r in rows if r["key"] == specs[1].key)
    assert remote["test_loss"] == pytest.approx(local["test_loss"], rel=1e-12)


def test_a_local_sweep_leaves_this_process_as_it_was(tmp_path, monkeypatch):
    import numba

    monkeypatch.delenv("NUMBA_NUM_THREADS", raising=False)
    threads = numba.get_num_threads()
    S.sweep(S.grid(rows=(1,), balls=(12,), steps=(2,)), tmp_path / "r.csv", workers=1)
    assert "NUMBA_NUM_THREADS" not in __import__("os").environ
    assert numba.get_num_threads() == threads


def test_resuming_a_sweep_rewrites_its_rows_unchanged(tmp_path):
    """Whole numbers stay whole: galton 0.1 rewrote 2 as 2.0 on every resume."""
    out = tmp_path / "sweep.csv"
    S.sweep(S.grid(rows=(1, 2), balls=(24,), steps=(5,)), out, workers=0)
    first = out.read_text().splitlines()
    S.sweep(S.grid(rows=(1, 2, 3), balls=(24,), steps=(5,)), out, workers=0)
    again = out.read_text().splitlines()
    assert again[: len(first)] == first
    assert again[1].split(",")[1:3] == ["1", "4"]
    # Files written by galton 0.1 (2.0 for 2) still read, as whole numbers.
    old = tmp_path / "old.csv"
    old.write_text("\n".join([first[0], first[1].replace(",1,4,24,", ",1.0,4.0,24.0,")]) + "\n")
    assert S.read_results(old)[0]["rows"] == 1
    assert isinstance(S.read_results(old)[0]["balls"], int)


def test_a_sweeps_workers_can_run_nicer_than_this_process():
    # The window's sweeps run their workers at +10: on two cores, workers at the window's own
    # priority made it wait 100-250 ms for a core (benchmarks/bench_latency.py, the lab row).
    import os

    here = os.nice(0)
    for nice, expected in ((0, here), (5, min(19, here + 5))):
        pool = S._local_executor(1, nice)
        try:
            assert pool.submit(os.nice, 0).result(timeout=120) == expected
        finally:
            pool.shutdown()
