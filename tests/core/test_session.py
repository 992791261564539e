"""The Session (the app's single source of truth) and scenario files."""

import re

import numpy as np
import pytest

from galton.core import scenario as scenarios
from galton.core.scenario import ScenarioError
from galton.session import Session


def recorder(session, *names):
    seen = []
    for name in names:
        session.events.connect(name, lambda *args, n=name: seen.append(n))
    return seen


def test_default_session_trains_and_announces():
    s = Session()
    seen = recorder(s, "params", "trained")
    snap = s.step(20)
    assert snap.step == 20 and seen == ["params", "trained"]
    assert s.trainer.evaluate()["test_accuracy"] > 0.9


def test_settings_rebuild_only_what_they_must():
    s = Session()
    s.step(5)
    theta = s.board.theta.copy()
    seen = recorder(s, "board", "settings", "data")
    s.set(lr=0.1, optimizer="adam")
    assert np.array_equal(s.board.theta, theta)  # training settings keep the pegs
    assert s.trainer.optimizer.name == "Adam" and s.lr == 0.1
    assert seen == ["settings", "settings"]
    s.set(rows=4)
    assert s.board.rows == 4 and "board" in seen
    s.set(colors=4)
    assert s.data.n_classes == 4 and s.board.cups == 4 and "data" in seen


def test_bad_setting_changes_nothing():
    s = Session()
    before = s.scenario.to_toml()
    board = s.board
    with pytest.raises(ValueError, match=re.escape("rows must be 1..512")):
        s.set(rows=0)
    with pytest.raises(ValueError, match="unknown setting 'speed'"):
        s.set(speed=3)
    with pytest.raises(ValueError, match=r"\[training\] optimizer must be one of"):
        s.set(optimizer="lion")
    assert s.scenario.to_toml() == before and s.board.rows == board.rows


def test_lr_changes_mid_run_and_turn_peg():
    s = Session()
    s.lr = 0.01
    assert s.trainer.optimizer.lr == 0.01 and s.scenario["training"]["lr"] == 0.01
    seen = recorder(s, "params")
    s.turn_peg(2, 1, weights=[1, 2, 3, 4], bias=-1)
    assert s.board.theta[s.board.peg_index(2, 1)].tolist() == [1, 2, 3, 4, -1]
    assert seen == ["params"]
    with pytest.raises(ValueError, match="weights must hold 4 numbers"):
        s.turn_peg(0, 0, weights=[1])


def test_lr_is_checked_as_the_scenario_checks_it():
    """``Session.lr`` and ``Session.set(lr=)`` accept what a scenario file's [training] lr
    accepts and nothing else; a refused value changes nothing."""
    s = Session()
    before = s.scenario.to_toml()
    seen = recorder(s, "settings")
    for bad, message in (("0.1", "lr must be a number"), (True, "lr must be a number"),
                         (-0.5, "lr must be a finite number >= 0"),
                         (float("nan"), "lr must be a finite number >= 0")):
        with pytest.raises(ValueError, match=re.escape(message)):
            s.lr = bad
        with pytest.raises(ValueError, match=re.escape(f"[training] {message}")):
            s.set(lr=bad)
        with pytest.raises(ScenarioError):
            scenarios.from_dict({"training": {"lr": bad}})
    assert s.scenario.to_toml() == before and s.trainer.optimizer.lr == 0.5 and seen == []
    s.lr = np.float32(0.25)
    assert type(s.scenario["training"]["lr"]) is float and s.lr == 0.25
    assert "lr = 0.25" in s.scenario.to_toml() and seen == ["settings"]


def test_reset_gives_the_same_initialisation_and_reinitialize_a_new_one():
    s = Session()
    s.set(init="normal")
    first = s.board.theta.copy()
    s.step(10)
    s.reset()
    assert np.array_equal(s.board.theta, first) and s.trainer.step_count == 0
    s.reinitialize()
    assert not np.array_equal(s.board.theta, first)
    assert s.scenario["training"]["seed"] == 1


def test_drop_uses_the_test_balls():
    s = Session()
    seen = recorder(s, "dropped")
    drop = s.drop(50, seed=3)
    assert len(drop) == 50 and seen == ["dropped"]
    labels, _again = s.last_drop
    assert np.array_equal(labels, s.test_set.y[np.arange(50) % len(s.test_set)])


def test_divergence_is_announced():
    s = Session()
    s.set(lr=1e4)
    s.trainer.max_param_norm = 20.0
    got = []
    s.events.connect("diverged", lambda ses, d: got.append(d))
    snap = s.step(50)
    assert snap.status == "diverged" and got and got[0].step == snap.diverged.step


def test_scenario_round_trip(tmp_path):
    s = Session()
    s.set(rows=7, optimizer="adam", lr=0.02, batch_size=16, colors=4,
          schedule={"name": "cosine", "lr_max": 0.02, "T": 100},
          clip={"name": "norm", "max_norm": 1.0}, freeze=[0])
    path = tmp_path / "mine.toml"
    s.save(path)
    again = Session.from_file(path)
    assert again.scenario.values == s.scenario.values
    assert again.board.rows == 7 and again.trainer.schedule.lr_at(50) == pytest.approx(0.01)
    s.step(5)
    again.step(5)
    assert np.array_equal(s.board.theta, again.board.theta)


def test_csv_scenario_path_is_relative_to_the_file(tmp_path):
    from galton import datasets

    datasets.colors(60, seed=2).to_csv(tmp_path / "balls.csv")
    (tmp_path / "csv.toml").write_text('[data]\ndataset = "csv"\npath = "balls.csv"\n')
    s = Session.from_file(tmp_path / "csv.toml")
    assert s.data.name == "balls" and len(s.data) == 60


@pytest.mark.parametrize("text,match", [
    ("[board\nrows = 3", "not valid TOML"),
    ("[boards]\nrows = 3", r"unknown table \[boards\]"),
    ("[board]\nrow = 3", r"\[board\] has no field 'row'"),
    ("[board]\nrows = 'six'", r"\[board\] rows must be a whole number"),
    ("[board]\nrows = -2", r"\[board\] rows must be >= 0"),
    ("[training]\nlr = -0.5", r"\[training\] lr must be a finite number >= 0"),
    ("[training]\nloss = 'hinge'", r"\[training\] loss must be one of"),
    ("[training]\nfreeze = [true]", r"\[training\] freeze must be a list of row numbers"),
    ("[training]\nschedule = 3", r"\[training\] schedule must be a table with a name"),
    ("[data]\ndataset = 'csv'", r"\[data\] path must name a CSV file"),
    ("[scenario]\nformat = 9", "newer galton"),
])
def test_bad_scenario_files_name_file_table_and_field(tmp_path, text, match):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=r"bad.toml.*" + match if "TOML" in match else match):
        scenarios.load(path)


def test_loading_a_bad_scenario_leaves_the_session_as_it_was(tmp_path):
    s = Session()
    s.step(3)
    theta = s.board.theta.copy()
    path = tmp_path / "bad.toml"
    path.write_text("[board]\nrows = 0\n")
    with pytest.raises(ValueError, match=re.escape("rows must be 1..512")):
        s.load(path)
    assert s.board.rows == 6
    with pytest.raises(ScenarioError, match="file not found"):
        s.load(tmp_path / "missing.toml")
    assert np.array_equal(s.board.theta, theta) and s.trainer.step_count == 3
