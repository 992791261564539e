"""Losses of a board on a set of balls, and their exact gradients.

* ``cross_entropy``: mean of -log Q[y], with Q the cup probabilities. Q is floored at
  ``Q_FLOOR`` = 1e-300 so that one ball's loss never exceeds ~690.8: finite for any finite
  theta and any depth. Below the floor the ball contributes no gradient.
* ``mse``: mean of 1/2 ||Q - onehot(y)||^2, the quadratic cost; bounded by 1 per ball.

Gradients are exact (reverse mode through the mass recursion), not finite differences.
"""

from __future__ import annotations

import numpy as np

from galton import kernels
from galton.core.validation import features_array, labels_array

LOSSES = tuple(kernels.LOSS_KINDS)
Q_FLOOR = kernels.Q_FLOOR


def check_loss(name: str) -> str:
    if name not in kernels.LOSS_KINDS:
        raise ValueError(f"loss must be one of {LOSSES}, got {name!r}")
    return name


def _inputs(board, X, y):
    X = features_array(X, board.features)
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one ball, got 0")
    return X, labels_array(y, X.shape[0], board.cups)


def loss(board, X, y, loss: str = "cross_entropy", *, engine: str | None = None) -> float:
    """Mean loss of ``board`` on balls (X, y); forward pass only."""
    check_loss(loss)
    X, y = _inputs(board, X, y)
    engine = board.engine if engine is None else kernels.check_engine(engine)
    return kernels.loss_and_grad(engine, board.theta, X, y, board.rows, board.cup_layout, loss,
                                 want_grad=False)[0]


def loss_and_grad(board, X, y, loss: str = "cross_entropy", *,
                  engine: str | None = None) -> tuple[float, np.ndarray]:
    """Mean loss and its exact gradient, an array shaped like ``board.theta``."""
    check_loss(loss)
    X, y = _inputs(board, X, y)
    engine = board.engine if engine is None else kernels.check_engine(engine)
    return kernels.loss_and_grad(engine, board.theta, X, y, board.rows, board.cup_layout, loss)
