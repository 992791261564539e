"""Gradient accumulation and data parallelism on the board: the same gradient as the whole
batch, to float rounding, with the board's own gradient kernel."""

import numpy as np
import pytest

import galton
from galton import datasets
from galton.core import accumulate


@pytest.fixture
def board_and_balls():
    data = datasets.colors(200, colors=3, noise=0.1, seed=0)
    board = galton.Board(5, data.features, 3, seed=0, init="normal", scale=0.5)
    return board, data.X, data.y


def test_pieces_split_consecutively_and_refuse_what_does_not_add_up():
    parts = accumulate.pieces(12, 4)
    assert [p.tolist() for p in parts] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]
    assert [len(p) for p in accumulate.pieces(10, 3, sizes=(1, 4, 5))] == [1, 4, 5]
    with pytest.raises(ValueError, match="equal pieces"):
        accumulate.pieces(10, 4)
    with pytest.raises(ValueError, match="adding up to 10"):
        accumulate.pieces(10, 3, sizes=(1, 4, 4))


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("k", [1, 2, 4, 8])
def test_k_equal_pieces_accumulated_equal_the_whole_batch(board_and_balls, loss, k):
    board, X, y = board_and_balls
    full_loss, full = galton.loss_and_grad(board, X, y, loss)
    acc_loss, acc = accumulate.accumulate(board, X, y, k, loss)
    assert np.max(np.abs(acc - full)) <= 1e-15 * max(1.0, np.max(np.abs(full))) * 10
    assert acc_loss == pytest.approx(full_loss, rel=1e-14)


def test_unequal_pieces_need_their_shares(board_and_balls):
    board, X, y = board_and_balls
    sizes = (20, 60, 60, 60)
    _, full = galton.loss_and_grad(board, X, y)
    _, weighted = accumulate.accumulate(board, X, y, 4, sizes=sizes)
    np.testing.assert_allclose(weighted, full, rtol=0, atol=1e-15)
    _, grads, _ = accumulate.piece_gradients(board, X, y, accumulate.pieces(200, 4, sizes))
    plain = sum(grads) / 4
    assert np.max(np.abs(plain - full)) > 1e-3      # a plain average is simply wrong


def test_data_parallel_copies_stay_identical_and_equal_one_device(board_and_balls):
    board, X, y = board_and_balls
    before = board.theta.copy()
    copies, average = accumulate.data_parallel_step(board, X, y, 4, lr=0.5)
    for c in copies[1:]:
        np.testing.assert_array_equal(c.theta, copies[0].theta)
    _, full = galton.loss_and_grad(board, X, y)
    np.testing.assert_allclose(average, full, rtol=0, atol=1e-15)
    np.testing.assert_allclose(copies[0].theta, before - 0.5 * full, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(board.theta, before)   # the original is not touched
