"""NumPy twins of the optimizer update kernels (the reference for the Numba ones).

All functions update ``p`` and the state arrays in place on flat float64 arrays. ``mask`` is a
boolean array (True = may move) or None; where it is False neither the parameter nor its state
changes. Conventions follow PyTorch's optimizers; galton/core/optim.py and docs/training.md give
the formulas.
"""

from __future__ import annotations

import numpy as np


def _apply(mask, target, new):
    if mask is None:
        target[...] = new
    else:
        target[...] = np.where(mask, new, target)


def sgd(p, g, v, lr, momentum, nesterov, weight_decay, mask):
    d = g + weight_decay * p if weight_decay else g.copy()
    if momentum:
        new_v = momentum * v + d
        _apply(mask, v, new_v)
        d = d + momentum * new_v if nesterov else new_v
    _apply(mask, p, p - lr * d)


def adagrad(p, g, s, lr, eps, mask):
    new_s = s + g * g
    _apply(mask, s, new_s)
    _apply(mask, p, p - lr * g / (np.sqrt(new_s) + eps))


def rmsprop(p, g, sq, buf, lr, alpha, eps, momentum, mask):
    new_sq = alpha * sq + (1.0 - alpha) * g * g
    _apply(mask, sq, new_sq)
    step = g / (np.sqrt(new_sq) + eps)
    if momentum:
        new_buf = momentum * buf + step
        _apply(mask, buf, new_buf)
        step = new_buf
    _apply(mask, p, p - lr * step)


def adam(p, g, m, v, lr, beta1, beta2, eps, t, bias_correction, decoupled_decay, mask):
    q = p * (1.0 - lr * decoupled_decay) if decoupled_decay else p.copy()
    new_m = beta1 * m + (1.0 - beta1) * g
    new_v = beta2 * v + (1.0 - beta2) * g * g
    _apply(mask, m, new_m)
    _apply(mask, v, new_v)
    if bias_correction:
        m_hat, v_hat = new_m / (1.0 - beta1 ** t), new_v / (1.0 - beta2 ** t)
    else:
        m_hat, v_hat = new_m, new_v
    _apply(mask, p, q - lr * m_hat / (np.sqrt(v_hat) + eps))
