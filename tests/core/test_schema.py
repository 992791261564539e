"""galton.core.schema: one definition of every scenario setting, read by the loader, the
Session, the lesson parameters, galton train and the docs' format table."""

import math
import re
import runpy
from pathlib import Path

import numpy as np
import pytest

from galton.core import scenario as scenarios
from galton.core import schema
from galton.core.board import INITS
from galton.core.clipping import CLIPS
from galton.core.datasets import GENERATED
from galton.core.losses import LOSSES
from galton.core.optim import OPTIMIZERS
from galton.core.schedules import SCHEDULES
from galton.lessons.base import Param

ROOT = Path(__file__).resolve().parents[2]
FIELDS = [f for t in schema.TABLES.values() for f in t.fields]


def test_the_lists_are_the_registries():
    assert schema.setting("optimizer").choices == tuple(OPTIMIZERS)
    assert schema.setting("loss").choices == tuple(LOSSES)
    assert schema.setting("init").choices == tuple(INITS)
    assert schema.setting("dataset").choices == (*GENERATED, "csv")
    assert schema.setting("schedule").choices == tuple(SCHEDULES)
    assert schema.setting("clip").choices == tuple(CLIPS)
    assert scenarios.CHOICES[("training", "optimizer")] == tuple(OPTIMIZERS)


def test_defaults_pass_their_own_checks_and_make_the_default_scenario():
    for f in FIELDS:
        if f.kind != "table":
            assert f.check(f.default, f.key) == f.default, f.key
        assert f.label and f.help, f.key
    assert scenarios.from_dict(schema.defaults()).values == scenarios.Scenario().values
    # Session.set takes every field of [data], [board] and [training], and only those.
    assert set(schema.settings()) == {f.key for f in FIELDS if f.table != "scenario"}
    with pytest.raises(KeyError, match="unknown setting 'name'"):
        schema.setting("name")


@pytest.mark.parametrize("f", [f for f in schema.settings().values() if f.numeric],
                         ids=lambda f: f.key)
def test_what_a_control_offers_a_file_accepts(f):
    low, high = f.widget_range
    assert f.check(low, f.key) == low and low <= f.default <= high
    if f.below:  # the top of an open range is refused, the control stops short of it
        assert high < f.high
    else:
        assert f.check(high, f.key) == high
    if f.low is not None and f.low > 0:
        with pytest.raises(ValueError, match=re.escape(f"{f.key} must be {f.span}")):
            f.check(type(f.low)(f.low - 1 if f.kind == "whole" else f.low / 2), f.key)


@pytest.mark.parametrize("key,bad,message", [
    ("rows", 2.0, "must be a whole number, got 2.0"),
    ("rows", True, "must be a whole number, got True"),
    ("rows", 513, "must be 1..512, got 513"),
    ("balls", -1, "must be >= 0, got -1"),
    ("lr", "0.1", "must be a number, got '0.1'"),
    ("lr", math.inf, "must be a finite number >= 0, got inf"),
    ("momentum", 1.0, "must be from 0.0 up to (not including) 1.0, got 1.0"),
    ("nesterov", 1, "must be true or false, got 1"),
    ("optimizer", "lion", "must be one of ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw']"),
    ("freeze", [0, -1], "must be a list of row numbers"),
    ("freeze", list(range(513)), "must list at most 512 rows, got 513"),
    ("label", "x" * 201, "must be at most 200 characters, got 201"),
    ("schedule", {"T": 5}, 'must be a table with a name, e.g. { name = "constant", ... }'),
])
def test_a_refused_value_is_named_with_what_was_expected(key, bad, message):
    with pytest.raises(ValueError, match=re.escape(f"my.toml: [x] {key} {message}")):
        schema.setting(key).check(bad, f"my.toml: [x] {key}")


def test_numpy_values_are_stored_as_python_ones():
    assert type(schema.setting("rows").check(np.int64(8), "rows")) is int
    assert type(schema.setting("lr").check(np.float32(0.25), "lr")) is float
    assert schema.setting("nesterov").check(np.bool_(True), "nesterov") is True
    assert schema.setting("freeze").check([np.int64(1)], "freeze") == [1]


def test_a_lesson_parameter_that_is_a_setting_takes_its_range_and_checks():
    rows = Param("rows", 8, setting="rows")
    assert (rows.low, rows.high, rows.integer) == (1, 64, True)  # the window's range
    narrowed = Param("lr", 0.5, low=0.01, high=2.0, step=0.05, setting="lr")
    assert (narrowed.low, narrowed.high, narrowed.step) == (0.01, 2.0, 0.05)
    assert Param("optimizer", "adam", setting="optimizer").choices == tuple(OPTIMIZERS)
    with pytest.raises(ValueError, match=re.escape("lr must be a number, got '0.3'")):
        narrowed.check("0.3")
    with pytest.raises(ValueError, match=re.escape("lr must be between 0.01 and 2.0")):
        narrowed.check(3.0)
    with pytest.raises(ValueError, match="parameter lr's range: lr must be a finite number"):
        Param("lr", 0.5, low=-1.0, setting="lr")
    with pytest.raises(ValueError, match="unknown setting 'step_size'"):
        Param("lr", 0.5, setting="step_size")
    with pytest.raises(ValueError, match=r"\['lion'\] are not among the optimizer choices"):
        Param("opt", "sgd", choices=("sgd", "lion"), setting="optimizer")


def test_the_docs_format_table_is_the_schema():
    script = runpy.run_path(str(ROOT / "scripts" / "docs_tables.py"))
    page = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    assert schema.markdown().strip() in page
    assert script["updated"](page) == page, "run scripts/docs_tables.py"
    for f in FIELDS:  # every field has its row, with its range
        assert f"| `{f.key}` |" in page
        if f.numeric and f.high is not None:
            assert f.span.replace("|", "\\|") in page
