"""Fitting scaling laws L(x) = (x_c / x)^α + L∞, with bootstrap confidence intervals.

For a fixed floor L∞ the law is a straight line in log-log coordinates,
log(L − L∞) = α·log x_c − α·log x, so only L∞ needs a nonlinear search ("variable
projection"): for each candidate floor, ordinary least squares gives α and x_c, and the floor
minimising the squared error in log L is kept (scanned on a grid, then refined by golden-
section search). This needs no starting guess and no scipy. Uncertainty comes from a
bootstrap over the runs (resampled with replacement), reported as percentile intervals.

Kaplan et al. 2020 ("Scaling Laws for Neural Language Models") report α_N ≈ 0.076 for
parameters and α_D ≈ 0.095 for data; galton draws lines of those slopes for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.core.turns import give_way

KAPLAN = {"N": 0.076, "D": 0.095, "C": 0.050}


@dataclass(frozen=True)
class PowerLaw:
    alpha: float
    x_c: float
    floor: float  # L∞
    rmse: float  # in log L
    n: int
    alpha_ci: tuple = (float("nan"), float("nan"))
    floor_ci: tuple = (float("nan"), float("nan"))

    def __call__(self, x):
        x = np.asarray(x, dtype=np.float64)
        return (self.x_c / x) ** self.alpha + self.floor

    def describe(self, name: str = "x") -> str:
        lo, hi = self.alpha_ci
        ci = f" (95% CI {lo:.3f}…{hi:.3f})" if np.isfinite(lo) else ""
        return (f"L({name}) = ({self.x_c:.3g}/{name})^{self.alpha:.3f} + {self.floor:.4g}{ci}, "
                f"{self.n} runs")


def _solve(lx, L, floor):
    """(alpha, log x_c, sse in log L) of the least-squares line for this floor."""
    give_way()  # ~120 of these a fit: in the lab's job, the window goes first
    r = L - floor
    if np.any(r <= 0):
        return np.nan, np.nan, np.inf
    ly = np.log(r)
    A = np.column_stack([np.ones_like(lx), -lx])
    (c0, alpha), *_ = np.linalg.lstsq(A, ly, rcond=None)
    if not alpha > 0:
        return np.nan, np.nan, np.inf
    log_xc = c0 / alpha
    pred = np.exp(alpha * (log_xc - lx)) + floor
    return alpha, log_xc, float(np.sum((np.log(pred) - np.log(L)) ** 2))


def _fit(lx, L, fit_floor=True):
    low = float(L.min())
    if not fit_floor:
        a, lc, sse = _solve(lx, L, 0.0)
        return a, lc, 0.0, sse
    # The floor lies in [0, min L); scan it, then refine around the best cell.
    grid = low * (1 - np.geomspace(1.0, 1e-6, 60))
    sses = [(_solve(lx, L, f)[2], f) for f in grid]
    k = int(np.argmin([s for s, _ in sses]))
    a, b = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
    phi = (np.sqrt(5) - 1) / 2
    c, d = b - phi * (b - a), a + phi * (b - a)
    fc, fd = _solve(lx, L, c)[2], _solve(lx, L, d)[2]
    for _ in range(60):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - phi * (b - a)
            fc = _solve(lx, L, c)[2]
        else:
            a, c, fc = c, d, fd
            d = a + phi * (b - a)
            fd = _solve(lx, L, d)[2]
    best = min([(sses[k][0], sses[k][1]), (fc, c), (fd, d)])
    alpha, log_xc, sse = _solve(lx, L, best[1])
    return alpha, log_xc, best[1], sse


def fit_power_law(x, loss, *, fit_floor: bool = True, bootstrap: int = 200, seed=0,
                  level: float = 0.95) -> PowerLaw:
    """Fit L = (x_c/x)^α + L∞ to runs (x, loss); x, loss > 0, at least 3 distinct x.

    ``fit_floor=False`` fixes L∞ = 0 (a pure power law). ``bootstrap`` resamples (0: no
    intervals)."""
    x = np.asarray(x, dtype=np.float64).ravel()
    L = np.asarray(loss, dtype=np.float64).ravel()
    if x.shape != L.shape:
        raise ValueError(f"x and loss differ in length: {x.size} vs {L.size}")
    ok = np.isfinite(x) & np.isfinite(L) & (x > 0) & (L > 0)
    x, L = x[ok], L[ok]
    if np.unique(x).size < 3:
        raise ValueError("a power law needs runs at 3 or more distinct sizes (with finite, "
                         "positive losses)")
    lx = np.log(x)
    alpha, log_xc, floor, sse = _fit(lx, L, fit_floor)
    if not np.isfinite(alpha):
        raise ValueError("the losses do not fall with size: no power law fits")
    alphas, floors = [], []
    rng = np.random.default_rng(seed)
    for _ in range(int(bootstrap)):
        idx = rng.integers(0, x.size, x.size)
        if np.unique(x[idx]).size < 3:
            continue
        a, _, f, _ = _fit(lx[idx], L[idx], fit_floor)
        if np.isfinite(a):
            alphas.append(a)
            floors.append(f)
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    a_ci = tuple(np.percentile(alphas, q)) if len(alphas) >= 10 else (np.nan, np.nan)
    f_ci = tuple(np.percentile(floors, q)) if len(floors) >= 10 else (np.nan, np.nan)
    return PowerLaw(float(alpha), float(np.exp(log_xc)), float(floor),
                    float(np.sqrt(sse / x.size)), int(x.size), tuple(map(float, a_ci)),
                    tuple(map(float, f_ci)))


def frontier(compute, loss) -> np.ndarray:
    """Indices of the compute-optimal runs: sorted by compute, each reaching a lower loss
    than every cheaper run (the lower envelope of loss vs compute)."""
    compute = np.asarray(compute, dtype=np.float64)
    loss = np.asarray(loss, dtype=np.float64)
    order = np.argsort(compute, kind="stable")
    best = np.inf
    keep = []
    for i in order:
        if np.isfinite(loss[i]) and loss[i] < best:
            keep.append(int(i))
            best = loss[i]
    return np.array(keep, dtype=np.int64)
