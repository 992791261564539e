"""Numba update kernels for the optimizers; twins of galton.kernels.optim_numpy.

One elementwise loop per optimizer over flat float64 arrays, in place. ``mask`` is a uint8
array of the parameters' size (1 = may move) or an empty array for "no mask".
"""

from __future__ import annotations

from functools import partial

import numpy as np
from numba import njit

kernel = partial(njit, cache=True, error_model="numpy")


@kernel()
def sgd(p, g, v, lr, momentum, nesterov, weight_decay, mask):
    masked = mask.shape[0] > 0
    for i in range(p.shape[0]):
        if masked and mask[i] == 0:
            continue
        d = g[i] + weight_decay * p[i]
        if momentum != 0.0:
            v[i] = momentum * v[i] + d
            d = d + momentum * v[i] if nesterov else v[i]
        p[i] -= lr * d


@kernel()
def adagrad(p, g, s, lr, eps, mask):
    masked = mask.shape[0] > 0
    for i in range(p.shape[0]):
        if masked and mask[i] == 0:
            continue
        s[i] += g[i] * g[i]
        p[i] -= lr * g[i] / (np.sqrt(s[i]) + eps)


@kernel()
def rmsprop(p, g, sq, buf, lr, alpha, eps, momentum, mask):
    masked = mask.shape[0] > 0
    for i in range(p.shape[0]):
        if masked and mask[i] == 0:
            continue
        sq[i] = alpha * sq[i] + (1.0 - alpha) * g[i] * g[i]
        step = g[i] / (np.sqrt(sq[i]) + eps)
        if momentum != 0.0:
            buf[i] = momentum * buf[i] + step
            step = buf[i]
        p[i] -= lr * step


@kernel()
def adam(p, g, m, v, lr, beta1, beta2, eps, t, bias_correction, decoupled_decay, mask):
    masked = mask.shape[0] > 0
    c1 = 1.0 - beta1 ** t if bias_correction else 1.0
    c2 = 1.0 - beta2 ** t if bias_correction else 1.0
    for i in range(p.shape[0]):
        if masked and mask[i] == 0:
            continue
        q = p[i] * (1.0 - lr * decoupled_decay) if decoupled_decay != 0.0 else p[i]
        m[i] = beta1 * m[i] + (1.0 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i]
        p[i] = q - lr * (m[i] / c1) / (np.sqrt(v[i] / c2) + eps)
