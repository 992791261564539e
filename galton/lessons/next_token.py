"""Lesson 12, next-token prediction: the sentence 今天天气很好 teaches a board to continue it.

The self-supervised pairs are the article's (galton.core.tokens): BEGIN→今, 今→天, 今天→天,
今天天→气, 今天天气→很, 今天天气很→好, 今天天气很好→END. The cups are the vocabulary
(今, 天, 气, 很, 好, END — BEGIN never comes next), the balls are the contexts, with a one-hot
of the last token plus the position as features: the last token alone cannot tell 今天 from
今天天. A 5-row board has 6 bins, one per cup, so the level (untrained) board sends every
context to the cups binomially, 1:5:10:10:5:1 out of 32 (P(好 | 今天天气很) = 5/32). Three
hundred steps of full-batch gradient descent on cross-entropy at step size 1 lift it to about
0.945; then greedy decoding from BEGIN writes the sentence back.
"""

from __future__ import annotations

import numpy as np

from galton.core import tokens
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Plot, Table
from galton.lessons.next_token_sentence import OTHERS, sentence, sentence_figure, sentence_seen

SENTENCE = "今天天气很好"
QUESTION = tuple("今天天气很")     # the context the lesson asks about
ANSWER = "好"
VOCAB = tokens.vocabulary(SENTENCE)
FEATURES = ("last+position", "last")
#: Greedy decoding stops here if END never wins (a board that has not learned the sentence).
MAX_TOKENS = 12

PRESET = {
    "scenario": {"name": "Next-token prediction",
                 "description": "The cups are the vocabulary of 今天天气很好, "
                                "the balls its contexts."},
    "board": {"rows": 5, "init": "zeros"},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 1.0, "momentum": 0.0,
                 "batch_size": 0, "seed": 0},
}


def _last_only(run) -> bool:
    return run.params["features"] == "last"


def _loaded(session) -> bool:
    """The session trains on this lesson's balls (either kind of features)."""
    data = session.data
    return (data.class_names == VOCAB and data.name == f"next tokens of {SENTENCE}"
            and session.board.cups == len(VOCAB))


def distribution(session, context) -> np.ndarray:
    """The session's board's probability of each cup (token) for a context."""
    last_only = session.board.features == len(tokens.last_tokens(SENTENCE))
    x = tokens.features(SENTENCE, context, last_only)
    return session.board.cup_probabilities(x[None, :])[0]


def _bars(run, probs, label, color, shift=0.0) -> Curve:
    return Curve(np.arange(len(VOCAB)) + shift, probs, label, color, "bars")


def _cup_plot(run, title) -> Plot:
    plot = Plot(title=title, xlabel=run.text("cups"), ylabel=run.text("probability"),
                x_range=(-0.6, len(VOCAB) - 0.4), y_range=(0.0, 1.08),
                x_ticks=[(float(i), tok) for i, tok in enumerate(VOCAB)])
    return plot


# --- step 1: the pairs ---------------------------------------------------------------------
def build_pairs(run):
    ps = tokens.pairs(SENTENCE)
    run.values["pairs"] = [str(p) for p in ps]
    run.values["n_pairs"] = len(ps)
    run.values["pairs_text"] = ", ".join(run.values["pairs"])


def pairs_built(run) -> bool:
    return run.values.get("pairs") == [str(p) for p in tokens.pairs(SENTENCE)]


def pairs_figure(run):
    rows = [[i + 1, p.context_text, p.target] for i, p in enumerate(tokens.pairs(SENTENCE))]
    if "pairs" not in run.values:
        rows = rows[:1]
    return Figure.of(Table(run.text("pairs_title"),
                           ["#", run.text("context"), run.text("next")], rows))


# --- step 2: cups and balls ---------------------------------------------------------------------
def load_balls(run):
    if run.session.board.rows != PRESET["board"]["rows"]:
        # The learner changed the rows in the window: six cups need five rows, and the text
        # counts in 32nds of the five-row board.
        run.session.set(rows=PRESET["board"]["rows"])
    run.session.use_data(tokens.dataset_fields(SENTENCE, last_only=_last_only(run)))
    data = run.session.data
    run.values["n_cups"] = len(VOCAB)
    run.values["vocab_text"] = ", ".join(VOCAB)
    run.values["n_features"] = data.features
    run.values["n_distinct"] = len({tuple(x) for x in data.X})
    run.values["feature_kind"] = run.text("features_" + ("last" if _last_only(run)
                                                         else "position"))
    run.values["features_loaded"] = "last" if _last_only(run) else "position"
    run.conclude("balls_verdict", "distinct" if run.values["n_distinct"] == len(data.X)
                 else "clash")


def balls_loaded(run) -> bool:
    return _loaded(run.session)


def balls_figure(run):
    last_only = _last_only(run)
    lasts = tokens.last_tokens(SENTENCE)
    rows = []
    for p in tokens.pairs(SENTENCE):
        x = tokens.features(SENTENCE, p.context, last_only)
        onehot = "".join("1" if v else "0" for v in x[:len(lasts)])
        last = lasts[int(np.argmax(x[:len(lasts)]))]
        pos = "" if last_only else f"{x[-1]:g}"
        rows.append([p.context_text, last, onehot, pos, p.target])
    same = [2, 3]  # 今天 and 今天天: the same last token
    return Figure.of(Table(run.text("balls_title"),
                           [run.text("context"), run.text("last_token"),
                            " ".join(lasts), run.text("position"), run.text("cup")],
                           rows, highlight=same))


# --- step 3: before training ---------------------------------------------------------------------
def before(run):
    if not _loaded(run.session):
        load_balls(run)
    run.session.reset()                     # level pegs: the untrained board
    p = distribution(run.session, QUESTION)
    run.values["before"] = p
    run.values["p_before"] = float(p[VOCAB.index(ANSWER)])
    run.values["binomial"] = " : ".join(f"{v * 32:.0f}" for v in p)


def seen_before(run) -> bool:
    return "before" in run.values


def before_figure(run):
    plot = _cup_plot(run, run.text("dist_title"))
    if "before" in run.values:
        plot.curves.append(_bars(run, run.values["before"], run.text("untrained"), "grey"))
    return Figure.of(plot)


# --- step 4: training ----------------------------------------------------------------------------
def train(run):
    if not _loaded(run.session):
        before(run)
    run.session.step(run.params["steps"])
    p = distribution(run.session, QUESTION)
    run.values["after"] = p
    run.values["p_after"] = float(p[VOCAB.index(ANSWER)])
    run.values["trained_steps"] = run.session.trainer.step_count
    run.values["accuracy"] = run.session.trainer.evaluate()["train_accuracy"]
    run.values["p_tian"] = float(distribution(run.session, tuple("今天"))[VOCAB.index("天")])
    run.values["p_qi"] = float(distribution(run.session, tuple("今天天"))[VOCAB.index("气")])
    run.values["p_sum"] = run.values["p_tian"] + run.values["p_qi"]
    run.values["p_start"] = 5 / 32
    run.conclude("after_verdict", "up" if run.values["p_after"] > 5 / 32 else "not_up")
    if "position" not in run.session.data.feature_names:     # the last token alone
        case = "same_ball"
    else:
        case = "own" if min(run.values["p_tian"], run.values["p_qi"]) > 0.5 else "not_yet"
    run.conclude("tian_verdict", case)


def learned(run) -> bool:
    """P(好 | 今天天气很) > 0.9 on the session's board, however it was trained."""
    session = run.session
    return _loaded(session) and distribution(session, QUESTION)[VOCAB.index(ANSWER)] > 0.9


def train_figure(run):
    plot = _cup_plot(run, run.text("dist_title"))
    if "before" in run.values:
        plot.curves.append(_bars(run, run.values["before"], run.text("untrained"), "grey", -0.2))
    if _loaded(run.session):
        plot.curves.append(_bars(run, distribution(run.session, QUESTION), run.text("trained"),
                                 "blue", 0.2))
    panels = [plot]
    if _loaded(run.session):
        rows = []
        for p in tokens.pairs(SENTENCE):
            probs = distribution(run.session, p.context)
            best = int(np.argmax(probs))
            rows.append([p.context_text, p.target, VOCAB[best], f"{probs[best]:.3f}",
                         f"{probs[VOCAB.index(p.target)]:.3f}"])
        panels.append(Table(run.text("predictions_title"),
                            [run.text("context"), run.text("next"), run.text("predicted"),
                             run.text("its_probability"), run.text("p_true")], rows,
                            highlight=[5]))
    return Figure(panels)


# --- step 5: writing the sentence -----------------------------------------------------------------
def generate(session) -> str:
    """Greedy decoding: from BEGIN, append the most likely token until END."""
    context = ()
    for _ in range(MAX_TOKENS):
        nxt = VOCAB[int(np.argmax(distribution(session, context)))]
        if nxt == tokens.END:
            break
        context += (nxt,)
    return "".join(context)


def write(run):
    if not _loaded(run.session):
        train(run)
    run.values["generated"] = generate(run.session)
    run.conclude("write_verdict", "back" if run.values["generated"] == SENTENCE else "other")


def wrote_the_sentence(run) -> bool:
    """The learner let the board write, and the session's board (as it is now) writes the
    sentence back."""
    return ("generated" in run.values and _loaded(run.session)
            and generate(run.session) == SENTENCE)


def write_figure(run):
    rows = []
    if _loaded(run.session) and "generated" in run.values:
        context = ()
        for _ in range(MAX_TOKENS):
            probs = distribution(run.session, context)
            best = int(np.argmax(probs))
            ctx = "".join(context) or tokens.BEGIN
            rows.append([ctx, VOCAB[best], f"{probs[best]:.3f}"])
            if VOCAB[best] == tokens.END:
                break
            context += (VOCAB[best],)
    return Figure.of(Table(run.text("generate_title"),
                           [run.text("context"), run.text("predicted"),
                            run.text("its_probability")], rows))


LESSON = Lesson(
    name="next_token",
    number=12,
    preset=PRESET,
    steps=(
        Step("pairs", action=build_pairs, check=pairs_built, figure=pairs_figure),
        Step("balls", action=load_balls, check=balls_loaded, figure=balls_figure,
             show=("board",),
             params=(Param("features", "last+position", choices=FEATURES),)),
        Step("before", action=before, check=seen_before, figure=before_figure,
             show=("board",)),
        Step("train", action=train, check=learned, figure=train_figure,
             show=("board", "charts"),
             params=(Param("steps", 300, low=10, high=2000, step=50, integer=True),)),
        Step("write", action=write, check=wrote_the_sentence, figure=write_figure,
             show=("board",)),
        Step("sentence", action=sentence, check=sentence_seen, figure=sentence_figure,
             show=("board",), params=(Param("other", OTHERS[0], choices=OTHERS),)),
    ),
)
