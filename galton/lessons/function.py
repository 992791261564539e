"""Lesson 1, everything is a function: the straight line through (1, 4), (2, 7), (3, 10).

The rule hiding in the points is y = 3x + 1. The learner first reads it off the points, then
lets gradient descent find a and b from a = b = 0 by lowering the squared error
L(a, b) = Σ (a·xᵢ + b − yᵢ)², then uses the fitted function to predict x = 5 → 16.

The loss is a bowl whose curvatures are the eigenvalues of 2·[[Σx², Σx], [Σx, N]] =
2·[[14, 6], [6, 3]], about 33.3 and 0.72: plain descent is stable for η < 2/33.3 ≈ 0.06 and
needs a few hundred steps along the flat direction, which is why the default is η = 0.05 for
500 steps (and why momentum or Adam are offered).
"""

from __future__ import annotations

import numpy as np

from galton.core import optim
from galton.core.lines import LineFit
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Note, Plot, Surface, Trail

POINTS = ((1.0, 4.0), (2.0, 7.0), (3.0, 10.0))
X_NEW = 5.0
START = (0.0, 0.0)
OPTIMIZERS = ("sgd", "momentum", "adam")
#: The fitted numbers are shown with two decimals: "reached 3 and 1" means to that precision.
SHOWN = 0.005
#: Steps whose line is drawn while descending (those within the run's length).
SNAPSHOTS = (0, 5, 20, 100)
X_RANGE = (0.0, 6.0)
#: A loss beyond this has blown up (it starts at 165); descent is cut there.
BLOWN_UP = 1e6


def _fit() -> LineFit:
    return LineFit.through(POINTS)


def _optimizer(name: str, lr: float):
    if name == "momentum":
        return optim.SGD(lr=lr, momentum=0.9)
    if name == "adam":
        return optim.Adam(lr=lr)
    return optim.SGD(lr=lr)


def _points_curve(run) -> Curve:
    pts = np.array(POINTS)
    return Curve(pts[:, 0], pts[:, 1], run.text("points"), "black", "points", width=8)


def _line(a: float, b: float, label: str, color: str, style: str = "line") -> Curve:
    xs = np.array(X_RANGE)
    return Curve(xs, a * xs + b, label, color, style)


def _plot(run) -> Plot:
    return Plot(title=run.text("plot_title"), xlabel="x", ylabel="y", x_range=X_RANGE,
                y_range=(0.0, 20.0), curves=[_points_curve(run)])


# --- step 1: the points ------------------------------------------------------------------------
def read_points(run):
    pts = np.array(POINTS)
    rises = np.diff(pts[:, 1]) / np.diff(pts[:, 0])
    run.values["rise1"], run.values["rise2"] = float(rises[0]), float(rises[1])
    run.values["guess_a"] = float(rises[0])
    run.values["guess_b"] = float(pts[0, 1] - rises[0] * pts[0, 0])


def read_the_rule(run) -> bool:
    """The learner has seen that every step of 1 in x adds the same amount to y."""
    return run.values.get("rise1") is not None and run.values["rise1"] == run.values["rise2"]


def points_figure(run):
    plot = _plot(run)
    if "guess_a" in run.values:
        a, b = run.values["guess_a"], run.values["guess_b"]
        plot.curves.append(_line(a, b, run.text("rule", a=a, b=b), "blue", "dash"))
        plot.notes.append(Note(1.5, 5.5, "+3", "blue", arrow=False))
        plot.notes.append(Note(2.5, 8.5, "+3", "blue", arrow=False))
    return Figure.of(plot)


# --- step 2: gradient descent finds a and b ---------------------------------------------------
def descend(run):
    fit = _fit()
    name, lr, steps = run.params["optimizer"], run.params["lr"], run.params["steps"]
    with np.errstate(over="ignore", invalid="ignore"):  # too large a step may blow up: shown
        path, losses = fit.fit(_optimizer(name, lr), START, steps)
    blown = np.flatnonzero(~(losses < BLOWN_UP))
    if blown.size:  # stop the story where it has plainly blown up, with readable numbers
        path, losses = path[: blown[0] + 1], losses[: blown[0] + 1]
    run.values["fit_path"], run.values["fit_losses"] = path, losses
    run.values["fit_optimizer"] = name
    run.values["optimizer_label"] = run.text(f"optimizer:{name}")
    run.values["a"], run.values["b"] = float(path[-1, 0]), float(path[-1, 1])
    run.values["loss_start"], run.values["loss_end"] = float(losses[0]), float(losses[-1])
    run.values["taken"] = len(path) - 1
    run.values["blew_up"] = bool(blown.size)
    run.conclude("verdict", "blown" if blown.size else "fit" if fitted(run) else "far")
    exact = fit.exact()
    run.values["exact_a"], run.values["exact_b"] = float(exact[0]), float(exact[1])


def stable_limit() -> float:
    """Plain descent on L(a, b) is stable for η < 2/λ_max, λ_max the loss's largest curvature
    (an eigenvalue of the Hessian 2·[[Σx², Σx], [Σx, N]])."""
    x = np.array(POINTS)[:, 0]
    hessian = 2.0 * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), len(x)]])
    return 2.0 / float(np.linalg.eigvalsh(hessian)[-1])


def setup(run):
    run.values["eta_max"] = stable_limit()        # ≈ 0.06, quoted before anything is done


def fitted(run) -> bool:
    """Descent reached a ≈ 3 and b ≈ 1 to the two decimals the page shows."""
    if "fit_path" not in run.values:
        return False
    return abs(run.values["a"] - 3.0) < SHOWN and abs(run.values["b"] - 1.0) < SHOWN


def _surface(run, trails=()) -> Surface:
    fit = _fit()
    xs = np.linspace(-1.0, 5.0, 49)
    ys = np.linspace(-3.0, 5.0, 49)
    Z = np.array([[fit.loss((a, b)) for a in xs] for b in ys])
    return Surface(xs, ys, Z, title=run.text("surface_title"), xlabel="a", ylabel="b",
                   trails=list(trails), log_height=True,
                   markers=[(START[0], START[1], fit.loss(START), run.text("start")),
                            (3.0, 1.0, 0.0, "a = 3, b = 1")])


def descend_figure(run):
    plot = _plot(run)
    trails = []
    if "fit_path" in run.values:
        path, losses = run.values["fit_path"], run.values["fit_losses"]
        for n in SNAPSHOTS:
            if n < len(path) - 1:
                a, b = path[n]
                plot.curves.append(_line(a, b, run.text("after", n=n), "grey", "dash"))
        a, b = path[-1]
        plot.curves.append(_line(a, b, run.text("fitted", a=a, b=b), "red"))
        trails.append(Trail(path, losses, run.values["fit_optimizer"], "red"))
    return Figure.of(plot, _surface(run, trails))


# --- step 3: predict -------------------------------------------------------------------------
def predict(run):
    if "fit_path" not in run.values:  # the learner skipped the fit: use the default one
        descend(run)
    a, b = run.values["a"], run.values["b"]
    run.values["x_new"] = X_NEW
    run.values["prediction"] = float(LineFit.predict([a, b], X_NEW))
    run.values["exact_prediction"] = 3.0 * X_NEW + 1.0


def predicted(run) -> bool:
    return "prediction" in run.values and abs(run.values["prediction"] - 16.0) < SHOWN


def predict_figure(run):
    plot = _plot(run)
    plot.lines.append(Line(X_NEW, "x", "x = 5"))
    if "prediction" in run.values:
        a, b, y = run.values["a"], run.values["b"], run.values["prediction"]
        plot.curves.append(_line(a, b, run.text("fitted", a=a, b=b), "red"))
        plot.curves.append(Curve([X_NEW], [y], run.text("prediction_label"), "orange",
                                 "points", width=10))
        plot.notes.append(Note(X_NEW, y, run.text("prediction_note", y=y), "orange"))
    return Figure.of(plot)


LESSON = Lesson(
    name="function",
    number=1,
    setup=setup,
    steps=(
        Step("points", action=read_points, check=read_the_rule, figure=points_figure),
        Step("descend", action=descend, check=fitted, figure=descend_figure,
             params=(Param("optimizer", "sgd", choices=OPTIMIZERS),
                     Param("lr", 0.05, low=0.001, high=0.2, step=0.005),
                     Param("steps", 500, low=10, high=3000, step=50, integer=True))),
        Step("predict", action=predict, check=predicted, figure=predict_figure),
    ),
)
