"""Lesson 12's last step, the probability of a sentence: the chain rule of probability on the
trained next-token board.

    p(今天天气很好) = P(今 | BEGIN) · P(天 | 今) · P(天 | 今天) · … · P(END | 今天天气很好)

The seven factors are the board's own answers for the seven self-supervised pairs, so the
training loss (the mean of −log P over the pairs) times 7 is exactly −log p(sentence): training
on the pairs is making the sentence likely. Kept in a module of its own so that lesson 12's
module (galton/lessons/next_token.py) only gains the step's line.
"""

from __future__ import annotations

import math

import numpy as np

import galton
from galton.core import tokens
from galton.lessons.figure import Curve, Figure, Plot, Table

SENTENCE = "今天天气很好"
OTHERS = ("今天气天很好", "今天天气很", "天天天天天天")


def factors(session, sentence: str) -> tuple[list, np.ndarray]:
    """(the contexts as text, P(next | context) for every token of ``sentence`` and END)
    on the session's board, which must be lesson 12's."""
    from galton.lessons.next_token import VOCAB, distribution

    words = (*sentence, tokens.END)
    contexts, probs = [], []
    for t, word in enumerate(words):
        contexts.append("".join(words[:t]) or tokens.BEGIN)
        probs.append(float(distribution(session, words[:t])[VOCAB.index(word)]))
    return contexts, np.array(probs)


def _level_product(session) -> float:
    """The sentence's probability on a level board of the same shape (before training)."""
    from galton.lessons.next_token import VOCAB

    level = galton.Board(session.board.rows, session.board.features, session.board.cups)
    words = (*SENTENCE, tokens.END)
    last_only = session.board.features == len(tokens.last_tokens(SENTENCE))
    p = 1.0
    for t, word in enumerate(words):
        x = tokens.features(SENTENCE, words[:t], last_only)
        p *= float(level.cup_probabilities(x[None, :])[0][VOCAB.index(word)])
    return p


def sentence(run):
    from galton.lessons import next_token as nt

    session = run.session
    if not nt.learned(run):
        nt.train(run)
    contexts, probs = factors(session, SENTENCE)
    p = float(np.prod(probs))
    mean_loss = galton.loss(session.board, session.train_set.X, session.train_set.y)
    other = run.params["other"]
    _, other_probs = factors(session, other)
    run.values.update(
        s_factors=probs, s_contexts=contexts, s_p=p, s_logp=float(np.sum(np.log(probs))),
        s_loss=mean_loss, s_loss7=len(probs) * mean_loss, s_n=len(probs),
        s_gap=abs(len(probs) * mean_loss + math.log(p)), s_level=_level_product(session),
        s_other=other, s_other_p=float(np.prod(other_probs)),
        s_ratio=p / max(float(np.prod(other_probs)), 1e-300),
        s_factor_text=" · ".join(f"{v:.3f}" for v in probs))


def sentence_seen(run) -> bool:
    from galton.lessons.next_token import _loaded

    return "s_p" in run.values and _loaded(run.session)


def sentence_figure(run):
    from galton.lessons.next_token import _loaded

    words = [*SENTENCE, tokens.END]
    plot = Plot(title=run.text("sentence_title"), xlabel=run.text("next"),
                ylabel=run.text("probability"), y_range=(0.0, 1.05),
                x_range=(-0.6, len(words) - 0.4),
                x_ticks=[(float(i), w) for i, w in enumerate(words)])
    if not _loaded(run.session) or "s_p" not in run.values:
        return Figure.of(plot)
    _, probs = factors(run.session, SENTENCE)
    x = np.arange(len(probs))
    plot.curves.append(Curve(x, probs, run.text("factor"), "blue", "bars"))
    plot.curves.append(Curve(x, np.cumprod(probs), run.text("running_product"), "orange",
                             "line+points"))
    v = run.values
    table = Table(run.text("sentences_title"),
                  [run.text("sentence"), "p", "−log p"],
                  [[SENTENCE, f"{v['s_p']:.4f}", f"{-math.log(v['s_p']):.4f}"],
                   [v["s_other"], f"{v['s_other_p']:.3g}",
                    f"{-math.log(max(v['s_other_p'], 1e-300)):.2f}"]])
    return Figure.of(plot, table)
