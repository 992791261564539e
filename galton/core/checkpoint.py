"""Checkpoints: a .npz of plain arrays plus one JSON metadata entry. Never a pickle.

Layout of the archive:
  meta                 uint8 array holding UTF-8 JSON (format, versions, board shape, step,
                       seed, loss, optimizer name/hyper-parameters/scalar state, batch-order RNG)
  theta                (P, d+1) float64 parameters
  order                int64 batch order of the current epoch
  optimizer.<name>     optimizer state arrays (velocity, moments, ...)
  history.<column>     per-step history columns
Files are written to a temporary file and renamed, so a crash never leaves half a checkpoint.
"""

from __future__ import annotations

import io
import json
import platform
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from galton.core.files import atomic_path

FORMAT = "galton-checkpoint"
VERSION = 1


class CheckpointError(ValueError):
    """A checkpoint file that cannot be used; the message names the file and the problem."""


def _versions() -> dict:
    import numba

    import galton

    return {"galton": galton.__version__, "numpy": np.__version__, "numba": numba.__version__,
            "python": platform.python_version()}


def save_checkpoint(path, trainer) -> None:
    state = trainer.state()
    arrays = {"theta": state["theta"], "order": state["order"]}
    scalars = {}
    for key, value in state["optimizer"].items():
        if isinstance(value, np.ndarray):
            arrays[f"optimizer.{key}"] = value
        else:
            scalars[key] = value.item() if isinstance(value, np.generic) else value
    for key, value in trainer.history.as_arrays().items():
        arrays[f"history.{key}"] = value
    opt = trainer.optimizer
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "versions": _versions(),
        "board": trainer.board.spec(),
        "engine": trainer.board.engine,
        "step": state["step"],
        "seed": trainer.seed,
        "loss": trainer.loss,
        "batch_size": trainer.batch_size,
        "lr": state["lr"],
        "optimizer": {
            "name": getattr(opt, "name", type(opt).__name__),
            "hyperparameters": opt.hyperparameters() if hasattr(opt, "hyperparameters") else {},
            "scalars": scalars,
        },
        "schedule": _config(trainer.schedule),
        "clip": _config(trainer.clip),
        "rng": state["rng"],
        "cursor": state["cursor"],
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    target = Path(path)
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)


def _config(obj):
    if obj is None:
        return None
    return obj.to_config() if hasattr(obj, "to_config") else {"name": type(obj).__name__}


@dataclass
class Checkpoint:
    """A loaded checkpoint. ``apply_to(trainer)`` continues training exactly where it was."""

    path: Path
    meta: dict
    theta: np.ndarray
    order: np.ndarray
    optimizer_state: dict = field(default_factory=dict)
    history: dict = field(default_factory=dict)

    @property
    def step(self) -> int:
        return int(self.meta["step"])

    def board(self, **kwargs):
        """A new Board with the checkpoint's shape and parameters."""
        from galton.core.board import Board

        return Board.from_spec(self.meta["board"], theta=self.theta, **kwargs)

    def _fail(self, problem: str):
        raise CheckpointError(f"checkpoint {str(self.path)!r}: {problem}")

    def apply_to(self, trainer) -> None:
        mine, theirs = trainer.board.spec(), self.meta["board"]
        if mine != theirs:
            self._fail(
                f"it is for a board with rows={theirs['rows']}, features={theirs['features']}, "
                f"cups={theirs['cups']}, bins->cups {theirs['bin_to_cup']}, but this board has "
                f"rows={mine['rows']}, features={mine['features']}, cups={mine['cups']}, "
                f"bins->cups {mine['bin_to_cup']}"
            )
        name = self.meta["optimizer"]["name"]
        current = getattr(trainer.optimizer, "name", type(trainer.optimizer).__name__)
        if name != current:
            self._fail(f"it holds the state of a {name} optimizer, but this trainer uses {current}")
        if self.order.size and (self.order.max() >= trainer.X.shape[0]):
            self._fail(f"its batch order indexes {self.order.max() + 1} balls, but this trainer "
                       f"has {trainer.X.shape[0]}")
        from galton.core.history import History

        state = dict(self.optimizer_state)
        state.update(self.meta["optimizer"]["scalars"])
        try:
            trainer.load_state({
                "step": self.step, "theta": self.theta, "optimizer": state,
                "lr": self.meta["lr"], "rng": self.meta["rng"], "order": self.order,
                "cursor": self.meta["cursor"],
            })
        except (KeyError, ValueError, TypeError) as exc:
            self._fail(f"its optimizer or random state does not fit: {exc}")
        if self.history:
            trainer.history = History.from_arrays(trainer.board.rows, self.history)
        trainer.timeline.truncate(-1)
        trainer.timeline.offer(trainer)


def load_checkpoint(path) -> Checkpoint:
    """Read a checkpoint with clear errors: missing, truncated, pickled, wrong format."""
    path = Path(path)
    where = f"checkpoint {str(path)!r}"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CheckpointError(f"{where}: file not found") from None
    except OSError as exc:
        raise CheckpointError(f"{where}: cannot be read ({exc.strerror})") from None
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except ValueError as exc:
        if "pickle" in str(exc):
            raise CheckpointError(
                f"{where}: it holds a pickled Python object; galton never loads pickles "
                "(they can run arbitrary code)") from None
        raise CheckpointError(f"{where}: not a readable .npz archive ({exc})") from None
    except (zipfile.BadZipFile, EOFError, OSError, KeyError) as exc:
        raise CheckpointError(
            f"{where}: the file is truncated or damaged, or not a .npz archive ({exc})") from None
    if "meta" not in arrays:
        raise CheckpointError(f"{where}: not a galton checkpoint (no 'meta' entry)")
    try:
        meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(f"{where}: its metadata is damaged ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CheckpointError(f"{where}: not a galton checkpoint (format is "
                              f"{meta.get('format') if isinstance(meta, dict) else meta!r})")
    if meta.get("version", 0) > VERSION:
        raise CheckpointError(f"{where}: written by a newer galton (format version "
                              f"{meta['version']}; this galton reads up to {VERSION})")
    for key in ("board", "step", "lr", "rng", "cursor", "optimizer"):
        if key not in meta:
            raise CheckpointError(f"{where}: metadata lacks the field {key!r}")
    if "theta" not in arrays:
        raise CheckpointError(f"{where}: no 'theta' parameters")
    board = meta["board"]
    try:
        rows, features = int(board["rows"]), int(board["features"])
    except (KeyError, TypeError, ValueError):
        raise CheckpointError(
            f"{where}: metadata field 'board' must hold rows and features") from None
    expected = (rows * (rows + 1) // 2, features + 1)
    theta = arrays.pop("theta")
    if theta.shape != expected or theta.dtype != np.float64:
        raise CheckpointError(f"{where}: 'theta' must be float64 of shape {expected} for its "
                              f"board, got {theta.dtype} {theta.shape}")
    if not np.all(np.isfinite(theta)):
        raise CheckpointError(f"{where}: 'theta' holds nan or inf")
    return Checkpoint(
        path=path, meta=meta, theta=theta, order=arrays.pop("order", np.zeros(0, np.int64)),
        optimizer_state={k.split(".", 1)[1]: v for k, v in arrays.items()
                         if k.startswith("optimizer.")},
        history={k.split(".", 1)[1]: v for k, v in arrays.items() if k.startswith("history.")},
    )
