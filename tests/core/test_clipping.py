"""Gradient clipping: the threshold is never exceeded, inputs are never changed."""

import decimal
import json
import math
import sys

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from galton import optim

# Every finite float: zeros, subnormals, and magnitudes whose squares overflow.
any_finite = st.floats(allow_nan=False, allow_infinity=False)
vectors = st.lists(any_finite, min_size=1, max_size=30).map(np.array)
ordinary = st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30).map(np.array)
thresholds = st.floats(1e-300, 1e300)


@settings(max_examples=300, deadline=None)
@given(vectors, thresholds)
@example(np.zeros(1), 1.0)
@example(np.zeros(7), 1e-300)
@example(np.array([1e200, -1e200]), 1.0)
@example(np.array([1e308, 1e308, 1e308, 1e308]), 1e300)  # true norm beyond the largest float
@example(np.array([5e-324, 1e-310]), 1e-300)
def test_clip_by_norm_never_exceeds_the_threshold(grad, threshold):
    before = grad.copy()
    out, clipped, norm = optim.ClipByNorm(threshold).apply(grad)
    assert optim.global_norm(out) <= threshold or (not clipped and norm <= threshold)
    assert clipped == (norm > threshold)
    assert np.array_equal(grad, before)  # the input is untouched
    if not clipped:
        assert out is grad  # no copy when nothing changes
    else:  # same direction: compare both scaled so that their largest entry is 1
        np.testing.assert_allclose(out / np.max(np.abs(out)), grad / np.max(np.abs(grad)),
                                   rtol=1e-12, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(ordinary, st.floats(1e-3, 1e3))
@example(np.zeros(5), 1.0)
def test_clipped_norm_lands_on_the_threshold_as_numpy_measures_it(grad, threshold):
    # The Trainer records norms with numpy; for ordinary numbers global_norm is that formula.
    # (Below 1e-100 numpy's squares underflow to 0 and global_norm rescales instead.)
    assume(np.max(np.abs(grad)) == 0 or np.max(np.abs(grad)) > 1e-100)
    out, clipped, norm = optim.ClipByNorm(threshold).apply(grad)
    assert norm == np.linalg.norm(grad)
    assert np.linalg.norm(out) <= threshold
    if clipped:
        assert np.linalg.norm(out) == pytest.approx(threshold, rel=1e-14)


@settings(max_examples=200, deadline=None)
@given(vectors)
@example(np.array([1.89417751e300, 1.7976931348623157e308]))
def test_global_norm_is_accurate_without_overflow(grad):
    # An independent reference: the exact norm in decimal, compared in decimal. (math.hypot, the
    # reference before, overflows to inf for [1.9e300, 1.7976931348623157e308], whose norm lies
    # within a millionth of an ulp of where rounding goes to inf; galton's largest float is then
    # as right as inf.)
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        ctx.Emax = 10**6
        exact = sum(decimal.Decimal(float(g)) ** 2 for g in grad).sqrt()
        got = optim.global_norm(grad)
        if math.isinf(got):
            assert exact > decimal.Decimal(sys.float_info.max)
        else:
            error = abs(decimal.Decimal(got) - exact)
            assert error <= decimal.Decimal("1e-13") * exact + decimal.Decimal("1e-323")


@settings(max_examples=200, deadline=None)
@given(vectors, thresholds)
@example(np.zeros(3), 1.0)
def test_clip_by_value_bounds_every_entry(grad, threshold):
    before = grad.copy()
    out, clipped, norm = optim.ClipByValue(threshold).apply(grad)
    assert np.all(np.abs(out) <= threshold)
    assert clipped == bool(np.any(np.abs(grad) > threshold))
    assert np.array_equal(grad, before)
    assert norm == optim.global_norm(grad)
    inside = np.abs(grad) <= threshold
    assert np.array_equal(out[inside], grad[inside])  # entries within bounds are untouched


def test_clipping_keeps_the_gradient_shape():
    grad = np.arange(12.0).reshape(4, 3)
    for clip in (optim.ClipByNorm(1.0), optim.ClipByValue(2.0)):
        out, clipped, _ = clip.apply(grad)
        assert clipped and out.shape == (4, 3)


@pytest.mark.parametrize("clip", [optim.ClipByNorm(1.0), optim.ClipByValue(1.0)])
@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_non_finite_gradients_pass_through_for_divergence_detection(clip, bad):
    grad = np.array([bad, 5.0, 1e300])
    out, clipped, norm = clip.apply(grad)
    assert not clipped and out is grad and not math.isfinite(norm)


def test_make_clip_and_config_round_trip():
    for clip in (optim.make_clip("norm", 2.5), optim.make_clip("VALUE", 0.5)):
        config = json.loads(json.dumps(clip.to_config()))
        again = optim.clip_from_config(config)
        assert type(again) is type(clip) and again.to_config() == clip.to_config()
    assert isinstance(optim.make_clip("norm", 1.0), optim.ClipByNorm)
    assert repr(optim.ClipByValue(0.5)) == "ClipByValue(0.5)"


@pytest.mark.parametrize("call,match", [
    (lambda: optim.ClipByNorm(0.0), "max_norm must be a finite number > 0"),
    (lambda: optim.ClipByNorm(float("inf")), "max_norm must be"),
    (lambda: optim.ClipByValue(-1.0), "max_value must be a finite number > 0"),
    (lambda: optim.ClipByValue("big"), "max_value must be a number"),
    (lambda: optim.make_clip("l1", 1.0), r"clip must be one of \['norm', 'value'\]"),
    (lambda: optim.clip_from_config({"max_norm": 1.0}), "clip config must be a dict with 'name'"),
    (lambda: optim.clip_from_config({"name": "norm", "max_value": 1.0}),
     "must hold exactly 'name' and 'max_norm'"),
])
def test_bad_clip_arguments_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
