"""Classic 2-D loss surfaces, and ``descend``: the same optimizers rolling a ball downhill.

Every surface has a vectorised value, exact gradient and exact Hessian (float64, any
broadcastable shapes of x and y), a range to draw, a start point for demos and its known
minima. ``pond()`` is the article's picture: a hillside with a shallow pond on its slope where
plain gradient descent gets stuck, while momentum rolls through it down to the lake.

Optimizers, schedules and clipping are used by duck typing (``step``/``lr``/``reset``,
``lr_at``, ``apply``), so this module needs none of them at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from galton.core.expression import Expression
from galton.core.turns import give_way
from galton.core.validation import build_named


@dataclass
class Surface:
    """A loss f(x, y) to roll a ball on. ``known_minima`` holds (x, y, f), lowest first."""

    name: str
    value: Callable  # (x, y) -> f
    gradient: Callable  # (x, y) -> (fx, fy)
    hessian: Callable  # (x, y) -> (fxx, fxy, fyy)
    default_range: tuple = ((-5.0, 5.0), (-5.0, 5.0))
    default_start: tuple = (4.0, 4.0)
    known_minima: list = field(default_factory=list)
    description: str = ""

    def __post_init__(self):
        self.default_range = tuple((float(a), float(b)) for a, b in self.default_range)
        self.default_start = tuple(float(v) for v in self.default_start)
        self.known_minima = sorted((tuple(float(v) for v in m) for m in self.known_minima),
                                   key=lambda m: m[2])

    # Point-wise conveniences for optimizers, which hold (x, y) as one length-2 array.
    def f(self, p) -> float:
        return float(self.value(p[0], p[1]))

    def grad(self, p) -> np.ndarray:
        gx, gy = self.gradient(p[0], p[1])
        return np.array([float(gx), float(gy)])

    def hess(self, p) -> np.ndarray:
        hxx, hxy, hyy = self.hessian(p[0], p[1])
        return np.array([[float(hxx), float(hxy)], [float(hxy), float(hyy)]])

    def grid(self, n: int = 64, x_range=None, y_range=None):
        """(xs, ys, values (n, n)) over the range, values[i, j] = f(xs[j], ys[i])."""
        (x0, x1), (y0, y1) = x_range or self.default_range[0], y_range or self.default_range[1]
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        return xs, ys, self.value(*np.meshgrid(xs, ys))

    def __repr__(self):
        return f"Surface({self.name!r})"


def _xy(x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return np.broadcast_arrays(x, y)


def _quadratic(name, a, b, **details) -> Surface:
    """f = a x² + b y²: a constant Hessian diag(2a, 2b)."""
    def value(x, y):
        x, y = _xy(x, y)
        return a * x * x + b * y * y

    def gradient(x, y):
        x, y = _xy(x, y)
        return 2 * a * x, 2 * b * y

    def hessian(x, y):
        x, _ = _xy(x, y)
        return np.full(x.shape, 2.0 * a), np.zeros(x.shape), np.full(x.shape, 2.0 * b)

    return Surface(name, value, gradient, hessian, **details)


def refine_minimum(surface: Surface, start, iterations: int = 100) -> tuple[float, float, float]:
    """Newton's method from ``start`` to a stationary point (to ~1e-14 in the step).

    Raises ValueError if it does not settle or lands on a point that is not a minimum.
    """
    p = np.array(start, dtype=np.float64)
    for _ in range(iterations):
        try:
            step = np.linalg.solve(surface.hess(p), surface.grad(p))
        except np.linalg.LinAlgError:
            break
        p = p - step
        if np.linalg.norm(step) < 1e-14 * (1 + np.linalg.norm(p)):
            if np.all(np.linalg.eigvalsh(surface.hess(p)) > 0):
                return float(p[0]), float(p[1]), surface.f(p)
            break
    raise ValueError(f"{surface.name}: no minimum found near {tuple(start)}")


# --- the classics ----------------------------------------------------------------------------
def bowl() -> Surface:
    """f = x² + y², the grad demo of the article: from (4, 4) with step size η, gradient
    descent gives x_n = y_n = 4(1 − 2η)ⁿ."""
    return _quadratic("bowl", 1.0, 1.0, default_range=((-5, 5), (-5, 5)),
                      default_start=(4.0, 4.0), known_minima=[(0.0, 0.0, 0.0)],
                      description="A round bowl: every step points straight at the bottom.")


def elongated_bowl(condition: float = 10.0) -> Surface:
    """f = ½(x² + κy²): Hessian diag(1, κ), so its eigenvalues are exactly 1 and κ and κ is
    the condition number. Gradient descent is stable only for η < 2/κ, and then creeps along
    x by a factor (1 − η) per step: the slow valley floor of an ill-conditioned problem."""
    k = float(condition)
    if not 1 <= k < np.inf:
        raise ValueError(f"condition must be a number >= 1, got {condition!r}")
    return _quadratic(f"elongated_bowl(κ={k:g})", 0.5, 0.5 * k,
                      default_range=((-5, 5), (-2.5, 2.5)), default_start=(-4.5, 1.5),
                      known_minima=[(0.0, 0.0, 0.0)],
                      description="A long narrow valley, steep across and shallow along: too "
                                  "large a step zig-zags across it; momentum helps along it.")


def saddle() -> Surface:
    """f = x² − y²: a stationary point at the origin that is not a minimum, and no minimum
    at all (the loss falls without bound along y)."""
    return _quadratic("saddle", 1.0, -1.0, default_range=((-3, 3), (-3, 3)),
                      default_start=(2.5, 0.01), known_minima=[],
                      description="A saddle: downhill one way, uphill the other. Gradient "
                                  "descent slows near the middle before sliding off.")


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """f = (a − x)² + b(y − x²)²: a curved banana-shaped valley, minimum 0 at (a, a²)."""
    a, b = float(a), float(b)

    def value(x, y):
        x, y = _xy(x, y)
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def gradient(x, y):
        x, y = _xy(x, y)
        return -2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)

    def hessian(x, y):
        x, y = _xy(x, y)
        return 2 - 4 * b * (y - 3 * x * x), -4 * b * x, np.full(x.shape, 2.0 * b)

    return Surface("rosenbrock", value, gradient, hessian, default_range=((-2, 2), (-1, 3)),
                   default_start=(-1.5, 2.0), known_minima=[(a, a * a, 0.0)],
                   description="Rosenbrock's banana: finding the valley is easy, following it "
                               "to the minimum is slow.")


def himmelblau() -> Surface:
    """f = (x² + y − 11)² + (x + y² − 7)²: four minima of value 0. (3, 2) is exact; the
    other three have no simple closed form and are refined by Newton's method to ~1e-15."""
    def value(x, y):
        x, y = _xy(x, y)
        return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2

    def gradient(x, y):
        x, y = _xy(x, y)
        u, v = x * x + y - 11, x + y * y - 7
        return 4 * x * u + 2 * v, 2 * u + 4 * y * v

    def hessian(x, y):
        x, y = _xy(x, y)
        return 12 * x * x + 4 * y - 42, 4 * x + 4 * y, 4 * x + 12 * y * y - 26

    s = Surface("himmelblau", value, gradient, hessian, default_range=((-5, 5), (-5, 5)),
                default_start=(0.0, 0.0),
                description="Himmelblau's function: four valleys of equal depth; where you "
                            "start decides which one you reach.")
    return replace(s, known_minima=[(3.0, 2.0, 0.0)] + [
        refine_minimum(s, p) for p in [(-2.805, 3.131), (-3.779, -3.283), (3.584, -1.848)]])


def rastrigin(A: float = 10.0) -> Surface:
    """f = 2A + Σ (t² − A cos 2πt) over t = x, y: a bumpy bowl with a local minimum near every
    integer point; the global one is 0 at the origin."""
    A, w = float(A), 2 * np.pi

    def value(x, y):
        x, y = _xy(x, y)
        return 2 * A + x * x - A * np.cos(w * x) + y * y - A * np.cos(w * y)

    def gradient(x, y):
        x, y = _xy(x, y)
        return 2 * x + A * w * np.sin(w * x), 2 * y + A * w * np.sin(w * y)

    def hessian(x, y):
        x, y = _xy(x, y)
        return 2 + A * w * w * np.cos(w * x), np.zeros(x.shape), 2 + A * w * w * np.cos(w * y)

    return Surface("rastrigin", value, gradient, hessian, default_range=((-5.12, 5.12),) * 2,
                   default_start=(3.2, -2.1), known_minima=[(0.0, 0.0, 0.0)],
                   description="Rastrigin's egg box: a local minimum near every integer point.")


def plateau(width: float = 1.0) -> Surface:
    """f = 1 − exp(−(x² + y²)/(2σ²)), σ = ``width``: a hole of depth 1 at the origin in
    ground that is almost flat further out. The slope is (r/σ²)·exp(−r²/2σ²), largest at
    r = σ and tiny beyond ~3σ (0.03 at the default start, r ≈ 3.9), so gradient descent crawls
    there before dropping in: the vanishing gradient of a saturated network."""
    s2 = 2 * float(width) ** 2

    def parts(x, y):
        x, y = _xy(x, y)
        return x, y, np.exp(-(x * x + y * y) / s2)

    def value(x, y):
        return 1 - parts(x, y)[2]

    def gradient(x, y):
        x, y, e = parts(x, y)
        return 2 * x / s2 * e, 2 * y / s2 * e

    def hessian(x, y):
        x, y, e = parts(x, y)
        return ((2 / s2 - 4 * x * x / s2 ** 2) * e, -4 * x * y / s2 ** 2 * e,
                (2 / s2 - 4 * y * y / s2 ** 2) * e)

    return Surface("plateau", value, gradient, hessian, default_range=((-4, 4), (-4, 4)),
                   default_start=(3.0, 2.5), known_minima=[(0.0, 0.0, 0.0)],
                   description="A plateau: far from the hole the ground is almost flat, so "
                               "gradient descent barely moves.")


#: The pond's shape: a broad bowl 0.05(x² + y²) with a Gaussian dip of this depth and radius
#: centred on the slope. These values make the pond a true local minimum (0.0676 at
#: (1.829, 1.829)), shallower than the lake (≈ 0 near the origin), and make step size 0.5
#: separate plain gradient descent (stuck) from momentum 0.9 (reaches the lake).
POND: dict[str, Any] = {"depth": 0.3, "center": (2.0, 2.0), "radius": 0.5}


def pond(depth: float = POND["depth"], center=POND["center"], radius: float = POND["radius"]
         ) -> Surface:
    """The pond on the hillside: f = 0.05(x² + y²) − D·exp(−|p − c|²/(2r²)).

    The lake (the global minimum) is at the origin, nudged by ~1e-6 by the dip's far tail;
    the pond is a local minimum on the slope near c. Neither has a closed form, so both are
    found by Newton's method when the surface is built. From the default start (3, 3),
    above the pond, plain gradient descent with step size 0.5 settles in the pond;
    heavy-ball momentum (β = 0.9) carries the ball through it to the lake.
    Raises ValueError if the parameters leave no pond (too shallow or too wide a dip).
    """
    cx, cy = map(float, center)
    r2, D = float(radius) ** 2, float(depth)
    if not (D > 0 and r2 > 0):
        raise ValueError(f"depth and radius must be > 0, got {depth!r} and {radius!r}")

    def parts(x, y):
        x, y = _xy(x, y)
        dx, dy = x - cx, y - cy
        return x, y, dx, dy, D * np.exp(-(dx * dx + dy * dy) / (2 * r2))

    def value(x, y):
        x, y, _, _, g = parts(x, y)
        return 0.05 * (x * x + y * y) - g

    def gradient(x, y):
        x, y, dx, dy, g = parts(x, y)
        return 0.1 * x + g * dx / r2, 0.1 * y + g * dy / r2

    def hessian(x, y):
        x, y, dx, dy, g = parts(x, y)
        return (0.1 + g * (1 / r2 - dx * dx / r2 ** 2), -g * dx * dy / r2 ** 2,
                0.1 + g * (1 / r2 - dy * dy / r2 ** 2))

    s = Surface("pond", value, gradient, hessian, default_range=((-4.5, 4.5), (-4.5, 4.5)),
                default_start=(3.0, 3.0),
                description="A hillside with a pond halfway down: plain gradient descent "
                            "stops in the pond; momentum, noise or a restart finds the lake.")
    minima = []
    for guess in [(0.0, 0.0), (cx, cy)]:
        try:
            minima.append(refine_minimum(s, guess))
        except ValueError:
            pass
    if len(minima) < 2 or np.hypot(*np.subtract(minima[0][:2], minima[1][:2])) < 1e-6:
        raise ValueError(f"pond(depth={depth!r}, center={center!r}, radius={radius!r}) has no "
                         "pond: the dip is too shallow or too wide to hold a local minimum")
    return replace(s, known_minima=minima)  # sorted by value: the lake first


def from_expression(text: str, name: str | None = None, *, default_range=((-5, 5), (-5, 5)),
                    default_start=(4.0, 4.0)) -> Surface:
    """A surface from a formula in x and y, read safely (see galton.core.expression).

    Its minima are unknown, so ``known_minima`` is empty. Raises ExpressionError (a
    ValueError) naming the offending piece and its column.
    """
    expr = Expression(text)
    return Surface(name or expr.text, expr.value, expr.gradient, expr.hessian,
                   default_range=default_range, default_start=default_start,
                   description=f"f(x, y) = {expr.text}")


#: The classic surfaces by name, in the order the landscape dock lists them (the first is its
#: default: the pond, whose two basins lessons start from).
SURFACES = {"pond": pond, "bowl": bowl, "elongated_bowl": elongated_bowl,
            "himmelblau": himmelblau, "rosenbrock": rosenbrock, "rastrigin": rastrigin,
            "saddle": saddle, "plateau": plateau}


def get(name: str, **params) -> Surface:
    """``SURFACES[name](**params)``; a ValueError lists the known names."""
    return build_named("surface", SURFACES, name, params)


# --- rolling a ball: descend ----------------------------------------------------------------
@dataclass
class Path:
    """Where the ball went. ``points`` (n+1, 2) and ``values``/``grad_norms`` (n+1,) hold the
    start and every step kept; ``status`` is "converged" (the gradient norm fell below
    ``tol``), "ran" (all steps done) or "diverged" (``diverged_at`` is the step that ran
    away and ``reason`` says how)."""

    points: np.ndarray
    values: np.ndarray
    grad_norms: np.ndarray
    status: str
    diverged_at: int | None = None
    reason: str = ""

    @property
    def final(self) -> np.ndarray:
        return self.points[-1]

    @property
    def steps(self) -> int:
        return len(self.points) - 1


def _e(v: float) -> str:
    return f"{v:.3g}".replace("e+", "e")  # 1e12, as people write it


def descend(surface: Surface, optimizer, start=None, steps: int = 100, *, schedule=None,
            clip=None, stop_on_divergence: bool = True, tol: float | None = None,
            max_norm: float = 1e12, max_growth: float = 1e12) -> Path:
    """Roll a ball over ``surface``: ``steps`` updates of ``optimizer`` from ``start``
    (default: the surface's ``default_start``).

    ``optimizer`` is anything with ``step(params, grad)`` (in place, float64), a settable
    ``lr`` and ``reset()`` — the galton.optim classes. It is reset first, so momentum from
    an earlier run does not carry over; if ``schedule`` (``lr_at(step)``, 0-based) sets the
    step size, the optimizer's own ``lr`` is put back afterwards. ``clip`` (``apply(grad) ->
    (grad, clipped, norm)``) shapes each gradient before the step.

    Step t (1-based) makes point t. The run stops early with "converged" once the gradient
    norm at the current point is below ``tol`` (default None: run every step). It is
    "diverged" when the point, the loss or the gradient stops being finite, when |p| passes
    ``max_norm`` or when |loss| passes ``max_growth`` × max(|loss at start|, 1); that step's
    point is not kept, so every kept point is finite. Never raises for any of that. With
    ``stop_on_divergence=False`` the run goes on past the two thresholds (reporting the first
    crossing) and stops only at non-finite numbers — to watch a ball fly off.
    """
    p = np.array(surface.default_start if start is None else start, dtype=np.float64)
    if p.shape != (2,) or not np.all(np.isfinite(p)):
        raise ValueError(f"start must be two finite numbers (x, y), got {start!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    optimizer.reset()
    lr0 = optimizer.lr
    with np.errstate(all="ignore"):  # overflow on the way out is what we detect, not an error
        f, g = surface.f(p), surface.grad(p)
        points, values, norms = [p.copy()], [f], [float(np.linalg.norm(g))]
        status, at, reason = "ran", None, ""
        if not (np.isfinite(f) and np.all(np.isfinite(g))):
            return Path(np.array(points), np.array(values), np.array(norms), "diverged", 0,
                        f"the loss or its gradient is not finite at the start {_pair(p)}")
        limit = max_growth * max(abs(f), 1.0)
        try:
            for t in range(1, int(steps) + 1):
                give_way()  # in a window's job: the window first (galton.core.turns)
                if tol is not None and at is None and norms[-1] < tol:
                    status = "converged"
                    break
                if schedule is not None:
                    optimizer.lr = schedule.lr_at(t - 1)
                if clip is not None:
                    g = clip.apply(g)[0]
                q = p.copy()
                optimizer.step(q, np.array(g, dtype=np.float64))
                if np.all(np.isfinite(q)):
                    f, g = surface.f(q), surface.grad(q)
                    problem, fatal = _trouble(q, f, g, t, max_norm, limit)
                else:
                    problem, fatal = f"the point became {_pair(q)} at step {t}", True
                if problem and at is None:
                    status, at, reason = "diverged", t, problem
                elif fatal:  # flying on after the first crossing, until the numbers overflow
                    reason += f"; it flew on until {problem}"
                if fatal or (problem and stop_on_divergence):
                    break
                p = q
                points.append(p.copy())
                values.append(f)
                norms.append(float(np.linalg.norm(g)))
        finally:
            if schedule is not None:
                optimizer.lr = lr0
    if status == "ran" and tol is not None and norms[-1] < tol:
        status = "converged"  # on the very last step
    return Path(np.array(points), np.array(values), np.array(norms), status, at, reason)


def _pair(v) -> str:
    return f"({float(v[0]):g}, {float(v[1]):g})"


def _trouble(q, f, g, t, max_norm, limit) -> tuple[str, bool]:
    """(what went wrong at step t or "", whether the run cannot go on at all)."""
    if not np.isfinite(f):
        return f"the loss became {f} at step {t}", True
    if not np.all(np.isfinite(g)):
        return f"the gradient became {_pair(g)} at step {t}", True
    if np.linalg.norm(q) > max_norm:
        return f"|p| exceeded {_e(max_norm)} at step {t} (is the step size too large?)", False
    if abs(f) > limit:
        return f"|loss| exceeded {_e(limit)} at step {t} (is the step size too large?)", False
    return "", False
