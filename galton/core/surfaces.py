"""Classic 2-D loss surfaces, and ``descend``: the same optimizers rolling a ball downhill.

Every surface has a vectorised value, exact gradient and exact Hessian, a range to draw, a
start point for demos and its known minima. ``pond()`` is the article's picture: a hillside
with a shallow pond on its slope where plain gradient descent gets stuck, while momentum rolls
through it down to the lake at the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from galton.core.expression import Expression
from galton.core.validation import build_named


@dataclass
class Surface:
    name: str
    value: callable  # (x, y) -> f, vectorised
    gradient: callable  # (x, y) -> (fx, fy)
    hessian: callable  # (x, y) -> (fxx, fxy, fyy)
    default_range: tuple = ((-5.0, 5.0), (-5.0, 5.0))
    default_start: tuple = (4.0, 4.0)
    known_minima: list = field(default_factory=list)  # [(x, y, f)]
    description: str = ""

    def f(self, p) -> float:
        return float(self.value(p[0], p[1]))

    def grad(self, p) -> np.ndarray:
        gx, gy = self.gradient(p[0], p[1])
        return np.array([float(gx), float(gy)])

    def hess(self, p) -> np.ndarray:
        hxx, hxy, hyy = self.hessian(p[0], p[1])
        return np.array([[float(hxx), float(hxy)], [float(hxy), float(hyy)]])

    def grid(self, n=64, x_range=None, y_range=None):
        """(xs, ys, values (n, n)) over the range, values[i, j] = f(xs[j], ys[i])."""
        (x0, x1), (y0, y1) = x_range or self.default_range[0], y_range or self.default_range[1]
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        X, Y = np.meshgrid(xs, ys)
        return xs, ys, self.value(X, Y)

    def __repr__(self):
        return f"Surface({self.name!r})"


def _arr(x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return np.broadcast_arrays(x, y)


def refine_minimum(surface: Surface, start, iterations=100) -> tuple[float, float, float]:
    """Newton's method from ``start`` to a stationary point, to ~1e-12."""
    p = np.array(start, dtype=np.float64)
    for _ in range(iterations):
        step = np.linalg.solve(surface.hess(p), surface.grad(p))
        p = p - step
        if np.linalg.norm(step) < 1e-14 * (1 + np.linalg.norm(p)):
            break
    return float(p[0]), float(p[1]), surface.f(p)


def bowl() -> Surface:
    """f = x² + y², the grad_demo of the article."""
    return Surface(
        "bowl",
        lambda x, y: np.square(_arr(x, y)[0]) + np.square(_arr(x, y)[1]),
        lambda x, y: (2 * _arr(x, y)[0], 2 * _arr(x, y)[1]),
        lambda x, y: tuple(np.full(_arr(x, y)[0].shape, v) for v in (2.0, 0.0, 2.0)),
        default_range=((-5, 5), (-5, 5)), default_start=(4.0, 4.0),
        known_minima=[(0.0, 0.0, 0.0)],
        description="A round bowl: every step points straight at the bottom.")


def elongated_bowl(condition: float = 10.0) -> Surface:
    """f = ½(x² + κ y²): Hessian eigenvalues exactly 1 and κ (the condition number)."""
    k = float(condition)
    if not k >= 1:
        raise ValueError(f"condition must be >= 1, got {condition}")
    return Surface(
        f"elongated_bowl(κ={k:g})",
        lambda x, y: 0.5 * (np.square(_arr(x, y)[0]) + k * np.square(_arr(x, y)[1])),
        lambda x, y: (1.0 * _arr(x, y)[0], k * _arr(x, y)[1]),
        lambda x, y: tuple(np.full(_arr(x, y)[0].shape, v) for v in (1.0, 0.0, k)),
        default_range=((-5, 5), (-2, 2)), default_start=(-4.5, 1.5),
        known_minima=[(0.0, 0.0, 0.0)],
        description="A long narrow valley: steep across, shallow along. Too large a step "
                    "zig-zags across it; momentum helps along it.")


def saddle() -> Surface:
    """f = x² − y²: a stationary point that is not a minimum."""
    return Surface(
        "saddle",
        lambda x, y: np.square(_arr(x, y)[0]) - np.square(_arr(x, y)[1]),
        lambda x, y: (2 * _arr(x, y)[0], -2 * _arr(x, y)[1]),
        lambda x, y: tuple(np.full(_arr(x, y)[0].shape, v) for v in (2.0, 0.0, -2.0)),
        default_range=((-3, 3), (-3, 3)), default_start=(2.5, 0.01), known_minima=[],
        description="A saddle: downhill one way, uphill the other. Gradient descent slows "
                    "near the middle before sliding off.")


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """f = (a − x)² + b (y − x²)²: a curved banana-shaped valley, minimum at (a, a²)."""
    def value(x, y):
        x, y = _arr(x, y)
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def gradient(x, y):
        x, y = _arr(x, y)
        return -2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)

    def hessian(x, y):
        x, y = _arr(x, y)
        return 2 - 4 * b * (y - 3 * x * x), -4 * b * x, np.full(x.shape, 2.0 * b)

    return Surface("rosenbrock", value, gradient, hessian, default_range=((-2, 2), (-1, 3)),
                   default_start=(-1.5, 2.0), known_minima=[(a, a * a, 0.0)],
                   description="Rosenbrock's banana: finding the valley is easy, following it "
                               "to the minimum is slow.")


def himmelblau() -> Surface:
    """f = (x² + y − 11)² + (x + y² − 7)²: four minima of value 0."""
    def value(x, y):
        x, y = _arr(x, y)
        return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2

    def gradient(x, y):
        x, y = _arr(x, y)
        u, v = x * x + y - 11, x + y * y - 7
        return 4 * x * u + 2 * v, 2 * u + 4 * y * v

    def hessian(x, y):
        x, y = _arr(x, y)
        return 12 * x * x + 4 * y - 42, 4 * x + 4 * y, 4 * x + 12 * y * y - 26

    s = Surface("himmelblau", value, gradient, hessian, default_range=((-5, 5), (-5, 5)),
                default_start=(0.0, 0.0),
                description="Himmelblau's function: four valleys of equal depth; where you "
                            "start decides which one you reach.")
    s.known_minima = [refine_minimum(s, p) for p in
                      [(3, 2), (-2.805, 3.131), (-3.779, -3.283), (3.584, -1.848)]]
    return s


def rastrigin(A: float = 10.0) -> Surface:
    """f = 2A + Σ (t² − A cos 2πt): a bumpy bowl with a local minimum near every integer."""
    w = 2 * np.pi

    def value(x, y):
        x, y = _arr(x, y)
        return 2 * A + x * x - A * np.cos(w * x) + y * y - A * np.cos(w * y)

    def gradient(x, y):
        x, y = _arr(x, y)
        return 2 * x + A * w * np.sin(w * x), 2 * y + A * w * np.sin(w * y)

    def hessian(x, y):
        x, y = _arr(x, y)
        return 2 + A * w * w * np.cos(w * x), np.zeros(x.shape), 2 + A * w * w * np.cos(w * y)

    return Surface("rastrigin", value, gradient, hessian, default_range=((-5.12, 5.12),) * 2,
                   default_start=(3.2, -2.1), known_minima=[(0.0, 0.0, 0.0)],
                   description="Rastrigin's egg box: a local minimum near every integer point.")


def plateau(width: float = 1.0) -> Surface:
    """f = 1 − exp(−(x² + y²)/(2σ²)): flat far from the centre, where the gradient is ~0."""
    s2 = 2 * float(width) ** 2

    def value(x, y):
        x, y = _arr(x, y)
        return 1 - np.exp(-(x * x + y * y) / s2)

    def gradient(x, y):
        x, y = _arr(x, y)
        e = np.exp(-(x * x + y * y) / s2)
        return 2 * x / s2 * e, 2 * y / s2 * e

    def hessian(x, y):
        x, y = _arr(x, y)
        e = np.exp(-(x * x + y * y) / s2)
        return ((2 / s2 - 4 * x * x / s2 ** 2) * e, -4 * x * y / s2 ** 2 * e,
                (2 / s2 - 4 * y * y / s2 ** 2) * e)

    return Surface("plateau", value, gradient, hessian, default_range=((-4, 4), (-4, 4)),
                   default_start=(3.0, 2.5), known_minima=[(0.0, 0.0, 0.0)],
                   description="A plateau: far from the hole the ground is almost flat, so "
                               "gradient descent barely moves.")


#: The pond: a broad bowl 0.05(x² + y²) with a Gaussian dip of depth D and width r at c.
#: These values make the pond a true local minimum (value ≈ 0.068 at (1.83, 1.83)) that is
#: shallower than the lake (0 at the origin), and step size 0.5 separates GD from momentum.
POND = {"depth": 0.3, "center": (2.0, 2.0), "radius": 0.5}


def pond(depth: float = POND["depth"], center=POND["center"], radius: float = POND["radius"]
         ) -> Surface:
    """The pond on the hillside: f = 0.05·(x² + y²) − D·exp(−|p − c|²/(2r²)).

    The lake (global minimum) is at the origin; the pond is a local minimum on the slope near
    c. From the default start (3, 3), above the pond, plain gradient descent (step size 0.5)
    settles in it; heavy-ball momentum (β = 0.9) carries the ball through it to the lake.
    """
    cx, cy = map(float, center)
    r2 = float(radius) ** 2
    D = float(depth)

    def parts(x, y):
        x, y = _arr(x, y)
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
    s.known_minima = [refine_minimum(s, (0.0, 0.0)), refine_minimum(s, (cx, cy))]
    s.known_minima.sort(key=lambda m: m[2])
    return s


def from_expression(text: str, name: str | None = None, *, default_range=((-5, 5), (-5, 5)),
                    default_start=(4.0, 4.0)) -> Surface:
    """A surface from a safe formula in x and y (see galton.core.expression)."""
    expr = Expression(text)
    return Surface(name or expr.text, expr.value, expr.gradient, expr.hessian,
                   default_range=default_range, default_start=default_start,
                   description=f"f(x, y) = {expr.text}")


SURFACES = {"bowl": bowl, "elongated_bowl": elongated_bowl, "saddle": saddle,
            "rosenbrock": rosenbrock, "himmelblau": himmelblau, "rastrigin": rastrigin,
            "plateau": plateau, "pond": pond}


def get(name: str, **params) -> Surface:
    return build_named("surface", SURFACES, name, params)


# --- descent ---------------------------------------------------------------------------------
@dataclass
class Path:
    """Where the ball went: points (steps+1, 2), values, gradient norms, how it ended."""

    points: np.ndarray
    values: np.ndarray
    grad_norms: np.ndarray
    status: str  # "converged", "ran" or "diverged"
    diverged_at: int | None = None
    reason: str = ""

    @property
    def final(self) -> np.ndarray:
        return self.points[-1]

    @property
    def steps(self) -> int:
        return len(self.points) - 1


def descend(surface: Surface, optimizer, start=None, steps: int = 100, *, schedule=None,
            clip=None, tol: float | None = None, max_norm: float = 1e12) -> Path:
    """Run ``optimizer`` on ``surface`` from ``start`` for up to ``steps`` steps.

    Stops early when the gradient norm drops below ``tol`` ("converged"), or on divergence:
    a non-finite value or gradient, or the point leaving |p| <= ``max_norm`` ("diverged", with
    the step and the reason; the path keeps the last finite point). Never raises for that.
    """
    p = np.array(surface.default_start if start is None else start, dtype=np.float64)
    if p.shape != (2,) or not np.all(np.isfinite(p)):
        raise ValueError(f"start must be two finite numbers (x, y), got {start!r}")
    points, values, norms = [p.copy()], [surface.f(p)], []
    status, at, reason = "ran", None, ""
    with np.errstate(all="ignore"):
        for t in range(int(steps)):
            g = surface.grad(p)
            norms.append(float(np.linalg.norm(g)))
            if not np.all(np.isfinite(g)):
                status, at, reason = "diverged", t, f"the gradient became non-finite at step {t}"
                break
            if tol is not None and norms[-1] < tol:
                status = "converged"
                break
            if schedule is not None:
                optimizer.lr = schedule.lr_at(t)
            if clip is not None:
                g, _, _ = clip.apply(g)
            trial = p.copy()
            optimizer.step(trial, g)
            value = surface.f(trial)
            if not np.all(np.isfinite(trial)) or not np.isfinite(value):
                status, at, reason = "diverged", t, f"the loss became {value} at step {t}"
                break
            if np.linalg.norm(trial) > max_norm:
                status, at = "diverged", t
                reason = f"|p| exceeded {max_norm:g} at step {t} — is the step size too large?"
                break
            p = trial
            points.append(p.copy())
            values.append(value)
    if len(norms) < len(points):
        norms.append(float(np.linalg.norm(surface.grad(p))))
    return Path(np.array(points), np.array(values), np.array(norms[: len(points)]), status, at,
                reason)
