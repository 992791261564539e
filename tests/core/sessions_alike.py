"""Two sessions alike, bit for bit: what a copy, a .galton round trip or a replayed script
must give (shared by test_session_file.py and test_every_lesson_shares.py)."""

import numpy as np


def assert_same(a, b):
    """The same scenario, balls, board (cups, drop stream), pegs, optimizer state, batch
    order, history, frozen pegs and origin of the balls."""
    assert a.scenario.values == b.scenario.values
    for x, y in ((a.data, b.data), (a.train_set, b.train_set), (a.test_set, b.test_set)):
        if x is None or y is None:
            assert x is None and y is None
            continue
        np.testing.assert_array_equal(x.X, y.X)
        np.testing.assert_array_equal(x.y, y.y)
        assert (x.feature_names, x.class_names, x.class_colors, x.name) == \
            (y.feature_names, y.class_names, y.class_colors, y.name)
    assert a.board.spec() == b.board.spec()
    assert a.board._rng.bit_generator.state == b.board._rng.bit_generator.state
    sa, sb = a.trainer.state(), b.trainer.state()
    assert sa.keys() == sb.keys()
    for key in sa:
        if key == "optimizer":
            assert sa[key].keys() == sb[key].keys()
            for k in sa[key]:
                np.testing.assert_array_equal(sa[key][k], sb[key][k])
        else:
            np.testing.assert_array_equal(sa[key], sb[key])
    ha, hb = a.trainer.history.as_arrays(), b.trainer.history.as_arrays()
    assert ha.keys() == hb.keys()
    for key in ha:
        np.testing.assert_array_equal(ha[key], hb[key])
    assert type(a.trainer.optimizer) is type(b.trainer.optimizer)
    assert (a.trainer.mask is None) == (b.trainer.mask is None)
    if a.trainer.mask is not None:
        np.testing.assert_array_equal(a.trainer.mask, b.trainer.mask)
    assert getattr(a, "data_origin", None) == getattr(b, "data_origin", None)


def go_on(*sessions, steps=23):
    """Train each session on and drop balls from the board's own stream: the first one's
    pegs, history and drops are what every other one gets."""
    for s in sessions:
        s.step(steps)
    drops = [s.drop(9).bins for s in sessions]       # the board's own stream, no seed
    for s, d in zip(sessions[1:], drops[1:], strict=True):
        np.testing.assert_array_equal(s.board.theta, sessions[0].board.theta)
        np.testing.assert_array_equal(d, drops[0])
        np.testing.assert_array_equal(s.trainer.history.train_loss,
                                      sessions[0].trainer.history.train_loss)
