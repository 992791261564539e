"""Lesson 6, the pinball machine: the untrained board is a colour-blind binomial heap (22/64 of
red balls in the red cup); training sorts the colours; the checks read the session, so the
window's own Play and Drop pass them too."""

import numpy as np
import pytest

from galton import lessons
from galton.lessons import pinball


def test_the_preset_is_three_colours_on_six_rows_with_the_red_cup_on_the_left():
    run = lessons.start("pinball")
    s = run.session
    assert s.data.class_names == ("red", "green", "blue")
    assert s.board.rows == 6 and s.board.cups == 3
    assert s.board.bin_to_cup.tolist() == [0, 0, 0, 1, 1, 2, 2]
    assert not s.board.theta.any()


def test_untrained_every_colour_follows_the_binomial_heap():
    run = lessons.start("pinball")
    assert run.values["fair_red"] == 22 / 64
    assert run.values["fair_green"] == 35 / 64
    assert run.values["fair_blue"] == 7 / 64
    np.testing.assert_allclose(pinball.binomial(), np.array([1, 6, 15, 20, 15, 6, 1]) / 64)
    # The exact cup probabilities of every ball equal the heap's, whatever its colour.
    Q = run.session.board.cup_probabilities(run.session.test_set.X)
    np.testing.assert_allclose(Q, np.tile([22 / 64, 35 / 64, 7 / 64], (len(Q), 1)))
    assert pinball.own_cup_share(run.session) == pytest.approx(1 / 3)
    assert not run.check().passed
    run.do()
    v = run.values
    assert v["before_balls"] == 300
    assert abs(v["before_red"] - 22 / 64) < 0.1      # 100 red balls: within 2 σ or so
    assert abs(v["before_share"] - 1 / 3) < 0.08
    assert run.check().passed


def test_training_sorts_the_colours_and_the_checks_follow_the_session():
    run = lessons.start("pinball")
    run.do()
    run.next()
    assert not run.check().passed              # the board is untrained
    run.session.step(20)                       # a little training is not enough
    assert not run.check().passed
    run.session.step(280)                      # as the window's Play would
    assert run.check().passed
    assert run.values["own_share"] > 0.95 and run.values["test_accuracy"] == 1.0
    assert run.values["trained_steps"] == 300
    # The first loss is the heap's: −(log 22/64 + log 35/64 + log 7/64)/3 on balanced colours.
    heap = -(np.log(22 / 64) + np.log(35 / 64) + np.log(7 / 64)) / 3
    assert run.values["first_loss"] == pytest.approx(heap, rel=1e-12)
    run.next()
    assert not run.check().passed              # the untrained drop does not count
    run.session.drop(300, seed=5)              # the window's Drop button
    assert run.check().passed
    assert run.values["after_share"] > 0.9


def test_the_lesson_numbers_after_do_it():
    run = lessons.start("pinball")
    v = run.play()
    assert v["trained_steps"] == 300
    assert v["last_loss"] < 0.05
    assert v["after_share"] >= 0.9 and v["after_red"] >= 0.85
    assert v["after_share"] > v["before_share"] + 0.5
    # The top peg splits red from the rest on the hue's cosine, with a negative weight.
    assert (v["peg_row"], v["peg_slot"]) == (0, 0)
    assert v["peg_feature"] == "hue_cos" and v["peg_weight"] < -2
    assert v["peg_red"] < 0.2 and v["peg_green"] > 0.7 and v["peg_blue"] > 0.7
    assert run.check().passed


def test_a_peg_out_of_its_row_is_read_at_the_rows_last_slot():
    run = lessons.start("pinball")
    run.session.step(100)
    run.goto(3)
    run.do(row=2, slot=5)
    assert (run.values["peg_row"], run.values["peg_slot"]) == (2, 2)
    fig = run.figure()
    assert fig.panels[0].title == "Peg (2, 2)"


def test_an_untrained_peg_does_not_pass():
    run = lessons.start("pinball")
    run.goto(3)
    run.do()
    assert not run.check().passed


def test_a_trained_drop_seen_from_step_one_does_not_replace_its_numbers():
    run = lessons.start("pinball")
    run.do()
    before = run.values["before_share"]
    run.session.step(300)
    run.session.drop(300, seed=3)
    assert run.check().passed and run.values["before_share"] == before


@pytest.mark.parametrize("rows", [4, 9])
def test_the_drop_figures_follow_a_board_whose_rows_changed(rows):
    run = lessons.start("pinball")
    run.do()                                   # 300 balls on the 6-row board: 7 bins
    run.session.set(rows=rows)                 # the window's rows box
    plot, table = run.figure().panels          # the drop's own bins, not today's
    assert plot.curve("all balls").x.tolist() == list(range(7))
    assert plot.curve("all balls").y.sum() == 300
    assert len(table.rows) == 3
    run.do()                                   # a new drop on the new board
    plot, _ = run.figure().panels
    assert plot.curve("all balls").x.tolist() == list(range(rows + 1))
    assert [line.at for line in plot.lines] == [
        lo - 0.5 for lo in run.session.board.cup_layout.lo[1:]]
    for i in range(1, len(run.steps)):
        run.goto(i)
        run.do()
        assert run.figure() is not None and "…" not in run.page()["title"]


def test_every_step_plays_with_two_colours_and_shows_no_blue_numbers():
    run = lessons.start("pinball")
    run.session.set(colors=2)                  # the window's colours box
    for i in range(len(run.steps)):
        run.goto(i)
        run.do()
        fig = run.figure()
        assert fig is not None
        for panel in fig.panels:
            labels = [c.label for c in getattr(panel, "curves", ())]
            labels += [name for _, name in getattr(panel, "x_ticks", None) or ()]
            assert "blue balls" not in labels
        assert "nan" not in run.page()["body"]
    assert run.values["peg_blue"] != run.values["peg_blue"]  # NaN: there is no blue ball
    _, bars = run.figure().panels
    assert [name for _, name in bars.x_ticks] == ["red balls", "green balls"]
    assert "— of blue balls" in run.check().message
