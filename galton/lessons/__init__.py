"""The lessons: the source articles' worked examples, guided, in English and 简体中文.

>>> import galton.lessons as lessons
>>> lessons.names()[:3]
('function', 'step_size', 'grad_demo')
>>> run = lessons.start("grad_demo")
>>> run.play()["x20"]                  # 4 · 0.8²⁰
0.04611686018427388

Each lesson lives in its own module here (its steps, actions, checks, figures) and its text in
assets/lessons/NAME.toml. See galton/lessons/base.py for the shape of a lesson and docs/lessons.md
for the list and for which sections of the articles each lesson teaches.
"""

from __future__ import annotations

import importlib

from galton.lessons.base import Check, Lesson, LessonRun, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Note, Plot, Surface, Table, Trail

#: The lessons in the order of the Lessons menu (the order of the source articles).
ORDER = ("function", "step_size", "grad_demo", "picnic", "chain_rule", "pinball", "pond",
         "optimizers", "vanishing", "fine_tuning", "scaling", "next_token")

__all__ = ["ORDER", "Check", "Curve", "Figure", "Lesson", "LessonRun", "Line", "Note", "Param",
           "Plot", "Step", "Surface", "Table", "Trail", "get", "names", "start"]


def names() -> tuple:
    return ORDER


def get(name: str) -> Lesson:
    """The lesson called ``name`` (see ``names()``); its number works too ("3" or 3)."""
    key = str(name).strip()
    if key.isdigit() and 1 <= int(key) <= len(ORDER):
        key = ORDER[int(key) - 1]
    if key not in ORDER:
        raise KeyError(f"no lesson {name!r}; the lessons are: "
                       + ", ".join(f"{i} {n}" for i, n in enumerate(ORDER, 1)))
    lesson = importlib.import_module(f"galton.lessons.{key}").LESSON
    return lesson


def start(name: str, session=None, lang: str = "en") -> LessonRun:
    """Begin lesson ``name`` on ``session`` (a fresh Session if None)."""
    return LessonRun(get(name), session, lang)
