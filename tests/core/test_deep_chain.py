"""The deep stack of layers: every gradient against central finite differences for every
activation, path and normalisation; the exact properties the remedies lesson relies on."""

import itertools

import numpy as np
import pytest

from galton.core import deep_chain as dc

DESIGNS = [dc.Design(a, p, 0.7, n) for a, p, n in
           itertools.product(dc.ACTIVATIONS, dc.PATHS, (False, True))]


def _stack(width=5, depth=4, scale=1.3, seed=1):
    rng = np.random.default_rng(seed)
    W, _ = dc.layers(width, depth, scale, seed=seed)
    b = rng.normal(0, 0.3, (depth, width))   # nonzero biases: ReLU kinks away from the points
    return rng.normal(0, 1, width), W, b


@pytest.mark.parametrize("design", DESIGNS, ids=lambda d: f"{d.activation}-{d.path}-{d.norm}")
def test_gradients_match_central_finite_differences(design):
    x, W, b = _stack()
    dW, db, dh = dc.gradients(x, W, b, design)
    eps = 1e-6
    for idx in np.ndindex(W.shape):
        e = np.zeros_like(W)
        e[idx] = eps
        fd = (dc.output(x, W + e, b, design) - dc.output(x, W - e, b, design)) / (2 * eps)
        assert dW[idx] == pytest.approx(fd, rel=1e-5, abs=1e-8), idx
    for idx in np.ndindex(b.shape):
        e = np.zeros_like(b)
        e[idx] = eps
        fd = (dc.output(x, W, b + e, design) - dc.output(x, W, b - e, design)) / (2 * eps)
        assert db[idx] == pytest.approx(fd, rel=1e-5, abs=1e-8), idx
    for k in range(x.size):                     # ∂y/∂h₀: the message at the input
        e = np.zeros_like(x)
        e[k] = eps
        fd = (dc.output(x + e, W, b, design) - dc.output(x - e, W, b, design)) / (2 * eps)
        assert dh[0, k] == pytest.approx(fd, rel=1e-5, abs=1e-8)


def test_the_message_at_the_output_is_the_readout_and_has_length_one():
    x, W, b = _stack(width=16, depth=3)
    dh = dc.gradients(x, W, b)[2]
    np.testing.assert_allclose(dh[-1], np.full(16, 0.25))
    assert np.linalg.norm(dh[-1]) == pytest.approx(1.0)


def test_layer_norm_makes_the_stack_blind_to_the_weights_scale():
    x, W, b = _stack(width=8, depth=6)
    b = np.zeros_like(b)
    design = dc.Design("relu", "plain", norm=True)
    one = dc.gradients(x, W, b, design)[2]
    four = dc.gradients(x, 4 * W, b, design)[2]
    np.testing.assert_allclose(np.linalg.norm(one, axis=1), np.linalg.norm(four, axis=1),
                               rtol=1e-3)


def test_a_gate_of_one_passes_the_message_unchanged_and_writes_nothing():
    x, W, b = _stack(width=6, depth=10)
    design = dc.Design("sigmoid", "gated", gate=1.0)
    f = dc.forward(x, W, b, design)
    np.testing.assert_allclose(f["h"][-1], x)
    dW, _, dh = dc.gradients(x, W, b, design)
    np.testing.assert_allclose(dh, np.tile(dc.readout(6), (11, 1)))
    assert np.all(dW == 0)


def test_bad_designs_and_shapes_are_refused():
    with pytest.raises(ValueError, match="activation"):
        dc.Design("softplus")
    with pytest.raises(ValueError, match="gate"):
        dc.Design(gate=1.5)
    with pytest.raises(ValueError, match="width"):
        dc.gradients(np.zeros(3), np.zeros((2, 4, 4)), np.zeros((2, 4)))
