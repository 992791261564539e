"""Lesson 11's last two steps: the loss against compute, L(C), on the stored sweep's compute
frontier, and the data rule of Kaplan et al. as the scaling article reports it — the data
should grow like N^0.74, so 8 times the model needs 8^0.74 ≈ 4.7, "about 5", times the data.

Kept in a module of its own so that lesson 11's module (galton/lessons/scaling.py) only gains
the steps' lines.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from galton.core import powerlaw, scaling
from galton.core.memory import power_of_ten
from galton.lessons.figure import Curve, Figure, Note, Plot, Table
from galton.lessons.kit import conclude

#: Kaplan et al. 2020 (the scaling article): D ≳ (5·10³)·N^0.74 avoids overfitting.
DATA_EXPONENT = 0.74
MODEL_FACTOR = 8.0
BOOTSTRAP = 100


@cache
def compute_law():
    """L(C) fitted on the stored sweep's compute frontier (the runs that reached a lower loss
    than every cheaper run), with its bootstrap interval; and the frontier's run indices."""
    from galton.lessons.scaling import stored_rows

    c = scaling.columns(stored_rows())
    idx = powerlaw.frontier(c["compute"], c["test_loss"])
    return powerlaw.fit_power_law(c["compute"][idx], c["test_loss"][idx],
                                  bootstrap=BOOTSTRAP), idx


# --- L(C) ----------------------------------------------------------------------------------------
def compute(run):
    from galton.lessons.scaling import stored_rows

    law, idx = compute_law()
    c = scaling.columns(stored_rows())
    cheapest, best = idx[0], idx[-1]
    run.values.update(
        c_alpha=law.alpha, c_lo=law.alpha_ci[0], c_hi=law.alpha_ci[1], c_floor=law.floor,
        c_runs=law.n, c_all=len(c["compute"]), c_kaplan=powerlaw.KAPLAN["C"],
        c_min=power_of_ten(c["compute"].min()), c_max=power_of_ten(c["compute"].max()),
        c_best_rows=int(c["rows"][best]), c_best_balls=int(c["balls"][best]),
        c_best_loss=float(c["test_loss"][best]), c_best_compute=power_of_ten(c["compute"][best]),
        c_cheap_rows=int(c["rows"][cheapest]), c_cheap_loss=float(c["test_loss"][cheapest]),
        c_big_rows=int(c["rows"].max()))
    big = np.flatnonzero(c["rows"] == c["rows"].max())
    big_best = big[np.argmin(c["test_loss"][big])]
    run.values.update(c_big_best=float(c["test_loss"][big_best]),
                      c_big_compute=power_of_ten(c["compute"][big_best]))
    conclude(run, "c_big", "worse" if run.values["c_big_best"] > run.values["c_best_loss"]
             else "better")
    conclude(run, "c_width", "wide" if law.alpha_ci[1] > 2 * law.alpha_ci[0] else "narrow")


def compute_fitted(run) -> bool:
    return "c_alpha" in run.values


def compute_figure(run):
    from galton.lessons.scaling import stored_rows

    c = scaling.columns(stored_rows())
    plot = Plot(title=run.text("c_title"), xlabel=run.text("log_c"),
                ylabel=run.text("test_loss"), log_y=True)
    plot.curves.append(Curve(np.log10(c["compute"]), c["test_loss"], run.text("stored"),
                             "grey", "points"))
    if "c_alpha" in run.values:
        law, idx = compute_law()
        plot.curves.append(Curve(np.log10(c["compute"][idx]), c["test_loss"][idx],
                                 run.text("frontier"), "blue", "line+points"))
        xs = np.geomspace(c["compute"][idx].min(), c["compute"][idx].max(), 60)
        plot.curves.append(Curve(np.log10(xs), law(xs), run.text("law", alpha=law.alpha),
                                 "red", "line"))
    return Figure.of(plot)


# --- the data rule -------------------------------------------------------------------------------
def data_factor(model_factor: float) -> float:
    """How many times more data a model ``model_factor`` times bigger needs: f^0.74."""
    return float(model_factor) ** DATA_EXPONENT


def data_rule(run):
    f = float(run.params["model_factor"])
    d = data_factor(f)
    run.values.update(r_model=f, r_data=d, r_exponent=DATA_EXPONENT, r_eight=data_factor(8.0),
                      r_per_model=d / f, r_thousand=data_factor(1000.0))
    conclude(run, "r_less", "less" if d < f else "same" if d == f else "more")


def rule_figure(run):
    f = np.geomspace(1.0, 1000.0, 100)
    plot = Plot(title=run.text("r_title"), xlabel=run.text("log_model"),
                ylabel=run.text("log_data"))
    plot.curves.append(Curve(np.log10(f), np.log10(f), run.text("same_factor"), "grey",
                             "dash"))
    plot.curves.append(Curve(np.log10(f), DATA_EXPONENT * np.log10(f),
                             run.text("rule"), "blue"))
    if "r_model" in run.values:
        v = run.values
        x, y = np.log10(v["r_model"]), np.log10(v["r_data"])
        plot.notes.append(Note(float(x), float(y), run.text("point", m=v["r_model"],
                                                            d=v["r_data"]), "red"))
    rows = [[f"{m:g}×", f"{data_factor(m):.2f}×"] for m in (2.0, 8.0, 10.0, 100.0, 1000.0)]
    return Figure.of(plot, Table(run.text("r_table"), [run.text("model_col"),
                                                       run.text("data_col")], rows,
                                 highlight=[1]))
