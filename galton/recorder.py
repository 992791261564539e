"""Show as script: every change made to a Session, written down as the Python line that redoes it.

The Session announces each outermost call of its methods (``called`` events: ``set``,
``session.lr = ...``, ``step``, ``turn_peg``, ``drop``, ``load``, ``reset``...), whoever made it:
a control, a menu, the console. The recorder writes each as a line of Python. Training that does
not go through a call (the Play button's worker thread, ``trainer.run`` typed in the console)
is counted from the trainer's step count and written as ``session.step(n)`` before the next line.
The script runs with ``galton run`` (which provides ``session``, ``np`` and ``galton``) and
rebuilds the same pegs, bit for bit: same seed and settings give the same training.

Not recorded: changes made to objects behind the session's back (``board.theta[...] = ...``,
``trainer.optimizer.lr = ...``); use the session's methods for what a script should redo.
Nothing here imports Qt.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np

import galton
from galton.core import scenario as scenarios

#: Settings ``session.set`` accepts, by table.
_SETTABLE = {table: tuple(scenarios.DEFAULTS[table]) for table in ("data", "board", "training")}


def literal(value) -> str:
    """Python source that evaluates to ``value`` (in a namespace with ``np``)."""
    if isinstance(value, np.ndarray):
        return f"np.array({literal(value.tolist())})"
    if isinstance(value, np.generic):
        return literal(value.item())
    if isinstance(value, Path):
        return repr(str(value))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, float) and not np.isfinite(value):
        return f"float({str(value)!r})"
    return repr(value)


def _arguments(args, kwargs) -> str:
    return ", ".join([literal(a) for a in args] + [f"{k}={literal(v)}" for k, v in kwargs.items()])


def _path_expression(path) -> tuple[str, bool]:
    """A preset becomes ``asset_path("scenarios", name)`` (works on any machine); other files
    their absolute path. Returns (source, needs asset_path)."""
    path = Path(path).resolve()
    try:
        from galton.resources import asset_path

        presets = asset_path("scenarios").resolve()
        if path.parent == presets:
            return f"asset_path('scenarios', {path.name!r})", True
    except FileNotFoundError:
        pass
    return repr(str(path)), False


class Line:
    """One recorded step of the script. ``key`` says which later line may merge into it: the
    step size slider sends many values (only the last matters), steps add up, and the
    continuous drop repeats the same drop."""

    def __init__(self, text: str, key=None, count: int = 1):
        self.text, self.key, self.count = text, key, count

    @property
    def merges_by_counting(self) -> bool:
        return self.key == "step" or (isinstance(self.key, tuple) and self.key[0] == "drop")

    def source(self) -> str:
        if self.key == "step":
            return f"session.step({self.count})"
        if self.count > 1:
            return f"for _ in range({self.count}):\n    {self.text}"
        return self.text


class Recorder:
    """Records ``session``'s changes from now on; ``script()`` is the Python text."""

    def __init__(self, session):
        self.session = session
        self.started = datetime.datetime.now()
        self.lines: list[Line] = []
        self._uses_asset_path = False
        self._start_state()
        self._expected = self._trained_to = session.trainer.step_count
        session.events.connect("called", self._on_called)
        session.events.connect("trained", self._on_trained)

    def close(self) -> None:
        for name, slot in (("called", self._on_called), ("trained", self._on_trained)):
            try:
                self.session.events.disconnect(name, slot)
            except ValueError:
                pass

    # --- what the session was when recording began --------------------------------------
    def _start_state(self) -> None:
        scenario = self.session.scenario
        base = scenarios.Scenario()
        if scenario.path is not None and Path(scenario.path).is_file():
            self._add(f"session.load({self._path(scenario.path)})")
            try:
                base = scenarios.load(scenario.path)
            except ValueError:
                pass
        self._add_settings(scenario, base)  # what was changed since (or since the defaults)
        self._add_steps(self.session.trainer.step_count)

    def _add_settings(self, scenario, base) -> None:
        changes = {}
        for table, keys in _SETTABLE.items():
            for key in keys:
                if scenario[table][key] != base[table][key]:
                    changes[key] = scenario[table][key]
        for key in scenarios.OPTIONAL_TABLES["training"]:
            if scenario["training"].get(key) != base["training"].get(key):
                changes[key] = scenario["training"].get(key)
        if changes:
            self._add(f"session.set({_arguments((), changes)})")

    def _path(self, path) -> str:
        text, uses_asset = _path_expression(path)
        self._uses_asset_path |= uses_asset
        return text

    # --- events ------------------------------------------------------------------------------
    def _on_trained(self, session, snapshot) -> None:
        # Only training announced by no call (the Play button's worker publishing snapshots):
        # inside a call (step, publish_rewind) the call itself is what gets recorded.
        if snapshot is not None and session._depth == 0:
            self._trained_to = snapshot.step

    def _on_called(self, session, call) -> None:
        self._add_steps(max(call.steps_before, self._trained_to) - self._expected)
        self._record(call)
        self._expected = self._trained_to = session.trainer.step_count

    def _add(self, text: str, key=None, count: int = 1) -> None:
        last = self.lines[-1] if self.lines else None
        if key is not None and last is not None and last.key == key:
            if last.merges_by_counting:
                last.count += count
            else:
                self.lines[-1] = Line(text, key)  # a newer value of the same setting
            return
        self.lines.append(Line(text, key, count))

    def _add_steps(self, steps: int) -> None:
        if steps > 0:
            self._add("", key="step", count=steps)

    def _record(self, call) -> None:
        name, args, kwargs = call.name, call.args, call.kwargs
        if name == "lr":
            self._add(f"session.lr = {literal(args[0])}", key="lr")
        elif name == "set":
            self._add(f"session.set({_arguments(args, kwargs)})", key=("set", frozenset(kwargs)))
        elif name == "step":
            steps = args[0] if args else kwargs.get("steps", 1)
            self._add_steps(int(steps))
        elif name == "drop":
            text = f"session.drop({_arguments(args, kwargs)})"
            self._add(text, key=("drop", text))
        elif name == "load":
            path = args[0] if args else kwargs["path"]
            self._add(f"session.load({self._path(path)})")
        elif name == "publish_rewind":
            step = self.session.trainer.step_count
            self._add(f"session.trainer.rewind({step})\nsession.publish_rewind()")
        else:
            self._add(f"session.{name}({_arguments(args, kwargs)})")

    # --- the script ----------------------------------------------------------------------------
    def script(self) -> str:
        """The recorded session as a script for ``galton run``."""
        lines = [line.source() for line in self.lines]
        pending = max(self.session.trainer.step_count, self._trained_to) - self._expected
        if pending > 0:  # training still to be written down (Play, or running right now)
            last = self.lines[-1] if self.lines else None
            if last is not None and last.key == "step":
                lines[-1] = f"session.step({last.count + pending})"
            else:
                lines.append(f"session.step({pending})")
        head = [
            (f'"""A galton session recorded on {self.started:%Y-%m-%d %H:%M} '
             f"(galton {galton.__version__})."),
            "",
            "Run it again with:  galton run this_file.py        (add --gui to open the window)",
            "`galton run` provides session, board, trainer, data, galton and np.",
            '"""',
        ]
        if self._uses_asset_path:
            head.append("from galton.resources import asset_path")
        head.append("")
        return "\n".join(head + (lines or ["pass  # nothing was changed yet"])) + "\n"
