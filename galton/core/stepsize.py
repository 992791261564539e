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


def step_sizes_around_edge(surface: Surface, start=None, lr: float = 0.1) -> list[float]:
    """Four step sizes placed around the divergence threshold 2/λ_max at ``start``, so that
    the four runs differ whatever the surface's scale: 0.02, 0.3, 0.9 and 1.15 of it (where
    the threshold is not finite: ``lr``/10, ``lr``, 3·``lr`` and 10·``lr``). What the
    landscape dock's step-size race and a data lesson's ``race = "step_sizes"`` run."""
    start = surface.default_start if start is None else tuple(start)
    edge = divergence_threshold(surface_sharpness(surface, start))
    if np.isfinite(edge):
        return [v * edge for v in (0.02, 0.3, 0.9, 1.15)]
    return [lr / 10, lr, 3 * lr, 10 * lr]


def step_size_race(surface: Surface, lrs, *, momentum: float = 0.0, start=None,
                   steps: int = 60) -> list[Racer]:
    """The classic lesson: the same optimizer with several step sizes, each labelled by η and
    by what its run did (creeping, good, oscillating, diverging: ``describe_run``), not by a
    formula at the start (a run labelled "diverging" from the start's sharpness stayed
    between 0.6 and 3.2)."""
    from galton.core.optim import SGD

    start = surface.default_start if start is None else tuple(start)
    entries = [(f"η = {lr:.3g}", SGD(lr, momentum=momentum)) for lr in lrs]
    racers = race(surface, entries, start=start, steps=steps)
    return [labelled(surface, r, lr, momentum) for r, lr in zip(racers, lrs, strict=True)]


def labelled(surface: Surface, racer: Racer, lr: float, momentum: float = 0.0) -> Racer:
    """``racer`` with what its run did added to its label, and η·λ_max where it ended."""
    words, lam = describe_run(surface, racer.path, lr, momentum)
    sharp = f"; η·λ_max {lr * lam:.2g} at the end" if np.isfinite(lam) else ""
    return Racer(f"{racer.label} ({words}{sharp})", racer.path, racer.color)


def describe_run(surface: Surface, path: Path, lr: float, momentum: float = 0.0):
    """(words, λ_max where the run ended): what the run did, from its numbers, not from the
    threshold at the start (the sharpness changes along the way, and far from a minimum a
    surface is no quadratic).

    * diverging: the run was stopped for diverging, or its loss ended far above the start;
    * oscillating: most steps turn back on the one before (the ball jumps across the valley),
      "without settling" when the loss still swings as much at the end as early on;
    * creeping: no oscillation, and the gradient is still over a quarter of what it was;
    * good: otherwise (it went down and settled)."""
    v = np.asarray(path.values, dtype=np.float64)
    lam = float("nan")
    if np.all(np.isfinite(path.final)):
        try:
            lam = surface_sharpness(surface, path.final)
        except (FloatingPointError, ValueError, np.linalg.LinAlgError):
            pass
    if path.status == "diverged" or not np.all(np.isfinite(v)) or (
            v.size > 1 and abs(v[-1] - v.min()) > 10 * max(abs(v[0] - v.min()), 1e-300)
            and v[-1] > v[0]):
        return "too large: diverging", lam
    moves = np.diff(path.points, axis=0)
    if len(moves) >= 3:
        dots = np.sum(moves[1:] * moves[:-1], axis=1)
        scale = np.linalg.norm(moves[1:], axis=1) * np.linalg.norm(moves[:-1], axis=1)
        real = scale > 1e-12 * max(1.0, float(np.max(np.abs(path.points))))
        if real.sum() >= 2 and np.mean(dots[real] < 0) > 0.5:
            q = max(2, len(v) // 4)
            early, late = np.ptp(v[:q]), np.ptp(v[-q:])
            if late >= 0.5 * early and late > 1e-9 * max(1.0, abs(v[-1])):
                return "too large: oscillating without settling", lam
            return "large: oscillating", lam
    norms = np.asarray(path.grad_norms, dtype=np.float64)
    if norms.size > 1 and norms[-1] > 0.25 * norms[0]:
        return "too small: creeping", lam
    return "good", lam


def describe_step(lr: float, threshold: float) -> str:
    """Words for a step size relative to the divergence threshold of a quadratic (what a run
    is expected to do; ``describe_run`` says what one did)."""
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
