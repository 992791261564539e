"""The Trainer: turns the pegs by gradient descent, one step at a time, and records everything.

A GUI or an exporter follows training through ``iterate``, a generator of Snapshots that can be
abandoned or cancelled between steps. Nothing here raises because training went wrong:
divergence ends training with a ``Diverged`` status, keeps the parameters and optimizer state
from before the update that went wrong, and can be resumed after a change of step size. It is:

* a loss or gradient that is NaN or inf, an update that makes a parameter NaN or inf or pushes
  the parameter norm over ``max_param_norm``;
* a blow-up of the loss: the batch loss jumps above ``BLOWUP_FACTOR`` times its running
  average *and* ``BLOWUP_MARGIN`` above it (cross-entropy only: the MSE of a board is at most
  2). The update that went wrong is the previous step's, so that one is undone;
* saturation: the gradient's norm is exactly 0 in float64 (every entry below ~1e-154: every
  peg certain, before any freezing) while the loss is not 0: the board is stuck and can never
  learn again, which is where a too large step size ends (with MSE, whose loss is at most 2
  and so cannot blow up, it is how it shows).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from galton import kernels
from galton.core.history import History, Snapshot
from galton.core.losses import check_loss
from galton.core.timeline import Timeline
from galton.core.validation import features_array, labels_array, whole_number

#: A cross-entropy batch loss counts as blowing up above max(FACTOR × avg, avg + MARGIN), where
#: avg is its running average (weight 0.1 for the newest batch). A mini-batch of one ball that
#: the board gets confidently wrong stays far below: 20 nats is a probability of 2e-9.
BLOWUP_FACTOR = 10.0
BLOWUP_MARGIN = 20.0
AVERAGE_WEIGHT = 0.1
#: A gradient of exactly 0 with a loss above this is a stuck board (a perfect one has loss 0).
SATURATED_LOSS = 1e-12


@dataclass(frozen=True)
class Diverged:
    """Why and when training stopped diverging."""

    step: int  # the step whose update went wrong (0-based); parameters are those before it
    reason: str

    def __str__(self) -> str:
        return f"diverged at step {self.step}: {self.reason}"


def as_balls(data, board, name: str):
    """(X, y) from a Dataset-like object (with .X and .y) or an (X, y) pair, validated."""
    if data is None:
        return None
    if hasattr(data, "X") and hasattr(data, "y"):
        X, y = data.X, data.y
    else:
        try:
            X, y = data
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a Dataset or an (X, y) pair, "
                             f"got {type(data).__name__}") from None
    X = features_array(X, board.features, f"{name}.X")
    if X.shape[0] == 0:
        hint = " (too few balls to hold some out for testing)" if name == "test" else ""
        raise ValueError(f"{name} must hold at least one ball, got 0{hint}")
    return np.ascontiguousarray(X), labels_array(y, X.shape[0], board.cups, f"{name}.y")


def freeze_mask(board, freeze) -> np.ndarray | None:
    """Boolean (P, d+1) mask of parameters that may move, from ``freeze``:

    None (nothing frozen); a list of row numbers; a boolean array over rows (R,), over pegs (P,)
    or over parameters (P, d+1) where True means frozen.
    """
    if freeze is None:
        return None
    P, width = board.theta.shape
    arr = np.asarray(freeze)
    frozen = np.zeros((P, width), dtype=bool)
    if arr.dtype == bool and arr.shape == (P, width):
        frozen = arr.copy()
    elif arr.dtype == bool and arr.shape == (P,):
        frozen[arr] = True
    elif arr.dtype == bool and arr.shape == (board.rows,):
        for r in np.flatnonzero(arr):
            frozen[board.row_slice(int(r))] = True
    elif arr.ndim == 1 and (arr.size == 0 or arr.dtype.kind in "iu"):
        for r in arr.tolist():
            frozen[board.row_slice(r)] = True
    else:
        raise ValueError(
            f"freeze must be a list of row numbers or a boolean mask of shape ({board.rows},) "
            f"rows, ({P},) pegs or ({P}, {width}) parameters, got {arr.dtype} {arr.shape}"
        )
    return ~frozen


class Trainer:
    """Train ``board`` on ``data`` with ``optimizer``.

    Parameters
    ----------
    board : galton.Board, changed in place.
    data : Dataset or (X, y): the training balls.
    optimizer : a galton.optim optimizer (anything with step(params, grad, mask), lr, reset).
    loss : "cross_entropy" or "mse".
    batch_size : None for full batch; 1 for plain SGD; otherwise mini-batches drawn from a seeded
        shuffle of the balls, epoch after epoch.
    schedule : object with lr_at(step); sets the optimizer's lr before every step.
    clip : object with apply(grad) -> (grad, clipped, norm), e.g. galton.optim.ClipByNorm(1.0).
    freeze : rows or pegs whose parameters must not move (see ``freeze_mask``).
    test : Dataset or (X, y) evaluated every ``test_every`` steps.
    seed : seeds the batch order. Same seed and settings give a bit-identical history.
    max_param_norm : parameters growing beyond this norm count as diverging.
    timeline_every : keep an in-memory checkpoint every this many steps (0: none).
    """

    def __init__(self, board, data, optimizer, *, loss="cross_entropy", batch_size=None,
                 schedule=None, clip=None, freeze=None, test=None, seed=0, test_every=10,
                 max_param_norm=1e6, timeline_every=10, timeline_size=200):
        self.board = board
        self.X, self.y = as_balls(data, board, "data")
        self.test = as_balls(test, board, "test")
        self.loss = check_loss(loss)
        n = self.X.shape[0]
        self.batch_size = None if batch_size is None else whole_number(
            "batch_size", batch_size, low=1, high=n)
        self.optimizer = optimizer
        self.schedule = schedule
        self.clip = clip
        self.mask = freeze_mask(board, freeze)
        self.seed = whole_number("seed", seed, low=0)
        self.test_every = whole_number("test_every", test_every, low=1)
        self.max_param_norm = float(max_param_norm)
        self.history = History(board.rows)
        self.timeline = Timeline(whole_number("timeline_every", timeline_every, low=0),
                                 whole_number("timeline_size", timeline_size, low=2))
        self.step_count = 0
        self.status = "ready"
        self.diverged: Diverged | None = None
        self._cancel = False
        self._rng = np.random.default_rng(self.seed)
        self._order = np.arange(0)
        self._cursor = 0
        self._loss_reference = None  # running average of the batch loss (blow-up detection)
        self._previous = None  # (theta, optimizer state, step) before the last update
        self.timeline.offer(self)

    # --- batches -----------------------------------------------------------------------------
    def _next_batch(self):
        if self.batch_size is None:
            return self.X, self.y
        n = self.X.shape[0]
        if self._cursor >= self._order.size:
            self._order = self._rng.permutation(n)
            self._cursor = 0
        idx = self._order[self._cursor : self._cursor + self.batch_size]
        self._cursor += idx.size
        return self.X[idx], self.y[idx]

    # --- one step ----------------------------------------------------------------------------
    @property
    def lr(self) -> float:
        return float(self.optimizer.lr)

    def step(self) -> Snapshot:
        """Take one step (unless training has diverged) and return the snapshot after it."""
        if self.diverged is not None:
            return self._snapshot(None, "diverged")
        board = self.board
        step = self.step_count
        if self.schedule is not None:
            self.optimizer.lr = float(self.schedule.lr_at(step))
        lr = self.lr
        X, y = self._next_batch()
        value, correct, grad = kernels.evaluate(board.engine, board.theta, X, y, board.rows,
                                                board.cup_layout, self.loss)
        # Before freezing (frozen pegs are not saturated ones). The squares underflow to 0 for
        # entries below ~1e-154: a peg that certain is saturated to float precision.
        saturated = float(np.dot(grad.ravel(), grad.ravel())) == 0.0
        if self.mask is not None:
            grad = np.where(self.mask, grad, 0.0)
        sq = np.sum(grad * grad, axis=1)
        row_norms = np.sqrt(np.add.reduceat(sq, [r * (r + 1) // 2 for r in range(board.rows)]))
        grad_norm = float(np.sqrt(np.sum(sq)))
        test_loss = test_acc = float("nan")
        if self.test is not None and step % self.test_every == 0:
            test_loss, test_acc = self._measure(*self.test)
        reason = _bad_numbers(value, grad_norm)
        undo = None  # the state before the previous update, when that update went wrong
        if reason is None:
            reason = self._blow_up(value, saturated)
            if reason is not None:
                undo = self._previous
        clipped = False
        if reason is None:
            before = board.theta.copy()
            saved_state = self.optimizer.state_dict()
            if self.clip is not None:
                grad, clipped, _ = self.clip.apply(grad)
            self.optimizer.step(board.theta, grad, mask=self.mask)
            reason = _bad_parameters(board.theta, self.max_param_norm)
            if reason is not None:  # keep the last finite parameters and optimizer state
                board.theta[...] = before
                self.optimizer.load_state_dict(saved_state)
            else:
                self._previous = (before, saved_state, step)
        if undo is not None:  # the previous step's update blew up: take it back
            board.theta[...] = undo[0]
            self.optimizer.load_state_dict(undo[1])
            step = self.step_count = undo[2]
            self.history.truncate(step)
            self.timeline.truncate(step)
        record = {
            "step": step, "train_loss": value, "train_accuracy": correct / len(y),
            "test_loss": test_loss, "test_accuracy": test_acc, "lr": lr, "grad_norm": grad_norm,
            "param_norm": float(np.linalg.norm(board.theta)), "clipped": bool(clipped),
        }
        self.history.append(record, row_norms)
        if reason is not None:
            self.diverged = Diverged(step, reason)
            self.status = "diverged"
            self._previous = None
            return self._snapshot(record, "diverged", row_norms)
        ref = self._loss_reference
        self._loss_reference = value if ref is None else ref + AVERAGE_WEIGHT * (value - ref)
        self.step_count += 1
        self.status = "running"
        self.timeline.offer(self)
        return self._snapshot(record, "running", row_norms)

    def _blow_up(self, value: float, saturated: bool) -> str | None:
        """Why the loss ``value`` of this step means training went wrong, or None."""
        ref = self._loss_reference
        if self.loss == "cross_entropy" and ref is not None and value > max(
                BLOWUP_FACTOR * ref, ref + BLOWUP_MARGIN):
            # No "step size too large?" here: the banner and the CLI say what to do.
            return f"the loss blew up from {ref:.4g} to {value:.4g} after this step's update"
        if saturated and value > SATURATED_LOSS:
            return (f"the pegs saturated: the gradient is exactly 0 while the loss is still "
                    f"{value:.4g}, so training cannot go on")
        return None

    def _measure(self, X, y):
        value, correct, _ = kernels.evaluate(self.board.engine, self.board.theta, X, y,
                                             self.board.rows, self.board.cup_layout, self.loss,
                                             want_grad=False)
        return value, correct / len(y)

    def _snapshot(self, record, status, row_norms=None) -> Snapshot:
        if record is None:
            record = {"train_loss": float("nan"), "train_accuracy": float("nan"),
                      "test_loss": float("nan"), "test_accuracy": float("nan"), "lr": self.lr,
                      "grad_norm": float("nan"), "clipped": False}
            row_norms = np.full(self.board.rows, np.nan)
        return Snapshot(
            step=self.step_count, params=self.board.theta.copy(),
            train_loss=record["train_loss"], train_accuracy=record["train_accuracy"],
            test_loss=record["test_loss"], test_accuracy=record["test_accuracy"],
            lr=record["lr"], grad_norm=record["grad_norm"],
            grad_norm_per_row=np.array(row_norms, dtype=np.float64),
            clipped=record["clipped"], status=status, diverged=self.diverged,
        )

    # --- many steps --------------------------------------------------------------------------
    def iterate(self, steps, every=1):
        """Take up to ``steps`` steps, yielding a Snapshot every ``every`` steps and after the
        last one. Stops early (after yielding) on divergence or after ``cancel()``."""
        steps = whole_number("steps", steps, low=0)
        every = whole_number("every", every, low=1)
        self._cancel = False
        snap = None
        for i in range(steps):
            if self._cancel:
                self.status = "cancelled"
                if snap is not None:
                    yield _with_status(snap, "cancelled")
                return
            snap = self.step()
            if snap.status == "diverged":
                yield snap
                return
            if (i + 1) % every == 0 or i + 1 == steps:
                if i + 1 == steps:
                    self.status = "done"
                    snap = _with_status(snap, "done")
                yield snap

    def run(self, steps, every=None, callback=None):
        """Take ``steps`` steps; ``callback(snapshot)`` every ``every`` steps. Returns the
        last snapshot (its ``status`` says whether training finished or diverged)."""
        snap = None
        for snap in self.iterate(steps, every or max(1, steps)):
            if callback is not None:
                callback(snap)
        return snap

    def cancel(self) -> None:
        """Ask a running ``iterate`` to stop before its next step (safe from another thread)."""
        self._cancel = True

    def resume(self) -> None:
        """Clear a divergence so training can continue, e.g. after lowering the step size.
        The parameters are the last finite ones from before the bad step."""
        self.diverged = None
        self.status = "ready"

    # --- looking at the result ---------------------------------------------------------------
    def evaluate(self) -> dict:
        """Loss and accuracy of the current board on the whole training (and test) set."""
        out = dict(zip(("train_loss", "train_accuracy"), self._measure(self.X, self.y),
                       strict=True))
        if self.test is not None:
            out.update(zip(("test_loss", "test_accuracy"), self._measure(*self.test), strict=True))
        return out

    # --- checkpoints -------------------------------------------------------------------------
    def state(self) -> dict:
        """Everything needed to continue bit-for-bit (parameters copied)."""
        return {
            "step": self.step_count,
            "theta": self.board.theta.copy(),
            "optimizer": self.optimizer.state_dict(),
            "lr": self.lr,
            "rng": self._rng.bit_generator.state,
            "order": self._order.copy(),
            "cursor": self._cursor,
            "loss_reference": self._loss_reference,
        }

    def load_state(self, state: dict, history: History | None = None) -> None:
        """Continue from ``state()`` output (the timeline's, or a checkpoint's with its
        ``history``). Every field is checked first: a refused state raises ValueError naming
        the field and leaves parameters, optimizer state, random stream, batch order, history
        and timeline exactly as they were."""
        checked = self._check_state(state, history)
        # Nothing below can fail: the optimizer takes the state a copy of it already took.
        self.board.theta = checked["theta"]
        self.optimizer.load_state_dict(state["optimizer"])
        self.optimizer.lr = checked["lr"]
        self._rng = checked["rng"]
        self._order = checked["order"]
        self._cursor = checked["cursor"]
        self.step_count = checked["step"]
        self._loss_reference = checked["loss_reference"]
        self._previous = None
        if history is not None:
            self.history = history
        self.diverged = None
        self.status = "ready"

    def _check_state(self, state, history) -> dict:
        from galton.core.validation import finite_number

        if not isinstance(state, dict):
            raise ValueError(f"a trainer state must be a dict, got {type(state).__name__}")
        missing = [k for k in ("step", "theta", "optimizer", "lr", "rng", "order", "cursor")
                   if k not in state]
        if missing:
            raise ValueError(f"the trainer state lacks {', '.join(missing)}")
        out = {"step": whole_number("step", state["step"], low=0),
               "theta": self.board.check_theta(state["theta"])}
        probe = copy.deepcopy(self.optimizer)
        probe.load_state_dict(state["optimizer"])
        size = out["theta"].size
        for name, value in probe.state_dict().items():
            if isinstance(value, np.ndarray) and value.size != size:
                raise ValueError(f"optimizer state {name!r} holds {value.size} numbers, but the "
                                 f"board has {size} parameters")
        rng = np.random.default_rng()
        try:
            rng.bit_generator.state = state["rng"]
        except (TypeError, ValueError, KeyError) as exc:
            raise ValueError(f"the random generator's state does not fit a "
                             f"{type(rng.bit_generator).__name__} generator ({exc})") from None
        out["rng"] = rng
        order = np.asarray(state["order"])
        if order.ndim != 1 or (order.size and order.dtype.kind not in "iu"):
            raise ValueError(f"the batch order must be whole ball numbers in one row, got "
                             f"{order.dtype} {order.shape}")
        n = self.X.shape[0]
        if order.size and (order.min() < 0 or order.max() >= n):
            raise ValueError(f"the batch order indexes balls {order.min()}..{order.max()}, but "
                             f"this trainer has balls 0..{n - 1}")
        out["order"] = order.astype(np.int64, copy=True)
        out["cursor"] = whole_number("cursor", state["cursor"], low=0, high=order.size)
        ref = state.get("loss_reference")
        out["loss_reference"] = None if ref is None else finite_number(
            "loss_reference", ref, low=0.0)
        if history is not None and not isinstance(history, History):
            raise ValueError(f"history must be a History, got {type(history).__name__}")
        if history is not None and history.rows != self.board.rows:
            raise ValueError(f"the history is of a board of {history.rows} rows, this one has "
                             f"{self.board.rows}")
        out["lr"] = finite_number("step size (lr)", state["lr"], low=0.0)
        probe.lr = out["lr"]
        return out

    def save_checkpoint(self, path) -> None:
        """Write a .npz checkpoint (arrays + JSON metadata, no pickles), atomically."""
        from galton.core.checkpoint import save_checkpoint

        save_checkpoint(path, self)

    def load_checkpoint(self, path) -> None:
        """Restore parameters, optimizer state, step, batch order and history from ``path``."""
        from galton.core.checkpoint import load_checkpoint

        load_checkpoint(path).apply_to(self)

    def rewind(self, step: int) -> int:
        """Go back to the latest in-memory checkpoint at or before ``step``; returns its step.
        The history after it is dropped, so training continues from there."""
        state = self.timeline.at(step)
        self.load_state(state)
        self.history.truncate(state["step"])
        self.timeline.truncate(state["step"])
        return state["step"]

    def branch(self, step: int, optimizer=None, **changes) -> Trainer:
        """A new Trainer on a copy of the board, started from the in-memory checkpoint at or
        before ``step``; ``changes`` override keyword settings (e.g. schedule, clip)."""
        import copy

        state = self.timeline.at(step)
        settings = {"loss": self.loss, "batch_size": self.batch_size, "schedule": self.schedule,
                    "clip": self.clip, "test": self.test, "seed": self.seed,
                    "test_every": self.test_every, "max_param_norm": self.max_param_norm,
                    "timeline_every": self.timeline.every, "timeline_size": self.timeline.size}
        settings.update(changes)
        mask = self.mask
        new = Trainer(self.board.copy(), (self.X, self.y),
                      optimizer if optimizer is not None else copy.deepcopy(self.optimizer),
                      **settings)
        if "freeze" not in changes:
            new.mask = mask
        if optimizer is None:
            new.load_state(state)
        else:
            new.board.theta = state["theta"]
            new.step_count = state["step"]
        new.history = self.history.copy()
        new.history.truncate(state["step"])
        return new


def _with_status(snap: Snapshot, status: str) -> Snapshot:
    from dataclasses import replace

    return replace(snap, status=status)


def _bad_numbers(value: float, grad_norm: float) -> str | None:
    if not np.isfinite(value):
        return f"the loss became {value}"
    if not np.isfinite(grad_norm):
        return "the gradient has non-finite entries (nan or inf)"
    return None


def _bad_parameters(theta: np.ndarray, limit: float) -> str | None:
    if not np.all(np.isfinite(theta)):
        return "the update made parameters nan or inf — is the step size too large?"
    norm = float(np.linalg.norm(theta))
    if norm > limit:
        return (f"the parameter norm exploded to {norm:.3g} (limit {limit:.3g}) — is the step "
                "size too large?")
    return None
