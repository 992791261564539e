"""Gradient clipping: by global norm (rescale the whole gradient) or by value (each entry).

``apply(grad)`` returns ``(grad_to_use, clipped, norm_before)``. The input is never modified;
a new array is returned only when something was clipped. Non-finite gradients are passed on
untouched (clipped=False) so that the Trainer reports the divergence instead of hiding it.
A finite gradient is always clipped when it must be, however large: its norm is measured in a
way that cannot overflow (``global_norm``).
"""

from __future__ import annotations

import numpy as np

from galton.core.optim import _number

# Inside this band of largest |entry| the plain sum of squares can neither overflow nor lose
# the largest terms to underflow, so the fast formula (numpy's own) is exact enough.
_SAFE_LOW, _SAFE_HIGH = 1e-100, 1e100


def _unit_and_scale(flat: np.ndarray) -> tuple[np.ndarray, float]:
    """(u, s) with flat = s·u and u's entries small enough to square safely."""
    amax = float(np.max(np.abs(flat), initial=0.0))
    if amax == 0.0 or _SAFE_LOW < amax < _SAFE_HIGH:
        return flat, 1.0
    return flat / amax, amax


def global_norm(grad) -> float:
    """The L2 norm of all entries together. Matches ``np.linalg.norm`` for ordinary values;
    for entries beyond 1e±100 it rescales first, so 1e200 does not overflow to inf (the result
    is inf only when the true norm exceeds the largest float). Needs finite input."""
    flat = np.asarray(grad, dtype=np.float64).reshape(-1)
    unit, scale = _unit_and_scale(flat)
    return scale * float(np.sqrt(unit.dot(unit)))  # Python floats: overflow is inf, no warning


def _passed_on(grad):
    """A non-finite gradient is not clipped: the Trainer must see it and report divergence."""
    with np.errstate(invalid="ignore", over="ignore"):
        return grad, False, float(np.linalg.norm(grad))


class ClipByNorm:
    """Rescale the whole gradient to length ``max_norm`` when it is longer (direction kept)."""

    name = "norm"

    def __init__(self, max_norm):
        self.max_norm = _number("max_norm", max_norm, low=0.0, low_open=True)

    def apply(self, grad):
        grad = np.asarray(grad, dtype=np.float64)
        if not np.all(np.isfinite(grad)):
            return _passed_on(grad)
        unit, scale = _unit_and_scale(grad.reshape(-1))
        length = float(np.sqrt(unit.dot(unit)))
        norm = scale * length
        if norm <= self.max_norm:
            return grad, False, norm
        # Direction first, then length: dividing by the unit vector's length rather than by
        # `norm` stays finite when `norm` overflowed, and forming unit/length before
        # multiplying by max_norm keeps a tiny max_norm / length from underflowing into
        # subnormals (which would cost the result its precision).
        clipped = ((unit / length) * self.max_norm).reshape(grad.shape)
        # Rounding can leave the result an ulp or so above the threshold. Shrink every entry by
        # at least one float until it is not: strictly decreasing, so it always ends, and in
        # a step or two since the excess is a few ulp.
        while global_norm(clipped) > self.max_norm:
            clipped = np.nextafter(clipped * (1.0 - 2.0**-50), 0.0)
        return clipped, True, norm

    def to_config(self):
        return {"name": self.name, "max_norm": self.max_norm}

    def __repr__(self):
        return f"ClipByNorm({self.max_norm!r})"


class ClipByValue:
    """Clamp every entry to [-max_value, max_value] (this can turn the gradient's direction)."""

    name = "value"

    def __init__(self, max_value):
        self.max_value = _number("max_value", max_value, low=0.0, low_open=True)

    def apply(self, grad):
        grad = np.asarray(grad, dtype=np.float64)
        if not np.all(np.isfinite(grad)):
            return _passed_on(grad)
        norm = global_norm(grad)
        if np.max(np.abs(grad), initial=0.0) <= self.max_value:
            return grad, False, norm
        return np.clip(grad, -self.max_value, self.max_value), True, norm

    def to_config(self):
        return {"name": self.name, "max_value": self.max_value}

    def __repr__(self):
        return f"ClipByValue({self.max_value!r})"


CLIPS = {"norm": ClipByNorm, "value": ClipByValue}
_THRESHOLD = {"norm": "max_norm", "value": "max_value"}


def make_clip(kind: str, threshold: float):
    """make_clip("norm", 1.0) -> ClipByNorm(1.0); make_clip("value", 0.5) -> ClipByValue(0.5)."""
    cls = CLIPS.get(str(kind).lower())
    if cls is None:
        raise ValueError(f"clip must be one of {sorted(CLIPS)}, got {kind!r}")
    return cls(threshold)


def clip_from_config(config: dict):
    """The inverse of ``to_config()``: {"name": "norm", "max_norm": 1.0}."""
    if not isinstance(config, dict) or config.get("name") not in _THRESHOLD:
        raise ValueError(f"clip config must be a dict with 'name' one of {sorted(CLIPS)}, "
                         f"got {config!r}")
    key = _THRESHOLD[config["name"]]
    extra = sorted(set(config) - {"name", key})
    if key not in config or extra:
        raise ValueError(f"clip config {config['name']!r} must hold exactly 'name' and {key!r}, "
                         f"got keys {sorted(config)}")
    return make_clip(config["name"], config[key])
