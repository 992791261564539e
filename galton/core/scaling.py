"""The scaling-law lab: many small training runs, their final test loss, and fitted laws.

A run (``RunSpec``) fixes the board size (rows → parameters N), the data size D (balls), the
steps and batch, the step size and the seed. ``run_one`` trains it on noisy colour balls (so
the loss cannot reach zero) and returns its final test loss on a fixed held-out set, N, D and
the compute C its own steps cost, counted by the kernels (galton.kernels.counting: 2(d+1) per
forward ball-peg, 4(d+1) per backward one). ``sweep`` runs many specs through an executor —
local processes by default, or a Dask distributed cluster — and keeps every finished run in a
results CSV, rewritten atomically after each run, so an interrupted sweep resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import os
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypedDict

import numpy as np

from galton.core.files import atomic_write_text, read_text
from galton.core.turns import give_way
from galton.core.validation import whole_number


class _Task(TypedDict):
    colors: int
    noise: float
    test_balls: int
    test_seed: int


#: The task: balls of 6 noisy colours sorted into 2 cups by alternating hue (red, blue,
#: purple → cup 0; green, yellow, orange → cup 1). Three separate hue regions per cup need
#: several pegs to separate, so bigger boards do better; the noise makes colours overlap, so
#: the best loss stays above zero. Every board size gets the same 2-cup task.
TASK: _Task = {"colors": 6, "noise": 0.5, "test_balls": 3000, "test_seed": 12345}
RESULT_FIELDS = ("key", "rows", "features", "balls", "steps", "batch", "lr", "seed",
                 "parameters", "compute", "train_loss", "test_loss", "test_accuracy", "seconds")
#: Columns of whole numbers: read back as ints, so a resumed sweep rewrites them unchanged.
WHOLE_FIELDS = ("rows", "features", "balls", "steps", "batch", "seed", "parameters")


@dataclass(frozen=True)
class RunSpec:
    rows: int
    balls: int
    steps: int
    batch: int = 0  # 0: full batch
    lr: float = 0.05
    seed: int = 0
    extra_features: int = 0  # pure-noise features appended to the colours' four

    def __post_init__(self):
        whole_number("rows", self.rows, low=1, high=64)
        whole_number("balls", self.balls, low=TASK["colors"])
        whole_number("steps", self.steps, low=1)
        whole_number("batch", self.batch, low=0)
        whole_number("seed", self.seed, low=0)
        whole_number("extra_features", self.extra_features, low=0)
        if not (np.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"lr must be a finite number > 0, got {self.lr}")

    @property
    def key(self) -> str:
        """Identifies the run in a results file (resume skips keys already there)."""
        return (f"R{self.rows}-F{self.extra_features}-D{self.balls}-S{self.steps}-B{self.batch}"
                f"-lr{self.lr:g}-s{self.seed}")

    @property
    def features(self) -> int:
        return 4 + self.extra_features

    @property
    def parameters(self) -> int:
        return self.rows * (self.rows + 1) // 2 * (self.features + 1)


def grid(rows=(6,), balls=(512,), steps=(300,), *, batch=0, lr=0.05, seeds=(0,),
         extra_features=(0,)) -> list[RunSpec]:
    """Every combination of the given sizes, as run specs."""
    return [RunSpec(r, d, s, batch, lr, seed, f) for r, d, s, seed, f in
            itertools.product(rows, balls, steps, seeds, extra_features)]


def _task_data(spec: RunSpec):
    from galton.core import datasets

    cups = 2
    train = datasets.colors(spec.balls, colors=TASK["colors"], noise=TASK["noise"],
                            seed=1000 + spec.seed)
    test = datasets.colors(TASK["test_balls"], colors=TASK["colors"], noise=TASK["noise"],
                           seed=TASK["test_seed"])

    def widen(data, seed):
        if not spec.extra_features:
            return data.X
        rng = np.random.default_rng(seed)
        return np.hstack([data.X, rng.normal(0, 1, (len(data), spec.extra_features))])

    return ((widen(train, spec.seed), train.y % 2), (widen(test, TASK["test_seed"]), test.y % 2),
            cups)


def run_one(spec: RunSpec) -> dict:
    """Train one run and return its result row (a dict of RESULT_FIELDS)."""
    from galton import kernels
    from galton.core.board import Board
    from galton.core.optim import Adam
    from galton.core.trainer import Trainer

    started = time.perf_counter()
    (X, y), (Xt, yt), cups = _task_data(spec)
    board = Board(spec.rows, X.shape[1], cups, seed=spec.seed, init="normal", scale=0.1)
    trainer = Trainer(board, (X, y), Adam(spec.lr), batch_size=spec.batch or None,
                      seed=spec.seed, timeline_every=0)
    with kernels.counting() as work:  # this run's steps only, not other threads' work
        for _ in range(spec.steps):
            give_way()  # a run in the window's lab thread: the window first
            trainer.step()
            if trainer.status == "diverged":
                break
    work["features"] = X.shape[1]
    value, correct, _ = kernels.evaluate(board.engine, board.theta, Xt, yt, board.rows,
                                         board.cup_layout, "cross_entropy", want_grad=False)
    train = trainer.evaluate()["train_loss"]
    return {"key": spec.key, **asdict(spec), "features": spec.features,
            "parameters": spec.parameters, "compute": kernels.flops(work),
            "train_loss": float(train), "test_loss": float(value),
            "test_accuracy": correct / len(yt), "seconds": time.perf_counter() - started}


# --- results files -----------------------------------------------------------------------------
def read_results(path) -> list[dict]:
    """Rows of a results CSV (numbers parsed); [] if the file does not exist."""
    path = Path(path)
    if not path.exists():
        return []
    text = read_text(path, ValueError)
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in RESULT_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path}: not a galton scaling results file (missing columns "
                         f"{', '.join(missing)})")
    rows = []
    for line, row in enumerate(reader, start=2):
        try:
            rows.append({k: _value(k, row[k]) for k in RESULT_FIELDS})
        except (TypeError, ValueError):
            shown = str(row)
            raise ValueError(f"{path}, line {line}: expected whole numbers in "
                             f"{', '.join(WHOLE_FIELDS)} and numbers in the other columns but "
                             f"'key', got {shown if len(shown) < 300 else shown[:297] + '...'}"
                             ) from None
    return rows


def _value(name: str, text):
    if name == "key":
        if not isinstance(text, str):
            raise ValueError(name)
        return text
    if name in WHOLE_FIELDS:  # "2.0" too: sweeps resumed by galton 0.1 wrote them so
        value = float(text)
        if not value.is_integer():
            raise ValueError(name)
        return int(value)
    return float(text)


def write_results(path, rows) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, RESULT_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    atomic_write_text(path, out.getvalue())


# --- executors ---------------------------------------------------------------------------------
def _local_executor(workers: int, nice: int = 0):
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # spawn, not fork: forking a process whose Numba thread pool is running can deadlock.
    # One Numba thread per worker (the workers already use the cores), set inside each worker:
    # setting NUMBA_NUM_THREADS here would change this process's environment, and Numba
    # refuses a new value once its own threads have started.
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=_start_worker, initargs=(os.getpid(), nice))


def _start_worker(parent: int, nice: int = 0) -> None:
    """In each worker: one Numba thread, ``nice`` added to its niceness, and die with the
    sweep's main process. Killed outright (SIGKILL) it cannot stop its workers, so each stops
    itself: Linux sends it SIGKILL when its parent ends (prctl PR_SET_PDEATHSIG), and
    elsewhere a thread checks the parent every half second."""
    from galton import kernels

    if nice and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(nice)
    kernels.numba_module().set_num_threads(1)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="galton-parent-watch", daemon=True).start()


def _stop_workers(pool) -> None:
    """End the pool's worker processes now (a run in progress is abandoned)."""
    handles = list((getattr(pool, "_processes", None) or {}).values())
    for process in handles:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in handles:
        with contextlib.suppress(Exception):
            process.join(5)


def _iter_local(specs, workers, nice=0):
    from concurrent.futures import as_completed

    pool = _local_executor(workers, nice)
    futures = [pool.submit(run_one, s) for s in specs]
    try:
        for f in as_completed(futures):
            yield f.result()
    except BaseException:  # Ctrl+C, SIGTERM, the sweep stopped early (GeneratorExit)
        # Not cancelling the futures: the pool marks them broken once its workers are gone
        # (Python 3.11 fails in its own thread when it meets a cancelled one there).
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _iter_dask(specs, scheduler):
    from dask.distributed import Client, as_completed

    with Client(scheduler, timeout="20s") as client:
        futures = client.map(run_one, specs, pure=False)
        try:
            for f in as_completed(futures):
                yield f.result()
        finally:
            client.cancel(futures)


def sweep(specs, results, *, scheduler: str | None = None, workers: int | None = None,
          progress: bool = False, on_result=None, nice: int = 0) -> list[dict]:
    """Run every spec whose key is not yet in the CSV ``results``; append each finished run
    and rewrite the file atomically; return all rows (old and new).

    ``scheduler``: a Dask scheduler address (e.g. "tcp://127.0.0.1:8786") to run on a
    cluster; default: local processes (``workers``, default the CPU count). ``workers=0``
    runs in this process (no pool; for debugging). ``on_result(row)`` is called after each
    row is saved (it may raise to stop the sweep; what is saved stays). ``nice``: added to the
    local workers' niceness (the window's sweeps: 10, so the window it runs beside keeps the
    processor when it needs it; the workers still use every idle cycle)."""
    rows = read_results(results)
    done = {r["key"] for r in rows}
    todo = [s for s in specs if s.key not in done]
    if scheduler:
        stream = _iter_dask(todo, scheduler)
    elif workers == 0:
        stream = (run_one(s) for s in todo)
    else:
        stream = _iter_local(todo, workers or os.cpu_count() or 1, nice)
    bar = None
    if progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="run", desc="scaling sweep")
    try:
        for row in stream:
            rows.append(row)
            write_results(results, rows)
            if bar is not None:
                bar.update(1)
                bar.set_postfix_str(f"{row['key']}: test loss {row['test_loss']:.4f}")
            if on_result is not None:
                on_result(row)
    finally:
        if bar is not None:
            bar.close()
        stream.close()  # generators: cancels what is still queued
    return rows


def columns(rows) -> dict:
    """The result rows as numpy columns."""
    return {f: np.array([r[f] for r in rows]) for f in RESULT_FIELDS if f != "key"}


def fit_axes(rows, *, bootstrap: int = 200) -> dict:
    """Fit L(N), L(D) and L(C) from a sweep. L(N) uses the runs at the largest D and steps;
    L(D) those at the largest N and steps; L(C) the compute-optimal frontier. Returns
    {"N": PowerLaw | str, ...} (a str says why an axis could not be fitted)."""
    from galton.core.powerlaw import fit_power_law, frontier

    c = columns(rows)
    out: dict[str, object] = {}
    if not rows:
        return {"N": "no runs", "D": "no runs", "C": "no runs",
                "frontier": np.zeros(0, dtype=np.int64), "N_runs": np.zeros(0, dtype=bool),
                "D_runs": np.zeros(0, dtype=bool)}
    sel_n = (c["balls"] == c["balls"].max()) & (c["steps"] == c["steps"].max())
    sel_d = (c["parameters"] == c["parameters"].max()) & (c["steps"] == c["steps"].max())
    for name, x, sel in (("N", c["parameters"], sel_n), ("D", c["balls"], sel_d)):
        try:
            out[name] = fit_power_law(x[sel], c["test_loss"][sel], bootstrap=bootstrap)
        except ValueError as exc:
            out[name] = str(exc)
    out["N_runs"], out["D_runs"] = sel_n, sel_d  # which runs each fit used
    idx = frontier(c["compute"], c["test_loss"])
    try:
        out["C"] = fit_power_law(c["compute"][idx], c["test_loss"][idx], bootstrap=bootstrap)
    except ValueError as exc:
        out["C"] = str(exc)
    out["frontier"] = idx
    return out

