"""Lesson 4, the picnic perceptron: weights 6, 2, 2 and threshold 5 (6 > 5 go, 4 < 5 stay);
threshold 7 (6 < 7, 8 > 7); a bias of 4 on the family (6 > 5 in the rain); σ′ ≤ ¼; a peg is
this perceptron with a sigmoid."""

import numpy as np
import pytest

from galton import lessons
from galton.lessons import picnic


def test_the_truth_tables_are_the_articles():
    run = lessons.start("picnic")
    v = run.play(upto=3)
    assert (v["p_alone"], v["p_alone_go"]) == (6.0, "go")          # 6 > 5
    assert (v["p_rain_rest"], v["p_rain_rest_go"]) == (4.0, "stay")  # 2 + 2 = 4 < 5
    np.testing.assert_array_equal(v["p_sums"], [0, 2, 2, 4, 6, 8, 8, 10])
    np.testing.assert_array_equal(v["p_go"], [0, 0, 0, 0, 1, 1, 1, 1])  # the weather decides
    assert (v["t_alone"], v["t_alone_go"]) == (6.0, "stay")          # 6 < 7
    assert (v["t_weather_family"], v["t_weather_family_go"]) == (8.0, "go")  # 8 > 7
    np.testing.assert_array_equal(v["t_go"], [0, 0, 0, 0, 0, 1, 1, 1])
    assert v["family_weight"] == 6.0
    assert (v["b_rain_family"], v["b_rain_family_go"]) == (6.0, "go")  # 6 > 5 in the rain
    # The table draws the article's sums and decisions.
    run.goto(0)
    table = run.figure().panels[0]
    assert table.rows[4][3] == "6·1 + 2·0 + 2·0 = 6" and table.rows[4][-1] == "go"
    assert table.rows[3][4] == "4 < 5" and table.rows[3][-1] == "stay"


def test_the_checks_follow_the_learners_weights_and_thresholds():
    run = lessons.start("picnic")
    assert not run.check().passed
    run.do(w_family=4.0)                   # 4 + 2 = 6 > 5: rain no longer stays
    assert not run.check().passed
    run.do(w_family=2.0)
    assert run.check().passed
    run.next()
    assert not run.check().passed
    run.do(threshold_high=6.0)             # 6 > 6 is false, 8 > 6: passes too
    assert run.check().passed
    run.do(threshold_high=8.0)             # weather and family 8 > 8 is false
    assert not run.check().passed
    run.do(threshold_high=7.0)
    assert run.check().passed
    run.next()
    run.do(family_bias=3.0)                # 5 > 5 is false
    assert not run.check().passed
    run.do(family_bias=4.0)
    assert run.check().passed


def test_the_sigmoids_slope_is_at_most_a_quarter():
    run = lessons.start("picnic")
    run.goto(3)
    v = run.do(sharpness=4.0)
    assert v["max_slope"] == 0.25
    assert v["sig_alone"] == pytest.approx(1 / (1 + np.exp(-1))) == pytest.approx(0.7311, abs=1e-4)
    assert v["sig_rain_rest"] == pytest.approx(1 - v["sig_alone"])
    assert v["sharp_alone"] == pytest.approx(1 / (1 + np.exp(-4)))
    plot = run.figure().panels[0]
    assert {"σ(z)", "σ(4·z)"} <= {c.label for c in plot.curves}
    z = np.linspace(-8, 8, 321)
    s = picnic.sigmoid(z)
    h = 1e-6    # σ′ = σ(1 − σ), against central differences
    central = (picnic.sigmoid(z + h) - picnic.sigmoid(z - h)) / (2 * h)
    np.testing.assert_allclose(s * (1 - s), central, atol=1e-8)


def test_the_peg_is_the_perceptron_with_a_sigmoid_and_training_finds_the_weather():
    run = lessons.start("picnic")
    board = run.session.board
    assert (board.rows, board.features, board.cups) == (1, 3, 2)
    run.goto(4)
    assert not run.check().passed          # a level peg: every case 50/50
    run.do()
    np.testing.assert_allclose(run.session.board.theta, [[6, 2, 2, -5]])
    assert run.values["peg_alone"] == pytest.approx(1 / (1 + np.exp(-1)), rel=1e-12)
    assert run.values["peg_rain_rest"] == pytest.approx(1 / (1 + np.exp(1)), rel=1e-12)
    assert run.check().passed
    run.session.turn_peg(0, 0, bias=-7.0)  # turned by hand: 6 − 7 < 0, weather alone stays
    assert not run.check().passed
    run.next()
    run.session.reset()
    assert not run.check().passed
    run.session.step(200)                  # the window's Play passes as well as "Do it"
    assert run.check().passed
    run.session.reset()
    run.do(train_steps=200)
    v = run.values
    assert v["trained_steps"] == 200 and v["trained_accuracy"] == 1.0 and run.check().passed
    assert v["learned_weather"] > 5 * max(abs(v["learned_family"]), abs(v["learned_parking"]))


def test_the_chinese_page_uses_chinese_words_for_the_decisions():
    run = lessons.start("picnic", lang="zh_CN")
    run.do()
    assert "**去**" in run.page()["body"] and "**不去**" in run.page()["body"]
    assert run.figure().panels[0].rows[4][-1] == "去"


def test_the_articles_bias_is_told_then_a_real_bias_is_shown_beside_it():
    """The article adds its bias to the family's weight (2 + 4 = 6 > 5 in the rain); a real
    bias is added to every sum, so b = +4 also sends “rain, parking only” to the picnic."""
    run = lessons.start("picnic")
    run.goto(2)
    v = run.do(family_bias=4.0)
    assert v["family_weight"] == 6.0 and v["b_rain_family"] == 6.0     # the article: 2 + 4
    np.testing.assert_array_equal(v["r_sums"], [4, 6, 6, 8, 10, 12, 12, 14])  # every sum + 4
    assert v["n_differ"] == 1 and v["r_rain_parking"] == 6.0 and v["b_rain_parking"] == 2.0
    assert v["r_rain_parking_go"] == "go" and v["b_rain_parking_go"] == "stay"
    article, real = run.figure().panels
    assert article.rows[1][-1] == "stay" and real.rows[1][-1] == "go"   # rain, parking only
    assert real.rows[1][3] == "6·0 + 2·0 + 2·1 + 4 = 6" and real.highlight == [1]
    body = run.page()["body"]
    assert "2 + 4 = 6 > 5" in body and "“rain, easy parking only”" in body
    assert "(highlighted): “rain, easy parking only”" in body
    run.do(family_bias=0.0)                                  # no bias: the tables agree
    assert run.values["n_differ"] == 0 and run.values["r_verdict_case"] == "same"
    zh = lessons.start("picnic", lang="zh_CN")
    zh.goto(2)
    zh.do()
    assert "“下雨，只有好停车”" in zh.page()["body"] and "2 + 4 = 6 > 5" in zh.page()["body"]


def test_a_conclusion_follows_the_learners_numbers_not_the_articles():
    """The issue's cases: with a bias of 2 the page must not say “6 > 5, we go even in the
    rain”; with the threshold 6 weather alone stays (6 > 6 is false)."""
    run = lessons.start("picnic")
    run.goto(2)
    run.do(family_bias=2.0)
    body = run.page()["body"]
    assert "4 < 5 → **stay**" in body and run.values["b_verdict_case"] == "stay"
    assert run.text("b_verdict:go") not in body and run.text("b_verdict:stay") in body
    run.goto(1)
    run.do(threshold_high=6.0)
    assert "6 = 6 → **stay**" in run.page()["body"]
    run.do(threshold_high=5.0)
    assert run.values["t_verdict_case"] == "weather"
    assert "Sunshine alone is still enough" in run.page()["body"]
