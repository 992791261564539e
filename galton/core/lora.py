"""LoRA for the board: a low-rank update of each adapted row's weight matrix.

Row r of the board has r+1 pegs; their weights form a matrix W_r of shape (r+1, d) (the
biases are a separate column of θ). LoRA (Hu et al. 2021) leaves W_r frozen and learns

    ΔW_r = (α / rank) · B_r · A_r,    B_r: (r+1, rank) initialised to zero,
                                      A_r: (rank, d)   initialised N(0, 1/d),

so at step 0 ΔW = 0 and the adapted board is *exactly* the base board. Only A and B train:
rank·(r+1+d) numbers per adapted row instead of (r+1)·(d+1). Biases stay frozen (the
original paper adapts weight matrices only). ``merge()`` folds ΔW into θ.

Gradients come from the board's exact gradient G_r = ∂L/∂W_r at the adapted θ:
∂L/∂B_r = s·G_r·A_rᵀ and ∂L/∂A_r = s·B_rᵀ·G_r with s = α/rank (tested against finite
differences).
"""

from __future__ import annotations

import numpy as np

from galton.core.validation import whole_number


class LoRA:
    """Low-rank adapters for ``rows`` (default: every row) of ``board``'s current pegs."""

    def __init__(self, board, rank: int = 1, *, alpha: float | None = None, rows=None,
                 seed=0):
        self.rank = whole_number("rank", rank, low=1)
        self.alpha = float(self.rank if alpha is None else alpha)
        if not np.isfinite(self.alpha) or self.alpha <= 0:
            raise ValueError(f"alpha must be a finite number > 0, got {alpha!r}")
        rows = range(board.rows) if rows is None else rows
        self.rows = tuple(sorted({whole_number("row", r, low=0, high=board.rows - 1)
                                  for r in rows}))
        if not self.rows:
            raise ValueError("LoRA needs at least one row to adapt")
        self.board = board
        self.base = board.theta.copy()
        self.base.flags.writeable = False
        d = board.features
        rng = np.random.default_rng(seed)
        self._slices = []  # (row, peg slice, A slice, B slice) into the flat parameter vector
        sizes = []
        offset = 0
        for r in self.rows:
            pegs = r + 1
            a = slice(offset, offset + self.rank * d)
            b = slice(a.stop, a.stop + pegs * self.rank)
            self._slices.append((r, board.row_slice(r), a, b))
            offset = b.stop
            sizes.append(self.rank * (pegs + d))
        self.params = np.zeros(offset)
        for _, _, a, _ in self._slices:
            self.params[a] = rng.normal(0.0, 1.0 / np.sqrt(d), a.stop - a.start)
        self.row_parameters = dict(zip(self.rows, sizes, strict=True))

    @property
    def scale(self) -> float:
        return self.alpha / self.rank

    @property
    def n_parameters(self) -> int:
        """rank · (pegs_in_row + d), summed over the adapted rows."""
        return int(self.params.size)

    def factors(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """(A (rank, d), B (row+1, rank)) of ``row``, as views into ``params``."""
        d = self.board.features
        for r, _, a, b in self._slices:
            if r == row:
                return (self.params[a].reshape(self.rank, d),
                        self.params[b].reshape(r + 1, self.rank))
        raise ValueError(f"row {row} is not adapted; adapted rows are {list(self.rows)}")

    def delta(self) -> np.ndarray:
        """ΔW for every peg, shaped like θ (zeros in the bias column and unadapted rows)."""
        d = self.board.features
        out = np.zeros_like(self.base)
        for r, pegs, _, _ in self._slices:
            A, B = self.factors(r)
            out[pegs, :d] = self.scale * (B @ A)
        return out

    def theta(self) -> np.ndarray:
        """The adapted pegs θ + ΔW."""
        return self.base + self.delta()

    def grad(self, full_grad) -> np.ndarray:
        """∂L/∂params from the board's gradient ∂L/∂θ at ``theta()``."""
        d = self.board.features
        full_grad = np.asarray(full_grad, dtype=np.float64)
        out = np.empty_like(self.params)
        for r, pegs, a, b in self._slices:
            A, B = self.factors(r)
            G = full_grad[pegs, :d]
            out[a] = (self.scale * (B.T @ G)).ravel()
            out[b] = (self.scale * (G @ A.T)).ravel()
        return out

    def merge(self) -> np.ndarray:
        """Fold ΔW into the board's θ; the adapters restart from ΔW = 0 on the merged pegs."""
        merged = self.theta()
        self.board.theta = merged
        self.base = merged.copy()
        self.base.flags.writeable = False
        for _, _, _, b in self._slices:
            self.params[b] = 0.0
        return merged
