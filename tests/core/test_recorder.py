"""The recorder behind "Show as script": its script, run by `galton run`, rebuilds the state."""

import numpy as np
import pytest

from galton.recorder import Recorder, literal
from galton.resources import asset_path
from galton.scripting import run_script
from galton.session import Session


def replay(recorder, tmp_path):
    path = tmp_path / "session.py"
    path.write_text(recorder.script())
    return run_script(path)["session"]


def assert_same_state(a, b):
    assert a.scenario.values == b.scenario.values
    assert a.trainer.step_count == b.trainer.step_count
    assert np.array_equal(a.board.theta, b.board.theta)  # bit for bit


def test_round_trip_of_many_kinds_of_change(tmp_path):
    session = Session()
    recorder = Recorder(session)
    session.set(rows=5)
    session.lr = 0.3
    session.step(4)
    session.turn_peg(2, 1, weights=np.array([0.5, -1.0, 0.0, 1.0]), bias=0.25)
    session.drop(5)
    session.set(optimizer="adam", lr=0.05, schedule={"name": "cosine", "lr_max": 0.05, "T": 50})
    for snapshot in session.iterate(7):  # what the Play button's worker does
        session.publish(snapshot)
    session.load(asset_path("scenarios", "picnic.toml"))
    session.step(12)
    session.trainer.rewind(5)  # the window's "restore last good checkpoint"
    session.publish_rewind()
    session.reinitialize()
    session.set(clip={"name": "norm", "max_norm": 1.0}, freeze=[0])
    session.step(3)
    session.trainer.run(2)  # behind the session's back: counted, written as steps
    assert_same_state(replay(recorder, tmp_path), session)


def test_script_reads_like_what_was_done():
    session = Session()
    recorder = Recorder(session)
    for lr in (0.1, 0.2, 0.3):  # a slider dragged: only the last value stays
        session.lr = lr
    for rows in (7, 8):
        session.set(rows=rows)
    for _ in range(3):  # Step, Step, Step
        session.step(1)
    for _ in range(4):  # the continuous drop
        session.drop(5)
    session.load(asset_path("scenarios", "picnic.toml"))
    lines = recorder.script().splitlines()
    body = [line for line in lines[lines.index('"""', 1) + 1:]
            if line and not line.startswith("from ")]
    assert body == ["session.lr = 0.3", "session.set(rows=8)", "session.step(3)",
                    "for _ in range(4):", "    session.drop(5)",
                    "session.load(asset_path('scenarios', 'picnic.toml'))"]
    assert "from galton.resources import asset_path" in lines
    assert "galton run" in lines[2]


def test_a_failed_call_is_not_recorded():
    session = Session()
    recorder = Recorder(session)
    with pytest.raises(ValueError):
        session.set(rows="many")
    assert "many" not in recorder.script() and "nothing was changed" in recorder.script()


def test_recording_starts_from_the_session_as_it_is(tmp_path):
    scenario = tmp_path / "mine.toml"
    s = Session()
    s.set(rows=4, optimizer="rmsprop")
    s.save(scenario)
    session = Session.from_file(scenario)
    session.set(lr=0.02)  # changed after loading, before recording
    session.step(6)
    recorder = Recorder(session)
    session.step(2)
    script = recorder.script()
    assert f"session.load({str(scenario.resolve())!r})" in script
    assert "session.set(lr=0.02)" in script and "session.step(8)" in script
    assert_same_state(replay(recorder, tmp_path), session)


def test_training_in_progress_is_written_as_steps():
    session = Session()
    recorder = Recorder(session)
    session.trainer.run(9)  # e.g. Play still running: no snapshot published yet
    assert recorder.script().rstrip().endswith("session.step(9)")


def test_literals_evaluate_back():
    values = [np.array([[1.5, -2.0], [0.1, 3.0]]), np.float64(0.1), (1,), {"a": [1, 2]},
              float("inf"), "text", None, True]
    for value in values:
        back = eval(literal(value), {"np": np})
        if isinstance(value, np.ndarray):
            assert np.array_equal(back, value)
        else:
            assert back == value
