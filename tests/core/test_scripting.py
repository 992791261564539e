"""Scripting without Qt: the namespace, `galton run`, the examples, and the Session hooks the
console and the recorder stand on (called events, the heartbeat, robust events)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import galton
from galton.cli import main
from galton.resources import asset_path
from galton.scripting import ScriptError, namespace, run_script, stop_following
from galton.session import Session

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.py"))


# --- the namespace ---------------------------------------------------------------------------
def test_namespace_holds_the_documented_names():
    session = Session()
    ns = namespace(session)
    assert ns["session"] is session and ns["board"] is session.board
    assert ns["trainer"] is session.trainer and ns["data"] is session.data
    assert ns["galton"] is galton and ns["np"] is np
    import importlib

    assert ns["landscape"] is importlib.import_module("galton.landscape")


def test_names_follow_the_session_when_it_rebuilds_its_objects():
    session = Session()
    ns = namespace(session)
    session.set(rows=4)  # new board and trainer
    assert ns["board"] is session.board and ns["board"].rows == 4
    assert ns["trainer"] is session.trainer
    session.set(lr=0.1)  # training settings: a new trainer on a copy of the pegs
    assert ns["trainer"] is session.trainer and ns["board"] is session.board
    session.load(asset_path("scenarios", "picnic.toml"))
    assert ns["data"] is session.data and ns["data"].n_classes == session.board.cups
    session.reset()
    assert ns["board"] is session.board


def test_a_name_the_user_assigned_is_left_alone():
    session = Session()
    ns = namespace(session)
    mine = galton.Board(2, 2, 2)
    ns["board"] = mine
    session.set(rows=3)
    assert ns["board"] is mine and ns["trainer"] is session.trainer
    stop_following(ns)
    session.set(rows=5)
    assert ns["trainer"] is not session.trainer  # no longer followed


def test_landscape_is_left_out_when_it_cannot_be_imported(monkeypatch):
    import galton.scripting

    monkeypatch.setattr(galton.scripting, "landscape_module", lambda: None)
    assert "landscape" not in namespace(Session())


# --- galton run ------------------------------------------------------------------------------
def write(tmp_path, text, name="script.py"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_run_script_gives_the_names_and_arguments(tmp_path):
    path = write(tmp_path, "import sys\nsession.set(rows=3)\nsession.step(2)\n"
                           "result = (board.rows, trainer.step_count, sys.argv[1:])\n")
    ns = run_script(path, argv=["--fast", "1"])
    assert ns["result"] == (3, 2, ["--fast", "1"])
    assert ns["__name__"] == "__main__" and ns["__file__"] == str(path)


def test_a_failing_script_names_its_file_line_and_error(tmp_path):
    path = write(tmp_path, "session.step(1)\n\nsession.set(rows='many')\n")
    with pytest.raises(ScriptError) as caught:
        run_script(path)
    report = caught.value.report
    assert caught.value.exit_code == 1
    assert f"{path}, line 3: ScenarioError" in report and "rows must be a whole number" in report
    assert 'File "' + str(path) + '", line 3' in report  # the traceback starts in the script
    assert "scripting.py" not in report.split("galton: error")[0].split("line 3")[0]


def test_syntax_errors_missing_files_and_exit_codes(tmp_path):
    with pytest.raises(ScriptError, match=r"line 2: invalid syntax|line 2: expected"):
        run_script(write(tmp_path, "x = 1\nif x\n"))
    with pytest.raises(ScriptError, match="cannot read the script") as caught:
        run_script(tmp_path / "missing.py")
    assert caught.value.exit_code == 2
    with pytest.raises(ScriptError) as caught:
        run_script(write(tmp_path, "raise SystemExit(3)\n"))
    assert caught.value.exit_code == 3
    run_script(write(tmp_path, "import sys\nsys.exit(0)\n"))  # success


def test_galton_run_in_process(tmp_path, capsys):
    ok = write(tmp_path, "session.step(3)\nprint('loss', round(float(trainer.history.last("
                         "'train_loss')), 3))\n")
    assert main(["run", str(ok)]) == 0
    assert "loss" in capsys.readouterr().out
    bad = write(tmp_path, "board.nonsense()\n", name="bad.py")
    assert main(["run", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and f"galton: error: {bad}, line 1: AttributeError" in err


def test_galton_run_starts_from_a_scenario(tmp_path, capsys):
    script = write(tmp_path, "print(session.scenario.name, board.rows)\n")
    preset = asset_path("scenarios", "xor_needs_depth.toml")
    assert main(["run", "--scenario", str(preset), str(script)]) == 0
    from galton.core.scenario import load

    expected = load(preset)
    assert capsys.readouterr().out.strip() == f"{expected.name} {expected['board']['rows']}"


def test_galton_run_command_exit_status_and_message(tmp_path):
    """The installed command, as a user runs it: status 0, then 1 with the error on stderr."""
    galton_command = Path(sys.executable).with_name("galton")
    ok = write(tmp_path, "session.step(2)\nprint('steps', trainer.step_count)\n")
    done = subprocess.run([str(galton_command), "run", str(ok)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "steps 2" in done.stdout
    bad = write(tmp_path, "x = 1\nsession.turn_peg(99, 0, bias=1.0)\n", name="bad.py")
    failed = subprocess.run([str(galton_command), "run", str(bad)], capture_output=True,
                            text=True, timeout=300)
    assert failed.returncode == 1
    assert f"galton: error: {bad}, line 2:" in failed.stderr
    assert failed.stdout == ""


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_run(example, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = ["run", str(example)]
    if "--out" in example.read_text():
        out = tmp_path / ("out" if "checkpoint" in example.name else "out.csv")
        argv += ["--out", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip()
    if "--out" in argv:
        assert Path(argv[-1]).exists()


def test_there_are_examples():
    names = {p.name for p in EXAMPLES}
    assert {"lr_sweep.py", "custom_dataset.py", "checkpoint_and_history.py"} <= names


# --- the session hooks -----------------------------------------------------------------------
def test_called_events_report_outermost_calls_after_they_succeed():
    session = Session()
    calls = []
    session.events.connect("called", lambda s, call: calls.append(call))
    session.reinitialize()  # calls set() inside: only reinitialize is reported
    session.lr = 0.2
    session.step(3)
    with pytest.raises(ValueError):
        session.set(rows="many")
    assert [c.name for c in calls] == ["reinitialize", "lr", "step"]
    assert calls[1].args == (0.2,) and calls[2].args == (3,) and calls[2].steps_before == 0


def test_heartbeat_sees_every_step_and_can_stop_training():
    session = Session()
    seen, trained = [], []
    session.events.connect("trained", lambda s, snap: trained.append(snap.step))

    def beat(snapshot):
        seen.append(snapshot.step)
        if snapshot.step == 5:
            raise KeyboardInterrupt

    session.heartbeat = beat
    with pytest.raises(KeyboardInterrupt):
        session.step(100)
    assert seen == [1, 2, 3, 4, 5]
    assert session.trainer.step_count == 5 and trained == [5]  # kept and published


def test_a_broken_subscriber_does_not_starve_the_others():
    session = Session()
    got = []
    session.events.connect("params", lambda s: 1 / 0)
    session.events.connect("params", lambda s: got.append(s))
    with pytest.raises(ZeroDivisionError):
        session.turn_peg(0, 0, bias=1.0)
    assert got == [session] and session.board.theta[0, -1] == 1.0


def test_checkpoints_through_the_session(tmp_path):
    session = Session()
    session.step(5)
    session.save_checkpoint(tmp_path / "c.npz")
    theta = session.board.theta.copy()
    session.step(5)
    events = []
    session.events.connect("params", lambda s: events.append("params"))
    session.load_checkpoint(tmp_path / "c.npz")
    assert np.array_equal(session.board.theta, theta) and session.trainer.step_count == 5
    assert events == ["params"]
