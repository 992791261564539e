"""A deep stack of layers, and the remedies for vanishing and exploding gradients.

galton.core.chain is one unit per layer; the remedies need a layer of several units, so here
each layer has ``width`` units (a small MLP):

    z_l = W_l·h_{l−1} + b_l
    u_l = LN(z_l)              with normalisation (layer norm, no learned gain), else z_l
    a_l = f(u_l)               f: sigmoid, tanh or ReLU
    h_l = a_l                              "plain"
    h_l = h_{l−1} + a_l                    "residual": a skip path around the layer
    h_l = g·h_{l−1} + (1 − g)·a_l          "gated": a fixed gate g, the path of LSTM/GRU cells

and the output is y = r·h_L with r = (1, …, 1)/√width. The backward pass is the chain rule
from the top down; ``∂y/∂h_{l−1} = W_lᵀ·(…) + carry·∂y/∂h_l``, where carry is 0 (plain),
1 (residual) or g (gated): the skip path hands the message down *added*, not multiplied by a
slope, which is why it does not fade. Layer norm divides z by its own spread, so the size of
the weights cancels out of every factor; that is why it stops explosion. In a real LSTM/GRU
the gate is computed from the input at every step and learned; here it is a number the
learner sets, to show the path it opens. Plain NumPy, float64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.core.chain import sigmoid

ACTIVATIONS = ("sigmoid", "tanh", "relu")
PATHS = ("plain", "residual", "gated")
#: Keeps layer norm finite when all units of a layer are equal.
NORM_EPS = 1e-5


@dataclass(frozen=True)
class Design:
    """How each layer is built (see the module's docstring)."""

    activation: str = "sigmoid"
    path: str = "plain"
    gate: float = 0.5
    norm: bool = False

    def __post_init__(self):
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {self.activation!r}")
        if self.path not in PATHS:
            raise ValueError(f"path must be one of {PATHS}, got {self.path!r}")
        if not 0.0 <= float(self.gate) <= 1.0:
            raise ValueError(f"gate must be between 0 and 1, got {self.gate}")

    @property
    def carry(self) -> float:
        """How much of h_{l−1} goes straight through to h_l."""
        return {"plain": 0.0, "residual": 1.0, "gated": float(self.gate)}[self.path]

    @property
    def through(self) -> float:
        """How much of the layer's own output a_l goes into h_l."""
        return 1.0 - float(self.gate) if self.path == "gated" else 1.0


def activation(name: str, u):
    """(f(u), f′(u))."""
    u = np.asarray(u, dtype=np.float64)
    if name == "sigmoid":
        s = sigmoid(u)
        return s, s * sigmoid(-u)
    if name == "tanh":
        t = np.tanh(u)
        return t, 1.0 - t * t
    if name == "relu":
        return np.maximum(u, 0.0), (u > 0).astype(np.float64)
    raise ValueError(f"activation must be one of {ACTIVATIONS}, got {name!r}")


def layers(width: int, depth: int, scale: float = 1.0, seed: int = 0):
    """(W, b): Gaussian weights of standard deviation scale/√width, zero biases."""
    width, depth = int(width), int(depth)
    if width < 1 or depth < 1:
        raise ValueError(f"width and depth must be at least 1, got {width} and {depth}")
    if not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a finite number > 0, got {scale}")
    rng = np.random.default_rng(seed)
    W = rng.normal(0.0, float(scale) / np.sqrt(width), (depth, width, width))
    return W, np.zeros((depth, width))


def readout(width: int) -> np.ndarray:
    return np.full(int(width), 1.0 / np.sqrt(int(width)))


def _check(x, W, b):
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    if W.ndim != 3 or W.shape[1] != W.shape[2] or b.shape != W.shape[:2] or x.size != W.shape[1]:
        raise ValueError(f"need W (depth, width, width), b (depth, width) and x (width,); got "
                         f"{W.shape}, {b.shape} and {x.shape}")
    return x, W, b


def _norm(z):
    centred = z - z.mean()
    spread = np.sqrt(np.mean(centred * centred) + NORM_EPS)
    return centred / spread, spread


def forward(x, W, b, design: Design = Design()) -> dict:
    """Every layer's z, u, a (each (depth, width)), the spreads LN divided by, h
    ((depth+1, width), h[0] = x) and the output y."""
    x, W, b = _check(x, W, b)
    depth, width = b.shape
    h = np.empty((depth + 1, width))
    z, u, a, slope = (np.empty((depth, width)) for _ in range(4))
    spread = np.ones(depth)
    h[0] = x
    for layer in range(depth):
        z[layer] = W[layer] @ h[layer] + b[layer]
        if design.norm:
            u[layer], spread[layer] = _norm(z[layer])
        else:
            u[layer] = z[layer]
        a[layer], slope[layer] = activation(design.activation, u[layer])
        h[layer + 1] = design.carry * h[layer] + design.through * a[layer]
    return {"h": h, "z": z, "u": u, "a": a, "slope": slope, "spread": spread,
            "y": float(readout(width) @ h[-1])}


def output(x, W, b, design: Design = Design()) -> float:
    return forward(x, W, b, design)["y"]


def gradients(x, W, b, design: Design = Design()):
    """(∂y/∂W, ∂y/∂b, ∂y/∂h): shaped like W, like b, and (depth+1, width), by the chain rule
    from the top layer down."""
    x, W, b = _check(x, W, b)
    f = forward(x, W, b, design)
    depth, width = b.shape
    dW, db = np.empty_like(W), np.empty_like(b)
    dh = np.empty((depth + 1, width))
    dh[depth] = readout(width)
    for layer in range(depth - 1, -1, -1):
        du = dh[layer + 1] * design.through * f["slope"][layer]
        if design.norm:
            un = f["u"][layer]
            dz = (du - du.mean() - un * np.mean(du * un)) / f["spread"][layer]
        else:
            dz = du
        dW[layer] = np.outer(dz, f["h"][layer])
        db[layer] = dz
        dh[layer] = W[layer].T @ dz + design.carry * dh[layer + 1]
    return dW, db, dh


def layer_signal(x, W, b, design: Design = Design()) -> np.ndarray:
    """(depth,) ‖∂y/∂W_l‖: how strongly each layer is told to change (layer 1 first)."""
    dW = gradients(x, W, b, design)[0]
    return np.sqrt(np.sum(dW * dW, axis=(1, 2)))
