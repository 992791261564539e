"""The galton command: help, version, headless training, bad input."""

import re
import subprocess
import sys

import pytest

import galton
from galton.cli import main


def test_module_entry_point_prints_version():
    out = subprocess.run([sys.executable, "-m", "galton", "--version"], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == f"galton {galton.__version__}"


def test_help_lists_train(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "train" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = capsys.readouterr().out
    for flag in ("--optimizer", "--momentum", "--batch-size", "--schedule", "--clip",
                 "--checkpoint", "--lr", "--loss", "--rows", "--seed"):
        assert flag in text


def accuracy(text, which):
    return float(re.search(rf"{which} accuracy ([\d.]+)%", text).group(1))


def test_colors_reach_95_percent_test_accuracy_on_a_six_row_board(capsys):
    code = main(["train", "--dataset", "colors", "--rows", "6", "--steps", "500", "--lr", "0.5",
                 "--loss", "cross_entropy", "--seed", "0", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert accuracy(out, "test") > 95.0


def test_issue_example_command_with_eight_rows(capsys):
    assert main(["train", "--dataset", "colors", "--rows", "8", "--steps", "500", "--lr", "0.5",
                 "--loss", "cross_entropy", "--seed", "0", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "train loss" in out and "test loss" in out


def test_optimizer_schedule_clip_and_checkpoint_flags(tmp_path, capsys):
    ck = tmp_path / "run.npz"
    hist = tmp_path / "history.csv"
    args = ["train", "--dataset", "xor", "--rows", "4", "--steps", "60", "--lr", "0.05",
            "--optimizer", "adam", "--batch-size", "16", "--schedule", "cosine", "--warmup", "5",
            "--clip", "norm:1.0", "--checkpoint", str(ck), "--history", str(hist), "--quiet"]
    assert main(args) == 0
    assert ck.exists() and len(hist.read_text().splitlines()) == 61
    checkpoint = galton.load_checkpoint(ck)
    assert checkpoint.step == 60 and checkpoint.meta["optimizer"]["name"] == "Adam"
    assert checkpoint.meta["schedule"]["name"] == "warmup"
    assert checkpoint.meta["clip"] == {"name": "norm", "max_norm": 1.0}
    # Resume: the step count continues from the checkpoint.
    assert main([*args[:-7], "--resume", str(ck), "--quiet"]) == 0
    assert "steps 120" in capsys.readouterr().out


def test_momentum_sgd_and_csv_dataset(tmp_path, capsys):
    path = tmp_path / "mine.csv"
    galton.datasets.colors(90, seed=1).to_csv(path)
    assert main(["train", "--dataset", str(path), "--rows", "5", "--steps", "100",
                 "--momentum", "0.9", "--nesterov", "--lr", "0.1", "--quiet"]) == 0
    assert "mine: 90 balls" in capsys.readouterr().out


@pytest.mark.parametrize("args,message", [
    (["train", "--dataset", "nope"], "--dataset must be one of"),
    (["train", "--dataset", "missing.csv"], "missing.csv: file not found"),
    (["train", "--rows", "0"], "rows must be 1..512"),
    (["train", "--optimizer", "lion"], "optimizer must be one of"),
    (["train", "--optimizer", "adam", "--momentum", "0.9"], "apply to --optimizer sgd only"),
    (["train", "--cups", "9", "--rows", "3"], "cups must be 2..4"),
])
def test_bad_input_is_a_clear_error_with_exit_code_2(args, message, capsys):
    assert main([*args, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_flag_values_are_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["train", "--lr", "-1"])
    assert exc.value.code == 2
    assert "expected a finite number > 0" in capsys.readouterr().err


def test_scaling_run_resumes_and_fit_reports(tmp_path, capsys):
    from galton.cli import main

    out = tmp_path / "sweep.csv"
    assert main(["scaling", "run", "--rows", "1,2,3", "--balls", "24", "--steps", "10",
                 "-o", str(out), "--workers", "0"]) == 0
    assert "3 runs done" in capsys.readouterr().out
    assert main(["scaling", "run", "--rows", "1,2,3,4", "--balls", "24", "--steps", "10",
                 "-o", str(out), "--workers", "0"]) == 0
    text = capsys.readouterr().out
    assert "1 runs done, 4 in" in text and "L(N) over parameters" in text
    assert "Kaplan" in text and "frontier" in text
    assert main(["scaling", "fit", str(tmp_path / "missing.csv")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main(["scaling", "fit", str(tmp_path / "sweep.csv"), "--bootstrap", "10"]) == 0
