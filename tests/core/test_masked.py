"""Masked tokens: the six blanks of 今天天气很好, their neighbours as balls."""

import numpy as np
import pytest

from galton.core import masked


def test_the_blanks_of_the_sentence():
    bs = masked.blanks("今天天气很好")
    assert [str(b) for b in bs] == ["□天天气很好→今", "今□天气很好→天", "今天□气很好→天",
                                    "今天天□很好→气", "今天天气□好→很", "今天天气很□→好"]
    assert (bs[0].left, bs[0].right, bs[-1].right) == ("BEGIN", "天", "END")
    assert masked.vocabulary("今天天气很好") == ("今", "天", "气", "很", "好")


def test_both_neighbours_tell_every_blank_apart_and_the_left_alone_does_not():
    both = masked.dataset("今天天气很好", "both")
    left = masked.dataset("今天天气很好", "left")
    assert both.X.shape == (6, 12) and left.X.shape == (6, 6)
    assert len({tuple(x) for x in both.X}) == 6
    assert len({tuple(x) for x in left.X}) == 5
    np.testing.assert_array_equal(left.X[2], left.X[3])      # 天 on the left of both
    assert both.class_names[both.y[2]] == "天" and both.class_names[both.y[3]] == "气"
    np.testing.assert_array_equal(both.X.sum(axis=1), 2.0)   # two one-hots
    with pytest.raises(ValueError, match="sides"):
        masked.dataset("今天", "right")
