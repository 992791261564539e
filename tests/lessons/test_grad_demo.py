"""Lesson 3, the grad demo: the iterates are 4·0.8ⁿ; a step size in (0.5, 1) wobbles, above 1
runs away."""

import numpy as np

from galton import lessons


def test_twenty_steps_of_0_1_from_4_4_are_4_times_0_8_to_the_n():
    run = lessons.start("grad_demo")
    values = run.play()
    path = values["descend_path"]
    n = np.arange(21)
    assert path.shape == (21, 2)
    np.testing.assert_allclose(path[:, 0], 4 * 0.8 ** n, rtol=1e-12)
    np.testing.assert_allclose(path[:, 1], 4 * 0.8 ** n, rtol=1e-12)
    assert values["x1"] == 3.2 and abs(values["x2"] - 2.56) < 1e-12
    assert abs(values["x20"] - 4 * 0.8 ** 20) < 1e-12 and round(values["x20"], 4) == 0.0461
    assert abs(values["loss20"] - 2 * (4 * 0.8 ** 20) ** 2) < 1e-12
    assert values["start_loss"] == 32.0


def test_the_checks_follow_what_the_learner_chose():
    run = lessons.start("grad_demo")
    run.goto(2)
    run.do(lr_wobble=0.3)          # no wobble: the factor 0.4 is positive
    assert not run.check().passed
    run.do(lr_wobble=0.9)          # factor -0.8: jumps across and settles
    assert run.check().passed
    assert run.values["wobble_factor"] == -0.8
    run.next()
    run.do(lr_runaway=0.9)
    assert not run.check().passed
    run.do(lr_runaway=1.1)         # factor -1.2: away
    assert run.check().passed
    np.testing.assert_allclose(run.values["runaway_path"][:, 0], 4 * (-1.2) ** np.arange(13))


def test_the_chinese_page_quotes_the_same_numbers():
    run = lessons.start("grad_demo", lang="zh_CN")
    run.goto(1)
    run.do()
    page = run.page()
    assert "0.0461" in page["body"] and "步长" in page["body"]
    assert "0.0461" in run.check().message
