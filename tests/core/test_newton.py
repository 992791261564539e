"""Turning faucets (finite differences) against the board's exact gradient, and the Hessian
built from exact gradients against a second-difference check."""

import numpy as np
import pytest

import galton
from galton import datasets
from galton.core import newton


@pytest.fixture
def small():
    data = datasets.colors(60, colors=3, noise=0.1, seed=1)
    board = galton.Board(3, data.features, 3, seed=2, init="normal", scale=0.5)
    return board, data.X, data.y


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_turning_every_faucet_gives_the_backpropagated_gradient(small, loss):
    board, X, y = small
    before = board.theta.copy()
    fd, evaluations = newton.faucet_gradient(board, X, y, loss)
    assert evaluations == 2 * board.n_parameters == 60
    _, grad = galton.loss_and_grad(board, X, y, loss)
    np.testing.assert_allclose(fd, grad, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(board.theta, before)


def test_the_hessian_is_symmetric_and_matches_second_differences(small):
    board, X, y = small
    H = newton.hessian(board, X, y)
    n = board.n_parameters
    assert H.shape == (n, n)
    np.testing.assert_array_equal(H, H.T)
    rng = np.random.default_rng(0)
    work = board.copy()
    for _ in range(5):                     # v·H·v against the loss's second difference along v
        v = rng.normal(size=board.theta.shape)
        h = 1e-3
        work.theta = board.theta + h * v
        up = galton.loss(work, X, y)
        work.theta = board.theta - h * v
        down = galton.loss(work, X, y)
        second = (up - 2 * galton.loss(board, X, y) + down) / h ** 2
        assert v.reshape(-1) @ H @ v.reshape(-1) == pytest.approx(second, rel=1e-4, abs=1e-6)


def test_newton_solves_a_quadratic_in_one_step():
    H = np.array([[3.0, 1.0], [1.0, 2.0]])
    x0 = np.array([1.0, -2.0])
    g = H @ x0                                   # the gradient of ½xᵀHx
    eig, step = newton.newton_direction(H, g)
    np.testing.assert_allclose(x0 + step, 0.0, atol=1e-14)
    np.testing.assert_allclose(eig, np.linalg.eigvalsh(H), rtol=1e-14)


def test_the_newton_step_solves_the_boards_system(small):
    board, X, y = small
    H = newton.hessian(board, X, y)
    g = galton.loss_and_grad(board, X, y)[1].reshape(-1)
    _, step = newton.newton_direction(H, g)
    lam, vectors = np.linalg.eigh(H)
    keep = np.abs(lam) > 1e-12 * np.max(np.abs(lam))
    # H·step = −g on every direction with curvature; nothing along the flat ones
    projected = vectors[:, keep] @ (vectors[:, keep].T @ g)
    np.testing.assert_allclose(H @ step, -projected, atol=1e-9)
    np.testing.assert_allclose(vectors[:, ~keep].T @ step, 0.0, atol=1e-9)
