"""The authoring tools behind ``galton lesson check`` and ``galton lesson play``.

``check(path)`` reads a lesson file (every problem of its words, expressions and
translations, each naming the step and field) and, if it reads, plays it headless on a fresh
session as a learner pressing "Do it" on every step with the default parameters: a step whose
check does not pass after its own action, a text that still shows "…" afterwards, or a figure
that cannot be drawn is a problem too. ``play(lesson)`` yields what each step did.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from galton.lessons import text as texts
from galton.lessons.data.reader import Problem, read


@dataclass
class StepReport:
    number: int
    key: str
    passed: bool
    pages: dict                      # lang -> the step's page (title, body, todo, done...)
    messages: dict                   # lang -> the check's message
    values: dict = field(default_factory=dict)   # the values the step computed or changed
    error: str = ""                  # what went wrong in "Do it", if anything
    known: frozenset = frozenset()   # the names that have a value after the step
    why: str = ""                    # what the check's expression said, if it failed to compute


def play(lesson, session=None, langs=texts.LANGUAGES, params=None) -> Iterator[StepReport]:
    """Do every step of ``lesson`` in order on ``session`` (a fresh one if None), with
    ``params`` (name -> value) set first; yields a report per step."""
    from galton.lessons.base import LessonRun

    run = LessonRun(lesson, session, langs[0])
    for name, value in (params or {}).items():
        run.set_param(name, value)
    for i, step in enumerate(run.steps):
        run.goto(i)
        before = dict(run.values)
        error = ""
        try:
            run.do()
        except Exception as exc:  # reported, like the panel shows it
            error = f"{type(exc).__name__}: {exc}"
        pages, messages, passed = {}, {}, False
        for lang in langs:
            run.lang = lang
            check = run.check()
            passed = check.passed
            pages[lang], messages[lang] = run.page(), check.message
        run.lang = langs[0]
        changed = {k: v for k, v in run.values.items() if k.isidentifier() and k[0] != "_"
                   and (k not in before or not _same(before[k], v))}
        yield StepReport(i + 1, step.key, passed and not error, pages, messages, changed, error,
                         frozenset(run.context()), "" if passed else _why(run))


def check(path) -> list[Problem]:
    """Every problem of the lesson file at ``path``: as read, then as played."""
    lesson, problems = read(path)
    if problems:
        return problems
    problems = []
    specs = {s.key: s for s in lesson.specs}
    for report in play(lesson):
        where = specs[report.key].where
        if report.error:
            problems.append(Problem(f"{where}, do", report.error))
            continue
        if not report.passed:
            problems.append(Problem(f"{where}, check", "does not pass after the step's own "
                                    "action (with the default parameters): it can never pass "
                                    "by pressing “Do it”" + report.why))
        for lang, page in report.pages.items():
            for part in ("body", "done"):
                if "…" in page[part]:
                    text = lesson.text(lang)["steps"][report.key].get(part, "")
                    missing = sorted(texts.placeholders(text) - report.known)
                    names = ", ".join("{" + m + "}" for m in missing) or "a value"
                    verb = "have" if len(missing) > 1 else "has"
                    problems.append(Problem(f"[{lang}.steps.{report.key}] {part}",
                                            f"still shows “…” after the step's action: "
                                            f"{names} {verb} no value (or cannot be "
                                            f"formatted)"))
    problems.extend(_figure_problems(lesson))
    return problems


def _figure_problems(lesson) -> list[Problem]:
    """Draw every step's figure before and after its action, in both languages."""
    from galton.lessons.base import LessonRun

    problems = []
    run = LessonRun(lesson, None, "en")
    for i, spec in enumerate(lesson.specs):
        run.goto(i)
        for moment in ("before", "after"):
            if moment == "after":
                try:
                    run.do()
                except Exception:  # reported by check() already
                    break
            for lang in texts.LANGUAGES:
                run.lang = lang
                try:
                    run.figure()
                except Exception as exc:  # a problem to report, not a crash
                    problems.append(Problem(f"{spec.where}, figure", f"cannot be drawn "
                                            f"{moment} “Do it” ({lang}): "
                                            f"{type(exc).__name__}: {exc}"))
            run.lang = "en"
    return problems


def _why(run) -> str:
    """"; it says: ..." when the current step's check cannot even be computed (a colour that
    does not exist, a peg off the board): LessonRun.check() says only "not yet"."""
    from galton.core.expression import ExpressionError
    from galton.lessons.data.lesson import value_of

    specs = {s.key: s for s in getattr(run.lesson, "specs", ())}
    spec = specs.get(run.step.key)
    if spec is None or spec.check is None:
        return ""
    try:
        value_of(run, spec.check)
    except ExpressionError as exc:  # Undefined too: a value no action computed
        return f"; it says: {exc}"
    return ""


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f" and b.dtype.kind == "f")
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b
