"""Lesson 16, the remedies measured on the 20-layer stack: sigmoid whispers the message away,
ReLU at scale 4 shouts it up; ReLU and tanh keep it; skip paths bring it back; layer norm is
blind to the weights' scale; a gate g keeps about g^depth."""

import pytest

from galton import lessons


def test_the_lessons_numbers():
    run = lessons.start("remedies")
    v = run.play()
    assert v["tp_quiet"] < 1e-12 and v["tp_loud"] > 1e8
    assert v["ac_sigmoid"] == v["tp_quiet"] and 0.1 < v["ac_tanh"] < 1 and 0.1 < v["ac_relu"] < 1
    assert v["ac_verdict_case"] == "sigmoid_worst"
    assert v["rs_plain"] < 1e-12 and 0.9 < v["rs_skip"] < 1.5
    assert v["rs_verdict_case"] == "rescued"
    assert v["nm_plain"] > 1e8 and v["nm_plain_says_case"] == "explodes"
    assert v["nm_norm_1"] == pytest.approx(v["nm_norm_4"], rel=1e-3)
    assert v["nm_norm_2"] == pytest.approx(v["nm_norm_4"], rel=1e-3)
    assert v["nm_spread"] < 1.001 and v["nm_norm"] < 0.1
    assert 0.9 < v["nm_norm_skip"] < 2.0
    assert v["gt_first"] == pytest.approx(0.9 ** 20, rel=0.02)
    assert v["gt_at_0"] == v["gt_plain"] and v["gt_at_0.99"] > 0.8
    assert run.check().passed


def test_relu_skip_paths_without_normalisation_let_the_message_grow():
    run = lessons.start("remedies")
    run.goto(2)
    assert not run.check().passed
    run.do(activation="relu")
    assert run.values["rs_verdict_case"] == "grows" and run.values["rs_skip"] > 1e3
    assert not run.check().passed                 # nothing was rescued here
    run.do(activation="sigmoid")
    assert run.check().passed


def test_a_shallow_stack_and_a_small_scale_say_what_they_measure():
    run = lessons.start("remedies")
    run.goto(3)
    run.do(scale=1.0, normalisation_layers=5)
    assert run.values["nm_plain_says_case"] == "survives"
    assert "try s = 4" in run.page()["body"]
    run.goto(1)
    run.do(activations_layers=2)
    assert run.values["ac_verdict_case"] == "alike"
