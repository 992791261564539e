"""Gradient clipping: by global norm (rescale the whole gradient) or by value (each entry).

``apply(grad)`` returns ``(grad_to_use, clipped, norm_before)``. The input is never modified;
a new array is returned only when something was clipped. Non-finite gradients are passed on
untouched (clipped=False) so that the Trainer reports the divergence instead of hiding it.
"""

from __future__ import annotations

import numpy as np

from galton.core.optim import _number


class ClipByNorm:
    name = "norm"

    def __init__(self, max_norm):
        self.max_norm = _number("max_norm", max_norm, low=0.0, low_open=True)

    def apply(self, grad):
        grad = np.asarray(grad, dtype=np.float64)
        norm = float(np.linalg.norm(grad))
        if not np.isfinite(norm) or norm <= self.max_norm:
            return grad, False, norm
        scaled = grad * (self.max_norm / norm)
        # Rounding can leave the result a hair above the threshold; shrink by an ulp or two.
        while np.linalg.norm(scaled) > self.max_norm:
            scaled = scaled * (1.0 - 2.0 ** -52)
        return scaled, True, norm

    def to_config(self):
        return {"name": self.name, "max_norm": self.max_norm}

    def __repr__(self):
        return f"ClipByNorm({self.max_norm!r})"


class ClipByValue:
    name = "value"

    def __init__(self, max_value):
        self.max_value = _number("max_value", max_value, low=0.0, low_open=True)

    def apply(self, grad):
        grad = np.asarray(grad, dtype=np.float64)
        norm = float(np.linalg.norm(grad))
        if not np.all(np.isfinite(grad)) or np.max(np.abs(grad), initial=0.0) <= self.max_value:
            return grad, False, norm
        return np.clip(grad, -self.max_value, self.max_value), True, norm

    def to_config(self):
        return {"name": self.name, "max_value": self.max_value}

    def __repr__(self):
        return f"ClipByValue({self.max_value!r})"


CLIPS = {"norm": ClipByNorm, "value": ClipByValue}


def make_clip(kind: str, threshold: float):
    cls = CLIPS.get(str(kind).lower())
    if cls is None:
        raise ValueError(f"clip must be one of {sorted(CLIPS)}, got {kind!r}")
    return cls(threshold)


def clip_from_config(config: dict):
    config = dict(config)
    kind = config.pop("name")
    return make_clip(kind, next(iter(config.values())))
