"""Reading a lesson file: its steps become the same Lesson/Step/LessonRun as a lesson written
in Python, so the lesson panel, the console and ``lessons.start`` take it like any other.

    [lesson]
    format = "galton-lesson"
    version = 1

    [setup]                               # optional: where the lesson starts
    scenario = "sort_three_colours"       # a preset, a .toml next to the file, or its tables
    settings = { rows = 3 }               # then these settings
    do = [ { drop = 100, seed = 0 } ]     # then these actions
    values = { start = "own_share" }      # and these values

    [[step]]
    key = "train"                         # the step's text is [en.steps.train], [zh_CN...]
    show = ["board", "charts"]            # parts of the window the step needs
    do = [ { train = "steps" } ]          # what "Do it" does (actions.py)
    check = "own_share >= 0.9"            # has the learner seen it? (quantity.py)
    keep = false                          # true: once passed, it stays passed
    values = { trained = "step" }         # computed after "Do it"
    record = { share = "own_share" }      # computed whenever the check passes
    [[step.param]]                        # numbers the learner may change
    name = "steps"
    default = 300
    [[step.figure]]                       # what the step draws (figures.py)
    kind = "history"

Reading reports every problem it finds, each naming the step and the field
(:class:`Problem`); docs/authoring.md is the full reference.
"""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

from galton.core.expression import ExpressionError
from galton.core.quantity import Quantity
from galton.lessons import text as texts
from galton.lessons.base import Param
from galton.lessons.data import actions as A
from galton.lessons.data import figures as FG
from galton.lessons.data import quantities as Q
from galton.lessons.data.lesson import DataLesson, LessonFileError, Problem, StepSpec, build

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FORMAT = "galton-lesson"
VERSION = 1
SHOW = ("board", "charts", "landscape", "lab", "console")
KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
STEP_FIELDS = ("key", "show", "do", "check", "keep", "values", "record", "param", "figure")
SETUP_FIELDS = ("scenario", "settings", "do", "values")
PARAM_FIELDS = ("name", "default", "low", "high", "step", "choices", "integer", "setting")
#: A lesson file larger than this is not a lesson someone wrote by hand.
MAX_BYTES = 1 << 20


# --- reading ---------------------------------------------------------------------------------
def load(path) -> DataLesson:
    """The lesson in ``path``; a LessonFileError lists every problem found."""
    lesson, problems = read(path)
    if problems:
        raise LessonFileError(path, problems)
    return lesson


def read(path) -> tuple[DataLesson | None, list[Problem]]:
    """(the lesson or None, every problem found), without running anything."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Problem("file", f"larger than {MAX_BYTES} bytes: not a lesson file")]
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem("file", "not found")]
    except UnicodeDecodeError as exc:
        return None, [Problem("file", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return None, [Problem("file", f"cannot be read ({exc.strerror})")]
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem("file", f"not valid TOML: {exc}")]
    return _Reader(path, data).lesson()


class _Reader:
    def __init__(self, path: Path, data: dict):
        self.path, self.data = path, data
        self.problems: list[Problem] = []
        self.quantities: list[tuple[str, Quantity]] = []   # every expression, for the names
        self.defined: set[str] = set()                      # values, records, outputs, params
        self.params: dict[str, Param] = {}

    def problem(self, where, message):
        self.problems.append(Problem(where, message))

    def parse(self, text, where) -> Quantity | None:
        try:
            q = Quantity(text, None, Q.arities())
        except ExpressionError as exc:
            self.problem(where, f"{exc} (in {text!r})")
            return None
        self.quantities.append((where, q))
        return q

    def lesson(self):
        head = self.data.get("lesson")
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            self.problem("[lesson]", f"format must be {FORMAT!r}: this is not a lesson file "
                                     f"written as data")
            return None, self.problems
        version = head.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.problem("[lesson] version", f"must be a whole number ≥ 1, got {version!r}")
        elif version > VERSION:
            self.problem("[lesson] version", f"{version}: written for a newer galton (this one "
                                             f"reads lesson files up to version {VERSION})")
            return None, self.problems
        for key in head:
            if key not in ("format", "version"):
                self.problem("[lesson]", f"unknown field {key!r}; known: format, version")
        for key in self.data:
            if key not in texts.DATA_TABLES and key not in texts.LANGUAGES:
                self.problem(f"[{key}]", f"unknown table; known: [lesson], [setup], [[step]], "
                                         f"{', '.join(f'[{x}]' for x in texts.LANGUAGES)}")
        setup, preset = self.setup(self.data.get("setup", {}))
        raw_steps = self.data.get("step")
        if not isinstance(raw_steps, list) or not raw_steps:
            self.problem("[[step]]", "a lesson needs at least one [[step]] table")
            raw_steps = []
        specs = [self.step(raw, i) for i, raw in enumerate(raw_steps)]
        specs = [s for s in specs if s is not None]
        keys = [s.key for s in specs]
        for key in {k for k in keys if keys.count(k) > 1}:
            self.problem(f"step {key!r}", "two steps have this key")
        self.check_names()
        try:
            tables = texts.check(self.data, self.path)
        except texts.LessonTextError as exc:
            self.problem("text", str(exc).removeprefix(f"{self.path}: "))
            tables = None
        if tables is not None:
            self.check_texts(tables, specs)
        if self.problems:
            return None, self.problems
        return build(self.path, specs, setup, preset, tables), []

    # --- parts ---------------------------------------------------------------------------
    def table_of_expressions(self, raw, where) -> dict:
        if not isinstance(raw, dict):
            self.problem(where, f"must be a table of name = \"expression\", got {raw!r}")
            return {}
        out = {}
        for name, text in raw.items():
            if not A.NAME.match(name) or name.startswith("_"):
                self.problem(f"{where}.{name}", "a value's name is letters, digits and _")
                continue
            if isinstance(text, bool) or not isinstance(text, (str, int, float)):
                self.problem(f"{where}.{name}", f"must be an expression in quotes or a number, "
                                                f"got {text!r}")
                continue
            q = self.parse(str(text), f"{where}.{name}")
            if q is not None:
                out[name] = q
                self.defined.add(name)
        return out

    def actions(self, raw, where) -> list:
        if not isinstance(raw, list):
            self.problem(where, f"must be a list of actions like [{{ train = 100 }}], got "
                                f"{raw!r}")
            return []
        out = []
        for i, item in enumerate(raw):
            try:
                action = A.read(item, f"{where}[{i + 1}]", self.parse)
            except A.ActionError as exc:
                self.problem(exc.where, exc.message)
                continue
            except ValueError as exc:  # e.g. the tables of a scenario
                self.problem(f"{where}[{i + 1}]", str(exc))
                continue
            self.defined.update(action.outputs())
            out.append(action)
        return out

    def setup(self, raw):
        if not isinstance(raw, dict):
            self.problem("[setup]", "must be a table")
            return {}, None
        for key in raw:
            if key not in SETUP_FIELDS:
                self.problem("[setup]", f"unknown field {key!r}; known: "
                                        f"{', '.join(SETUP_FIELDS)}")
        preset = None
        if "scenario" in raw:
            try:
                preset = A.scenario_tables(raw["scenario"], self.path.parent)
            except (ValueError, OSError) as exc:
                self.problem("[setup] scenario", str(exc))
        setup = {"actions": self.actions(raw.get("do", []), "[setup] do"),
                 "values": self.table_of_expressions(raw.get("values", {}), "[setup] values")}
        if "settings" in raw:
            try:
                setup["settings"] = A.read({"set": raw["settings"]}, "[setup] settings",
                                           self.parse)
            except A.ActionError as exc:
                self.problem("[setup] settings", exc.message)
            except ValueError as exc:
                self.problem("[setup] settings", str(exc))
        return setup, preset

    def step(self, raw, i) -> StepSpec | None:
        label = f"step {i + 1}"
        if not isinstance(raw, dict):
            self.problem(label, "must be a table")
            return None
        key = raw.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            self.problem(f"{label}, key", f"must be a name of small letters, digits and _, "
                                          f"got {key!r}")
            return None
        where = f"step {key!r} ({i + 1})"
        for name in raw:
            if name not in STEP_FIELDS:
                self.problem(where, f"unknown field {name!r}; known: {', '.join(STEP_FIELDS)}")
        spec = StepSpec(key, where)
        show = raw.get("show", [])
        if not isinstance(show, list) or any(s not in SHOW for s in show):
            self.problem(f"{where}, show", f"must list parts of {SHOW}, got {show!r}")
        else:
            spec.show = tuple(show)
        spec.actions = self.actions(raw.get("do", []), f"{where}, do")
        if "check" in raw:
            if not isinstance(raw["check"], str):
                self.problem(f"{where}, check", "must be an expression in quotes")
            else:
                spec.check = self.parse(raw["check"], f"{where}, check")
        keep = raw.get("keep", False)
        if not isinstance(keep, bool) or (keep and "check" not in raw):
            self.problem(f"{where}, keep", "must be true or false, and goes with a check")
        else:
            spec.keep = keep
        spec.values = self.table_of_expressions(raw.get("values", {}), f"{where}, values")
        spec.record = self.table_of_expressions(raw.get("record", {}), f"{where}, record")
        params = [self.param(p, f"{where}, param[{j + 1}]")
                  for j, p in enumerate(self.as_list(raw.get("param", []), f"{where}, param"))]
        spec.params = tuple(p for p in params if p is not None)
        figures = [self.figure(f, f"{where}, figure[{j + 1}]")
                   for j, f in enumerate(self.as_list(raw.get("figure", []), f"{where}, figure"))]
        spec.figures = [f for f in figures if f is not None]
        return spec

    def as_list(self, raw, where) -> list:
        if not isinstance(raw, list):
            self.problem(where, "must be a list of tables ([[...]])")
            return []
        return raw

    def param(self, raw, where) -> Param | None:
        if not isinstance(raw, dict):
            self.problem(where, "must be a table")
            return None
        unknown = [k for k in raw if k not in PARAM_FIELDS]
        if unknown:
            self.problem(where, f"unknown field(s) {unknown}; known: {', '.join(PARAM_FIELDS)}")
        name = raw.get("name")
        if not isinstance(name, str) or not A.NAME.match(name):
            self.problem(f"{where}.name", f"must be a name of letters, digits and _, got "
                                          f"{name!r}")
            return None
        setting = raw.get("setting", "")
        if not isinstance(setting, str):
            self.problem(f"{where}.setting", f"must be a setting's name, got {setting!r}")
            return None
        try:
            p = Param(name, raw.get("default"), low=raw.get("low"), high=raw.get("high"),
                      step=raw.get("step"), choices=tuple(raw.get("choices", ())),
                      integer=bool(raw.get("integer", False)), setting=setting)
        except ValueError as exc:  # a setting galton does not have, or a range outside it
            self.problem(f"{where} ({name})", str(exc))
            return None
        try:
            p.check(p.default)
        except (TypeError, ValueError) as exc:
            self.problem(f"{where} ({name})", f"default: {exc}")
            return None
        earlier = self.params.get(name)
        if earlier is not None and earlier != p:
            self.problem(where, f"parameter {name!r} appears twice with different settings")
        self.params[name] = p
        self.defined.add(name)
        return p

    def figure(self, raw, where) -> dict | None:
        if not isinstance(raw, dict):
            self.problem(where, "must be a table")
            return None
        kind = raw.get("kind")
        if kind not in FG.KINDS:
            self.problem(f"{where}.kind", f"must be one of {', '.join(FG.KINDS)}, got {kind!r}")
            return None
        out = {}
        for key, value in raw.items():
            if key not in FG.COMMON and key not in FG.KINDS[kind]:
                self.problem(where, f"a {kind} has no field {key!r}; its fields: "
                                    f"{', '.join(FG.COMMON + FG.KINDS[kind])}")
                continue
            out[key] = self.figure_field(key, value, f"{where}.{key}")
        if kind == "histogram":
            out.setdefault("counts", self.parse("drop_bins()", f"{where}.counts"))
            if out.get("expected") not in (None, "binomial", "board"):
                self.problem(f"{where}.expected", "must be \"binomial\" or \"board\"")
        if kind == "landscape" and ("slice" in out) == ("surface" in out):
            self.problem(where, "a landscape shows either a surface or a slice (by its name)")
        if kind == "history":
            for j, item in enumerate(out.get("series", ())):
                if item.get("column") not in FG.HISTORY:
                    self.problem(f"{where}.series[{j + 1}].column",
                                 f"must be one of {', '.join(FG.HISTORY)}")
        return out

    def figure_field(self, key, value, where):
        if key in FG.ITEMS:
            if not isinstance(value, list):
                self.problem(where, "must be a list of tables")
                return []
            items = []
            for j, item in enumerate(value):
                here = f"{where}[{j + 1}]"
                if not isinstance(item, dict):
                    self.problem(here, "must be a table")
                    continue
                unknown = [k for k in item if k not in FG.ITEMS[key]]
                if unknown:
                    self.problem(here, f"unknown field(s) {unknown}; known: "
                                       f"{', '.join(FG.ITEMS[key])}")
                items.append({k: self.figure_field(k, v, f"{here}.{k}") for k, v in item.items()
                              if k not in unknown})
            return items
        if key in FG.EXPRESSIONS:
            if isinstance(value, list):
                return [self.figure_field(key, v, f"{where}[{j + 1}]")
                        for j, v in enumerate(value)]
            if isinstance(value, str):
                return self.parse(value, where)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.problem(where, f"must be a number or an expression, got {value!r}")
            return value
        if key in ("color",) and isinstance(value, str):
            from galton.lessons.figure import COLORS

            if value not in COLORS:
                self.problem(where, f"unknown colour {value!r}; known: {', '.join(COLORS)}")
        if key == "style" and value not in ("line", "dash", "points", "line+points", "bars",
                                            "step"):
            self.problem(where, f"unknown style {value!r}")
        return value

    # --- names and words ---------------------------------------------------------------------
    def check_names(self):
        known = set(Q.NAMES) | self.defined
        for where, q in self.quantities:
            unknown = sorted(q.names - known)
            if unknown:
                try:  # parsed again for the column and the "did you mean"
                    Quantity(q.text, known, Q.arities())
                except ExpressionError as exc:
                    self.problem(where, f"{exc} (in {q.text!r})")
                    continue
                self.problem(where, f"unknown name(s) {unknown}")

    def check_texts(self, tables, specs):
        keys = {s.key for s in specs}
        context = self.defined
        for lang in texts.LANGUAGES:
            table = tables[lang]
            for key in sorted(keys - set(table["steps"])):
                self.problem(f"[{lang}.steps.{key}]", "missing: the step has no text in this "
                                                      "language")
            for key in sorted(set(table["steps"]) - keys):
                self.problem(f"[{lang}.steps.{key}]", "there is no step with this key")
            for name in sorted(self.params):
                if name not in table["labels"]:
                    self.problem(f"[{lang}.labels] {name}", "missing: the parameter's label")
            for key, text in _strings(table):
                # {ui:…}, {param:…}, {choice:…} name the window's labels, not values.
                for name in sorted(texts.placeholders(text) - context - set(texts.REFERENCES)):
                    self.problem(_place(lang, key), f"{{{name}}} is never computed (not a value, "
                                                    f"record, parameter or action result)")
        en, zh = dict(_strings(tables["en"])), dict(_strings(tables["zh_CN"]))
        for key in sorted(en.keys() - zh.keys()):
            self.problem(_place("zh_CN", key), "missing translation (the English text has it)")
        for key in sorted(zh.keys() - en.keys()):
            self.problem(_place("en", key), "missing (the 简体中文 text has it)")
        for key in sorted(en.keys() & zh.keys()):
            a, b = texts.placeholders(en[key]), texts.placeholders(zh[key])
            if a != b:
                self.problem(_place("zh_CN", key), f"fills in {sorted(b)} but the English "
                                                   f"text fills in {sorted(a)}")
        for spec in specs:
            for j, fig in enumerate(spec.figures):
                for where, word in _words(fig, f"{spec.where}, figure[{j + 1}]"):
                    if word not in tables["en"]["labels"] and word not in FG.WORDS["en"] \
                            and _has_words(word):
                        self.problem(where, f"{word!r} is not a label: add it to [en.labels] "
                                            f"and [zh_CN.labels] so that it is translated")


def _strings(table: dict):
    """(key, text) of every text of a language: ("title", ...), ("steps.train.body", ...),
    ("labels.loss", ...)."""
    for key in ("title", "summary"):
        yield key, table[key]
    for key, step in table["steps"].items():
        for f, text in step.items():
            yield f"steps.{key}.{f}", text
    for key, text in table["labels"].items():
        yield f"labels.{key}", text


def _place(lang: str, key: str) -> str:
    """"[zh_CN.steps.train] body" for ("zh_CN", "steps.train.body")."""
    table, _, field = key.rpartition(".")
    return f"[{lang}.{table}] {field}" if table else f"[{lang}] {field}"


def _words(fig: dict, where: str):
    for key in ("title", "xlabel", "ylabel"):
        if isinstance(fig.get(key), str):
            yield f"{where}.{key}", fig[key]
    for key in ("curves", "lines", "series", "trails", "markers", "notes"):
        for j, item in enumerate(fig.get(key, ())):
            for f in ("label", "text"):
                if isinstance(item.get(f), str):
                    yield f"{where}.{key}[{j + 1}].{f}", item[f]
    for j, column in enumerate(fig.get("columns", ())):
        yield f"{where}.columns[{j + 1}]", column
    for i, row in enumerate(fig.get("rows", ())):
        for j, cell in enumerate(row):
            yield f"{where}.rows[{i + 1}][{j + 1}]", cell


def _has_words(text: str) -> bool:
    """Text with a word in it (three letters in a row outside {placeholders}): words need a
    translation; "η = {lr:g}" or "x = y" do not."""
    bare = "".join(literal for literal, *_ in string.Formatter().parse(text))
    return re.search(r"[^\W\d_]{3}", bare) is not None
