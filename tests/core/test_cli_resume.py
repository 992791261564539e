"""galton train --resume: the checkpoint's settings continue, a flag the user typed wins, and
the command says which setting came from where."""

import numpy as np
import pytest

import galton
from galton.cli import main


def train(args, capsys):
    code = main(["train", "--quiet", *[str(a) for a in args]])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


@pytest.fixture
def ck(tmp_path, capsys):
    path = tmp_path / "ck.npz"
    train(["--steps", "10", "--lr", "0.3", "--momentum", "0.9", "--batch-size", "32",
           "--loss", "mse", "--seed", "4", "--checkpoint", path], capsys)
    return path


def lrs(path, start):
    h = galton.load_checkpoint(path).history
    return h["lr"][h["step"] >= start]


def test_typed_lr_wins_and_what_came_from_where_is_printed(ck, tmp_path, capsys):
    out = tmp_path / "out.npz"
    text = train(["--resume", ck, "--lr", "0.001", "--steps", "5", "--checkpoint", out], capsys)
    assert np.all(lrs(out, 10) == 0.001) and len(lrs(out, 10)) == 5
    assert "from your flags: step size 0.001" in text
    assert "from the checkpoint: rows 6, cups 3, optimizer sgd, momentum 0.9" in text
    assert "batch size 32" in text and "loss mse" in text and "seed 4" in text
    assert "SGD step size 0.001" in text
    meta = galton.load_checkpoint(out).meta
    assert meta["lr"] == 0.001 and meta["optimizer"]["hyperparameters"]["momentum"] == 0.9
    assert meta["loss"] == "mse" and meta["batch_size"] == 32 and meta["seed"] == 4


def test_without_flags_every_setting_comes_from_the_checkpoint(ck, tmp_path, capsys):
    out = tmp_path / "out.npz"
    text = train(["--resume", ck, "--steps", "5", "--checkpoint", out], capsys)
    assert np.all(lrs(out, 10) == 0.3)  # not the default 0.5
    assert "from your flags" not in text and "step size 0.3" in text


def test_resuming_continues_bit_for_bit(tmp_path, capsys):
    whole, half, rest = tmp_path / "whole.npz", tmp_path / "half.npz", tmp_path / "rest.npz"
    # A step schedule: a cosine one would depend on --steps, which differs between the runs.
    common = ["--lr", "0.2", "--batch-size", "16", "--optimizer", "adam", "--schedule", "step",
              "--step-size", "7", "--clip", "norm:1", "--seed", "2"]
    train([*common, "--steps", "40", "--checkpoint", whole], capsys)
    train([*common, "--steps", "20", "--checkpoint", half], capsys)
    text = train(["--resume", half, "--steps", "20", "--checkpoint", rest], capsys)
    assert "schedule step" in text and "clip norm" in text
    a, b = galton.load_checkpoint(whole), galton.load_checkpoint(rest)
    assert np.array_equal(a.theta, b.theta)
    assert np.array_equal(a.history["train_loss"], b.history["train_loss"])


def test_typed_lr_replaces_a_checkpoints_schedule_and_says_so(tmp_path, capsys):
    first, out = tmp_path / "first.npz", tmp_path / "out.npz"
    train(["--steps", "10", "--schedule", "exponential", "--gamma", "0.9",
           "--checkpoint", first], capsys)
    text = train(["--resume", first, "--lr", "0.05", "--steps", "4", "--checkpoint", out], capsys)
    assert "--lr replaces the checkpoint's exponential schedule" in text
    assert np.all(lrs(out, 10) == 0.05)
    text = train(["--resume", first, "--steps", "4", "--checkpoint", out], capsys)
    assert lrs(out, 10)[0] == pytest.approx(0.5 * 0.9 ** 10)


def test_typed_momentum_and_batch_size_win(ck, tmp_path, capsys):
    out = tmp_path / "out.npz"
    text = train(["--resume", ck, "--momentum", "0.5", "--batch-size", "8", "--steps", "3",
                  "--checkpoint", out], capsys)
    meta = galton.load_checkpoint(out).meta
    assert meta["optimizer"]["hyperparameters"]["momentum"] == 0.5 and meta["batch_size"] == 8
    assert "from your flags: momentum 0.5, batch size 8" in text
