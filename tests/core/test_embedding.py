"""Word vectors: the stated features make the analogy exact; the counted embedding (PPMI +
SVD of a generated corpus) finds it, and the nearest neighbours, by measurement."""

import numpy as np
import pytest

from galton.core import embedding


def test_stated_features_make_king_minus_man_plus_woman_exactly_queen():
    e = embedding.stated_embedding()
    np.testing.assert_array_equal(e.analogy("king", "man", "woman"), e.vector("queen"))
    np.testing.assert_array_equal(e.analogy("prince", "boy", "girl"), e.vector("princess"))
    assert np.linalg.norm(e.vector("jordan") - e.vector("kobe")) == 0
    assert np.linalg.norm(e.vector("jordan") - e.vector("feifei")) == pytest.approx(np.sqrt(3))


def test_the_corpus_is_seeded_and_says_what_it_holds():
    a, b = embedding.corpus(200, seed=3), embedding.corpus(200, seed=3)
    assert a == b and a != embedding.corpus(200, seed=4)
    assert all(s[0] in embedding.PEOPLE for s in a)
    assert all(len(s) == 1 + len(embedding.PEOPLE[s[0]]) + 2 for s in a)  # traits + 2 fillers
    clean = embedding.corpus(300, seed=0, noise=0.0)
    for s in clean:                         # without noise every word is one of its traits'
        person, words = s[0], s[1:len(embedding.PEOPLE[s[0]]) + 1]
        for attribute, word in zip(embedding.PEOPLE[person], words, strict=True):
            assert word in embedding.ATTRIBUTE_WORDS[attribute]
    with pytest.raises(ValueError, match="noise"):
        embedding.corpus(10, noise=1.5)


def test_cooccurrence_counts_pairs_in_a_sentence_and_ppmi_is_positive_where_they_meet():
    sentences = [("king", "crown", "he"), ("queen", "crown", "she"), ("king", "he", "he")]
    vocab = embedding.vocabulary(sentences)
    assert vocab[:2] == ("king", "queen")
    c = embedding.cooccurrence(sentences, vocab)
    ix = {w: i for i, w in enumerate(vocab)}
    assert c[ix["king"], ix["crown"]] == 1 and c[ix["king"], ix["he"]] == 3
    assert c[ix["he"], ix["he"]] == 2           # two "he" in one sentence meet each other
    assert c[ix["king"], ix["king"]] == 0
    np.testing.assert_array_equal(c, c.T)
    p = embedding.ppmi(c)
    assert (p >= 0).all() and p[ix["king"], ix["she"]] == 0
    # PMI by hand for (queen, she): P(q,s) / (P(q) P(s))
    total = c.sum()
    expected = np.log(c[ix["queen"], ix["she"]] * total
                      / (c[ix["queen"]].sum() * c[:, ix["she"]].sum()))
    assert p[ix["queen"], ix["she"]] == pytest.approx(max(expected, 0.0), rel=1e-12)


def test_the_counted_embedding_finds_the_analogy_and_the_basketball_players():
    e, singular = embedding.embed(embedding.corpus(1000, seed=0), dims=6)
    assert e.vectors.shape == (39, 6) and np.all(np.diff(singular) <= 1e-12)
    best = e.nearest(e.analogy("king", "man", "woman"), 3, exclude=("king", "man", "woman"))
    assert best[0][0] == "queen" and best[0][1] > 0.99
    for a, b in (("prince", "princess"), ("boy", "girl")):
        assert e.nearest(e.analogy(a, "man", "woman"), 1, exclude=(a, "man", "woman"))[0][0] == b
    assert e.cosine("jordan", "kobe") > 0.99 > 0.2 > e.cosine("jordan", "feifei")
    assert e.nearest("jordan", 1, exclude=("jordan",), among=embedding.PEOPLE)[0][0] == "kobe"


def test_one_number_per_word_is_too_few_and_sixteen_pull_the_players_apart():
    corpus = embedding.corpus(1000, seed=0)
    e, _ = embedding.embed(corpus, dims=1)
    best = e.nearest(e.analogy("prince", "man", "woman"), 1, exclude=("prince", "man", "woman"))
    assert best[0][0] == "king"                 # not princess: one number cannot hold the traits
    assert e.cosine("jordan", "kobe") == pytest.approx(e.cosine("jordan", "feifei"))
    wide, _ = embedding.embed(corpus, dims=16)  # room for the teams (Bulls, Lakers)
    assert 0.2 < wide.cosine("jordan", "kobe") < 0.5


def test_plane_and_bad_input():
    xy = embedding.plane(np.random.default_rng(0).normal(size=(11, 6)))
    assert xy.shape == (11, 2)
    np.testing.assert_allclose(xy.mean(axis=0), 0.0, atol=1e-12)
    with pytest.raises(ValueError, match="dims"):
        embedding.embed(embedding.corpus(50), dims=0)
    with pytest.raises(KeyError, match="no word"):
        embedding.stated_embedding().vector("emperor")
