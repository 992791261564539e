"""Lesson 11's last steps: L(C) on the stored sweep's compute frontier, and the N^0.74/D rule
(8× the model → 4.66× the data, the article's "about 5")."""

import pytest

from galton import lessons


def test_the_compute_frontier_and_its_law():
    run = lessons.start("scaling")
    run.goto(5)
    assert run.step.key == "compute" and not run.check().passed
    run.do()
    v = run.values
    assert run.check().passed
    assert (v["c_all"], v["c_runs"]) == (48, 7)
    assert v["c_alpha"] == pytest.approx(1.6925, abs=1e-3)
    assert v["c_lo"] < v["c_alpha"] < v["c_hi"] and v["c_width_case"] == "wide"
    assert (v["c_best_rows"], v["c_best_balls"]) == (8, 4096)
    assert v["c_best_loss"] == pytest.approx(0.0996, abs=1e-4)
    assert v["c_big_rows"] == 16 and v["c_big_case"] == "worse"
    assert v["c_kaplan"] == 0.05


def test_eight_times_the_model_needs_about_five_times_the_data():
    run = lessons.start("scaling")
    run.goto(6)
    run.do()
    v = run.values
    assert v["r_eight"] == pytest.approx(8 ** 0.74) == pytest.approx(4.6589, abs=1e-4)
    assert v["r_less_case"] == "less"
    run.do(model_factor=1000.0)
    assert run.values["r_data"] == pytest.approx(165.96, abs=0.01)
    run.do(model_factor=1.0)
    assert run.values["r_less_case"] == "same"
