"""Step-size schedules."""

import math

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
    assert optim.Exponential(2.0, 0.9).lr_at(3) == pytest.approx(2.0 * 0.9 ** 3)
    assert optim.Constant(0.3)(1000) == 0.3


def test_config_round_trip_including_warm_up():
    s = optim.WarmUp(optim.StepDecay(1.0, 5, 0.5), 3, start_factor=0.1)
    again = optim.schedule_from_config(s.to_config())
    assert again.values(30) == s.values(30)


@pytest.mark.parametrize("call,match", [
    (lambda: optim.CosineAnnealing(0.1, T=0), "T must be >= 1"),
    (lambda: optim.CosineAnnealing(0.1, T=10, lr_min=0.2), "lr_min must be"),
    (lambda: optim.StepDecay(0.1, 2.5), "step_size must be a whole number"),
    (lambda: optim.Exponential(0.1, 1.5), "gamma must be"),
    (lambda: optim.WarmUp(0.1, 0), "warmup_steps must be >= 1"),
    (lambda: optim.make_schedule("linear"), "schedule must be one of"),
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
