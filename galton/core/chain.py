"""The textbook deep chain: one sigmoid unit per layer, each feeding the next.

    h₀ = x,   zₗ = wₗ·hₗ₋₁ + bₗ,   hₗ = σ(zₗ)   (l = 1..L),   y = h_L

The chain rule makes the derivative of the output with respect to an early unit a product of
one factor per layer above it:

    ∂y/∂zₗ = σ′(z_L) · Πₖ₌ₗ^{L−1} wₖ₊₁·σ′(zₖ)

Since σ′ ≤ ¼, the product shrinks like (|w|/4)^(L−l) when the weights are small — the
vanishing gradient — and grows like it when |w| > 4 and the units sit near z = 0 — the
exploding gradient. ``centred_biases`` puts every unit exactly at z = 0 (σ′ = ¼, the steepest
point), so the factors are exactly w/4. This is the picture of a deep MLP in its simplest
form; the Galton board's own backward pass is different (see docs/model.md) and the lessons
compare the two. Plain NumPy, float64.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_slope(z):
    """σ′(z) = σ(z)·(1 − σ(z)) ≤ ¼, computed without cancellation for large |z|."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


def _params(w, b):
    w = np.asarray(w, dtype=np.float64).reshape(-1)
    b = np.asarray(b, dtype=np.float64).reshape(-1)
    if w.shape != b.shape or w.size == 0:
        raise ValueError(f"w and b must be equally long (one per layer, at least one), got "
                         f"{w.size} and {b.size}")
    if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
        raise ValueError("w and b must be finite")
    return w, b


def forward(x: float, w, b):
    """(h, z): h[0] = x and h[l] = σ(z[l−1]) for the L layers; y = h[-1]."""
    w, b = _params(w, b)
    h = np.empty(w.size + 1)
    z = np.empty(w.size)
    h[0] = float(x)
    for layer in range(w.size):
        z[layer] = w[layer] * h[layer] + b[layer]
        h[layer + 1] = sigmoid(z[layer])
    return h, z


def output(x: float, w, b) -> float:
    return float(forward(x, w, b)[0][-1])


def gradients(x: float, w, b):
    """(∂y/∂w, ∂y/∂b), one entry per layer, by the chain rule from the top down.
    ∂y/∂bₗ = ∂y/∂zₗ: the signal that reaches layer l."""
    w, b = _params(w, b)
    h, z = forward(x, w, b)
    slope = sigmoid_slope(z)
    dz = np.empty(w.size)
    upstream = 1.0                      # ∂y/∂h_L
    for layer in range(w.size - 1, -1, -1):
        dz[layer] = upstream * slope[layer]
        upstream = dz[layer] * w[layer]  # ∂y/∂h_{l-1} = ∂y/∂z_l · w_l
    return dz * h[:-1], dz


def centred_biases(x: float, w) -> np.ndarray:
    """Biases that put every unit at z = 0 for the input x: bₗ = −wₗ·hₗ₋₁ with hₗ₋₁ = ½
    for l ≥ 2 (σ(0) = ½) and h₀ = x. Then every σ′ is exactly ¼ and ∂y/∂zₗ = ¼·(w/4)^(L−l)
    for equal weights."""
    w = np.asarray(w, dtype=np.float64).reshape(-1)
    h = np.full(w.size, 0.5)
    h[0] = float(x)
    return -w * h
