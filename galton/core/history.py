"""What training recorded, one entry per step, and the snapshots handed to viewers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Per-step scalar columns of the history, in order.
COLUMNS = ("step", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "lr",
           "grad_norm", "param_norm", "clipped")


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


_DTYPES = {name: (bool if name == "clipped" else np.int64 if name == "step" else np.float64)
           for name in COLUMNS}


class History:
    """Columns of per-step records in growable numpy buffers. ``test_loss`` is nan on steps
    where it was not measured.

    Reading is cheap and safe while another thread appends: a column is a view of the first
    ``len`` entries, and a buffer is only ever replaced (when it grows), never shrunk in place.
    """

    def __init__(self, rows: int, capacity: int = 256):
        self.rows = rows
        self._n = 0
        self._buffers = {name: np.zeros(capacity, dtype=_DTYPES[name]) for name in COLUMNS}
        self._row_norms = np.zeros((capacity, rows))

    def append(self, record: dict, row_norms: np.ndarray) -> None:
        n = self._n
        if n == self._row_norms.shape[0]:
            grow = max(256, n)
            for name in COLUMNS:
                self._buffers[name] = np.concatenate(
                    [self._buffers[name], np.zeros(grow, dtype=_DTYPES[name])])
            self._row_norms = np.concatenate([self._row_norms, np.zeros((grow, self.rows))])
        for name in COLUMNS:
            self._buffers[name][n] = record[name]
        self._row_norms[n] = row_norms
        self._n = n + 1  # published last: readers never see a half-written record

    def __len__(self) -> int:
        return self._n

    def __getattr__(self, name):
        if name in COLUMNS:
            return self._buffers[name][: self._n]
        raise AttributeError(f"History has no column {name!r}; columns: {COLUMNS}")

    def last(self, name: str):
        """The latest value of a column (None before the first step)."""
        return self._buffers[name][self._n - 1].item() if self._n else None

    @property
    def grad_norm_per_row(self) -> np.ndarray:
        """(steps, rows): the vanishing / exploding gradient picture."""
        return self._row_norms[: self._n]

    def truncate(self, steps: int) -> None:
        """Forget records from step ``steps`` on (used when rewinding to a checkpoint)."""
        self._n = int(np.searchsorted(self.step, steps))

    def as_arrays(self) -> dict:
        """Copies of all columns, of one common length (safe while training appends)."""
        n = self._n
        out = {name: self._buffers[name][:n].copy() for name in COLUMNS}
        out["grad_norm_per_row"] = self._row_norms[:n].copy()
        return out

    @classmethod
    def from_arrays(cls, rows: int, arrays: dict) -> History:
        n = len(arrays["step"])
        history = cls(rows, capacity=max(256, n))
        for name in COLUMNS:
            history._buffers[name][:n] = np.asarray(arrays[name], dtype=_DTYPES[name])
        history._row_norms[:n] = np.asarray(arrays["grad_norm_per_row"],
                                            dtype=np.float64).reshape(n, rows)
        history._n = n
        return history

    def to_csv(self, path) -> None:
        """Write the scalar columns and the per-row gradient norms as CSV (atomically)."""
        from galton.core.files import atomic_write_text

        header = list(COLUMNS) + [f"grad_norm_row{r}" for r in range(self.rows)]
        lines = [",".join(header)]
        per_row = self.grad_norm_per_row
        cols = [getattr(self, name) for name in COLUMNS]
        for i in range(len(self)):
            values = [repr(c[i].item()) for c in cols] + [repr(v) for v in per_row[i].tolist()]
            lines.append(",".join(values))
        atomic_write_text(path, "\n".join(lines) + "\n")
