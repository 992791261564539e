"""Lesson 15, masked tokens: hide a token and ask what was there — self-supervision the other
way (denoising), on the sentence of lesson 12.

1. The six blanks of 今天天气很好 (galton.core.masked): □天天气很好 → 今 … 今天天气很□ → 好.
2. Balls: the two neighbours of the blank as one-hots (or the left one alone); cups: the five
   distinct tokens, so a 4-row board has one bin per cup and the level board spreads every
   ball 1:4:6:4:1 over them.
3. Training with cross-entropy (300 full-batch steps, step size 1) fills every blank: each
   P(right token) above 0.95.
4. What the right neighbour adds: with the left one alone 今天□气很好 and 今天天□很好 are the
   same ball (天 on the left) but need 天 and 气: both stay near ½ while the others learn.
"""

from __future__ import annotations

import numpy as np

import galton
from galton.core import masked
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Plot, Table
from galton.lessons.kit import conclude, one_thread

SENTENCE = "今天天气很好"
VOCAB = masked.vocabulary(SENTENCE)
ROWS = 4                        # 5 bins, one per cup
PRESET = {
    "scenario": {"name": "Masked tokens",
                 "description": "Blanks of 今天天气很好 as balls, their hidden tokens as cups."},
    "board": {"rows": ROWS, "init": "zeros"},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 1.0, "momentum": 0.0,
                 "batch_size": 0, "seed": 0},
}
#: The two blanks with 天 on their left (今天□气很好 → 天, 今天天□很好 → 气).
TWINS = (2, 3)
FILLED = 0.9                    # every blank's right token above this: learned


def _sides(run) -> str:
    return run.params["sides"]


def _loaded(session, sides=None) -> bool:
    names = ([masked.dataset_fields(SENTENCE, s)["name"] for s in masked.SIDES]
             if sides is None else [masked.dataset_fields(SENTENCE, sides)["name"]])
    return session.data.name in names and session.board.cups == len(VOCAB)


def _probabilities(session) -> np.ndarray:
    """(6,) P(right token) for each blank, on the session's board and balls."""
    q = session.board.cup_probabilities(session.train_set.X)
    return q[np.arange(len(session.train_set.y)), session.train_set.y]


# --- step 1: the blanks --------------------------------------------------------------------------
def make_blanks(run):
    bs = masked.blanks(SENTENCE)
    run.values.update(n_blanks=len(bs), blanks_text=", ".join(str(b) for b in bs),
                      n_next=len(bs) + 1)


def blanks_figure(run):
    rows = [[str(i + 1), b.text, b.target] for i, b in enumerate(masked.blanks(SENTENCE))]
    return Figure.of(Table(run.text("blanks_title"),
                           ["#", run.text("input"), run.text("target")], rows))


# --- step 2: balls -------------------------------------------------------------------------------
def load_balls(run):
    session = run.session
    if session.board.rows != ROWS:
        session.set(rows=ROWS)
    session.use_data(masked.dataset_fields(SENTENCE, _sides(run)))
    X = session.train_set.X
    run.values.update(n_cups=len(VOCAB), vocab_text=", ".join(VOCAB),
                      n_features=X.shape[1], n_distinct=len({tuple(x) for x in X}),
                      sides_text=run.text(f"sides:{_sides(run)}"),
                      level=" : ".join(f"{v * 16:.0f}" for v in
                                       session.board.cup_probabilities(X[:1])[0]))


def balls_loaded(run) -> bool:
    return _loaded(run.session)


def balls_figure(run):
    sides = _sides(run)
    rows = []
    for b in masked.blanks(SENTENCE):
        rows.append([b.text, b.left, b.right if sides == "both" else "—", b.target])
    return Figure.of(Table(run.text("balls_title"),
                           [run.text("input"), run.text("left"), run.text("right"),
                            run.text("cup")], rows, highlight=list(TWINS)))


# --- step 3: training ----------------------------------------------------------------------------
def train(run):
    session = run.session
    if not _loaded(session):
        load_balls(run)
    with one_thread():
        session.step(int(run.params["steps"]))
    p = _probabilities(session)
    run.values.update(tr_steps=session.trainer.step_count, tr_min=float(p.min()),
                      tr_accuracy=session.trainer.evaluate()["train_accuracy"],
                      tr_twin_a=float(p[TWINS[0]]), tr_twin_b=float(p[TWINS[1]]),
                      tr_sides=run.text("sides:both" if _loaded(session, "both")
                                        else "sides:left"))
    conclude(run, "tr_filled", "all" if p.min() > FILLED else "not_all")


def filled(run) -> bool:
    """Every blank's right token above 0.9 on the session's board (both sides loaded)."""
    session = run.session
    return _loaded(session, "both") and bool(_probabilities(session).min() > FILLED)


def train_figure(run):
    session = run.session
    plot = Plot(title=run.text("train_title"), xlabel=run.text("blank"),
                ylabel=run.text("p_right"), y_range=(0.0, 1.05), x_range=(-0.6, 5.6),
                x_ticks=[(float(i), b.text) for i, b in enumerate(masked.blanks(SENTENCE))])
    if _loaded(session):
        plot.curves.append(Curve(np.arange(6), _probabilities(session),
                                 run.text("now"), "blue", "bars"))
    return Figure.of(plot)


# --- step 4: the two ways of labelling text ------------------------------------------------------
def left_only_copy(steps: int) -> np.ndarray:
    """P(right token) per blank after ``steps`` steps of plain gradient descent (step size 1,
    full batch, the board's own gradient kernel) on a fresh board that sees the left
    neighbour alone."""
    data = masked.dataset(SENTENCE, "left")
    board = galton.Board(ROWS, data.features, len(VOCAB))
    with one_thread():
        for _ in range(int(steps)):
            board.theta -= 1.0 * galton.loss_and_grad(board, data.X, data.y)[1]
    q = board.cup_probabilities(data.X)
    return q[np.arange(len(data.y)), data.y]


def compare(run):
    session = run.session
    if not _loaded(session, "both") or session.trainer.step_count == 0:
        run.set_param("sides", "both")
        load_balls(run)
        train(run)
    both = _probabilities(session)
    steps = session.trainer.step_count
    left = left_only_copy(steps)
    run.values.update(c_steps=steps, c_both=both, c_left=left,
                      c_left_a=float(left[TWINS[0]]), c_left_b=float(left[TWINS[1]]),
                      c_both_a=float(both[TWINS[0]]), c_both_b=float(both[TWINS[1]]),
                      c_others=float(min(np.delete(left, TWINS).min(),
                                         np.delete(both, TWINS).min())))
    stuck = max(abs(left[TWINS[0]] - 0.5), abs(left[TWINS[1]] - 0.5)) < 0.1
    conclude(run, "c_stuck", "yes" if stuck else "no")


def compare_figure(run):
    plot = Plot(title=run.text("compare_title"), xlabel=run.text("blank"),
                ylabel=run.text("p_right"), y_range=(0.0, 1.05), x_range=(-0.6, 5.6),
                x_ticks=[(float(i), b.text) for i, b in enumerate(masked.blanks(SENTENCE))])
    if "c_both" in run.values:
        x = np.arange(6)
        plot.curves.append(Curve(x, run.values["c_both"], run.text("sides:both"), "blue",
                                 "bars"))
        plot.curves.append(Curve(x, run.values["c_left"], run.text("sides:left"), "red",
                                 "points"))
    return Figure.of(plot)


LESSON = Lesson(
    name="masked_tokens",
    number=15,
    preset=PRESET,
    steps=(
        Step("blanks", action=make_blanks, figure=blanks_figure),
        Step("balls", action=load_balls, check=balls_loaded, figure=balls_figure,
             show=("board",), params=(Param("sides", "both", choices=masked.SIDES),)),
        Step("train", action=train, check=filled, figure=train_figure,
             show=("board", "charts"),
             params=(Param("steps", 300, low=10, high=2000, step=50, integer=True),)),
        Step("compare", action=compare, figure=compare_figure),
    ),
)
