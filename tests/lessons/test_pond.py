"""Lesson 7, the pond on the hillside: plain descent from (3, 3) with η = 0.5 stops in the pond
(0.0676 at (1.829, 1.829)); momentum 0.9, noise and a restart from (−3, 3) reach the lake; the
basins of plain descent send 86 % of an 81 × 81 grid of starts to the lake."""

import numpy as np
import pytest

from galton import lessons, surfaces
from galton.lessons import pond


def test_the_two_minima_are_found_live():
    run = lessons.start("pond")
    v = run.values
    assert v["minima_count"] == 2
    assert abs(v["lake_x"]) < 1e-5 and abs(v["lake_y"]) < 1e-5 and abs(v["lake_loss"]) < 1e-7
    assert v["pond_x"] == pytest.approx(1.8286177, abs=1e-6)
    assert v["pond_loss"] == pytest.approx(0.0676388, rel=1e-6)
    assert v["rim_loss"] > v["pond_loss"] + 0.05       # a real rim between them
    assert 0 < v["rim_x"] < v["pond_x"]


def test_plain_descent_is_trapped_and_the_three_escapes_reach_the_lake():
    run = lessons.start("pond")
    v = run.play()
    assert v["plain_end"] == "pond" and v["plain_loss"] == pytest.approx(0.0676388, rel=1e-6)
    assert v["plain_grad"] < 1e-10
    assert v["heavy_end"] == "lake" and v["heavy_speedup"] == pytest.approx(10.0)
    assert v["noisy_end"] == "lake" and v["noisy_escape"] > 0.9
    assert v["restart_end"] == "lake"
    assert v["basin_starts"] == 81 * 81
    assert v["basin_lake"] == pytest.approx(0.860, abs=0.002)
    assert v["basin_lake"] + v["basin_pond"] == pytest.approx(1.0)


@pytest.mark.parametrize("lr", [0.05, 0.1, 0.5, 1.0, 1.5])
def test_every_offered_step_size_is_trapped(lr):
    """The text says so: η from 0.05 to 1.5 all end in the pond."""
    run = lessons.start("pond")
    run.goto(1)
    run.do(lr=lr)
    assert run.values["plain_end"] == "pond" and run.check().passed


def test_momentum_escapes_from_about_0_65_and_the_check_follows():
    run = lessons.start("pond")
    run.goto(2)
    run.do(momentum=0.5)
    assert run.values["heavy_end"] == "pond" and not run.check().passed
    run.do(momentum=0.6)
    assert not run.check().passed
    run.do(momentum=0.65)
    assert run.check().passed


def test_noise_is_luck_and_less_noise_escapes_less_often():
    run = lessons.start("pond")
    run.goto(3)
    run.do(noise=0.0)
    assert run.values["noisy_end"] == "pond" and not run.check().passed
    run.do(noise=0.5)
    weak = run.values["noisy_escape"]
    run.do(noise=1.0)
    assert weak < run.values["noisy_escape"] and 0.6 < weak < 0.9
    assert run.check().passed


def test_noisy_descent_without_noise_is_plain_descent():
    from galton.optim import SGD

    s = pond.surface()
    paths = pond.noisy_descent(s, (3.0, 3.0), 0.5, 0.0, 50, 20, seed=1, balls=3)
    plain = surfaces.descend(s, SGD(lr=0.5), (3.0, 3.0), 50)
    for k in range(3):
        np.testing.assert_allclose(paths[k], plain.points, rtol=1e-12, atol=1e-15)


def test_noisy_descent_is_seeded_and_the_noise_fades():
    s = pond.surface()
    a = pond.noisy_descent(s, (3.0, 3.0), 0.5, 1.0, 40, 20, seed=7, balls=2)
    b = pond.noisy_descent(s, (3.0, 3.0), 0.5, 1.0, 40, 20, seed=7, balls=2)
    np.testing.assert_array_equal(a, b)
    # After the noise has faded, every step is a plain gradient step.
    for t in range(20, 40):
        gx, gy = s.gradient(a[:, t, 0], a[:, t, 1])
        np.testing.assert_allclose(a[:, t + 1], a[:, t] - 0.5 * np.stack([gx, gy], axis=1))


def test_a_restart_inside_the_ponds_basin_is_trapped():
    run = lessons.start("pond")
    run.goto(4)
    run.do(start_x=2.0, start_y=2.0)
    assert not run.check().passed
    run.do(start_x=-3.0, start_y=3.0)
    assert run.check().passed


def test_the_basin_map_barely_depends_on_the_step_size():
    run = lessons.start("pond")
    run.goto(5)
    shares = []
    for lr in (0.1, 1.5):
        run.do(basin_lr=lr)
        shares.append(run.values["basin_lake"])
        assert run.values["basin_none"] == 0
    assert abs(shares[0] - shares[1]) < 0.01
    fig = run.figure()
    assert fig.panels[0].basins.shape == (81, 81)
