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

A text never spells a label of the window itself: it names it by its source text,

    {ui:Do it}                        the lesson panel's button, “Do it” / “执行”
    {ui:Drop ×{}|10}                  a label with an argument, “Drop ×10” / “投下 ×10”
    {ui:&View ▸ Fine-tuning and scaling &lab}     a menu path
    {param:threshold}                 a spin box of this step: its label in [lang.labels]
    {choice:features=last}            one of a choice box's entries, as the box shows it

and the label is filled in, quoted, from the UI catalogue (assets/translations/galton_zh_CN.ts,
read here without Qt) or the lesson's labels. A label that does not exist shows as "…";
tests/lessons/test_lesson_labels.py checks every reference against the catalogue and the
galton/qt sources.
"""

from __future__ import annotations

import re
import string
import sys
import xml.etree.ElementTree as ET
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


#: The placeholders that name a label of the window instead of a value (see the docstring).
REFERENCES = ("ui", "choice", "param")
QUOTES = {"en": ("“", "”"), "zh_CN": ("“", "”")}


@cache
def catalogue() -> dict:
    """The UI catalogue: {source text: 简体中文 translation} for every finished entry of
    assets/translations/galton_zh_CN.ts (an entry Qt marks obsolete or vanished is left out)."""
    from galton.resources import asset_path

    path = asset_path("translations", "galton_zh_CN.ts")
    try:
        tree = ET.parse(path)
    except (OSError, ET.ParseError) as exc:
        raise LessonTextError(f"{path}: cannot read the UI catalogue: {exc}") from None
    out = {}
    for message in tree.iter("message"):
        source, translation = message.find("source"), message.find("translation")
        if source is None or translation is None or not (translation.text or "").strip():
            continue
        if translation.get("type") in ("obsolete", "vanished", "unfinished"):
            continue
        out[source.text] = translation.text
    return out


def _without_mnemonic(label: str) -> str:
    """"&View" -> "View", "视图(&V)" -> "视图", "&&" -> "&": the label as the window shows it."""
    label = re.sub(r"\(&[^&)]\)$", "", label)
    return re.sub(r"&(.)", r"\1", label)


def ui_label(reference: str, lang: str) -> str:
    """The text the window shows for ``reference`` ("Source|arg|…", or menu items joined by
    " ▸ "), in ``lang``, quoted. Raises KeyError for a label the catalogue does not have."""
    parts = []
    for item in reference.split(" ▸ "):
        source, *args = item.split("|")
        table = catalogue()
        if source not in table:
            raise KeyError(f"no UI label {source!r} in the catalogue")
        shown = source if lang == "en" else table[source]
        shown = _without_mnemonic(shown)
        parts.append(shown.format(*args) if args else shown)
    left, right = QUOTES.get(lang, QUOTES["en"])
    return f"{left}{' ▸ '.join(parts)}{right}"


def references(text: str) -> list[tuple[str, str]]:
    """The labels a text names: [("ui", "Do it"), ("choice", "features=last"), …]."""
    return [(field, spec) for _, field, spec, _ in string.Formatter().parse(text)
            if field in REFERENCES]


class Labels:
    """Formats ``{ui:…}``, ``{param:…}`` and ``{choice:…}`` (see the module docstring); an
    unknown label formats as "…" so the page still shows, and the tests catch it."""

    def __init__(self, kind: str, lang: str, labels: dict | None = None):
        self.kind, self.lang, self.labels = kind, lang, labels or {}

    def __format__(self, spec):
        try:
            if self.kind == "ui":
                return ui_label(spec, self.lang)
            left, right = QUOTES.get(self.lang, QUOTES["en"])
            return f"{left}{self.labels[spec]}{right}"
        except KeyError:
            raise ValueError(f"no {self.kind} label {spec!r}") from None


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
    shows as "…" rather than failing (the text is shown before the step has run), a NaN as
    "—" (a number that has no meaning here, never "nan%")."""
    out = []
    for literal, field, spec, _conversion in string.Formatter().parse(text):
        out.append(literal)
        if field is None:
            continue
        value = _Values(values)[field]
        if isinstance(value, (float, np.floating)) and np.isnan(value):
            out.append("—")  # a number that does not exist here (e.g. a colour not on the board)
            continue
        try:
            text = format(value, spec or "")
        except (TypeError, ValueError):
            text = "…"
        if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            text = text.replace("-", "−")  # the minus sign of the formulas, not a hyphen
        out.append(text)
    return "".join(out)
