"""Scenario files are read within limits (the LIMITS table, text lengths, balls × rows, file
size, nesting), and every range error names the file, the table and the field."""

import time

import pytest

from galton.core import limits
from galton.core import scenario as scenarios
from galton.core.scenario import LIMITS, TEXT_LIMITS, ScenarioError
from galton.session import Session


def load_text(tmp_path, text, name="bad.toml"):
    path = tmp_path / name
    path.write_text(text)
    return scenarios.load(path)


def toml_value(value):
    return repr(value).lower() if isinstance(value, bool) else repr(value)


def outside(table, key):
    """Values just outside each end of a LIMITS entry."""
    low, high, *open_ = LIMITS[(table, key)]
    step = 1 if isinstance(low, int) and not isinstance(low, bool) else 1e-9
    out = [low - step] if low > 0 else []
    if high is not None:
        out.append(high if open_ else high + step)
    return out


CASES = [(t, k, v) for (t, k) in LIMITS for v in outside(t, k)]


@pytest.mark.parametrize("table,key,value", CASES, ids=[f"{t}.{k}={v}" for t, k, v in CASES])
def test_every_limit_is_checked_with_file_table_and_field(tmp_path, table, key, value):
    with pytest.raises(ScenarioError) as exc:
        load_text(tmp_path, f"[{table}]\n{key} = {toml_value(value)}\n")
    assert str(exc.value).startswith(f"{tmp_path / 'bad.toml'}: [{table}] {key} must be")


@pytest.mark.parametrize("table,key", list(TEXT_LIMITS))
def test_text_fields_have_a_length_limit(tmp_path, table, key):
    most = TEXT_LIMITS[(table, key)]
    with pytest.raises(ScenarioError, match=rf"\[{table}\] {key} must be at most {most:,} "):
        load_text(tmp_path, f'[{table}]\n{key} = "{"x" * (most + 1)}"\n')


# The range errors that used to come from building the session and named neither the file
# nor the table (issue 16), and others of the same kind.
BUILD_ERRORS = [
    ("[data]\nballs = 2", r"\[data\] balls must be at least 3 for dataset = 'colors'"),
    ("[data]\ncolors = 9", r"\[data\] colors must be 2..8"),
    ("[data]\nnoise = 1e308", r"\[data\] noise must be 0.0..10.0"),
    ("[data]\ndataset = 'xor'\nballs = 3", r"\[data\] balls must be at least 4"),
    ("[board]\nrows = 0", r"\[board\] rows must be 1..512"),
    ("[board]\nrows = 513", r"\[board\] rows must be 1..512"),
    ("[board]\ncups = 1", r"\[board\] cups must be 0 \(one per class\) or 2..7"),
    ("[board]\ncups = 8", r"\[board\] cups must be 0 \(one per class\) or 2..7"),
    ("[board]\ncups = 2", r"\[board\] cups = 2 is out of range: dataset = 'colors' has 3"),
    ("[board]\nrows = 1", r"\[board\] a board of 1 rows has 2 bins, too few for 3 cups"),
    ("[board]\nscale = 1e300", r"\[board\] scale must be 0.0..100.0"),
    ("[training]\nmomentum = 1.0", r"\[training\] momentum must be from 0.0 up to"),
    ("[training]\nbatch_size = 301", r"\[training\] batch_size must be 0 \(full batch\) or at "),
    ("[training]\nbatch_size = 250", r"\[training\] batch_size must be 1..225"),
    ("[training]\nseed = 9223372036854775807\n[data]\nballs = 3",
     r"\[data\] test must hold at least one ball, got 0 \(too few balls to hold some out"),
    ("[training]\nfreeze = [6]", r"\[training\] freeze must list rows 0..5"),
    ("[training]\nschedule = { name = 'nope' }", r"\[training\] schedule: schedule must be one"),
    ("[training]\nschedule = { name = 'step' }", r"\[training\] schedule: schedule 'step'"),
    ("[training]\nclip = { name = 'norm', max_norm = -1 }", r"\[training\] clip: max_norm"),
    ("[training]\nclip = { name = 'what' }", r"\[training\] clip: clip config must"),
    ("[data]\ntest_fraction = 1.0", r"\[data\] test_fraction must be from 0.0 up to"),
    ("[data]\nballs = 1000000\n[board]\nrows = 21",
     r"\[data\] balls × \[board\] rows must be at most 20,000,000"),
]


@pytest.mark.parametrize("text,match", BUILD_ERRORS)
def test_range_errors_name_the_file_and_the_table(tmp_path, text, match):
    """Loading a session from the file (what the app, galton export and galton run do)."""
    path = tmp_path / "bad.toml"
    path.write_text(text + "\n")
    with pytest.raises(ValueError) as exc:
        Session.from_file(path)
    message = str(exc.value)
    assert message.startswith(f"{path}: [") or message.startswith(f"{path}, line")
    assert __import__("re").search(match, message), message


def test_a_batch_larger_than_a_csvs_training_balls_names_the_scenario(tmp_path):
    import galton

    galton.datasets.colors(40, seed=0).to_csv(tmp_path / "balls.csv")
    path = tmp_path / "mine.toml"
    path.write_text('[data]\ndataset = "csv"\npath = "balls.csv"\n[training]\nbatch_size = 39\n')
    with pytest.raises(ScenarioError, match=r"mine.toml: \[training\] batch_size must be 1..30"):
        Session.from_file(path)


def test_a_2_kb_file_nested_1000_deep_is_a_clear_error(tmp_path):
    text = "[training]\nfreeze = " + "[" * 1000 + "]" * 1000 + "\n"
    assert len(text) < 2100
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=r"bad.toml, line 2: nested 1000 levels deep; a "
                                            r"scenario nests \[ \] and \{ \} at most 8 deep"):
        load_text(tmp_path, text)
    assert time.perf_counter() - start < 1.0
    inline = "[training]\nschedule = " + "{ a = " * 1000 + "1" + " }" * 1000 + "\n"
    with pytest.raises(ScenarioError, match="nested 1000 levels deep"):
        load_text(tmp_path, inline)


def test_brackets_inside_strings_and_comments_are_not_nesting(tmp_path):
    text = ('[scenario]\nname = "[[[[[[[[[[[[["  # {{{{{{{{{{{{{{\n'
            "description = '''\n[[[[[[[[[[[[[[[[[\n'''\n")
    scenario = load_text(tmp_path, text, "fine.toml")
    assert scenario.name == "[[[[[[[[[[[[["


def test_a_file_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SCENARIO_BYTES", 1000)
    with pytest.raises(ScenarioError, match="larger than 1,000 bytes"):
        load_text(tmp_path, "# " + "x" * 2000 + "\n")


def test_scale_that_would_overflow_parameters_is_refused_and_the_session_kept(tmp_path):
    s = Session()
    before = s.board.theta.copy()
    with pytest.raises(ScenarioError, match=r"settings: \[board\] scale must be 0.0..100.0"):
        s.set(init="normal", scale=1e308)
    assert (s.board.theta == before).all()
    path = tmp_path / "huge.toml"
    path.write_text("[board]\ninit = 'normal'\nscale = 1e200\n")
    with pytest.raises(ScenarioError, match=r"huge.toml: \[board\] scale"):
        s.load(path)
    assert (s.board.theta == before).all()
