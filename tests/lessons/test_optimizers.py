"""Lesson 8, the optimizer zoo: the race on Rosenbrock (steps to within 1e-3 of (1, 1)),
mini-batches on the board, cosine annealing on a noisy line fit, clipping a step that would
explode."""

import numpy as np
import pytest

from galton import lessons
from galton.core.lines import LineFit
from galton.core.schedules import CosineAnnealing
from galton.lessons import optimizers as zoo


@pytest.fixture(scope="module")
def played():
    run = lessons.start("optimizers")
    run.play()
    return run


def test_the_race_counts_the_steps_of_each_optimizer(played):
    v = played.values
    # Measured live; the same counts as benchmarks/optimizer_zoo.py's Rosenbrock definition.
    assert v["race_gd"] == 17695
    assert v["race_momentum"] == 1677
    assert v["race_nesterov"] == 1573
    assert v["race_adam"] == 1476
    assert v["race_gd_text"] == "17,695"
    assert v["race_speedup"] == pytest.approx(17695 / 1677)
    assert v["race_winner"] == "Adam"


def test_a_racer_that_never_arrives_says_so_and_the_check_waits():
    run = lessons.start("optimizers")
    run.do(lr=0.002)  # Nesterov at η = 0.002 flies off the steep walls
    assert run.values["race_nesterov"] is None
    assert run.values["race_nesterov_status"] == "diverged"
    assert run.values["race_nesterov_text"].startswith("not within")
    assert not run.check().passed
    run.do(lr=0.001)
    assert run.check().passed


def test_mini_batches_reach_the_same_loss_with_a_fraction_of_the_work(played):
    v = played.values
    assert v["mb_batch"] == 8 and v["mb_steps"] == 200 and v["n_train"] == 225
    assert v["mb_balls"] == 1600 and v["full_balls"] == 45000
    assert v["mb_final"] == pytest.approx(v["full_final"], abs=0.005)
    assert v["full_final"] == pytest.approx(0.05939, abs=1e-4)
    full = v["full_loss"]
    assert np.all(np.diff(full) < 0)                     # full batch: smooth, always down
    assert v["mb_wobble"] > 10 * np.std(np.diff(full[-10:]))


def test_the_minibatch_check_reads_the_session():
    run = lessons.start("optimizers")
    run.goto(1)
    assert not run.check().passed
    run.session.step(60)                                 # full batch: not a mini-batch
    assert not run.check().passed
    run.session.set(batch_size=16)                       # the window's control, then Play
    run.session.step(49)
    assert not run.check().passed
    run.session.step(1)
    assert run.check().passed and run.values["mb_batch"] == 16


def test_cosine_annealing_settles_the_noisy_fit(played):
    v = played.values
    assert v["best_a"] == pytest.approx(3.13084, abs=1e-5)
    assert v["best_b"] == pytest.approx(0.87874, abs=1e-5)
    assert v["cos_mid_lr"] == pytest.approx(0.05) and v["cos_last_lr"] < 1e-5
    assert v["const_floor"] == pytest.approx(0.11697, abs=1e-5)
    assert v["cos_floor"] == pytest.approx(0.00624, abs=1e-5)
    assert v["cosine_gain"] > 10


@pytest.mark.parametrize("seed", range(5))
def test_cosine_wins_for_every_order_of_the_points(seed):
    run = lessons.start("optimizers")
    run.goto(2)
    run.do(cosine_seed=seed)
    assert run.values["cosine_gain"] > 10 and run.check().passed


def test_the_line_gradient_matches_finite_differences():
    x, y = zoo.noisy_line()
    p = np.array([1.3, -0.4])
    eps = 1e-6
    numeric = [(zoo.line_loss(p + e, x, y) - zoo.line_loss(p - e, x, y)) / (2 * eps)
               for e in np.eye(2) * eps]
    np.testing.assert_allclose(zoo.line_gradient(p, x, y), numeric, rtol=1e-7)


def test_full_batch_line_sgd_is_the_line_fit_of_the_first_lessons():
    """With every point in every step (no noise), line_sgd is galton.core.lines' gradient
    descent on the mean squared error (LineFit sums: its gradient is N times larger)."""
    from galton.core.optim import SGD

    x, y = zoo.noisy_line(points=5)
    idx_all = np.arange(5)

    class All:
        def integers(self, low, high, size):
            return idx_all

    ours = []
    p = np.zeros(2)
    for _ in range(30):
        p = p - 0.1 * zoo.line_gradient(p, x[All().integers(0, 5, 5)], y)
        ours.append(p.copy())
    path, _ = LineFit(x, y).fit(SGD(0.1 / 5), (0.0, 0.0), 30)
    np.testing.assert_allclose(np.array(ours), path[1:], rtol=1e-12)


def test_line_sgd_uses_the_schedule_and_its_seed():
    x, y = zoo.noisy_line()
    a = zoo.line_sgd(x, y, CosineAnnealing(0.1, 50), 50, seed=3)
    b = zoo.line_sgd(x, y, CosineAnnealing(0.1, 50), 50, seed=3)
    np.testing.assert_array_equal(a, b)
    still = zoo.line_sgd(x, y, CosineAnnealing(0.1, 1), 5, seed=3)  # η = 0 after step 0
    np.testing.assert_array_equal(still[1], still[-1])


def test_clipping_tames_the_step_that_would_explode(played):
    v = played.values
    assert v["clip_g0"] == pytest.approx(4128.93, abs=0.01)
    assert v["clip_step_before"] == pytest.approx(0.0015 * 4128.93, abs=1e-4)
    assert v["clip_step_after"] == pytest.approx(0.015)
    assert v["clip_start_loss"] == 2509.0
    assert v["wild_status"] == "diverged" and v["wild_at"] == 3
    assert v["tame_status"] == "ran" and v["tame_loss"] < 0.02
    assert 0 < v["tame_clipped"] < 200
    tame = v["tame_path"]
    steps = np.linalg.norm(np.diff(tame.points, axis=0), axis=1)
    assert steps.max() <= 0.015 * (1 + 1e-12)            # no step longer than η·c


def test_too_tight_a_threshold_crawls_and_any_cap_saves_the_first_step():
    run = lessons.start("optimizers")
    run.goto(3)
    run.do(max_norm=0.1)       # steps of 0.00015: after 2000 steps still high on the wall
    assert run.values["tame_loss"] > 1000 and not run.check().passed
    for c in (1.0, 10.0, 1000.0):
        run.do(max_norm=c)
        assert run.check().passed
        assert run.values["clip_step_after"] == pytest.approx(0.0015 * c)
