"""Classic surfaces: exact derivatives, minima, the grad demo, the pond, divergence."""

import numpy as np
import pytest

from galton import surfaces


class GD:
    """Plain gradient descent, p ← p − η g: the reference descend is checked against, so these
    tests do not depend on galton.optim."""

    def __init__(self, lr):
        self.lr = lr

    def reset(self):
        pass

    def step(self, params, grad):
        params -= self.lr * grad


class HeavyBall(GD):
    """v ← βv + g; p ← p − η v (PyTorch's form, as galton.optim.SGD(momentum=β))."""

    def __init__(self, lr, beta):
        super().__init__(lr)
        self.beta = beta
        self.reset()

    def reset(self):
        self.v = None

    def step(self, params, grad):
        self.v = grad.copy() if self.v is None else self.beta * self.v + grad
        params -= self.lr * self.v


def numeric_grad(s, p, h=1e-6):
    return np.array([(s.f(p + e) - s.f(p - e)) / (2 * h) for e in np.eye(2) * h])


def numeric_hess(s, p, h=1e-5):
    return np.array([(s.grad(p + e) - s.grad(p - e)) / (2 * h) for e in np.eye(2) * h]).T


ALL = [surfaces.get(name) for name in surfaces.SURFACES] + [
    surfaces.elongated_bowl(25.0), surfaces.rosenbrock(a=-0.5, b=20.0), surfaces.rastrigin(A=3),
    surfaces.plateau(width=2.0), surfaces.pond(depth=0.5, center=(-2.0, 1.5), radius=0.7)]


@pytest.mark.parametrize("surface", ALL, ids=repr)
def test_gradient_and_hessian_match_finite_differences(surface, rng):
    (x0, x1), (y0, y1) = surface.default_range
    for _ in range(10):
        p = np.array([rng.uniform(x0, x1), rng.uniform(y0, y1)])
        scale = 1 + np.abs(surface.grad(p)).max()
        np.testing.assert_allclose(surface.grad(p), numeric_grad(surface, p), rtol=1e-6,
                                   atol=1e-6 * scale)
        H = surface.hess(p)
        assert H[0, 1] == H[1, 0]
        np.testing.assert_allclose(H, numeric_hess(surface, p), rtol=1e-5,
                                   atol=1e-5 * (1 + np.abs(H).max()))


@pytest.mark.parametrize("surface", ALL, ids=repr)
def test_known_minima_are_minima(surface):
    assert [m[2] for m in surface.known_minima] == sorted(m[2] for m in surface.known_minima)
    for x, y, value in surface.known_minima:
        p = np.array([x, y])
        assert np.linalg.norm(surface.grad(p)) < 1e-10
        assert surface.f(p) == pytest.approx(value, abs=1e-12)
        assert np.all(np.linalg.eigvalsh(surface.hess(p)) > 0)


@pytest.mark.parametrize("surface", ALL, ids=repr)
def test_vectorised_over_any_broadcastable_shapes(surface):
    x = np.linspace(-1.3, 1.7, 12).reshape(3, 4, 1)
    y = np.linspace(-0.9, 1.1, 5)
    f, (gx, gy), h = surface.value(x, y), surface.gradient(x, y), surface.hessian(x, y)
    for a in (f, gx, gy, *h):
        assert a.shape == (3, 4, 5) and a.dtype == np.float64
    assert f[2, 1, 3] == surface.f((x[2, 1, 0], y[3]))
    np.testing.assert_array_equal([gx[1, 2, 4], gy[1, 2, 4]], surface.grad((x[1, 2, 0], y[4])))
    assert np.shape(surface.value(1, 2)) == ()  # Python ints work too
    assert np.shape(surface.hessian(1.0, 2.0)[1]) == ()


def test_grid_for_drawing():
    s = surfaces.rosenbrock()
    xs, ys, values = s.grid(16)
    assert values.shape == (16, 16)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-2, 2, -1, 3)
    assert values[3, 5] == pytest.approx(s.f((xs[5], ys[3])))


def test_every_surface_describes_itself():
    for factory in surfaces.SURFACES.values():
        s = factory()
        assert s.description.endswith(".") and len(s.description) < 200
        (x0, x1), (y0, y1) = s.default_range
        assert x0 <= s.default_start[0] <= x1 and y0 <= s.default_start[1] <= y1
        for x, y, _ in s.known_minima:
            assert x0 <= x <= x1 and y0 <= y <= y1


def test_exact_minima():
    assert surfaces.rosenbrock(a=2.0).known_minima == [(2.0, 4.0, 0.0)]
    minima = surfaces.himmelblau().known_minima
    assert len(minima) == 4 and (3.0, 2.0, 0.0) in minima
    for *_, value in minima:
        assert value < 1e-25  # all four are exactly 0 in exact arithmetic
    assert surfaces.plateau().known_minima == [(0.0, 0.0, 0.0)]


def test_saddle_has_no_minimum():
    s = surfaces.saddle()
    assert s.known_minima == []
    eig = np.linalg.eigvalsh(s.hess((0.0, 0.0)))
    assert eig.min() < 0 < eig.max()


def test_elongated_bowl_eigenvalues_are_one_and_the_condition_number():
    for k in (1.0, 10.0, 40.0):
        s = surfaces.elongated_bowl(k)
        np.testing.assert_array_equal(np.linalg.eigvalsh(s.hess((0.3, -0.2))), [1.0, k])
        assert s.f((2.0, 1.0)) == 0.5 * (4 + k)
    with pytest.raises(ValueError, match="condition must be a number >= 1"):
        surfaces.elongated_bowl(0.5)


def test_plateau_is_nearly_flat_far_out():
    s = surfaces.plateau()
    assert np.linalg.norm(s.grad(s.default_start)) < 0.05
    assert np.linalg.norm(s.grad((1.0, 0.0))) == pytest.approx(np.exp(-0.5))  # max at r = σ
    path = surfaces.descend(s, GD(0.1), None, 100)
    assert np.linalg.norm(path.final - path.points[0]) < 0.2  # barely moved in 100 steps
    assert path.values[-1] > 0.99


# --- the grad demo ---------------------------------------------------------------------------
def test_grad_demo_follows_four_times_point_eight_to_the_n():
    # The article's grad_demo: loss x² + y² from (4, 4), step size 0.1, 20 iterations.
    path = surfaces.descend(surfaces.bowl(), GD(0.1), (4.0, 4.0), 20)
    n = np.arange(21)
    np.testing.assert_allclose(path.points[:, 0], 4 * 0.8 ** n, rtol=0, atol=1e-12)
    np.testing.assert_allclose(path.points[:, 1], 4 * 0.8 ** n, rtol=0, atol=1e-12)
    np.testing.assert_allclose(path.values, 32 * 0.64 ** n, rtol=1e-12)
    np.testing.assert_allclose(path.grad_norms, np.sqrt(2) * 8 * 0.8 ** n, rtol=1e-12)
    assert path.status == "ran" and path.steps == 20 and path.diverged_at is None
    np.testing.assert_array_equal(path.final, path.points[-1])


def test_grad_demo_oscillates_and_then_diverges_for_large_steps():
    bowl = surfaces.bowl()
    wobble = surfaces.descend(bowl, GD(0.9), (4.0, 4.0), 30)  # x ← −0.8 x
    assert np.all(np.sign(wobble.points[1:, 0]) == -np.sign(wobble.points[:-1, 0]))
    assert wobble.status == "ran" and abs(wobble.final[0]) < 4e-2
    bad = surfaces.descend(bowl, GD(1.1), (4.0, 4.0), 400)  # x ← −1.2 x
    assert bad.status == "diverged" and bad.steps < 400
    assert bad.diverged_at == bad.steps + 1  # the step that ran away is not kept
    assert f"at step {bad.diverged_at}" in bad.reason and "exceeded" in bad.reason
    n = np.arange(bad.steps + 1)
    np.testing.assert_allclose(bad.points[:, 0], 4 * (-1.2) ** n, rtol=1e-12)
    assert np.all(np.isfinite(bad.points)) and np.all(np.isfinite(bad.values))


def test_divergence_thresholds():
    bowl = surfaces.bowl()
    # |p| alone: the loss may grow as it likes.
    by_norm = surfaces.descend(bowl, GD(1.1), (4.0, 4.0), 400, max_growth=np.inf)
    assert "|p| exceeded 1e12" in by_norm.reason
    assert np.linalg.norm(by_norm.final) <= 1e12 < np.linalg.norm(by_norm.final) * 1.2
    # The loss alone: start value 32, so the limit is 3.2e13.
    by_loss = surfaces.descend(bowl, GD(1.1), (4.0, 4.0), 400, max_norm=np.inf)
    assert "|loss| exceeded 3.2e13" in by_loss.reason
    assert by_loss.diverged_at < by_norm.diverged_at
    # Without stopping, the ball flies on until the numbers overflow; the first crossing stays.
    on = surfaces.descend(bowl, GD(1.1), (4.0, 4.0), 10_000, stop_on_divergence=False)
    assert on.status == "diverged" and on.diverged_at == by_loss.diverged_at
    assert on.reason.startswith(by_loss.reason + "; it flew on until the loss became inf")
    assert by_norm.steps < on.steps < 10_000  # 2x² overflows near |x| = 1e154
    assert np.all(np.isfinite(on.points)) and np.all(np.isfinite(on.values))


def test_non_finite_values_are_divergence_not_exceptions():
    s = surfaces.from_expression("log(x) + y**2")
    path = surfaces.descend(s, GD(2.0), (0.5, 1.0), 10)  # x = 0.5 − 2/0.5 < 0: log is nan
    assert path.status == "diverged" and path.diverged_at == 1
    assert path.reason == "the loss became nan at step 1"
    assert path.steps == 0 and path.values[0] == pytest.approx(np.log(0.5) + 1)
    outside = surfaces.descend(s, GD(0.1), (-1.0, 1.0), 10)
    assert outside.status == "diverged" and outside.diverged_at == 0
    assert "not finite at the start (-1, 1)" in outside.reason


def test_converges_with_a_tolerance():
    path = surfaces.descend(surfaces.bowl(), GD(0.1), (4.0, 4.0), 1000, tol=1e-6)
    assert path.status == "converged" and path.grad_norms[-1] < 1e-6 <= path.grad_norms[-2]
    assert path.steps == int(np.ceil(np.log(1e-6 / (8 * np.sqrt(2))) / np.log(0.8)))
    exact = surfaces.descend(surfaces.bowl(), GD(0.5), (4.0, 4.0), 1, tol=1e-6)
    assert exact.status == "converged" and exact.steps == 1  # the last step reached it


class Halving:
    def lr_at(self, step):
        return 0.4 * 0.5 ** step


class ClipTo:
    def __init__(self, length):
        self.length = length

    def apply(self, grad):
        norm = float(np.linalg.norm(grad))
        if norm <= self.length:
            return grad, False, norm
        return grad * (self.length / norm), True, norm


def test_schedule_and_clip_are_duck_typed_and_the_step_size_is_restored():
    gd = GD(0.1)
    path = surfaces.descend(surfaces.bowl(), gd, (4.0, 0.0), 3, schedule=Halving())
    # x ← (1 − 2η_t) x with η = 0.4, 0.2, 0.1
    np.testing.assert_allclose(path.points[:, 0], 4 * np.cumprod([1, 0.2, 0.6, 0.8]), rtol=1e-14)
    assert gd.lr == 0.1
    clipped = surfaces.descend(surfaces.bowl(), GD(1.0), (4.0, 3.0), 1, clip=ClipTo(1.0))
    np.testing.assert_allclose(clipped.points[1], [4 - 0.8, 3 - 0.6], rtol=1e-14)


def test_optimizer_is_reset_before_a_run():
    hb = HeavyBall(0.1, 0.9)
    first = surfaces.descend(surfaces.bowl(), hb, (4.0, 4.0), 5)
    again = surfaces.descend(surfaces.bowl(), hb, (4.0, 4.0), 5)
    np.testing.assert_array_equal(first.points, again.points)


def test_bad_arguments_and_unknown_surface():
    with pytest.raises(ValueError, match="start must be two finite numbers"):
        surfaces.descend(surfaces.bowl(), GD(0.1), (1.0, np.nan), 3)
    with pytest.raises(ValueError, match="steps must be a whole number"):
        surfaces.descend(surfaces.bowl(), GD(0.1), (1.0, 1.0), -1)
    with pytest.raises(ValueError, match=r"surface must be one of \['bowl', 'elongated_bowl'"):
        surfaces.get("volcano")
    with pytest.raises(ValueError, match=r"surface 'bowl'.*unexpected keyword"):
        surfaces.get("bowl", condition=3)
    assert surfaces.get("elongated_bowl", condition=4.0).hess((0, 0))[1, 1] == 4.0


# --- the pond on the hillside ----------------------------------------------------------------
def test_pond_has_a_lake_and_a_true_pond():
    pond = surfaces.pond()
    (lx, ly, lake), (px, py, puddle) = pond.known_minima  # sorted: the lake first
    assert abs(lx) < 1e-5 and abs(ly) < 1e-5 and abs(lake) < 1e-7
    assert px == pytest.approx(1.8286177, abs=1e-6) and puddle == pytest.approx(0.0676388, 1e-6)
    assert np.all(np.linalg.eigvalsh(pond.hess((px, py))) > 0.5)  # a real bowl, not a shelf
    # The rim between them is higher than the pond: water cannot just run out.
    ts = np.linspace(0, 1, 2001)
    rim = pond.value(px * ts, py * ts).max()
    assert rim > puddle + 0.01


def test_pond_traps_gradient_descent_but_momentum_reaches_the_lake():
    pond = surfaces.pond()
    lake, puddle = (np.array(m[:2]) for m in pond.known_minima)
    for lr in (0.1, 0.5, 1.0):  # not a fluke of one step size
        gd = surfaces.descend(pond, GD(lr), None, 2000)
        np.testing.assert_allclose(gd.final, puddle, atol=1e-6)
        hb = surfaces.descend(pond, HeavyBall(lr, 0.9), None, 2000)
        np.testing.assert_allclose(hb.final, lake, atol=1e-4)
    # A restart from the other side of the hill also finds the lake.
    restart = surfaces.descend(pond, GD(0.5), (-3.0, 3.0), 600)
    np.testing.assert_allclose(restart.final, lake, atol=1e-4)


def test_a_pond_too_shallow_to_hold_water_is_refused():
    with pytest.raises(ValueError, match="has no pond"):
        surfaces.pond(depth=0.02)
    with pytest.raises(ValueError, match="must be > 0"):
        surfaces.pond(radius=0)


# --- with the real optimizers ----------------------------------------------------------------
def test_galton_optimizers_roll_the_same_ball():
    from galton import optim  # imported here: written alongside, it must not block the rest
    path = surfaces.descend(surfaces.bowl(), optim.SGD(lr=0.1), (4.0, 4.0), 20)
    np.testing.assert_allclose(path.points[:, 0], 4 * 0.8 ** np.arange(21), rtol=0, atol=1e-12)
    bad = surfaces.descend(surfaces.bowl(), optim.SGD(lr=1.1), (4.0, 4.0), 400)
    assert bad.status == "diverged" and bad.diverged_at is not None

    pond = surfaces.pond()
    lake, puddle = (np.array(m[:2]) for m in pond.known_minima)
    gd = surfaces.descend(pond, optim.SGD(lr=0.5), None, 2000)
    hb = surfaces.descend(pond, optim.SGD(lr=0.5, momentum=0.9), None, 2000)
    np.testing.assert_allclose(gd.final, puddle, atol=1e-6)
    np.testing.assert_allclose(hb.final, lake, atol=1e-4)
    local = surfaces.descend(pond, HeavyBall(0.5, 0.9), None, 2000)
    np.testing.assert_allclose(hb.points, local.points, rtol=1e-12, atol=1e-12)


def test_galton_adam_with_schedule_and_clip_converges():
    from galton import optim
    adam = optim.Adam(lr=0.5)
    path = surfaces.descend(surfaces.bowl(), adam, (4.0, 4.0), 5000, tol=1e-8,
                            schedule=optim.CosineAnnealing(0.5, 5000, lr_min=1e-3),
                            clip=optim.ClipByNorm(1.0))
    assert path.status == "converged" and path.grad_norms[-1] < 1e-8
    assert path.values.shape == path.grad_norms.shape == (path.steps + 1,)
    assert adam.lr == 0.5
