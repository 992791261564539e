"""Fine-tuning: a new colour and cup, freezing, LoRA, the forgetting meter, branching."""

import numpy as np
import pytest

import galton
from galton.core import finetune as F
from galton.core.lora import LoRA
from galton.core.optim import SGD, Adam


@pytest.fixture(scope="module")
def trained():
    data = galton.datasets.colors(450, colors=3, seed=0)
    board = galton.Board(6, 4, 3, seed=0)
    galton.Trainer(board, data, SGD(0.5), timeline_every=0).run(250)
    assert board.accuracy(data.X, data.y) > 0.95
    return board, data


@pytest.fixture(scope="module")
def tests_sets(trained):
    _, _data = trained
    held = galton.datasets.colors(300, colors=3, seed=5)
    new_test = F.add_color(held, 100, seed=7)
    old_test = F.relabel(held, new_test.class_names, new_test.class_colors)
    return old_test, new_test


def test_add_color_fills_the_widest_hue_gap(trained):
    _, data = trained
    new = F.add_color(data, 200, seed=1)
    assert new.class_names == ("red", "green", "blue", "yellow")
    assert np.all(new.y == 3) and len(new) == 200
    hue = np.degrees(np.arctan2(new.X[:, 1].mean(), new.X[:, 0].mean()))
    assert hue == pytest.approx(60, abs=3)
    with pytest.raises(galton.datasets.DatasetError, match="colour balls"):
        F.add_color(galton.datasets.xor(40))


def test_new_cup_keeps_every_peg(trained):
    board, _ = trained
    b4 = F.with_new_cup(board)
    assert b4.cups == 4 and b4.rows == board.rows
    np.testing.assert_array_equal(b4.theta, board.theta)
    np.testing.assert_array_equal(b4.bin_to_cup, [0, 0, 1, 1, 2, 2, 3])
    custom = F.with_new_cup(board, [0, 0, 1, 1, 1, 2, 3])
    np.testing.assert_array_equal(custom.bin_to_cup, [0, 0, 1, 1, 1, 2, 3])
    with pytest.raises(ValueError, match="bins"):
        F.with_new_cup(galton.Board(1, 2, 2))


def test_mix_adds_the_asked_share_of_old_balls(trained):
    _, data = trained
    new = F.add_color(data, 100, seed=1)
    mixed = F.mix(new, data, 0.5, seed=0)
    assert len(mixed) == 150 and np.sum(mixed.y == 3) == 100
    assert len(F.mix(new, data, 100.0)) == 100 + len(data)
    with pytest.raises(ValueError, match="replay"):
        F.mix(new, data, -1)


def test_lora_at_step_zero_is_exactly_the_base_board(trained):
    board, data = trained
    lora = LoRA(board, rank=3, seed=4)
    np.testing.assert_array_equal(lora.theta(), board.theta)
    adapted = board.copy()
    adapted.theta = lora.theta()
    np.testing.assert_array_equal(adapted.bin_probabilities(data.X),
                                  board.bin_probabilities(data.X))


@pytest.mark.parametrize("rank,rows", [(1, None), (2, [2, 5]), (4, [0])])
def test_lora_parameter_count(trained, rank, rows):
    board, _ = trained
    lora = LoRA(board, rank=rank, rows=rows)
    rows = range(board.rows) if rows is None else rows
    expected = sum(rank * ((r + 1) + board.features) for r in rows)
    assert lora.n_parameters == expected
    assert F.trainable_parameters(board, "lora", rank=rank, lora_rows=rows) == expected
    assert lora.row_parameters[max(rows)] == rank * (max(rows) + 1 + board.features)


def test_lora_gradient_matches_finite_differences(trained):
    board, data = trained
    b4 = F.with_new_cup(board)
    lora = LoRA(b4, rank=2, alpha=3.0, rows=[1, 4, 5], seed=2)
    lora.params += np.random.default_rng(0).normal(0, 0.3, lora.params.size)  # B != 0 too
    X, y = data.X[:80], data.y[:80]

    def loss_at(params):
        saved = lora.params.copy()
        lora.params[...] = params
        probe = b4.copy()
        probe.theta = lora.theta()
        lora.params[...] = saved
        return galton.loss(probe, X, y)

    probe = b4.copy()
    probe.theta = lora.theta()
    g = lora.grad(galton.loss_and_grad(probe, X, y)[1])
    h = 1e-6
    fd = np.array([(loss_at(lora.params + h * e) - loss_at(lora.params - h * e)) / (2 * h)
                   for e in np.eye(lora.params.size)])
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-8)


def test_lora_trains_only_adapters_and_merges(trained, tests_sets):
    board, data = trained
    old_test, new_test = tests_sets
    b4 = F.with_new_cup(board)
    before = b4.theta.copy()
    tuner = F.FineTuner(b4, F.add_color(data, 150, seed=1), Adam(0.05), strategy="lora", rank=2,
                        new_test=new_test, old_test=old_test)
    tuner.run(150)
    np.testing.assert_array_equal(b4.theta, before)  # the base pegs never moved
    adapted = tuner.theta()
    assert not np.array_equal(adapted, before)
    one_row = LoRA(b4, rank=2, rows=[2], seed=1)
    one_row.params += 0.5
    changed = np.flatnonzero(np.any(one_row.delta() != 0, axis=1))
    assert list(changed) == list(range(b4.row_slice(2).start, b4.row_slice(2).stop))
    np.testing.assert_array_equal(adapted[:, -1], before[:, -1])  # biases frozen
    merged = tuner.lora.merge()
    np.testing.assert_allclose(b4.theta, adapted, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(tuner.lora.theta(), merged)
    assert tuner.meter.new_accuracy[-1] > tuner.meter.new_accuracy[0]


def test_frozen_rows_do_not_move(trained):
    board, data = trained
    b4 = F.with_new_cup(board)
    before = b4.theta.copy()
    tuner = F.FineTuner(b4, F.add_color(data, 100, seed=1), SGD(0.5), strategy="freeze",
                        freeze=[0, 1, 2])
    tuner.run(30)
    frozen = slice(0, b4.row_slice(2).stop)
    np.testing.assert_array_equal(b4.theta[frozen], before[frozen])
    assert not np.array_equal(b4.theta[frozen.stop:], before[frozen.stop:])
    assert tuner.n_trainable == sum((r + 1) * 5 for r in (3, 4, 5))
    assert F.trainable_parameters(b4, "freeze", freeze=[0, 1, 2]) == tuner.n_trainable
    assert F.trainable_parameters(b4, "full") == b4.n_parameters


def test_forgetting_meter_shows_forgetting_and_replay_helps(trained, tests_sets):
    board, data = trained
    old_test, new_test = tests_sets
    new = F.add_color(data, 200, seed=1)
    alone = F.FineTuner(F.with_new_cup(board), new, SGD(0.5), old_test=old_test,
                        new_test=new_test, meter_every=50)
    replay = F.FineTuner(F.with_new_cup(board), F.mix(new, data, 1.0), SGD(0.5),
                         old_test=old_test, new_test=new_test, meter_every=50)
    a, r = alone.run(200).as_arrays(), replay.run(200).as_arrays()
    assert list(a["steps"]) == [0, 50, 100, 150, 200]
    assert a["new_accuracy"][-1] > 0.9 and r["new_accuracy"][-1] > 0.9
    assert a["old_accuracy"][-1] < 0.5 < r["old_accuracy"][-1]  # forgetting, and its cure


def test_branch_starts_every_run_from_the_same_board(trained, tests_sets):
    board, data = trained
    old_test, new_test = tests_sets
    start = F.with_new_cup(board)
    new = F.add_color(data, 100, seed=1)
    runs = F.branch(start, new, {
        "full": {"optimizer": SGD(0.5)},
        "lora r=1": {"optimizer": Adam(0.05), "strategy": "lora", "rank": 1},
        "freeze 0-3": {"optimizer": SGD(0.5), "strategy": "freeze", "freeze": [0, 1, 2, 3]},
    }, steps=20, old_test=old_test, new_test=new_test, meter_every=10)
    assert set(runs) == {"full", "lora r=1", "freeze 0-3"}
    first = {label: t.meter.old_accuracy[0] for label, t in runs.items()}
    assert len(set(first.values())) == 1  # identical start
    np.testing.assert_array_equal(start.theta, board.theta)  # the start is not touched
    assert runs["lora r=1"].n_trainable < runs["full"].n_trainable


def test_bad_arguments_are_named(trained):
    board, data = trained
    with pytest.raises(ValueError, match="strategy"):
        F.FineTuner(board, data, SGD(0.1), strategy="magic")
    with pytest.raises(ValueError, match="do not fit"):
        F.FineTuner(board, F.add_color(data, 10), SGD(0.1))
    with pytest.raises(ValueError, match="rank"):
        LoRA(board, rank=0)
    with pytest.raises(ValueError, match="row"):
        LoRA(board, rows=[9])
