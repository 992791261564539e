"""Optimizers: how a gradient becomes a turn of the pegs.

Every optimizer updates a float64 array in place with ``step(params, grad, mask=None)``; the
same objects drive the board's Trainer, the classic 2-D surfaces and the line fits. Their state
(velocity, moments) is inspectable through ``.state`` so the views can draw it, and the step
size ``.lr`` may be changed between any two steps. Formulas follow PyTorch's conventions:

* SGD            v ← μ·v + g;  p ← p − η·v          (μ = 0: plain gradient descent)
  Nesterov       v ← μ·v + g;  p ← p − η·(g + μ·v)
  weight decay   g ← g + λ·p  (L2, before momentum)
* AdaGrad        s ← s + g²;  p ← p − η·g / (√s + ε)
* RMSProp        a ← α·a + (1−α)·g²;  p ← p − η·g / (√a + ε)   (optional momentum on the step)
* Adam           m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  p ← p − η·m̂ / (√v̂ + ε)
                 with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) (or m, v without bias correction)
* AdamW          Adam plus decoupled decay p ← p·(1 − η·λ) before the step

Masks freeze entries: a frozen parameter and its state do not change. The step count t (used
by Adam's bias correction) is one number for the whole array, as in PyTorch where it belongs
to the tensor; so an entry that thaws after a long freeze gets a less-corrected first step.

``lr`` may be 0 (a warm-up starts there, an exponential decay underflows to it): that step
leaves the parameters where they are. Everything else is validated strictly, with errors that
name the argument.
"""

from __future__ import annotations

import math

import numpy as np

from galton.core.validation import build_from_config, build_named
from galton.kernels import (
    ENGINES,  # noqa: F401  (kept public here, where it always was)
    check_engine,
    default_engine,
    optim_numpy,
)

# Stands in for a state array an optimizer does not keep (SGD's velocity without momentum);
# the kernels never touch it then, and one dtype keeps the compiled signature the same.
_NO_STATE = np.zeros(0)


def _number(name, value, *, low=None, high=None, low_open=False, high_open=False):
    if isinstance(value, (bool, np.bool_)):
        # float(True) is 1.0: a flag passed where a number belongs is a mistake, not a 1.
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    ok = math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        lo = "" if low is None else ("(" if low_open else "[") + f"{low:g}"
        hi = "" if high is None else f"{high:g}" + (")" if high_open else "]")
        span = f"in {lo}, {hi}" if low is not None and high is not None else (
            f"{'>' if low_open else '>='} {low:g}" if low is not None else "finite")
        raise ValueError(f"{name} must be a finite number {span}, got {value}")
    return value


class Optimizer:
    """Base class: validation, lazily allocated state, masks, state dicts."""

    name = "Optimizer"
    _arrays: tuple = ()  # names of the per-parameter state arrays this instance keeps

    def __init__(self, lr, engine=None):
        self.lr = lr
        # Same default as the Board (GALTON_ENGINE), so one switch selects the twins everywhere.
        self.engine = default_engine() if engine is None else check_engine(engine)
        self.reset()

    @property
    def lr(self) -> float:
        return self._lr

    @lr.setter
    def lr(self, value) -> None:
        # 0 is allowed: a warm-up schedule starts there, and it simply takes no step.
        self._lr = _number("lr", value, low=0.0)

    def reset(self) -> None:
        """Forget all state: step count, velocities, moments."""
        self.t = 0
        self._state: dict[str, np.ndarray | None] = {name: None for name in self._arrays}

    @property
    def state(self) -> dict:
        """{'step': t, <array name>: array or None} — live arrays, for drawing."""
        return {"step": self.t, **self._state}

    def hyperparameters(self) -> dict:
        return {"lr": self.lr}

    def to_config(self) -> dict:
        return {"name": self.name, **self.hyperparameters()}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{self.name}({args})"

    # --- stepping ----------------------------------------------------------------------------
    def step(self, params: np.ndarray, grad, mask=None) -> None:
        """Update ``params`` in place. Where ``mask`` is False nothing (parameter or state)
        changes: that is how rows of pegs are frozen."""
        if not (isinstance(params, np.ndarray) and params.dtype == np.float64
                and params.flags.c_contiguous and params.flags.writeable):
            raise ValueError("params must be a writeable C-contiguous float64 numpy array "
                             "(it is updated in place)")
        p = params.reshape(-1)
        g = np.ascontiguousarray(grad, dtype=np.float64).reshape(-1)
        if g.shape != p.shape:
            raise ValueError(f"grad must have as many entries as params ({p.size}), got {g.size}")
        m = None
        if mask is not None:
            m = np.ascontiguousarray(mask, dtype=bool).reshape(-1)
            if m.shape != p.shape:
                raise ValueError(f"mask must have as many entries as params ({p.size}), "
                                 f"got {m.size}")
        for name in self._arrays:
            current = self._state[name]
            if current is None:
                self._state[name] = np.zeros_like(p)
            elif current.shape != p.shape:
                raise ValueError(f"{self.name} holds state for {current.size} parameters but "
                                 f"was given {p.size}; call reset() first")
        self.t += 1
        if self.engine == "numpy":
            self._update_numpy(p, g, m)
        else:
            from galton.kernels import optim_numba

            mask_bytes = np.zeros(0, np.uint8) if m is None else m.view(np.uint8)
            self._update_numba(optim_numba, p, g, mask_bytes)

    def _update_numpy(self, p, g, mask):
        raise NotImplementedError

    def _update_numba(self, k, p, g, mask):
        raise NotImplementedError

    # --- checkpoints -------------------------------------------------------------------------
    def state_dict(self) -> dict:
        """Copies of the state: arrays as numpy arrays, the step count as an int."""
        out: dict = {"step": int(self.t)}
        for name in self._arrays:
            array = self._state[name]
            if array is not None:
                out[name] = array.copy()
        return out

    def load_state_dict(self, state: dict) -> None:
        """Continue from ``state_dict()`` output. Everything is checked before anything is
        changed, so a refused state leaves the optimizer as it was."""
        expected = ["step", *self._arrays]
        who = repr(self)
        if not isinstance(state, dict):
            raise ValueError(f"{who} state must be a dict with keys {expected}, "
                             f"got {type(state).__name__}")
        unknown = sorted(set(state) - set(expected))
        if unknown:
            raise ValueError(f"{who} state has unexpected entries {unknown}; it keeps {expected}")
        if "step" not in state:
            raise ValueError(f"{who} state lacks 'step'")
        step = state["step"]
        if isinstance(step, np.ndarray) and step.ndim == 0:
            step = step.item()  # a scalar that travelled through an .npz
        if isinstance(step, (bool, np.bool_)) or not isinstance(step, (int, np.integer)) \
                or step < 0:
            raise ValueError(f"{who} state 'step' must be a whole number >= 0, got {step!r}")
        arrays: dict[str, np.ndarray | None] = {}
        sizes: dict[str, int] = {}
        for name in self._arrays:
            if name not in state:
                if step > 0:
                    # Zeros in its place would silently restart the moments mid-run.
                    raise ValueError(f"{who} state at step {step} lacks the array {name!r}")
                arrays[name] = None
                continue
            try:
                arr = np.array(state[name], dtype=np.float64).reshape(-1)  # a copy: ours now
            except (TypeError, ValueError):
                raise ValueError(f"{who} state {name!r} must be an array of numbers") from None
            arrays[name] = arr
            sizes[name] = arr.size
        if len(set(sizes.values())) > 1:
            raise ValueError(f"{who} state arrays differ in size: {sizes}")
        self.t = int(step)
        self._state = arrays


class SGD(Optimizer):
    """Gradient descent; with ``momentum`` the heavy ball, with ``nesterov`` Nesterov's."""

    name = "SGD"
    _arrays: tuple[str, ...] = ("velocity",)

    def __init__(self, lr, momentum=0.0, nesterov=False, weight_decay=0.0, engine=None):
        self.momentum = _number("momentum", momentum, low=0.0, high=1.0, high_open=True)
        self.nesterov = bool(nesterov)
        if self.nesterov and self.momentum == 0:
            raise ValueError("nesterov=True needs a momentum > 0")
        self.weight_decay = _number("weight_decay", weight_decay, low=0.0)
        # Plain gradient descent keeps no state: a velocity of zeros would be drawn as one.
        self._arrays = ("velocity",) if self.momentum else ()
        super().__init__(lr, engine)

    def hyperparameters(self):
        return {"lr": self.lr, "momentum": self.momentum, "nesterov": self.nesterov,
                "weight_decay": self.weight_decay}

    def _update_numpy(self, p, g, mask):
        optim_numpy.sgd(p, g, self._state.get("velocity", _NO_STATE), self.lr, self.momentum,
                        self.nesterov, self.weight_decay, mask)

    def _update_numba(self, k, p, g, mask):
        k.sgd(p, g, self._state.get("velocity", _NO_STATE), self.lr, self.momentum,
              self.nesterov, self.weight_decay, mask)


class AdaGrad(Optimizer):
    """Per-parameter step sizes that shrink with the sum of past squared gradients."""

    name = "AdaGrad"
    _arrays = ("sum_sq",)

    def __init__(self, lr, eps=1e-10, engine=None):
        self.eps = _number("eps", eps, low=0.0, low_open=True)
        super().__init__(lr, engine)

    def hyperparameters(self):
        return {"lr": self.lr, "eps": self.eps}

    def _update_numpy(self, p, g, mask):
        optim_numpy.adagrad(p, g, self._state["sum_sq"], self.lr, self.eps, mask)

    def _update_numba(self, k, p, g, mask):
        k.adagrad(p, g, self._state["sum_sq"], self.lr, self.eps, mask)


class RMSProp(Optimizer):
    """Per-parameter step sizes from a moving average of squared gradients."""

    name = "RMSProp"

    def __init__(self, lr, alpha=0.99, eps=1e-8, momentum=0.0, engine=None):
        self.alpha = _number("alpha", alpha, low=0.0, high=1.0, high_open=True)
        self.eps = _number("eps", eps, low=0.0, low_open=True)
        self.momentum = _number("momentum", momentum, low=0.0, high=1.0, high_open=True)
        self._arrays = ("sq_avg", "velocity") if self.momentum else ("sq_avg",)
        super().__init__(lr, engine)

    def hyperparameters(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps, "momentum": self.momentum}

    def _update_numpy(self, p, g, mask):
        optim_numpy.rmsprop(p, g, self._state["sq_avg"], self._state.get("velocity", _NO_STATE),
                            self.lr, self.alpha, self.eps, self.momentum, mask)

    def _update_numba(self, k, p, g, mask):
        k.rmsprop(p, g, self._state["sq_avg"], self._state.get("velocity", _NO_STATE), self.lr,
                  self.alpha, self.eps, self.momentum, mask)


class Adam(Optimizer):
    """Momentum on the gradient (m) and per-parameter scaling by its RMS (v)."""

    name = "Adam"
    _arrays = ("m", "v")
    _decoupled = False

    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8, bias_correction=True, engine=None,
                 weight_decay=0.0):
        try:
            b1, b2 = betas
        except (TypeError, ValueError):
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}") from None
        self.betas = (_number("betas[0]", b1, low=0.0, high=1.0, high_open=True),
                      _number("betas[1]", b2, low=0.0, high=1.0, high_open=True))
        self.eps = _number("eps", eps, low=0.0, low_open=True)
        self.bias_correction = bool(bias_correction)
        self.weight_decay = _number("weight_decay", weight_decay, low=0.0)
        if self.weight_decay and not self._decoupled:
            # Accepted as a keyword only to say this: L2 inside Adam is what AdamW fixes.
            raise ValueError("weight_decay: Adam has none here; use AdamW (decoupled decay)")
        super().__init__(lr, engine)

    def hyperparameters(self):
        out = {"lr": self.lr, "betas": list(self.betas), "eps": self.eps,
               "bias_correction": self.bias_correction}
        if self._decoupled:
            out["weight_decay"] = self.weight_decay
        return out

    def _args(self) -> tuple[float, float, float, float, float, bool, float]:
        return (self.lr, self.betas[0], self.betas[1], self.eps, float(self.t),
                self.bias_correction, self.weight_decay if self._decoupled else 0.0)

    def _update_numpy(self, p, g, mask):
        optim_numpy.adam(p, g, self._state["m"], self._state["v"], *self._args(), mask)

    def _update_numba(self, k, p, g, mask):
        k.adam(p, g, self._state["m"], self._state["v"], *self._args(), mask)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter)."""

    name = "AdamW"
    _decoupled = True

    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, bias_correction=True,
                 engine=None):
        super().__init__(lr, betas, eps, bias_correction, engine, weight_decay=weight_decay)


OPTIMIZERS = {"sgd": SGD, "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam, "adamw": AdamW}


def make_optimizer(name: str, **hyperparameters) -> Optimizer:
    """Build an optimizer by name, e.g. make_optimizer("adam", lr=0.01)."""
    return build_named("optimizer", OPTIMIZERS, name, hyperparameters)


def from_config(config: dict) -> Optimizer:
    """The inverse of ``Optimizer.to_config()``: {"name": "adam", "lr": 0.01, ...}."""
    return build_from_config("optimizer", OPTIMIZERS, config, make_optimizer)
