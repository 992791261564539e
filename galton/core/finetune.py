"""Fine-tuning: teach a trained board a new colour without forgetting the old ones.

1. ``add_color`` makes balls of a new colour that fits among the old ones (its hue in the
   middle of the widest gap between their hues), labelled with the next class number.
2. ``with_new_cup`` copies the trained board with one more cup: the bins are re-mapped to
   C+1 cups (the default even split, or your own map) and every learned peg is kept.
3. ``FineTuner`` trains it on the new balls, optionally mixed with some old ones (replay),
   with one of three strategies — ``full`` (every peg), ``freeze`` (chosen rows do not move)
   or ``lora`` (only low-rank adapters train, galton.core.lora) — and records the
   *forgetting meter*: accuracy on held-out old colours and on the new one.
4. ``branch`` starts several fine-tuning runs from the same board and compares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from galton import kernels
from galton.core.board import Board
from galton.core.datasets import COLOR_BALLS, Dataset, DatasetError
from galton.core.lora import LoRA
from galton.core.losses import check_loss
from galton.core.trainer import freeze_mask
from galton.core.validation import whole_number

STRATEGIES = ("full", "freeze", "lora")
COLOR_FEATURES = ("hue_cos", "hue_sin", "weight", "size")


def class_hues(data: Dataset) -> np.ndarray:
    """The mean hue angle (radians, 0..2π) of each class of a colours dataset."""
    if tuple(data.feature_names) != COLOR_FEATURES:
        raise DatasetError(f"add_color needs colour balls with features {COLOR_FEATURES}, got "
                           f"{tuple(data.feature_names)}")
    hues = []
    for c in range(data.n_classes):
        X = data.X[data.y == c]
        if len(X) == 0:
            raise DatasetError(f"class {data.class_names[c]!r} has no balls to take its hue from")
        hues.append(np.arctan2(X[:, 1].mean(), X[:, 0].mean()) % (2 * np.pi))
    return np.array(hues)


def add_color(data: Dataset, n: int = 100, *, noise: float = 0.1, seed: int = 0) -> Dataset:
    """``n`` balls of the next colour of ``datasets.COLOR_BALLS`` after the ones in ``data``,
    with its hue halfway across the widest gap between the old hues (for red, green, blue
    at 0°, 120°, 240°: 60°) and its own base weight and size. Labels are ``data.n_classes``;
    the returned Dataset names all old classes plus the new one."""
    n = whole_number("n", n, low=1)
    k = data.n_classes
    if k >= len(COLOR_BALLS):
        raise DatasetError(f"there are only {len(COLOR_BALLS)} colours; the balls have {k}")
    # Hues just below 2π are red: wrap them to just below 0 so "the first gap" is stable.
    hues = np.sort((class_hues(data) + np.pi / 8) % (2 * np.pi) - np.pi / 8)
    gaps = np.diff(np.append(hues, hues[0] + 2 * np.pi))
    # Evenly spaced colours tie (up to noise): take the first of the widest gaps from red.
    widest = int(np.flatnonzero(gaps >= 0.97 * gaps.max())[0])
    hue0 = hues[widest] + gaps[widest] / 2
    name, rgb, weight0, size0 = COLOR_BALLS[k]
    rng = np.random.default_rng(seed)
    hue = hue0 + rng.normal(0.0, noise * gaps[widest] / 2, n)
    X = np.column_stack([np.cos(hue), np.sin(hue), weight0 + rng.normal(0, noise, n),
                         size0 + rng.normal(0, noise, n)])
    return Dataset(X, np.full(n, k), COLOR_FEATURES, (*data.class_names, name),
                   (*data.class_colors, rgb), name=f"{name} balls")


def relabel(data: Dataset, classes: tuple, colors: tuple) -> Dataset:
    """The same balls, declared with more classes (so old and new balls can be merged)."""
    return Dataset(data.X, data.y, data.feature_names, classes, colors, name=data.name)


def mix(new: Dataset, old: Dataset, replay: float = 0.0, *, seed: int = 0) -> Dataset:
    """The new balls plus round(replay · len(new)) old balls drawn without replacement (at
    most all of them): rehearsal, the simplest cure for forgetting."""
    replay = float(replay)
    if not (np.isfinite(replay) and replay >= 0):
        raise ValueError(f"replay must be a number >= 0, got {replay}")
    old = relabel(old, new.class_names, new.class_colors)
    k = min(len(old), round(replay * len(new)))
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(old), size=k, replace=False) if k else np.zeros(0, dtype=int)
    X = np.concatenate([new.X, old.X[idx]])
    y = np.concatenate([new.y, old.y[idx]])
    order = rng.permutation(len(y))
    return Dataset(X[order], y[order], new.feature_names, new.class_names, new.class_colors,
                   name=f"{new.name} + {k} old")


def with_new_cup(board: Board, bin_to_cup=None) -> Board:
    """A copy of ``board`` with one more cup and the same pegs. Bins are re-mapped to the
    C+1 cups by the default even split unless ``bin_to_cup`` is given."""
    if board.cups + 1 > board.rows + 1:
        raise ValueError(f"a {board.rows}-row board has {board.rows + 1} bins: it cannot have "
                         f"{board.cups + 1} cups")
    out = Board(board.rows, board.features, board.cups + 1, bin_to_cup=bin_to_cup,
                seed=board.seed, engine=board.engine)
    out.theta = board.theta.copy()
    return out


def trainable_parameters(board: Board, strategy: str, *, freeze=(), rank: int = 1,
                         lora_rows=None) -> int:
    """How many numbers a strategy trains: all P·(d+1); those of unfrozen rows; or LoRA's
    rank·(pegs_in_row + d) per adapted row."""
    if strategy == "full":
        return board.n_parameters
    if strategy == "freeze":
        mask = freeze_mask(board, list(freeze))
        return board.n_parameters if mask is None else int(mask.sum())
    if strategy == "lora":
        rows = range(board.rows) if lora_rows is None else lora_rows
        return sum(rank * (r + 1 + board.features) for r in set(rows))
    raise ValueError(f"strategy must be one of {STRATEGIES}, got {strategy!r}")


@dataclass
class Meter:
    """The forgetting meter: accuracies measured during fine-tuning."""

    steps: list = field(default_factory=list)
    loss: list = field(default_factory=list)
    old_accuracy: list = field(default_factory=list)
    new_accuracy: list = field(default_factory=list)

    def as_arrays(self) -> dict:
        return {k: np.array(v) for k, v in self.__dict__.items()}


class FineTuner:
    """Fine-tune ``board`` (already carrying the new cup) on ``data``.

    ``old_test``/``new_test``: held-out balls of the old colours and of the new one, for the
    meter (measured every ``meter_every`` steps and at step 0). ``optimizer`` is any
    galton.optim optimizer; for LoRA it updates the adapter parameters, else θ.
    """

    def __init__(self, board: Board, data: Dataset, optimizer, *, strategy: str = "full",
                 freeze=(), rank: int = 1, alpha: float | None = None, lora_rows=None,
                 loss: str = "cross_entropy", batch_size: int | None = None, seed: int = 0,
                 old_test: Dataset | None = None, new_test: Dataset | None = None,
                 meter_every: int = 10):
        if strategy not in STRATEGIES:
            raise ValueError(f"strategy must be one of {STRATEGIES}, got {strategy!r}")
        if data.features != board.features or data.n_classes > board.cups:
            raise ValueError(f"the balls ({data.features} features, {data.n_classes} classes) "
                             f"do not fit the board ({board.features} features, "
                             f"{board.cups} cups)")
        self.board, self.data, self.optimizer = board, data, optimizer
        self.strategy, self.loss = strategy, check_loss(loss)
        self.batch_size = None if batch_size is None else whole_number(
            "batch_size", batch_size, low=1)
        self.mask = freeze_mask(board, list(freeze)) if strategy == "freeze" else None
        self.lora = LoRA(board, rank, alpha=alpha, rows=lora_rows, seed=seed) \
            if strategy == "lora" else None
        self.old_test, self.new_test = old_test, new_test
        self.meter_every = whole_number("meter_every", meter_every, low=1)
        self.meter = Meter()
        self.step_count = 0
        self.status = "ready"
        self._rng = np.random.default_rng(seed)

    @property
    def n_trainable(self) -> int:
        if self.lora is not None:
            return self.lora.n_parameters
        return self.board.n_parameters if self.mask is None else int(self.mask.sum())

    def theta(self) -> np.ndarray:
        """The pegs as they act now (for LoRA: base + ΔW)."""
        return self.lora.theta() if self.lora is not None else self.board.theta

    def _accuracy(self, data) -> float:
        if data is None or len(data) == 0:
            return float("nan")
        _, correct, _ = kernels.evaluate(self.board.engine, self.theta(), data.X, data.y,
                                         self.board.rows, self.board.cup_layout, self.loss,
                                         want_grad=False)
        return correct / len(data)

    def measure(self, loss=float("nan")) -> None:
        self.meter.steps.append(self.step_count)
        self.meter.loss.append(float(loss))
        self.meter.old_accuracy.append(self._accuracy(self.old_test))
        self.meter.new_accuracy.append(self._accuracy(self.new_test))

    def step(self) -> float:
        """One step; returns the batch loss. Non-finite numbers stop it ("diverged")."""
        if self.status == "diverged":
            return float("nan")
        if self.step_count == 0 and not self.meter.steps:
            self.measure()
        X, y = self.data.X, self.data.y
        if self.batch_size is not None and self.batch_size < len(y):
            idx = self._rng.choice(len(y), size=self.batch_size, replace=False)
            X, y = X[idx], y[idx]
        b = self.board
        value, _, grad = kernels.evaluate(b.engine, self.theta(), X, y, b.rows, b.cup_layout,
                                          self.loss)
        if not (np.isfinite(value) and np.all(np.isfinite(grad))):
            self.status = "diverged"
            return float(value)
        if self.lora is not None:
            before = self.lora.params.copy()
            self.optimizer.step(self.lora.params, self.lora.grad(grad))
            ok = np.all(np.isfinite(self.lora.params))
            if not ok:
                self.lora.params[...] = before
        else:
            before = b.theta.copy()
            self.optimizer.step(b.theta, grad, mask=self.mask)
            ok = np.all(np.isfinite(b.theta))
            if not ok:
                b.theta[...] = before
        if not ok:
            self.status = "diverged"
            return float(value)
        self.step_count += 1
        self.status = "running"
        if self.step_count % self.meter_every == 0:
            self.measure(value)
        return float(value)

    def run(self, steps: int) -> Meter:
        for _ in range(whole_number("steps", steps, low=0)):
            self.step()
            if self.status == "diverged":
                break
        return self.meter


def branch(board: Board, data: Dataset, runs: dict, steps: int, **common) -> dict:
    """Several fine-tuning runs from the same starting board: ``runs`` maps a label to the
    FineTuner arguments of that run (``optimizer`` required, e.g. {"strategy": "lora",
    "rank": 2, "optimizer": Adam(0.05)}); each run gets its own copy of the board.
    Returns {label: FineTuner} after ``steps`` steps each."""
    out = {}
    for label, kwargs in runs.items():
        kwargs = {**common, **kwargs}
        tuner = FineTuner(board.copy(), data, kwargs.pop("optimizer"), **kwargs)
        tuner.run(steps)
        out[label] = tuner
    return out
