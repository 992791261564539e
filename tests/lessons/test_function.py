"""Lesson 1, everything is a function: y = 3x + 1 through (1, 4), (2, 7), (3, 10); x = 5 → 16."""

import numpy as np
import pytest

from galton import lessons


def test_the_rule_descent_and_the_prediction_are_the_articles():
    run = lessons.start("function")
    values = run.play()
    assert values["rise1"] == values["rise2"] == 3.0
    assert (values["guess_a"], values["guess_b"]) == (3.0, 1.0)
    assert values["exact_a"] == pytest.approx(3.0, abs=1e-12)
    assert values["exact_b"] == pytest.approx(1.0, abs=1e-12)
    assert values["loss_start"] == 4 ** 2 + 7 ** 2 + 10 ** 2  # a = b = 0: 165
    assert values["a"] == pytest.approx(3.0, abs=1e-6)
    assert values["b"] == pytest.approx(1.0, abs=1e-6)
    assert values["taken"] == 500 and np.all(np.diff(values["fit_losses"]) <= 1e-12)
    assert values["prediction"] == pytest.approx(16.0, abs=1e-5)
    assert f"{values['prediction']:.2f}" == "16.00" and values["exact_prediction"] == 16.0


def test_every_step_fails_its_check_before_and_passes_after():
    run = lessons.start("function")
    for _ in run.steps:
        assert not run.check().passed
        run.do()
        assert run.check().passed
        run.next()


def test_the_fit_check_follows_the_learners_settings():
    run = lessons.start("function")
    run.goto(1)
    run.do(steps=20)                       # too few steps along the flat direction
    assert not run.check().passed and abs(run.values["a"] - 3) > 0.01
    run.do(lr=0.1, steps=500)              # above 2/33.3: plain descent blows up
    assert not run.check().passed and run.values["blew_up"] and run.values["taken"] < 500
    assert "blew up" in run.page()["body"]
    run.figure()                           # a diverged run still draws
    run.do(optimizer="momentum", lr=0.01, steps=500)
    assert run.check().passed
    run.do(optimizer="adam", lr=0.1, steps=2000)
    assert run.check().passed
    run.next()
    run.do()
    assert run.check().passed and abs(run.values["prediction"] - 16) < 0.005


def test_the_figures_show_the_points_the_lines_and_the_prediction():
    run = lessons.start("function")
    run.play()
    run.goto(1)
    plot, surface = run.figure().panels
    assert plot.curve("data points").y.tolist() == [4.0, 7.0, 10.0]
    fitted = plot.curves[-1]
    np.testing.assert_allclose(fitted.y, 3 * fitted.x + 1, atol=1e-5)
    assert len(surface.trails[0].points) == 501
    run.goto(2)
    plot = run.figure().panels[0]
    assert plot.curve("prediction at x = 5").y[0] == pytest.approx(16.0, abs=1e-5)


def test_the_chinese_page_quotes_the_same_numbers():
    run = lessons.start("function", lang="zh_CN")
    run.play()
    assert "16.00" in run.page()["body"] and "函数" in run.page()["body"]
    assert "16.00" in run.check().message and "预测" in run.check().message
