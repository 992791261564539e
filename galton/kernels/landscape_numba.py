"""Numba kernels for landscapes: the loss at many points of a 2-D slice of parameter space.

A slice is theta(a, b) = theta0 + a*d1 + b*d2. A 64x64 grid is 4,096 full evaluations of the
board, so the work is split over grid points (``prange``), and each point runs the board's own
chunked passes (board_numba) serially over the balls. Without slopes a point needs only the
forward pass, which keeps two rows of masses per chunk, so it stays in L1/L2 at any depth.
Points are independent, so the result for a point does not depend on the thread count, and it
equals what ``board_numba.loss_and_grad`` gives at that theta up to float rounding of the
chunk sums.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from galton.kernels.board_numba import (
    _backward_chunk,
    _chunk_loss_and_seed,
    _forward_chunk,
    _forward_masses,
    _load_chunk,
    kernel,
)


@kernel()
def _point(theta, XT, y, rows, bin_to_cup, cup_lo, cup_hi, kind, want_grad, grad, chunk):
    """Mean loss at one theta, serially over chunks; the gradient into ``grad`` if asked."""
    n_pegs, width = theta.shape
    n_balls = XT.shape[1]
    n_chunks = (n_balls + chunk - 1) // chunk
    scale = 1.0 / n_balls
    if want_grad:
        grad[:] = 0.0
    kept = n_pegs if want_grad else 0
    xc = np.empty((width - 1, chunk))
    z = np.empty(chunk)
    g = np.empty((2 * rows + 2, chunk))
    p = np.empty((kept, chunk))
    q = np.empty((kept, chunk))
    m = np.empty((kept + rows + 1 if want_grad else 0, chunk))
    m2 = np.empty((0 if want_grad else 2 * rows + 2, chunk))
    qc = np.empty(cup_lo.shape[0])
    total = 0.0
    for c in range(n_chunks):
        s = c * chunk
        n = min(chunk, n_balls - s)
        _load_chunk(XT, s, n, xc)
        if want_grad:
            _forward_chunk(theta, xc, rows, p, q, m, z)
            value, _ = _chunk_loss_and_seed(m, y, s, n, n_pegs, bin_to_cup, cup_lo, cup_hi,
                                            kind, scale, g, True, qc)
            g[:, n:] = 0.0
            _backward_chunk(xc, rows, p, q, m, g, z, grad)
        else:
            bins = _forward_masses(theta, xc, rows, m2, z)
            value, _ = _chunk_loss_and_seed(m2, y, s, n, bins, bin_to_cup, cup_lo, cup_hi, kind,
                                            scale, g, False, qc)
        total += value
    return total * scale


@kernel(parallel=True)
def slice_losses(theta0, d1, d2, alphas, betas, XT, y, rows, bin_to_cup, cup_lo, cup_hi, kind,
                 want_grad, out, slopes, chunk):
    """out[k] = loss at theta0 + alphas[k]*d1 + betas[k]*d2; if ``want_grad``, slopes[k] =
    (dL/da, dL/db) there: the full gradient dotted with d1 and d2."""
    for k in prange(alphas.shape[0]):
        theta = theta0 + alphas[k] * d1 + betas[k] * d2
        grad = np.empty_like(theta) if want_grad else np.empty((1, 1))
        out[k] = _point(theta, XT, y, rows, bin_to_cup, cup_lo, cup_hi, kind, want_grad, grad,
                        chunk)
        if want_grad:
            ga = 0.0
            gb = 0.0
            for i in range(theta.shape[0]):
                for j in range(theta.shape[1]):
                    ga += grad[i, j] * d1[i, j]
                    gb += grad[i, j] * d2[i, j]
            slopes[k, 0] = ga
            slopes[k, 1] = gb
