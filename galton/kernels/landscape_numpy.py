"""The NumPy twin of landscape_numba: one board evaluation per point, the obvious way."""

from __future__ import annotations

import numpy as np

from galton.kernels import board_numpy


def slice_losses(theta0, d1, d2, alphas, betas, X, y, rows, bin_to_cup, cups,
                 kind="cross_entropy", want_grad=False):
    """(losses (n,), slopes (n, 2) or None) at theta0 + alphas*d1 + betas*d2."""
    losses = np.empty(alphas.shape[0])
    slopes = np.empty((alphas.shape[0], 2)) if want_grad else None
    for k, (a, b) in enumerate(zip(alphas, betas, strict=True)):
        theta = theta0 + a * d1 + b * d2
        if want_grad:
            losses[k], grad = board_numpy.loss_and_grad(theta, X, y, rows, bin_to_cup, cups, kind)
            slopes[k] = (np.sum(grad * d1), np.sum(grad * d2))
        else:
            losses[k] = board_numpy.loss(theta, X, y, rows, bin_to_cup, cups, kind)
    return losses, slopes
