"""Optimizers: the theory they must obey, their Numba kernels against the NumPy twins, state."""

import io
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from galton import optim
from galton.core.lines import LineFit


def quadratic_run(opt, lam, steps=400, w0=1.0):
    """Minimise f(w) = ½λw² from w0; return |w| after ``steps`` steps."""
    w = np.array([w0])
    for _ in range(steps):
        opt.step(w, lam * w)
        if not np.isfinite(w[0]) or abs(w[0]) > 1e100:
            return np.inf
    return abs(w[0])


@pytest.mark.parametrize("lam", [0.5, 1.0, 4.0, 10.0])
def test_gradient_descent_converges_iff_eta_lambda_below_two(lam):
    # w ← (1 − ηλ)·w: a contraction exactly when |1 − ηλ| < 1.
    for factor, converges in [(0.1, True), (1.0, True), (1.99, True), (2.01, False),
                              (3.0, False)]:
        final = quadratic_run(optim.SGD(lr=factor / lam), lam, steps=3000)
        assert (final < 1e-3) == converges, (lam, factor, final)


@pytest.mark.parametrize("lr,lam", [(2.0, 1.0), (0.5, 4.0), (4.0, 0.5)])
def test_gradient_descent_on_the_boundary_bounces_forever(lr, lam):
    # ηλ = 2 exactly (in binary too): w ← −w, neither converging nor diverging.
    assert quadratic_run(optim.SGD(lr=lr), lam, steps=1001) == 1.0


@pytest.mark.parametrize("beta", [0.5, 0.9])
@pytest.mark.parametrize("lam", [1.0, 3.0])
def test_heavy_ball_converges_iff_eta_lambda_below_two_plus_two_beta(beta, lam):
    bound = 2 + 2 * beta
    # Characteristic roots of w_{k+1} = (1 + β − ηλ)w_k − βw_{k−1}: one reaches −1 at ηλ = 2 + 2β.
    for factor, converges in [(0.5, True), (2.5, True), (bound - 0.02, True),
                              (bound + 0.02, False), (bound + 1.0, False)]:
        final = quadratic_run(optim.SGD(lr=factor / lam, momentum=beta), lam, steps=3000)
        assert (final < 1e-3) == converges, (beta, lam, factor, final)


def test_nesterov_follows_its_formula_and_differs_from_heavy_ball():
    g1, g2 = np.array([1.0, -2.0]), np.array([0.5, 0.25])
    lr, mu = 0.1, 0.9
    p = np.zeros(2)
    nes = optim.SGD(lr, momentum=mu, nesterov=True)
    nes.step(p, g1)
    np.testing.assert_allclose(p, -lr * (g1 + mu * g1))
    nes.step(p, g2)
    v2 = mu * g1 + g2
    np.testing.assert_allclose(p, -lr * (g1 + mu * g1) - lr * (g2 + mu * v2))
    q = np.zeros(2)
    hb = optim.SGD(lr, momentum=mu)
    hb.step(q, g1)
    hb.step(q, g2)
    np.testing.assert_allclose(q, -lr * g1 - lr * v2)
    assert not np.allclose(p, q)


def test_adam_first_step_has_magnitude_lr_in_every_coordinate(rng):
    g = np.sign(rng.normal(size=50)) * np.logspace(-2, 3, 50)
    p = np.zeros(50)
    optim.Adam(lr=0.01).step(p, g)
    # m̂ = g and v̂ = g² after one step: |Δp| = lr·|g|/(|g| + eps), i.e. lr up to eps/|g|.
    np.testing.assert_allclose(np.abs(p), 0.01 * np.abs(g) / (np.abs(g) + 1e-8), rtol=1e-13)
    np.testing.assert_allclose(np.abs(p), 0.01, rtol=1e-6)
    assert np.all(np.sign(p) == -np.sign(g))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(1e-6, 1e6) | st.floats(-1e6, -1e-6), min_size=1, max_size=40),
       st.floats(1e-4, 1.0))
def test_adam_first_step_is_exactly_lr_for_random_gradients(values, lr):
    # With ε negligible, m̂ = g and v̂ = g² after one step, so |Δp| = η to rounding.
    g = np.array(values)
    for engine in ("numba", "numpy"):
        p = np.zeros_like(g)
        optim.Adam(lr=lr, eps=1e-300, engine=engine).step(p, g)
        np.testing.assert_allclose(np.abs(p), lr, rtol=1e-14)
        assert np.all(np.sign(p) == -np.sign(g))


def test_adam_without_bias_correction_takes_a_different_first_step():
    p = np.zeros(1)
    optim.Adam(lr=0.01, bias_correction=False).step(p, np.array([2.0]))
    # m = 0.1 g, v = 0.001 g²: step = lr · 0.1 / sqrt(0.001) ≈ 3.16 lr
    assert p[0] == pytest.approx(-0.01 * 0.1 * 2 / (np.sqrt(0.001 * 4) + 1e-8))


def test_adagrad_and_rmsprop_by_hand():
    g1, g2 = np.array([2.0]), np.array([1.0])
    p = np.zeros(1)
    ada = optim.AdaGrad(lr=0.5, eps=0.0 + 1e-10)
    ada.step(p, g1)
    ada.step(p, g2)
    expected = -0.5 * 2 / (2 + 1e-10) - 0.5 * 1 / (np.sqrt(5) + 1e-10)
    assert p[0] == pytest.approx(expected, rel=1e-13)
    q = np.zeros(1)
    rms = optim.RMSProp(lr=0.1, alpha=0.9, eps=1e-8)
    rms.step(q, g1)
    rms.step(q, g2)
    a1 = 0.1 * 4
    a2 = 0.9 * a1 + 0.1 * 1
    expected = -0.1 * 2 / (np.sqrt(a1) + 1e-8) - 0.1 * 1 / (np.sqrt(a2) + 1e-8)
    assert q[0] == pytest.approx(expected, rel=1e-13)


def test_rmsprop_momentum_by_hand():
    p = np.zeros(1)
    rms = optim.RMSProp(lr=0.1, alpha=0.5, eps=1e-8, momentum=0.9)
    rms.step(p, np.array([2.0]))  # a = 2, b = 2/(√2 + ε)
    rms.step(p, np.array([-1.0]))  # a = 1.5, b = 0.9·b − 1/(√1.5 + ε)
    b1 = 2 / (np.sqrt(2.0) + 1e-8)
    b2 = 0.9 * b1 - 1 / (np.sqrt(1.5) + 1e-8)
    assert p[0] == pytest.approx(-0.1 * b1 - 0.1 * b2, rel=1e-13)
    assert rms.state["velocity"][0] == pytest.approx(b2, rel=1e-14)


def test_adamw_decays_decoupled_from_the_gradient():
    p = np.array([1.0])
    optim.AdamW(lr=0.1, weight_decay=0.5).step(p, np.array([0.0]))
    assert p[0] == pytest.approx(1.0 * (1 - 0.1 * 0.5))


ALL = [
    lambda e: optim.SGD(0.1, engine=e),
    lambda e: optim.SGD(0.1, weight_decay=0.05, engine=e),
    lambda e: optim.SGD(0.1, momentum=0.9, weight_decay=0.01, engine=e),
    lambda e: optim.SGD(0.1, momentum=0.8, nesterov=True, engine=e),
    lambda e: optim.AdaGrad(0.1, engine=e),
    lambda e: optim.RMSProp(0.01, engine=e),
    lambda e: optim.RMSProp(0.01, momentum=0.5, engine=e),
    lambda e: optim.Adam(0.01, engine=e),
    lambda e: optim.Adam(0.01, bias_correction=False, engine=e),
    lambda e: optim.AdamW(0.01, weight_decay=0.1, engine=e),
    lambda e: optim.AdamW(0.01, weight_decay=0.1, bias_correction=False, engine=e),
]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("make", ALL)
def test_numba_kernels_match_numpy_twins(make, seed):
    rng = np.random.default_rng(seed)
    a, b = make("numba"), make("numpy")
    p = rng.normal(size=(7, 5))
    q = p.copy()
    for t in range(8):
        g = rng.normal(size=(7, 5)) * 10.0 ** rng.integers(-3, 3)
        m = rng.random((7, 5)) < 0.7 if t % 2 else None  # a fresh random mask every other step
        a.step(p, g, mask=m)
        b.step(q, g, mask=m)
    np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)
    assert a.state_dict().keys() == b.state_dict().keys()
    for name, value in a.state_dict().items():
        np.testing.assert_allclose(value, b.state_dict()[name], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("make", ALL)
def test_mask_freezes_parameters_and_their_state(make, rng):
    opt = make("numba")
    p = rng.normal(size=20)
    mask = np.arange(20) % 3 != 0
    opt.step(p, rng.normal(size=20))
    frozen_p = p[~mask].copy()
    frozen_state = {k: v[~mask].copy() for k, v in opt.state_dict().items() if k != "step"}
    for _ in range(3):
        opt.step(p, rng.normal(size=20), mask=mask)
    assert np.array_equal(p[~mask], frozen_p)
    for k, v in opt.state_dict().items():
        if k != "step":
            assert np.array_equal(v[~mask], frozen_state[k])


@pytest.mark.parametrize("make", ALL)
def test_state_dict_round_trip_continues_bit_identically(make, rng):
    a = make("numba")
    p = rng.normal(size=9)
    grads = rng.normal(size=(8, 9))
    for g in grads[:4]:
        a.step(p, g)
    saved_p, saved = p.copy(), a.state_dict()
    for g in grads[4:]:
        a.step(p, g)
    b = make("numba")
    b.load_state_dict(saved)
    for g in grads[4:]:
        b.step(saved_p, g)
    assert np.array_equal(p, saved_p)


def test_lr_changed_mid_run_takes_effect_next_step():
    opt = optim.SGD(1.0)
    p = np.zeros(1)
    opt.step(p, np.array([1.0]))
    opt.lr = 0.25
    opt.step(p, np.array([1.0]))
    assert p[0] == -1.25


def test_lr_scales_the_whole_heavy_ball_step_not_just_the_new_gradient():
    # PyTorch's convention: v accumulates raw gradients and lr multiplies v at step time.
    opt = optim.SGD(1.0, momentum=0.5)
    p = np.zeros(1)
    opt.step(p, np.array([1.0]))  # v = 1, p = -1
    opt.lr = 0.5
    opt.step(p, np.array([1.0]))  # v = 1.5, p = -1 - 0.75
    assert p[0] == -1.75 and opt.state["velocity"][0] == 1.5


def test_zero_lr_takes_no_step():
    # Allowed because warm-up starts at 0 and decays underflow to it.
    p = np.array([1.0, -2.0])
    opt = optim.Adam(0.1)
    opt.lr = 0.0
    opt.step(p, np.array([3.0, 4.0]))
    assert p.tolist() == [1.0, -2.0] and opt.state["step"] == 1


def test_state_holds_what_each_optimizer_keeps():
    p, g = np.zeros(3), np.ones(3)
    expected = {
        optim.SGD(0.1): {"step"},  # plain gradient descent keeps nothing
        optim.SGD(0.1, momentum=0.9): {"step", "velocity"},
        optim.AdaGrad(0.1): {"step", "sum_sq"},
        optim.RMSProp(0.1): {"step", "sq_avg"},
        optim.RMSProp(0.1, momentum=0.9): {"step", "sq_avg", "velocity"},
        optim.Adam(0.1): {"step", "m", "v"},
        optim.AdamW(0.1): {"step", "m", "v"},
    }
    for opt, keys in expected.items():
        opt.step(p.copy(), g)
        assert set(opt.state) == keys == set(opt.state_dict()), opt
        assert opt.state["step"] == 1
        assert all(opt.state[k].shape == (3,) for k in keys - {"step"})


def test_state_arrays_are_live_for_views_and_state_dict_is_a_copy():
    opt = optim.SGD(0.1, momentum=0.9)
    p = np.zeros((2, 3))
    opt.step(p, np.ones((2, 3)))
    live, saved = opt.state["velocity"], opt.state_dict()["velocity"]
    opt.step(p, np.ones((2, 3)))
    assert live[0] == 1.9 and saved[0] == 1.0


def test_state_is_inspectable_and_reset_clears_it():
    opt = optim.Adam(0.1)
    assert opt.state == {"step": 0, "m": None, "v": None}
    p = np.zeros(3)
    opt.step(p, np.ones(3))
    assert opt.state["step"] == 1 and opt.state["m"].shape == (3,)
    with pytest.raises(ValueError, match="holds state for 3 parameters but was given 4"):
        opt.step(np.zeros(4), np.ones(4))
    opt.reset()
    opt.step(np.zeros(4), np.ones(4))
    assert opt.state["step"] == 1


@pytest.mark.parametrize("call,match", [
    (lambda: optim.SGD(-0.1), "lr must be a finite number >= 0"),
    (lambda: optim.SGD(float("nan")), "lr must be"),
    (lambda: optim.SGD(float("inf")), "lr must be"),
    (lambda: optim.SGD(True), "lr must be a number"),
    (lambda: optim.SGD("fast"), "lr must be a number"),
    (lambda: optim.SGD(0.1, momentum=-0.1), "momentum must be"),
    (lambda: optim.SGD(0.1, weight_decay=-1), "weight_decay must be"),
    (lambda: optim.SGD(0.1, engine="cuda"), "engine must be one of"),
    (lambda: optim.AdaGrad(0.1, eps=-1e-10), "eps must be a finite number > 0"),
    (lambda: optim.RMSProp(0.1, momentum=1.5), "momentum must be"),
    (lambda: optim.Adam(0.1, betas=(-0.1, 0.9)), r"betas\[0\] must be"),
    (lambda: optim.Adam(0.1, weight_decay=0.1), "weight_decay: Adam has none here; use AdamW"),
    (lambda: optim.AdamW(0.1, weight_decay=-0.1), "weight_decay must be"),
    (lambda: optim.from_config({"lr": 0.1}), "optimizer config must be a dict with a 'name'"),
    (lambda: optim.SGD(0.1, momentum=1.0), "momentum must be a finite number in"),
    (lambda: optim.SGD(0.1, nesterov=True), "nesterov=True needs a momentum"),
    (lambda: optim.Adam(0.1, betas=(0.9, 1.0)), r"betas\[1\] must be"),
    (lambda: optim.Adam(0.1, betas=0.9), "betas must be a pair"),
    (lambda: optim.Adam(0.1, eps=0), "eps must be"),
    (lambda: optim.RMSProp(0.1, alpha=-0.1), "alpha must be"),
    (lambda: optim.make_optimizer("lion", lr=0.1), "optimizer must be one of"),
    (lambda: optim.make_optimizer("sgd", lr=0.1, betas=(0.9, 0.9)), "optimizer .sgd.: "),
])
def test_bad_hyperparameters_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_setting_a_bad_lr_is_refused_and_keeps_the_old_one():
    opt = optim.SGD(0.1)
    with pytest.raises(ValueError, match="lr must be"):
        opt.lr = -1
    assert opt.lr == 0.1


def test_step_checks_its_arrays():
    opt = optim.SGD(0.1)
    with pytest.raises(ValueError, match="params must be a writeable C-contiguous float64"):
        opt.step(np.zeros(3, dtype=np.float32), np.ones(3))
    with pytest.raises(ValueError, match="grad must have as many entries as params"):
        opt.step(np.zeros(3), np.ones(4))
    with pytest.raises(ValueError, match="mask must have as many entries"):
        opt.step(np.zeros(3), np.ones(3), mask=[True])


def test_config_round_trip():
    opt = optim.AdamW(0.02, betas=(0.8, 0.99), weight_decay=0.3)
    again = optim.from_config(opt.to_config())
    assert again.to_config() == opt.to_config() and isinstance(again, optim.AdamW)


@pytest.mark.parametrize("make", ALL)
def test_hyperparameters_survive_json(make):
    opt = make("numpy")
    config = json.loads(json.dumps(opt.to_config()))
    again = optim.from_config(config)
    assert type(again) is type(opt) and again.hyperparameters() == opt.hyperparameters()
    assert opt.name == type(opt).__name__ and repr(opt).startswith(opt.name + "(")


def test_make_optimizer_by_name_lists_the_known_names():
    assert isinstance(optim.make_optimizer("Adam", lr=0.01), optim.Adam)
    assert optim.make_optimizer("sgd", lr=0.1, momentum=0.5).momentum == 0.5
    with pytest.raises(ValueError, match=r"\['adagrad', 'adam', 'adamw', 'rmsprop', 'sgd'\]"):
        optim.make_optimizer("lion", lr=0.1)


def test_engine_defaults_to_the_boards_switch(monkeypatch):
    monkeypatch.setenv("GALTON_ENGINE", "numpy")
    assert optim.SGD(0.1).engine == "numpy"
    monkeypatch.delenv("GALTON_ENGINE")
    assert optim.SGD(0.1).engine == "numba"


@pytest.mark.parametrize("make", ALL)
def test_state_survives_an_npz_and_json_checkpoint_bit_identically(make, rng):
    # The way checkpoints store it: arrays into an .npz, plain numbers into JSON.
    a = make("numba")
    p = rng.normal(size=(3, 4))
    grads = rng.normal(size=(6, 3, 4))
    for g in grads[:3]:
        a.step(p, g)
    state = a.state_dict()
    arrays = {k: v for k, v in state.items() if isinstance(v, np.ndarray)}
    scalars = json.loads(json.dumps({k: v for k, v in state.items() if k not in arrays}))
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    buf.seek(0)
    with np.load(buf, allow_pickle=False) as archive:
        loaded = {**{k: archive[k] for k in archive.files}, **scalars}
    q = p.copy()
    b = make("numba")
    b.load_state_dict(loaded)
    for g in grads[3:]:
        a.step(p, g)
        b.step(q, g)
    assert np.array_equal(p, q)


@pytest.mark.parametrize("state,match", [
    ({"velocity": np.zeros(3)}, "state lacks 'step'"),
    ({"step": 2, "velocity": np.zeros(3), "m": np.zeros(3)}, r"unexpected entries \['m'\]"),
    ({"step": 2}, "state at step 2 lacks the array 'velocity'"),
    ({"step": -1}, "'step' must be a whole number >= 0"),
    ({"step": 1.5, "velocity": np.zeros(3)}, "'step' must be a whole number >= 0"),
    ({"step": 1, "velocity": ["a", "b"]}, "'velocity' must be an array of numbers"),
    ([("step", 1)], "state must be a dict"),
])
def test_load_state_dict_refuses_bad_states_and_keeps_its_own(state, match):
    opt = optim.SGD(0.1, momentum=0.9)
    p = np.zeros(3)
    opt.step(p, np.ones(3))
    before = opt.state_dict()
    with pytest.raises(ValueError, match=match):
        opt.load_state_dict(state)
    after = opt.state_dict()
    assert after["step"] == before["step"] == 1
    assert np.array_equal(after["velocity"], before["velocity"])


def test_load_state_dict_checks_sizes_and_says_why_plain_sgd_refuses_velocity():
    with pytest.raises(ValueError, match="state arrays differ in size"):
        optim.Adam(0.1).load_state_dict({"step": 1, "m": np.zeros(3), "v": np.zeros(4)})
    with pytest.raises(ValueError, match=r"SGD\(lr=0.1, momentum=0.0.*it keeps \['step'\]"):
        optim.SGD(0.1).load_state_dict({"step": 1, "velocity": np.zeros(3)})
    opt = optim.Adam(0.1)
    opt.load_state_dict({"step": np.int64(4), "m": np.zeros((2, 2)), "v": np.ones(4)})
    assert opt.state["step"] == 4 and opt.state["m"].shape == (4,)
    with pytest.raises(ValueError, match="holds state for 4 parameters but was given 3"):
        opt.step(np.zeros(3), np.ones(3))


def test_article_parabola_gradient_descent_finds_a_equals_two():
    # Data on y = 2x, model y = a·x, first guess a = 1 (the loss-and-step-size article).
    x = np.array([1.0, 2.0, 3.0, 4.0])
    fit = LineFit(x, 2 * x, with_intercept=False)
    C = np.sum(x * x)
    for a in (1.0, 2.0, 3.5):
        assert fit.gradient([a])[0] == pytest.approx(2 * C * a - 4 * C)  # the derivative 2Ca − 4C
    path, losses = fit.fit(optim.SGD(lr=0.01), [1.0], steps=200)
    assert path[-1, 0] == pytest.approx(2.0, abs=1e-9) and losses[-1] < 1e-15
    assert np.all(np.diff(losses) <= 0)


def test_everything_is_a_function_line_through_three_points():
    fit = LineFit.through([(1, 4), (2, 7), (3, 10)])
    np.testing.assert_allclose(fit.exact(), [3.0, 1.0])
    path, _ = fit.fit(optim.SGD(lr=0.02, momentum=0.5), [0.0, 0.0], steps=3000)
    np.testing.assert_allclose(path[-1], [3.0, 1.0], atol=1e-8)
    assert LineFit.predict(path[-1], 5) == pytest.approx(16.0, abs=1e-7)
