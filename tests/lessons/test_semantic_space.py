"""Lesson 13, the semantic space: stated features make the analogy exact; the embedding galton
counts from its generated corpus finds king − man + woman ≈ queen, and Jordan near Kobe."""

import math

import pytest

from galton import lessons


def test_the_lessons_numbers():
    run = lessons.start("semantic_space")
    v = run.play()
    assert v["st_target"] == v["st_queen"] == "1 1 0 0 0" and v["st_gap"] == 0
    assert v["st_jk"] == 0 and v["st_jf"] == pytest.approx(math.sqrt(3))
    # the seeded corpus: 1,000 sentences, 39 words, and what met what
    assert (v["n_sentences"], v["n_words"]) == (1000, 39)
    assert (v["king_crown"], v["king_she"], v["queen_she"]) == (21, 0, 36)
    assert (v["jordan_dunk"], v["feifei_dunk"]) == (30, 1)
    # six numbers per word: the players close, the scientist far
    assert v["dims_used"] == 6 and v["near_jordan"] == "Kobe"
    assert v["cos_jk"] == pytest.approx(0.995, abs=0.002)
    assert v["cos_jf"] == pytest.approx(0.171, abs=0.002)
    assert v["close_case"] == "near"
    # the analogy, inputs left out, and the list with them
    assert v["an_best"] == "queen" and v["an_cos"] > 0.99 and v["an_second"] == "princess"
    assert v["an_rank_all"] == 1 and v["an_inputs_note_case"] == "first"
    assert v["an_why_case"] == "works"
    # the function f(v) = v + (woman − man)
    assert (v["fn_hits"], v["fn_total"]) == (3, 3)
    assert v["fn_offset_cos"] == pytest.approx(0.981, abs=0.002)
    assert run.check().passed


def test_checks_fail_before_their_step_and_pass_after():
    run = lessons.start("semantic_space")
    for step in run.steps:
        run.goto(run.steps.index(step))
        if step.check is not None:
            assert not run.check().passed, step.key
        run.do()
        assert run.check().passed, step.key


def test_one_number_per_word_breaks_the_analogy_and_the_text_says_so():
    run = lessons.start("semantic_space")
    run.goto(2)
    run.do(dims=1)
    assert run.values["close_case"] == "far" and not run.check().passed
    assert "too few" in run.page()["body"]
    run.goto(3)
    run.do(word="prince")
    assert run.values["an_best"] == "king" and not run.check().passed
    assert run.values["an_why_case"] == "fails"
    assert "is not princess" in run.page()["body"]


def test_the_words_are_the_learners_language():
    run = lessons.start("semantic_space", lang="zh_CN")
    v = run.play()
    assert v["an_best"] == "女王" and v["near_jordan"] == "科比"
    table = run.figure().panels[0]            # f(v) = v + (女人 − 男人), word by word
    assert [row[0] for row in table.rows] == ["国王", "王子", "男孩"]
    assert [row[1] for row in table.rows] == ["女王", "公主", "女孩"] == [r[3] for r in table.rows]
