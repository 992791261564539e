"""Lesson text: one TOML file per lesson in assets/lessons/, every language side by side.

    [en]
    title = "The grad demo"
    summary = "One line for the Lessons menu's tooltip."

    [en.steps.descend]            # one table per step, named by the step's key
    title = "Twenty steps down"
    body = '''Markdown. {x20:.4f} is filled in from the lesson's values.'''
    todo = "What to do for the check to pass."
    done = "What the learner has just seen (shown when the check passes)."

    [en.labels]                   # words the figures use (axis titles, legends)
    loss = "loss"
    lr = "step size η"            # a parameter's label: its name
    "optimizer:sgd" = "plain gradient descent"   # how a parameter's choice is shown

    [zh_CN]                       # the same keys, in 简体中文
    ...

Placeholders are ``{name}`` or ``{name:format}`` with names from the run's values and
parameters; one not computed yet shows as "…". Keeping the languages in one file keeps them
in step: a test checks that both have exactly the same keys and placeholders.
"""

from __future__ import annotations

import string
import sys
from functools import cache

import numpy as np

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LANGUAGES = ("en", "zh_CN")
STEP_FIELDS = ("title", "body", "todo", "done")
REQUIRED_STEP_FIELDS = ("title", "body")


class LessonTextError(ValueError):
    """A lesson text file that cannot be used; names the file and the key."""


def text_path(name: str):
    from galton.resources import asset_path

    return asset_path("lessons", f"{name}.toml")


@cache
def load(name: str) -> dict:
    """The text of lesson ``name``: {language: {"title", "summary", "steps": {key: {...}},
    "labels": {...}}}, checked for shape (not yet against the lesson's steps)."""
    from galton.core.files import read_text

    path = text_path(name)
    return parse(read_text(path, LessonTextError), path)


#: Tables a lesson written as data (galton/lessons/data) keeps beside its languages.
DATA_TABLES = ("lesson", "setup", "step")


def parse(raw: str, path) -> dict:
    """The text tables of a lesson file's contents ``raw`` (``path`` names it in errors)."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise LessonTextError(f"{path}: not valid TOML: {exc}") from None
    return check(data, path)


def check(data: dict, path) -> dict:
    """``data`` (a lesson file's tables) if its languages have the right shape, else a
    LessonTextError naming the file and the key."""
    for lang in LANGUAGES:
        table = data.get(lang)
        if not isinstance(table, dict):
            raise LessonTextError(f"{path}: missing the [{lang}] table")
        for key in ("title", "summary"):
            if not isinstance(table.get(key), str) or not table[key].strip():
                raise LessonTextError(f"{path}: [{lang}] {key} must be non-empty text")
        steps = table.get("steps")
        if not isinstance(steps, dict) or not steps:
            raise LessonTextError(f"{path}: [{lang}.steps] must hold a table per step")
        for key, step in steps.items():
            if not isinstance(step, dict):
                raise LessonTextError(f"{path}: [{lang}.steps.{key}] must be a table")
            for f in REQUIRED_STEP_FIELDS:
                if not isinstance(step.get(f), str) or not step[f].strip():
                    raise LessonTextError(f"{path}: [{lang}.steps.{key}] {f} must be "
                                          f"non-empty text")
            for f, value in step.items():
                if f not in STEP_FIELDS:
                    raise LessonTextError(f"{path}: [{lang}.steps.{key}] has no field {f!r}; "
                                          f"known: {list(STEP_FIELDS)}")
                if not isinstance(value, str):
                    raise LessonTextError(f"{path}: [{lang}.steps.{key}] {f} must be text")
        labels = table.setdefault("labels", {})
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            raise LessonTextError(f"{path}: [{lang}.labels] must map names to text")
    extra = set(data) - set(LANGUAGES) - set(DATA_TABLES)
    if extra:
        raise LessonTextError(f"{path}: unknown language table(s) {sorted(extra)}; "
                              f"known: {list(LANGUAGES)}")
    return data


def placeholders(text: str) -> set[str]:
    """The value names a text fills in: ``{x20:.4f}`` -> {"x20"}."""
    return {field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(text) if field}


class _Missing:
    """A value not computed yet: formats as an ellipsis whatever the format spec."""

    def __format__(self, spec):
        return "…"


class _Values(dict):
    def __missing__(self, key):
        return _Missing()


def fill(text: str, values: dict) -> str:
    """Fill ``{name:format}`` placeholders from ``values``; a missing or unformattable value
    shows as "…" rather than failing (the text is shown before the step has run)."""
    out = []
    for literal, field, spec, _conversion in string.Formatter().parse(text):
        out.append(literal)
        if field is None:
            continue
        value = _Values(values)[field]
        try:
            text = format(value, spec or "")
        except (TypeError, ValueError):
            text = "…"
        if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            text = text.replace("-", "−")  # the minus sign of the formulas, not a hyphen
        out.append(text)
    return "".join(out)
