"""The Trainer: steps, history, determinism, divergence, freezing, iterate/cancel, timeline."""

import re

import numpy as np
import pytest

import galton
from galton.core.trainer import freeze_mask
from tests.core.optimizer_doubles import PlainGD


def balls(n=240, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5)
    return X, y


def make(lr=0.5, rows=5, **kwargs):
    X, y = balls()
    board = galton.Board(rows, 3, 3, seed=1)
    return galton.Trainer(board, (X[:200], y[:200]), PlainGD(lr), test=(X[200:], y[200:]),
                          **kwargs)


def test_full_batch_training_lowers_the_loss_and_records_history():
    trainer = make()
    first = trainer.step()
    assert first.step == 1 and first.status == "running"
    last = trainer.run(99)
    assert last.status == "done" and trainer.step_count == 100
    h = trainer.history
    assert len(h) == 100
    assert h.train_loss[-1] < 0.7 * h.train_loss[0]
    assert h.grad_norm_per_row.shape == (100, 5)
    np.testing.assert_allclose(np.sqrt(np.sum(h.grad_norm_per_row ** 2, axis=1)), h.grad_norm,
                               rtol=1e-12)
    measured = ~np.isnan(h.test_loss)
    assert np.array_equal(np.flatnonzero(measured), np.arange(0, 100, 10))
    assert np.all(h.lr == 0.5) and not h.clipped.any()
    assert h.param_norm[-1] == pytest.approx(np.linalg.norm(trainer.board.theta))
    result = trainer.evaluate()
    assert result["train_accuracy"] > 0.7 and set(result) == {
        "train_loss", "train_accuracy", "test_loss", "test_accuracy"}


def test_history_loss_is_the_loss_before_each_update():
    trainer = make()
    X, y = trainer.X, trainer.y
    before = galton.loss(trainer.board, X, y)
    trainer.step()
    assert trainer.history.train_loss[0] == pytest.approx(before, rel=1e-13)


def test_same_seed_same_settings_give_bit_identical_history():
    a, b = make(batch_size=16, seed=3), make(batch_size=16, seed=3)
    a.run(60)
    b.run(60)
    for name, column in a.history.as_arrays().items():
        assert np.array_equal(column, b.history.as_arrays()[name], equal_nan=True), name
    assert np.array_equal(a.board.theta, b.board.theta)
    c = make(batch_size=16, seed=4)
    c.run(60)
    assert not np.array_equal(a.board.theta, c.board.theta)


def test_minibatches_cover_every_ball_each_epoch():
    trainer = make(batch_size=64)
    seen = []
    for _ in range(4):  # 200 balls: batches of 64, 64, 64, 8
        X, _ = trainer._next_batch()
        seen.append(X)
    stacked = np.vstack(seen)
    assert stacked.shape[0] == 200
    assert len({row.tobytes() for row in stacked}) == 200


class Explosive(PlainGD):
    """Blows up its third update, once (think: one bad batch with too large a step)."""

    name = "Explosive"
    exploded = False

    def step(self, params, grad, mask=None):
        super().step(params, grad, mask)
        if self.steps == 3 and not self.exploded:
            self.exploded = True
            params[0, 0] = np.inf


def test_divergence_is_reported_keeps_last_finite_parameters_and_can_resume():
    X, y = balls()
    board = galton.Board(4, 3, 3, seed=0)
    trainer = galton.Trainer(board, (X, y), Explosive(0.1))
    snaps = list(trainer.iterate(10))
    last = snaps[-1]
    assert last.status == "diverged"
    assert isinstance(last.diverged, galton.Diverged) and last.diverged.step == 2
    assert "nan or inf" in last.diverged.reason and "step size" in last.diverged.reason
    assert np.all(np.isfinite(board.theta)) and trainer.step_count == 2
    theta = board.theta.copy()
    again = trainer.step()  # a diverged trainer does nothing and never raises
    assert again.status == "diverged" and np.array_equal(board.theta, theta)
    assert "diverged at step 2" in str(trainer.diverged)
    trainer.resume()
    assert trainer.step().status == "running" and trainer.step_count == 3


def test_exploding_parameters_count_as_divergence():
    trainer = make(lr=1e4, max_param_norm=50.0)
    snap = trainer.run(50)
    assert snap.status == "diverged"
    assert "parameter norm exploded" in snap.diverged.reason
    assert np.linalg.norm(trainer.board.theta) <= 50.0


def test_frozen_rows_do_not_move():
    trainer = make(freeze=[0, 2])
    board = trainer.board
    before = board.theta.copy()
    trainer.run(20)
    for r in range(board.rows):
        moved = not np.array_equal(board.theta[board.row_slice(r)], before[board.row_slice(r)])
        assert moved == (r not in (0, 2)), r
    assert np.all(trainer.history.grad_norm_per_row[:, [0, 2]] == 0)


def test_freeze_masks_in_every_form():
    board = galton.Board(3, 2, 2)
    rows_bool = freeze_mask(board, np.array([True, False, False]))
    assert np.array_equal(rows_bool, freeze_mask(board, [0]))
    pegs = np.zeros(6, dtype=bool)
    pegs[0] = True
    assert np.array_equal(freeze_mask(board, pegs), rows_bool)
    params = np.zeros((6, 3), dtype=bool)
    params[0, 2] = True
    mask = freeze_mask(board, params)
    assert not mask[0, 2] and mask.sum() == 17
    with pytest.raises(ValueError, match="freeze must be"):
        freeze_mask(board, np.zeros((2, 2)))
    with pytest.raises(ValueError, match=re.escape("row must be 0..2")):
        freeze_mask(board, [5])


def test_iterate_yields_every_k_steps_and_cancel_stops_between_steps():
    trainer = make()
    steps = [s.step for s in trainer.iterate(25, every=10)]
    assert steps == [10, 20, 25]
    assert trainer.status == "done"
    seen = []
    for snap in trainer.iterate(100, every=1):
        seen.append(snap.step)
        if snap.step == 30:
            trainer.cancel()
    assert seen[-1] == 30 and trainer.step_count == 30 and trainer.status == "cancelled"


def test_snapshots_are_copies():
    trainer = make()
    snap = trainer.step()
    trainer.step()
    assert not np.array_equal(snap.params, trainer.board.theta)


def test_bad_trainer_arguments():
    X, y = balls()
    board = galton.Board(4, 3, 3)
    with pytest.raises(ValueError, match=re.escape("batch_size must be 1..240")):
        galton.Trainer(board, (X, y), PlainGD(0.1), batch_size=0)
    with pytest.raises(ValueError, match="loss must be one of"):
        galton.Trainer(board, (X, y), PlainGD(0.1), loss="hinge")
    with pytest.raises(ValueError, match=r"data.X must have shape \(N, 3\)"):
        galton.Trainer(board, (X[:, :2], y), PlainGD(0.1))
    with pytest.raises(ValueError, match=r"test.y\[0\] = 7 is out of range"):
        galton.Trainer(board, (X, y), PlainGD(0.1), test=(X[:2], [7, 0]))
    with pytest.raises(ValueError, match="data must be a Dataset or an"):
        galton.Trainer(board, 42, PlainGD(0.1))


def test_timeline_rewind_and_branch():
    trainer = make(timeline_every=5)
    trainer.run(40)
    assert trainer.timeline.steps == list(range(0, 41, 5))
    theta_at_20 = trainer.timeline.at(20)["theta"]
    branch = trainer.branch(22)
    assert branch.step_count == 20 and np.array_equal(branch.board.theta, theta_at_20)
    assert len(branch.history) == 20
    branch.run(20)
    assert trainer.step_count == 40  # the original is untouched
    # Rewinding and re-running reproduces the same steps exactly.
    final = trainer.board.theta.copy()
    assert trainer.rewind(23) == 20
    assert len(trainer.history) == 20 and trainer.timeline.steps[-1] == 20
    trainer.run(20)
    assert np.array_equal(trainer.board.theta, final)
    assert np.array_equal(branch.board.theta, final)


def test_timeline_memory_is_bounded():
    trainer = make(timeline_every=1, timeline_size=8)
    trainer.run(100)
    steps = trainer.timeline.steps
    assert len(steps) <= 8 + 1 and steps[0] == 0 and steps[-1] >= 64
    assert trainer.timeline.at(100)["step"] == steps[-1]
    with pytest.raises(ValueError, match="no checkpoint at or before step -1"):
        trainer.timeline.at(-1)


def test_history_csv(tmp_path):
    trainer = make()
    trainer.run(5)
    path = tmp_path / "history.csv"
    trainer.history.to_csv(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("step,train_loss,train_accuracy,test_loss")
    assert len(lines) == 6 and lines[0].count(",") == 8 + 5
