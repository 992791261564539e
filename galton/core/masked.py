"""Masked tokens: the other way of making labels from plain text.

Next-token prediction (galton.core.tokens) asks "what comes next?". Masked-token training
hides a token and asks "what was here?": from 今天天气很好 it makes one example per position,

    □天天气很好 → 今,  今□天气很好 → 天,  今天□气很好 → 天,  今天天□很好 → 气,
    今天天气□好 → 很,  今天天气很□ → 好

Again nobody writes labels (self-supervision); the input is the sentence with a hole — a
damaged, "noisy" copy — and the target the clean token, which is why this task is called
denoising (a denoising autoencoder restores what the noise removed).

On the board the cups are the sentence's distinct tokens (no END: a blank is never after the
end) and a ball is what the model sees around the blank. A real masked model reads the whole
damaged sentence; here a ball is the two neighbours of the blank, each as a one-hot (BEGIN on
the left of the first token, END on the right of the last). ``sides="left"`` keeps only the
left neighbour — what a next-token model sees — to show what the right side adds: 今天□气很好
and 今天天□很好 both have 天 on the left but need 天 and 气.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.core.datasets import PALETTE, Dataset
from galton.core.tokens import BEGIN, END, tokenize

MASK = "□"
SIDES = ("both", "left")


@dataclass(frozen=True)
class Blank:
    """A sentence with the token at ``position`` hidden; ``target`` is that token."""

    tokens: tuple
    position: int

    @property
    def target(self) -> str:
        return self.tokens[self.position]

    @property
    def left(self) -> str:
        return self.tokens[self.position - 1] if self.position > 0 else BEGIN

    @property
    def right(self) -> str:
        return self.tokens[self.position + 1] if self.position + 1 < len(self.tokens) else END

    @property
    def text(self) -> str:
        return "".join(MASK if i == self.position else t for i, t in enumerate(self.tokens))

    def __str__(self) -> str:
        return f"{self.text}→{self.target}"


def blanks(sentence: str) -> list[Blank]:
    """One blank per token of the sentence, first to last."""
    tokens = tokenize(sentence)
    return [Blank(tokens, i) for i in range(len(tokens))]


def vocabulary(sentence: str) -> tuple:
    """The cups: each distinct token, in order of first appearance."""
    return tuple(dict.fromkeys(tokenize(sentence)))


def left_tokens(sentence: str) -> tuple:
    return (BEGIN, *vocabulary(sentence))


def right_tokens(sentence: str) -> tuple:
    return (*vocabulary(sentence), END)


def _check_sides(sides: str) -> str:
    if sides not in SIDES:
        raise ValueError(f"sides must be one of {SIDES}, got {sides!r}")
    return sides


def feature_names(sentence: str, sides: str = "both") -> tuple:
    left = tuple(f"left={t}" for t in left_tokens(sentence))
    if _check_sides(sides) == "left":
        return left
    return left + tuple(f"right={t}" for t in right_tokens(sentence))


def features(sentence: str, blank: Blank, sides: str = "both") -> np.ndarray:
    """A blank's ball: one-hot of its left neighbour, then (both sides) of its right one."""
    lefts, rights = left_tokens(sentence), right_tokens(sentence)
    x = np.zeros(len(lefts) + (len(rights) if _check_sides(sides) == "both" else 0))
    x[lefts.index(blank.left)] = 1.0
    if sides == "both":
        x[len(lefts) + rights.index(blank.right)] = 1.0
    return x


def dataset_fields(sentence: str, sides: str = "both") -> dict:
    """The blanks as the fields of a Dataset (plain lists and tuples, for scripts)."""
    vocab = vocabulary(sentence)
    bs = blanks(sentence)
    return {
        "X": np.array([features(sentence, b, sides) for b in bs]).tolist(),
        "y": [vocab.index(b.target) for b in bs],
        "feature_names": feature_names(sentence, sides),
        "class_names": vocab,
        "class_colors": tuple(PALETTE[i % len(PALETTE)] for i in range(len(vocab))),
        "name": f"masked tokens of {''.join(tokenize(sentence))} ({sides})",
    }


def dataset(sentence: str, sides: str = "both") -> Dataset:
    return Dataset(**dataset_fields(sentence, sides))
