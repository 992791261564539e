"""Lesson 10, fine-tuning: a trained 3-colour board grows a yellow cup (Session.add_cup, every
peg kept); full fine-tuning learns yellow and forgets the rest, frozen rows cannot reach the
yellow cup, LoRA trains 90 numbers instead of 105, replay cures the forgetting."""

import numpy as np
import pytest

from galton import lessons


@pytest.fixture(scope="module")
def played():
    run = lessons.start("fine_tuning")
    run.play()
    return run


def test_the_trained_board_grows_a_yellow_cup_in_the_window(played):
    v = played.values
    assert v["trained_accuracy"] == 1.0 and v["trained_steps"] == 200
    assert v["new_hue"] == pytest.approx(60, abs=3)
    assert v["cups_map"] == "0 0 1 1 2 2 3"
    assert v["old_before"] == 1.0
    assert v["old_remapped"] == pytest.approx(41 / 75)   # the cups lost bins
    assert v["new_remapped"] == 0.0
    s = played.session
    assert s.board.cups == 4 and s.data.class_names == ("red", "green", "blue", "yellow")


def test_grow_keeps_every_trained_peg():
    run = lessons.start("fine_tuning")
    run.do()
    theta = run.session.board.theta.copy()
    run.next()
    assert not run.check().passed
    run.do()
    assert run.check().passed
    np.testing.assert_array_equal(run.session.board.theta, theta)
    np.testing.assert_array_equal(run.values["_grown"]["board"].theta, theta)


def test_full_fine_tuning_forgets_and_the_window_shows_it(played):
    v = played.values
    assert v["ft_method"] == "full" and v["ft_trainable"] == v["all_parameters"] == 105
    assert v["ft_new"] == 1.0 and v["ft_old"] == 0.0
    meter = v["ft_meter"]
    assert meter["steps"][0] == 0 and meter["old_accuracy"][0] == v["old_remapped"]


def test_the_three_strategies(played):
    v = played.values
    assert (v["cmp_full_old"], v["cmp_full_new"]) == (0.0, 1.0)
    assert v["cmp_freeze_trainable"] == 105 - 6 * 5      # rows 0–2 hold 6 pegs × 5 numbers
    assert v["cmp_freeze_new"] == 0.0 and 0.2 < v["cmp_freeze_old"] < 0.4
    assert v["cmp_lora_trainable"] == sum(2 * (r + 1 + 4) for r in range(6)) == 90
    assert (v["cmp_lora_old"], v["cmp_lora_new"]) == (0.0, 1.0)
    assert v["yellow_top_right"] < 0.2


def test_replay_cures_the_forgetting(played):
    v = played.values
    assert v["rp_share"] == 1.0 and v["rp_old_balls"] == 200 and v["rp_balls"] == 400
    assert v["rp_old"] == 1.0 and v["rp_new"] == 1.0
    # The session shows the replayed board: the old test balls land in their own cups again.
    s = played.session
    old = v["_grown"]["old_test"]
    assert s.board.accuracy(old.X, old.y) == 1.0


def test_the_checks_follow_the_strategy():
    run = lessons.start("fine_tuning")
    run.play(upto=2)
    run.goto(2)
    run.do(method="freeze")
    assert not run.check().passed          # frozen top rows never reach the yellow cup
    run.do(method="lora")
    assert run.check().passed
    run.goto(4)
    run.do(method="freeze", replay=1.0)
    assert not run.check().passed
    run.do(method="full", replay=0.25)     # even 50 old balls keep the old colours
    assert run.check().passed and run.values["rp_old"] >= 0.9


def test_the_first_check_reads_the_session():
    run = lessons.start("fine_tuning")
    assert not run.check().passed
    run.session.step(200)                  # the window's Play
    assert run.check().passed


def test_doing_the_steps_again_starts_from_a_fresh_three_colour_board(played):
    run = lessons.start("fine_tuning")
    run.play(upto=3)
    run.goto(0)
    run.do()                               # the session held the grown board: start again
    assert run.session.board.cups == 3 and run.check().passed
    run.next()
    run.do()
    assert run.session.board.cups == 4 and run.values["old_remapped"] == pytest.approx(41 / 75)


def test_fine_tuning_after_the_learner_changed_the_rows_grows_the_lessons_board_again():
    run = lessons.start("fine_tuning")
    run.play(upto=2)                           # trained and grown
    run.session.set(rows=9)                    # the window's rows box
    run.goto(2)
    run.do()                                   # used to raise "theta must have shape (45, 5)"
    assert run.session.board.rows == 6 and run.session.board.cups == 4
    assert run.check().passed
