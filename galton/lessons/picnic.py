"""Lesson 4, the picnic perceptron: weather, family, parking (1 good / 0 bad).

With the article's weights 6, 2, 2 and threshold 5 the weather alone decides: good weather
alone gives 6 > 5 (go), bad weather with everything else good gives 2 + 2 = 4 < 5 (stay).
Raising the threshold to 7 makes the other inputs matter (weather alone 6 < 7, weather and
family 8 > 7). The article then adds a "bias" of 4 to the family's weight (2 + 4 = 6 > 5: we go
even in the rain); the lesson tells it so, then puts the textbook bias beside it — a constant
added to the sum whatever the inputs — and names the cases where the two differ (b = +4 also
sends "rain, parking only" to the picnic: 2 + 4 = 6 > 5). Then the hard step becomes the smooth
sigmoid, whose slope (at most ¼) is what gradient descent needs — and a peg of the board is
exactly this perceptron with a sigmoid: p_right = σ(6·weather + 2·family + 2·parking − 5) on a
one-row board.

Every sentence that draws a conclusion (go or stay, "the weather decides", "the other reasons
count") is chosen by the numbers on the page (``LessonRun.conclude``), so it follows the
learner's weights; tests/lessons/test_conclusions.py checks it against its own truth table.
"""

from __future__ import annotations

import numpy as np

from galton.core.datasets import PICNIC_THRESHOLD, PICNIC_WEIGHTS, picnic
from galton.lessons.base import Lesson, Param, Step, relation
from galton.lessons.figure import Curve, Figure, Line, Note, Plot, Table

#: The 8 cases in the dataset's order: weather the slowest digit, parking the fastest.
CASES = picnic().X
WEIGHTS = np.array(PICNIC_WEIGHTS)
THRESHOLD = PICNIC_THRESHOLD
ARTICLE_LABELS = picnic().y
#: The article's bias on "the family wants to go".
ARTICLE_BIAS = 4.0
GOOD_WEATHER = CASES[:, 0] == 1

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


def decide(weights, threshold, bias: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sums (plus ``bias``) of the 8 cases and the decisions (go iff sum > threshold)."""
    sums = CASES @ np.asarray(weights, dtype=np.float64) + bias
    return sums, sums > threshold


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def case_name(run, i: int) -> str:
    """A case in words: "rain, parking only"."""
    weather, family, parking = CASES[i].astype(int)
    good = [run.text(k) for k, v in (("case_family", family), ("case_parking", parking)) if v]
    sky = run.text("sun" if weather else "rain")
    rest = (run.text("nothing_else") if not good else run.text("only", x=good[0])
            if len(good) == 1 else run.text("and").join(good))
    return run.text("case", sky=sky, rest=rest)


def case_list(run, indices) -> str:
    return run.text("list_sep").join(f"“{case_name(run, i)}”" for i in indices)


def _truth_table(run, weights, threshold, title, highlight=(), bias=0.0) -> Table:
    sums, go = decide(weights, threshold, bias)
    go_word, stay_word = run.text("go"), run.text("stay")
    rows = []
    for x, s, g in zip(CASES.astype(int), sums, go, strict=True):
        terms = " + ".join(f"{w:g}·{v}" for w, v in zip(weights, x, strict=True))
        if bias:
            terms += f" {'+' if bias > 0 else '−'} {abs(bias):g}"
        rows.append([x[0], x[1], x[2], f"{terms} = {s:g}",
                     f"{s:g} {relation(s, threshold)} {threshold:g}",
                     go_word if g else stay_word])
    columns = [run.text("weather"), run.text("family"), run.text("parking"),
               run.text("sum"), run.text("compare"), run.text("decision")]
    return Table(title, columns, rows, highlight=list(highlight))


def _store(run, prefix, weights, threshold, bias=0.0):
    sums, go = decide(weights, threshold, bias)
    run.values[f"{prefix}_sums"], run.values[f"{prefix}_go"] = sums, go
    run.values[f"{prefix}_go_count"] = int(go.sum())
    for name, case in (("alone", (1, 0, 0)), ("rain_rest", (0, 1, 1)),
                       ("weather_family", (1, 1, 0)), ("rain_family", (0, 1, 0)),
                       ("rain_parking", (0, 0, 1))):
        i = case_index(*case)
        run.values[f"{prefix}_{name}"] = float(sums[i])
        run.values[f"{prefix}_{name}_rel"] = relation(sums[i], threshold)
        run.values[f"{prefix}_{name}_go"] = run.text("go" if go[i] else "stay")
    return go


def pattern(go: np.ndarray) -> str:
    """Which rule the 8 decisions follow: "weather" (exactly the sunny cases go), "never",
    "always", or "other"."""
    if np.array_equal(go, GOOD_WEATHER):
        return "weather"
    if not go.any():
        return "never"
    if go.all():
        return "always"
    return "other"


# --- step 1: the article's perceptron ------------------------------------------------------
def _weights(run):
    return np.array([run.params["w_weather"], run.params["w_family"], run.params["w_parking"]])


def perceptron(run):
    threshold = run.params["threshold"]
    go = _store(run, "p", _weights(run), threshold)
    run.values["p_threshold"] = threshold
    run.values["p_go_cases"] = case_list(run, np.flatnonzero(go))
    run.conclude("p_verdict", pattern(go))


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
    t = run.params["threshold_high"]
    go = _store(run, "t", WEIGHTS, t)
    run.values["t_go_cases"] = case_list(run, np.flatnonzero(go))
    alone, with_more = go[case_index(1, 0, 0)], go[case_index(1, 1, 0)] or go[case_index(1, 0, 1)]
    case = pattern(go)
    if case == "other" and not alone and with_more and not go[~GOOD_WEATHER].any():
        case = "others_count"
    run.conclude("t_verdict", case)


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


# --- step 3: a bias, as the article tells it and as it is ---------------------------------------
def _biased(run):
    """The article's reading: the bias is added to the family's weight."""
    return WEIGHTS + np.array([0.0, run.params["family_bias"], 0.0])


def add_bias(run):
    b = run.params["family_bias"]
    article_go = _store(run, "b", _biased(run), THRESHOLD)
    run.values["family_weight"] = float(_biased(run)[1])
    real_go = _store(run, "r", WEIGHTS, THRESHOLD, bias=b)   # a real bias: every case gets b
    differ = np.flatnonzero(article_go != real_go)
    run.values["n_differ"] = len(differ)
    run.values["differ_cases"] = case_list(run, differ)
    run.values["rain_parking_name"] = case_name(run, case_index(0, 0, 1))
    run.values["r_nothing"] = float(b)                      # rain, nothing good: 0 + b
    run.values["r_nothing_rel"] = relation(b, THRESHOLD)
    run.values["r_nothing_go"] = run.text("go" if b > THRESHOLD else "stay")
    run.conclude("b_verdict", "go" if article_go[case_index(0, 1, 0)] else "stay")
    run.conclude("r_verdict", "differ" if len(differ) else "same")


def rain_goes(run) -> bool:
    go = run.values.get("b_go")
    return go is not None and bool(go[case_index(0, 1, 0)])


def bias_figure(run):
    b = run.params["family_bias"]
    _, article_go = decide(_biased(run), THRESHOLD)
    _, real_go = decide(WEIGHTS, THRESHOLD, b)
    differ = [int(i) for i in np.flatnonzero(article_go != real_go)]
    article = _truth_table(run, _biased(run), THRESHOLD,
                           run.text("article_bias_title", b=b), [case_index(0, 1, 0), *differ])
    real = _truth_table(run, WEIGHTS, THRESHOLD, run.text("real_bias_title", b=b), differ,
                        bias=b)
    return Figure([article, real])


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
    run.conclude("k_verdict", "steeper" if k > 1 else "flatter" if k < 1 else "plain")


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
    run.values["peg_go_count"] = int((p > 0.5).sum())
    run.conclude("peg_verdict", "same" if _peg_matches(run.session) else "differs")


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
    run.values["trained_wrong"] = round((1 - run.values["trained_accuracy"]) * len(CASES))
    w = np.abs(theta[:3])
    others = max(w[1], w[2])
    run.conclude("weights_verdict", "by_far" if w[0] > 2 * others else
                 "largest" if w[0] > others else "not_largest")
    run.conclude("accuracy_verdict", "all" if run.values["trained_wrong"] == 0 else "some")


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
