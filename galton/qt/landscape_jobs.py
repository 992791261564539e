"""The landscape dock's jobs and what they return (typed results, one class per kind).

Each ``*_job`` function takes what the job needs, copied on the UI thread, and returns the
``work(job)`` to hand to the runner (galton.qt.jobs); nothing here touches a widget or the
session, so the jobs run on any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.core import landscape, minima, stepsize
from galton.core.tracking import PathTracker, surface_gap


@dataclass(frozen=True)
class Trail:
    """The path so far, projected into a new slice: (α, β, loss) points."""

    points: list


@dataclass(frozen=True)
class Grid:
    """The loss over the slice at one resolution of the coarse-to-fine sequence."""

    xs: np.ndarray
    ys: np.ndarray
    Z: np.ndarray  # Z[i, j] at (xs[j], ys[i])


@dataclass(frozen=True)
class Minima:
    minima: list  # galton.core.minima.Minimum, lowest first


@dataclass(frozen=True)
class Gap:
    """PCA slices: the losses training saw against the surface under the projected path."""

    actual: np.ndarray
    surface: np.ndarray


@dataclass(frozen=True)
class Basins:
    basins: object  # galton.core.minima.Basins


@dataclass(frozen=True)
class Race:
    racers: list  # galton.core.stepsize.Racer


@dataclass(frozen=True)
class Sweep:
    sweep: object  # galton.core.stepsize.Sweep


@dataclass(frozen=True)
class Sharpness:
    step: int
    sharpness: float
    lr: float


@dataclass(frozen=True)
class Interpolation:
    ts: np.ndarray
    losses: np.ndarray


def grid_job(surface, sizes, board_slice: bool, path: list, probe, X, y, loss):
    """The trail of ``path`` in the slice (board slices), then the grid coarse to fine, the
    minima of the finest, and for a PCA slice the gap between the path and the surface."""
    def work(job):
        if board_slice:
            job.emit(Trail(PathTracker.project(surface, path)))
        last = None
        for xs, ys, Z in landscape.progressive(surface, sizes=sizes, cancelled=job.cancelled):
            job.emit(Grid(xs, ys, Z))
            last = (xs, ys, Z)
        if last is None or job.cancelled():
            return None
        job.emit(Minima(minima.find_minima(surface, *last)))
        if board_slice and surface.slice.directions.kind == "pca" and len(path) >= 3:
            return Gap(*surface_gap(surface, path, probe, X, y, loss))
        return None

    return work


def basins_job(surface, xs, ys, found, lr: float, steps: int):
    """Which minimum plain gradient descent reaches from each grid point of ``found``'s."""
    def work(job):
        return Basins(minima.basins(surface, xs, ys, found, lr=lr, steps=steps,
                                    cancelled=job.cancelled))

    return work


def race_job(surface, kind: str, lr: float, steps: int):
    """Step sizes placed around the divergence threshold at the start (so the four runs
    differ whatever the surface's scale), each labelled by what it did; or four optimizers
    at ``lr``."""
    from galton.core import optim

    start = surface.default_start

    def work(job):
        if kind == "lrs":
            # Labelled by what each run did, not by the threshold at the start.
            return Race(stepsize.step_size_race(
                surface, stepsize.step_sizes_around_edge(surface, start, lr), start=start,
                steps=steps))
        else:
            entries = [("GD", optim.SGD(lr)),
                       ("momentum 0.9", optim.SGD(lr, momentum=0.9)),
                       ("Nesterov 0.9", optim.SGD(lr, momentum=0.9, nesterov=True)),
                       ("Adam", optim.Adam(max(lr, 0.05)))]
        return Race(stepsize.race(surface, entries, start=start, steps=steps))

    return work


def sweep_job(surface, momentum: float):
    """40 step sizes around the divergence threshold, 100 steps each, from the start."""
    def work(job):
        start = surface.default_start
        edge = stepsize.divergence_threshold(stepsize.surface_sharpness(surface, start), momentum)
        centre = edge if np.isfinite(edge) else 1.0
        lrs = stepsize.log_lrs(centre / 300, centre * 4, 40)
        return Sweep(stepsize.sweep(surface, lrs, momentum=momentum, start=start, steps=100))

    return work


def sharpness_job(board, X, y, loss, step: int, lr: float):
    def work(job):
        return Sharpness(step, stepsize.board_sharpness(board, X, y, loss=loss, iterations=15), lr)

    return work


def interpolation_job(board, X, y, a, b, loss):
    def work(job):
        return Interpolation(*landscape.interpolate(board, X, y, a, b, n=61, loss=loss))

    return work
