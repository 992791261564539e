"""Argument checks shared by the board, the losses and the trainer.

Every error is a ValueError whose message names the argument and what was expected, and every
check runs before anything is changed, so a failed call leaves no half-updated state.
"""

from __future__ import annotations

import numbers

import numpy as np


def whole_number(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"{low}..{high}" if high is not None else f">= {low}"
        raise ValueError(f"{name} must be {span}, got {value}")
    return value


def finite_number(name: str, value, *, low: float | None = None,
                  high: float | None = None) -> float:
    """A finite real number within [low, high]; bools and text are refused."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or (low is not None and value < low) or (
            high is not None and value > high):
        span = (f"{low:g}..{high:g}" if low is not None and high is not None
                else f">= {low:g}" if low is not None else f"<= {high:g}" if high is not None
                else "finite")
        raise ValueError(f"{name} must be a finite number {span}, got {value}")
    return value


def features_array(X, features: int, name: str = "X") -> np.ndarray:
    """Balls' features as a float64 (N, d) array; a single ball (d,) is accepted too."""
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers of shape (N, {features}): {exc}") from None
    if arr.ndim == 1 and arr.shape[0] == features:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != features:
        raise ValueError(
            f"{name} must have shape (N, {features}) (one row of {features} features per ball), "
            f"got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        i, j = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(f"{name} must be finite; ball {i} feature {j} is {arr[i, j]}")
    return arr


def labels_array(y, n_balls: int, cups: int, name: str = "y") -> np.ndarray:
    arr = np.asarray(y)
    if arr.shape != (n_balls,):
        raise ValueError(
            f"{name} must have shape ({n_balls},) (one label per ball), got {arr.shape}")
    if arr.dtype.kind not in "iu":
        if arr.dtype.kind == "b" or not (
            arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))
        ):
            raise ValueError(
                f"{name} must hold whole cup numbers 0..{cups - 1}, got dtype {arr.dtype}")
    arr = arr.astype(np.int64)
    bad = np.flatnonzero((arr < 0) | (arr >= cups))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"{name}[{i}] = {arr[i]} is out of range: labels must be cups 0..{cups - 1}")
    return arr


def build_named(kind: str, registry: dict, name, params: dict):
    """``registry[name](**params)`` with errors that list the known names and name the
    offending keyword (used by optimizers, schedules, clipping and surfaces)."""
    factory = registry.get(str(name).lower())
    if factory is None:
        raise ValueError(f"{kind} must be one of {sorted(registry)}, got {name!r}")
    try:
        return factory(**params)
    except TypeError as exc:
        raise ValueError(f"{kind} {name!r}: {exc}") from None


def build_from_config(kind: str, registry: dict, config, build):
    """``build(name, **rest)`` from a ``{"name": ..., ...}`` dict (the inverse of to_config)."""
    if not isinstance(config, dict) or "name" not in config:
        raise ValueError(f"{kind} config must be a dict with a 'name' (one of "
                         f"{sorted(registry)}), got {config!r}")
    config = dict(config)
    return build(config.pop("name"), **config)
