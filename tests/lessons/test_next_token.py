"""Lesson 12, next-token prediction: the article's pairs, the binomial spread of the untrained
board over the cups, P(好 | 今天天气很) > 0.9 after training, and the sentence written back."""

import numpy as np

from galton import lessons
from galton.lessons import next_token

PAIRS = ["BEGIN→今", "今→天", "今天→天", "今天天→气", "今天天气→很", "今天天气很→好",
         "今天天气很好→END"]


def test_pairs_before_and_after_training_are_the_lessons_numbers():
    run = lessons.start("next_token")
    assert not run.check().passed
    v = run.play()
    assert v["pairs"] == PAIRS and v["n_pairs"] == 7
    assert v["vocab_text"] == "今, 天, 气, 很, 好, END" and v["n_distinct"] == 7
    # the level board: Binomial(5, ½) over the 6 bins, one bin per cup
    np.testing.assert_allclose(v["before"], np.array([1, 5, 10, 10, 5, 1]) / 32, rtol=1e-14)
    assert v["p_before"] == 5 / 32 and v["binomial"] == "1 : 5 : 10 : 10 : 5 : 1"
    # 300 full-batch steps at step size 1 from level pegs: deterministic; measured 0.945
    assert v["trained_steps"] == 300 and v["p_after"] > 0.9
    assert abs(v["p_after"] - 0.945) < 0.01
    assert v["accuracy"] == 1.0 and v["p_tian"] > 0.5 and v["p_qi"] > 0.5
    assert v["generated"] == "今天天气很好" and run.check().passed


def test_every_check_fails_before_its_step_and_passes_after():
    run = lessons.start("next_token")
    for _ in run.steps:
        assert not run.check().passed, run.step.key
        run.do()
        assert run.check().passed, run.step.key
        run.next()


def test_the_train_check_reads_the_session_so_play_passes_too():
    run = lessons.start("next_token")
    run.play(upto=3)
    run.next()
    assert run.step.key == "train" and not run.check().passed
    run.session.step(300)                 # the window's Play
    assert run.check().passed
    plot, table = run.figure().panels
    assert [c.label for c in plot.curves] == ["untrained", "trained"]
    assert table.rows[5][:3] == ["今天天气很", "好", "好"]


def test_the_last_token_alone_cannot_tell_jintian_from_jintiantian():
    run = lessons.start("next_token")
    run.goto(1)
    run.do(features="last")
    assert run.values["n_distinct"] == 6 and run.session.board.features == 6
    run.goto(2)
    run.do()
    run.next()
    run.do(steps=600)
    assert run.check().passed              # 今天天气很 still has its own ball
    assert run.values["p_tian"] < 0.6 and run.values["p_qi"] < 0.6   # stuck near ½
    assert run.values["accuracy"] < 1.0
    run.next()
    run.do()
    assert run.values["generated"] != "今天天气很好" and not run.check().passed


def test_the_chinese_pages_name_the_pairs_and_the_probability():
    run = lessons.start("next_token", lang="zh_CN")
    run.play(upto=3)
    assert "5/32" in run.page()["body"] and "0.1562" in run.page()["body"]
    assert next_token.VOCAB == ("今", "天", "气", "很", "好", "END")


def test_loading_the_balls_after_the_learner_changed_the_rows_brings_back_five_rows():
    run = lessons.start("next_token")
    run.do()
    run.session.set(rows=3)                    # the window's rows box: too few for six cups
    run.next()
    run.do()                                   # used to raise "cups must be 2..4, got 6"
    assert run.session.board.rows == 5 and run.session.board.cups == 6
    assert run.check().passed
