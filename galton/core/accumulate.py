"""Gradient accumulation and data parallelism on the board: one big batch in smaller pieces.

The board's loss is a *mean* over the balls, so its gradient is a mean too. Split a batch of
n balls into k pieces of sizes n_1 … n_k: the full gradient is Σ (n_i / n)·g_i, where g_i is
the gradient of piece i. With equal pieces that is the plain average of the k gradients, so

* **gradient accumulation** (one device: compute the pieces one after another, add each into
  a buffer, divide by k, then take one step) and
* **data parallelism** (k devices, each holding a full copy of the board and its own piece;
  the gradients are averaged across the devices — an "all-reduce" — and every copy takes the
  same step, so the copies stay identical)

give the gradient of the whole batch, up to float rounding. Both exist to fit a batch that is
too big for one device's memory or too slow for one device; they change nothing in the maths.
Here the pieces are computed one after another on this machine with the board's own gradient
kernel (galton.core.losses), also for the "devices".
"""

from __future__ import annotations

import numpy as np

from galton.core.losses import loss_and_grad


def pieces(n: int, k: int, sizes=None) -> list[np.ndarray]:
    """Index arrays of k consecutive pieces of range(n): equal ones (n must divide by k), or
    the given ``sizes`` (summing to n)."""
    n, k = int(n), int(k)
    if k < 1:
        raise ValueError(f"the number of pieces must be at least 1, got {k}")
    if sizes is None:
        if n % k:
            raise ValueError(f"{n} balls do not split into {k} equal pieces; give sizes")
        sizes = [n // k] * k
    sizes = [int(s) for s in sizes]
    if len(sizes) != k or sum(sizes) != n or min(sizes) < 1:
        raise ValueError(f"sizes must be {k} positive numbers adding up to {n}, got {sizes}")
    edges = np.cumsum([0, *sizes])
    return [np.arange(edges[i], edges[i + 1]) for i in range(k)]


def piece_gradients(board, X, y, parts, loss: str = "cross_entropy"):
    """(losses, gradients, sizes): each piece's mean loss and gradient, in order."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    losses, grads, sizes = [], [], []
    for idx in parts:
        value, grad = loss_and_grad(board, X[idx], y[idx], loss)
        losses.append(value)
        grads.append(grad)
        sizes.append(len(idx))
    return np.array(losses), grads, np.array(sizes)


def accumulate(board, X, y, k: int, loss: str = "cross_entropy", sizes=None):
    """Gradient accumulation: (loss, gradient) of the whole batch from k pieces, each weighted
    by its share of the balls (n_i / n; equal pieces: the plain average)."""
    parts = pieces(len(y), k, sizes)
    losses, grads, n_i = piece_gradients(board, X, y, parts, loss)
    share = n_i / n_i.sum()
    buffer = np.zeros_like(board.theta)
    for w, g in zip(share, grads, strict=True):
        buffer += w * g
    return float(share @ losses), buffer


def data_parallel_step(board, X, y, devices: int, lr: float, loss: str = "cross_entropy"):
    """One SGD step of data parallelism: ``devices`` copies of the board, each computes the
    gradient of its equal piece, the gradients are averaged (all-reduce) and every copy steps
    by −lr·average. Returns the copies after the step (identical by construction) and the
    averaged gradient; ``board`` itself is not changed."""
    parts = pieces(len(y), devices)
    copies = [board.copy() for _ in range(int(devices))]
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    grads = [loss_and_grad(c, X[idx], y[idx], loss)[1]
             for c, idx in zip(copies, parts, strict=True)]
    average = np.zeros_like(board.theta)
    for g in grads:             # the all-reduce: every device receives the same sum
        average += g
    average /= len(grads)
    for c in copies:
        c.theta = c.theta - lr * average
    return copies, average
