"""Lesson 10, fine-tuning: teach a trained board a new colour and watch what it forgets.

1. Train the 3-colour board (the session; Play works too).
2. Add yellow balls and a fourth cup: ``Session.add_cup`` keeps every peg and shares the 7 bins
   out among 4 cups, so the window's board shows the grown board. The re-mapping alone costs
   the old colours accuracy (their cups lost bins) — the forgetting meter's step 0.
3. Fine-tune on the yellow balls with the learner's strategy (full / frozen rows / LoRA,
   galton.core.finetune on a copy of the grown board); the session then shows the result.
4. The three strategies side by side: how many numbers each trains, what each learns and
   forgets.
5. Replay: mix some old balls into the fine-tuning data — the simplest cure for forgetting.

Every number is measured live on held-out balls: the session's 75 test balls of the old colours
and 100 yellow balls of their own.
"""

from __future__ import annotations

import numpy as np

from galton.core import finetune as F
from galton.core.optim import SGD
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Plot, Table

ROWS = 6
PRESET = {
    "scenario": {"name": "Fine-tuning: a new colour",
                 "description": "Three colours trained, then yellow balls and a fourth cup."},
    "data": {"dataset": "colors", "balls": 300, "colors": 3, "noise": 0.1,
             "test_fraction": 0.25},
    "board": {"rows": ROWS, "init": "zeros"},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 0.5, "momentum": 0.0,
                 "batch_size": 0, "seed": 0},
}
TRAINED = 0.95          # test accuracy the first step asks for
NEW_BALLS = 200
NEW_TEST = 100
NEW_SEED, TEST_SEED = 1, 7
LR = 0.5
FREEZE_ROWS = (0, 1, 2)
RANK = 2
METHODS = ("full", "freeze", "lora")
COLORS = {"full": "red", "freeze": "blue", "lora": "green"}
LEARNED = 0.8           # new-colour accuracy that counts as "learned"
KEPT = 0.9              # old-colour accuracy that counts as "kept"
METER_EVERY = 10


def _fields(data) -> dict:
    """A Dataset's fields as plain lists and tuples, so "Show as script" can write the call."""
    return {"X": data.X.tolist(), "y": data.y.tolist(), "feature_names": data.feature_names,
            "class_names": data.class_names, "class_colors": data.class_colors,
            "name": data.name}


# --- step 1: train the three colours ------------------------------------------------------------
def train(run):
    session = run.session
    if session.board.cups != 3 or session.test_set is None:
        session.load_scenario(PRESET)          # back from a grown board: start again
        run.values.pop("_grown", None)
    session.step(int(run.params["steps"]))
    trained(run)


def trained(run) -> bool:
    session = run.session
    if session.board.cups != 3 or session.test_set is None:
        return "trained_accuracy" in run.values
    acc = session.trainer.evaluate()["test_accuracy"]
    run.values.update(trained_accuracy=acc, trained_steps=session.trainer.step_count)
    return acc >= TRAINED


# --- step 2: a new colour and a new cup ----------------------------------------------------------
def grow(run):
    session = run.session
    if session.board.cups != 3 or session.test_set is None:
        train(run)                             # grow a trained 3-colour board, never another
    old_train, old_test_3 = session.train_set, session.test_set
    new = F.add_color(old_train, NEW_BALLS, seed=NEW_SEED)
    new_test = F.add_color(old_test_3, NEW_TEST, seed=TEST_SEED)
    old_test = F.relabel(old_test_3, new.class_names, new.class_colors)
    old = F.relabel(old_train, new.class_names, new.class_colors)
    before = session.board.accuracy(old_test_3.X, old_test_3.y)
    # The top peg decides whether a ball can still reach the last bin (all turns right).
    top = session.board.peg_probabilities(new_test.X)[:, 0]
    top_right = float(top.mean())
    run.values["yellow_top_right_max"] = float(top.max())
    # The window holds every colour (so a drop shows all four); fine-tuning uses the yellow
    # balls and the replay the learner chooses.
    session.add_cup(_fields(F.mix(new, old, replay=len(old) / len(new), seed=0)))
    board = session.board
    run.values["_grown"] = {"board": board.copy(), "new": new, "old": old,
                            "old_test": old_test, "new_test": new_test}
    cups = board.bin_to_cup
    run.values.update(
        old_before=before, old_remapped=board.accuracy(old_test.X, old_test.y),
        new_remapped=board.accuracy(new_test.X, new_test.y), new_balls=len(new),
        new_test_balls=len(new_test), old_test_balls=len(old_test), yellow_top_right=top_right,
        cups_map=" ".join(str(int(c)) for c in cups),
        new_hue=float(np.degrees(np.arctan2(new.X[:, 1].mean(), new.X[:, 0].mean()))))
    run.conclude("remap_verdict", "costs" if run.values["old_remapped"] < before else "keeps")


def grown(run) -> bool:
    return run.session.board.cups == 4 and "_grown" in run.values


def grow_figure(run):
    plot = Plot(title=run.text("meter_title"), xlabel=run.text("colours"),
                ylabel=run.text("accuracy"), y_range=(0.0, 1.05))
    v = run.values
    if "old_remapped" in v:
        plot.curves.append(Curve([0], [v["old_before"]], run.text("old_before"), "grey", "bars"))
        plot.curves.append(Curve([1], [v["old_remapped"]], run.text("old_after"), "blue",
                                 "bars"))
        plot.curves.append(Curve([2], [v["new_remapped"]], run.text("new_after"), "yellow",
                                 "bars"))
    return Figure.of(plot)


# --- fine-tuning runs -----------------------------------------------------------------------------
def _tune(run, method: str, replay: float, steps: int):
    g = run.values["_grown"]
    data = F.mix(g["new"], g["old"], replay, seed=0)
    kwargs = {"freeze": FREEZE_ROWS} if method == "freeze" else (
        {"rank": RANK} if method == "lora" else {})
    tuner = F.FineTuner(g["board"].copy(), data, SGD(LR), strategy=method,
                        old_test=g["old_test"], new_test=g["new_test"],
                        meter_every=METER_EVERY, **kwargs)
    tuner.run(steps)
    return tuner


def _store_tuner(run, prefix: str, tuner, method: str):
    m = tuner.meter.as_arrays()
    run.values.update({f"{prefix}_old": float(m["old_accuracy"][-1]),
                       f"{prefix}_new": float(m["new_accuracy"][-1]),
                       f"{prefix}_trainable": tuner.n_trainable,
                       f"{prefix}_meter": m,
                       f"{prefix}_method": method,
                       f"{prefix}_method_label": run.text(f"method:{method}")})


def _ready(run) -> bool:
    grown_board = run.values.get("_grown", {}).get("board")
    if grown_board is None or run.session.board.theta.shape != grown_board.theta.shape:
        grow(run)   # not grown yet, or the learner changed the window's board since
    return True


# --- step 3: fine-tune ----------------------------------------------------------------------------
def finetune(run):
    _ready(run)
    method, steps = run.params["method"], int(run.params["ft_steps"])
    tuner = _tune(run, method, 0.0, steps)
    _store_tuner(run, "ft", tuner, method)
    run.values.update(ft_steps_done=tuner.step_count, all_parameters=tuner.board.n_parameters)
    run.session.set_theta(tuner.theta())     # the window shows the fine-tuned pegs
    run.conclude("ft_verdict", forgetting(run.values["ft_new"], run.values["ft_old"],
                                          run.values["old_remapped"]))


#: Old-colour accuracy lost beyond this counts as forgetting.
FORGOT = 0.1


def forgetting(new: float, old: float, old_before: float) -> str:
    """What fine-tuning did: learned the new colour or not, forgot the old ones or not."""
    forgot = old < old_before - FORGOT
    if new >= LEARNED:
        return "forgot" if forgot else "kept"
    return "stuck" if forgot else "nothing"


def learned(run) -> bool:
    return run.values.get("ft_new", 0.0) >= LEARNED


def _meter_plot(run, entries) -> Plot:
    plot = Plot(title=run.text("meter_title"), xlabel=run.text("step"),
                ylabel=run.text("accuracy"), y_range=(0.0, 1.05))
    for label, meter, color in entries:
        steps = meter["steps"].astype(np.float64)
        plot.curves.append(Curve(steps, meter["old_accuracy"], run.text("old_of", who=label),
                                 color, "line"))
        plot.curves.append(Curve(steps, meter["new_accuracy"], run.text("new_of", who=label),
                                 color, "dash"))
    return plot


def finetune_figure(run):
    v = run.values
    entries = [] if "ft_meter" not in v else [(v["ft_method_label"], v["ft_meter"],
                                               COLORS[v["ft_method"]])]
    plot = _meter_plot(run, entries)
    if "old_remapped" in v:
        plot.lines.append(Line(v["old_before"], "y", run.text("old_before"), "grey"))
    return Figure.of(plot)


# --- step 4: the three strategies ---------------------------------------------------------------
def strategies(run):
    _ready(run)
    steps = int(run.params["ft_steps"])
    for method in METHODS:
        _store_tuner(run, f"cmp_{method}", _tune(run, method, 0.0, steps), method)
    run.values["cmp_steps"] = steps
    v = run.values
    # The yellow cup is the last bin alone: the frozen top peg's right turns bound its share,
    # and below a quarter another of the 4 cups always takes the ball (accuracy is argmax).
    run.conclude("freeze_verdict", "cannot" if v["yellow_top_right_max"] < 0.25 else "may")
    like = (abs(v["cmp_lora_new"] - v["cmp_full_new"]) <= 0.1
            and abs(v["cmp_lora_old"] - v["cmp_full_old"]) <= 0.1)
    run.conclude("lora_verdict", ("like_full_forgot" if v["cmp_full_old"] < v["old_remapped"]
                                  - FORGOT else "like_full") if like else "differs")


def compared(run) -> bool:
    return all(f"cmp_{m}_old" in run.values for m in METHODS)


def strategies_figure(run):
    v = run.values
    entries = [(v[f"cmp_{m}_method_label"], v[f"cmp_{m}_meter"], COLORS[m])
               for m in METHODS if f"cmp_{m}_meter" in v]
    plot = _meter_plot(run, entries)
    if not entries:
        return Figure.of(plot)
    table = Table(title=run.text("table_title"),
                  columns=[run.text("strategy"), run.text("trainable"), run.text("old_colours"),
                           run.text("new_colour")],
                  rows=[[v[f"cmp_{m}_method_label"], str(v[f"cmp_{m}_trainable"]),
                         f"{v[f'cmp_{m}_old']:.0%}", f"{v[f'cmp_{m}_new']:.0%}"]
                        for m in METHODS])
    return Figure.of(plot, table)


# --- step 5: replay -------------------------------------------------------------------------------
def replay(run):
    _ready(run)
    method, share = run.params["method"], float(run.params["replay"])
    steps = int(run.params["ft_steps"])
    tuner = _tune(run, method, share, steps)
    _store_tuner(run, "rp", tuner, method)
    run.values.update(rp_share=share, rp_balls=len(tuner.data),
                      rp_old_balls=len(tuner.data) - len(run.values["_grown"]["new"]))
    if "ft_old" not in run.values or run.values.get("ft_method") != method:
        _store_tuner(run, "ft", _tune(run, method, 0.0, steps), method)
    run.session.set_theta(tuner.theta())
    v = run.values
    run.conclude("rp_verdict", "cured" if cured(run) else
                 "not_learned" if v["rp_old"] >= KEPT else
                 "forgot" if v["rp_new"] >= LEARNED else "neither")


def cured(run) -> bool:
    v = run.values
    return v.get("rp_old", 0.0) >= KEPT and v.get("rp_new", 0.0) >= LEARNED


def replay_figure(run):
    v = run.values
    entries = []
    if "ft_meter" in v:
        entries.append((run.text("no_replay"), v["ft_meter"], "red"))
    if "rp_meter" in v:
        entries.append((run.text("with_replay", share=v["rp_share"]), v["rp_meter"], "green"))
    return Figure.of(_meter_plot(run, entries))


LESSON = Lesson(
    name="fine_tuning",
    number=10,
    preset=PRESET,
    steps=(
        Step("train", action=train, check=trained, show=("board", "charts"),
             params=(Param("steps", 200, low=10, high=1000, step=50, integer=True),)),
        Step("grow", action=grow, check=grown, figure=grow_figure, show=("board",)),
        Step("finetune", action=finetune, check=learned, figure=finetune_figure,
             show=("board",),
             params=(Param("method", "full", choices=METHODS),
                     Param("ft_steps", 300, low=10, high=600, step=50, integer=True))),
        Step("strategies", action=strategies, check=compared, figure=strategies_figure,
             show=("board", "lab"),
             params=(Param("ft_steps", 300, low=10, high=600, step=50, integer=True),)),
        Step("replay", action=replay, check=cured, figure=replay_figure, show=("board",),
             params=(Param("method", "full", choices=METHODS),
                     Param("replay", 1.0, low=0.0, high=2.0, step=0.25))),
    ),
)
