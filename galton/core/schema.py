"""The scenario's settings, described once: each table's fields with their type, range or
choices, unit, label and help.

Everything that reads or offers a setting reads it from here: the scenario loader
(galton.core.scenario checks every field with :meth:`Field.check`), ``Session.lr``, the
window's controls (their ranges, choices, labels and tooltips), the lesson parameters that
are settings (``Param(..., setting="lr")``) and the format table of docs/scenarios.md
(written by scripts/docs_tables.py; a test checks the page). The lists of names come from
the registries they belong to (optimizers, losses, initialisations, generated datasets,
schedules, clipping), so a new optimizer is offered everywhere by being registered.

    >>> from galton.core import schema
    >>> rows = schema.setting("rows")
    >>> rows.table, rows.low, rows.high, rows.label
    ('board', 1, 512, 'Rows')
    >>> rows.check(8, "rows")
    8
    >>> schema.setting("optimizer").choices
    ('sgd', 'adagrad', 'rmsprop', 'adam', 'adamw')

Labels and help are English; the window translates them (context "Scenario"):
``QT_TRANSLATE_NOOP`` only marks them for pyside6-lupdate, nothing here imports Qt.
"""

from __future__ import annotations

import inspect
import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from galton.core import limits
from galton.core.board import INITS
from galton.core.clipping import CLIPS
from galton.core.datasets import COLOR_BALLS, GENERATED
from galton.core.losses import LOSSES
from galton.core.optim import OPTIMIZERS
from galton.core.schedules import SCHEDULES

FORMAT = 1
#: The kinds of value a field holds, and what a file writes for them.
KINDS = {"whole": "whole number", "number": "number", "text": "text", "choice": "one of",
         "switch": "true or false", "rows": "list of row numbers", "table": "table with a name"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate reads
    """Marks ``text`` for translation under ``context``; returns it unchanged."""
    return text


@dataclass(frozen=True)
class Field:
    """One setting. ``low``/``high`` bound a number (inclusive; ``below``: ``high`` excluded;
    None: unbounded); ``longest`` bounds a text's characters or a list's items. ``shown`` is
    the range the window's controls offer when narrower than what a file may hold, ``step``
    their increment, ``log`` a logarithmic control; ``zero`` says what 0 means (a control
    shows it instead of 0)."""

    table: str
    key: str
    kind: str
    default: Any
    label: str
    help: str
    low: float | None = None
    high: float | None = None
    below: bool = False
    choices: tuple = ()
    unit: str = ""
    longest: int | None = None
    zero: str = ""
    shown: tuple[float, float] | None = None
    step: float | None = None
    log: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"[{self.table}] {self.key}: kind must be one of {list(KINDS)}")

    @property
    def type(self) -> type:
        """The Python type of a checked value."""
        return {"whole": int, "number": float, "text": str, "choice": str, "switch": bool,
                "rows": list, "table": dict}[self.kind]

    @property
    def numeric(self) -> bool:
        return self.kind in ("whole", "number")

    @property
    def span(self) -> str:
        """The range as errors and the docs write it: "1..512", ">= 0.0", "from 0.0 up to
        (not including) 1.0"."""
        low, high = self.low, self.high
        if high is None:
            return f">= {low:,}"
        return f"from {low:,} up to (not including) {high:,}" if self.below else \
            f"{low:,}..{high:,}"

    @property
    def widget_range(self) -> tuple[float, float]:
        """(lowest, highest) a control offers: ``shown``, else the range itself."""
        if self.shown is not None:
            return self.shown
        if self.low is None or self.high is None:
            raise ValueError(f"[{self.table}] {self.key} has no upper bound: give it shown=")
        return self.low, self.high

    def check(self, value, name: str):
        """``value`` checked (numbers as int or float), or a ValueError that begins with
        ``name`` (the loader passes "FILE: [table] key") and says what was expected."""
        if self.kind == "choice":
            if value not in self.choices:
                raise ValueError(f"{name} must be one of {list(self.choices)}, got {value!r}")
            return value
        if self.kind == "switch":
            if not isinstance(value, (bool, np.bool_)):
                raise ValueError(f"{name} must be true or false, got {value!r}")
            return bool(value)
        if self.kind == "whole":
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
                raise ValueError(f"{name} must be a whole number, got {value!r}")
            value = int(value)
            if value < 0:  # no scenario number is negative: say that first
                raise ValueError(f"{name} must be >= 0, got {value}")
        elif self.kind == "number":
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
                raise ValueError(f"{name} must be a number, got {value!r}")
            value = float(value)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite number >= 0, got {value}")
        elif self.kind == "text":
            if not isinstance(value, str):
                raise ValueError(f"{name} must be text, got {value!r}")
            if self.longest is not None and len(value) > self.longest:
                raise ValueError(f"{name} must be at most {self.longest:,} characters, got "
                                 f"{len(value):,}")
            return value
        elif self.kind == "rows":
            if not isinstance(value, list) or not all(
                    isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))
                    and int(v) >= 0 for v in value):
                raise ValueError(f"{name} must be a list of row numbers, got {value!r}"[:300])
            if self.longest is not None and len(value) > self.longest:
                raise ValueError(f"{name} must list at most {self.longest} rows, got "
                                 f"{len(value)}")
            return [int(v) for v in value]
        else:  # a table with a name, built by its registry (see galton.core.scenario)
            if not isinstance(value, dict) or "name" not in value:
                raise ValueError(f"{name} must be a table with a name, e.g. "
                                 f"{{ name = \"{self.choices[0]}\", ... }}")
            return dict(value)
        if (self.low is not None and value < self.low) or (self.high is not None and (
                value >= self.high if self.below else value > self.high)):
            raise ValueError(f"{name} must be {self.span}, got {value:,}")
        return value


@dataclass(frozen=True)
class Table:
    """A table of a scenario file: ``[name]``, its fields in the order files write them."""

    name: str
    label: str
    help: str
    fields: tuple[Field, ...]

    def __getitem__(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(f"[{self.name}] has no field {key!r}; known: {self.keys()}")

    def __contains__(self, key: str) -> bool:
        return any(f.key == key for f in self.fields)

    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def required(self) -> tuple[Field, ...]:
        """The fields every scenario holds (not the optional tables, schedule and clip)."""
        return tuple(f for f in self.fields if f.kind != "table")

    def optional(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind == "table")


SCENARIO = Table("scenario", QT_TRANSLATE_NOOP("Scenario", "Scenario"),
                 QT_TRANSLATE_NOOP("Scenario", "What the file is"), (
    Field("scenario", "name", "text", "untitled", QT_TRANSLATE_NOOP("Scenario", "Name"),
          QT_TRANSLATE_NOOP("Scenario", "The scenario's name, shown in the window's title"),
          longest=200),
    Field("scenario", "format", "whole", FORMAT, QT_TRANSLATE_NOOP("Scenario", "Format"),
          QT_TRANSLATE_NOOP("Scenario", "The version of the file format (a newer galton may "
                                        "write a higher one)"), low=1),
    Field("scenario", "description", "text", "", QT_TRANSLATE_NOOP("Scenario", "Description"),
          QT_TRANSLATE_NOOP("Scenario", "What the scenario shows, in a few sentences"),
          longest=10_000),
))

DATA = Table("data", QT_TRANSLATE_NOOP("Scenario", "Balls"),
             QT_TRANSLATE_NOOP("Scenario", "The balls to drop and to train on"), (
    Field("data", "dataset", "choice", "colors", QT_TRANSLATE_NOOP("Scenario", "Dataset"),
          QT_TRANSLATE_NOOP("Scenario", "Which balls to drop: colour balls, the picnic "
                                        "perceptron, XOR, or a CSV file of your own"),
          choices=(*GENERATED, "csv")),
    Field("data", "balls", "whole", 300, QT_TRANSLATE_NOOP("Scenario", "Balls"),
          QT_TRANSLATE_NOOP("Scenario", "How many balls the dataset holds"),
          low=1, high=limits.MAX_BALLS, unit="balls", shown=(8, 20_000), step=50),
    Field("data", "colors", "whole", 3, QT_TRANSLATE_NOOP("Scenario", "Colours"),
          QT_TRANSLATE_NOOP("Scenario", "How many colours (classes) the colour balls have"),
          low=2, high=len(COLOR_BALLS), unit="classes"),
    Field("data", "noise", "number", 0.1, QT_TRANSLATE_NOOP("Scenario", "Noise"),
          QT_TRANSLATE_NOOP("Scenario", "How far generated balls stray from their class's "
                                        "centre (a standard deviation)"),
          low=0.0, high=10.0, step=0.05),
    Field("data", "test_fraction", "number", 0.25, QT_TRANSLATE_NOOP("Scenario", "Test share"),
          QT_TRANSLATE_NOOP("Scenario", "Share of the balls held out to test on; 0 for none"),
          low=0.0, high=1.0, below=True, unit="share", shown=(0.0, 0.95), step=0.05),
    Field("data", "path", "text", "", QT_TRANSLATE_NOOP("Scenario", "CSV file"),
          QT_TRANSLATE_NOOP("Scenario", "The CSV file of balls when dataset = \"csv\", "
                                        "relative to the scenario file"), longest=4_096),
    Field("data", "label", "text", "label", QT_TRANSLATE_NOOP("Scenario", "Label column"),
          QT_TRANSLATE_NOOP("Scenario", "The CSV file's column that holds each ball's class"),
          longest=200),
))

BOARD = Table("board", QT_TRANSLATE_NOOP("Scenario", "Board"),
              QT_TRANSLATE_NOOP("Scenario", "The pegs and the cups"), (
    Field("board", "rows", "whole", 6, QT_TRANSLATE_NOOP("Scenario", "Rows"),
          QT_TRANSLATE_NOOP("Scenario", "Rows of pegs; row r has r+1 pegs"),
          low=1, high=limits.MAX_ROWS, unit="rows", shown=(1, 64)),
    Field("board", "cups", "whole", 0, QT_TRANSLATE_NOOP("Scenario", "Cups"),
          QT_TRANSLATE_NOOP("Scenario", "Cups under the bins; 0 gives one cup per class"),
          low=0, high=limits.MAX_ROWS + 1, unit="cups",
          zero=QT_TRANSLATE_NOOP("Scenario", "one per class"), shown=(0, 65)),
    Field("board", "init", "choice", "zeros", QT_TRANSLATE_NOOP("Scenario", "Initialisation"),
          QT_TRANSLATE_NOOP("Scenario", "zeros: every peg 50/50 (the classic binomial board); "
                                        "normal: random pegs"), choices=INITS),
    # A larger spread saturates every peg; far larger ones make parameters overflow to inf.
    Field("board", "scale", "number", 0.5, QT_TRANSLATE_NOOP("Scenario", "Spread"),
          QT_TRANSLATE_NOOP("Scenario", "Standard deviation of the random pegs of "
                                        "init = \"normal\""), low=0.0, high=100.0, step=0.1),
))

TRAINING = Table("training", QT_TRANSLATE_NOOP("Scenario", "Training"),
                 QT_TRANSLATE_NOOP("Scenario", "How the pegs learn"), (
    Field("training", "loss", "choice", "cross_entropy", QT_TRANSLATE_NOOP("Scenario", "Loss"),
          QT_TRANSLATE_NOOP("Scenario", "cross_entropy: −log of the right cup's probability; "
                                        "mse: the quadratic cost"), choices=LOSSES),
    Field("training", "optimizer", "choice", "sgd", QT_TRANSLATE_NOOP("Scenario", "Optimizer"),
          QT_TRANSLATE_NOOP("Scenario", "How a gradient becomes a turn of the pegs"),
          choices=tuple(OPTIMIZERS)),
    Field("training", "lr", "number", 0.5, QT_TRANSLATE_NOOP("Scenario", "Step size"),
          QT_TRANSLATE_NOOP("Scenario", "Step size (learning rate): how far one step turns the "
                                        "pegs against the gradient"),
          low=0.0, shown=(1e-5, 10.0), log=True),
    Field("training", "momentum", "number", 0.0, QT_TRANSLATE_NOOP("Scenario", "Momentum"),
          QT_TRANSLATE_NOOP("Scenario", "SGD only: how much of the last step carries on "
                                        "(heavy ball)"),
          low=0.0, high=1.0, below=True, shown=(0.0, 0.99), step=0.05),
    Field("training", "nesterov", "switch", False, QT_TRANSLATE_NOOP("Scenario", "Nesterov"),
          QT_TRANSLATE_NOOP("Scenario", "SGD with momentum: look ahead before stepping "
                                        "(Nesterov)")),
    Field("training", "batch_size", "whole", 0, QT_TRANSLATE_NOOP("Scenario", "Batch size"),
          QT_TRANSLATE_NOOP("Scenario", "Balls per step; 0 is the whole training set, 1 is "
                                        "plain SGD"),
          low=0, high=limits.MAX_BALLS, unit="balls",
          zero=QT_TRANSLATE_NOOP("Scenario", "full batch")),
    Field("training", "seed", "whole", 0, QT_TRANSLATE_NOOP("Scenario", "Seed"),
          QT_TRANSLATE_NOOP("Scenario", "Seeds the balls, the split, the initialisation and "
                                        "the batches"), low=0, high=2**63 - 1,
          shown=(0, 2**31 - 1)),  # a spin box holds 32-bit numbers
    Field("training", "freeze", "rows", [], QT_TRANSLATE_NOOP("Scenario", "Freeze rows"),
          QT_TRANSLATE_NOOP("Scenario", "Rows whose pegs do not move"),
          longest=limits.MAX_ROWS),
    Field("training", "schedule", "table", None, QT_TRANSLATE_NOOP("Scenario", "Schedule"),
          QT_TRANSLATE_NOOP("Scenario", "How the step size changes from step to step; none: "
                                        "it stays"), choices=tuple(SCHEDULES)),
    Field("training", "clip", "table", None, QT_TRANSLATE_NOOP("Scenario", "Clipping"),
          QT_TRANSLATE_NOOP("Scenario", "Limit the gradients: norm rescales them when their "
                                        "norm exceeds max_norm; value clips each entry"),
          choices=tuple(CLIPS)),
))

#: The tables of a scenario file, in the order files write them.
TABLES: dict[str, Table] = {t.name: t for t in (SCENARIO, DATA, BOARD, TRAINING)}
#: The tables whose fields ``Session.set`` changes (all but [scenario]).
SETTINGS_TABLES = ("data", "board", "training")


def setting(key: str) -> Field:
    """The field of ``Session.set(key=...)``: every key of [data], [board] and [training] is
    unique among them. A KeyError lists the known keys."""
    for name in SETTINGS_TABLES:
        if key in TABLES[name]:
            return TABLES[name][key]
    raise KeyError(f"unknown setting {key!r}; known: {sorted(settings())}")


def settings() -> dict[str, Field]:
    """Every setting ``Session.set`` takes, by key."""
    return {f.key: f for name in SETTINGS_TABLES for f in TABLES[name].fields}


def defaults() -> dict[str, dict[str, Any]]:
    """A new scenario's tables (the optional tables, schedule and clip, left out)."""
    return {t.name: {f.key: (list(f.default) if f.kind == "rows" else f.default)
                     for f in t.required()} for t in TABLES.values()}


# --- the docs' format table ------------------------------------------------------------------
#: The lines around the generated part of docs/scenarios.md.
BEGIN = "<!-- generated from galton/core/schema.py by scripts/docs_tables.py: do not edit -->"
END = "<!-- end of generated tables -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _value(f: Field, value) -> str:
    if f.kind in ("text", "choice"):
        return f'`"{value}"`'
    if f.kind == "switch":
        return f"`{str(value).lower()}`"
    if f.kind == "rows":
        return f"`{list(value)}`"
    if f.kind == "table":
        return "none"
    return f"`{value:,}`" if f.kind == "whole" else f"`{value}`"


def _parameters(cls) -> str:
    """A registry entry's settings as its constructor takes them: "lr_max, T, lr_min=0.0"."""
    out = []
    for p in inspect.signature(cls).parameters.values():
        out.append(p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default}")
    return ", ".join(out)


def _allowed(f: Field) -> str:
    if f.kind == "choice":
        return ", ".join(f"`{c}`" for c in f.choices)
    if f.kind == "table":  # the registry's entries and what each takes
        registry: dict[str, Any] = SCHEDULES if f.key == "schedule" else CLIPS
        return "`name` = " + "; ".join(f"`{c}` ({_parameters(registry[c])})"
                                        for c in f.choices)
    if f.numeric:
        span = f.span
        if f.low == 0 and f.zero:
            span += f" (0: {f.zero})"
        return span
    if f.longest is not None:
        return f"at most {f.longest:,} " + ("characters" if f.kind == "text" else "rows")
    return ""


def markdown() -> str:
    """The format tables of docs/scenarios.md: one per table, a row per field."""
    out = [BEGIN]
    for t in TABLES.values():
        out += ["", f"### `[{t.name}]` — {t.label}", "", t.help + ".", "",
                "| field | kind | default | allowed | unit | what it is |",
                "|---|---|---|---|---|---|"]
        out += [f"| `{f.key}` | {KINDS[f.kind]} | {_value(f, f.default)} | "
                f"{_cell(_allowed(f))} | {f.unit} | {_cell(f.help)} |" for f in t.fields]
    out += ["", END]
    return "\n".join(out) + "\n"
