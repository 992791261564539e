"""Local minima of a landscape and their basins of attraction.

``grid_minima`` finds the grid points lower than their eight neighbours; ``find_minima``
refines each by gradient descent (with a backtracking line search, so it needs no step size
and cannot overshoot), merges those that meet, checks the Hessian, and lists them lowest
first. ``basins`` runs *plain* gradient descent with one step size from every grid point at
once and labels each start by the minimum it reaches: the map of where a ball dropped there
ends up — the pond's basin and the lake's basin side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.core.surfaces import Surface
from galton.core.turns import give_way


@dataclass(frozen=True)
class Minimum:
    x: float
    y: float
    loss: float
    curvature: tuple  # the Hessian's eigenvalues there, smallest first

    def __iter__(self):  # unpacks like the (x, y, f) triples of Surface.known_minima
        return iter((self.x, self.y, self.loss))


def grid_minima(Z) -> list[tuple[int, int]]:
    """Interior grid points (i, j) not higher than any of their 8 neighbours and lower than
    at least one (so a flat plateau is not a minimum everywhere). Non-finite values count as
    +inf. Edge points are skipped: there the lowest point may lie outside the grid."""
    Z = np.where(np.isfinite(Z), np.asarray(Z, dtype=np.float64), np.inf)
    if Z.ndim != 2 or min(Z.shape) < 3:
        return []
    c = Z[1:-1, 1:-1]
    le = np.isfinite(c)
    lt = np.zeros_like(le)
    ny, nx = Z.shape
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di == 0 and dj == 0:
                continue
            nb = Z[1 + di:ny - 1 + di, 1 + dj:nx - 1 + dj]
            le &= c <= nb
            lt |= c < nb
    ii, jj = np.nonzero(le & lt)
    return [(int(i) + 1, int(j) + 1) for i, j in zip(ii, jj, strict=True)]


def descend_to_minimum(surface: Surface, start, *, tol: float = 1e-9, max_steps: int = 2000):
    """Gradient descent with an Armijo backtracking line search from ``start``; returns the
    final point (2,). Stops when the gradient norm is below ``tol``·(1 + |f|)."""
    p = np.array(start, dtype=np.float64)
    f, g = surface.f(p), surface.grad(p)
    step = 1.0
    for _ in range(max_steps):
        give_way()  # in the landscape's job: the window first (galton.core.turns)
        gn = float(np.linalg.norm(g))
        if not np.isfinite(gn) or gn <= tol * (1 + abs(f)):
            break
        step = min(step * 2.0, 1e6)  # grow back after easy steps
        while True:
            q = p - step * g
            fq = surface.f(q)
            if np.isfinite(fq) and fq <= f - 1e-4 * step * gn * gn:
                break
            step *= 0.5
            if step < 1e-16:
                return p
        p, f, g = q, fq, surface.grad(q)
    return p


def find_minima(surface: Surface, xs, ys, Z, *, polish: bool = True, merge: float | None = None,
                max_count: int = 32) -> list[Minimum]:
    """The local minima of ``surface`` seen on the grid (xs, ys, Z), refined and checked.

    Each grid minimum is refined by ``descend_to_minimum`` and, if ``polish``, a few Newton
    steps (quadratic convergence to the exact point when the Hessian is exact). Results that
    leave the grid's range by more than 10% are dropped (the minimum is elsewhere), those
    closer than ``merge`` (default 1% of the range's diagonal) are one minimum, and points
    whose Hessian has a clearly negative eigenvalue (saddles the grid mistook) are dropped.
    Lowest first; at most ``max_count`` (the lowest grid candidates are refined first)."""
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    Z = np.asarray(Z, float)
    (x0, x1), (y0, y1) = (xs[0], xs[-1]), (ys[0], ys[-1])
    diag = float(np.hypot(x1 - x0, y1 - y0))
    merge = 0.01 * diag if merge is None else float(merge)
    wx, wy = 0.1 * (x1 - x0), 0.1 * (y1 - y0)
    candidates = sorted(grid_minima(Z), key=lambda ij: Z[ij])
    found: list[Minimum] = []
    for i, j in candidates:
        p = descend_to_minimum(surface, (xs[j], ys[i]))
        if polish:
            p = _newton(surface, p)
        if not (x0 - wx <= p[0] <= x1 + wx and y0 - wy <= p[1] <= y1 + wy):
            continue
        if any(np.hypot(p[0] - m.x, p[1] - m.y) < merge for m in found):
            continue
        f = surface.f(p)
        eig = np.linalg.eigvalsh(surface.hess(p))
        if not np.isfinite(f) or eig[0] < -1e-6 * max(1.0, abs(eig[-1])):
            continue
        found.append(Minimum(float(p[0]), float(p[1]), float(f), (float(eig[0]), float(eig[1]))))
        if len(found) >= max_count:
            break
    return sorted(found, key=lambda m: m.loss)


def _newton(surface, p, iterations: int = 20):
    """Newton steps while they lower the loss; otherwise keep the descent result."""
    f = surface.f(p)
    for _ in range(iterations):
        try:
            step = np.linalg.solve(surface.hess(p), surface.grad(p))
        except np.linalg.LinAlgError:
            break
        q = p - step
        fq = surface.f(q)
        if not (np.isfinite(fq) and fq <= f + 1e-12 * (1 + abs(f))):
            break
        p, f = q, fq
        if np.linalg.norm(step) < 1e-14 * (1 + np.linalg.norm(p)):
            break
    return p


@dataclass(frozen=True)
class Basins:
    """``labels[i, j]``: the index into ``minima`` that plain gradient descent with step size
    ``lr`` reached from (xs[j], ys[i]) within ``steps`` steps; -1 if it still rolled, reached
    no listed minimum, or diverged (``diverged`` marks those)."""

    labels: np.ndarray
    diverged: np.ndarray
    ends: np.ndarray  # (ny, nx, 2) where each ball stopped
    minima: list
    lr: float
    steps: int

    def shares(self) -> np.ndarray:
        """The fraction of grid starts that reach each minimum."""
        counts = np.bincount(self.labels[self.labels >= 0].ravel(), minlength=len(self.minima))
        return counts / self.labels.size


def basins(surface: Surface, xs, ys, minima, *, lr: float, steps: int = 500,
           radius: float | None = None, cancelled=None) -> Basins:
    """Plain gradient descent x ← x − lr·∇f(x) from every grid point at once (vectorised: one
    gradient call per step for the whole grid), then label each start by the minimum within
    ``radius`` (default 2% of the range's diagonal) of where it stopped. Stops early when no
    ball moves more than 1e-9 of the range in a step, or when ``cancelled()`` is True."""
    lr = float(lr)
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a finite number > 0, got {lr}")
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    diag = float(np.hypot(xs[-1] - xs[0], ys[-1] - ys[0]))
    radius = 0.02 * diag if radius is None else float(radius)
    X, Y = np.meshgrid(xs, ys)
    X, Y = X.copy(), Y.copy()
    alive = np.ones(X.shape, dtype=bool)
    far = 1e3 * max(diag, 1.0)
    with np.errstate(all="ignore"):
        for _ in range(int(steps)):
            if cancelled is not None and cancelled():
                break
            gx, gy = surface.gradient(X[alive], Y[alive])
            nx_, ny_ = X[alive] - lr * gx, Y[alive] - lr * gy
            moved = np.hypot(nx_ - X[alive], ny_ - Y[alive])
            X[alive], Y[alive] = nx_, ny_
            bad = ~(np.isfinite(X) & np.isfinite(Y)) | (np.hypot(X, Y) > far)
            alive &= ~bad
            if not np.any(alive) or np.nanmax(np.where(np.isfinite(moved), moved, np.inf),
                                              initial=0.0) < 1e-9 * diag:
                break
    diverged = ~np.isfinite(X) | ~np.isfinite(Y) | (np.hypot(X, Y) > far)
    labels = np.full(X.shape, -1, dtype=np.int64)
    best = np.full(X.shape, np.inf)
    for k, m in enumerate(minima):
        with np.errstate(invalid="ignore"):
            dist = np.hypot(X - m.x, Y - m.y) if isinstance(m, Minimum) else np.hypot(
                X - m[0], Y - m[1])
        hit = (dist < radius) & (dist < best) & ~diverged
        labels[hit] = k
        best[hit] = dist[hit]
    return Basins(labels, diverged, np.stack([X, Y], axis=-1), list(minima), lr, int(steps))
