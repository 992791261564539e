"""The public Board API: shapes, numbering, validation, copies."""

import numpy as np
import pytest

import galton
from galton.core.cups import default_bin_to_cup


def test_shapes_and_numbering():
    board = galton.Board(5, 3, 3)
    assert (board.rows, board.features, board.cups, board.n_pegs) == (5, 3, 3, 15)
    assert board.theta.shape == (15, 4)
    assert board.peg_index(3, 2) == 3 * 4 // 2 + 2
    for index in range(board.n_pegs):
        assert board.peg_index(*board.peg_position(index)) == index
    assert board.row_slice(4) == slice(10, 15)
    X = np.zeros((7, 3))
    assert board.bin_probabilities(X).shape == (7, 6)
    assert board.cup_probabilities(X).shape == (7, 3)
    assert board.peg_probabilities(X).shape == (7, 15)
    assert board.predict(X).shape == (7,)
    drop = board.drop(X, seed=0)
    assert drop.turns.shape == (7, 5) and drop.bins.shape == (7,)
    assert np.array_equal(drop.slots()[:, -1], drop.bins)


def test_peg_position_is_exact_for_large_boards():
    board = galton.Board(512, 1, 2)
    for index in (0, 1, 2, 130815, 130816, board.n_pegs - 1):
        r, k = board.peg_position(index)
        assert 0 <= k <= r and r * (r + 1) // 2 + k == index


def test_default_bin_to_cup_is_floor_j_cups_over_bins():
    for rows in range(1, 30):
        for cups in range(2, rows + 2):
            expected = [j * cups // (rows + 1) for j in range(rows + 1)]
            assert default_bin_to_cup(rows, cups).tolist() == expected
            assert galton.Board(rows, 1, cups).bin_to_cup.tolist() == expected


def test_probabilities_sum_to_one_and_predict_is_argmax(rng):
    board = galton.Board(8, 2, 4, init="normal", seed=1)
    X = rng.normal(size=(50, 2))
    np.testing.assert_allclose(board.bin_probabilities(X).sum(axis=1), 1.0, rtol=1e-13)
    cup = board.cup_probabilities(X)
    np.testing.assert_allclose(cup.sum(axis=1), 1.0, rtol=1e-13)
    assert np.array_equal(board.predict(X), cup.argmax(axis=1))
    y = rng.integers(0, 4, 50)
    assert board.accuracy(X, y) == np.mean(board.predict(X) == y)


def test_one_row_board_is_a_logistic_regression(rng):
    board = galton.Board(1, 2, 2, init="normal", seed=2)
    X = rng.normal(size=(20, 2))
    w, b = board.theta[0, :2], board.theta[0, 2]
    p = 1 / (1 + np.exp(-(X @ w + b)))
    np.testing.assert_allclose(board.cup_probabilities(X)[:, 1], p, rtol=1e-13)
    y = (rng.random(20) < 0.5).astype(int)
    ce = -np.mean(np.where(y == 1, np.log(p), np.log(1 - p)))
    assert galton.loss(board, X, y) == pytest.approx(ce, rel=1e-12)


def test_theta_setter_validates_and_leaves_nothing_half_updated():
    board = galton.Board(3, 2, 2, init="normal", seed=0)
    before = board.theta.copy()
    with pytest.raises(ValueError, match=r"theta must have shape \(6, 3\)"):
        board.theta = np.zeros((6, 2))
    bad = before.copy()
    bad[4, 2] = np.nan
    with pytest.raises(ValueError, match=r"peg \(2, 1\) bias is nan"):
        board.theta = bad
    assert np.array_equal(board.theta, before)
    board.theta = np.ones((6, 3))
    assert np.all(board.theta == 1)


@pytest.mark.parametrize("args,kwargs,match", [
    ((0, 2, 2), {}, "rows must be 1..512"),
    ((2.5, 2, 2), {}, "rows must be a whole number"),
    ((3, 0, 2), {}, "features must be >= 1"),
    ((3, 2, 1), {}, "cups must be 2..4"),
    ((3, 2, 5), {}, "cups must be 2..4"),
    ((3, 2, 2), {"init": "ones"}, "init must be one of"),
    ((3, 2, 2), {"scale": -1}, "scale must be"),
    ((3, 2, 2), {"bin_to_cup": [0, 1, 1]}, r"shape \(4,\)"),
    ((3, 2, 2), {"bin_to_cup": [0, 1, 0, 1]}, "contiguous"),
    ((3, 2, 3), {"bin_to_cup": [0, 0, 1, 1]}, r"cups \[2\] have none"),
    ((3, 2, 2), {"bin_to_cup": [0, 0, 1, 2]}, r"bin_to_cup\[3\] = 2 is not a cup"),
    ((3, 2, 2), {"engine": "cuda"}, "engine must be one of"),
])
def test_bad_board_arguments_name_the_argument(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        galton.Board(*args, **kwargs)


def test_custom_bin_to_cup_may_reverse_cups():
    board = galton.Board(3, 1, 2, bin_to_cup=[1, 1, 0, 0])
    assert board.bin_to_cup.tolist() == [1, 1, 0, 0]
    np.testing.assert_allclose(board.cup_probabilities([[0.0]]), [[0.5, 0.5]])


@pytest.mark.parametrize("X,y,match", [
    (np.zeros((4, 3)), [0, 1, 0, 1], r"X must have shape \(N, 2\)"),
    (np.array([[0.0, np.inf]] * 4), [0, 1, 0, 1], "ball 0 feature 1 is inf"),
    (np.zeros((4, 2)), [0, 1, 0], r"y must have shape \(4,\)"),
    (np.zeros((4, 2)), [0, 1, 2, 1], r"y\[2\] = 2 is out of range"),
    (np.zeros((4, 2)), [0, 1, -1, 1], r"y\[2\] = -1 is out of range"),
    (np.zeros((4, 2)), [0.5, 1, 0, 1], "whole cup numbers"),
    (np.zeros((0, 2)), [], "at least one ball"),
    ([["a", "b"]], [0], "X must be numbers"),
])
def test_bad_balls_give_clear_errors(X, y, match):
    board = galton.Board(3, 2, 2)
    with pytest.raises(ValueError, match=match):
        galton.loss_and_grad(board, X, y)


def test_unknown_loss_is_rejected():
    with pytest.raises(ValueError, match="loss must be one of"):
        galton.loss(galton.Board(2, 1, 2), [[0.0]], [0], loss="hinge")


def test_single_ball_as_a_vector_is_accepted():
    board = galton.Board(3, 2, 2)
    assert board.cup_probabilities([0.1, 0.2]).shape == (1, 2)


def test_copy_is_independent_and_continues_the_same_random_stream():
    board = galton.Board(4, 2, 2, init="normal", seed=9)
    twin = board.copy()
    X = np.zeros((30, 2))
    assert np.array_equal(board.drop(X).bins, twin.drop(X).bins)
    twin.theta[0, 0] += 1.0
    assert board.theta[0, 0] != twin.theta[0, 0]


def test_seed_makes_initialisation_and_drops_reproducible():
    a = galton.Board(6, 3, 3, init="normal", seed=42)
    b = galton.Board(6, 3, 3, init="normal", seed=42)
    assert np.array_equal(a.theta, b.theta)
    X = np.random.default_rng(0).normal(size=(100, 3))
    assert np.array_equal(a.drop(X).turns, b.drop(X).turns)
    assert not np.array_equal(a.theta, galton.Board(6, 3, 3, init="normal", seed=43).theta)


def test_spec_round_trip():
    board = galton.Board(5, 2, 3, bin_to_cup=[0, 0, 1, 1, 2, 2], init="normal", seed=1)
    again = galton.Board.from_spec(board.spec(), theta=board.theta)
    assert again.spec() == board.spec()
    assert np.array_equal(again.theta, board.theta)
