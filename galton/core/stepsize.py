"""What the step size does: sharpness, the divergence threshold, sweeps and races.

On a quadratic with Hessian H, gradient descent multiplies the error along the top eigenvector
by (1 − η·λ_max) each step, so it diverges once η > 2/λ_max; heavy-ball momentum β (PyTorch's
convention, v ← βv + g) moves that edge to (2 + 2β)/λ_max. Near a minimum every smooth loss is
such a quadratic, which is why λ_max — the *sharpness* — sets the largest usable step size, and
why training at a fixed η tends to drift to where λ_max ≈ 2/η ("the edge of stability",
Cohen et al. 2021).

λ_max is found by power iteration on Hessian-vector products, never forming H: exact for the
2-D surfaces, by central differences of exact gradients for the board (two gradient
evaluations per product).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.core.surfaces import Path, Surface, descend


def top_eigenvalue(hvp, shape, *, iterations: int = 100, tol: float = 1e-7, seed=0):
    """(λ, v): the largest (most positive) eigenvalue of the symmetric operator ``hvp`` and
    its unit eigenvector, by power iteration.

    Plain power iteration finds the eigenvalue largest in *magnitude*; where that one is
    negative (a saddle, a concave direction), the iteration is repeated on H − λ₁·I, whose
    largest-magnitude eigenvalue is then λ_max − λ₁ ≥ 0."""
    rng = np.random.default_rng(seed)
    lam, v = _power(hvp, rng.standard_normal(shape), iterations, tol)
    if lam < 0:
        shift = lam
        mu, v = _power(lambda u: hvp(u) - shift * u, rng.standard_normal(shape), iterations, tol)
        lam = mu + shift
    return float(lam), v


def _power(hvp, v, iterations, tol):
    v = v / np.linalg.norm(v)
    lam = 0.0
    for _ in range(int(iterations)):
        w = hvp(v)
        new = float(np.sum(v * w))  # Rayleigh quotient
        norm = float(np.linalg.norm(w))
        if not np.isfinite(norm):
            raise FloatingPointError("the Hessian-vector product is not finite")
        if norm == 0:
            return 0.0, v
        v = w / norm
        if abs(new - lam) <= tol * max(1.0, abs(new)):
            lam = new
            break
        lam = new
    return lam, v


def surface_hvp(surface: Surface, point):
    H = surface.hess(np.asarray(point, dtype=np.float64))
    return lambda v: H @ v


def gradient_hvp(grad, x, eps: float | None = None):
    """H·v ≈ (∇f(x + εv) − ∇f(x − εv)) / 2ε with ε scaled to |x| (error O(ε²))."""
    x = np.asarray(x, dtype=np.float64)
    if eps is None:
        eps = 1e-4 * max(1.0, float(np.linalg.norm(x))) ** 0.5

    def hvp(v):
        nv = float(np.linalg.norm(v))
        if nv == 0:
            return np.zeros_like(v)
        h = eps / nv
        return (grad(x + h * v) - grad(x - h * v)) / (2 * h)

    return hvp


def surface_sharpness(surface: Surface, point) -> float:
    return top_eigenvalue(surface_hvp(surface, point), (2,))[0]


def board_sharpness(board, X, y, *, theta=None, loss="cross_entropy", iterations: int = 30,
                    tol: float = 1e-4, seed=0, engine=None) -> float:
    """λ_max of the Hessian of the board's mean loss on (X, y) at ``theta`` (default: now)."""
    from galton.core.losses import loss_and_grad

    work = board.copy()
    if engine is not None:
        work.engine = engine
    x0 = board.theta if theta is None else board.check_theta(theta)

    def grad(t):
        work.theta = t
        return loss_and_grad(work, X, y, loss)[1]

    return top_eigenvalue(gradient_hvp(grad, x0), x0.shape, iterations=iterations, tol=tol,
                          seed=seed)[0]


def divergence_threshold(lam_max: float, momentum: float = 0.0) -> float:
    """The largest stable step size on a quadratic of sharpness ``lam_max``: (2 + 2β)/λ_max
    (β = 0: 2/λ_max). inf where the curvature is not positive."""
    lam_max = float(lam_max)
    return float("inf") if lam_max <= 0 else (2.0 + 2.0 * float(momentum)) / lam_max


@dataclass(frozen=True)
class Sweep:
    """Final loss against step size; ``threshold`` is (2 + 2β)/λ_max at the start."""

    lrs: np.ndarray
    final_losses: np.ndarray  # nan where the run diverged
    statuses: tuple
    sharpness: float
    momentum: float
    threshold: float
    paths: tuple

    def first_divergent(self) -> float | None:
        bad = [lr for lr, s in zip(self.lrs, self.statuses, strict=True) if s == "diverged"]
        return float(min(bad)) if bad else None


def sweep(surface: Surface, lrs, *, momentum: float = 0.0, nesterov: bool = False, start=None,
          steps: int = 100, max_growth: float = 1e6) -> Sweep:
    """Run SGD (with ``momentum``) from ``start`` for every step size in ``lrs``."""
    from galton.core.optim import SGD

    lrs = np.asarray(sorted(float(v) for v in lrs))
    if lrs.size == 0 or not np.all(np.isfinite(lrs)) or np.any(lrs <= 0):
        raise ValueError("step sizes must be finite numbers > 0")
    start = surface.default_start if start is None else tuple(start)
    paths, finals, statuses = [], [], []
    for lr in lrs:
        path = descend(surface, SGD(lr, momentum=momentum, nesterov=nesterov), start, steps,
                       max_growth=max_growth)
        paths.append(path)
        statuses.append(path.status)
        finals.append(np.nan if path.status == "diverged" else path.values[-1])
    lam = surface_sharpness(surface, start)
    return Sweep(lrs, np.array(finals), tuple(statuses), lam, float(momentum),
                 divergence_threshold(lam, momentum), tuple(paths))


def log_lrs(low: float = 1e-3, high: float = 10.0, n: int = 41) -> np.ndarray:
    return np.logspace(np.log10(low), np.log10(high), int(n))


@dataclass(frozen=True)
class Racer:
    label: str
    path: Path
    color: tuple


#: Distinct, colour-blind-safe trail colours (Okabe–Ito).
RACE_COLORS = ((0.90, 0.62, 0.0), (0.34, 0.71, 0.91), (0.0, 0.62, 0.45), (0.94, 0.89, 0.26),
               (0.0, 0.45, 0.70), (0.84, 0.37, 0.0), (0.80, 0.47, 0.65), (1.0, 1.0, 1.0))


def race(surface: Surface, entries, *, start=None, steps: int = 100) -> list[Racer]:
    """Several optimizers from the same start on the same surface. ``entries`` holds
    (label, optimizer) pairs; each gets its own colour and ``descend`` path (kept past the
    divergence thresholds, so a divergent racer is seen flying off)."""
    start = surface.default_start if start is None else tuple(start)
    out = []
    for k, (label, optimizer) in enumerate(entries):
        path = descend(surface, optimizer, start, steps, stop_on_divergence=False)
        out.append(Racer(str(label), path, RACE_COLORS[k % len(RACE_COLORS)]))
    return out


def step_size_race(surface: Surface, lrs, *, momentum: float = 0.0, start=None,
                   steps: int = 60) -> list[Racer]:
    """The classic lesson: the same optimizer with several step sizes, labelled by η and by
    how it relates to the threshold 2/λ_max (creeping, good, oscillating, divergent)."""
    from galton.core.optim import SGD

    start = surface.default_start if start is None else tuple(start)
    edge = divergence_threshold(surface_sharpness(surface, start), momentum)
    entries = [(f"η = {lr:g} ({describe_step(lr, edge)})", SGD(lr, momentum=momentum))
               for lr in lrs]
    return race(surface, entries, start=start, steps=steps)


def describe_step(lr: float, threshold: float) -> str:
    """Words for a step size relative to the divergence threshold of a quadratic."""
    r = lr / threshold
    if r < 0.05:
        return "too small: creeping"
    if r <= 0.5:
        return "good"
    if r < 1.0:
        return "large: oscillating"
    if r == 1.0:
        return "at the edge: oscillating forever"
    return "too large: diverging"


@dataclass
class SharpnessTrace:
    steps: list
    sharpness: list
    edge: list  # 2/η at those steps

    def as_arrays(self):
        return np.array(self.steps), np.array(self.sharpness), np.array(self.edge)


def track_sharpness(trainer, steps: int, every: int = 10, *, iterations: int = 20,
                    trace: SharpnessTrace | None = None) -> SharpnessTrace:
    """Train ``steps`` steps, measuring λ_max on the training balls every ``every`` steps
    (and at the start) against the edge-of-stability line 2/η."""
    trace = trace or SharpnessTrace([], [], [])
    every = max(1, int(every))

    def measure():
        lam = board_sharpness(trainer.board, trainer.X, trainer.y, loss=trainer.loss,
                              iterations=iterations)
        lr = trainer.lr
        trace.steps.append(trainer.step_count)
        trace.sharpness.append(lam)
        trace.edge.append(2.0 / lr if lr > 0 else float("inf"))

    measure()
    for k in range(1, int(steps) + 1):
        trainer.step()
        if trainer.status == "diverged":
            break
        if k % every == 0:
            measure()
    return trace
