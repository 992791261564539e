"""The history stays bounded for runs of any length: recent steps exact, older ones in
buckets whose means, minima and maxima are exact, the whole run always covered."""

import threading

import numpy as np
import pytest

import galton
from galton.core.history import COLUMNS, NUMBERS, History


def record(i, rng):
    return {"step": i, "train_loss": float(rng.random() * 3), "train_accuracy": float(rng.random()),
            "test_loss": float(rng.random()) if i % 7 == 0 else float("nan"),
            "test_accuracy": float(rng.random()) if i % 7 == 0 else float("nan"),
            "lr": 0.1 + i * 1e-4, "grad_norm": float(rng.random()), "param_norm": float(i),
            "clipped": bool(i % 5 == 0)}


def filled(n, full=100, buckets=20, rows=3, seed=0):
    rng = np.random.default_rng(seed)
    h = History(rows, full=full, buckets=buckets)
    records, norms = [], []
    for i in range(n):
        r = record(i, rng)
        row = rng.random(rows)
        h.append(r, row)
        records.append(r)
        norms.append(row)
    return h, records, np.array(norms)


def test_memory_is_bounded_and_the_whole_run_is_covered():
    h, _, _ = filled(20_000)
    assert len(h) <= 100 + 25 + 20
    assert h.steps_recorded == 20_000 and int(h.span.sum()) == 20_000
    steps = h.step
    assert steps[0] == 0 and np.all(np.diff(steps) > 0)
    assert steps[-1] == 19_999 and np.all(h.span[-100:] == 1)  # recent: one record per step
    older = h.span[h.span > 1]
    assert older.size and np.all(older[:-1] == older.max())  # equal buckets, the last filling


@pytest.mark.parametrize("n", [50, 130, 5_000, 20_001])
def test_statistics_are_exact_over_every_step(n):
    h, records, _ = filled(n)
    for name in NUMBERS:
        values = np.array([r[name] for r in records])
        values = values[~np.isnan(values)]
        stats = h.stats(name)
        assert stats.n == values.size
        assert stats.mean == pytest.approx(values.mean(), rel=1e-12)
        assert stats.min == values.min() and stats.max == values.max()
    clipped = np.array([r["clipped"] for r in records])
    assert h.stats("clipped").n == n
    assert h.stats("clipped").mean == pytest.approx(clipped.mean())


def test_bucket_means_match_the_steps_they_stand_for():
    h, records, norms = filled(5_000)
    arrays = h.as_arrays()
    losses = np.array([r["train_loss"] for r in records])
    tests = np.array([r["test_loss"] for r in records])
    for i, (step, span) in enumerate(zip(arrays["step"], arrays["span"], strict=True)):
        part = slice(step, step + span)
        assert arrays["train_loss"][i] == pytest.approx(losses[part].mean())
        assert np.allclose(arrays["grad_norm_per_row"][i], norms[part].mean(axis=0))
        measured = tests[part][~np.isnan(tests[part])]
        if measured.size:
            assert arrays["test_loss"][i] == pytest.approx(measured.mean())
        else:
            assert np.isnan(arrays["test_loss"][i])
    assert h.last("train_loss") == records[-1]["train_loss"]


def test_truncate_parts_and_copies():
    h, _, _ = filled(3_000)
    buckets, per_step = h.parts()
    again = History.from_parts(3, buckets, per_step)
    for name, column in h.as_arrays().items():
        assert np.array_equal(column, again.as_arrays()[name], equal_nan=True), name
    copy = h.copy()
    h.truncate(2_950)  # in the per-step part: exact
    assert h.step[-1] == 2_949 and h.steps_recorded == 2_950
    assert copy.steps_recorded == 3_000  # the copy is its own
    h.truncate(1_000)  # inside a bucket: the whole bucket goes
    assert h.step[-1] + h.span[-1] <= 1_000
    for name in COLUMNS[1:]:
        assert h.stats(name).n <= h.steps_recorded


def test_from_arrays_keeps_old_buckets():
    h, _, _ = filled(4_000)
    back = History.from_arrays(3, h.as_arrays())
    assert back.steps_recorded == 4_000 and len(back) == len(h)
    assert np.array_equal(back.train_loss, h.train_loss)


def test_reading_while_training_appends_is_always_consistent():
    """A chart reads as_arrays() from the GUI thread while the worker appends and buckets."""
    h = History(2, full=200, buckets=30)
    stop = threading.Event()
    problems = []

    def read():
        while not stop.is_set():
            a = h.as_arrays()
            lengths = {len(v) for v in a.values()}
            if len(lengths) != 1 or (len(a["step"]) and np.any(np.diff(a["step"]) <= 0)):
                problems.append(lengths)

    reader = threading.Thread(target=read)
    reader.start()
    rng = np.random.default_rng(1)
    for i in range(20_000):
        h.append(record(i, rng), np.ones(2))
    stop.set()
    reader.join()
    assert problems == []


def test_a_trainer_history_stays_flat_over_a_long_run():
    data = galton.datasets.colors(30, seed=0)
    board = galton.Board(2, data.features, data.n_classes, seed=0)
    t = galton.Trainer(board, data, galton.optim.SGD(0.1), batch_size=5, seed=0,
                       timeline_every=0)
    t.history = History(2, full=100, buckets=20)
    t.run(1_500)
    assert t.history.steps_recorded == 1_500 and len(t.history) <= 100 + 25 + 20
    assert t.history.stats("train_loss").n == 1_500


def test_checkpoint_cost_does_not_grow_with_the_run(tmp_path):
    data = galton.datasets.colors(30, seed=0)
    board = galton.Board(2, data.features, data.n_classes, seed=0)
    t = galton.Trainer(board, data, galton.optim.SGD(0.1), batch_size=5, seed=0,
                       timeline_every=0)
    t.history = History(2, full=100, buckets=20)
    sizes = []
    for _ in range(4):
        t.run(500)
        t.save_checkpoint(tmp_path / "ck.npz")
        sizes.append((tmp_path / "ck.npz").stat().st_size)
    assert max(sizes[1:]) <= 1.05 * min(sizes[1:])
    again = galton.Trainer(board.copy(), data, galton.optim.SGD(0.1), batch_size=5, seed=3)
    again.load_checkpoint(tmp_path / "ck.npz")
    assert again.history.steps_recorded == 2_000
    for name in NUMBERS:
        assert np.array_equal(again.history.stats(name), t.history.stats(name), equal_nan=True)


def test_a_constant_column_stays_exact_in_buckets():
    h = History(1, full=50, buckets=10)
    for i in range(3_000):
        h.append({"step": i, "train_loss": 1.0, "train_accuracy": 0.5, "test_loss": np.nan,
                  "test_accuracy": np.nan, "lr": 0.05, "grad_norm": 0.1, "param_norm": 1.0,
                  "clipped": False}, np.ones(1))
    assert len(h) < 100 and np.all(h.lr == 0.05) and np.all(h.grad_norm == 0.1)
