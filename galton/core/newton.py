"""Two ways to get the slope that backpropagation avoids, and what they cost on the board.

* **Turning one faucet at a time** (the article's picture of thousands of taps: turn w1 a
  little, look at the result, turn it back, then w2 …): the gradient by central finite
  differences, (L(θ + h·e_i) − L(θ − h·e_i)) / 2h for every parameter i — 2P evaluations of
  the loss for P parameters, where backpropagation needs one forward and one backward pass.

* **Newton's method**: step by −H⁻¹·g, where H is the Hessian, the P × P table of second
  derivatives. Building it here takes P Hessian-vector products (each two exact gradients,
  galton.core.stepsize.gradient_hvp), storing it P² numbers, solving with it about P³/3
  multiply-adds. Away from a minimum H has negative eigenvalues, and −H⁻¹·g can point uphill.
"""

from __future__ import annotations

import time

import numpy as np

from galton.core.losses import loss as board_loss
from galton.core.losses import loss_and_grad
from galton.core.stepsize import gradient_hvp


def faucet_gradient(board, X, y, loss: str = "cross_entropy", h: float = 1e-5):
    """(gradient, evaluations): each parameter turned by ±h in turn, the loss measured each
    time. ``board`` is left as it was."""
    work = board.copy()
    base = board.theta.copy()
    flat = base.reshape(-1)
    grad = np.empty(flat.size)
    for i in range(flat.size):
        up = flat.copy()
        up[i] += h
        work.theta = up.reshape(base.shape)
        high = board_loss(work, X, y, loss)
        up[i] -= 2 * h
        work.theta = up.reshape(base.shape)
        low = board_loss(work, X, y, loss)
        grad[i] = (high - low) / (2 * h)
    return grad.reshape(base.shape), 2 * flat.size


def hessian(board, X, y, loss: str = "cross_entropy") -> np.ndarray:
    """The P × P Hessian of the board's mean loss, column by column from Hessian-vector
    products with the unit vectors, then symmetrised (the two halves differ by rounding)."""
    work = board.copy()
    shape = board.theta.shape

    def grad(t):
        work.theta = t.reshape(shape)
        return loss_and_grad(work, X, y, loss)[1].reshape(-1)

    x0 = board.theta.reshape(-1).copy()
    hvp = gradient_hvp(grad, x0)
    n = x0.size
    H = np.empty((n, n))
    eye = np.eye(n)
    for i in range(n):
        H[:, i] = hvp(eye[i])
    return (H + H.T) / 2


def timed(fn, *args, **kwargs):
    """(result, seconds)."""
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - started


def newton_direction(H, g) -> tuple[np.ndarray, np.ndarray]:
    """(the eigenvalues of H, the Newton step −H⁻¹·g), from one eigendecomposition of the
    symmetric H (directions of zero curvature are left out, as a pseudo-inverse would). One
    decomposition rather than a solve as well: on a busy machine every LAPACK call pays for
    its threads waiting on each other."""
    lam, vectors = np.linalg.eigh(np.asarray(H, dtype=np.float64))
    g = np.asarray(g, dtype=np.float64).reshape(-1)
    keep = np.abs(lam) > 1e-12 * max(1.0, float(np.max(np.abs(lam))))
    return lam, -(vectors[:, keep] @ ((vectors[:, keep].T @ g) / lam[keep]))
