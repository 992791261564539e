"""NumPy twins of the board kernels: the readable reference the Numba kernels are tested against.

Every function here is vectorised over balls and follows docs/model.md line by line; speed is
not the point. Shapes: ``theta`` (P, d+1) with the bias last, ``X`` (N, d), ``y`` (N,) int,
``bin_to_cup`` (R+1,) int. Pegs and nodes are numbered row by row: node (r, k) is
``r*(r+1)//2 + k``, so the R rows of pegs are nodes 0..P-1 and the bins are nodes P..P+R.
"""

from __future__ import annotations

import numpy as np

#: Cross-entropy is -log(max(Q[y], Q_FLOOR)): the loss of one ball never exceeds ~690.8, so it
#: is finite for any finite theta, and below the floor the ball adds nothing to the gradient.
#: Above it, float64 masses and their adjoints (<= 1/Q_FLOOR) neither underflow nor overflow.
Q_FLOOR = 1e-300

LOSS_KINDS = {"cross_entropy": 0, "mse": 1}


def row_offset(r: int) -> int:
    """Flat index of peg (r, 0)."""
    return r * (r + 1) // 2


def sigmoid_pair(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(p, q) = (sigmoid(z), 1 - sigmoid(z)), both to full relative precision.

    q is computed as e/(1+e), not 1-p: where a peg is nearly certain, 1-p would lose every digit
    and with them the gradient. exp's argument is clamped where p is already exactly 0 or 1 in
    float64, which also keeps numpy from warning about overflow (the Numba twin does the same).
    """
    e = np.exp(np.clip(-z, -708.0, 709.0))
    p = 1.0 / (1.0 + e)
    return p, e * p


def sigmoid(z: np.ndarray) -> np.ndarray:
    return sigmoid_pair(z)[0]


def peg_logits(theta: np.ndarray, X: np.ndarray) -> np.ndarray:
    """z = w . x + b for every ball and peg, (N, P)."""
    return X @ theta[:, :-1].T + theta[:, -1]


def peg_probabilities(theta: np.ndarray, X: np.ndarray) -> np.ndarray:
    """p_right for every ball and peg, (N, P)."""
    return sigmoid(peg_logits(theta, X))


def _row_masses(p: np.ndarray, q: np.ndarray, rows: int) -> list[np.ndarray]:
    """Masses on every row of nodes: a list of R+1 arrays, row r has shape (N, r+1)."""
    n = p.shape[0]
    masses = [np.ones((n, 1))]
    for r in range(rows):
        sl = slice(row_offset(r), row_offset(r) + r + 1)
        m = masses[-1]
        nxt = np.zeros((n, r + 2))
        nxt[:, :-1] += m * q[:, sl]
        nxt[:, 1:] += m * p[:, sl]
        masses.append(nxt)
    return masses


def cup_matrix(bin_to_cup: np.ndarray, cups: int) -> np.ndarray:
    """One-hot (R+1, cups) matrix A with Q = bins @ A."""
    a = np.zeros((bin_to_cup.shape[0], cups))
    a[np.arange(bin_to_cup.shape[0]), bin_to_cup] = 1.0
    return a


def bin_probabilities(theta: np.ndarray, X: np.ndarray, rows: int) -> np.ndarray:
    """Exact probability of each bin, (N, R+1)."""
    return _row_masses(*sigmoid_pair(peg_logits(theta, X)), rows)[-1]


def _loss_terms(q_all: np.ndarray, y: np.ndarray, kind: str) -> tuple[float, np.ndarray]:
    """Mean loss and dLoss/dQ (N, cups), already divided by N."""
    n = q_all.shape[0]
    idx = np.arange(n)
    if kind == "cross_entropy":
        q = q_all[idx, y]
        alive = q > Q_FLOOR
        loss = float(np.mean(-np.log(np.maximum(q, Q_FLOOR))))
        g = np.zeros_like(q_all)
        g[idx, y] = np.where(alive, -1.0 / np.where(alive, q, 1.0), 0.0) / n
        return loss, g
    if kind == "mse":
        diff = q_all.copy()
        diff[idx, y] -= 1.0
        return float(np.mean(0.5 * np.sum(diff * diff, axis=1))), diff / n
    raise ValueError(f"loss must be one of {sorted(LOSS_KINDS)}, got {kind!r}")


def loss(theta, X, y, rows, bin_to_cup, cups, kind="cross_entropy") -> float:
    """Mean loss over the balls, forward only."""
    q = bin_probabilities(theta, X, rows) @ cup_matrix(bin_to_cup, cups)
    return _loss_terms(q, y, kind)[0]


def n_correct(theta, X, y, rows, bin_to_cup, cups) -> int:
    """How many balls have their own cup as the most likely one (first cup wins ties)."""
    q = bin_probabilities(theta, X, rows) @ cup_matrix(bin_to_cup, cups)
    return int(np.sum(np.argmax(q, axis=1) == y))


def loss_and_grad(theta, X, y, rows, bin_to_cup, cups, kind="cross_entropy"):
    """Mean loss and its exact gradient w.r.t. theta, by reverse mode through the masses."""
    p, q = sigmoid_pair(peg_logits(theta, X))
    masses = _row_masses(p, q, rows)
    a = cup_matrix(bin_to_cup, cups)
    value, g_cup = _loss_terms(masses[-1] @ a, y, kind)
    g_mass = g_cup @ a.T  # adjoint of the bin masses, (N, R+1)
    g_z = np.zeros_like(p)
    for r in range(rows - 1, -1, -1):
        sl = slice(row_offset(r), row_offset(r) + r + 1)
        pr, qr = p[:, sl], q[:, sl]
        g_left, g_right = g_mass[:, :-1], g_mass[:, 1:]
        # d(mass to the right child)/dz = m p (1-p) = - d(mass to the left child)/dz
        g_z[:, sl] = masses[r] * pr * qr * (g_right - g_left)
        g_mass = qr * g_left + pr * g_right
    grad = np.empty_like(theta)
    grad[:, :-1] = g_z.T @ X
    grad[:, -1] = g_z.sum(axis=0)
    return value, grad


def drop(theta, X, rows, uniforms):
    """Sample each ball's path: it turns right at a peg when its uniform draw is below p_right.

    ``uniforms`` (N, R) in [0, 1) are drawn by the caller so that the Numba twin consumes the
    very same numbers. Returns turns (N, R) int8 (1 = right) and bins (N,) int64.
    """
    n = X.shape[0]
    k = np.zeros(n, dtype=np.int64)
    turns = np.zeros((n, rows), dtype=np.int8)
    w, b = theta[:, :-1], theta[:, -1]
    for r in range(rows):
        peg = row_offset(r) + k
        p = sigmoid(np.einsum("nd,nd->n", X, w[peg]) + b[peg])
        right = uniforms[:, r] < p
        turns[:, r] = right
        k += right
    return turns, k
