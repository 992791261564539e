"""Lesson 3, the grad demo: loss x² + y² from (4, 4), step size 0.1, twenty iterations.

The gradient is (2x, 2y), so one step multiplies both coordinates by 1 − 2η: with η = 0.1 that
is 0.8 and the n-th iterate is exactly 4·0.8ⁿ (0.0461 after 20 steps). A step size between 0.5
and 1 makes the factor negative — the ball jumps across the valley at every step — and one
above 1 makes |1 − 2η| > 1: it climbs out. What the learner's own η does is said from its factor
(``regime``), not assumed from the step's title.
"""

from __future__ import annotations

import numpy as np

from galton.core import surfaces
from galton.core.optim import SGD
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Plot, Surface, Trail

START = (4.0, 4.0)
LR = 0.1
ITERATIONS = 20
RANGE = (-5.0, 5.0)
#: Steps shown for the wobbling and the runaway ball: enough to see it, few enough to read.
SHORT = 12


def _roll(lr: float, steps: int):
    return surfaces.descend(surfaces.bowl(), SGD(lr=lr), START, steps,
                            stop_on_divergence=False, max_norm=1e6)


def _surface(run, trails=()) -> Surface:
    bowl = surfaces.bowl()
    xs = ys = np.linspace(*RANGE, 41)
    Z = xs[None, :] ** 2 + ys[:, None] ** 2
    return Surface(xs, ys, Z, title=run.text("surface_title"), trails=list(trails),
                   markers=[(START[0], START[1], bowl.f(START), run.text("start")),
                            (0.0, 0.0, 0.0, run.text("bottom"))])


def regime(lr: float) -> str:
    """What one step's factor 1 − 2η does to the distance from the bottom."""
    factor = 1.0 - 2.0 * lr
    if factor == 0.0:
        return "one_step"
    if 0.0 < factor < 1.0:
        return "roll"
    if -1.0 < factor < 0.0:
        return "zigzag"
    if factor == -1.0:
        return "bounce"
    return "runaway"


def _store(run, prefix: str, lr: float, path) -> None:
    """Keep a run's path and the numbers its text quotes, under ``prefix_...``."""
    run.values[f"{prefix}_path"] = path.points
    run.values[f"{prefix}_losses"] = path.values
    run.values[f"{prefix}_lr"] = float(lr)
    run.values[f"{prefix}_factor"] = 1.0 - 2.0 * float(lr)
    run.values[f"{prefix}_abs_factor"] = abs(1.0 - 2.0 * float(lr))
    run.values[f"{prefix}_last"] = float(path.points[-1, 0])
    run.values[f"{prefix}_steps"] = len(path.points) - 1
    if prefix != "descend":
        run.conclude(f"{prefix}_verdict", regime(lr))


# --- step 1: the surface -------------------------------------------------------------------------
def setup(run):
    run.values["start_loss"] = surfaces.bowl().f(START)  # 32, quoted before anything is done


def show_surface(run):
    setup(run)


def surface_figure(run):
    return Figure.of(_surface(run))


# --- step 2: twenty steps of 0.1 -----------------------------------------------------------------
def descend(run):
    path = _roll(LR, ITERATIONS)
    _store(run, "descend", LR, path)
    run.values["x1"] = float(path.points[1, 0])      # 3.2
    run.values["x2"] = float(path.points[2, 0])      # 2.56
    run.values["x20"] = float(path.points[ITERATIONS, 0])
    run.values["loss20"] = float(path.values[ITERATIONS])


def descended(run) -> bool:
    p = run.values.get("descend_path")
    n = np.arange(ITERATIONS + 1)
    return p is not None and len(p) == ITERATIONS + 1 and np.allclose(p[:, 0], 4 * 0.8 ** n)


def descend_figure(run):
    trails = []
    plot = Plot(title=run.text("iterates_title"), xlabel=run.text("iteration"),
                ylabel="x = y")
    n = np.arange(ITERATIONS + 1)
    plot.curves.append(Curve(n, 4 * 0.8 ** n, run.text("formula"), "grey", "line"))
    if "descend_path" in run.values:
        p = run.values["descend_path"]
        trails.append(Trail(p, run.values["descend_losses"], "η = 0.1", "red"))
        plot.curves.append(Curve(np.arange(len(p)), p[:, 0], "η = 0.1", "red", "points"))
    return Figure.of(_surface(run, trails), plot)


# --- steps 3 and 4: too large a step ----------------------------------------------------------
def wobble(run):
    lr = run.params["lr_wobble"]
    _store(run, "wobble", lr, _roll(lr, SHORT))


def wobbled(run) -> bool:
    """The learner saw a ball jump across the valley and still settle: 0.5 < η < 1."""
    p = run.values.get("wobble_path")
    if p is None or not 0.5 < run.values["wobble_lr"] < 1.0:
        return False
    x = p[:, 0]
    return bool(np.all(np.sign(x[1:]) == -np.sign(x[:-1])) and abs(x[-1]) < abs(x[0]))


def runaway(run):
    lr = run.params["lr_runaway"]
    _store(run, "runaway", lr, _roll(lr, SHORT))


def ran_away(run) -> bool:
    p = run.values.get("runaway_path")
    return p is not None and run.values["runaway_lr"] > 1.0 and abs(p[-1, 0]) > abs(p[0, 0])


def _compare_figure(run, prefix, color):
    plot = Plot(title=run.text("iterates_title"), xlabel=run.text("iteration"),
                ylabel="x = y")
    trails = []
    if "descend_path" in run.values:
        p = run.values["descend_path"]
        plot.curves.append(Curve(np.arange(len(p)), p[:, 0], "η = 0.1", "grey", "line+points"))
    key = f"{prefix}_path"
    if key in run.values:
        p = run.values[key]
        label = f"η = {run.values[prefix + '_lr']:g}"
        trails.append(Trail(p, run.values[f"{prefix}_losses"], label, color))
        plot.curves.append(Curve(np.arange(len(p)), p[:, 0], label, color, "line+points"))
    return Figure.of(_surface(run, trails), plot)


def wobble_figure(run):
    return _compare_figure(run, "wobble", "orange")


def runaway_figure(run):
    return _compare_figure(run, "runaway", "purple")


LESSON = Lesson(
    name="grad_demo",
    number=3,
    setup=setup,
    steps=(
        Step("surface", action=show_surface, figure=surface_figure),
        Step("descend", action=descend, check=descended, figure=descend_figure),
        Step("wobble", action=wobble, check=wobbled, figure=wobble_figure,
             params=(Param("lr_wobble", 0.9, low=0.01, high=1.5, step=0.05),)),
        Step("runaway", action=runaway, check=ran_away, figure=runaway_figure,
             params=(Param("lr_runaway", 1.1, low=0.01, high=1.5, step=0.05),)),
    ),
)
