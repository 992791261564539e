"""Lesson 7, the pond on the hillside: a local minimum traps plain gradient descent.

The surface is ``surfaces.pond()``: a broad bowl 0.05(x² + y²) whose lowest point, the lake
(loss 0), is at the origin, with a Gaussian dip on its slope — the pond, a true local minimum
of loss 0.0676 at (1.829, 1.829). From (3, 3), above the pond, plain gradient descent with step
size 0.5 rolls into the pond and stays there: the gradient is zero at its bottom. Three ways
out: momentum (the ball keeps its speed and rolls over the rim), noise (a shaken ball hops out;
the shaking is then turned down so it settles) and a restart from somewhere else. The last step
maps the basins of attraction: from which starts plain descent ends in the lake.
"""

from __future__ import annotations

import numpy as np

from galton.core import minima as minima_
from galton.core import surfaces
from galton.core.optim import SGD
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Plot, Surface, Trail

START = (3.0, 3.0)
LR = 0.5
STEPS = 300
#: Grid of the drawn surface and of the basins map (the range is the surface's default).
GRID = 81
#: A ball counts as in a minimum when it ends this close to it.
NEAR = 0.05
#: The noisy run: shaken for the first ANNEAL steps (the shaking fades linearly to 0), then
#: plain descent; NOISY_BALLS balls with the same settings give the escape rate.
ANNEAL = 200
NOISY_BALLS = 200


def surface():
    return surfaces.pond()


def _grid():
    s = surface()
    (x0, x1), (y0, y1) = s.default_range
    xs, ys = np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID)
    return xs, ys, s.value(*np.meshgrid(xs, ys))


def _where(run, point) -> str:
    """"lake", "pond" or "" for a final point."""
    for name in ("lake", "pond"):
        if np.hypot(point[0] - run.values[f"{name}_x"], point[1] - run.values[f"{name}_y"]) < NEAR:
            return name
    return ""


def noisy_descent(surf, start, lr: float, sigma: float, steps: int, anneal: int, seed: int,
                  balls: int = 1) -> np.ndarray:
    """Gradient descent with a shaken gradient, for ``balls`` balls at once:

        p ← p − η·(∇f(p) + σₜ·ξ),   ξ ~ N(0, I),   σₜ = σ·(1 − t/anneal) for t < anneal, then 0.

    Returns the paths (balls, steps + 1, 2). The noise is drawn up front from one seeded
    generator, ball 0 first in every step, so a seed always gives the same paths."""
    rng = np.random.default_rng(seed)
    xi = rng.standard_normal((steps, balls, 2))
    paths = np.empty((balls, steps + 1, 2))
    p = np.tile(np.asarray(start, dtype=np.float64), (balls, 1))
    paths[:, 0] = p
    for t in range(steps):
        gx, gy = surf.gradient(p[:, 0], p[:, 1])
        scale = sigma * max(0.0, 1.0 - t / anneal) if anneal > 0 else 0.0
        p = p - lr * (np.stack([gx, gy], axis=1) + scale * xi[t])
        paths[:, t + 1] = p
    return paths


def _store(run, prefix: str, points, label_key: str):
    s = surface()
    points = np.asarray(points)
    values = s.value(points[:, 0], points[:, 1])
    run.values[f"{prefix}_path"] = points
    run.values[f"{prefix}_losses"] = values
    run.values[f"{prefix}_x"] = float(points[-1, 0])
    run.values[f"{prefix}_y"] = float(points[-1, 1])
    run.values[f"{prefix}_loss"] = float(values[-1])
    run.values[f"{prefix}_end"] = _where(run, points[-1])
    run.values[f"{prefix}_where"] = run.text(f"in_{_where(run, points[-1]) or 'between'}")
    run.values[f"{prefix}_label"] = run.text(label_key)


def setup(run):
    """The two minima, found live on the grid and refined (the text quotes them)."""
    xs, ys, Z = _grid()
    found = minima_.find_minima(surface(), xs, ys, Z)
    lake, pond = found[0], found[1]
    run.values.update(lake_x=lake.x, lake_y=lake.y, lake_loss=lake.loss, pond_x=pond.x,
                      pond_y=pond.y, pond_loss=pond.loss, minima_count=len(found))
    # The rim: the highest point on the straight way from the pond down to the lake.
    t = np.linspace(0.0, 1.0, 2001)
    rim = surface().value(pond.x * t, pond.y * t)
    k = int(np.argmax(rim))
    run.values.update(rim_loss=float(rim[k]), rim_x=float(pond.x * t[k]),
                      rim_height=float(rim[k] - pond.loss))


def _surface(run, trails=(), basins=None) -> Surface:
    xs, ys, Z = _grid()
    v = run.values
    return Surface(xs, ys, Z, title=run.text("surface_title"), trails=list(trails),
                   markers=[(v["lake_x"], v["lake_y"], v["lake_loss"], run.text("lake")),
                            (v["pond_x"], v["pond_y"], v["pond_loss"], run.text("pond")),
                            (START[0], START[1], surface().f(START), run.text("start"))],
                   basins=basins)


def _trail(run, prefix, color) -> list:
    if f"{prefix}_path" not in run.values:
        return []
    return [Trail(run.values[f"{prefix}_path"], run.values[f"{prefix}_losses"],
                  run.values[f"{prefix}_label"], color)]


def _loss_plot(run, prefixes) -> Plot:
    plot = Plot(title=run.text("loss_title"), xlabel=run.text("step"), ylabel=run.text("loss"))
    for prefix, color in prefixes:
        if f"{prefix}_losses" in run.values:
            losses = run.values[f"{prefix}_losses"]
            plot.curves.append(Curve(np.arange(losses.size), losses,
                                     run.values[f"{prefix}_label"], color, "line"))
    plot.lines.append(Line(run.values["pond_loss"], "y", run.text("pond"), "grey"))
    return plot


def _figure(run, prefixes):
    trails = [t for prefix, color in prefixes for t in _trail(run, prefix, color)]
    return Figure.of(_surface(run, trails), _loss_plot(run, prefixes))


# --- step 1: the surface and its two minima -------------------------------------------------------
def show_surface(run):
    pass  # the minima were found when the lesson started; "Do it" shows them


def surface_figure(run):
    v = run.values
    t = np.linspace(-1.0, 4.5, 221)
    section = Plot(title=run.text("section_title"), xlabel="x = y", ylabel=run.text("loss"))
    section.curves.append(Curve(t, surface().value(t, t), run.text("loss"), "blue", "line"))
    section.lines.append(Line(v["pond_x"], "x", run.text("pond"), "sky"))
    section.lines.append(Line(v["rim_x"], "x", run.text("rim"), "grey"))
    section.lines.append(Line(v["lake_x"], "x", run.text("lake"), "green"))
    return Figure.of(_surface(run), section)


# --- step 2: plain gradient descent is trapped ----------------------------------------------------
def plain(run):
    lr = float(run.params["lr"])
    path = surfaces.descend(surface(), SGD(lr=lr), START, STEPS)
    _store(run, "plain", path.points, "plain_label")
    run.values["plain_lr"] = lr
    run.values["plain_grad"] = float(path.grad_norms[-1])
    run.conclude("plain_verdict", run.values["plain_end"] or "between")


def trapped(run) -> bool:
    return run.values.get("plain_end") == "pond"


def plain_figure(run):
    return _figure(run, [("plain", "red")])


# --- step 3: momentum escapes ---------------------------------------------------------------------
def momentum(run):
    beta = float(run.params["momentum"])
    path = surfaces.descend(surface(), SGD(lr=LR, momentum=beta), START, STEPS)
    _store(run, "heavy", path.points, "heavy_label")
    run.values["heavy_beta"] = beta
    run.values["heavy_speedup"] = 1.0 / (1.0 - beta)
    run.conclude("heavy_verdict", run.values["heavy_end"] or "between")


def escaped_with_momentum(run) -> bool:
    return run.values.get("heavy_end") == "lake"


def momentum_figure(run):
    return _figure(run, [("plain", "red"), ("heavy", "blue")])


# --- step 4: noise escapes ------------------------------------------------------------------------
def noise(run):
    sigma, seed = float(run.params["noise"]), int(run.params["seed"])
    paths = noisy_descent(surface(), START, LR, sigma, STEPS, ANNEAL, seed, NOISY_BALLS)
    _store(run, "noisy", paths[0], "noisy_label")
    ends = paths[:, -1]
    lake = np.hypot(ends[:, 0] - run.values["lake_x"], ends[:, 1] - run.values["lake_y"]) < NEAR
    run.values.update(noisy_sigma=sigma, noisy_seed=seed, noisy_balls=NOISY_BALLS,
                      noisy_escape=float(lake.mean()), noisy_anneal=ANNEAL)


def escaped_with_noise(run) -> bool:
    return run.values.get("noisy_end") == "lake"


def noise_figure(run):
    return _figure(run, [("plain", "red"), ("noisy", "orange")])


# --- step 5: a restart escapes --------------------------------------------------------------------
def restart(run):
    start = (float(run.params["start_x"]), float(run.params["start_y"]))
    path = surfaces.descend(surface(), SGD(lr=LR), start, STEPS)
    _store(run, "restart", path.points, "restart_label")
    run.values.update(restart_start_x=start[0], restart_start_y=start[1])


def escaped_by_restart(run) -> bool:
    return run.values.get("restart_end") == "lake"


def restart_figure(run):
    return _figure(run, [("plain", "red"), ("restart", "green")])


# --- step 6: the basins of attraction -------------------------------------------------------------
def basins(run):
    lr = float(run.params["basin_lr"])
    xs, ys, _ = _grid()
    found = [(run.values["lake_x"], run.values["lake_y"], run.values["lake_loss"]),
             (run.values["pond_x"], run.values["pond_y"], run.values["pond_loss"])]
    result = minima_.basins(surface(), xs, ys, found, lr=lr, steps=2000)
    shares = result.shares()
    run.values.update(basin_labels=result.labels, basin_lake=float(shares[0]),
                      basin_pond=float(shares[1]),
                      basin_none=float(np.mean(result.labels < 0)),
                      basin_lr_used=lr, basin_starts=int(result.labels.size))


def mapped(run) -> bool:
    return "basin_labels" in run.values


def basins_figure(run):
    surf = _surface(run, basins=run.values.get("basin_labels"))
    plot = Plot(title=run.text("shares_title"), xlabel="", ylabel=run.text("share"),
                y_range=(0.0, 1.0), x_range=(-0.6, 1.6),
                x_ticks=[(0.0, run.text("lake")), (1.0, run.text("pond"))])
    if "basin_labels" in run.values:
        plot.curves.append(Curve([0], [run.values["basin_lake"]], run.text("lake"), "green",
                                 "bars"))
        plot.curves.append(Curve([1], [run.values["basin_pond"]], run.text("pond"), "sky",
                                 "bars"))
    return Figure.of(surf, plot)


LESSON = Lesson(
    name="pond",
    number=7,
    setup=setup,
    steps=(
        Step("surface", action=show_surface, figure=surface_figure),
        Step("plain", action=plain, check=trapped, figure=plain_figure,
             params=(Param("lr", LR, low=0.05, high=1.5, step=0.05),)),
        Step("momentum", action=momentum, check=escaped_with_momentum, figure=momentum_figure,
             params=(Param("momentum", 0.9, low=0.0, high=0.99, step=0.05),)),
        Step("noise", action=noise, check=escaped_with_noise, figure=noise_figure,
             params=(Param("noise", 1.0, low=0.0, high=3.0, step=0.1),
                     Param("seed", 0, low=0, high=999, step=1, integer=True))),
        Step("restart", action=restart, check=escaped_by_restart, figure=restart_figure,
             params=(Param("start_x", -3.0, low=-4.5, high=4.5, step=0.5),
                     Param("start_y", 3.0, low=-4.5, high=4.5, step=0.5))),
        Step("basins", action=basins, check=mapped, figure=basins_figure,
             params=(Param("basin_lr", LR, low=0.05, high=1.5, step=0.05),)),
    ),
)
