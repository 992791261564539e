"""Step-size schedules."""

import json
import math

import numpy as np
import pytest

from galton import optim


def test_cosine_values_at_zero_half_and_end():
    s = optim.CosineAnnealing(lr_max=0.1, T=100, lr_min=0.01)
    assert s.lr_at(0) == pytest.approx(0.1)
    assert s.lr_at(50) == pytest.approx((0.1 + 0.01) / 2)
    assert s.lr_at(100) == pytest.approx(0.01)
    assert s.lr_at(250) == pytest.approx(0.01)  # stays at the floor without restarts
    assert s.lr_at(25) == pytest.approx(0.01 + 0.5 * 0.09 * (1 + math.cos(math.pi / 4)))


def test_cosine_restarts_and_growing_periods():
    s = optim.CosineAnnealing(1.0, T=10, restarts=True)
    assert s.lr_at(10) == pytest.approx(1.0) and s.lr_at(15) == pytest.approx(0.5)
    g = optim.CosineAnnealing(1.0, T=10, restarts=True, t_mult=2)
    assert g.lr_at(10) == pytest.approx(1.0) and g.lr_at(20) == pytest.approx(0.5)
    assert g.lr_at(30) == pytest.approx(1.0)


def test_warm_up_ramps_linearly_then_hands_over():
    s = optim.WarmUp(optim.CosineAnnealing(0.2, T=100), warmup_steps=10)
    assert [s.lr_at(t) for t in range(0, 11, 5)] == pytest.approx([0.0, 0.1, 0.2])
    diffs = [s.lr_at(t + 1) - s.lr_at(t) for t in range(9)]
    assert max(diffs) - min(diffs) < 1e-15  # linear
    assert s.lr_at(60) == pytest.approx(optim.CosineAnnealing(0.2, T=100).lr_at(50))
    start = optim.WarmUp(0.5, 4, start_factor=0.5)
    assert start.values(6) == pytest.approx([0.25, 0.3125, 0.375, 0.4375, 0.5, 0.5])


def test_step_and_exponential_decay():
    assert optim.StepDecay(1.0, 10, gamma=0.5).values(25)[::10] == [1.0, 0.5, 0.25]
    steps = optim.StepDecay(0.8, 3, gamma=0.5).values(7)
    assert steps == [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2]
    assert optim.Exponential(2.0, 0.9).lr_at(3) == pytest.approx(2.0 * 0.9 ** 3)
    assert optim.Exponential(2.0, 0.5).values(4) == [2.0, 1.0, 0.5, 0.25]
    assert optim.Constant(0.3)(1000) == 0.3


def test_config_round_trip_including_warm_up():
    s = optim.WarmUp(optim.StepDecay(1.0, 5, 0.5), 3, start_factor=0.1)
    again = optim.schedule_from_config(s.to_config())
    assert again.values(30) == s.values(30)


@pytest.mark.parametrize("schedule", [
    optim.Constant(0.1),
    optim.StepDecay(0.1, 7, gamma=0.5),
    optim.Exponential(0.1, 0.97),
    optim.CosineAnnealing(0.1, 20, lr_min=0.001, restarts=True, t_mult=2),
    optim.WarmUp(optim.CosineAnnealing(0.1, 30), 5, start_factor=0.2),
    optim.WarmUp(0.3, 4),
])
def test_every_schedule_survives_json(schedule):
    config = json.loads(json.dumps(schedule.to_config()))
    again = optim.Schedule.from_config(config)
    assert type(again) is type(schedule) and again.values(100) == schedule.values(100)
    assert again.to_config() == schedule.to_config()


def test_make_schedule_by_name():
    s = optim.make_schedule("cosine", lr_max=0.1, T=10)
    assert isinstance(s, optim.CosineAnnealing) and s(10) == 0.0
    w = optim.make_schedule("warmup", schedule={"name": "constant", "lr": 0.2}, warmup_steps=2)
    assert w.values(3) == [0.0, 0.1, 0.2]


def test_cosine_with_restarts_is_fast_far_into_a_run():
    s = optim.CosineAnnealing(1.0, T=3, restarts=True)
    assert s.lr_at(3 * 10**12) == 1.0  # O(1), not a loop over the periods
    g = optim.CosineAnnealing(1.0, T=1, restarts=True, t_mult=2)
    assert g.lr_at(2**60 - 1) == 1.0  # periods 1, 2, 4, ...: a restart at 2**k − 1


def test_exponential_decay_reaches_zero_and_the_optimizer_accepts_it():
    s = optim.Exponential(1.0, 0.5)
    assert s.lr_at(2000) == 0.0
    opt = optim.SGD(0.1)
    opt.lr = s.lr_at(2000)


def test_steps_count_from_zero_and_must_be_whole():
    s = optim.Exponential(1.0, 0.5)
    assert s.lr_at(np.int64(2)) == 0.25 and isinstance(s.lr_at(np.int64(2)), float)
    for bad in (-1, 1.5, 2.0, True, "3"):
        with pytest.raises(ValueError, match="step must be a whole number >= 0"):
            s.lr_at(bad)


@pytest.mark.parametrize("call,match", [
    (lambda: optim.CosineAnnealing(0.1, T=0), "T must be >= 1"),
    (lambda: optim.CosineAnnealing(0.1, T=10, lr_min=0.2), "lr_min must be"),
    (lambda: optim.StepDecay(0.1, 2.5), "step_size must be a whole number"),
    (lambda: optim.Exponential(0.1, 1.5), "gamma must be"),
    (lambda: optim.WarmUp(0.1, 0), "warmup_steps must be >= 1"),
    (lambda: optim.make_schedule("linear"), "schedule must be one of"),
    (lambda: optim.Constant(0.0), "lr must be a finite number > 0"),
    (lambda: optim.StepDecay(0.1, 0), "step_size must be >= 1"),
    (lambda: optim.StepDecay(0.1, 5, gamma=0.0), "gamma must be"),
    (lambda: optim.CosineAnnealing(-0.1, T=10), "lr_max must be"),
    (lambda: optim.CosineAnnealing(0.1, T=10, t_mult=0), "t_mult must be >= 1"),
    (lambda: optim.WarmUp(0.1, 5, start_factor=1.5), "start_factor must be"),
    (lambda: optim.make_schedule("step", lr=0.1), "schedule 'step': .*step_size"),
    (lambda: optim.schedule_from_config({"lr": 0.1}), "schedule config must be a dict"),
])
def test_bad_schedule_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_trainer_follows_the_schedule():
    import numpy as np

    import galton

    X = np.random.default_rng(0).normal(size=(40, 2))
    y = (X[:, 0] > 0).astype(int)
    sched = optim.WarmUp(optim.CosineAnnealing(0.5, T=20), 5)
    t = galton.Trainer(galton.Board(3, 2, 2), (X, y), optim.SGD(0.5), schedule=sched)
    t.run(25)
    assert t.history.lr.tolist() == pytest.approx(sched.values(25))
