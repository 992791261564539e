"""Checkpoints: a .npz of plain arrays plus one JSON metadata entry. Never a pickle.

Layout of the archive (format version 2; version 1 files load too):
  meta                 uint8 array holding UTF-8 JSON (format, versions, board shape, step,
                       seed, loss, optimizer name/hyper-parameters/scalar state, batch-order RNG)
  theta                (P, d+1) float64 parameters
  order                int64 batch order of the current epoch
  optimizer.<name>     optimizer state arrays (velocity, moments, ...), P·(d+1) float64 each
  history.<column>     the history's per-step records (its most recent steps)
  bucket.<field>       the history's older steps, in buckets (galton.core.history)
Files are written to a temporary file and renamed, so a crash never leaves half a checkpoint.

Reading is bounded, whatever the file holds (limits in docs/files.md): the file's size, the
number of entries and the size of its zip directory are checked before the directory is read;
every entry must be one of the names above; the metadata is read first and every other entry's
declared size and array shape are checked against its board before a byte of it is
decompressed; what is read never exceeds what was declared. A 4 MB file that would expand to
4 GB is refused in milliseconds.
"""

from __future__ import annotations

import io
import json
import math
import platform
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from galton.core import limits
from galton.core.files import atomic_path
from galton.core.history import BUCKET_EXTRAS, COLUMNS, History
from galton.core.losses import LOSSES
from galton.kernels import ENGINES

FORMAT = "galton-checkpoint"
VERSION = 2
#: Optimizer state arrays any galton optimizer keeps (galton.core.optim).
OPTIMIZER_ARRAYS = ("velocity", "sum_sq", "sq_avg", "m", "v")


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
    buckets, records = trainer.history.parts()
    for key, value in records.items():
        arrays[f"history.{key}"] = value
    if len(buckets["step"]):
        for key, value in buckets.items():
            arrays[f"bucket.{key}"] = value
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
        "loss_reference": state["loss_reference"],
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    # Built in memory first: a zip needs a file whose position follows what is written, and a
    # device written through (/dev/null) does not have one. Its size is bounded (the history).
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(buffer.getbuffer())


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
    history: dict = field(default_factory=dict)  # per-step records
    buckets: dict = field(default_factory=dict)  # older steps (empty: none)

    @property
    def step(self) -> int:
        return int(self.meta["step"])

    def board(self, **kwargs):
        """A new Board with the checkpoint's shape and parameters."""
        from galton.core.board import Board

        return Board.from_spec(self.meta["board"], theta=self.theta, **kwargs)

    def make_history(self) -> History:
        """A new History holding the checkpoint's (an empty one if it has none)."""
        rows = self.meta["board"]["rows"]
        if not self.history:
            return History(rows)
        return History.from_parts(rows, self.buckets or None, self.history)

    def _fail(self, problem: str):
        raise CheckpointError(f"checkpoint {str(self.path)!r}: {problem}")

    def apply_to(self, trainer) -> None:
        """Continue ``trainer`` from this checkpoint. Everything is checked before anything
        changes: a CheckpointError leaves the trainer exactly as it was."""
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
        state = dict(self.optimizer_state)
        state.update(self.meta["optimizer"]["scalars"])
        try:
            trainer.load_state({
                "step": self.step, "theta": self.theta, "optimizer": state,
                "lr": self.meta["lr"], "rng": self.meta["rng"], "order": self.order,
                "cursor": self.meta["cursor"], "loss_reference": self.meta.get("loss_reference"),
            }, history=self.make_history())
        except (KeyError, ValueError, TypeError) as exc:
            self._fail(f"it does not fit this trainer: {exc}")
        trainer.timeline.truncate(-1)
        trainer.timeline.offer(trainer)


# --- reading ---------------------------------------------------------------------------------
def load_checkpoint(path) -> Checkpoint:
    """Read a checkpoint with clear errors (missing, truncated, pickled, foreign, too large,
    damaged metadata), never reading more than its board needs."""
    path = Path(path)
    where = f"checkpoint {str(path)!r}"
    try:
        with _open_archive(path, where) as archive:
            return _read(archive, path, where)
    except CheckpointError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError) as exc:
        raise CheckpointError(f"{where}: the file is truncated or damaged ({exc})") from None


def _open_archive(path: Path, where: str) -> zipfile.ZipFile:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise CheckpointError(f"{where}: not a file")
        with open(path, "rb") as fh:
            head = fh.read(4)
            fh.seek(max(0, size - (65_535 + 22)))
            tail = fh.read()
    except FileNotFoundError:
        raise CheckpointError(f"{where}: file not found") from None
    except OSError as exc:
        raise CheckpointError(f"{where}: cannot be read ({exc.strerror})") from None
    if size > limits.MAX_CHECKPOINT_BYTES:
        raise CheckpointError(f"{where}: {size:,} bytes is more than a checkpoint may be "
                              f"({limits.MAX_CHECKPOINT_BYTES:,})")
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        raise CheckpointError(f"{where}: it is a pickled Python object, not a checkpoint; "
                              "galton never loads pickles (they can run arbitrary code)")
    end = tail.rfind(b"PK\x05\x06")
    if head == b"PK\x03\x04" and (end < 0 or len(tail) < end + 22):
        raise CheckpointError(f"{where}: the file is truncated or damaged (its zip directory "
                              "is missing)")
    if head[:2] != b"PK" or end < 0 or len(tail) < end + 22:
        raise CheckpointError(f"{where}: not a .npz archive (a galton checkpoint is a zip of "
                              ".npy arrays); is it the right file?")
    entries, directory = struct.unpack("<H", tail[end + 10:end + 12])[0], struct.unpack(
        "<I", tail[end + 12:end + 16])[0]
    if entries > limits.MAX_CHECKPOINT_ENTRIES or directory > limits.MAX_CHECKPOINT_DIRECTORY:
        raise CheckpointError(f"{where}: its archive lists {entries} entries; a checkpoint has "
                              f"at most {limits.MAX_CHECKPOINT_ENTRIES}")
    return zipfile.ZipFile(path)


def _allowed(key: str) -> bool:
    prefix, _, rest = key.partition(".")
    if not rest:
        return key in ("meta", "theta", "order")
    if prefix == "optimizer":
        return rest in OPTIMIZER_ARRAYS
    if prefix == "history":
        return rest in COLUMNS or rest == "grad_norm_per_row"
    if prefix == "bucket":
        return rest in COLUMNS or rest == "grad_norm_per_row" or rest in BUCKET_EXTRAS
    return False


def _entries(archive: zipfile.ZipFile, where: str) -> dict:
    out = {}
    for info in archive.infolist():
        name = info.filename
        key = name[:-4] if name.endswith(".npy") else None
        if key is None or not _allowed(key):
            raise CheckpointError(f"{where}: unknown entry {name!r}; a checkpoint holds meta, "
                                  "theta, order, optimizer.*, history.* and bucket.* arrays")
        if key in out:
            raise CheckpointError(f"{where}: the entry {name!r} appears twice")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or \
                info.flag_bits & 0x1:
            raise CheckpointError(f"{where}: the entry {name!r} is encrypted or compressed in "
                                  "a way numpy never writes")
        out[key] = info
    return out


def _read(archive: zipfile.ZipFile, path: Path, where: str) -> Checkpoint:
    infos = _entries(archive, where)
    if "meta" not in infos:
        raise CheckpointError(f"{where}: not a galton checkpoint (no 'meta' entry)")
    raw = _read_array(archive, infos["meta"], where, "meta", kinds="u", itemsize=1,
                      shape=lambda s: len(s) == 1 and s[0] <= limits.MAX_CHECKPOINT_META,
                      expected=f"UTF-8 JSON bytes, at most {limits.MAX_CHECKPOINT_META:,}")
    try:
        meta = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        problem = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise CheckpointError(f"{where}: its metadata is damaged ({problem})") from None
    check_meta(meta, where)
    rows, features = meta["board"]["rows"], meta["board"]["features"]
    pegs = rows * (rows + 1) // 2
    size = pegs * (features + 1)
    declared = sum(info.file_size for info in infos.values())
    if declared > limits.MAX_CHECKPOINT_DECOMPRESSED:
        raise CheckpointError(f"{where}: its entries would expand to {declared:,} bytes; a "
                              f"checkpoint may hold at most "
                              f"{limits.MAX_CHECKPOINT_DECOMPRESSED:,}")
    if "theta" not in infos:
        raise CheckpointError(f"{where}: no 'theta' parameters")
    theta = _read_array(archive, infos["theta"], where, "theta", kinds="f", itemsize=8,
                        shape=lambda s: s == (pegs, features + 1),
                        expected=f"float64 of shape {(pegs, features + 1)} for its board")
    if not np.all(np.isfinite(theta)):
        raise CheckpointError(f"{where}: 'theta' holds nan or inf")
    if not _cups(meta["board"]):
        raise CheckpointError(f"{where}: metadata field 'board' must give cups 2..{rows + 1} and "
                              f"bin_to_cup, {rows + 1} cup numbers (one per bin), got "
                              f"{meta['board']!r}"[:300])
    order = np.zeros(0, np.int64)
    if "order" in infos:
        order = _read_array(archive, infos["order"], where, "order", kinds="iu", itemsize=8,
                            shape=lambda s: len(s) == 1 and s[0] <= limits.MAX_BALLS,
                            expected=f"whole numbers, at most {limits.MAX_BALLS:,} of them")
    optimizer = {}
    for key in sorted(k for k in infos if k.startswith("optimizer.")):
        optimizer[key.split(".", 1)[1]] = _read_array(
            archive, infos[key], where, key, kinds="f", itemsize=8,
            shape=lambda s: math.prod(s) == size and len(s) <= 2,
            expected=f"float64 holding {size} numbers (one per parameter)")
    history = _read_table(archive, infos, where, "history", rows, limits.MAX_HISTORY_RECORDS,
                          meta["step"])
    buckets = _read_table(archive, infos, where, "bucket", rows, limits.MAX_HISTORY_BUCKETS,
                          meta["step"])
    if history and buckets and len(buckets["step"]) and len(history["step"]) and \
            buckets["step"][-1] >= history["step"][0]:
        raise CheckpointError(f"{where}: the history's buckets overlap its per-step records")
    return Checkpoint(path=path, meta=meta, theta=theta, order=order.astype(np.int64),
                      optimizer_state=optimizer, history=history, buckets=buckets)


def _read_table(archive, infos, where, prefix, rows, most, last_step) -> dict:
    """The history's per-step part ("history") or its buckets ("bucket"): every column of
    one length, with the dtypes History keeps. {} if the file has none."""
    keys = {k.split(".", 1)[1] for k in infos if k.startswith(prefix + ".")}
    if not keys:
        return {}
    needed = set(COLUMNS) | {"grad_norm_per_row"} | (set(BUCKET_EXTRAS) if prefix == "bucket"
                                                      else set())
    missing = sorted(needed - keys)
    if missing:
        raise CheckpointError(f"{where}: its {prefix} lacks {', '.join(missing)}")
    first = _read_array(archive, infos[f"{prefix}.step"], where, f"{prefix}.step", kinds="iu",
                        itemsize=8, shape=lambda s: len(s) == 1 and s[0] <= most,
                        expected=f"whole numbers, at most {most:,}")
    n = first.size
    out = {"step": first.astype(np.int64)}
    for name in sorted(keys - {"step"}):
        shape: tuple[int, ...]
        if name == "grad_norm_per_row":
            kinds, shape, what = "f", (n, rows), f"float64 of shape {(n, rows)}"
        elif name == "clipped":
            kinds, shape, what = "b", (n,), f"{n} booleans"
        elif name in ("span", "tests", "clips"):
            kinds, shape, what = "iu", (n,), f"{n} whole numbers"
        else:
            kinds, shape, what = "f", (n,), f"{n} float64 numbers"
        out[name] = _read_array(archive, infos[f"{prefix}.{name}"], where, f"{prefix}.{name}",
                                kinds=kinds, itemsize=1 if kinds == "b" else 8,
                                shape=lambda s, shape=shape: s == shape, expected=what)
    steps = out["step"]
    if n and (np.any(np.diff(steps) <= 0) or steps[0] < 0 or steps[-1] > last_step):
        raise CheckpointError(f"{where}: '{prefix}.step' must rise step by step from 0 to at "
                              f"most the checkpoint's step {last_step}")
    if prefix == "bucket" and n and (np.any(out["span"] < 1) or np.any(out["tests"] < 0) or
                                     np.any(out["tests"] > out["span"]) or
                                     np.any(out["clips"] < 0) or
                                     np.any(out["clips"] > out["span"])):
        raise CheckpointError(f"{where}: its buckets' spans and counts do not add up")
    for name in ("span", "tests", "clips"):
        if name in out:
            out[name] = out[name].astype(np.int64)
    return out


def _read_array(archive, info, where, key, *, kinds, itemsize, shape, expected) -> np.ndarray:
    """One .npy entry, refused before its data is decompressed if its declared size, dtype or
    shape is not ``expected``; never reads beyond what it declared."""
    fmt = np.lib.format
    limit = 65_536 + 16  # numpy's largest header, with its magic
    with archive.open(info) as fp:
        version = fmt.read_magic(fp)
        if version == (1, 0):
            shape_, fortran, dtype = fmt.read_array_header_1_0(fp, max_header_size=limit)
        elif version in ((2, 0), (3, 0)):
            shape_, fortran, dtype = fmt.read_array_header_2_0(fp, max_header_size=limit)
        else:
            raise CheckpointError(f"{where}: '{key}' is not a .npy array this galton reads")
        if dtype.hasobject:
            raise CheckpointError(f"{where}: '{key}' holds a pickled Python object; galton never "
                                  "loads pickles (they can run arbitrary code)")
        if dtype.kind not in kinds or dtype.itemsize != itemsize or dtype.fields is not None \
                or not shape(tuple(shape_)):
            raise CheckpointError(f"{where}: '{key}' must be {expected}, got {dtype} "
                                  f"{tuple(shape_)}")
        count = math.prod(shape_)
        if info.file_size > count * itemsize + limit:
            raise CheckpointError(f"{where}: '{key}' declares {info.file_size:,} bytes for "
                                  f"{count * itemsize:,} bytes of data")
        out = np.empty(count, dtype=dtype)
        view = out.data.cast("B")
        got = 0
        while got < view.nbytes:
            n = fp.readinto(view[got:])
            if not n:
                raise CheckpointError(f"{where}: '{key}' is truncated")
            got += n
        fp.read(1)  # reach the end of the entry: zipfile checks its CRC there
    return out.reshape(shape_, order="F" if fortran else "C").astype(
        dtype.newbyteorder("=") if dtype.byteorder not in "=|" else dtype, copy=False)


# --- metadata ------------------------------------------------------------------------------
def _whole(value, low=None, high=None) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and (
        low is None or value >= low) and (high is None or value <= high)


def _number(value, low=None) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(
        value) and (low is None or value >= low)


def _config_or_none(value) -> bool:
    return value is None or (isinstance(value, dict) and isinstance(value.get("name"), str))


def _board(value) -> bool:
    return (isinstance(value, dict) and _whole(value.get("rows"), 1, limits.MAX_ROWS)
            and _whole(value.get("features"), 1, limits.MAX_FEATURES))


def _cups(board) -> bool:
    rows, cups, bins = board["rows"], board.get("cups"), board.get("bin_to_cup")
    return (_whole(cups, 2, rows + 1) and isinstance(bins, list) and len(bins) == rows + 1
            and all(_whole(b, 0, cups - 1) for b in bins))


def _setting(value) -> bool:
    """A hyper-parameter: a number, true/false, or a short list of numbers (Adam's betas)."""
    if isinstance(value, list):
        return len(value) <= 8 and all(_number(v) for v in value)
    return isinstance(value, bool) or _number(value)


def _optimizer(value) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("name"), str)
            and isinstance(value.get("hyperparameters"), dict)
            and all(_setting(v) for v in value["hyperparameters"].values())
            and isinstance(value.get("scalars"), dict)
            and all(_number(v) for v in value["scalars"].values()))


#: Every metadata field: (check, the form expected, required).
META_FIELDS = {
    "version": (lambda v: _whole(v, 1), "a whole number >= 1", True),
    "board": (_board, f"{{rows 1..{limits.MAX_ROWS}, features 1..{limits.MAX_FEATURES}, "
                      "cups, bin_to_cup}", True),
    "step": (lambda v: _whole(v, 0), "a whole number >= 0", True),
    "seed": (lambda v: _whole(v, 0), "a whole number >= 0", False),
    "loss": (lambda v: v in LOSSES, " or ".join(LOSSES), False),
    "batch_size": (lambda v: v is None or _whole(v, 1), "null or a whole number >= 1", False),
    # Its sign is checked by Trainer.load_state (the last field it checks).
    "lr": (_number, "a finite number", True),
    "optimizer": (_optimizer, "{name, hyperparameters: {name: number or list of numbers}, "
                              "scalars: {name: number}}", True),
    "schedule": (_config_or_none, "null or {name, ...}", False),
    "clip": (_config_or_none, "null or {name, ...}", False),
    "rng": (lambda v: isinstance(v, dict), "a table (the random generator's state)", True),
    "cursor": (lambda v: _whole(v, 0), "a whole number >= 0", True),
    "engine": (lambda v: v in ENGINES, " or ".join(ENGINES), False),
    "loss_reference": (lambda v: v is None or _number(v, 0.0), "null or a number >= 0", False),
}


def check_meta(meta, where: str) -> None:
    """Every field of a checkpoint's metadata has the expected form (CheckpointError naming
    the first one that does not)."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CheckpointError(f"{where}: not a galton checkpoint (format is "
                              f"{meta.get('format') if isinstance(meta, dict) else meta!r})")
    version = meta.get("version", 0)
    if _whole(version) and version > VERSION:
        raise CheckpointError(f"{where}: written by a newer galton (format version "
                              f"{version}; this galton reads up to {VERSION})")
    for key, (check, expected, required) in META_FIELDS.items():
        if key not in meta:
            if required:
                raise CheckpointError(f"{where}: metadata lacks the field {key!r}")
            continue
        if not check(meta[key]):
            shown = repr(meta[key])
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            raise CheckpointError(f"{where}: metadata field {key!r} must be {expected}, got "
                                  f"{shown}")
