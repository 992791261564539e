"""Lesson 11, scaling laws: how the loss falls with the size of the board and of the data.

Every run is ``galton.core.scaling.run_one``: a board of R rows trained with Adam (η = 0.05,
full batch) on D noisy balls of 6 colours sorted into 2 cups, its final loss measured on the
same 3,000 held-out balls. Two kinds of numbers, and the text always says which:

* **live** runs, trained when the learner presses "Do it" (small: 300 steps, boards up to 8
  rows, up to 1,024 balls — about half a second for a sweep, on one Numba thread so a busy
  second core cannot stall it);
* the **stored** sweep docs/data/scaling-sweep.csv (copied to assets/data/ so installed apps
  have it): 48 runs measured earlier with
  ``galton scaling run`` (800 steps, 16-row boards, up to 4,096 balls, 3 seeds).

Laws L(x) = (x_c/x)^α + L∞ are fitted by ``galton.core.powerlaw.fit_power_law`` with 95 %
bootstrap intervals. The lesson's plots put log₁₀ of the size on the x axis (the figure
framework draws a log scale on y only). What the page concludes from the live runs (where the
loss drops, whether each doubling helps less, whether the prediction was good) is chosen by
their numbers with ``LessonRun.conclude``: live runs differ from machine to machine.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from galton.core import powerlaw, scaling
from galton.lessons import scaling_compute
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Plot, Table
from galton.lessons.kit import one_thread
from galton.resources import asset_path

LIVE_STEPS = 300
N_ROWS = (1, 2, 3, 4, 5, 6, 8)
N_BALLS = 1024
D_ROWS = 6
D_BALLS = (32, 64, 128, 256, 512, 1024)
SEEDS = (0, 1, 2)
BIG = 4096          # the size the extrapolation predicts and then measures
FAR = 65536         # and one far beyond anything measured
BOOTSTRAP = 100     # resamples per fit: a second at most for the two stored laws


def _runs(specs) -> list[dict]:
    with one_thread():
        return [scaling.run_one(spec) for spec in specs]


@cache
def stored_rows() -> tuple:
    """The 48 runs of the stored sweep (assets/data/scaling-sweep.csv, a copy of
    docs/data/scaling-sweep.csv that installed apps carry too)."""
    return tuple(scaling.read_results(asset_path("data", "scaling-sweep.csv")))


@cache
def stored_fits() -> dict:
    """L(N) and L(D) fitted to the stored sweep (as the lab does: L(N) on the runs at the
    largest D, L(D) on those at the largest N), with bootstrap intervals."""
    c = scaling.columns(stored_rows())
    sel_n = c["balls"] == c["balls"].max()
    sel_d = c["parameters"] == c["parameters"].max()
    return {"N": powerlaw.fit_power_law(c["parameters"][sel_n], c["test_loss"][sel_n],
                                        bootstrap=BOOTSTRAP),
            "D": powerlaw.fit_power_law(c["balls"][sel_d], c["test_loss"][sel_d],
                                        bootstrap=BOOTSTRAP)}


def _means(x, loss):
    xs = np.unique(x)
    return xs, np.array([loss[x == v].mean() for v in xs])


def _log_plot(run, title, xkey) -> Plot:
    return Plot(title=run.text(title), xlabel=run.text(xkey), ylabel=run.text("test_loss"),
                log_y=True)


# --- step 1: loss against board size --------------------------------------------------------------
def board_size(run):
    rows = _runs([scaling.RunSpec(r, N_BALLS, LIVE_STEPS, seed=0) for r in N_ROWS])
    params = np.array([r["parameters"] for r in rows], dtype=np.float64)
    loss = np.array([r["test_loss"] for r in rows])
    run.values.update(n_params=params, n_loss=loss, n_steps=LIVE_STEPS, n_balls=N_BALLS,
                      n_max_rows=N_ROWS[-1])
    for r, p, value in zip(N_ROWS, params, loss, strict=True):
        run.values[f"n_loss_{r}"] = float(value)
        run.values[f"n_params_{r}"] = int(p)
    c = scaling.columns(stored_rows())
    sel = c["balls"] == c["balls"].max()
    for r in (1, 2, 3, 16):
        run.values[f"st_n_loss_{r}"] = float(c["test_loss"][sel & (c["rows"] == r)].mean())
    run.values["st_n_params_16"] = int(c["parameters"][sel & (c["rows"] == 16)][0])
    run.values["st_runs"] = len(stored_rows())
    drops = loss[:-1] - loss[1:]
    big = int(np.argmax(drops))
    run.values["drop_from"], run.values["drop_to"] = N_ROWS[big], N_ROWS[big + 1]
    after = loss[big + 1:]
    flat = float(after.max() - after.min()) < 0.25 * float(drops[big])
    stored_step = (run.values["st_n_loss_2"] - run.values["st_n_loss_3"]
                   > run.values["st_n_loss_1"] - run.values["st_n_loss_2"])
    run.conclude("n_verdict", "step_2_3" if (N_ROWS[big], N_ROWS[big + 1]) == (2, 3) and flat
                 and stored_step else "step_flat" if flat else "other")


def board_size_figure(run):
    plot = _log_plot(run, "n_title", "log_n")
    c = scaling.columns(stored_rows())
    sel = c["balls"] == c["balls"].max()
    plot.curves.append(Curve(np.log10(c["parameters"][sel]), c["test_loss"][sel],
                             run.text("stored"), "grey", "points"))
    if "n_loss" in run.values:
        plot.curves.append(Curve(np.log10(run.values["n_params"]), run.values["n_loss"],
                                 run.text("live"), "blue", "line+points"))
    return Figure.of(plot)


# --- step 2: loss against data size ---------------------------------------------------------------
def data_size(run):
    specs = [scaling.RunSpec(D_ROWS, d, LIVE_STEPS, seed=s) for d in D_BALLS for s in SEEDS]
    rows = _runs(specs)
    balls = np.array([r["balls"] for r in rows], dtype=np.float64)
    loss = np.array([r["test_loss"] for r in rows])
    xs, means = _means(balls, loss)
    run.values.update(d_balls=balls, d_loss=loss, d_rows=D_ROWS,
                      d_params=scaling.RunSpec(D_ROWS, 32, 1).parameters,
                      d_runs=len(rows), d_seeds=len(SEEDS))
    for d, m in zip(xs, means, strict=True):
        run.values[f"d_loss_{int(d)}"] = float(m)
    gains = means[:-1] - means[1:]
    run.conclude("d_verdict", "diminishing" if np.all(gains > 0) and np.all(np.diff(gains) < 0)
                 else "falls" if np.all(gains > 0) else "noisy")


def data_size_figure(run):
    plot = _log_plot(run, "d_title", "log_d")
    c = scaling.columns(stored_rows())
    sel = c["parameters"] == c["parameters"].max()
    plot.curves.append(Curve(np.log10(c["balls"][sel]), c["test_loss"][sel],
                             run.text("stored"), "grey", "points"))
    if "d_loss" in run.values:
        plot.curves.append(Curve(np.log10(run.values["d_balls"]), run.values["d_loss"],
                                 run.text("live_runs"), "sky", "points"))
        xs, means = _means(run.values["d_balls"], run.values["d_loss"])
        plot.curves.append(Curve(np.log10(xs), means, run.text("live_mean"), "blue",
                                 "line+points"))
    return Figure.of(plot)


# --- step 3: fit the law --------------------------------------------------------------------------
def _ensure_data(run):
    if "d_loss" not in run.values:
        data_size(run)


def fit(run):
    _ensure_data(run)
    law = powerlaw.fit_power_law(run.values["d_balls"], run.values["d_loss"],
                                 bootstrap=BOOTSTRAP)
    run.values.update(fit_law=law, fit_alpha=law.alpha, fit_lo=law.alpha_ci[0],
                      fit_hi=law.alpha_ci[1], fit_floor=law.floor, fit_xc=law.x_c,
                      fit_rmse=law.rmse, fit_runs=law.n, fit_floor_lo=law.floor_ci[0],
                      fit_floor_hi=law.floor_ci[1])
    width = (law.alpha_ci[1] - law.alpha_ci[0]) / abs(law.alpha)
    run.conclude("fit_verdict", "wide" if width > 0.5 else "narrow")


def fitted(run) -> bool:
    return "fit_law" in run.values


def fit_figure(run):
    """log(L − L∞) against log D: a power law is a straight line of slope −α."""
    if "fit_law" not in run.values:
        return data_size_figure(run)
    law = run.values["fit_law"]
    plot = Plot(title=run.text("fit_title"), xlabel=run.text("log_d"),
                ylabel=run.text("above_floor"), log_y=True)
    balls, loss = run.values["d_balls"], run.values["d_loss"]
    above = loss - law.floor
    ok = above > 0
    plot.curves.append(Curve(np.log10(balls[ok]), above[ok], run.text("live_runs"), "sky",
                             "points"))
    xs = np.geomspace(balls.min(), balls.max(), 50)
    plot.curves.append(Curve(np.log10(xs), law(xs) - law.floor,
                             run.text("law", alpha=law.alpha), "red", "line"))
    return Figure.of(plot, _law_table(run, [(run.text("live_fit"), law)]))


def _law_table(run, laws) -> Table:
    rows = [[name, f"{law.alpha:.2f}", f"[{law.alpha_ci[0]:.2f}, {law.alpha_ci[1]:.2f}]",
             f"{law.floor:.4f}", str(law.n)] for name, law in laws]
    return Table(title=run.text("laws_title"),
                 columns=[run.text("law_name"), "α", run.text("interval"), "L∞",
                          run.text("runs")], rows=rows)


# --- step 4: the stored sweep ---------------------------------------------------------------------
def stored(run):
    fits = stored_fits()
    for axis in ("N", "D"):
        law = fits[axis]
        k = axis.lower()
        run.values.update({f"st_alpha_{k}": law.alpha, f"st_lo_{k}": law.alpha_ci[0],
                           f"st_hi_{k}": law.alpha_ci[1], f"st_floor_{k}": law.floor,
                           f"st_xc_{k}": law.x_c, f"st_runs_{k}": law.n})
    run.values["st_runs"] = len(stored_rows())
    run.values["kaplan_n"], run.values["kaplan_d"] = powerlaw.KAPLAN["N"], powerlaw.KAPLAN["D"]
    if "fit_law" not in run.values:
        fit(run)
    v = run.values
    overlap = max(v["fit_lo"], v["st_lo_d"]) <= min(v["fit_hi"], v["st_hi_d"])
    run.conclude("overlap_verdict", "overlap" if overlap else "apart")
    steeper = v["st_alpha_n"] > 5 * v["kaplan_n"] and v["st_alpha_d"] > 5 * v["kaplan_d"]
    run.conclude("kaplan_verdict", "steeper" if steeper else "not_steeper")


def stored_figure(run):
    """The stored runs; their fitted laws once "Do it" has fitted them (the bootstrap takes
    a second or two, which the figure shown before "Do it" should not spend)."""
    c = scaling.columns(stored_rows())
    fits = stored_fits() if "st_alpha_n" in run.values else None
    plots = []
    for axis, x in (("N", c["parameters"]), ("D", c["balls"])):
        sel = (c["balls"] == c["balls"].max()) if axis == "N" else (
            c["parameters"] == c["parameters"].max())
        plot = _log_plot(run, f"stored_{axis.lower()}_title", f"log_{axis.lower()}")
        plot.curves.append(Curve(np.log10(x[sel]), c["test_loss"][sel], run.text("stored"),
                                 "grey", "points"))
        if fits is not None:
            law = fits[axis]
            xs = np.geomspace(x[sel].min(), x[sel].max(), 60)
            plot.curves.append(Curve(np.log10(xs), law(xs), run.text("law", alpha=law.alpha),
                                     "red", "line"))
            plot.lines.append(Line(law.floor, "y", "L∞", "grey"))
        plots.append(plot)
    return Figure.of(*plots)


# --- step 5: extrapolate --------------------------------------------------------------------------
def extrapolate(run):
    if "fit_law" not in run.values:
        fit(run)
    law = run.values["fit_law"]
    rows = _runs([scaling.RunSpec(D_ROWS, BIG, LIVE_STEPS, seed=s) for s in SEEDS])
    measured = float(np.mean([r["test_loss"] for r in rows]))
    predicted = float(law(BIG))
    run.values.update(big=BIG, far=FAR, pred_big=predicted, meas_big=measured,
                      pred_err=abs(predicted - measured) / measured, pred_far=float(law(FAR)),
                      big_losses=np.array([r["test_loss"] for r in rows]),
                      floor_share=law.floor / measured)
    v = run.values
    flat = abs(v["pred_big"] - v["fit_floor"]) < 0.1 * (v["d_loss_32"] - v["fit_floor"])
    run.conclude("pred_verdict", ("good_flat" if flat else "good") if v["pred_err"] < 0.1
                 else "poor")
    run.conclude("floor_verdict", "below" if measured < law.floor else "above")
    run.conclude("far_verdict", "floor" if abs(v["pred_far"] - law.floor)
                 < 0.05 * abs(law.floor) else "above")


def extrapolated(run) -> bool:
    return "meas_big" in run.values


def extrapolate_figure(run):
    if "fit_law" not in run.values:
        return data_size_figure(run)
    law = run.values["fit_law"]
    plot = _log_plot(run, "extra_title", "log_d")
    balls, loss = run.values["d_balls"], run.values["d_loss"]
    xs, means = _means(balls, loss)
    plot.curves.append(Curve(np.log10(xs), means, run.text("live_mean"), "blue",
                             "line+points"))
    far = np.geomspace(balls.min(), FAR, 80)
    plot.curves.append(Curve(np.log10(far), law(far), run.text("law", alpha=law.alpha), "red",
                             "dash"))
    plot.lines.append(Line(law.floor, "y", "L∞", "grey"))
    plot.lines.append(Line(np.log10(balls.max()), "x", run.text("measured_up_to"), "grey"))
    if "meas_big" in run.values:
        plot.curves.append(Curve([np.log10(BIG)], [run.values["meas_big"]],
                                 run.text("measured_big"), "green", "points"))
    return Figure.of(plot)


LESSON = Lesson(
    name="scaling",
    number=11,
    steps=(
        Step("board_size", action=board_size, figure=board_size_figure, show=("lab",)),
        Step("data_size", action=data_size, figure=data_size_figure, show=("lab",)),
        Step("fit", action=fit, check=fitted, figure=fit_figure, show=("lab",)),
        Step("stored", action=stored, figure=stored_figure, show=("lab",)),
        Step("extrapolate", action=extrapolate, check=extrapolated, figure=extrapolate_figure,
             show=("lab",)),
        Step("compute", action=scaling_compute.compute, check=scaling_compute.compute_fitted,
             figure=scaling_compute.compute_figure, show=("lab",)),
        Step("data_rule", action=scaling_compute.data_rule, figure=scaling_compute.rule_figure,
             params=(Param("model_factor", 8.0, low=1.0, high=1000.0, step=1.0),)),
    ),
)
