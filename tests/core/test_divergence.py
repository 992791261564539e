"""Divergence is never missed: a loss that blows up (not only NaN/inf) and pegs that saturate
after it end training with status "diverged", on the CLI (exit 3) and in the Session (its
``diverged`` event, which the app's banner listens to); ordinary noisy training never trips it."""

import math

import numpy as np
import pytest

import galton
from galton.cli import main
from galton.session import Session


def colours_trainer(lr, loss="cross_entropy", batch_size=None, rows=6, seed=0):
    data = galton.datasets.colors(300, colors=3, seed=seed)
    train, test = data.split(0.25, seed=seed)
    board = galton.Board(rows, data.features, data.n_classes, seed=seed)
    return galton.Trainer(board, train, galton.optim.SGD(lr), loss=loss, test=test,
                          batch_size=batch_size, seed=seed)


def test_sgd_at_1e6_blows_up_in_one_step_and_is_caught():
    t = colours_trainer(1e6)
    start = t.board.theta.copy()
    last = t.run(20)
    assert last.status == "diverged" and t.status == "diverged"
    assert t.diverged.step == 0  # the update of step 0 went wrong
    assert "loss blew up from 1.295 to 460.5" in t.diverged.reason
    assert np.array_equal(t.board.theta, start)  # back to before that update
    assert t.step_count == 0
    assert t.history.train_loss[-1] == pytest.approx(460.517, abs=1e-3)  # the evidence
    again = t.step()
    assert again.status == "diverged" and np.array_equal(t.board.theta, start)


def test_saturation_after_a_blow_up_with_mse():
    """MSE is bounded (at most 2), so its loss cannot blow up: what shows is the pegs
    saturating, every gradient exactly 0 while the loss is not 0 (here 1/3: two thirds of
    the balls right, forever)."""
    t = colours_trainer(1e6, loss="mse")
    start = t.board.theta.copy()
    last = t.run(20)
    assert last.status == "diverged" and t.diverged.step == 0
    assert "saturated: the gradient is exactly 0 while the loss is still 0.3333" in \
        t.diverged.reason
    assert np.array_equal(t.board.theta, start)


def test_a_saturated_board_from_a_checkpoint_is_caught_on_its_first_step(tmp_path):
    t = colours_trainer(1e6)
    t.step()  # the blown-up parameters, not yet seen by the detector
    bad = t.board.theta.copy()
    fresh = colours_trainer(0.5)
    fresh.board.theta = bad
    snap = fresh.step()
    assert snap.status == "diverged" and "saturated" in snap.diverged.reason
    assert snap.diverged.step == 0


@pytest.mark.parametrize("batch_size,lr", [(1, 0.5), (8, 2.0), (None, 5.0)])
def test_noisy_or_fast_training_is_not_called_divergence(batch_size, lr):
    t = colours_trainer(lr, batch_size=batch_size)
    last = t.run(600)
    assert last.status == "done", t.diverged
    assert t.evaluate()["train_accuracy"] > 0.9


def test_the_session_announces_it_for_the_banner():
    s = Session()
    seen = []
    s.events.connect("diverged", lambda session, d: seen.append(d))
    s.set(lr=1e6)
    snap = s.step(10)
    assert snap.status == "diverged" and len(seen) == 1
    assert "blew up" in seen[0].reason and seen[0].step == 0


def test_the_command_line_exits_3(capsys):
    code = main(["train", "--steps", "20", "--lr", "1e6", "--quiet"])
    captured = capsys.readouterr()
    assert code == 3
    assert "diverged at step 0: the loss blew up" in captured.err
    assert "Traceback" not in captured.err


def test_blow_up_threshold_needs_both_factor_and_margin():
    from galton.core.trainer import BLOWUP_FACTOR, BLOWUP_MARGIN

    t = colours_trainer(0.5)
    t._loss_reference = 1.0
    assert t._blow_up(1.0 + BLOWUP_MARGIN * 0.99, saturated=False) is None
    assert t._blow_up(1.0 + BLOWUP_MARGIN * 1.01, saturated=False) is not None
    t._loss_reference = 5.0
    assert t._blow_up(5.0 * BLOWUP_FACTOR * 0.99, saturated=False) is None
    assert t._blow_up(5.0 * BLOWUP_FACTOR * 1.01, saturated=False) is not None
    assert t._blow_up(0.0, saturated=True) is None  # a perfect board: nothing to learn
    assert t._blow_up(math.log(3) * 0.5, saturated=True) is not None  # stuck
