"""The textbook deep chain of sigmoid units: gradients against central finite differences, the
¼ bound, and the exact (w/4)^(L−l) law of a centred chain."""

import numpy as np
import pytest

from galton.core import chain


def test_the_sigmoid_slope_is_sigma_times_one_minus_sigma_and_at_most_a_quarter():
    z = np.linspace(-30, 30, 6001)
    s = chain.sigmoid(z)
    # 1 − σ(z) = σ(−z), computed without losing the digits 1 − s would lose for large z.
    np.testing.assert_allclose(chain.sigmoid_slope(z), s * chain.sigmoid(-z), rtol=1e-12)
    small = np.abs(z) < 5
    np.testing.assert_allclose(chain.sigmoid_slope(z[small]), s[small] * (1 - s[small]),
                               rtol=1e-12)
    assert chain.sigmoid_slope(0.0) == 0.25
    assert chain.sigmoid_slope(z).max() == 0.25
    assert chain.sigmoid_slope(800.0) == 0.0 and chain.sigmoid(-800.0) == 0.0  # no overflow
    assert 0 < chain.sigmoid_slope(-700.0) < 1e-300


@pytest.mark.parametrize("depth", [1, 3, 8])
def test_gradients_match_central_finite_differences(depth, rng):
    for _ in range(5):
        w = rng.normal(0, 2, depth)
        b = rng.normal(0, 1, depth)
        x = rng.normal()
        gw, gb = chain.gradients(x, w, b)
        eps = 1e-6
        for k in range(depth):
            e = np.zeros(depth)
            e[k] = eps
            fw = (chain.output(x, w + e, b) - chain.output(x, w - e, b)) / (2 * eps)
            fb = (chain.output(x, w, b + e) - chain.output(x, w, b - e)) / (2 * eps)
            assert gw[k] == pytest.approx(fw, rel=1e-6, abs=1e-10)
            assert gb[k] == pytest.approx(fb, rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("w", [1.0, 4.0, 8.0])
def test_a_centred_chain_multiplies_by_w_over_4_per_layer(w):
    L = 20
    weights = np.full(L, w)
    b = chain.centred_biases(1.0, weights)
    h, z = chain.forward(1.0, weights, b)
    np.testing.assert_allclose(z, 0.0, atol=1e-15)
    np.testing.assert_allclose(h[1:], 0.5)
    _, gb = chain.gradients(1.0, weights, b)
    expected = 0.25 * (w / 4) ** (L - 1 - np.arange(L))
    np.testing.assert_allclose(gb, expected, rtol=1e-12)


def test_shapes_are_checked():
    with pytest.raises(ValueError, match="equally long"):
        chain.gradients(1.0, [1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="finite"):
        chain.forward(1.0, [np.nan], [0.0])
