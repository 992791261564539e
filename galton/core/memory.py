"""How much memory training takes: parameters, gradients, optimizer state, checkpoints.

Inference needs the parameters. Training by backpropagation also needs a gradient for every
parameter (the same count), and the optimizer keeps state per parameter: none for plain SGD,
one velocity for momentum, two running moments for Adam. Mixed-precision training (the usual
recipe for large models) keeps 16-bit weights and gradients plus a 32-bit master copy of the
weights and 32-bit Adam moments: 2 + 2 + 4 + 4 + 4 = 16 bytes per parameter (Rajbhandari et
al. 2020, "ZeRO"). The activations of the forward pass come on top and depend on the batch;
they are not counted here.

Sizes are in bytes, and written in decimal units (1 GB = 10⁹ bytes), as the articles do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BYTES = {"fp64": 8, "fp32": 4, "bf16": 2, "fp16": 2, "int8": 1}
OPTIMIZER_SLOTS = {"sgd": 0, "momentum": 1, "adam": 2}
UNITS = (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3))


@dataclass(frozen=True)
class Bill:
    """The bytes of each part of training (and of a checkpoint) for ``parameters`` numbers."""

    parameters: float
    weights: float
    gradients: float
    optimizer: float
    master: float

    @property
    def total(self) -> float:
        return self.weights + self.gradients + self.optimizer + self.master

    @property
    def per_parameter(self) -> float:
        return self.total / self.parameters


def _count(parameters) -> float:
    n = float(parameters)
    if not (np.isfinite(n) and n >= 1):
        raise ValueError(f"the number of parameters must be at least 1, got {parameters}")
    return n


def bill(parameters, precision: str = "bf16", optimizer: str = "adam",
         state: str = "fp32", master_copy: bool = True) -> Bill:
    """What training ``parameters`` numbers stored in ``precision`` needs: weights, one
    gradient each, the optimizer's slots in ``state`` precision, and (mixed precision) a
    ``state``-precision master copy of the weights when ``master_copy`` and the weights are
    narrower than it."""
    n = _count(parameters)
    for name, value, table in (("precision", precision, BYTES), ("state", state, BYTES),
                               ("optimizer", optimizer, OPTIMIZER_SLOTS)):
        if value not in table:
            raise ValueError(f"{name} must be one of {list(table)}, got {value!r}")
    w = BYTES[precision]
    master = n * BYTES[state] if master_copy and BYTES[state] > w else 0.0
    return Bill(n, n * w, n * w, n * OPTIMIZER_SLOTS[optimizer] * BYTES[state], master)


def checkpoints(parameters, precision: str = "bf16", copies: int = 1) -> float:
    """Bytes on disk for ``copies`` saved copies of the weights alone."""
    if int(copies) < 0:
        raise ValueError(f"copies must be 0 or more, got {copies}")
    return _count(parameters) * BYTES[precision] * int(copies)


def hessian_bytes(parameters, precision: str = "fp32") -> float:
    """Newton's method needs the Hessian: one number for every pair of parameters, n²."""
    n = _count(parameters)
    return n * n * BYTES[precision]


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def power_of_ten(value: float, digits: int = 2) -> str:
    """1.2·10²³: a number too large for ordinary units, as a power of ten."""
    mantissa, exponent = f"{float(value):.{digits - 1}e}".split("e")
    return f"{mantissa}·10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def human(nbytes: float, word: str = "bytes") -> str:
    """1.23 GB, 360 GB, 3.6 TB; beyond 1,000 TB as a power of ten (1.2·10²³ bytes); ``word``
    is what bytes are called (字节 in a Chinese text)."""
    nbytes = float(nbytes)
    if nbytes >= 1e15:
        return f"{power_of_ten(nbytes)} {word}"
    for unit, size in UNITS:
        if nbytes >= size:
            return f"{nbytes / size:.3g} {unit}"
    return f"{nbytes:.0f} {word}"


def measured(trainer) -> dict:
    """The bytes a galton Trainer really holds: the board's parameters, one gradient of the
    same shape, and every array of its optimizer's state."""
    theta = trainer.board.theta
    state = trainer.optimizer.state_dict()
    arrays = [v for v in state.values() if isinstance(v, np.ndarray)]
    return {"parameters": int(theta.size), "weights": int(theta.nbytes),
            "gradients": int(theta.nbytes),
            "optimizer": int(sum(a.nbytes for a in arrays if a.size == theta.size)),
            "optimizer_arrays": sum(1 for a in arrays if a.size == theta.size)}
