"""Lesson 6, the pinball machine: red, green and blue balls learn to find their cups.

The preset is the "Sort three colours" board: 6 rows, 7 bins, 3 cups (red: bins 0–2, green:
bins 3–4, blue: bins 5–6; label 0 is red, see galton/core/datasets.py). Untrained, every peg
is a fair coin, so every ball — whatever its colour — lands in bin j with the binomial
probability C(6, j)/64: a red ball reaches the red cup with probability exactly 22/64. After
a few hundred steps of gradient descent nearly every ball lands in its own cup, and each peg's
weights say which feature (hue, weight, size) it looks at.

Checks read the session, not the lesson's own numbers: a learner who drops balls or trains
with the window's own buttons passes too (the checks then also fill in the numbers the text
quotes).
"""

from __future__ import annotations

from math import comb

import numpy as np

from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Plot, Table

ROWS = 6
PRESET = {
    "scenario": {"name": "The pinball machine",
                 "description": "Red, green and blue balls learn to find their cups."},
    "data": {"dataset": "colors", "balls": 300, "colors": 3, "noise": 0.1,
             "test_fraction": 0.25},
    "board": {"rows": ROWS, "init": "zeros"},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 0.5, "momentum": 0.0,
                 "batch_size": 0, "seed": 0},
}
#: Shares the checks ask for: trained means 90 % of the exact probability mass in the own cup;
#: a drop of a few hundred balls from such a board lands at least 85 % in the own cup.
TRAINED_SHARE = 0.90
DROPPED_SHARE = 0.85
#: Below this share a drop counts as "untrained" (a fair board gives exactly 1/3).
UNTRAINED_SHARE = 0.5
COLOR_NAMES = ("red", "green", "blue")  # the figure palette's names, in label order


def binomial(rows: int = ROWS) -> np.ndarray:
    """P(bin j) on a board of fair pegs: C(rows, j) / 2^rows."""
    return np.array([comb(rows, j) for j in range(rows + 1)], dtype=np.float64) / 2 ** rows


# --- reading the session --------------------------------------------------------------------------
def own_cup_share(session) -> float:
    """The exact expected share of test balls that land in their own cup: mean of Q[y]."""
    data = session.test_set if session.test_set is not None else session.train_set
    Q = session.board.cup_probabilities(data.X)
    return float(np.mean(Q[np.arange(len(data.y)), data.y]))


def _drop_table(session) -> np.ndarray | None:
    """counts[colour, cup] of the session's last drop, or None before any drop. Its size is
    the drop's own (the learner may have changed the rows or colours since)."""
    if session.last_drop is None:
        return None
    labels, drop = session.last_drop
    n = max(session.board.cups, int(labels.max(initial=0)) + 1,
            int(drop.cups.max(initial=0)) + 1)
    table = np.zeros((n, n), dtype=np.int64)
    np.add.at(table, (labels, drop.cups), 1)
    return table


def _by_colour(values, n_colours: int) -> list[float]:
    """One number per colour name; a colour the board does not have (the learner chose
    fewer colours in the window) is NaN, which the page shows as "—"."""
    return [float(values[c]) if c < n_colours else float("nan")
            for c in range(len(COLOR_NAMES))]


def _new_drop(run):
    """The session's last drop if it happened during this lesson, else None."""
    drop = run.session.last_drop
    return None if drop is None or drop is run.values.get("_drop_before") else drop


def _measure_drop(run, prefix: str, accept) -> bool:
    """Store the numbers of the last drop under ``prefix_...`` if it happened during this
    lesson and ``accept(share)``; True when numbers for ``prefix`` are stored (now or before).
    A drop that does not fit the step (e.g. a trained drop seen from step 1) changes nothing."""
    if _new_drop(run) is not None:
        table = _drop_table(run.session)
        share = float(np.trace(table) / table.sum())
        if accept(share):
            labels, drop = run.session.last_drop
            per_colour = np.diag(table) / np.maximum(table.sum(axis=1), 1)
            run.values[f"{prefix}_share"] = share
            run.values[f"{prefix}_balls"] = int(table.sum())
            for name, value in zip(COLOR_NAMES, _by_colour(per_colour, len(per_colour)),
                                   strict=True):
                run.values[f"{prefix}_{name}"] = value
            run.values[f"{prefix}_table"] = table
            n_bins = drop.turns.shape[1] + 1  # the drop's board, not today's
            run.values[f"{prefix}_bins"] = np.stack([
                np.bincount(drop.bins[labels == c], minlength=n_bins)
                for c in range(table.shape[0])])
            layout = run.session.board.cup_layout
            run.values[f"{prefix}_cup_edges"] = (
                [int(lo) for lo in layout.lo[1:]] if run.session.board.n_bins == n_bins
                else [])
    return f"{prefix}_share" in run.values


def setup(run):
    run.values["_drop_before"] = run.session.last_drop
    p = binomial()
    cups = run.session.board.bin_to_cup
    run.values["fair_red"] = float(p[cups == 0].sum())     # 22/64
    run.values["fair_green"] = float(p[cups == 1].sum())   # 35/64
    run.values["fair_blue"] = float(p[cups == 2].sum())    # 7/64


# --- step 1: drop balls on the untrained board ----------------------------------------------------
def drop_untrained(run):
    run.session.drop(int(run.params["balls"]), seed=0)
    dropped_untrained(run)


def dropped_untrained(run) -> bool:
    measured = _measure_drop(run, "before", lambda share: share < UNTRAINED_SHARE)
    if measured:
        run.values["chance_share"] = _chance_share(run)
        run.conclude("before_verdict", "chance" if run.values["before_share"]
                     <= run.values["chance_share"] + _noise(run, "before") else "better")
    return measured


def _chance_share(run) -> float:
    """The share of the last drop's balls a colour-blind board puts in their own cup: each
    colour's share of the balls times its cup's share of the binomial heap (of the drop's
    board: the learner may have changed the rows or cups in the window)."""
    table = run.values["before_table"]
    bins = run.values["before_bins"].shape[1]
    colours = table.sum(axis=1) / table.sum()
    heap = np.zeros(len(table))
    if bins == run.session.board.n_bins:
        np.add.at(heap, run.session.board.bin_to_cup, binomial(bins - 1))
    else:  # the window's board changed since: its default cups over the drop's bins
        from galton.core.cups import default_bin_to_cup

        np.add.at(heap, default_bin_to_cup(bins - 1, len(table)), binomial(bins - 1))
    return float(colours @ heap)


def _noise(run, prefix) -> float:
    """Three standard errors of a share measured on the drop's balls."""
    p, n = run.values["chance_share"], run.values[f"{prefix}_balls"]
    return 3.0 * float(np.sqrt(p * (1 - p) / n))


def _drop_figure(run, prefix: str):
    title = run.text(f"{prefix}_title")
    plot = Plot(title=title, xlabel=run.text("bin"), ylabel=run.text("balls"))
    counts = run.values.get(f"{prefix}_bins")
    n_colours = len(counts) if counts is not None else run.session.board.cups
    names = COLOR_NAMES[:n_colours]
    table = Table(title=run.text("cups_title"),
                  columns=[run.text("colour")] + [run.text(f"cup_{c}") for c in names])
    if counts is not None:
        bins = np.arange(counts.shape[1])  # the drop's bins, whatever the board has now
        total = counts.sum()
        plot.curves.append(Curve(bins, counts.sum(axis=0), run.text("all_balls"), "grey",
                                 "bars"))
        for c, name in enumerate(names):
            plot.curves.append(Curve(bins, counts[c], run.text(f"ball_{name}"), name,
                                     "line+points"))
        plot.curves.append(Curve(bins, total * binomial(len(bins) - 1), run.text("binomial"),
                                 "black", "dash"))
        shares = run.values[f"{prefix}_table"] / np.maximum(
            run.values[f"{prefix}_table"].sum(axis=1, keepdims=True), 1)
        for c, name in enumerate(names):
            table.rows.append([run.text(f"ball_{name}")]
                              + [f"{s:.0%}" for s in shares[c][:len(names)]])
        table.highlight = [0]
        edges = run.values.get(f"{prefix}_cup_edges", [])
    else:
        edges = [int(lo) for lo in run.session.board.cup_layout.lo[1:]]
    for lo in edges:  # a line between neighbouring cups
        plot.lines.append(Line(lo - 0.5, "x", "", "grey"))
    return Figure.of(plot, table)


def drop_before_figure(run):
    return _drop_figure(run, "before")


# --- step 2: train --------------------------------------------------------------------------------
def train(run):
    session = run.session
    lr = float(run.params["lr"])
    if session.lr != lr:
        session.lr = lr  # keeps the optimizer's state and the history
    session.step(int(run.params["steps"]))
    trained(run)


def trained(run) -> bool:
    """At least 90 % of the test balls' probability lands in their own cup (also said on the
    page: ``train_verdict``)."""
    session = run.session
    share = own_cup_share(session)
    run.values["own_share"] = share
    run.values["test_accuracy"] = session.trainer.evaluate().get("test_accuracy", float("nan"))
    run.values["trained_steps"] = session.trainer.step_count
    losses = session.trainer.history.train_loss
    if len(losses):
        run.values["first_loss"] = float(losses[0])
        run.values["last_loss"] = float(losses[-1])
    run.conclude("train_verdict", "sorted" if share >= TRAINED_SHARE else "not_yet")
    return share >= TRAINED_SHARE


def train_figure(run):
    h = run.session.trainer.history
    plot = Plot(title=run.text("train_title"), xlabel=run.text("step"), ylabel="")
    if len(h):
        steps = h.step.astype(np.float64)
        plot.curves.append(Curve(steps, h.train_loss, run.text("loss"), "red", "line"))
        ok = np.isfinite(h.test_accuracy)
        plot.curves.append(Curve(steps[ok], h.test_accuracy[ok], run.text("accuracy"),
                                 "blue", "line+points"))
    plot.lines.append(Line(TRAINED_SHARE, "y", f"{TRAINED_SHARE:.0%}", "grey"))
    return Figure.of(plot)


# --- step 3: drop again ---------------------------------------------------------------------------
def drop_trained(run):
    run.session.drop(int(run.params["balls"]), seed=1)
    dropped_trained(run)


def dropped_trained(run) -> bool:
    """The last drop, whatever it shows, is this step's; it passes once most balls find their
    cup. The page says which (``after_verdict``)."""
    if not _measure_drop(run, "after", lambda share: True):
        return False
    sorted_ = run.values["after_share"] >= DROPPED_SHARE
    run.conclude("after_verdict", "sorted" if sorted_ else "not_yet")
    return sorted_


def drop_after_figure(run):
    return _drop_figure(run, "after")


# --- step 4: look at a peg ------------------------------------------------------------------------
def _peg(run) -> tuple[int, int]:
    rows = run.session.board.rows
    row = min(int(run.params["row"]), rows - 1)
    return row, min(int(run.params["slot"]), row)


def look_at_peg(run):
    session = run.session
    board = session.board
    row, slot = _peg(run)
    theta = board.theta[board.peg_index(row, slot)]
    names = session.data.feature_names
    weights = theta[:-1]
    top = int(np.argmax(np.abs(weights)))
    data = session.test_set if session.test_set is not None else session.train_set
    p = board.peg_probabilities(data.X)[:, board.peg_index(row, slot)]
    p_colour = _by_colour([_mean(p[data.y == c]) for c in range(data.n_classes)],
                          data.n_classes)
    run.values.update(peg_row=row, peg_slot=slot, peg_feature=names[top],
                      peg_weight=float(weights[top]), peg_bias=float(theta[-1]),
                      peg_red=p_colour[0], peg_green=p_colour[1], peg_blue=p_colour[2],
                      peg_theta=theta.copy())
    run.values["peg_feature_label"] = run.text(f"feature_{names[top]}")
    top_peg = board.theta[board.peg_index(0, 0)]
    run.values["top_hue_weight"] = float(top_peg[list(names).index("hue_cos")])
    run.conclude("top_verdict", "red_left" if run.values["top_hue_weight"] < -1.0 else "other")


def _mean(values) -> float:
    """The mean, NaN when there is none (no test ball of a colour: NumPy would warn)."""
    return float(np.mean(values)) if len(values) else float("nan")


def looked_at_peg(run) -> bool:
    """The learner looked at a peg that training has turned (not a fair coin any more)."""
    theta = run.values.get("peg_theta")
    return theta is not None and float(np.max(np.abs(theta[:-1]))) > 0.1


def peg_figure(run):
    board = run.session.board
    row, slot = _peg(run)
    theta = board.theta[board.peg_index(row, slot)]
    names = run.session.data.feature_names
    title = run.text("peg_title", peg_row=row, peg_slot=slot)
    table = Table(title=title, columns=[run.text("feature"), run.text("weight")],
                  rows=[[run.text(f"feature_{n}"), f"{w:+.2f}"]
                        for n, w in zip(names, theta[:-1], strict=True)]
                  + [[run.text("bias"), f"{theta[-1]:+.2f}"]],
                  highlight=[int(np.argmax(np.abs(theta[:-1])))])
    data = run.session.test_set if run.session.test_set is not None else run.session.train_set
    p = board.peg_probabilities(data.X)[:, board.peg_index(row, slot)]
    shown = COLOR_NAMES[:data.n_classes]
    plot = Plot(title=run.text("p_title"), xlabel=run.text("colour"),
                ylabel=run.text("p_right"), y_range=(0.0, 1.0),
                x_ticks=[(float(c), run.text(f"ball_{name}")) for c, name in enumerate(shown)])
    for c, name in enumerate(shown):  # named under the bar: no legend needed
        plot.curves.append(Curve([c], [_mean(p[data.y == c])], "", name, "bars"))
    plot.lines.append(Line(0.5, "y", run.text("fair"), "grey"))
    return Figure.of(table, plot)


LESSON = Lesson(
    name="pinball",
    number=6,
    preset=PRESET,
    setup=setup,
    steps=(
        Step("drop_untrained", action=drop_untrained, check=dropped_untrained,
             figure=drop_before_figure, show=("board", "charts"),
             params=(Param("balls", 300, low=30, high=3000, step=30, integer=True),)),
        Step("train", action=train, check=trained,
             figure=train_figure, show=("board", "charts"),
             params=(Param("steps", 300, low=10, high=2000, step=50, integer=True),
                     Param("lr", 0.5, low=0.01, high=2.0, step=0.05, setting="lr"))),
        Step("drop_trained", action=drop_trained, check=dropped_trained,
             figure=drop_after_figure, show=("board", "charts"),
             params=(Param("balls", 300, low=30, high=3000, step=30, integer=True),)),
        Step("peg", action=look_at_peg, check=looked_at_peg, figure=peg_figure,
             show=("board", "charts"),
             params=(Param("row", 0, low=0, high=ROWS - 1, step=1, integer=True),
                     Param("slot", 0, low=0, high=ROWS - 1, step=1, integer=True))),
    ),
)
