"""Scripting galton: the names a console or a script starts with, and ``galton run``.

``namespace(session)`` gives the names every script and the console start with:

  ``session``    the Session: change things with ``set``/``turn_peg``, train with ``step``
  ``board``      ``session.board``     (the pegs)
  ``trainer``    ``session.trainer``   (optimizer, history, checkpoints)
  ``data``       ``session.data``      (all the balls; ``session.train_set``/``test_set`` split)
  ``landscape``  the module ``galton.landscape`` (left out while it cannot be imported)
  ``lessons``    the module ``galton.lessons``; ``lesson(name)`` begins one on ``session``
  ``galton``     the package; ``np`` is numpy

The Session rebuilds its board, trainer and balls when a setting, a scenario or a reset asks
for it. ``board``, ``trainer`` and ``data`` are refreshed on the session's ``board``, ``data``
and ``settings`` events, so they always name the session's current objects; a name you assign
yourself is left alone, and a copy you keep (``b = board``) keeps the old object.

``run_script(path)`` runs a Python file in such a namespace: what ``galton run`` does. Nothing
here imports Qt.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path

import numpy as np

import galton

#: The names that follow the session's objects, and where each comes from.
FOLLOWED = {"board": "board", "trainer": "trainer", "data": "data"}


class Follower:
    """Keeps ``board``, ``trainer`` and ``data`` in a namespace pointing at ``session``'s
    current objects. ``close()`` stops following."""

    EVENTS = ("board", "data", "settings")

    def __init__(self, ns: dict, session):
        self.ns, self.session = ns, session
        self._given = {}
        self.refresh()
        for name in self.EVENTS:
            session.events.connect(name, self._on_event)

    def _on_event(self, *args) -> None:
        self.refresh()

    def refresh(self) -> None:
        for name, attribute in FOLLOWED.items():
            current = getattr(self.session, attribute)
            # Only a name that still holds what we put there: the user's own names stay.
            if name not in self.ns or self.ns[name] is self._given.get(name):
                self.ns[name] = current
                self._given[name] = current

    def close(self) -> None:
        for name in self.EVENTS:
            try:
                self.session.events.disconnect(name, self._on_event)
            except ValueError:
                pass
        self.ns = None


def landscape_module():
    """``galton.landscape`` if it can be imported, else None (it is optional here)."""
    try:
        return importlib.import_module("galton.landscape")
    except ImportError:
        return None


def namespace(session=None, into: dict | None = None, **extra) -> dict:
    """The names a script or the console starts with (see the module docstring), written into
    ``into`` (a new dict by default) and kept following ``session``. ``extra`` adds names."""
    from galton.session import Session

    session = Session() if session is None else session
    ns = {} if into is None else into
    ns.setdefault("__name__", "__main__")
    from galton import lessons

    def lesson(name, lang: str = "en"):
        """Begin lesson ``name`` (or its number) on this session; returns the LessonRun:
        ``run.do()`` does a step, ``run.next()`` moves on, ``run.values`` holds its numbers."""
        return lessons.start(name, session, lang)

    ns.update(session=session, galton=galton, np=np, lessons=lessons, lesson=lesson)
    landscape = landscape_module()
    if landscape is not None:
        ns["landscape"] = landscape
    ns.update(extra)
    ns["__galton_follower__"] = Follower(ns, session)
    return ns


def stop_following(ns: dict) -> None:
    follower = ns.pop("__galton_follower__", None)
    if follower is not None:
        follower.close()


# --- galton run ----------------------------------------------------------------------------
class ScriptError(Exception):
    """A script that could not be read, compiled or run to the end. ``report`` is what to
    print (a traceback of the script's own lines, then one line saying what failed) and
    ``exit_code`` the command's exit status."""

    def __init__(self, report: str, exit_code: int = 1):
        super().__init__(report)
        self.report, self.exit_code = report, exit_code


def _script_traceback(exc: BaseException, path: Path) -> tuple[str, int | None]:
    """The traceback from the script's first frame on (the runner's frames say nothing to the
    user), and the line of the script where it failed."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != str(path):
        tb = tb.tb_next
    frames = traceback.extract_tb(tb) if tb is not None else []
    line = None
    for frame in frames:
        if frame.filename == str(path):
            line = frame.lineno  # the deepest line of the script itself
    text = "".join(traceback.format_exception(type(exc), exc, tb))
    return text, line


def run_script(path, ns: dict | None = None, argv=(), session=None) -> dict:
    """Run the Python file ``path`` in ``ns`` (default: ``namespace(session)``) with
    ``sys.argv = [path, *argv]`` and the script's folder first on ``sys.path``; return the
    namespace. Raises ScriptError, with a report naming the file and line, if it fails."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(f"galton: error: cannot read the script {path}: "
                          f"{getattr(exc, 'strerror', None) or exc}", exit_code=2) from None
    try:
        code = compile(source, str(path), "exec")
    except SyntaxError as exc:
        detail = "".join(traceback.format_exception_only(type(exc), exc))
        raise ScriptError(f"{detail}galton: error: {path}, line {exc.lineno}: "
                          f"{exc.msg}") from None
    ns = namespace(session) if ns is None else ns
    ns["__file__"] = str(path)
    saved_argv, saved_path = sys.argv, list(sys.path)
    sys.argv = [str(path), *argv]
    sys.path.insert(0, str(path.resolve().parent))
    try:
        exec(code, ns)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            message = exc.code if isinstance(exc.code, str) else f"exit status {exc.code}"
            raise ScriptError(f"galton: error: {path} stopped: {message}",
                              exit_code=exc.code if isinstance(exc.code, int) else 1) from None
    except Exception as exc:
        text, line = _script_traceback(exc, path)
        where = f"{path}, line {line}" if line is not None else str(path)
        raise ScriptError(f"{text}galton: error: {where}: {type(exc).__name__}: {exc}") from None
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
    return ns
