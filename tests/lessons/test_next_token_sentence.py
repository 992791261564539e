"""Lesson 12's last step: the probability of 今天天气很好 is the product of the board's seven
next-token probabilities, and −log of it is 7 × the training loss."""

import numpy as np
import pytest

from galton import lessons
from galton.lessons import next_token_sentence as nts


def test_the_sentence_probability_is_the_chain_rule_and_the_training_loss():
    run = lessons.start("next_token")
    v = run.play()
    assert run.step.key == "sentence" and run.check().passed
    assert v["s_n"] == 7 and v["s_p"] == pytest.approx(np.prod(v["s_factors"]), rel=1e-14)
    assert v["s_gap"] <= 1e-12                     # −log p = 7 × the mean cross-entropy
    assert v["s_p"] == pytest.approx(0.473, abs=0.01)
    # the level board: the binomial shares 1, 5, 5, 10, 10, 5, 1 out of 32
    assert v["s_level"] == pytest.approx(1 * 5 * 5 * 10 * 10 * 5 * 1 / 32 ** 7, rel=1e-12)
    assert v["s_other"] == "今天气天很好" and v["s_ratio"] > 1000


@pytest.mark.parametrize("other", nts.OTHERS)
def test_every_other_sentence_is_less_likely(other):
    run = lessons.start("next_token")
    run.play()
    run.do(other=other)
    assert run.values["s_other_p"] < run.values["s_p"] and run.values["s_ratio"] > 1


def test_the_step_trains_first_when_the_board_has_not_learned():
    run = lessons.start("next_token")
    run.goto(len(run.steps) - 1)
    assert not run.check().passed
    run.do()
    assert run.check().passed and run.values["s_p"] > 0.4
