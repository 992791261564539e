"""Words as vectors: a semantic space small enough to look at, built two ways.

1. **Stated features.** Each person word gets numbers we choose ourselves, one per named
   measure (royal, female, young, basketball, AI research). The arithmetic then works exactly,
   because we built it in: king − man + woman is queen's vector to the last digit.

2. **Counted from text.** ``corpus`` writes short "sentences" (bags of words, not grammar):
   a person word plus one word for each of its attributes (he/his for a man, crown/palace for
   royalty, …), with some words swapped for random ones (``noise``) and two filler words
   (the, is, …) that go with everyone. ``embed`` never sees the attributes, only which words
   appear in the same sentence: it counts co-occurrences, turns the counts into positive
   pointwise mutual information (PPMI: how much more often two words meet than chance would
   make them), and keeps the ``dims`` strongest directions of that table (a truncated SVD;
   a word's vector is its row of U·√S). This is count-based word embedding (LSA-style);
   word2vec's skip-gram training approximates the same factorisation of shifted PMI (Levy &
   Goldberg 2014). Whether king − man + woman then lands near queen is a measurement.

Word keys are English identifiers; lessons show them in the learner's language. Plain NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The person words and their attributes (what the corpus writes about them).
PEOPLE = {
    "king": ("male", "royal", "adult"),
    "queen": ("female", "royal", "adult"),
    "prince": ("male", "royal", "child"),
    "princess": ("female", "royal", "child"),
    "man": ("male", "common", "adult"),
    "woman": ("female", "common", "adult"),
    "boy": ("male", "common", "child"),
    "girl": ("female", "common", "child"),
    "jordan": ("male", "common", "adult", "basketball", "bulls"),
    "kobe": ("male", "common", "adult", "basketball", "lakers"),
    "feifei": ("female", "common", "adult", "ai"),
}
#: The words each attribute brings into a sentence.
ATTRIBUTE_WORDS = {
    "male": ("he", "his"),
    "female": ("she", "her"),
    "royal": ("crown", "palace", "throne"),
    "common": ("street", "house"),
    "adult": ("grown", "work"),
    "child": ("young", "school"),
    "basketball": ("basketball", "dunk", "nba"),
    "bulls": ("bulls",),
    "lakers": ("lakers",),
    "ai": ("research", "vision", "lab"),
}
#: Words that go with anyone.
FILLER = ("the", "a", "is", "today", "sees", "likes", "walks")

#: The stated features: one named measure per column.
FEATURES = ("royal", "female", "young", "basketball", "ai")
_STATED_FROM = {"royal": "royal", "female": "female", "young": "child",
                "basketball": "basketball", "ai": "ai"}


def stated_vectors() -> tuple[tuple, np.ndarray]:
    """(words, vectors): each person word's 0/1 value on each of ``FEATURES``."""
    words = tuple(PEOPLE)
    vectors = np.array([[1.0 if _STATED_FROM[f] in PEOPLE[w] else 0.0 for f in FEATURES]
                        for w in words])
    return words, vectors


def corpus(sentences: int = 1000, seed: int = 0, noise: float = 0.15,
           filler: int = 2) -> list[tuple]:
    """``sentences`` bags of words about random people (see the module's docstring)."""
    if int(sentences) < 1:
        raise ValueError(f"sentences must be at least 1, got {sentences}")
    if not 0.0 <= float(noise) <= 1.0:
        raise ValueError(f"noise must be between 0 and 1, got {noise}")
    rng = np.random.default_rng(seed)
    people = tuple(PEOPLE)
    every_word = tuple(w for words in ATTRIBUTE_WORDS.values() for w in words)
    out = []
    for _ in range(int(sentences)):
        person = people[rng.integers(len(people))]
        words = [person]
        for attribute in PEOPLE[person]:
            if rng.random() < noise:
                words.append(every_word[rng.integers(len(every_word))])
            else:
                choices = ATTRIBUTE_WORDS[attribute]
                words.append(choices[rng.integers(len(choices))])
        words += [FILLER[rng.integers(len(FILLER))] for _ in range(int(filler))]
        out.append(tuple(words))
    return out


def vocabulary(sentences) -> tuple:
    """Every word of the corpus: the people first (in PEOPLE's order), then the rest sorted."""
    seen = {w for s in sentences for w in s}
    people = tuple(w for w in PEOPLE if w in seen)
    return people + tuple(sorted(seen - set(people)))


def cooccurrence(sentences, vocab) -> np.ndarray:
    """counts[i, j]: how often words i and j appear in the same sentence (i ≠ j positions)."""
    index = {w: i for i, w in enumerate(vocab)}
    counts = np.zeros((len(vocab), len(vocab)))
    for s in sentences:
        ids = np.array([index[w] for w in s])
        np.add.at(counts, (ids[:, None], ids[None, :]), 1.0)
        np.add.at(counts, (ids, ids), -1.0)  # a word does not keep company with itself
    return counts


def ppmi(counts) -> np.ndarray:
    """max(0, log P(i, j) / (P(i) P(j))), 0 where two words never meet."""
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    if total <= 0:
        raise ValueError("the co-occurrence table is empty")
    rows = counts.sum(axis=1, keepdims=True)
    cols = counts.sum(axis=0, keepdims=True)
    out = np.zeros_like(counts)
    met = counts > 0
    out[met] = np.log(counts[met] * total / (rows * cols)[met])
    return np.maximum(out, 0.0)


@dataclass(frozen=True)
class Embedding:
    """Word vectors (one row per word of ``words``)."""

    words: tuple
    vectors: np.ndarray

    def vector(self, word: str) -> np.ndarray:
        try:
            return self.vectors[self.words.index(word)]
        except ValueError:
            raise KeyError(f"no word {word!r} in the embedding") from None

    def cosine(self, a, b) -> float:
        """Cosine similarity of two words (or vectors): 1 same direction, 0 unrelated."""
        u = self.vector(a) if isinstance(a, str) else np.asarray(a, dtype=np.float64)
        v = self.vector(b) if isinstance(b, str) else np.asarray(b, dtype=np.float64)
        return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))

    def nearest(self, target, k: int = 5, exclude=(), among=None) -> list[tuple[str, float]]:
        """The ``k`` words most similar (cosine) to ``target`` (a word or a vector), best
        first, leaving out ``exclude``; ``among`` limits the candidates (default: all)."""
        v = self.vector(target) if isinstance(target, str) else np.asarray(target, float)
        unit = self.vectors / np.linalg.norm(self.vectors, axis=1, keepdims=True)
        sims = unit @ (v / np.linalg.norm(v))
        pool = set(self.words if among is None else among) - set(exclude)
        order = [int(i) for i in np.argsort(-sims, kind="stable") if self.words[i] in pool]
        return [(self.words[i], float(sims[i])) for i in order[:k]]

    def analogy(self, a: str, b: str, c: str) -> np.ndarray:
        """a − b + c, e.g. king − man + woman."""
        return self.vector(a) - self.vector(b) + self.vector(c)


def stated_embedding() -> Embedding:
    words, vectors = stated_vectors()
    return Embedding(words, vectors)


def embed(sentences, dims: int = 6) -> tuple[Embedding, np.ndarray]:
    """(embedding, singular values): every word of the corpus as a ``dims``-long vector from
    the truncated SVD of the PPMI table."""
    vocab = vocabulary(sentences)
    if not 1 <= int(dims) <= len(vocab):
        raise ValueError(f"dims must be between 1 and {len(vocab)} (the vocabulary), got {dims}")
    table = ppmi(cooccurrence(sentences, vocab))
    u, s, _ = np.linalg.svd(table)
    # Fix each direction's sign (an SVD may flip it): the largest entry is positive.
    signs = np.sign(u[np.argmax(np.abs(u), axis=0), np.arange(u.shape[1])])
    u = u * np.where(signs == 0, 1.0, signs)
    dims = int(dims)
    return Embedding(vocab, u[:, :dims] * np.sqrt(s[:dims])), s


def plane(vectors) -> np.ndarray:
    """(n, 2): the vectors' coordinates on their two principal directions (for a map)."""
    vectors = np.asarray(vectors, dtype=np.float64)
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    axes = vt[:2]
    signs = np.sign(axes[np.arange(axes.shape[0]), np.argmax(np.abs(axes), axis=1)])
    return centred @ (axes * signs[:, None]).T
