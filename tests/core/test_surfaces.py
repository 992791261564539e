"""Classic surfaces: exact derivatives, minima, the grad demo, the pond, divergence."""

import numpy as np
import pytest

from galton import optim, surfaces


def numeric_grad(s, p, h=1e-6):
    return np.array([(s.f(p + e) - s.f(p - e)) / (2 * h) for e in np.eye(2) * h])


def numeric_hess(s, p, h=1e-5):
    return np.array([(s.grad(p + e) - s.grad(p - e)) / (2 * h) for e in np.eye(2) * h]).T


ALL = [surfaces.get(name) for name in surfaces.SURFACES] + [surfaces.elongated_bowl(25.0)]


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_gradient_and_hessian_match_finite_differences(surface, rng):
    (x0, x1), (y0, y1) = surface.default_range
    for _ in range(10):
        p = np.array([rng.uniform(x0, x1), rng.uniform(y0, y1)])
        scale = 1 + np.abs(surface.grad(p)).max()
        np.testing.assert_allclose(surface.grad(p), numeric_grad(surface, p), rtol=1e-6,
                                   atol=1e-6 * scale)
        H = surface.hess(p)
        np.testing.assert_allclose(H, numeric_hess(surface, p), rtol=1e-5,
                                   atol=1e-5 * (1 + np.abs(H).max()))


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_known_minima_are_minima(surface):
    for x, y, value in surface.known_minima:
        p = np.array([x, y])
        assert np.linalg.norm(surface.grad(p)) < 1e-9
        assert surface.f(p) == pytest.approx(value, abs=1e-12)
        assert np.all(np.linalg.eigvalsh(surface.hess(p)) > 0)


def test_vectorised_over_grids():
    s = surfaces.rosenbrock()
    xs, ys, values = s.grid(16)
    assert values.shape == (16, 16)
    assert values[3, 5] == pytest.approx(s.f((xs[5], ys[3])))
    gx, gy = s.gradient(*np.meshgrid(xs, ys))
    assert gx.shape == gy.shape == (16, 16)


def test_saddle_has_no_minimum():
    s = surfaces.saddle()
    assert s.known_minima == []
    eig = np.linalg.eigvalsh(s.hess((0.0, 0.0)))
    assert eig.min() < 0 < eig.max()


def test_elongated_bowl_condition_number():
    eig = np.linalg.eigvalsh(surfaces.elongated_bowl(40.0).hess((0.3, -0.2)))
    np.testing.assert_allclose(eig, [1.0, 40.0])


def test_grad_demo_follows_four_times_point_eight_to_the_n():
    # The article's grad_demo: loss x² + y² from (4, 4), step size 0.1, 20 iterations.
    path = surfaces.descend(surfaces.bowl(), optim.SGD(lr=0.1), (4.0, 4.0), 20)
    n = np.arange(21)
    np.testing.assert_allclose(path.points[:, 0], 4 * 0.8 ** n, rtol=0, atol=1e-12)
    np.testing.assert_allclose(path.points[:, 1], 4 * 0.8 ** n, rtol=0, atol=1e-12)
    assert path.status == "ran" and path.steps == 20


def test_grad_demo_oscillates_and_diverges_for_large_steps():
    bowl = surfaces.bowl()
    wobble = surfaces.descend(bowl, optim.SGD(lr=0.9), (4.0, 4.0), 30)
    assert np.all(np.sign(wobble.points[1:, 0]) == -np.sign(wobble.points[:-1, 0]))
    assert abs(wobble.final[0]) < 4  # oscillates, but still converges (|1 − 2η| < 1)
    bad = surfaces.descend(bowl, optim.SGD(lr=1.1), (4.0, 4.0), 400)
    assert bad.status == "diverged" and bad.diverged_at is not None
    assert "exceeded" in bad.reason and np.all(np.isfinite(bad.points))
    assert np.all(np.abs(np.diff(np.abs(bad.points[:, 0]))) > 0)  # |x| grows every step


def test_pond_traps_gradient_descent_but_momentum_reaches_the_lake():
    pond = surfaces.pond()
    lake, puddle = pond.known_minima  # sorted by value: the lake is the global minimum
    assert lake[2] < puddle[2]
    gd = surfaces.descend(pond, optim.SGD(lr=0.5), None, 600)
    hb = surfaces.descend(pond, optim.SGD(lr=0.5, momentum=0.9), None, 600)
    np.testing.assert_allclose(gd.final, puddle[:2], atol=1e-6)
    np.testing.assert_allclose(hb.final, lake[:2], atol=1e-4)
    # A restart from the other side of the hill also finds the lake.
    restart = surfaces.descend(pond, optim.SGD(lr=0.5), (-3.0, 3.0), 600)
    np.testing.assert_allclose(restart.final, lake[:2], atol=1e-4)


def test_plateau_crawls():
    s = surfaces.plateau()
    path = surfaces.descend(s, optim.SGD(lr=0.1), (3.0, 2.5), 100)
    assert np.linalg.norm(path.final - path.points[0]) < 0.2  # barely moved in 100 steps
    assert path.grad_norms[0] < 0.1


def test_descend_converges_with_tolerance_and_uses_schedule_and_clip():
    path = surfaces.descend(surfaces.bowl(), optim.Adam(lr=0.5), (4.0, 4.0), 5000, tol=1e-8,
                            schedule=optim.CosineAnnealing(0.5, 5000, lr_min=1e-3),
                            clip=optim.ClipByNorm(1.0))
    assert path.status == "converged" and path.grad_norms[-1] < 1e-8
    assert path.values.shape == (path.steps + 1,) and path.grad_norms.shape == path.values.shape
    clipped = surfaces.descend(surfaces.bowl(), optim.SGD(lr=1.0), (4.0, 4.0), 1,
                               clip=optim.ClipByNorm(1.0))
    assert np.linalg.norm(clipped.points[1] - clipped.points[0]) == pytest.approx(1.0)


def test_non_finite_values_are_divergence_not_exceptions():
    s = surfaces.from_expression("log(x) + y**2")
    path = surfaces.descend(s, optim.SGD(lr=2.0), (0.5, 1.0), 10)
    assert path.status == "diverged" and "became" in path.reason


def test_bad_start_and_unknown_surface():
    with pytest.raises(ValueError, match="start must be two finite numbers"):
        surfaces.descend(surfaces.bowl(), optim.SGD(0.1), (1.0, np.nan), 3)
    with pytest.raises(ValueError, match="surface must be one of"):
        surfaces.get("volcano")
