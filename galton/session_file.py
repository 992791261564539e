"""One file to share a session: ``.galton`` — and the copy of a session that the exporter,
"Save" and "Show as script" can trust.

A ``.galton`` file is a zip archive (never a pickle) of:

  mimetype                  "application/x-galton-session", stored first and uncompressed
                            (so the desktop recognises the file, as OpenDocument does)
  session.toml              format, version, the scenario, where the balls came from, the
                            board's drop stream, a divergence, the lesson's progress
  checkpoint.npz            the trainer, as galton.core.checkpoint writes it: pegs, optimizer
                            state, step, batch order and its random stream, history
  data/{all,train,test}_{X,y}.npy   the balls (always: a file must not depend on a CSV or a
                            generator elsewhere)
  lesson/NAME.npy           the lesson's values that are arrays
  lesson/lesson.toml        the lesson's own file, when it is written as data (so a student
                            who gets the .galton file gets the lesson too)

Reading is bounded (file, entry count and sizes; arrays of plain numbers only) and checked
before anything changes: a damaged file or one from a newer galton raises SessionFileError
naming the file and the problem, and the session is left as it was. Written atomically.

:class:`SessionState` is the same content in memory: ``capture(session)`` takes it,
``state.apply_to(session)`` puts it into a session (everything built first, then swapped in),
which is how ``Session.copy()`` carries balls given by ``use_data``/``add_cup`` along.
"""

from __future__ import annotations

import copy as copying
import io
import json
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from galton.core import scenario as scenarios
from galton.core.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from galton.core.datasets import Dataset
from galton.core.files import atomic_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import tomli_w

FORMAT = "galton-session"
VERSION = 1
MIME = "application/x-galton-session"
SUFFIX = ".galton"
#: Reading limits: a session of a 512-row board with a million balls fits well inside them.
MAX_FILE = 2 << 30
MAX_ENTRIES = 4096
MAX_ENTRY = 1 << 30
MAX_TOTAL = 2 << 30
MAX_MANIFEST = 8 << 20
MAX_LESSON_FILE = 1 << 20  # as galton.lessons.data.reader.MAX_BYTES (this layer cannot see it)
DATA_SOURCES = ("scenario", "use_data", "add_cup")


class SessionFileError(ValueError):
    """A .galton file that cannot be used; names the file and the problem."""


@dataclass
class SessionState:
    """Everything that makes a session what it is, as independent copies."""

    scenario: dict                     # the scenario's tables
    scenario_path: str | None
    source: str                        # where the balls came from: DATA_SOURCES
    data: Dataset
    train: Dataset
    test: Dataset | None
    board_spec: dict
    board_rng: dict
    trainer: dict | None = None        # Trainer.state() (a copy), or None with a checkpoint
    history: dict | None = None
    checkpoint: object = None          # a loaded galton.core.checkpoint.Checkpoint
    diverged: tuple | None = None      # (step, reason)
    lesson: dict | None = None         # LessonRun.progress(), plain values only
    skipped: list = field(default_factory=list)   # lesson values a file cannot hold

    def apply_to(self, session) -> None:
        """Make ``session`` this state: everything is built and checked first, then swapped
        in at once, then the views are told (data, board, params, settings, trained)."""
        from galton.core.board import Board

        where = self.scenario_path or "session"
        scenario = scenarios.from_dict(copying.deepcopy(self.scenario), where)
        scenario.path = Path(self.scenario_path) if self.scenario_path else None
        board = Board.from_spec(self.board_spec)
        board._rng.bit_generator.state = self.board_rng  # its drops continue the same stream
        trainer = session._make_trainer(scenario, board, self.train, self.test)
        if self.checkpoint is not None:
            self.checkpoint.apply_to(trainer)  # checks the board, optimizer and batch order
        else:
            from galton.core.history import History

            trainer.load_state(self.trainer)
            trainer.history = History.from_arrays(board.rows, self.history)
            trainer.timeline.truncate(-1)
            trainer.timeline.offer(trainer)
        if self.diverged is not None:
            from galton.core.trainer import Diverged

            trainer.diverged = Diverged(int(self.diverged[0]), str(self.diverged[1]))
            trainer.status = "diverged"
        _swap(session, scenario, self.data, self.train, self.test, board, trainer,
              None if self.source == "scenario" else self.source)


def _swap(session, scenario, data, train, test, board, trainer, origin) -> None:
    session.scenario = scenario
    session.data, session.train_set, session.test_set = data, train, test
    session.board, session.trainer = board, trainer
    session.data_origin = origin
    session.last_drop = None
    for name in ("data", "board", "params"):
        session.events.emit(name, session)
    session.events.emit("settings", session, "*")
    session.events.emit("trained", session, None)


def capture(session, lesson=None) -> SessionState:
    """The session's state now, as copies (``lesson``: a LessonRun, or its progress)."""
    trainer = session.trainer
    diverged = trainer.diverged
    progress = lesson.progress() if hasattr(lesson, "progress") else lesson
    return SessionState(
        scenario=copying.deepcopy(session.scenario.values),
        scenario_path=None if session.scenario.path is None else str(session.scenario.path),
        source=getattr(session, "data_origin", None) or "scenario",
        data=session.data, train=session.train_set, test=session.test_set,
        board_spec=session.board.spec(),
        board_rng=copying.deepcopy(session.board._rng.bit_generator.state),
        trainer=trainer.state(), history=trainer.history.as_arrays(),
        diverged=None if diverged is None else (diverged.step, diverged.reason),
        lesson=copying.deepcopy(progress) if progress is not None else None)


def copy_session(session):
    """A new Session that is ``session`` now, sharing nothing that changes: the scenario, the
    balls (also those given by use_data or add_cup), the board with its cups and pegs, the
    optimizer state, the batch order, the history. No subscribers, no lesson."""
    from galton.session import Session

    new = Session()
    capture(session).apply_to(new)
    return new


# --- writing ---------------------------------------------------------------------------------
def save(session, path, lesson=None) -> list:
    """Write ``session`` (and ``lesson``'s progress) to ``path`` atomically. Returns the names
    of lesson values a file cannot hold (objects other than numbers, text and arrays)."""
    state = capture(session, lesson)
    manifest = {"format": FORMAT, "version": VERSION, "galton": _version(),
                "scenario": state.scenario, "data": _data_meta(state),
                "board": {"rng": json.dumps(state.board_rng)}}
    if state.scenario_path:
        manifest["scenario_path"] = state.scenario_path
    if state.diverged is not None:
        manifest["diverged"] = {"step": int(state.diverged[0]), "reason": state.diverged[1]}
    arrays = _data_arrays(state)
    skipped, texts = [], {}
    if state.lesson is not None:
        manifest["lesson"], lesson_arrays, skipped = _lesson_out(state.lesson)
        arrays.update(lesson_arrays)
        texts = _lesson_file(state.lesson)
    with tempfile.TemporaryDirectory() as folder:
        checkpoint = Path(folder) / "checkpoint.npz"
        save_checkpoint(checkpoint, session.trainer)
        with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr("mimetype", MIME, compress_type=zipfile.ZIP_STORED)
            zf.writestr("session.toml", tomli_w.dumps(_toml_safe(manifest)),
                        compress_type=zipfile.ZIP_DEFLATED)
            zf.write(checkpoint, "checkpoint.npz", compress_type=zipfile.ZIP_DEFLATED)
            for name, text in texts.items():
                zf.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
                zf.writestr(name, buffer.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
    return skipped


def _version() -> str:
    import galton

    return galton.__version__


def _data_meta(state) -> dict:
    d = state.data
    return {"source": state.source, "name": d.name, "feature_names": list(d.feature_names),
            "class_names": list(d.class_names),
            "class_colors": [list(map(int, c)) for c in d.class_colors],
            "test": state.test is not None}


def _data_arrays(state) -> dict:
    out = {}
    for part, ds in (("all", state.data), ("train", state.train), ("test", state.test)):
        if ds is not None:
            out[f"data/{part}_X.npy"], out[f"data/{part}_y.npy"] = ds.X, ds.y
    return out


def _lesson_file(progress: dict) -> dict:
    """{"lesson/lesson.toml": its bytes} for a lesson written as data whose file is here."""
    file = progress.get("file") or ""
    try:
        if file and Path(file).is_file() and Path(file).stat().st_size <= MAX_LESSON_FILE:
            return {"lesson/lesson.toml": Path(file).read_bytes()}
    except OSError:
        pass
    return {}


def _lesson_out(progress: dict):
    """(the [lesson] table, arrays, names skipped) of a LessonRun's progress."""
    values, arrays, skipped = {}, {}, []
    for name, value in progress.get("values", {}).items():
        if name.startswith("_"):
            continue  # the lesson's own bookkeeping (objects of this process)
        plain = _plain(value)
        if plain is not None:
            values[name] = plain
        elif isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            arrays[f"lesson/{name}.npy"] = value
        else:
            skipped.append(name)
    params = {k: _plain(v) for k, v in progress.get("params", {}).items()
              if _plain(v) is not None}
    table = {"lesson": str(progress["lesson"]), "file": str(progress.get("file", "")),
             "lang": str(progress.get("lang", "en")), "index": int(progress.get("index", 0)),
             "done": [str(k) for k in progress.get("done", ())], "params": params,
             "values": values, "skipped": skipped}
    return table, arrays, skipped


def _plain(value):
    """A TOML-able number, text or flag (numpy scalars included), a list of them or a table
    of them by name; None for anything else."""
    if isinstance(value, (list, tuple)):
        items = [_scalar(v) for v in value]
        return None if any(v is None for v in items) else items
    if isinstance(value, dict):
        items = {k: _scalar(v) for k, v in value.items()}
        if all(isinstance(k, str) for k in items) and None not in items.values():
            return items
        return None
    return _scalar(value)


def _scalar(value):
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value) if abs(int(value)) < 2 ** 63 else None
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, str):
        return value
    return None


def _toml_safe(value):
    if isinstance(value, dict):
        return {k: _toml_safe(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_toml_safe(v) for v in value]
    return value


# --- reading ---------------------------------------------------------------------------------
def read(path) -> SessionState:
    """The session in ``path``, checked; nothing is changed anywhere."""
    path = Path(path)
    where = str(path)
    entries = _read_entries(path)
    mime = entries.get("mimetype", b"").decode("utf-8", "replace")
    if "session.toml" not in entries:
        raise SessionFileError(f"{where}: not a galton session file (no session.toml"
                               f"{'' if mime else '; not made by galton'})")
    if len(entries["session.toml"]) > MAX_MANIFEST:
        raise SessionFileError(f"{where}: session.toml is too large")
    try:
        manifest = tomllib.loads(entries["session.toml"].decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SessionFileError(f"{where}: session.toml is damaged ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise SessionFileError(f"{where}: not a galton session file (format "
                               f"{manifest.get('format')!r})")
    version = manifest.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SessionFileError(f"{where}: session.toml version must be a whole number, got "
                               f"{version!r}")
    if version > VERSION:
        raise SessionFileError(f"{where}: written by a newer galton "
                               f"({manifest.get('galton', '?')}, session file format {version}); "
                               f"this galton {_version()} reads format {VERSION}. Update galton "
                               f"to open it")
    try:
        return _state(path, manifest, entries)
    except SessionFileError:
        raise
    except (KeyError, TypeError, ValueError, json.JSONDecodeError) as exc:
        what = f"lacks {exc}" if isinstance(exc, KeyError) else str(exc)
        raise SessionFileError(f"{where}: damaged: {what}") from None


def _read_entries(path: Path) -> dict:
    """{name: bytes} of the archive, reading no more than the limits allow."""
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SessionFileError(f"{where}: file not found") from None
    except OSError as exc:
        raise SessionFileError(f"{where}: cannot be read ({exc.strerror})") from None
    if size > MAX_FILE:
        raise SessionFileError(f"{where}: {size} bytes, more than a session file may hold "
                               f"({MAX_FILE})")
    out, total = {}, 0
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise SessionFileError(f"{where}: {len(infos)} entries (at most {MAX_ENTRIES})")
            for info in infos:
                if info.file_size > MAX_ENTRY or total + info.file_size > MAX_TOTAL:
                    raise SessionFileError(f"{where}: entry {info.filename!r} is too large "
                                           f"({info.file_size} bytes unpacked)")
                with zf.open(info) as fh:  # read no more than the header claims, plus one
                    raw = fh.read(info.file_size + 1)
                if len(raw) != info.file_size:
                    raise SessionFileError(f"{where}: entry {info.filename!r} is damaged")
                total += len(raw)
                out[info.filename] = raw
    except SessionFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError) as exc:
        raise SessionFileError(f"{where}: the file is damaged or not a galton session file "
                               f"({exc})") from None
    return out


def _array(entries, name, where, kinds="biuf"):
    raw = entries.get(name)
    if raw is None:
        raise SessionFileError(f"{where}: damaged: the entry {name!r} is missing")
    try:
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except ValueError as exc:
        raise SessionFileError(f"{where}: entry {name!r} is not an array of numbers "
                               f"({exc}); galton never loads pickles") from None
    if not isinstance(array, np.ndarray) or array.dtype.kind not in kinds:
        raise SessionFileError(f"{where}: entry {name!r} must hold numbers, got "
                               f"{getattr(array, 'dtype', type(array))}")
    return array


def _state(path, manifest, entries) -> SessionState:
    where = str(path)
    meta = manifest["data"]
    source = meta["source"]
    if source not in DATA_SOURCES:
        raise SessionFileError(f"{where}: [data] source must be one of {DATA_SOURCES}, got "
                               f"{source!r}")

    def dataset(part):
        return Dataset(_array(entries, f"data/{part}_X.npy", where, "biuf"),
                       _array(entries, f"data/{part}_y.npy", where, "iu"),
                       tuple(meta["feature_names"]), tuple(meta["class_names"]),
                       tuple(tuple(c) for c in meta["class_colors"]), meta["name"])

    scenario = manifest["scenario"]
    scenarios.from_dict(copying.deepcopy(scenario), f"{where}: [scenario]")  # checked now
    with tempfile.TemporaryDirectory() as folder:
        inner = Path(folder) / "checkpoint.npz"
        if "checkpoint.npz" not in entries:
            raise SessionFileError(f"{where}: damaged: the entry 'checkpoint.npz' is missing")
        inner.write_bytes(entries["checkpoint.npz"])
        try:
            checkpoint = load_checkpoint(inner)
        except CheckpointError as exc:
            raise SessionFileError(f"{where}: its checkpoint.npz: "
                                   f"{str(exc).split(': ', 1)[-1]}") from None
    lesson = manifest.get("lesson")
    if lesson is not None:
        lesson = dict(lesson)
        values = dict(lesson.get("values", {}))
        for name in entries:
            if name.startswith("lesson/") and name.endswith(".npy"):
                values[name[7:-4]] = _array(entries, name, where)
        lesson["values"] = values
        if "lesson/lesson.toml" in entries:
            try:
                lesson["file_text"] = entries["lesson/lesson.toml"].decode("utf-8")
            except UnicodeDecodeError:
                raise SessionFileError(f"{where}: damaged: its lesson file is not UTF-8 "
                                       f"text") from None
    diverged = manifest.get("diverged")
    return SessionState(
        scenario=scenario, scenario_path=manifest.get("scenario_path"), source=source,
        data=dataset("all"), train=dataset("train"),
        test=dataset("test") if meta["test"] else None,
        board_spec=checkpoint.meta["board"], board_rng=json.loads(manifest["board"]["rng"]),
        checkpoint=checkpoint,
        diverged=None if diverged is None else (diverged["step"], diverged["reason"]),
        lesson=lesson, skipped=list((lesson or {}).get("skipped", [])))


def load_into(session, path) -> dict | None:
    """Make ``session`` the one saved in ``path`` (nothing changes on error); returns the
    lesson's progress (for galton.lessons.resume) or None."""
    state = read(path)
    try:
        state.apply_to(session)
    except (CheckpointError, ValueError, TypeError, KeyError) as exc:
        raise SessionFileError(f"{path}: damaged: {exc}") from None
    return state.lesson
