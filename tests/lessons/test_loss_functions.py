"""Lesson 14, loss functions: the ½n quadratic cost by hand equals galton's MSE (the binomial
value on the level board); the sum form and the ½n form; a board without context prefers 天
and its cross-entropy is −log q(好) = log 7; the soft target's cross-entropy equals the mean
one-hot loss and bottoms out at the entropy; cross-entropy against MSE measured."""

import math

import numpy as np
import pytest

import galton
from galton import lessons
from galton.core import tokens
from galton.core.optim import SGD
from galton.lessons import loss_functions as lf


def test_the_quadratic_cost_by_hand_is_the_binomial_value_and_galtons_mse():
    run = lessons.start("loss_functions")
    assert not run.check().passed
    run.do()
    v = run.values
    assert v["c_diff"] <= 1e-15 and v["n_balls"] == 225
    # level board: 6 rows, bins split 3/2/2 into 3 cups: Q = (22, 35, 7)/64 for every ball
    q = np.array([22, 35, 7]) / 64
    y = run.session.train_set.y
    terms = [np.sum((np.eye(3)[c] - q) ** 2) for c in y]
    assert v["c_hand"] == pytest.approx(np.mean(terms) / 2, rel=1e-12)
    assert v["c_min_term"] > 0 and v["c_after"] < v["c_hand"] and v["c_fell_case"] == "yes"
    assert run.check().passed


def test_why_half_and_why_n():
    run = lessons.start("loss_functions")
    run.goto(1)
    run.do()
    v = run.values
    assert v["h_sum"] == 14 and v["h_half"] == pytest.approx(14 / 6)
    assert v["h_sum_slope"] == pytest.approx(-28, rel=1e-6)
    assert v["h_half_slope"] == pytest.approx(-28 / 6, rel=1e-6)
    assert v["h_half_formula"] == pytest.approx(-28 / 6, rel=1e-12) and v["h_ratio"] == 6
    run.do(a=2.0)
    assert run.values["h_sum"] == 0 and abs(run.values["h_half_slope"]) < 1e-6


def test_the_board_without_context_prefers_tian_and_the_soft_target():
    run = lessons.start("loss_functions")
    run.goto(2)
    assert not run.check().passed
    run.do()
    v = run.values
    assert run.check().passed and v["t_best"] == "天" and v["t_prefers_case"] == "tian"
    assert v["t_q_tian"] == pytest.approx(2 / 7, abs=1e-4)
    assert v["t_q_hao"] == pytest.approx(1 / 7, abs=1e-4)
    assert v["t_e"] == pytest.approx(math.log(7), abs=1e-3)
    run.next()
    run.do()
    v = run.values
    np.testing.assert_allclose(v["s_p"], np.array([1, 2, 1, 1, 1, 1]) / 7)
    assert v["s_gap"] <= 1e-14                       # −Σ p log q = the mean one-hot loss
    assert v["s_h"] == pytest.approx(math.log(7) - 2 / 7 * math.log(2), rel=1e-14)
    assert 0 <= v["s_kl"] < 1e-6 and v["s_at_min_case"] == "yes"


def test_cross_entropy_gets_further_than_mse_and_the_loop_is_plain_sgd():
    run = lessons.start("loss_functions")
    run.goto(4)
    run.do()
    v = run.values
    assert v["k_ce"] == pytest.approx(0.945, abs=0.005)
    assert v["k_mse"] == pytest.approx(0.791, abs=0.005)
    assert v["k_winner_case"] == "ce" and v["k_ce_acc"] == 1.0
    assert v["k_ce_at"] == pytest.approx(-math.log(0.01)) and v["k_mse_at"] == 0.99 ** 2
    # the lesson's loop does what a Trainer with plain SGD does
    data = tokens.dataset(lf.SENTENCE)
    board = galton.Board(5, data.features, 6)
    galton.Trainer(board, data, SGD(1.0), loss="mse", timeline_every=0).run(300)
    x = tokens.features(lf.SENTENCE, lf.QUESTION)[None, :]
    assert board.cup_probabilities(x)[0][4] == pytest.approx(v["k_mse"], rel=1e-10)
