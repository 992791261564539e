"""What training recorded, step by step, and the snapshots handed to viewers.

A run can last for millions of steps (a classroom leaves the app training all afternoon), so
the history keeps its memory flat:

* the most recent ``full`` steps (20,000 on boards up to ~90 rows, fewer on deeper boards)
  are kept one record per step, exactly;
* older steps are kept in buckets: one record for ``span`` consecutive steps holding the mean
  of each column over them (the test columns: the mean of the steps where the test set was
  measured, NaN if none), the minimum and the maximum. When there are ``buckets`` of them
  (5,000, fewer on deep boards) neighbours merge two by two, so each covers twice as many
  steps, as the Timeline thins its checkpoints.

So the columns always span the whole run (a chart of a million steps shows all of it, its
old part smoothed), ``stats(name)`` is exact over every step recorded (count, mean, minimum,
maximum), ``last(name)`` is the latest step's value, and a checkpoint costs the same after a
million steps as after fifty thousand. Reading is safe while another thread appends: every
change is published as one new state object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

#: Per-step scalar columns of the history, in order.
COLUMNS = ("step", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "lr",
           "grad_norm", "param_norm", "clipped")
#: Columns averaged, with minimum and maximum, inside a bucket.
NUMBERS = ("train_loss", "train_accuracy", "test_loss", "test_accuracy", "lr", "grad_norm",
           "param_norm")
#: Columns measured only on some steps (NaN elsewhere): their means skip the NaNs.
SOMETIMES = ("test_loss", "test_accuracy")
#: How many numbers the per-step part and the buckets may hold (a 6-row board's history
#: takes at most ~5 MB).
FULL_BUDGET = 2_000_000
BUCKET_BUDGET = 1_000_000


@dataclass(frozen=True)
class Snapshot:
    """The state of training after a step, safe to hand to another thread (all copies)."""

    step: int  # steps taken so far
    params: np.ndarray  # copy of theta after the step
    train_loss: float  # loss of the batch the step used, before the update
    train_accuracy: float
    test_loss: float  # nan where the test set was not evaluated
    test_accuracy: float
    lr: float
    grad_norm: float  # global L2 norm of the gradient, before clipping
    grad_norm_per_row: np.ndarray  # (rows,) L2 norm of each row's gradient
    clipped: bool
    status: str  # "running", "done", "cancelled" or "diverged"
    diverged: object = None  # a Diverged when status == "diverged"

    def __repr__(self) -> str:
        # Short: the console echoes the snapshot session.step() returns.
        return (f"Snapshot(step={self.step}, train_loss={self.train_loss:.4g}, "
                f"train_accuracy={self.train_accuracy:.3g}, lr={self.lr:.3g}, "
                f"status={self.status!r})")


class Stats(NamedTuple):
    """Exact statistics of one column over every step recorded (the measured ones only, for
    the test columns; ``clipped``: count = steps, mean = share of clipped steps)."""

    n: int
    mean: float
    min: float
    max: float


_DTYPES = {name: (bool if name == "clipped" else np.int64 if name == "step" else np.float64)
           for name in COLUMNS}
#: The bucket part: per-column means (and "step" = the bucket's first step, "clipped" = any),
#: plus these.
BUCKET_EXTRAS = {"span": np.int64, "tests": np.int64, "clips": np.int64,
                 **{f"min.{c}": np.float64 for c in NUMBERS},
                 **{f"max.{c}": np.float64 for c in NUMBERS}}


class _State(NamedTuple):
    older: dict  # bucket arrays, never changed once published
    recent: dict  # per-step buffers (capacity >= n); entries below n never change
    n: int  # per-step records in use


def _empty_buckets(rows: int) -> dict:
    out = {name: np.zeros(0, dtype=_DTYPES[name]) for name in COLUMNS}
    out.update({name: np.zeros(0, dtype=dtype) for name, dtype in BUCKET_EXTRAS.items()})
    out["grad_norm_per_row"] = np.zeros((0, rows))
    return out


def _buffers(rows: int, capacity: int) -> dict:
    out = {name: np.zeros(capacity, dtype=_DTYPES[name]) for name in COLUMNS}
    out["grad_norm_per_row"] = np.zeros((capacity, rows))
    return out


def _group(b: dict, starts: np.ndarray) -> dict:
    """Buckets ``b`` merged over the groups that begin at ``starts``."""
    span = np.add.reduceat(b["span"], starts)
    tests = np.add.reduceat(b["tests"], starts)
    out = {"step": b["step"][starts], "span": span, "tests": tests,
           "clips": np.add.reduceat(b["clips"], starts)}
    out["clipped"] = out["clips"] > 0
    for c in NUMBERS:
        weight = b["tests"] if c in SOMETIMES else b["span"]
        total = np.add.reduceat(np.where(weight > 0, b[c], 0.0) * weight, starts)
        count = tests if c in SOMETIMES else span
        low = np.fmin.reduceat(b[f"min.{c}"], starts)
        high = np.fmax.reduceat(b[f"max.{c}"], starts)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
        # A constant column (the step size) stays exact: no rounding of its sum shows.
        out[c] = np.where(low == high, low, mean)
        out[f"min.{c}"], out[f"max.{c}"] = low, high
    out["grad_norm_per_row"] = np.add.reduceat(
        b["grad_norm_per_row"] * b["span"][:, None], starts) / span[:, None]
    return out


def _as_buckets(recent: dict, n: int) -> dict:
    """The first ``n`` per-step records as buckets of one step each."""
    out = {name: recent[name][:n].copy() for name in COLUMNS}
    out["grad_norm_per_row"] = recent["grad_norm_per_row"][:n].copy()
    out["span"] = np.ones(n, dtype=np.int64)
    out["tests"] = (~np.isnan(out["test_loss"])).astype(np.int64)
    out["clips"] = out["clipped"].astype(np.int64)
    for c in NUMBERS:
        out[f"min.{c}"] = out[f"max.{c}"] = out[c]
    return out


def _concat(a: dict, b: dict) -> dict:
    return {name: np.concatenate([a[name], b[name]]) for name in a}


class History:
    """Columns of per-step records (see the module docstring for how old steps are kept).
    ``test_loss`` is NaN on steps where it was not measured."""

    def __init__(self, rows: int, capacity: int = 256, *, full: int | None = None,
                 buckets: int | None = None):
        self.rows = rows
        self.full = full if full is not None else min(20_000,
                                                      max(1_000, FULL_BUDGET // (rows + 10)))
        self.max_buckets = buckets if buckets is not None else min(
            5_000, max(500, BUCKET_BUDGET // (rows + 24)))
        self._chunk = max(1, self.full // 4)
        self._stride = 2
        self._state = _State(_empty_buckets(rows), _buffers(rows, min(capacity, self.full)), 0)

    # --- writing -----------------------------------------------------------------------------
    def append(self, record: dict, row_norms: np.ndarray) -> None:
        older, recent, n = self._state
        if n >= self.full + self._chunk:
            older, recent, n = self._compact(older, recent, n)
        if n == recent["step"].shape[0]:
            grow = _buffers(self.rows, min(self.full + self._chunk, max(256, 2 * n)))
            for name, buf in recent.items():
                grow[name][:n] = buf[:n]
            recent = grow
        for name in COLUMNS:
            recent[name][n] = record[name]
        recent["grad_norm_per_row"][n] = row_norms
        self._state = _State(older, recent, n + 1)  # published last: never half a record

    def _compact(self, older, recent, n):
        """Move the oldest chunk of per-step records into buckets."""
        k = self._chunk
        older = self._regroup(_concat(older, _as_buckets(recent, k)))
        kept = _buffers(self.rows, recent["step"].shape[0])
        for name, buf in recent.items():
            kept[name][: n - k] = buf[k:n]
        return older, kept, n - k

    def _regroup(self, b: dict) -> dict:
        """Buckets of ``stride`` records each, aligned on multiples of it from the first
        record (so merging two neighbours always gives one of the doubled stride); the stride
        doubles while there are too many."""
        while True:
            ends = np.cumsum(b["span"])
            key = (ends - b["span"]) // self._stride
            if b["step"].size:
                starts = np.flatnonzero(np.diff(key, prepend=-1))
                if starts.size != b["step"].size:
                    b = _group(b, starts)
            if b["step"].size <= self.max_buckets:
                return b
            self._stride *= 2

    def truncate(self, steps: int) -> None:
        """Forget records from step ``steps`` on (used when rewinding). A bucket that holds
        step ``steps`` goes whole: the history then resumes after a gap."""
        older, recent, n = self._state
        keep_old = int(np.searchsorted(older["step"] + older["span"], steps, side="right"))
        if keep_old < older["step"].size:
            older = {name: a[:keep_old] for name, a in older.items()}
        keep = int(np.searchsorted(recent["step"][:n], steps))
        self._state = _State(older, recent, keep)

    # --- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        """Records kept (one per step in the recent part, one per bucket before it)."""
        older, _, n = self._state
        return older["step"].size + n

    @property
    def steps_recorded(self) -> int:
        """Steps the records stand for (equal to ``len`` until buckets begin)."""
        older, _, n = self._state
        return int(older["span"].sum()) + n

    def __getattr__(self, name):
        if name in COLUMNS:
            older, recent, n = self._state
            return np.concatenate([older[name], recent[name][:n]])
        raise AttributeError(f"History has no column {name!r}; columns: {COLUMNS}")

    @property
    def span(self) -> np.ndarray:
        """Steps each record stands for (1 in the recent part)."""
        older, _, n = self._state
        return np.concatenate([older["span"], np.ones(n, dtype=np.int64)])

    @property
    def grad_norm_per_row(self) -> np.ndarray:
        """(records, rows): the vanishing / exploding gradient picture."""
        older, recent, n = self._state
        return np.concatenate([older["grad_norm_per_row"], recent["grad_norm_per_row"][:n]])

    def last(self, name: str):
        """The latest step's value of a column (None before the first step)."""
        older, recent, n = self._state
        if n:
            return recent[name][n - 1].item()
        return older[name][-1].item() if older["step"].size else None

    def as_arrays(self) -> dict:
        """Copies of all columns, of one common length, plus ``grad_norm_per_row`` and
        ``span`` (safe while training appends)."""
        older, recent, n = self._state
        out = {name: np.concatenate([older[name], recent[name][:n]]) for name in COLUMNS}
        out["grad_norm_per_row"] = np.concatenate([older["grad_norm_per_row"],
                                                   recent["grad_norm_per_row"][:n]])
        out["span"] = np.concatenate([older["span"], np.ones(n, dtype=np.int64)])
        return out

    def stats(self, name: str) -> Stats:
        """Exact statistics of a column over every step recorded."""
        if name not in COLUMNS or name == "step":
            raise ValueError(f"stats of one of {COLUMNS[1:]}, got {name!r}")
        older, recent, n = self._state
        values = recent[name][:n]
        if name == "clipped":
            count = int(older["span"].sum()) + n
            clips = int(older["clips"].sum()) + int(values.sum())
            if not count:
                return Stats(0, float("nan"), float("nan"), float("nan"))
            return Stats(count, clips / count, float(clips == count), float(clips > 0))
        if name in SOMETIMES:
            weight, values = older["tests"], values[~np.isnan(values)]
        else:
            weight = older["span"]
        used = weight > 0
        count = int(weight.sum()) + values.size
        if not count:
            return Stats(0, float("nan"), float("nan"), float("nan"))
        total = float(np.sum(older[name][used] * weight[used])) + float(np.sum(values))
        lows = np.concatenate([older[f"min.{name}"][used], values])
        highs = np.concatenate([older[f"max.{name}"][used], values])
        return Stats(count, total / count, float(np.min(lows)), float(np.max(highs)))

    # --- copies and files --------------------------------------------------------------------
    def now(self) -> History:
        """The records as they are at this moment, for another thread to read while training
        goes on: appends and compactions publish new states and never change this one's
        records (a rewind truncates in place: the Session gives the trainer a fresh History
        first). Shares the arrays; nothing is copied."""
        view = object.__new__(History)
        view.__dict__.update(self.__dict__)
        return view

    def copy(self) -> History:
        new = History(self.rows, full=self.full, buckets=self.max_buckets)
        older, recent, n = self._state
        new._stride = self._stride
        new._state = _State(older, {k: v[:n].copy() for k, v in recent.items()}, n)
        return new

    def parts(self) -> tuple[dict, dict]:
        """(buckets, per-step records) as arrays: what a checkpoint stores."""
        older, recent, n = self._state
        return ({k: v.copy() for k, v in older.items()},
                {k: v[:n].copy() for k, v in recent.items()})

    @classmethod
    def from_parts(cls, rows: int, buckets: dict | None, records: dict) -> History:
        """Rebuild from ``parts()`` (arrays already checked by the caller: names, dtypes,
        shapes). Per-step records beyond what is kept per step are moved into buckets."""
        history = cls(rows)
        n = len(records["step"])
        recent = _buffers(rows, max(n, 1))
        for name in COLUMNS:
            recent[name][:n] = records[name]
        recent["grad_norm_per_row"][:n] = np.reshape(records["grad_norm_per_row"], (n, rows))
        older = _empty_buckets(rows)
        if buckets is not None and len(buckets["step"]):
            older = {name: np.asarray(buckets[name], dtype=older[name].dtype).reshape(
                (-1, rows) if name == "grad_norm_per_row" else (-1,)) for name in older}
            while history._stride < int(np.max(older["span"])):
                history._stride *= 2
            older = history._regroup(older)
        while n > history.full:
            older, recent, n = history._compact(older, recent, n)
        history._state = _State(older, recent, n)
        return history

    @classmethod
    def from_arrays(cls, rows: int, arrays: dict) -> History:
        """From ``as_arrays()`` output (or per-step columns alone): records with a span above
        1 become buckets whose minimum and maximum are their means."""
        span = np.asarray(arrays.get("span", np.ones(len(arrays["step"]), dtype=np.int64)))
        cut = int(np.flatnonzero(span > 1)[-1]) + 1 if np.any(span > 1) else 0
        records = {name: np.asarray(arrays[name], dtype=_DTYPES[name])[cut:] for name in COLUMNS}
        norms = np.asarray(arrays["grad_norm_per_row"], dtype=np.float64).reshape(-1, rows)
        records["grad_norm_per_row"] = norms[cut:]
        buckets = None
        if cut:
            head = {name: np.asarray(arrays[name], dtype=_DTYPES[name])[:cut] for name in COLUMNS}
            head["grad_norm_per_row"] = norms[:cut]
            buckets = _as_buckets(head, cut)
            buckets["span"] = span[:cut].astype(np.int64)
            buckets["tests"] = np.where(np.isnan(buckets["test_loss"]), 0, buckets["span"])
            buckets["clips"] = buckets["clipped"].astype(np.int64)
        return cls.from_parts(rows, buckets, records)

    def to_csv(self, path) -> None:
        """Write the records as CSV (atomically): the columns and the per-row gradient norms.
        An old bucket's row holds its means, under its first step: the steps column then
        jumps by the bucket's span."""
        from galton.core.files import atomic_write_text

        arrays = self.as_arrays()
        header = list(COLUMNS) + [f"grad_norm_row{r}" for r in range(self.rows)]
        lines = [",".join(header)]
        cols = [arrays[name].tolist() for name in COLUMNS]
        per_row = arrays["grad_norm_per_row"].tolist()
        for i in range(len(arrays["step"])):
            lines.append(",".join([repr(c[i]) for c in cols] + [repr(v) for v in per_row[i]]))
        atomic_write_text(path, "\n".join(lines) + "\n")
