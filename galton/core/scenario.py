"""Scenarios: a complete, reproducible set-up (data, board, training, seed) as a TOML file.

A scenario file looks like this (every field optional; missing ones take the defaults)::

    [scenario]
    name = "Sort three colours"
    format = 1

    [data]
    dataset = "colors"        # colors | picnic | xor | csv
    balls = 300
    colors = 3
    noise = 0.1
    test_fraction = 0.25
    # path = "my_balls.csv"   # for dataset = "csv", relative to the scenario file
    # label = "label"

    [board]
    rows = 6
    # cups = 3                # default: one cup per class
    init = "zeros"            # zeros | normal
    scale = 0.5

    [training]
    loss = "cross_entropy"    # cross_entropy | mse
    optimizer = "sgd"         # sgd | adagrad | rmsprop | adam | adamw
    lr = 0.5
    momentum = 0.0
    batch_size = 0            # 0: full batch
    seed = 0
    freeze = []               # rows whose pegs do not move
    # schedule = { name = "cosine", lr_max = 0.5, T = 500 }
    # clip = { name = "norm", max_norm = 1.0 }

Loading checks every field and reports the file, the table and the field, and what was
expected; the limits (``LIMITS``, ``TEXT_LIMITS``, ``CROSS_CHECKS`` below, and
galton.core.limits for the file) are listed in docs/files.md. Files are written atomically.
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

from galton.core import limits

FORMAT = 1

# Tables of mixed values (numbers, names, lists): read by key, checked by _check.
DEFAULTS: dict[str, dict[str, Any]] = {
    "scenario": {"name": "untitled", "format": FORMAT, "description": ""},
    "data": {"dataset": "colors", "balls": 300, "colors": 3, "noise": 0.1,
             "test_fraction": 0.25, "path": "", "label": "label"},
    "board": {"rows": 6, "cups": 0, "init": "zeros", "scale": 0.5},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 0.5, "momentum": 0.0,
                 "nesterov": False, "batch_size": 0, "seed": 0, "freeze": []},
}
OPTIONAL_TABLES = {"training": ("schedule", "clip")}
CHOICES = {
    ("data", "dataset"): ("colors", "picnic", "xor", "csv"),
    ("board", "init"): ("zeros", "normal"),
    ("training", "loss"): ("cross_entropy", "mse"),
    ("training", "optimizer"): ("sgd", "adagrad", "rmsprop", "adam", "adamw"),
}


#: Ranges of the number fields, inclusive: (low, high); high None: no upper bound. A tuple of
#: three, (low, high, "open"), excludes high.
LIMITS = {
    ("scenario", "format"): (1, None),
    ("data", "balls"): (1, limits.MAX_BALLS),
    ("data", "colors"): (2, 8),
    ("data", "noise"): (0.0, 10.0),
    ("data", "test_fraction"): (0.0, 1.0, "open"),
    ("board", "rows"): (1, limits.MAX_ROWS),
    ("board", "cups"): (0, limits.MAX_ROWS + 1),
    # A larger spread saturates every peg; far larger ones make parameters overflow to inf.
    ("board", "scale"): (0.0, 100.0),
    ("training", "lr"): (0.0, None),
    ("training", "momentum"): (0.0, 1.0, "open"),
    ("training", "batch_size"): (0, limits.MAX_BALLS),
    ("training", "seed"): (0, 2**63 - 1),
}
#: Longest text of the text fields (characters), and longest lists.
TEXT_LIMITS = {("scenario", "name"): 200, ("scenario", "description"): 10_000,
               ("data", "path"): 4_096, ("data", "label"): 200}
LIST_LIMITS = {("training", "freeze"): limits.MAX_ROWS}
#: Balls a generated dataset needs at least, and the classes (cups) it makes.
DATASET_MINIMUM = {"colors": lambda d: d["colors"], "xor": lambda d: 4, "picnic": lambda d: 1}
DATASET_CLASSES = {"colors": lambda d: d["colors"], "xor": lambda d: 2, "picnic": lambda d: 2}


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


def _check(where, table, key, value, default):
    label = f"{where}: [{table}] {key}"
    choices = CHOICES.get((table, key))
    if choices is not None:
        if value not in choices:
            raise ScenarioError(f"{label} must be one of {list(choices)}, got {value!r}")
        return value
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ScenarioError(f"{label} must be true or false, got {value!r}")
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScenarioError(f"{label} must be a whole number, got {value!r}")
        if value < 0:
            raise ScenarioError(f"{label} must be >= 0, got {value}")
    elif isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ScenarioError(f"{label} must be a number, got {value!r}")
        value = float(value)
        if not value == value or value in (float("inf"), float("-inf")) or value < 0:
            raise ScenarioError(f"{label} must be a finite number >= 0, got {value}")
    elif isinstance(default, str):
        if not isinstance(value, str):
            raise ScenarioError(f"{label} must be text, got {value!r}")
        most = TEXT_LIMITS.get((table, key))
        if most is not None and len(value) > most:
            raise ScenarioError(f"{label} must be at most {most:,} characters, got "
                                f"{len(value):,}")
    elif isinstance(default, list):
        if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
            raise ScenarioError(f"{label} must be a list of row numbers, got {value!r}"[:300])
        most = LIST_LIMITS.get((table, key))
        if most is not None and len(value) > most:
            raise ScenarioError(f"{label} must list at most {most} rows, got {len(value)}")
    bounds = LIMITS.get((table, key))
    if bounds is not None:
        low, high, *open_ = bounds
        if value < low or (high is not None and (value >= high if open_ else value > high)):
            span = (f">= {low:,}" if high is None else
                    f"from {low:,} up to (not including) {high:,}" if open_ else
                    f"{low:,}..{high:,}")
            raise ScenarioError(f"{label} must be {span}, got {value:,}")
    return value


def _cross_checks(values: dict, where: str) -> None:
    """Checks between fields (each message names the file and the tables)."""
    data, board, training = values["data"], values["board"], values["training"]
    if data["dataset"] == "csv" and not data["path"]:
        raise ScenarioError(f"{where}: [data] path must name a CSV file when dataset = \"csv\"")
    if data["dataset"] in ("csv", "picnic"):
        balls = None  # a CSV's balls are counted when it is read; picnic has 8 per 8 asked
    else:
        balls = data["balls"]
        least = DATASET_MINIMUM[data["dataset"]](data)
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
    classes = DATASET_CLASSES.get(data["dataset"], lambda d: None)(data)
    if classes is not None:
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
        for key, value in content.items():
            optional = OPTIONAL_TABLES.get(table, ())
            if key in optional:
                if not isinstance(value, dict) or "name" not in value:
                    raise ScenarioError(f"{where}: [{table}] {key} must be a table with a name, "
                                        f"e.g. {{ name = \"cosine\", ... }}")
                values[table][key] = dict(value)
                continue
            if key not in values[table]:
                known = list(values[table]) + list(optional)
                raise ScenarioError(f"{where}: [{table}] has no field {key!r}; known: {known}")
            values[table][key] = _check(where, table, key, value, DEFAULTS[table][key])
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
