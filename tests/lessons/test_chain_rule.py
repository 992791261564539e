"""Lesson 5, the chain rule: h2 = 6, ∂y/∂h2 = 3·6² = 108, every backward product checked by
finite differences; the board's per-row gradient norms come from its real gradient."""

import numpy as np
import pytest

from galton import lessons
from galton.kernels import board_numpy
from galton.lessons import chain_rule


def test_forward_values_and_the_articles_108():
    run = lessons.start("chain_rule")
    v = run.play(upto=2)
    assert (v["h1"], v["h2"], v["y"]) == (1.5, 6.0, 219.0)
    assert v["dy_dh2"] == 3 * 6 ** 2 == 108.0
    assert v["dy_dh2_fd"] == pytest.approx(108.0, rel=1e-8)


def test_every_backward_product_matches_a_finite_difference():
    run = lessons.start("chain_rule")
    run.goto(2)
    assert not run.check().passed
    v = run.do()
    assert run.check().passed
    expected = {"y": 1, "w6": 1, "w5": 1, "h2": 108, "w4": 108, "w3": 162, "h1": 216,
                "w2": 216, "w1": 432, "x": 54}
    assert v["grads"] == pytest.approx(expected, rel=0, abs=0)
    for name, value in expected.items():
        if name == "y":
            continue
        for h in (1e-4, 1e-6):   # the lesson's numbers and an independent difference
            fd = chain_rule.finite_difference(chain_rule.INPUTS, name, h)
            assert fd == pytest.approx(value, rel=1e-6), name
    # at other points of the chain too, every partial against central differences
    rng = np.random.default_rng(5)
    for _ in range(5):
        point = dict(zip(chain_rule.NAMES, rng.normal(0, 1.5, 7), strict=True))
        grads = chain_rule.backward(point)
        for name in (*chain_rule.NAMES, "h1", "h2"):
            fd = chain_rule.finite_difference(point, name, 1e-5)
            assert grads[name] == pytest.approx(fd, rel=1e-6, abs=1e-6), name
    table = run.figure().panels[0]
    assert table.rows[3][:3] == ["∂y/∂h2", "1 · ∂c/∂h2 = 1 · 3·h2² = 3·6²", "108"]
    assert table.rows[6][1] == "∂y/∂h2 · ∂b/∂h1 = 108 · w3 = 108 · 2"


def test_a_small_nudge_keeps_the_gradients_promise_a_large_one_does_not():
    run = lessons.start("chain_rule")
    run.goto(3)
    assert not run.check().passed
    run.do(nudge="w3", delta=1.0)       # h2 goes 6 → 7.5: the cube bends away
    assert run.values["change"] == 7.5 ** 3 - 216 and run.values["predicted"] == 162.0
    assert not run.check().passed
    run.do(delta=0.0)
    assert not run.check().passed
    run.do(nudge="w1", delta=0.01)
    assert run.values["predicted"] == pytest.approx(4.32)
    assert run.check().passed and run.values["nudge_error"] < 0.01
    run.figure()


def test_the_board_step_shows_the_real_per_row_gradient():
    run = lessons.start("chain_rule")
    session = run.session
    assert session.board.rows == 8
    run.goto(4)
    assert not run.check().passed
    theta = session.board.theta.copy()
    run.do()
    assert run.check().passed
    # the plotted norms are those of the exact gradient of the board before the step
    X, y = session.trainer.X, session.trainer.y
    _, grad = board_numpy.loss_and_grad(theta, X, y, 8, session.board.bin_to_cup,
                                        session.board.cups)
    expected = [np.linalg.norm(grad[session.board.row_slice(r)]) for r in range(8)]
    np.testing.assert_allclose(run.values["row_norms"], expected, rtol=1e-10)
    plot = run.figure().panels[0]
    bars = plot.curves[0]
    np.testing.assert_allclose(bars.y, expected[::-1], rtol=1e-10)  # from the last row up
    assert bars.x.tolist() == list(range(1, 9))
    assert run.values["norm_last"] == pytest.approx(expected[-1])
    # a deeper board when the learner asks for one; the check follows the session
    run.do(rows=12)
    assert session.board.rows == 12 and len(run.values["row_norms"]) == 12
    session.set(rows=10)                 # a rebuilt board has measured nothing yet
    assert not run.check().passed
    session.step(1)                      # Step in the window passes as well
    assert run.check().passed


def test_the_chinese_page_quotes_108():
    run = lessons.start("chain_rule", lang="zh_CN")
    run.play(upto=2)
    assert "108" in run.page()["body"] and "链" in run.page()["body"]
