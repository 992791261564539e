"""Lesson 2, loss and step size: y = 2x, model y = a·x from a = 1; C = 14, L(1) = 14, trial
steps 1 → 1.5 → 2 with losses 14, 3.5, 0; L′(a) = 2Ca − 4C; a ← a − η·L′(a); one point
allows infinitely many lines, three pin one down."""

import numpy as np
import pytest

from galton import lessons
from galton.core.lines import LineFit
from galton.lessons import step_size


def test_the_parabola_the_trials_and_the_derivative_are_the_articles():
    run = lessons.start("step_size")
    v = run.play(upto=3)
    assert v["C"] == 14.0 and v["loss_a0"] == 14.0 and v["loss_vertex"] == 0.0
    a = np.linspace(-3, 5, 17)
    np.testing.assert_allclose(step_size.loss(a), 14 * (a - 2) ** 2)
    np.testing.assert_array_equal(v["trials"], [1.0, 1.5, 2.0, 2.5])   # 2.5 is worse: stop
    np.testing.assert_array_equal(v["trial_losses"], [14.0, 3.5, 0.0, 3.5])
    assert v["trial_path"] == "1 → 1.5 → 2" and v["trial_losses_text"] == "14 → 3.5 → 0"
    assert (v["left_loss"], v["right_loss"]) == (31.5, 3.5) and v["best_a"] == 2.0
    assert v["slope_a0"] == v["slope"] == 2 * 14 * 1 - 4 * 14 == -28.0
    assert (v["two_C"], v["four_C"]) == (28.0, 56.0)
    assert v["slope_fd"] == pytest.approx(-28.0, abs=1e-6)
    for a in (-1.0, 0.5, 2.0, 3.7):   # L′ = 2Ca − 4C against central differences
        h = 1e-6
        fd = (step_size.loss(a + h) - step_size.loss(a - h)) / (2 * h)
        assert step_size.derivative(a) == pytest.approx(fd, abs=1e-5)


def test_the_update_multiplies_the_distance_to_two_by_one_minus_28_eta():
    run = lessons.start("step_size")
    run.goto(3)
    assert not run.check().passed
    run.do()                                          # η = 0.02, 8 steps: factor 0.44
    n = np.arange(9)
    np.testing.assert_allclose(run.values["iterates"], 2 - 0.44 ** n, rtol=1e-12)
    assert run.values["a1"] == pytest.approx(1.56) and run.values["a2"] == pytest.approx(1.8064)
    assert run.check().passed
    run.do(eta=1 / 28, iterations=1)                  # one step lands on the vertex
    assert run.values["a1"] == pytest.approx(2.0, abs=1e-12) and run.check().passed
    run.do(eta=0.005, iterations=8)                   # creeps: 2 − 0.86⁸ ≈ 1.70
    assert not run.check().passed
    run.do(eta=0.06, iterations=30)                   # factor −0.68: wobbles, settles
    a = run.values["iterates"]
    assert np.all(np.sign(a[1:] - 2) == -np.sign(a[:-1] - 2)) and run.check().passed
    run.do(eta=0.08, iterations=20)                   # factor −1.24: diverges
    assert abs(run.values["a_last"] - 2) > 1 and not run.check().passed
    run.figure()


def test_a_trial_step_that_misses_the_vertex_stops_near_it():
    run = lessons.start("step_size")
    run.goto(1)
    assert not run.check().passed
    run.do(trial=0.3)
    np.testing.assert_allclose(run.values["trials"], [1, 1.3, 1.6, 1.9, 2.2])
    assert run.values["best_a"] == pytest.approx(1.9) and run.check().passed


def test_one_point_allows_a_fan_of_zero_loss_lines_three_points_pin_one():
    run = lessons.start("step_size")
    run.goto(4)
    assert not run.check().passed
    run.do(point=3.0)
    fan = run.values["fan"]
    np.testing.assert_array_equal(fan[:, 0] * 3 + fan[:, 1], 6.0)       # all through (3, 6)
    assert run.values["fan_max_loss"] == 0.0 and len(fan) == 7 and run.check().passed
    surface = run.figure().panels[1]
    assert np.sum(surface.Z < 1e-9) >= 5      # a valley floor of zeros, not one point
    run.next()
    assert not run.check().passed
    run.do()
    assert (run.values["pinned_a"], run.values["pinned_b"]) == (2.0, 0.0)
    np.testing.assert_allclose(LineFit(step_size.XS, step_size.YS).exact(), [2, 0], atol=1e-12)
    assert run.values["det"] == pytest.approx(6.0) and run.values["n_zero"] == 1
    assert run.check().passed
    bowl = run.figure().panels[1]
    assert np.sum(bowl.Z < 1e-9) == 1         # (a, b) = (2, 0) only


def test_the_chinese_page_quotes_the_same_numbers():
    run = lessons.start("step_size", lang="zh_CN")
    run.play(upto=3)
    assert "28a − 56" in run.page()["body"] and "−28" in run.page()["body"]


def test_under_y_equals_ax_one_point_already_fixes_a_and_the_intercept_brings_the_fan():
    """The article's model y = a·x: one point (x0, 2·x0) gives a = 2 and a one-bottom parabola;
    the fan of zero-loss lines needs the intercept b."""
    for point in (1.0, 2.0, 3.0):
        run = lessons.start("step_size")
        run.goto(4)
        v = run.do(point=point)
        assert v["a_fixed"] == 2.0 and v["x0_sq"] == point ** 2
        a = np.linspace(-1, 5, 601)
        single = (a * point - 2 * point) ** 2            # the one point's loss under y = a·x
        assert np.sum(single < 1e-12) == 1 and a[np.argmin(single)] == pytest.approx(2.0)
        fan = v["fan"]
        assert len(set(fan[:, 1])) == len(fan) > 1       # the fan needs different intercepts
        plot = run.figure().panels[0]
        origin = plot.curve("y = a·x: only a = 2")
        np.testing.assert_allclose(origin.y, 2 * origin.x)
    body = run.page()["body"]
    assert "gives **a = 2**" in body and "y = a·x + b" in body
    zh = lessons.start("step_size", lang="zh_CN")
    zh.goto(4)
    zh.do()
    assert "得 **a = 2**" in zh.page()["body"] and "一个点就够了" in zh.page()["body"]
