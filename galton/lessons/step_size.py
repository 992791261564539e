"""Lesson 2, loss and step size: data on y = 2x, the model y = a·x, first guess a = 1.

The data are x = 1, 2, 3 with y = 2x, so C = Σx² = 14 and the squared-error loss is the
parabola L(a) = Σ (a·x − 2x)² = C·(a − 2)² = Ca² − 4Ca + 4C: vertex at a = 2, loss 0; at the
first guess a = 1 the loss is 14. Trial steps of 0.5 go 1 → 1.5 → 2 with losses 14, 3.5, 0.
The derivative L′(a) = 2Ca − 4C = 28a − 56 says which way and how far; the update
a ← a − η·L′(a) multiplies the distance to 2 by 1 − 2Cη = 1 − 28η (one step at η = 1/28,
divergence above η = 1/14).

Then one point against a batch. Under the article's model y = a·x one point already fixes a
(a = y/x: the loss x²·(a − 2)² has one bottom); the "infinitely many lines through one point"
of the article need the intercept: through one point pass infinitely many lines y = ax + b (a
whole valley of zero loss in (a, b)), and three points pin down the one least-squares line.

Conclusions on the pages (where the walk stopped, which way the slope points, what the
learner's η does) are chosen by the numbers with ``LessonRun.conclude``.
"""

from __future__ import annotations

import numpy as np

from galton.core import optim
from galton.core.lines import LineFit
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Note, Plot, Surface, Table

XS = np.array([1.0, 2.0, 3.0])
YS = 2.0 * XS
C = float(np.sum(XS * XS))  # 14
A0 = 1.0
A_RANGE = (-0.5, 4.5)
#: The lines of the fan through one point (their slopes).
FAN = (-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
#: Trials stop after this many, whatever the step (a tiny step would otherwise crawl).
MAX_TRIALS = 40


def _fit() -> LineFit:
    return LineFit(XS, YS, with_intercept=False)


def loss(a) -> np.ndarray:
    """L(a) = Σ (a·x − 2x)², for numbers or arrays of a."""
    a = np.asarray(a, dtype=np.float64)
    return np.sum((a[..., None] * XS - YS) ** 2, axis=-1)


def derivative(a):
    """L′(a) = 2Ca − 4C."""
    return 2.0 * C * np.asarray(a, dtype=np.float64) - 4.0 * C


def _parabola(run, title_key="parabola_title") -> Plot:
    a = np.linspace(*A_RANGE, 201)
    plot = Plot(title=run.text(title_key), xlabel="a", ylabel=run.text("loss"),
                x_range=A_RANGE, y_range=(-5.0, 60.0),
                curves=[Curve(a, loss(a), "L(a) = 14·(a − 2)²", "blue")])
    plot.notes.append(Note(2.0, 0.0, run.text("vertex"), "green"))
    return plot


def _data_plot(run, slopes=(), title_key="data_title") -> Plot:
    plot = Plot(title=run.text(title_key), xlabel="x", ylabel="y", x_range=(0.0, 4.0),
                y_range=(-2.0, 12.0),
                curves=[Curve(XS, YS, run.text("points"), "black", "points", width=8)])
    xs = np.array([0.0, 4.0])
    for a, color in slopes:
        plot.curves.append(Curve(xs, a * xs, f"y = {a:g}x", color, "line"))
    return plot


# --- step 1: the parabola ----------------------------------------------------------------------
def show_parabola(run):
    run.values["C"] = C
    run.values["loss_a0"] = float(loss(A0))            # 14
    run.values["loss_vertex"] = float(loss(2.0))       # 0
    run.values["misses"] = ", ".join(f"{v:g}" for v in A0 * XS - YS)


def parabola_figure(run):
    plot = _parabola(run)
    plot.notes.append(Note(A0, float(loss(A0)), run.text("first_guess"), "red"))
    data = _data_plot(run, ((A0, "red"),))
    for x, y in zip(XS, YS, strict=True):  # the misses, as vertical strokes
        data.curves.append(Curve([x, x], [A0 * x, y], "", "red", "dash", width=1))
    return Figure.of(data, plot)


# --- step 2: trial and error ---------------------------------------------------------------------
def try_steps(run):
    """From a = 1, look both ways with the trial step, then walk downhill while the loss drops;
    the last trial (the first that is worse) says we went past the bottom."""
    d = run.params["trial"]
    left, right = float(loss(A0 - d)), float(loss(A0 + d))
    run.values["left_a"], run.values["left_loss"] = A0 - d, left
    run.values["right_a"], run.values["right_loss"] = A0 + d, right
    sign = 1.0 if right < left else -1.0
    trials = [A0]
    while len(trials) < MAX_TRIALS:
        trials.append(trials[-1] + sign * d)
        if loss(trials[-1]) >= loss(trials[-2]):
            break
    trials = np.array(trials)
    losses = loss(trials)
    best = int(np.argmin(losses))
    run.values["trials"], run.values["trial_losses"] = trials, losses
    run.values["best_a"], run.values["best_loss"] = float(trials[best]), float(losses[best])
    run.values["n_trials"] = len(trials) + 1  # and the look to the left
    run.values["trial_path"] = " → ".join(f"{a:g}" for a in trials[: best + 1])
    run.values["trial_losses_text"] = " → ".join(f"{v:g}" for v in losses[: best + 1])
    run.values["next_a"], run.values["next_loss"] = float(trials[-1]), float(losses[-1])
    run.values["best_distance"] = abs(float(trials[best]) - 2.0)
    if len(trials) >= MAX_TRIALS and losses[-1] < losses[-2]:
        stop = "cap"
    else:
        stop = "worse" if losses[-1] > losses[-2] else "equal"
    run.conclude("stop_verdict", stop)
    run.conclude("trial_verdict", "stuck" if best == 0 else
                 "exact" if trials[best] == 2.0 else "near")


def tried(run) -> bool:
    """The learner walked downhill by trial until the loss stopped falling."""
    losses = run.values.get("trial_losses")
    return losses is not None and run.values["best_loss"] < losses[0]


def trials_figure(run):
    plot = _parabola(run)
    plot.notes.append(Note(A0, float(loss(A0)), run.text("first_guess"), "red"))
    panels = [plot]
    if "trials" in run.values:
        trials, losses = run.values["trials"], run.values["trial_losses"]
        plot.curves.append(Curve(trials, losses, run.text("trials"), "orange", "line+points"))
        rows = [[str(i), f"{a:g}", f"{v:g}", run.text("better" if i and v < losses[i - 1]
                                                      else "worse" if i else "start")]
                for i, (a, v) in enumerate(zip(trials, losses, strict=True))]
        panels.append(Table(run.text("trials"), ["#", "a", run.text("loss"), ""], rows,
                            highlight=[int(np.argmin(losses))]))
    return Figure(panels)


# --- step 3: the derivative --------------------------------------------------------------------
def take_derivative(run):
    a = run.params["a_at"]
    h = 1e-6
    run.values["slope"] = float(derivative(a))
    run.values["slope_fd"] = float((loss(a + h) - loss(a - h)) / (2 * h))
    run.values["slope_a0"] = float(derivative(A0))     # −28
    run.values["two_C"], run.values["four_C"] = 2 * C, 4 * C
    run.values["loss_at"] = float(loss(a))
    slope = run.values["slope"]
    run.conclude("slope_verdict", "negative" if slope < 0 else "positive" if slope > 0
                 else "zero")


def differentiated(run) -> bool:
    return "slope" in run.values and abs(run.values["slope"] - run.values["slope_fd"]) < 1e-4


def derivative_figure(run):
    plot = _parabola(run)
    a0 = run.params["a_at"]
    xs = np.array([a0 - 1.0, a0 + 1.0])
    plot.curves.append(Curve(xs, loss(a0) + derivative(a0) * (xs - a0),
                             run.text("tangent", a=a0, s=float(derivative(a0))), "red"))
    plot.notes.append(Note(a0, float(loss(a0)), f"a = {a0:g}", "red"))
    a = np.linspace(*A_RANGE, 3)
    slope = Plot(title=run.text("derivative_title"), xlabel="a", ylabel="L′(a)",
                 x_range=A_RANGE,
                 curves=[Curve(a, derivative(a), "L′(a) = 28a − 56", "purple")],
                 lines=[Line(0.0, "y"), Line(2.0, "x", "a = 2")],
                 notes=[Note(a0, float(derivative(a0)), f"{float(derivative(a0)):g}", "red")])
    return Figure.of(plot, slope)


# --- step 4: the update a ← a − η·L′(a) ---------------------------------------------------------
def descend(run):
    eta, n = run.params["eta"], run.params["iterations"]
    with np.errstate(over="ignore", invalid="ignore"):
        path, losses = _fit().fit(optim.SGD(lr=eta), [A0], n)
    run.values["iterates"], run.values["iterate_losses"] = path[:, 0], losses
    run.values["eta_used"] = eta
    run.values["factor"] = 1.0 - 2.0 * C * eta
    for k in (1, 2, 3):
        run.values[f"a{k}"] = float(path[k, 0]) if len(path) > k else float("nan")
    run.values["a_last"] = float(path[-1, 0])
    run.values["n_last"] = len(path) - 1
    run.values["eta_one_step"] = 1.0 / (2.0 * C)   # 1/28
    run.values["eta_limit"] = 1.0 / C              # 1/14
    run.conclude("eta_verdict", regime(eta))
    run.conclude("reached_verdict", "reached" if converged(run) else
                 "diverged" if not abs(run.values["a_last"] - 2.0) <= 1.0 else "not_yet")


def regime(eta: float) -> str:
    """What a ← a − η·L′(a) does on this parabola: the distance to 2 is multiplied by
    1 − 2Cη at every step."""
    factor = 1.0 - 2.0 * C * eta
    if factor == 0.0:
        return "one_step"
    if 0.0 < factor < 1.0:
        return "creep"
    if -1.0 < factor < 0.0:
        return "zigzag"
    if factor == -1.0:
        return "bounce"
    return "diverge"


def converged(run) -> bool:
    """The iterates reached a = 2 to two decimals."""
    return "iterates" in run.values and abs(run.values["a_last"] - 2.0) < 0.005


def descend_figure(run):
    plot = _parabola(run)
    panels = [plot]
    if "iterates" in run.values:
        a, v = run.values["iterates"], run.values["iterate_losses"]
        ok = np.isfinite(a) & np.isfinite(v)
        label = f"η = {run.values['eta_used']:g}"
        plot.curves.append(Curve(a[ok], v[ok], label, "red", "line+points"))
        n = np.arange(len(a))[ok]
        panels.append(Plot(title=run.text("iterates_title"), xlabel="n", ylabel="a",
                           curves=[Curve(n, a[ok], label, "red", "line+points")],
                           lines=[Line(2.0, "y", "a = 2")]))
    return Figure(panels)


# --- steps 5 and 6: one point, then the batch -----------------------------------------------------
def fan(run):
    x0 = float(run.params["point"])
    y0 = 2.0 * x0
    run.values["a_fixed"] = y0 / x0                    # y = a·x: the point fixes a
    run.values["x0_sq"] = x0 * x0
    slopes = np.array(FAN)
    intercepts = y0 - slopes * x0
    run.values["x0"], run.values["y0"] = x0, y0
    run.values["fan"] = np.column_stack([slopes, intercepts])
    run.values["fan_losses"] = (slopes * x0 + intercepts - y0) ** 2
    run.values["fan_max_loss"] = float(np.max(run.values["fan_losses"]))
    run.values["n_fan"] = len(slopes)


def fanned(run) -> bool:
    return "fan" in run.values and run.values["fan_max_loss"] == 0.0


def _fan_curves(run, fan_lines, losses=None):
    """The fan's lines; with ``losses`` (over all three points) the legend gives each one's
    loss and the one line that fits them all is green."""
    xs = np.array([0.0, 4.0])
    curves = []
    for i, (a, b) in enumerate(fan_lines):
        label = f"y = {a:g}x {'+' if b >= 0 else '−'} {abs(b):g}"
        color = "sky"
        if losses is not None:
            label = run.text("line_loss", line=label, loss=float(losses[i]))
            color = "green" if losses[i] < 1e-12 else "sky"
        curves.append(Curve(xs, a * xs + b, label, color, "line", width=1.5))
    return curves


def _ab_surface(run, title_key, points, markers=()) -> Surface:
    xs = np.linspace(-1.0, 5.0, 41)
    ys = np.linspace(-6.0, 6.0, 41)
    px, py = np.asarray(points, dtype=np.float64).T
    Z = np.sum((xs[None, :, None] * px + ys[:, None, None] - py) ** 2, axis=-1)
    return Surface(xs, ys, Z, title=run.text(title_key), xlabel="a", ylabel="b",
                   markers=list(markers))


def fan_figure(run):
    x0 = float(run.params["point"])
    y0 = 2.0 * x0
    plot = Plot(title=run.text("fan_title"), xlabel="x", ylabel="y", x_range=(0.0, 4.0),
                y_range=(-4.0, 14.0))
    if "fan" in run.values:
        plot.curves.extend(_fan_curves(run, run.values["fan"]))
        xs = np.array([0.0, 4.0])
        plot.curves.append(Curve(xs, (y0 / x0) * xs, run.text("through_origin", a=y0 / x0),
                                 "green", "line", width=3))
    plot.curves.append(Curve([x0], [y0], run.text("one_point"), "black", "points", width=10))
    return Figure.of(plot, _ab_surface(run, "valley_title", [(x0, y0)]))


def pin(run):
    fit = LineFit(XS, YS, with_intercept=True)
    normal = np.array([[np.sum(XS * XS), np.sum(XS)], [np.sum(XS), len(XS)]])
    # The normal equations by Cramer's rule: whole numbers throughout, so (2, 0) comes out
    # exactly (a general solver leaves b = 1e-15), and the determinant is the one quoted.
    sxx, sx, n = normal[0, 0], normal[0, 1], normal[1, 1]
    sxy, sy = np.sum(XS * YS), np.sum(YS)
    det = sxx * n - sx * sx                            # 14·3 − 6² = 6: one solution
    run.values["pinned_a"] = float((sxy * n - sx * sy) / det)
    run.values["pinned_b"] = float((sxx * sy - sx * sxy) / det)
    run.values["det"] = float(det)
    if "fan" not in run.values:
        fan(run)
    lines = run.values["fan"]
    run.values["fan_batch_losses"] = np.array([fit.loss(ab) for ab in lines])
    run.values["n_zero"] = int(np.sum(run.values["fan_batch_losses"] < 1e-12))
    run.values["n_fan"] = len(lines)
    run.conclude("zero_verdict", {0: "none", 1: "one"}.get(run.values["n_zero"], "several"))


def pinned(run) -> bool:
    return ("det" in run.values and abs(run.values["det"]) > 1e-9
            and run.values["n_zero"] == 1)


def pin_figure(run):
    plot = Plot(title=run.text("batch_title"), xlabel="x", ylabel="y", x_range=(0.0, 4.0),
                y_range=(-4.0, 14.0))
    if "fan_batch_losses" in run.values:
        plot.curves.extend(_fan_curves(run, run.values["fan"], run.values["fan_batch_losses"]))
    plot.curves.append(Curve(XS, YS, run.text("points"), "black", "points", width=10))
    return Figure.of(plot, _ab_surface(run, "bowl_title", np.column_stack([XS, YS]),
                                       markers=[(2.0, 0.0, 0.0, "a = 2, b = 0")]))


LESSON = Lesson(
    name="step_size",
    number=2,
    steps=(
        Step("parabola", action=show_parabola, figure=parabola_figure),
        Step("trials", action=try_steps, check=tried, figure=trials_figure,
             params=(Param("trial", 0.5, low=0.05, high=2.0, step=0.05),)),
        Step("derivative", action=take_derivative, check=differentiated,
             figure=derivative_figure,
             params=(Param("a_at", 1.0, low=-0.5, high=4.5, step=0.25),)),
        Step("descend", action=descend, check=converged, figure=descend_figure,
             params=(Param("eta", 0.02, low=0.001, high=0.1, step=0.005),
                     Param("iterations", 8, low=1, high=50, step=1, integer=True))),
        Step("one_point", action=fan, check=fanned, figure=fan_figure,
             params=(Param("point", 2.0, choices=(1.0, 2.0, 3.0)),)),
        Step("batch", action=pin, check=pinned, figure=pin_figure),
    ),
)
