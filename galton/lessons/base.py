"""Lessons: guided scenarios. A lesson is a list of steps; each step has a text (English and
简体中文, in assets/lessons/NAME.toml), an action (what the panel's "Do it" button does, and
what a test runs), a live check (has the learner seen the effect yet?) and a figure.

    >>> import galton.lessons as lessons
    >>> run = lessons.start("grad_demo")      # a LessonRun on a fresh Session
    >>> run.play()                            # every step's action, in order
    >>> run.values["x20"]                     # the numbers of the worked example
    0.04611686018427388

The same run drives the app's lesson panel: the panel shows ``run.page()``, draws
``run.figure()``, offers ``run.params`` as spin boxes, and re-evaluates ``run.check()`` whenever
the session changes, so a learner who trains with the window's own Play button also passes.
Nothing here imports Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from galton.core import schema
from galton.lessons import text as texts


def relation(a: float, b: float) -> str:
    """">", "=" or "<": how a page writes the comparison of two of its numbers."""
    return ">" if a > b else "=" if a == b else "<"


@dataclass(frozen=True)
class Param:
    """A number the learner may change in a step (shown as a spin box or a choice).

    ``setting`` names the scenario setting the parameter sets (e.g. "lr", "rows"): its type,
    choices and range then come from galton.core.schema — ``low``/``high`` left out take the
    range the window's controls offer, given ones may only narrow what a scenario allows —
    and a value is checked as the setting is before the lesson's own range."""

    name: str              # the label key in [lang.labels], and the key in run.params
    default: float | str
    low: float | None = None
    high: float | None = None
    step: float | None = None      # spin box increment; None: a tenth of the range
    choices: tuple = ()             # for a choice (e.g. optimizer names), not a number
    integer: bool = False
    setting: str = ""

    def __post_init__(self):
        if not self.setting:
            return
        try:
            f = schema.setting(self.setting)
        except KeyError as exc:
            raise ValueError(f"parameter {self.name}: {exc.args[0]}") from None
        if f.kind == "choice":
            choices = self.choices or f.choices
            outside = [c for c in choices if c not in f.choices]
            if outside:
                raise ValueError(f"parameter {self.name}: {outside} are not among the "
                                 f"{self.setting} choices {list(f.choices)}")
            object.__setattr__(self, "choices", tuple(choices))
        elif f.numeric:
            low, high = f.widget_range
            for bound in (self.low, self.high):
                if bound is not None:
                    f.check(bound, f"parameter {self.name}'s range: {self.setting}")
            object.__setattr__(self, "low", low if self.low is None else self.low)
            object.__setattr__(self, "high", high if self.high is None else self.high)
            object.__setattr__(self, "integer", f.kind == "whole")
            if self.step is None and f.step is not None:
                object.__setattr__(self, "step", f.step)
        else:
            raise ValueError(f"parameter {self.name}: the setting {self.setting} is not a "
                             f"number or a choice")

    def check(self, value):
        if self.setting:  # first as the scenario checks it, naming the parameter
            value = schema.setting(self.setting).check(value, self.name)
        if self.choices:
            if value not in self.choices:
                raise ValueError(f"{self.name} must be one of {list(self.choices)}, "
                                 f"got {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{self.name} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{self.name} must be finite, got {value}")
        if self.integer:
            if value != int(value):
                raise ValueError(f"{self.name} must be a whole number, got {value}")
            value = int(value)
        else:
            value = float(value)
        too_low = self.low is not None and value < self.low
        if too_low or (self.high is not None and value > self.high):
            raise ValueError(f"{self.name} must be between {self.low} and {self.high}, got {value}")
        return value


@dataclass(frozen=True)
class Step:
    """One page of a lesson.

    ``action(run)`` does the step (stores its numbers in ``run.values``); ``check(run)`` says
    whether the effect has been seen (None: nothing to check, the step passes once done);
    ``figure(run)`` returns a :class:`galton.lessons.figure.Figure` or None. ``show`` names
    the parts of the window the step needs: "board", "charts", "landscape", "lab",
    "console". ``params`` are the numbers the learner may change before "Do it".
    """

    key: str
    action: Callable | None = None
    check: Callable | None = None
    figure: Callable | None = None
    show: tuple = ()
    params: tuple = ()


@dataclass(frozen=True)
class Check:
    passed: bool
    message: str


@dataclass
class Lesson:
    """``name`` is the file stem of its text and the name ``galton --lesson`` takes;
    ``number`` its place in the Lessons menu. ``preset`` (scenario tables, as in a scenario
    file) is applied to the session when the lesson starts; None leaves the board alone.
    ``setup(run)`` runs after the preset, before the first step."""

    name: str
    number: int
    steps: tuple
    preset: dict | None = None
    setup: Callable | None = None

    def __post_init__(self):
        keys = [s.key for s in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError(f"lesson {self.name}: step keys repeat: {keys}")

    def text(self, lang: str = "en") -> dict:
        if lang not in texts.LANGUAGES:
            raise ValueError(f"language must be one of {texts.LANGUAGES}, got {lang!r}")
        return texts.load(self.name)[lang]

    def title(self, lang: str = "en") -> str:
        return self.text(lang)["title"]


class LessonRun:
    """A lesson being taken: where the learner is, what has been done and computed.

    ``values`` holds the lesson's numbers (filled by the steps' actions), ``params`` the
    learner's settings, ``done`` the keys of the steps whose action ran. ``listeners`` are
    called with the run after every change (the panel redraws).
    """

    def __init__(self, lesson: Lesson, session=None, lang: str = "en", *, begin: bool = True):
        if session is None:
            from galton.session import Session
            session = Session()
        if lang not in texts.LANGUAGES:
            raise ValueError(f"language must be one of {texts.LANGUAGES}, got {lang!r}")
        self.lesson = lesson
        self.session = session
        self.lang = lang
        self.values: dict = {}
        self.params: dict = {p.name: p.default for s in lesson.steps for p in s.params}
        self.done: set = set()
        self.index = 0
        self.listeners: list = []
        if not begin:  # resumed (see resume): the session is already where the lesson was
            return
        if lesson.preset is not None:
            from galton.core import scenario as scenarios
            scenarios.from_dict(lesson.preset, f"lesson {lesson.name}")  # names the lesson
            # Passed as tables, so "Show as script" can write the call down.
            session.load_scenario(lesson.preset)
        if lesson.setup is not None:
            lesson.setup(self)

    # --- where we are --------------------------------------------------------------------------
    @property
    def steps(self) -> tuple:
        return self.lesson.steps

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    def goto(self, index: int) -> None:
        if not 0 <= index < len(self.steps):
            raise IndexError(f"lesson {self.lesson.name} has steps 0..{len(self.steps) - 1}, "
                             f"not {index}")
        self.index = int(index)
        self._changed()

    def next(self) -> bool:
        """Go to the next step; False (and stay) at the last one."""
        if self.index + 1 >= len(self.steps):
            return False
        self.goto(self.index + 1)
        return True

    def back(self) -> bool:
        if self.index == 0:
            return False
        self.goto(self.index - 1)
        return True

    # --- doing ---------------------------------------------------------------------------------
    def set_param(self, name: str, value) -> None:
        for s in self.steps:
            for p in s.params:
                if p.name == name:
                    self.params[name] = p.check(value)
                    self._changed()
                    return
        raise KeyError(f"lesson {self.lesson.name} has no parameter {name!r}; "
                       f"known: {sorted(self.params)}")

    def do(self, **params) -> dict:
        """Run the current step's action (after setting ``params``); returns ``values``."""
        for name, value in params.items():
            self.set_param(name, value)
        if self.step.action is not None:
            self.step.action(self)
        self.done.add(self.step.key)
        self._changed()
        return self.values

    def play(self, upto: int | None = None) -> dict:
        """Do every step from the first (to ``upto``, exclusive), as a learner pressing
        "Do it" and "Next" would; ends on the last step done. Returns ``values``."""
        last = len(self.steps) if upto is None else upto
        for i in range(last):
            self.index = i
            self.do()
        return self.values

    def check(self) -> Check:
        """Has the learner seen this step's effect? With a message in their language."""
        step = self.step
        page = self.lesson.text(self.lang)["steps"][step.key]
        if step.check is None:
            passed = step.key in self.done
        else:
            try:
                passed = bool(step.check(self))
            except Exception:  # a check is a question, never a crash: not yet
                passed = False
        message = page.get("done" if passed else "todo", "")
        return Check(passed, texts.fill(message, self.context()))

    # --- what the panel shows ------------------------------------------------------------------
    def context(self) -> dict:
        return {**self.params, **self.values, **self._labels()}

    def _labels(self) -> dict:
        """What ``{ui:…}``, ``{param:…}`` and ``{choice:…}`` name (galton/lessons/text.py):
        the window's labels, and this lesson's spin boxes and choices as the panel shows them."""
        labels = self.lesson.text(self.lang)["labels"]
        params, choices = {}, {}
        for s in self.steps:
            for p in s.params:
                params[p.name] = labels.get(p.name, p.name)
                for c in p.choices:
                    choices[f"{p.name}={c}"] = labels.get(f"{p.name}:{c}", str(c))
        return {"ui": texts.Labels("ui", self.lang),
                "param": texts.Labels("param", self.lang, params),
                "choice": texts.Labels("choice", self.lang, choices)}

    def page(self) -> dict:
        """The current step's text, filled in: title, body, todo, done, plus the lesson's
        title, the step number and the count."""
        table = self.lesson.text(self.lang)
        page = table["steps"][self.step.key]
        ctx = self.context()
        return {"lesson": table["title"], "number": self.index + 1, "count": len(self.steps),
                **{k: texts.fill(page.get(k, ""), ctx) for k in texts.STEP_FIELDS}}

    def text(self, key: str, **values) -> str:
        """A label (axis title, legend) from [lang.labels], filled from values/params."""
        labels = self.lesson.text(self.lang)["labels"]
        if key not in labels:
            raise KeyError(f"lesson {self.lesson.name}: no label {key!r} in [{self.lang}.labels]")
        return texts.fill(labels[key], {**self.context(), **values})

    def conclude(self, key: str, case: str, **values) -> str:
        """A conclusion chosen by the numbers, never written in advance: the label
        ``"key:case"`` of [lang.labels], filled in, is stored as ``values[key]`` (the page
        quotes it as ``{key}``) and ``case`` as ``values[key + "_case"]`` (the tests compare it
        with what the numbers say)."""
        self.values[f"{key}_case"] = case
        self.values[key] = self.text(f"{key}:{case}", **values)
        return self.values[key]

    def figure(self):
        return None if self.step.figure is None else self.step.figure(self)

    # --- saving and resuming -------------------------------------------------------------------
    def progress(self) -> dict:
        """Where the learner is, as plain data (what a .galton session file keeps): the
        lesson's name (and its file, for a lesson written as data), the step, the steps done,
        the parameters and the values."""
        path = getattr(self.lesson, "path", None)
        return {"lesson": self.lesson.name, "file": "" if path is None else str(path),
                "lang": self.lang, "index": self.index, "done": sorted(self.done),
                "params": dict(self.params), "values": dict(self.values)}

    @classmethod
    def resume(cls, lesson: Lesson, session, progress: dict, lang: str | None = None):
        """Take ``lesson`` up again on ``session`` where ``progress()`` left it, without
        loading its preset or running its setup (the session already holds that state).
        Parameters and steps the lesson no longer has are ignored."""
        run = cls(lesson, session, lang or progress.get("lang", "en"), begin=False)
        keys = {s.key for s in lesson.steps}
        run.done = {k for k in progress.get("done", ()) if k in keys}
        for name, value in progress.get("params", {}).items():
            if name in run.params:
                try:
                    run.set_param(name, value)
                except (TypeError, ValueError):
                    pass  # the lesson changed its range since: keep its default
        run.values.update(progress.get("values", {}))
        run.index = min(max(int(progress.get("index", 0)), 0), len(lesson.steps) - 1)
        return run

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener(self)

    def __repr__(self):
        return (f"<LessonRun {self.lesson.name} step {self.index + 1}/{len(self.steps)} "
                f"{self.step.key!r}>")
