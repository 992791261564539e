"""Lesson 15, masked tokens: six blanks, both neighbours fill every one, the left alone leaves
the two blanks after 天 near ½."""

import pytest

from galton import lessons


def test_the_lessons_numbers():
    run = lessons.start("masked_tokens")
    v = run.play()
    assert v["n_blanks"] == 6 and v["n_next"] == 7
    assert v["vocab_text"] == "今, 天, 气, 很, 好" and v["n_distinct"] == 6
    assert v["level"] == "1 : 4 : 6 : 4 : 1"           # Binomial(4, ½) over 5 cups
    assert v["tr_steps"] == 300 and v["tr_accuracy"] == 1.0
    assert v["tr_min"] == pytest.approx(0.949, abs=0.005) and v["tr_filled_case"] == "all"
    assert v["c_left_a"] == pytest.approx(0.5, abs=0.03)
    assert v["c_left_b"] == pytest.approx(0.5, abs=0.03)
    assert v["c_both_a"] > 0.95 and v["c_both_b"] > 0.95 and v["c_stuck_case"] == "yes"
    assert v["c_others"] > 0.9


def test_checks_fail_before_their_step_and_pass_after():
    run = lessons.start("masked_tokens")
    for i, step in enumerate(run.steps):
        run.goto(i)
        if step.check is not None:
            assert not run.check().passed, step.key
        run.do()
        assert run.check().passed, step.key


def test_the_left_neighbour_alone_cannot_fill_every_blank():
    run = lessons.start("masked_tokens")
    run.goto(1)
    run.do(sides="left")
    assert run.values["n_distinct"] == 5
    run.goto(2)
    run.do()
    assert run.values["tr_filled_case"] == "not_all" and not run.check().passed
    assert run.values["tr_accuracy"] == pytest.approx(5 / 6)
