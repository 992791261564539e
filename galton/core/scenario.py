"""Scenarios: a complete, reproducible set-up (data, board, training, seed) as a TOML file.

A scenario file holds up to four tables, every field optional (missing ones take the
defaults)::

    [scenario]
    name = "Sort three colours"

    [data]
    dataset = "colors"
    balls = 300

    [board]
    rows = 6

    [training]
    optimizer = "adam"
    lr = 0.05
    # schedule = { name = "cosine", lr_max = 0.05, T = 500 }

The fields, their types, ranges and choices are defined once in galton.core.schema;
docs/scenarios.md lists them (generated from it). Loading checks every field and reports the
file, the table and the field, and what was expected; the limits of the file itself are in
galton.core.limits (docs/files.md). Files are written atomically.
"""

from __future__ import annotations

import contextlib
import copy
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import tomli_w

from galton.core import limits, schema
from galton.core.datasets import GENERATED

FORMAT = schema.FORMAT

# Views of galton.core.schema by (table, key), for the code and tests that look a field up.
#: A new scenario's tables.
DEFAULTS: dict[str, dict[str, Any]] = schema.defaults()
#: The tables with optional sub-tables built by a registry (schedule, clip).
OPTIONAL_TABLES = {t.name: tuple(f.key for f in t.optional())
                   for t in schema.TABLES.values() if t.optional()}
CHOICES = {(f.table, f.key): f.choices for t in schema.TABLES.values() for f in t.fields
           if f.kind == "choice"}
#: Ranges of the number fields, inclusive: (low, high); high None: no upper bound. A tuple of
#: three, (low, high, "open"), excludes high.
LIMITS = {(f.table, f.key): ((f.low, f.high, "open") if f.below else (f.low, f.high))
          for t in schema.TABLES.values() for f in t.fields if f.numeric}
#: Longest text of the text fields (characters), and longest lists.
TEXT_LIMITS = {(f.table, f.key): f.longest for t in schema.TABLES.values() for f in t.fields
               if f.kind == "text"}
LIST_LIMITS = {(f.table, f.key): f.longest for t in schema.TABLES.values() for f in t.fields
               if f.kind == "rows"}


class ScenarioError(ValueError):
    """A scenario that cannot be used; names the file, the table and the field."""


@dataclass
class Scenario:
    values: dict = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    path: Path | None = None

    def __getitem__(self, table: str) -> dict:
        return self.values[table]

    @property
    def name(self) -> str:
        return self.values["scenario"]["name"]

    def to_toml(self) -> str:
        out = copy.deepcopy(self.values)
        for table, keys in OPTIONAL_TABLES.items():
            for key in keys:
                if out[table].get(key) is None:
                    out[table].pop(key, None)
        return tomli_w.dumps(out)

    def save(self, path) -> None:
        from galton.core.files import atomic_write_text

        atomic_write_text(path, self.to_toml())
        self.path = Path(path)

    def copy(self) -> Scenario:
        return Scenario(copy.deepcopy(self.values), self.path)


def _cross_checks(values: dict, where: str) -> None:
    """Checks between fields (each message names the file and the tables)."""
    data, board, training = values["data"], values["board"], values["training"]
    if data["dataset"] == "csv" and not data["path"]:
        raise ScenarioError(f"{where}: [data] path must name a CSV file when dataset = \"csv\"")
    if data["dataset"] in ("csv", "picnic"):
        balls = None  # a CSV's balls are counted when it is read; picnic has 8 per 8 asked
    else:
        balls = data["balls"]
        least = GENERATED[data["dataset"]].least_balls(data["colors"])
        if balls < least:
            raise ScenarioError(f"{where}: [data] balls must be at least {least} for "
                                f"dataset = {data['dataset']!r}, got {balls}")
    rows = board["rows"]
    if balls is not None and balls * rows > limits.MAX_ROWS_X_BALLS:
        raise ScenarioError(f"{where}: [data] balls × [board] rows must be at most "
                            f"{limits.MAX_ROWS_X_BALLS:,} (the work of one step), got "
                            f"{balls:,} × {rows} = {balls * rows:,}")
    cups = board["cups"]
    if cups and not 2 <= cups <= rows + 1:
        raise ScenarioError(f"{where}: [board] cups must be 0 (one per class) or 2..{rows + 1} "
                            f"(a board of {rows} rows has {rows + 1} bins), got {cups}")
    generated = GENERATED.get(data["dataset"])
    if generated is not None:
        classes = generated.classes(data["colors"])
        wanted = cups or classes
        if wanted < classes or wanted > rows + 1:
            raise ScenarioError(f"{where}: [board] a board of {rows} rows has {rows + 1} bins, "
                                f"too few for {classes} cups (one per class of "
                                f"dataset = {data['dataset']!r}); use more rows"
                                if wanted > rows + 1 else
                                f"{where}: [board] cups = {cups} is out of range: "
                                f"dataset = {data['dataset']!r} has {classes} classes, so at "
                                f"least {classes} cups (one per class)")
    frozen = training["freeze"]
    if frozen and max(frozen) >= rows:
        raise ScenarioError(f"{where}: [training] freeze must list rows 0..{rows - 1} (the "
                            f"board has {rows}), got {max(frozen)}")
    if balls is not None and training["batch_size"] > balls:
        raise ScenarioError(f"{where}: [training] batch_size must be 0 (full batch) or at most "
                            f"the {balls} balls of [data], got {training['batch_size']}")
    for key in OPTIONAL_TABLES["training"]:
        config = training.get(key)
        if config is not None:
            try:
                _build_optional(key, config)
            except ValueError as exc:
                raise ScenarioError(f"{where}: [training] {key}: {exc}") from None


def _build_optional(key: str, config: dict):
    from galton.core.clipping import clip_from_config
    from galton.core.schedules import schedule_from_config

    return (schedule_from_config if key == "schedule" else clip_from_config)(config)


def nesting(text: str) -> tuple[int, int]:
    """(deepest nesting of [ ] and { } in a TOML text, the line where it is reached), strings
    and comments skipped: checked before parsing, which recurses once per level."""
    depth = deepest = 0
    line = where = 1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and text[j:j + len(quote)] != quote:
                if c == '"' and text[j] == "\\":
                    j += 1
                if len(quote) == 1 and text[j] == "\n":
                    break
                j += 1
            line += text.count("\n", i, j)
            i = j + len(quote)
            continue
        elif c in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest, where


def from_dict(raw: dict, where: str = "scenario") -> Scenario:
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: expected tables of settings, got {type(raw).__name__}")
    values = copy.deepcopy(DEFAULTS)
    for table, content in raw.items():
        if table not in values:
            raise ScenarioError(f"{where}: unknown table [{table}]; known: "
                                f"{', '.join(f'[{t}]' for t in values)}")
        if not isinstance(content, dict):
            raise ScenarioError(f"{where}: [{table}] must be a table of settings")
        fields = schema.TABLES[table]
        for key, value in content.items():
            if key not in fields:
                raise ScenarioError(f"{where}: [{table}] has no field {key!r}; known: "
                                    f"{fields.keys()}")
            try:
                values[table][key] = fields[key].check(value, f"{where}: [{table}] {key}")
            except ValueError as exc:
                raise ScenarioError(str(exc)) from None
    fmt = values["scenario"]["format"]
    if fmt > FORMAT:
        raise ScenarioError(f"{where}: written by a newer galton (format {fmt}; this one reads "
                            f"up to {FORMAT})")
    _cross_checks(values, where)
    return Scenario(values)


def load(path) -> Scenario:
    from galton.core.files import read_text

    path = Path(path)
    where = str(path)
    text = read_text(path, ScenarioError, limit=limits.MAX_SCENARIO_BYTES)
    deepest, line = nesting(text)
    if deepest > limits.MAX_SCENARIO_NESTING:
        raise ScenarioError(f"{where}, line {line}: nested {deepest} levels deep; a scenario "
                            f"nests [ ] and {{ }} at most {limits.MAX_SCENARIO_NESTING} deep")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from None
    except RecursionError:  # the check above should make this impossible
        raise ScenarioError(f"{where}: nested too deeply") from None
    scenario = from_dict(raw, where)
    scenario.path = path
    return scenario


@contextlib.contextmanager
def naming(scenario: Scenario, where: str | None = None):
    """Building the balls, board and trainer of a checked scenario can still find a setting
    that does not fit the data (a batch larger than a CSV's training balls, fewer cups than
    its classes): re-raise such a ValueError naming the file and the setting's table."""
    try:
        yield
    except ScenarioError:
        raise
    except ValueError as exc:
        from galton.core.datasets import DatasetError

        if isinstance(exc, DatasetError):  # names its CSV file already
            raise
        where = where or (str(scenario.path) if scenario.path is not None else "scenario")
        message = str(exc)
        first = message.split(" ", 1)[0].split(".")[0]
        first = {"test": "test_fraction"}.get(first, first)  # the held-out balls
        table = next((t for t in ("data", "board", "training") if first in DEFAULTS[t]), None)
        label = f"[{table}] " if table else ""
        raise ScenarioError(f"{where}: {label}{message}") from None
