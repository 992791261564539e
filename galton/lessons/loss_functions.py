"""Lesson 14, loss functions by their names: the quadratic cost (MSE) in the article's ½n form,
and cross-entropy in its general form −Σ p·log q.

1. C(w, b) = 1/(2n)·Σ‖y(x) − a‖² — quadratic cost, mean squared error, cost function — computed
   by hand on the pinball board's balls and checked against galton's own MSE (equal to
   rounding); then the board trained with it.
2. Why ½ and why n, on the article's line data (x = 1, 2, 3, y = 2x, model y = a·x): the sum of
   squares is 14·(a − 2)², the ½n form (7/3)·(a − 2)²; same vertex, slopes in the ratio 2n = 6.
3. A board that sees no context (every ball the same single feature 1) trained on the seven
   next-token pairs of 今天天气很好 learns how often each token comes next: 天 2/7, the others
   1/7. It prefers 天 for every context, 今天天气很 included — the article's situation. With
   the one-hot target of 好, −Σ p·log q is −log q(好) = log 7 = 1.946.
4. The soft target p = the token frequencies: the mean of the seven one-hot losses equals
   −Σ p·log q exactly (identical balls), and its minimum, reached at q = p, is the entropy
   H(p) = log 7 − (2/7)·log 2 = 1.748.
5. Cross-entropy against MSE on the same board and data: −log q explodes as q → 0, MSE stays
   below 1 per ball; trained 300 steps each (step size 1), cross-entropy reaches
   P(好 | 今天天气很) ≈ 0.945 and MSE ≈ 0.79.
"""

from __future__ import annotations

import math

import numpy as np

import galton
from galton.core import tokens
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Note, Plot, Table
from galton.lessons.kit import conclude, one_thread

ROWS = 6
PRESET = {
    "scenario": {"name": "Loss functions",
                 "description": "The quadratic cost and cross-entropy, on the board's balls."},
    "data": {"dataset": "colors", "balls": 300, "colors": 3, "noise": 0.1,
             "test_fraction": 0.25},
    "board": {"rows": ROWS, "init": "zeros"},
    "training": {"loss": "mse", "optimizer": "sgd", "lr": 0.5, "momentum": 0.0,
                 "batch_size": 0, "seed": 0},
}
SHOWN = 5                      # balls listed in the MSE table
# The article's line (lesson 2): y = 2x at x = 1, 2, 3; C = Σx² = 14.
XS = np.array([1.0, 2.0, 3.0])
YS = 2.0 * XS
SENTENCE = "今天天气很好"
VOCAB = tokens.vocabulary(SENTENCE)
QUESTION = tuple("今天天气很")
ANSWER = "好"
FAVOURITE = "天"
NO_CONTEXT = "no context"
TOKEN_ROWS = 5                 # 6 bins, one per cup
TOKEN_LR = 1.0
COMPARE_STEPS = 300


# --- step 1: the quadratic cost ------------------------------------------------------------------
def _mse_by_hand(board, X, y) -> tuple[float, np.ndarray, np.ndarray]:
    """(C, a, ‖y(x) − a‖² per ball): the article's formula, term by term."""
    a = board.cup_probabilities(X)
    target = np.eye(board.cups)[y]
    terms = np.sum((target - a) ** 2, axis=1)
    return float(terms.sum() / (2 * len(y))), a, terms


def quadratic_cost(run):
    session = run.session
    if session.scenario["training"]["loss"] != "mse":
        session.set(loss="mse")
    X, y = session.train_set.X, session.train_set.y
    c_hand, _, terms = _mse_by_hand(session.board, X, y)
    c_galton = galton.loss(session.board, X, y, "mse")
    run.values.update(n_balls=len(y), c_hand=c_hand, c_galton=c_galton,
                      c_diff=abs(c_hand - c_galton), c_min_term=float(terms.min()),
                      c_max_term=float(terms.max()), c_steps=int(run.params["mse_steps"]))
    with one_thread():
        session.step(int(run.params["mse_steps"]))
    c_after, _, terms_after = _mse_by_hand(session.board, X, y)
    run.values.update(c_after=c_after, c_after_min=float(terms_after.min()),
                      c_accuracy=session.trainer.evaluate()["train_accuracy"])
    conclude(run, "c_fell", "yes" if c_after < c_hand else "no")


def trained_with_mse(run) -> bool:
    return (run.session.scenario["training"]["loss"] == "mse"
            and run.session.trainer.step_count > 0 and "c_after" in run.values)


def quadratic_figure(run):
    session = run.session
    X, y = session.train_set.X[:SHOWN], session.train_set.y[:SHOWN]
    if session.board.features != X.shape[1] or session.board.cups != 3:
        return Figure.of(Table(run.text("mse_title"), [], []))
    _, a, terms = _mse_by_hand(session.board, X, y)
    names = session.data.class_names
    rows = [[names[c], " ".join(f"{v:.3f}" for v in a[i]),
             " ".join("1" if k == c else "0" for k in range(3)), f"{terms[i]:.4f}"]
            for i, c in enumerate(y)]
    return Figure.of(Table(run.text("mse_title"),
                           [run.text("colour"), "a", "y(x)", "‖y(x) − a‖²"], rows))


# --- step 2: why ½ and why n ---------------------------------------------------------------------
def _sum_form(a):
    a = np.asarray(a, dtype=np.float64)
    return np.sum((YS - a[..., None] * XS) ** 2, axis=-1)


def _half_form(a):
    return _sum_form(a) / (2 * XS.size)


def why_half(run):
    a = float(run.params["a"])
    h = 1e-6
    run.values.update(
        h_a=a, h_sum=float(_sum_form(a)), h_half=float(_half_form(a)),
        h_sum_slope=float((_sum_form(a + h) - _sum_form(a - h)) / (2 * h)),
        h_half_slope=float((_half_form(a + h) - _half_form(a - h)) / (2 * h)),
        h_half_formula=float(np.mean((a * XS - YS) * XS)),
        h_ratio=2 * XS.size, h_n=XS.size, h_c=float(np.sum(XS * XS)))


def half_figure(run):
    a = np.linspace(-0.5, 4.5, 201)
    plot = Plot(title=run.text("half_title"), xlabel="a", ylabel=run.text("loss"),
                y_range=(-2.0, 60.0))
    plot.curves.append(Curve(a, _sum_form(a), run.text("sum_form"), "blue"))
    plot.curves.append(Curve(a, _half_form(a), run.text("half_form"), "orange"))
    plot.notes.append(Note(2.0, 0.0, run.text("vertex"), "green"))
    if "h_a" in run.values:
        plot.lines.append(Line(run.values["h_a"], "x", f"a = {run.values['h_a']:g}"))
    return Figure.of(plot)


# --- steps 3 and 4: cross-entropy on the next-token pairs -----------------------------------------
def _no_context_fields() -> dict:
    fields = tokens.dataset_fields(SENTENCE)
    fields["X"] = [[1.0] for _ in fields["y"]]
    fields["feature_names"] = ("1",)
    fields["name"] = f"next tokens of {SENTENCE}, {NO_CONTEXT}"
    return fields


def _frequencies() -> np.ndarray:
    y = np.array(tokens.dataset_fields(SENTENCE)["y"])
    return np.bincount(y, minlength=len(VOCAB)) / len(y)


def _no_context_loaded(session) -> bool:
    return (session.data.name == _no_context_fields()["name"]
            and session.board.cups == len(VOCAB) and session.board.features == 1)


def _q(session) -> np.ndarray:
    return session.board.cup_probabilities(np.ones((1, 1)))[0]


def prefers_tian(run):
    session = run.session
    session.set(rows=TOKEN_ROWS, init="zeros", loss="cross_entropy", optimizer="sgd",
                lr=TOKEN_LR, momentum=0.0, batch_size=0)
    session.use_data(_no_context_fields())
    with one_thread():
        session.step(int(run.params["tian_steps"]))
    q = _q(session)
    best = VOCAB[int(np.argmax(q))]
    run.values.update(t_steps=session.trainer.step_count, t_q=q, t_best=best,
                      t_q_tian=float(q[VOCAB.index(FAVOURITE)]),
                      t_q_hao=float(q[VOCAB.index(ANSWER)]),
                      t_e=float(-math.log(q[VOCAB.index(ANSWER)])),
                      t_log7=math.log(7))
    conclude(run, "t_prefers", "tian" if best == FAVOURITE else "other")


def board_prefers_tian(run) -> bool:
    session = run.session
    return (_no_context_loaded(session)
            and VOCAB[int(np.argmax(_q(session)))] == FAVOURITE)


def _token_plot(run, title) -> Plot:
    return Plot(title=title, xlabel=run.text("tokens"), ylabel=run.text("probability"),
                x_range=(-0.6, len(VOCAB) - 0.4), y_range=(0.0, 1.05),
                x_ticks=[(float(i), t) for i, t in enumerate(VOCAB)])


def tian_figure(run):
    plot = _token_plot(run, run.text("tian_title"))
    target = np.zeros(len(VOCAB))
    target[VOCAB.index(ANSWER)] = 1.0
    if _no_context_loaded(run.session):
        plot.curves.append(Curve(np.arange(len(VOCAB)), _q(run.session), run.text("q"),
                                 "blue", "bars"))
    plot.curves.append(Curve(np.arange(len(VOCAB)), target, run.text("p_onehot"), "red",
                             "points"))
    return Figure.of(plot)


def soft_target(run):
    session = run.session
    if not _no_context_loaded(session):
        prefers_tian(run)
    p = _frequencies()
    q = _q(session)
    e_soft = float(-np.sum(p * np.log(q)))
    mean_loss = galton.loss(session.board, session.train_set.X, session.train_set.y,
                            "cross_entropy")
    entropy = float(-np.sum(p * np.log(p)))
    run.values.update(s_p=p, s_q=q, s_e=e_soft, s_mean=mean_loss, s_gap=abs(e_soft - mean_loss),
                      s_h=entropy, s_kl=e_soft - entropy, s_n=len(session.train_set.y),
                      s_q_tian=float(q[VOCAB.index(FAVOURITE)]))
    conclude(run, "s_at_min", "yes" if e_soft - entropy < 1e-3 else "no")


def soft_figure(run):
    p = _frequencies()
    plot = _token_plot(run, run.text("soft_title"))
    plot.y_range = (0.0, 0.5)
    rows = []
    if _no_context_loaded(run.session):
        q = _q(run.session)
        plot.curves.append(Curve(np.arange(len(VOCAB)), q, run.text("q"), "blue", "bars"))
        rows = [[tok, f"{p[i]:.4f}", f"{q[i]:.4f}", f"{-p[i] * math.log(q[i]):.4f}"]
                for i, tok in enumerate(VOCAB)]
        rows.append(["Σ", f"{p.sum():.4f}", f"{q.sum():.4f}",
                     f"{-np.sum(p * np.log(q)):.4f}"])
    plot.curves.append(Curve(np.arange(len(VOCAB)), p, run.text("p_soft"), "red", "points"))
    return Figure.of(plot, Table(run.text("terms_title"),
                                 [run.text("token"), "p(w)", "q(w)", "−p(w)·log q(w)"], rows,
                                 highlight=[len(rows) - 1] if rows else []))


# --- step 5: cross-entropy against MSE -----------------------------------------------------------
def train_copy(loss: str, steps: int) -> tuple[float, float]:
    """(P(好 | 今天天气很), accuracy) after ``steps`` full-batch steps of plain gradient
    descent, θ ← θ − η·∇L with η = 1 and the board's own gradient kernel, on lesson 12's balls
    (last token + position), from level pegs. (A Trainer with SGD does the same arithmetic;
    the loop skips its bookkeeping, which is most of the time on so small a board.)"""
    data = tokens.dataset(SENTENCE)
    board = galton.Board(TOKEN_ROWS, data.features, len(VOCAB))
    with one_thread():
        for _ in range(int(steps)):
            board.theta -= TOKEN_LR * galton.loss_and_grad(board, data.X, data.y, loss)[1]
    x = tokens.features(SENTENCE, QUESTION)[None, :]
    return (float(board.cup_probabilities(x)[0][VOCAB.index(ANSWER)]),
            board.accuracy(data.X, data.y))


def compare(run):
    steps = int(run.params["compare_steps"])
    ce, ce_acc = train_copy("cross_entropy", steps)
    mse, mse_acc = train_copy("mse", steps)
    run.values.update(k_steps=steps, k_ce=ce, k_mse=mse, k_ce_acc=ce_acc, k_mse_acc=mse_acc,
                      k_ce_at=-math.log(0.01), k_mse_at=(1 - 0.01) ** 2,
                      k_ce_slope=-1 / 0.01, k_mse_slope=-2 * (1 - 0.01))
    conclude(run, "k_winner", "ce" if ce > mse else "mse")


def compare_figure(run):
    q = np.linspace(0.005, 1.0, 400)
    plot = Plot(title=run.text("compare_title"), xlabel=run.text("q_right"),
                ylabel=run.text("loss_one_ball"), y_range=(0.0, 5.0))
    plot.curves.append(Curve(q, -np.log(q), "−log q", "blue"))
    plot.curves.append(Curve(q, (1 - q) ** 2, run.text("mse_curve"), "orange"))
    if "k_ce" not in run.values:
        return Figure.of(plot)
    v = run.values
    table = Table(run.text("race_title", steps=v["k_steps"]),
                  [run.text("loss"), "P(好 | 今天天气很)", run.text("accuracy")],
                  [[run.text("cross_entropy"), f"{v['k_ce']:.3f}", f"{v['k_ce_acc']:.0%}"],
                   [run.text("mse"), f"{v['k_mse']:.3f}", f"{v['k_mse_acc']:.0%}"]])
    return Figure.of(plot, table)


LESSON = Lesson(
    name="loss_functions",
    number=14,
    preset=PRESET,
    steps=(
        Step("mse", action=quadratic_cost, check=trained_with_mse, figure=quadratic_figure,
             show=("board", "charts"),
             params=(Param("mse_steps", 100, low=1, high=1000, step=50, integer=True),)),
        Step("half", action=why_half, figure=half_figure,
             params=(Param("a", 1.0, low=-0.5, high=4.5, step=0.25),)),
        Step("prefers_tian", action=prefers_tian, check=board_prefers_tian,
             figure=tian_figure, show=("board",),
             params=(Param("tian_steps", 100, low=1, high=1000, step=50, integer=True),)),
        Step("soft_target", action=soft_target, figure=soft_figure, show=("board",)),
        Step("compare", action=compare, figure=compare_figure,
             params=(Param("compare_steps", COMPARE_STEPS, low=10, high=2000, step=50,
                           integer=True),)),
    ),
)
