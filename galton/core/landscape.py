"""Landscapes: the board's loss over a 2-D slice of parameter space, as a Surface.

``board_surface`` turns a board, its balls and two directions into a
``galton.core.surfaces.Surface`` whose x and y are the slice coordinates (α, β). Everything
written for the classic surfaces — grids, ``descend``, minima, basins, races, step-size
sweeps — then works unchanged on the real board. Values and slopes come from the parallel
slice kernels (galton.kernels.slice_losses); the Hessian (needed only to check minima) by
central differences of the exact slopes.

``progressive`` computes a grid coarse first, then finer, so a view can show something at
once (with ``NESTED_SIZES`` each grid reuses the points of the one before); ``interpolate``
is the 1-D loss along the straight line between two checkpoints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton import kernels
from galton.core.directions import Directions
from galton.core.losses import LOSSES
from galton.core.surfaces import Surface

#: Grid sizes of a progressive computation: something in ~1/16 of the time, then the rest.
PROGRESSIVE_SIZES = (16, 32, 64)
#: Nested sizes: every grid holds every point of the one before ((n - 1) divides (m - 1)), so
#: ``progressive`` computes only the new points: 3,721 evaluations in all instead of 5,376 for
#: PROGRESSIVE_SIZES, and the first (16x16) picture still costs 1/15 of the last one.
NESTED_SIZES = (16, 31, 61)


@dataclass(frozen=True)
class Slice:
    """The plane θ(α, β) = center + α·d₁ + β·d₂."""

    center: np.ndarray
    directions: Directions

    def __post_init__(self):
        center = np.array(self.center, dtype=np.float64)
        if center.shape != self.directions.d1.shape:
            raise ValueError(f"center has shape {center.shape} but the directions have "
                             f"{self.directions.d1.shape}")
        center.flags.writeable = False
        object.__setattr__(self, "center", center)

    def theta(self, alpha: float, beta: float) -> np.ndarray:
        return self.center + alpha * self.directions.d1 + beta * self.directions.d2

    def project(self, theta) -> tuple[float, float, float]:
        """(α, β, distance): the point of the plane nearest to ``theta`` and how far it is.

        The directions need not be orthogonal (random ones are only nearly so), so this
        solves the 2x2 normal equations rather than taking two dot products."""
        d1, d2 = self.directions.d1.ravel(), self.directions.d2.ravel()
        r = np.asarray(theta, dtype=np.float64).ravel() - self.center.ravel()
        gram = np.array([[d1 @ d1, d1 @ d2], [d1 @ d2, d2 @ d2]])
        a, b = np.linalg.solve(gram, np.array([d1 @ r, d2 @ r]))
        return float(a), float(b), float(np.linalg.norm(r - a * d1 - b * d2))

    def scale(self) -> float:
        """The typical length of a unit step along the slice axes (for 'far from the plane')."""
        return float(np.sqrt(0.5 * (np.sum(self.directions.d1 ** 2)
                                    + np.sum(self.directions.d2 ** 2))))


class SliceSurface(Surface):
    """A Surface over a slice of a board's parameters (made by ``board_surface``)."""

    slice: Slice


def board_surface(board, X, y, directions: Directions, *, center=None, loss="cross_entropy",
                  span=None, engine=None, name=None) -> SliceSurface:
    """The loss of ``board`` on balls (X, y) over the slice through ``center`` (default: the
    board's current θ) along ``directions``; x = α, y = β.

    ``span`` sets the default range (−span, span) on both axes; by default 1 for random and
    PCA directions (filter-normalised: α = 1 moves each peg by its own size) and 3 for
    coordinate directions (the parameters' own units).
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    engine = kernels.default_engine() if engine is None else kernels.check_engine(engine)
    X = np.ascontiguousarray(X, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.int64)
    if X.ndim != 2 or X.shape[1] != board.features or y.shape != (X.shape[0],):
        raise ValueError(f"balls must be X (N, {board.features}) and y (N,), got {X.shape} "
                         f"and {y.shape}")
    if X.shape[0] == 0:
        raise ValueError("a landscape needs at least one ball")
    sl = Slice(board.theta if center is None else center, directions)
    rows, layout = board.rows, board.cup_layout
    d1, d2, c = sl.directions.d1, sl.directions.d2, sl.center

    def value(a, b):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
        out, _ = kernels.slice_losses(engine, c, d1, d2, a.ravel(), b.ravel(), X, y, rows, layout,
                                      loss)
        return out.reshape(a.shape) if a.ndim else float(out[0])

    def gradient(a, b):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
        _, s = kernels.slice_losses(engine, c, d1, d2, a.ravel(), b.ravel(), X, y, rows, layout,
                                    loss, want_grad=True)
        return s[:, 0].reshape(a.shape), s[:, 1].reshape(a.shape)

    def hessian(a, b):
        # Central differences of the exact slopes; h ~ cbrt(machine eps) balances truncation
        # against rounding for smooth functions of order-1 curvature.
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
        h = 6e-6
        ga1, gb1 = gradient(a + h, b)
        ga0, gb0 = gradient(a - h, b)
        ha1, hb1 = gradient(a, b + h)
        ha0, hb0 = gradient(a, b - h)
        fxx = (ga1 - ga0) / (2 * h)
        fyy = (hb1 - hb0) / (2 * h)
        fxy = 0.5 * ((gb1 - gb0) + (ha1 - ha0)) / (2 * h)
        return fxx, fxy, fyy

    if span is None:
        span = 3.0 if directions.kind == "coordinates" else 1.0
    span = float(span)
    if not (np.isfinite(span) and span > 0):
        raise ValueError(f"span must be a finite number > 0, got {span}")
    surface = SliceSurface(
        name or f"board slice ({directions.kind})", value, gradient, hessian,
        default_range=((-span, span), (-span, span)), default_start=(0.0, 0.0),
        description=f"{loss} of a {rows}-row board on {X.shape[0]} balls along "
                    f"{directions.labels[0]} and {directions.labels[1]}")
    surface.slice = sl
    return surface


def grid(surface: Surface, n: int = 64, x_range=None, y_range=None):
    """(xs, ys, Z) with Z[i, j] = f(xs[j], ys[i]); for a board slice all n² points go to the
    parallel kernel in one call."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= 2048:
        raise ValueError(f"grid size must be a whole number in [2, 2048], got {n!r}")
    return surface.grid(int(n), x_range, y_range)


def progressive(surface: Surface, x_range=None, y_range=None, sizes=PROGRESSIVE_SIZES,
                cancelled=None):
    """Yield (xs, ys, Z) for each grid size in ``sizes``, coarse first. Stops early (between
    sizes) once ``cancelled()`` returns True.

    When a size nests in the one before it ((n - 1) divides (m - 1), as in NESTED_SIZES), the
    points already computed are kept and only the new ones are evaluated, in one call: the
    finer grid's coordinates are then those of the coarser one where they meet (they may
    differ from ``grid``'s linspace in the last bit), so its values there are exact."""
    previous = None
    for n in sizes:
        if cancelled is not None and cancelled():
            return
        if previous is not None and _nests(previous[2].shape[0], n):
            xs, ys, Z = previous
            previous = refine(surface, xs, ys, Z, n)
        else:
            previous = grid(surface, n, x_range, y_range)
        yield previous


def _nests(coarse: int, fine: int) -> bool:
    return fine > coarse >= 2 and (fine - 1) % (coarse - 1) == 0


def refine(surface: Surface, xs, ys, Z, n: int):
    """(xs, ys, Z) of the n x n grid over the same range as the coarse grid (xs, ys, Z), reusing
    its values: only the points between them are evaluated (one call for all of them).
    ``n - 1`` must be a multiple of ``len(xs) - 1``."""
    coarse = len(xs)
    if len(ys) != coarse or Z.shape != (coarse, coarse) or not _nests(coarse, n):
        raise ValueError(f"a {n}x{n} grid does not nest a {len(ys)}x{coarse} one: n - 1 must "
                         f"be a multiple of {coarse - 1}")
    step = (n - 1) // (coarse - 1)
    fine_x = np.linspace(xs[0], xs[-1], n)
    fine_y = np.linspace(ys[0], ys[-1], n)
    fine_x[::step], fine_y[::step] = xs, ys
    out = np.empty((n, n))
    out[::step, ::step] = Z
    todo = np.ones((n, n), dtype=bool)
    todo[::step, ::step] = False
    A, B = np.meshgrid(fine_x, fine_y)
    out[todo] = np.asarray(surface.value(A[todo], B[todo]), dtype=np.float64)
    return fine_x, fine_y, out


def path_gap(surface: Surface, coords, losses) -> np.ndarray:
    """surface(α_t, β_t) − loss_t for a trajectory projected into the slice: how far the
    surface under the projected path is from the losses training actually saw. Zero when the
    plane holds the whole path (e.g. a 2-parameter problem); large when PCA explains little."""
    coords = np.asarray(coords, dtype=np.float64)
    return np.asarray(surface.value(coords[:, 0], coords[:, 1])) - np.asarray(losses, float)


def interpolate(board, X, y, theta_a, theta_b, *, n: int = 51, margin: float = 0.25,
                loss="cross_entropy", engine=None):
    """The loss along θ(t) = (1 − t)·θ_a + t·θ_b for n values of t from −margin to
    1 + margin (the classic 1-D plot between two checkpoints, Goodfellow et al. 2015).
    Returns (ts, losses)."""
    engine = kernels.default_engine() if engine is None else kernels.check_engine(engine)
    a = board.check_theta(theta_a)
    b = board.check_theta(theta_b)
    ts = np.linspace(-float(margin), 1.0 + float(margin), int(n))
    X = np.ascontiguousarray(X, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.int64)
    losses, _ = kernels.slice_losses(engine, a, b - a, np.zeros_like(a), ts, np.zeros_like(ts),
                                     X, y, board.rows, board.cup_layout, loss)
    return ts, losses
