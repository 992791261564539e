"""The lessons: the source articles' worked examples, guided, in English and 简体中文.

>>> import galton.lessons as lessons
>>> lessons.names()[:3]
('function', 'step_size', 'grad_demo')
>>> run = lessons.start("grad_demo")
>>> run.play()["x20"]                  # 4 · 0.8²⁰
0.04611686018427388

Each lesson lives in its own module here (its steps, actions, checks, figures) and its text in
assets/lessons/NAME.toml. See galton/lessons/base.py for the shape of a lesson and docs/lessons.md
for the list and for which sections of the articles each lesson teaches. Lessons written as data
(a TOML file, no Python: docs/authoring.md) are found in assets/lessons and the user's lessons
folder (``extras()``), or opened by their file's path.
"""

from __future__ import annotations

import importlib

from galton.lessons.base import Check, Lesson, LessonRun, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Note, Plot, Surface, Table, Trail

#: The lessons in the order of the Lessons menu: the worked examples in the order of the source
#: articles, then what the articles say without a worked example (lessons 13–17).
ORDER = ("function", "step_size", "grad_demo", "picnic", "chain_rule", "pinball", "pond",
         "optimizers", "vanishing", "fine_tuning", "scaling", "next_token",
         "semantic_space", "loss_functions", "masked_tokens", "remedies",
         "training_cost")

__all__ = ["ORDER", "Check", "Curve", "Figure", "Lesson", "LessonRun", "Line", "Note", "Param",
           "Plot", "Step", "Surface", "Table", "Trail", "extras", "get", "names", "resume",
           "start"]


def names() -> tuple:
    return ORDER


def extras() -> dict:
    """{name: path} of the lessons written as data: shipped ones, then the user's lessons
    folder (galton.lessons.data.user_folder). The Lessons menu lists them after ``names()``."""
    from galton.lessons import data

    return data.discover(ORDER)


def get(name) -> Lesson:
    """The lesson called ``name`` (see ``names()`` and ``extras()``); its number works too
    ("3" or 3), and so does the path of a lesson file (``my_lesson.toml``)."""
    key = str(name).strip()
    if key.isdigit() and 1 <= int(key) <= len(ORDER):
        key = ORDER[int(key) - 1]
    if key in ORDER:
        return importlib.import_module(f"galton.lessons.{key}").LESSON
    from galton.lessons import data

    if key.endswith(".toml"):
        return data.load(key)  # LessonFileError (a ValueError) lists what is wrong
    found = extras()
    if key in found:
        return data.load(found[key])
    raise KeyError(f"no lesson {name!r}; the lessons are: "
                   + ", ".join(f"{i} {n}" for i, n in enumerate(ORDER, 1))
                   + "".join(f", {n}" for n in found))


def start(name: str, session=None, lang: str = "en") -> LessonRun:
    """Begin lesson ``name`` on ``session`` (a fresh Session if None)."""
    return LessonRun(get(name), session, lang)


def resume(progress: dict, session, lang: str | None = None) -> LessonRun:
    """Take a lesson up again where ``LessonRun.progress()`` left it (e.g. from a .galton
    session file): by its file when it was written as data and the file is still there, else
    from the copy of the file the .galton holds (``file_text``), else by its name. Raises
    KeyError (or LessonFileError) when the lesson cannot be found."""
    from pathlib import Path

    from galton.lessons import data

    file = progress.get("file") or ""
    if file and Path(file).is_file():
        lesson = get(file)
    elif progress.get("file_text"):
        lesson = data.load(data.received(progress["lesson"], progress["file_text"]))
    else:
        lesson = get(progress["lesson"])
    return LessonRun.resume(lesson, session, progress, lang)
