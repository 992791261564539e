"""A lesson read from a file, as the same Lesson/Step/LessonRun as a lesson written in Python:
each step's action, check and figure are closures over what the file says (reader.py reads and
checks it; docs/authoring.md is the format's reference).

A check is true when its expression is (``keep = true``: or once was); ``values`` are computed
after "Do it", ``record`` whenever the check passes, so a learner who does the step in the window
also gets its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from galton.core.expression import ExpressionError
from galton.core.quantity import Quantity, Undefined, truth
from galton.lessons import text as texts
from galton.lessons.base import Lesson, Step
from galton.lessons.data import actions as A
from galton.lessons.data import figures as FG
from galton.lessons.data import quantities as Q
from galton.lessons.figure import Figure


@dataclass(frozen=True)
class Problem:
    where: str      # "step 'train' (2), check" or "[zh_CN.steps.train] body"
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


class LessonFileError(ValueError):
    """A lesson file that cannot be used: every problem found, each naming its place."""

    def __init__(self, path, problems):
        self.path, self.problems = Path(path), list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{path}: {len(self.problems)} problem"
                         f"{'s' if len(self.problems) != 1 else ''}:\n{lines}")


@dataclass
class StepSpec:
    key: str
    where: str
    show: tuple = ()
    actions: list = field(default_factory=list)
    check: Quantity | None = None
    keep: bool = False              # once passed, the step stays passed (its record kept)
    values: dict = field(default_factory=dict)
    record: dict = field(default_factory=dict)
    params: tuple = ()
    figures: list = field(default_factory=list)


@dataclass(eq=False)
class DataLesson(Lesson):
    """A lesson read from a file (``path``); its text lives in the same file."""

    path: Path | None = None
    tables: dict = field(default_factory=dict, repr=False)
    specs: tuple = field(default=(), repr=False)

    def text(self, lang: str = "en") -> dict:
        if lang not in texts.LANGUAGES:
            raise ValueError(f"language must be one of {texts.LANGUAGES}, got {lang!r}")
        return self.tables[lang]

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()


# --- evaluating ------------------------------------------------------------------------------
def value_of(run, x):
    """A number as it is; an expression computed now over the run and its session."""
    if not isinstance(x, Quantity):
        return x
    env = Q.Env(run)
    return x.evaluate(env.lookup, env.functions)


def _compute(run, table: dict, what: str) -> None:
    for name, quantity in table.items():
        try:
            value = value_of(run, quantity)
            run.values[name] = value.item() if isinstance(value, np.generic) else value
        except Undefined:
            run.values.pop(name, None)  # shown as "…" until it can be computed
        except ExpressionError as exc:
            raise ExpressionError(f"{what} {name}: {exc}") from None


def _do(spec: StepSpec):
    def action(run):
        for act in spec.actions:
            A.run(act, run, lambda x: value_of(run, x))
        _compute(run, spec.values, f"step {spec.key!r} values")
        if spec.check is None:
            _compute(run, spec.record, f"step {spec.key!r} record")
        else:
            _check(spec)(run)
    return action


def _passes(spec: StepSpec, run) -> bool:
    try:
        value = value_of(run, spec.check)
    except Undefined:
        return False
    return truth(value)


def passed_key(key: str) -> str:
    """Where a run remembers that a step with ``keep = true`` has passed (not a name a text
    or an expression can use; a .galton file keeps it with the other values)."""
    return f"passed:{key}"


def _check(spec: StepSpec):
    def check(run) -> bool:
        if not _passes(spec, run):
            return spec.keep and bool(run.values.get(passed_key(spec.key)))
        _compute(run, spec.record, f"step {spec.key!r} record")
        if spec.keep:
            run.values[passed_key(spec.key)] = True
        return True
    return check


def _figure(spec: StepSpec):
    def figure(run):
        painter = FG.Painter(run, lambda x: value_of(run, x))
        return Figure([p for f in spec.figures for p in painter.panels(f)])
    return figure


def _setup(setup: dict):
    def begin(run):
        run.values["_drop_before"] = run.session.last_drop  # drops before the lesson: not its
        if setup.get("settings"):
            A.run(setup["settings"], run, lambda x: value_of(run, x))
        for act in setup.get("actions", ()):
            A.run(act, run, lambda x: value_of(run, x))
        _compute(run, setup.get("values", {}), "setup values")
    return begin


def build(path: Path, specs, setup: dict, preset, tables: dict) -> DataLesson:
    """The Lesson of a checked file: each StepSpec becomes a Step whose action, check and
    figure are closures over it."""
    steps = tuple(Step(s.key, action=_do(s), check=_check(s) if s.check else None,
                       figure=_figure(s) if s.figures else None, show=s.show,
                       params=s.params) for s in specs)
    return DataLesson(name=path.stem, number=0, steps=steps, preset=preset,
                      setup=_setup(setup), path=path.resolve(),
                      tables={lang: tables[lang] for lang in texts.LANGUAGES},
                      specs=tuple(specs))
