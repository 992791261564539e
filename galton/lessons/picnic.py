"""Lesson 4, the picnic perceptron: weather, family, parking (1 good / 0 bad).

With the article's weights 6, 2, 2 and threshold 5 the weather alone decides: good weather
alone gives 6 > 5 (go), bad weather with everything else good gives 2 + 2 = 4 < 5 (stay).
Raising the threshold to 7 makes the other inputs matter (weather alone 6 < 7, weather and
family 8 > 7); a bias of 4 on "family wants to go" (its weight 2 + 4 = 6) makes 6 > 5 even in
the rain. Then the hard step becomes the smooth sigmoid, whose slope (at most ¼) is what
gradient descent needs — and a peg of the board is exactly this perceptron with a sigmoid:
p_right = σ(6·weather + 2·family + 2·parking − 5) on a one-row board.
"""

from __future__ import annotations

import numpy as np

from galton.core.datasets import PICNIC_THRESHOLD, PICNIC_WEIGHTS, picnic
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Note, Plot, Table

#: The 8 cases in the dataset's order: weather the slowest digit, parking the fastest.
CASES = picnic().X
WEIGHTS = np.array(PICNIC_WEIGHTS)
THRESHOLD = PICNIC_THRESHOLD
ARTICLE_LABELS = picnic().y

PRESET = {
    "scenario": {"name": "The picnic perceptron",
                 "description": "One peg: go on a picnic (right cup) or stay at home (left)."},
    "data": {"dataset": "picnic", "balls": 8, "test_fraction": 0.0},
    "board": {"rows": 1, "init": "zeros"},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 1.0, "batch_size": 0,
                 "seed": 0},
}


def case_index(weather: int, family: int, parking: int) -> int:
    return 4 * weather + 2 * family + parking


def decide(weights, threshold) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sums of the 8 cases and the decisions (go iff sum > threshold)."""
    sums = CASES @ np.asarray(weights, dtype=np.float64)
    return sums, sums > threshold


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def _truth_table(run, weights, threshold, title, highlight=()) -> Table:
    sums, go = decide(weights, threshold)
    go_word, stay_word = run.text("go"), run.text("stay")
    rows = []
    for x, s, g in zip(CASES.astype(int), sums, go, strict=True):
        terms = " + ".join(f"{w:g}·{v}" for w, v in zip(weights, x, strict=True))
        rel = ">" if s > threshold else "=" if s == threshold else "<"
        rows.append([x[0], x[1], x[2], f"{terms} = {s:g}", f"{s:g} {rel} {threshold:g}",
                     go_word if g else stay_word])
    columns = [run.text("weather"), run.text("family"), run.text("parking"),
               run.text("sum"), run.text("compare"), run.text("decision")]
    return Table(title, columns, rows, highlight=list(highlight))


def _store(run, prefix, weights, threshold):
    sums, go = decide(weights, threshold)
    run.values[f"{prefix}_sums"], run.values[f"{prefix}_go"] = sums, go
    run.values[f"{prefix}_go_count"] = int(go.sum())
    for name, case in (("alone", (1, 0, 0)), ("rain_rest", (0, 1, 1)),
                       ("weather_family", (1, 1, 0)), ("rain_family", (0, 1, 0))):
        i = case_index(*case)
        run.values[f"{prefix}_{name}"] = float(sums[i])
        run.values[f"{prefix}_{name}_go"] = run.text("go" if go[i] else "stay")


# --- step 1: the article's perceptron ------------------------------------------------------
def _weights(run):
    return np.array([run.params["w_weather"], run.params["w_family"], run.params["w_parking"]])


def perceptron(run):
    _store(run, "p", _weights(run), run.params["threshold"])
    run.values["p_threshold"] = run.params["threshold"]


def weather_decides(run) -> bool:
    """Good weather alone goes; bad weather with everything else good stays."""
    go = run.values.get("p_go")
    return go is not None and bool(go[case_index(1, 0, 0)]) and not go[case_index(0, 1, 1)]


def perceptron_figure(run):
    return Figure.of(_truth_table(run, _weights(run), run.params["threshold"],
                                  run.text("table_title", t=run.params["threshold"]),
                                  (case_index(1, 0, 0), case_index(0, 1, 1))))


# --- step 2: a higher threshold ----------------------------------------------------------------
def raise_threshold(run):
    _store(run, "t", WEIGHTS, run.params["threshold_high"])


def others_matter(run) -> bool:
    """Weather alone is no longer enough, weather and family together are."""
    go = run.values.get("t_go")
    return (go is not None and not go[case_index(1, 0, 0)]
            and bool(go[case_index(1, 1, 0)]))


def threshold_figure(run):
    t = run.params["threshold_high"]
    return Figure.of(_truth_table(run, WEIGHTS, t, run.text("table_title", t=t),
                                  (case_index(1, 0, 0), case_index(1, 1, 0),
                                   case_index(1, 0, 1))))


# --- step 3: a bias on "family wants to go" -------------------------------------------------------
def _biased(run):
    return WEIGHTS + np.array([0.0, run.params["family_bias"], 0.0])


def add_bias(run):
    _store(run, "b", _biased(run), THRESHOLD)
    run.values["family_weight"] = float(_biased(run)[1])


def rain_goes(run) -> bool:
    go = run.values.get("b_go")
    return go is not None and bool(go[case_index(0, 1, 0)])


def bias_figure(run):
    return Figure.of(_truth_table(run, _biased(run), THRESHOLD,
                                  run.text("table_title", t=THRESHOLD),
                                  (case_index(0, 1, 0),)))


# --- step 4: the step function and the sigmoid ----------------------------------------------------
Z = np.linspace(-8.0, 8.0, 321)


def smooth(run):
    k = run.params["sharpness"]
    s = sigmoid(Z)
    slope = s * (1.0 - s)
    run.values["max_slope"] = float(slope.max())      # ¼, at z = 0
    run.values["slope_at_1"] = float(sigmoid(1.0) * (1 - sigmoid(1.0)))
    run.values["sig_alone"] = float(sigmoid(6.0 - THRESHOLD))      # σ(1) ≈ 0.731
    run.values["sig_rain_rest"] = float(sigmoid(4.0 - THRESHOLD))  # σ(−1) ≈ 0.269
    run.values["sharp_alone"] = float(sigmoid(k * (6.0 - THRESHOLD)))
    run.values["k"] = float(k)


def smooth_figure(run):
    k = run.params["sharpness"]
    s = sigmoid(Z)
    plot = Plot(title=run.text("step_vs_sigmoid"), xlabel=run.text("z_axis"), ylabel="",
                x_range=(Z[0], Z[-1]), y_range=(-0.05, 1.05),
                curves=[Curve(Z, (Z > 0).astype(float), run.text("step_fn"), "grey", "step"),
                        Curve(Z, s, "σ(z)", "blue"),
                        Curve(Z, s * (1 - s), "σ′(z) = σ(1 − σ)", "orange", "dash")],
                lines=[Line(0.0, "x", run.text("threshold_line")), Line(0.25, "y", "¼")],
                notes=[Note(0.0, 0.25, "σ′(0) = ¼", "orange"),
                       Note(1.0, float(sigmoid(1.0)), run.text("alone_note"), "blue"),
                       Note(-1.0, float(sigmoid(-1.0)), run.text("rain_rest_note"), "blue")])
    if k != 1.0:
        plot.curves.append(Curve(Z, sigmoid(k * Z), f"σ({k:g}·z)", "purple"))
    return Figure.of(plot)


# --- steps 5 and 6: the peg -----------------------------------------------------------------------
def _go_probabilities(session) -> np.ndarray:
    return session.board.cup_probabilities(CASES)[:, 1]


def _peg_matches(session) -> bool:
    board = session.board
    if board.rows != 1 or board.features != 3 or board.cups != 2:
        return False
    return bool(np.array_equal(_go_probabilities(session) > 0.5, ARTICLE_LABELS == 1))


def set_peg(run):
    run.session.turn_peg(0, 0, weights=list(WEIGHTS), bias=-THRESHOLD)
    p = _go_probabilities(run.session)
    run.values["peg_p"] = p
    run.values["peg_alone"] = float(p[case_index(1, 0, 0)])
    run.values["peg_rain_rest"] = float(p[case_index(0, 1, 1)])
    run.values["peg_all"] = float(p[case_index(1, 1, 1)])


def peg_is_the_perceptron(run) -> bool:
    """The session's peg decides every case as the article does (live: turning it or
    training it with Play passes too)."""
    return _peg_matches(run.session)


def _peg_table(run) -> Table:
    board = run.session.board
    if board.rows != 1 or board.features != 3:
        return Table(run.text("peg_title"), [run.text("decision")], [[run.text("no_peg")]])
    w, b = board.theta[0, :-1], board.theta[0, -1]
    z = CASES @ w + b
    p = _go_probabilities(run.session)
    rows = [[x[0], x[1], x[2], f"{zi:.3g}", f"{pi:.3f}",
             run.text("go") if pi > 0.5 else run.text("stay"),
             run.text("go") if yi else run.text("stay")]
            for x, zi, pi, yi in zip(CASES.astype(int), z, p, ARTICLE_LABELS, strict=True)]
    columns = [run.text("weather"), run.text("family"), run.text("parking"), "z = w·x + b",
               run.text("p_right"), run.text("peg_says"), run.text("article_says")]
    title = run.text("peg_title") + f": w = ({w[0]:.2f}, {w[1]:.2f}, {w[2]:.2f}), b = {b:.2f}"
    return Table(title, columns, rows,
                 highlight=[i for i in range(8) if (p[i] > 0.5) != ARTICLE_LABELS[i]])


def peg_figure(run):
    return Figure.of(_peg_table(run))


def train_peg(run):
    session = run.session
    session.reset()                       # back to a level peg: every case 50/50
    session.step(run.params["train_steps"])
    theta = session.board.theta[0]
    run.values["learned_weather"], run.values["learned_family"] = float(theta[0]), float(theta[1])
    run.values["learned_parking"], run.values["learned_bias"] = float(theta[2]), float(theta[3])
    run.values["trained_steps"] = session.trainer.step_count
    run.values["trained_accuracy"] = session.trainer.evaluate()["train_accuracy"]


def peg_learned(run) -> bool:
    """Training (Do it, or the window's Play) has turned the peg until it decides every case
    as the article does."""
    return run.session.trainer.step_count > 0 and _peg_matches(run.session)


LESSON = Lesson(
    name="picnic",
    number=4,
    preset=PRESET,
    steps=(
        Step("perceptron", action=perceptron, check=weather_decides, figure=perceptron_figure,
             params=(Param("w_weather", 6.0, low=-10, high=10, step=1),
                     Param("w_family", 2.0, low=-10, high=10, step=1),
                     Param("w_parking", 2.0, low=-10, high=10, step=1),
                     Param("threshold", 5.0, low=-10, high=20, step=1))),
        Step("threshold", action=raise_threshold, check=others_matter,
             figure=threshold_figure,
             params=(Param("threshold_high", 7.0, low=0, high=12, step=1),)),
        Step("bias", action=add_bias, check=rain_goes, figure=bias_figure,
             params=(Param("family_bias", 4.0, low=-4, high=8, step=1),)),
        Step("sigmoid", action=smooth, figure=smooth_figure,
             params=(Param("sharpness", 1.0, low=0.25, high=10, step=0.25),)),
        Step("peg", action=set_peg, check=peg_is_the_perceptron, figure=peg_figure,
             show=("board",)),
        Step("train", action=train_peg, check=peg_learned, figure=peg_figure,
             show=("board", "charts"),
             params=(Param("train_steps", 200, low=1, high=500, step=50, integer=True),)),
    ),
)
