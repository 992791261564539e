"""Next-token prediction on a Galton board: a sentence becomes self-supervised balls.

From the sentence 今天天气很好 the article builds one training pair per position, the context
being the whole prefix so far and the target the token that follows::

    BEGIN → 今,  今 → 天,  今天 → 天,  今天天 → 气,  今天天气 → 很,  今天天气很 → 好,
    今天天气很好 → END

No labels were written by anyone: the text labels itself. On the board the **cups are the
vocabulary** (every token that can come next, in order of first appearance, then END; BEGIN
never comes next, so it has no cup) and the **balls are the contexts**.

A ball needs features that tell every context apart. The last token alone does not: 今天 and
今天天 both end in 天 but are followed by 天 and 气, so two identical balls would need two
different cups. Adding the position (how many tokens have been read) separates them. The
features are therefore a one-hot of the last token (BEGIN for the empty context) plus the
position; ``last_only=True`` leaves the position out, to show why it is needed.

Tokens are characters, as in the article; a sentence may be any non-empty text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.core.datasets import PALETTE, Dataset, DatasetError

BEGIN = "BEGIN"
END = "END"


@dataclass(frozen=True)
class Pair:
    """One self-supervised example: the tokens read so far and the token that follows."""

    context: tuple
    target: str

    @property
    def context_text(self) -> str:
        """The context as the article writes it: the prefix, or BEGIN when nothing was read."""
        return "".join(self.context) if self.context else BEGIN

    def __str__(self) -> str:
        return f"{self.context_text}→{self.target}"


def tokenize(sentence: str) -> tuple:
    """The sentence's tokens: its characters, without white space."""
    if not isinstance(sentence, str):
        raise DatasetError(f"a sentence must be text, got {type(sentence).__name__}")
    tokens = tuple(ch for ch in sentence if not ch.isspace())
    if not tokens:
        raise DatasetError("a sentence must hold at least one token, got empty text")
    for reserved in (BEGIN, END):
        if reserved in tokens:
            raise DatasetError(f"the token {reserved!r} is reserved")
    return tokens


def pairs(sentence: str) -> list:
    """Every (context → next token) pair of the sentence, from BEGIN → first to whole → END."""
    tokens = tokenize(sentence)
    return [Pair(tokens[:i], tokens[i] if i < len(tokens) else END)
            for i in range(len(tokens) + 1)]


def vocabulary(sentence: str) -> tuple:
    """The cups: each distinct token in order of first appearance, then END."""
    return (*dict.fromkeys(tokenize(sentence)), END)


def last_tokens(sentence: str) -> tuple:
    """What a context can end with: BEGIN (nothing read yet), then each distinct token."""
    return (BEGIN, *dict.fromkeys(tokenize(sentence)))


def feature_names(sentence: str, last_only: bool = False) -> tuple:
    names = tuple(f"last={t}" for t in last_tokens(sentence))
    return names if last_only else (*names, "position")


def features(sentence: str, context, last_only: bool = False) -> np.ndarray:
    """A context's ball: one-hot of its last token, then its position (tokens read so far)."""
    lasts = last_tokens(sentence)
    context = tuple(context)
    last = context[-1] if context else BEGIN
    if last not in lasts:
        raise DatasetError(f"the token {last!r} is not in the sentence {sentence!r}")
    x = np.zeros(len(lasts) + (0 if last_only else 1))
    x[lasts.index(last)] = 1.0
    if not last_only:
        x[-1] = float(len(context))
    return x


def dataset_fields(sentence: str, last_only: bool = False) -> dict:
    """The next-token balls as the fields of a Dataset (plain lists and tuples, so a call that
    passes them can be written down as a script)."""
    vocab = vocabulary(sentence)
    ps = pairs(sentence)
    X = np.array([features(sentence, p.context, last_only) for p in ps])
    return {
        "X": X.tolist(),
        "y": [vocab.index(p.target) for p in ps],
        "feature_names": feature_names(sentence, last_only),
        "class_names": vocab,
        "class_colors": tuple(PALETTE[i % len(PALETTE)] for i in range(len(vocab))),
        "name": f"next tokens of {''.join(tokenize(sentence))}",
    }


def dataset(sentence: str, last_only: bool = False) -> Dataset:
    """One ball per pair, labelled with the cup (vocabulary index) of its next token."""
    return Dataset(**dataset_fields(sentence, last_only))
