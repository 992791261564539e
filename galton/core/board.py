"""The board: rows of perceptron pegs above bins grouped into cups.

Row r (0-based) has r+1 pegs; peg (r, k) has flat index r(r+1)/2 + k. Each peg sends a ball
right with probability sigmoid(w . x + b). All pegs' parameters live in one array ``theta`` of
shape (P, d+1): the weights, then the bias. docs/model.md has the maths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton import kernels
from galton.core.cups import CupLayout
from galton.core.validation import features_array, labels_array, whole_number

#: A board this deep already has 131,328 pegs; deeper ones are a typo, not a lesson.
MAX_ROWS = 512

INITS = ("zeros", "normal")


@dataclass(frozen=True)
class Drop:
    """Balls dropped through the board: each ball's turns (1 = right) and the bin it reached."""

    turns: np.ndarray  # (N, R) int8
    bins: np.ndarray  # (N,) int64
    cups: np.ndarray  # (N,) int64: the cup of each ball's bin

    def __len__(self) -> int:
        return int(self.bins.shape[0])

    def __repr__(self) -> str:
        # Short: the console echoes the drop session.drop() returns.
        cups = np.bincount(self.cups, minlength=1).tolist() if len(self) else []
        return f"Drop({len(self)} balls, per cup {cups})"

    def slots(self) -> np.ndarray:
        """(N, R+1) slot k of every ball on every row of nodes, from (0, 0) down to its bin."""
        path = np.zeros((self.turns.shape[0], self.turns.shape[1] + 1), dtype=np.int64)
        np.cumsum(self.turns, axis=1, out=path[:, 1:])
        return path

    def bin_counts(self, n_bins: int | None = None) -> np.ndarray:
        n_bins = self.turns.shape[1] + 1 if n_bins is None else n_bins
        return np.bincount(self.bins, minlength=n_bins)


class Board:
    """A Galton board whose pegs are perceptrons.

    Parameters
    ----------
    rows : number of rows of pegs R >= 1 (there are R+1 bins).
    features : length d of a ball's feature vector.
    cups : number of cups (classes), 2..R+1.
    bin_to_cup : optional custom map from the R+1 bins to cups; each cup one contiguous run.
    seed : seeds the initialisation and the board's own random stream for ``drop``.
    init : "zeros" (every peg 50/50: balls spread binomially) or "normal".
    scale : standard deviation of the "normal" initialisation.
    engine : "numba" (default) or "numpy", the kernels used by this board's methods.
    """

    def __init__(self, rows, features, cups, *, bin_to_cup=None, seed=None, init="zeros",
                 scale=0.5, engine=None):
        rows = whole_number("rows", rows, low=1, high=MAX_ROWS)
        features = whole_number("features", features, low=1)
        cups = whole_number("cups", cups, low=2, high=rows + 1)
        if init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {init!r}")
        scale = float(scale)
        if not np.isfinite(scale) or scale < 0:
            raise ValueError(f"scale must be a finite number >= 0, got {scale}")
        self._layout = CupLayout.build(rows, cups, bin_to_cup)
        self._rows, self._features = rows, features
        self.engine = kernels.default_engine() if engine is None else kernels.check_engine(engine)
        self.seed = seed
        rng = np.random.default_rng(seed)
        shape = (rows * (rows + 1) // 2, features + 1)
        if init == "normal":
            self._theta = rng.normal(0.0, scale, size=shape)
        else:
            self._theta = np.zeros(shape)
        self._rng = rng  # continues after the initialisation: drops are reproducible from seed

    # --- shape -------------------------------------------------------------------------------
    @property
    def rows(self) -> int:
        return self._rows

    @property
    def features(self) -> int:
        return self._features

    @property
    def cups(self) -> int:
        return self._layout.cups

    @property
    def n_pegs(self) -> int:
        return self._rows * (self._rows + 1) // 2

    @property
    def n_bins(self) -> int:
        return self._rows + 1

    @property
    def n_parameters(self) -> int:
        return self._theta.size

    @property
    def bin_to_cup(self) -> np.ndarray:
        """(R+1,) read-only map from bin to cup."""
        return self._layout.bin_to_cup

    @property
    def cup_layout(self) -> CupLayout:
        return self._layout

    def peg_index(self, row: int, slot: int) -> int:
        row = whole_number("row", row, low=0, high=self._rows - 1)
        slot = whole_number("slot", slot, low=0, high=row)
        return row * (row + 1) // 2 + slot

    def peg_position(self, index: int) -> tuple[int, int]:
        """(row, slot) of the peg with flat index ``index``."""
        index = whole_number("index", index, low=0, high=self.n_pegs - 1)
        row = int((np.sqrt(8 * index + 1) - 1) // 2)
        while row * (row + 1) // 2 > index:  # guard the float sqrt at large indices
            row -= 1
        while (row + 1) * (row + 2) // 2 <= index:
            row += 1
        return row, index - row * (row + 1) // 2

    def row_slice(self, row: int) -> slice:
        """Flat peg indices of one row, for ``theta[board.row_slice(r)]``."""
        row = whole_number("row", row, low=0, high=self._rows - 1)
        start = row * (row + 1) // 2
        return slice(start, start + row + 1)

    # --- parameters --------------------------------------------------------------------------
    @property
    def theta(self) -> np.ndarray:
        """(P, d+1) parameters: weights then bias of every peg.

        The array itself is returned, so optimizers and scripts can change it in place;
        assigning ``board.theta = new`` validates shape and finiteness first.
        """
        return self._theta

    @theta.setter
    def theta(self, value) -> None:
        self._theta = self.check_theta(value)

    def check_theta(self, value) -> np.ndarray:
        """A validated float64 copy of ``value``, or ValueError naming what is wrong."""
        expected = (self.n_pegs, self._features + 1)
        try:
            arr = np.array(value, dtype=np.float64, copy=True)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"theta must be numbers of shape {expected}: {exc}") from None
        if arr.shape != expected:
            raise ValueError(
                f"theta must have shape {expected} ({self.n_pegs} pegs x {self._features} weights "
                f"+ bias), got {arr.shape}"
            )
        if not np.all(np.isfinite(arr)):
            peg, col = np.argwhere(~np.isfinite(arr))[0]
            r, k = self.peg_position(int(peg))
            what = "bias" if col == self._features else f"weight {col}"
            raise ValueError(f"theta must be finite; peg ({r}, {k}) {what} is {arr[peg, col]}")
        return np.ascontiguousarray(arr)

    def weights(self) -> np.ndarray:
        return self._theta[:, :-1]

    def biases(self) -> np.ndarray:
        return self._theta[:, -1]

    # --- what the board does with balls ------------------------------------------------------
    def _x(self, X) -> np.ndarray:
        return features_array(X, self._features)

    def peg_probabilities(self, X) -> np.ndarray:
        """(N, P) probability that each ball goes right at each peg (were it to reach it)."""
        return kernels.board_numpy.peg_probabilities(self._theta, self._x(X))

    def bin_probabilities(self, X) -> np.ndarray:
        """(N, R+1) exact probability that each ball lands in each bin."""
        return kernels.bin_probabilities(self.engine, self._theta, self._x(X), self._rows)

    def cup_probabilities(self, X) -> np.ndarray:
        """(N, cups) exact probability that each ball lands in each cup."""
        bins = self.bin_probabilities(X)
        out = np.empty((bins.shape[0], self.cups))
        for c in range(self.cups):
            out[:, c] = bins[:, self._layout.lo[c] : self._layout.hi[c]].sum(axis=1)
        return out

    def predict(self, X) -> np.ndarray:
        """(N,) the most likely cup of each ball."""
        return np.argmax(self.cup_probabilities(X), axis=1)

    def accuracy(self, X, y) -> float:
        """Fraction of balls whose most likely cup is their label."""
        X = self._x(X)
        y = labels_array(y, X.shape[0], self.cups)
        return float(np.mean(self.predict(X) == y)) if len(y) else float("nan")

    def drop(self, X, seed=None) -> Drop:
        """Sample every ball's path. ``seed=None`` continues the board's own random stream."""
        X = self._x(X)
        rng = self._rng if seed is None else np.random.default_rng(seed)
        uniforms = rng.random((X.shape[0], self._rows))
        turns, bins = kernels.drop(self.engine, self._theta, X, self._rows, uniforms)
        return Drop(turns=turns, bins=bins, cups=self._layout.bin_to_cup[bins].copy())

    # --- copies and serialisation ------------------------------------------------------------
    def copy(self) -> Board:
        new = Board.__new__(Board)
        new.__dict__.update(self.__dict__)
        new._theta = self._theta.copy()
        new._rng = np.random.default_rng()
        new._rng.bit_generator.state = self._rng.bit_generator.state
        return new

    def spec(self) -> dict:
        """JSON-able description of the board's shape (not its parameters)."""
        return {
            "rows": self._rows,
            "features": self._features,
            "cups": self.cups,
            "bin_to_cup": self.bin_to_cup.tolist(),
        }

    @classmethod
    def from_spec(cls, spec: dict, theta=None, **kwargs) -> Board:
        board = cls(spec["rows"], spec["features"], spec["cups"],
                    bin_to_cup=spec.get("bin_to_cup"), **kwargs)
        if theta is not None:
            board.theta = theta
        return board

    def __repr__(self) -> str:
        return (f"Board(rows={self._rows}, features={self._features}, cups={self.cups}, "
                f"pegs={self.n_pegs}, engine={self.engine!r})")
