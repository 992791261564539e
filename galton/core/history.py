"""What training recorded, one entry per step, and the snapshots handed to viewers."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class History:
    """Columns of per-step records. ``test_loss`` is nan on steps where it was not measured."""

    rows: int
    _columns: dict = field(default_factory=lambda: {name: [] for name in COLUMNS})
    _row_norms: list = field(default_factory=list)

    def append(self, record: dict, row_norms: np.ndarray) -> None:
        for name in COLUMNS:
            self._columns[name].append(record[name])
        self._row_norms.append(np.asarray(row_norms, dtype=np.float64))

    def __len__(self) -> int:
        return len(self._columns["step"])

    def __getattr__(self, name):
        if name in COLUMNS:
            dtype = bool if name == "clipped" else (np.int64 if name == "step" else np.float64)
            return np.asarray(self._columns[name], dtype=dtype)
        raise AttributeError(f"History has no column {name!r}; columns: {COLUMNS}")

    @property
    def grad_norm_per_row(self) -> np.ndarray:
        """(steps, rows): the vanishing / exploding gradient picture."""
        if not self._row_norms:
            return np.zeros((0, self.rows))
        return np.vstack(self._row_norms)

    def truncate(self, steps: int) -> None:
        """Forget records from step ``steps`` on (used when rewinding to a checkpoint)."""
        keep = int(np.searchsorted(self.step, steps))
        for name in COLUMNS:
            del self._columns[name][keep:]
        del self._row_norms[keep:]

    def as_arrays(self) -> dict:
        out = {name: getattr(self, name) for name in COLUMNS}
        out["grad_norm_per_row"] = self.grad_norm_per_row
        return out

    @classmethod
    def from_arrays(cls, rows: int, arrays: dict) -> "History":
        history = cls(rows)
        for name in COLUMNS:
            history._columns[name] = np.asarray(arrays[name]).tolist()
        per_row = np.asarray(arrays["grad_norm_per_row"], dtype=np.float64).reshape(-1, rows)
        history._row_norms = list(per_row)
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
