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
expected. Files are written atomically.
"""

from __future__ import annotations

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
    elif isinstance(default, list):
        if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
            raise ScenarioError(f"{label} must be a list of row numbers, got {value!r}")
    return value


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
    if values["data"]["dataset"] == "csv" and not values["data"]["path"]:
        raise ScenarioError(f"{where}: [data] path must name a CSV file when dataset = \"csv\"")
    if not 0 < values["data"]["test_fraction"] < 1 and values["data"]["test_fraction"] != 0:
        raise ScenarioError(f"{where}: [data] test_fraction must be 0 (no test set) or between "
                            f"0 and 1, got {values['data']['test_fraction']}")
    return Scenario(values)


def load(path) -> Scenario:
    from galton.core.files import read_text

    path = Path(path)
    where = str(path)
    text = read_text(path, ScenarioError)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from None
    scenario = from_dict(raw, where)
    scenario.path = path
    return scenario
