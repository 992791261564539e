"""Step-size schedules: plain objects that say the step size at step t (0-based).

Usable anywhere: the Trainer sets ``optimizer.lr = schedule.lr_at(t)`` before each step, the
surfaces and the views call ``lr_at`` directly (the schedule chart draws it). Schedules know
nothing of optimizers. ``to_config()`` gives a JSON-able {"name": ..., params}, and
``Schedule.from_config`` / ``make_schedule`` build one back.
"""

from __future__ import annotations

import math

import numpy as np

from galton.core.optim import _number
from galton.core.validation import build_from_config, build_named


def _steps(name, value, low=1):
    if isinstance(value, bool) or not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number of steps, got {value!r}")
    value = int(value)
    if value < low:
        raise ValueError(f"{name} must be >= {low}, got {value}")
    return value


def _step(step) -> int:
    # A negative step would run a decay backwards (lr / gamma); a fractional one has no meaning.
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, (int, np.integer)) or step < 0:
        raise ValueError(f"step must be a whole number >= 0 (steps count from 0), got {step!r}")
    return int(step)


class Schedule:
    """Subclasses implement ``_lr(t)`` for a validated 0-based step t and ``_params()``."""

    name = "schedule"

    def lr_at(self, step: int) -> float:
        """The step size to use for step ``step`` (0-based)."""
        return float(self._lr(_step(step)))

    def _lr(self, t: int) -> float:
        raise NotImplementedError

    def __call__(self, step: int) -> float:
        return self.lr_at(step)

    @staticmethod
    def from_config(config: dict) -> Schedule:
        return schedule_from_config(config)

    def values(self, steps: int) -> list[float]:
        """The first ``steps`` step sizes (for charts)."""
        return [self.lr_at(t) for t in range(steps)]

    def to_config(self) -> dict:
        return {"name": self.name, **self._params()}

    def _params(self) -> dict:
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{type(self).__name__}({args})"


class Constant(Schedule):
    name = "constant"

    def __init__(self, lr):
        self.lr = _number("lr", lr, low=0.0, low_open=True)

    def _lr(self, t):
        return self.lr

    def _params(self):
        return {"lr": self.lr}


class StepDecay(Schedule):
    """lr · gamma^floor(t / step_size)."""

    name = "step"

    def __init__(self, lr, step_size, gamma=0.1):
        self.lr = _number("lr", lr, low=0.0, low_open=True)
        self.step_size = _steps("step_size", step_size)
        self.gamma = _number("gamma", gamma, low=0.0, high=1.0, low_open=True)

    def _lr(self, t):
        return self.lr * self.gamma ** (t // self.step_size)

    def _params(self):
        return {"lr": self.lr, "step_size": self.step_size, "gamma": self.gamma}


class Exponential(Schedule):
    """lr · gamma^t."""

    name = "exponential"

    def __init__(self, lr, gamma):
        self.lr = _number("lr", lr, low=0.0, low_open=True)
        self.gamma = _number("gamma", gamma, low=0.0, high=1.0, low_open=True)

    def _lr(self, t):
        return self.lr * self.gamma ** t

    def _params(self):
        return {"lr": self.lr, "gamma": self.gamma}


class CosineAnnealing(Schedule):
    """η_min + ½(η_max − η_min)(1 + cos(π t / T)).

    After T steps it stays at η_min, or with ``restarts`` starts again (SGDR), each period
    ``t_mult`` times longer than the last.
    """

    name = "cosine"

    def __init__(self, lr_max, T, lr_min=0.0, restarts=False, t_mult=1):
        self.lr_max = _number("lr_max", lr_max, low=0.0, low_open=True)
        self.lr_min = _number("lr_min", lr_min, low=0.0, high=self.lr_max)
        self.T = _steps("T", T)
        self.restarts = bool(restarts)
        self.t_mult = _steps("t_mult", t_mult)

    def _phase(self, t):
        """(steps into the current period, its length)."""
        period = self.T
        if not self.restarts:
            return min(t, period), period
        if self.t_mult == 1:
            return t % period, period  # O(1): charts ask for every step of long runs
        while t >= period:  # periods grow geometrically, so this loops O(log t) times
            t -= period
            period *= self.t_mult
        return t, period

    def _lr(self, t):
        t, period = self._phase(t)
        span = self.lr_max - self.lr_min
        return self.lr_min + 0.5 * span * (1 + math.cos(math.pi * t / period))

    def _params(self):
        return {"lr_max": self.lr_max, "T": self.T, "lr_min": self.lr_min,
                "restarts": self.restarts, "t_mult": self.t_mult}


class WarmUp(Schedule):
    """Linear warm-up over ``warmup_steps``, then ``schedule`` (a Schedule or a number).

    For t < W: lr = base(0) · (start + (1 − start) · t / W); for t ≥ W: base(t − W).
    """

    name = "warmup"

    def __init__(self, schedule, warmup_steps, start_factor=0.0):
        self.base = schedule if isinstance(schedule, Schedule) else Constant(schedule)
        self.warmup_steps = _steps("warmup_steps", warmup_steps)
        self.start_factor = _number("start_factor", start_factor, low=0.0, high=1.0)

    def _lr(self, t):
        if t < self.warmup_steps:
            frac = self.start_factor + (1.0 - self.start_factor) * t / self.warmup_steps
            return self.base.lr_at(0) * frac
        return self.base.lr_at(t - self.warmup_steps)

    def _params(self):
        return {"schedule": self.base.to_config(), "warmup_steps": self.warmup_steps,
                "start_factor": self.start_factor}


SCHEDULES = {"constant": Constant, "step": StepDecay, "exponential": Exponential,
             "cosine": CosineAnnealing, "warmup": WarmUp}


#: The schedules the window's Schedule box offers, each started from the step size of the
#: moment: the settings each adds to it (None: no schedule, the step size stays as it is).
PRESETS: dict[str, dict | None] = {
    "constant": None,
    "cosine": {"T": 500},
    "step": {"step_size": 100, "gamma": 0.5},
    "exponential": {"gamma": 0.99},
}


def preset(name: str, lr: float) -> dict | None:
    """The config of the preset ``name`` (see PRESETS) starting at step size ``lr``, e.g.
    ``preset("cosine", 0.5) == {"name": "cosine", "lr_max": 0.5, "T": 500}``."""
    if name not in PRESETS:
        raise ValueError(f"schedule preset must be one of {', '.join(PRESETS)}, got {name!r}")
    settings = PRESETS[name]
    if settings is None:
        return None
    return {"name": name, "lr_max" if name == "cosine" else "lr": lr, **settings}


def make_schedule(name: str, **params) -> Schedule:
    """Build a schedule by name, e.g. make_schedule("cosine", lr_max=0.1, T=100)."""
    if str(name).lower() == "warmup" and isinstance(params.get("schedule"), dict):
        params["schedule"] = schedule_from_config(params["schedule"])
    return build_named("schedule", SCHEDULES, name, params)


def schedule_from_config(config: dict) -> Schedule:
    """The inverse of ``to_config()``; a warm-up's inner schedule is rebuilt too."""
    return build_from_config("schedule", SCHEDULES, config, make_schedule)
