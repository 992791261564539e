"""The landscape dock's jobs without the dock: a slice of the board's loss (or a classic
surface) with its minima, a race of optimizers or of step sizes, and the step-size sweep.

Each function builds its job exactly as the dock does (the same directions, span, grid size,
racers, step sizes and step counts) and runs it through galton.core, so a lesson played
headless computes the numbers the learner sees in the window. The dock's widgets may call
these too; they take plain values, no Qt.
"""

from __future__ import annotations

import numpy as np

from galton.core import directions, minima, optim, stepsize, surfaces
from galton.core import landscape as grids

SLICE_KINDS = ("peg", "random", "surface")
RACE_KINDS = ("optimizers", "step_sizes")
#: The dock's defaults: a race's step size and length, the sweep's length and grid sizes.
RACE_LR = 0.05
RACE_STEPS = 150
SWEEP_STEPS = 100
SWEEP_POINTS = 40
SURFACE_GRID = 128  # the last of the dock's (32, 64, 128) for a classic surface


def surface_named(text: str):
    """A classic surface by name, or a formula in x and y (read safely)."""
    text = str(text).strip()
    if text in surfaces.SURFACES:
        return surfaces.get(text)
    return surfaces.from_expression(text)


def board_slice(session, kind: str = "random", *, row: int = 0, slot: int = 0,
                feature: int = 0, span: float | None = None):
    """The board's loss through its current pegs along "peg" (one peg's weight and bias,
    half-width 3 by default) or "random" filter-normalised directions (half-width 1), as the
    dock's "turn one peg" and "random" slices."""
    board, trainer = session.board, session.trainer
    if kind == "peg":
        row = min(int(row), board.rows - 1)
        feature = min(int(feature), board.features - 1)
        dirs = directions.peg(board, row, min(int(slot), row), feature)
        span = 3.0 if span is None else span
    elif kind == "random":
        dirs = directions.random_directions(board.theta, seed=session.scenario["training"]["seed"])
        span = 1.0 if span is None else span
    else:
        raise ValueError(f"a board slice is 'peg' or 'random', got {kind!r}")
    return grids.board_surface(board, trainer.X, trainer.y, dirs, center=board.theta,
                           loss=trainer.loss, span=span)


def is_board(surface) -> bool:
    return hasattr(surface, "slice")


def landscape(surface, size: int | None = None):
    """(xs, ys, Z, minima) of the dock's finest grid (board slices: the last of
    galton.core.landscape.PROGRESSIVE_SIZES; classic surfaces: 128), with the minima found on it."""
    if size is None:
        size = grids.PROGRESSIVE_SIZES[-1] if is_board(surface) else SURFACE_GRID
    xs, ys, Z = grids.grid(surface, int(size))
    return xs, ys, Z, minima.find_minima(surface, xs, ys, Z)


def race_entries(kind: str, surface, lr: float = RACE_LR):
    """(label, optimizer) pairs of the dock's optimizer race: four optimizers at step size
    ``lr``. (The step-size race labels its runs by what they did: ``race``.)"""
    if kind == "optimizers":
        return [("GD", optim.SGD(lr)), ("momentum 0.9", optim.SGD(lr, momentum=0.9)),
                ("Nesterov 0.9", optim.SGD(lr, momentum=0.9, nesterov=True)),
                ("Adam", optim.Adam(max(lr, 0.05)))]
    raise ValueError(f"a race is one of {RACE_KINDS}, got {kind!r}")


def race(surface, kind: str = "optimizers", lr: float = RACE_LR, steps: int = RACE_STEPS):
    """The landscape dock's races: four optimizers at ``lr``, or plain descent at four step
    sizes around the divergence threshold (``stepsize.step_sizes_around_edge``), each
    labelled by what its run did (creeping, good, oscillating, diverging)."""
    start = surface.default_start
    if kind == "step_sizes":
        return stepsize.step_size_race(
            surface, stepsize.step_sizes_around_edge(surface, start, lr), start=start,
            steps=int(steps))
    return stepsize.race(surface, race_entries(kind, surface, lr), start=start,
                         steps=int(steps))


def winner(racers) -> int:
    """The racer whose ball ended lowest (finite losses only); -1 if every one diverged."""
    finals = np.array([r.path.values[-1] for r in racers], dtype=np.float64)
    ok = np.isfinite(finals)
    if not ok.any():
        return -1
    return int(np.flatnonzero(ok)[np.argmin(finals[ok])])


def sweep_lrs(surface, momentum: float = 0.0) -> np.ndarray:
    """The dock's sweep: 40 step sizes from threshold/300 to 4 × threshold (log spaced)."""
    lam = stepsize.surface_sharpness(surface, surface.default_start)
    edge = stepsize.divergence_threshold(lam, momentum)
    centre = edge if np.isfinite(edge) else 1.0
    return stepsize.log_lrs(centre / 300, centre * 4, SWEEP_POINTS)


def sweep(surface, momentum: float = 0.0):
    return stepsize.sweep(surface, sweep_lrs(surface, momentum), momentum=momentum,
                   start=surface.default_start, steps=SWEEP_STEPS)
