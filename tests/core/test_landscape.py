"""Landscapes: slice kernels against their NumPy twin and direct evaluation, directions,
minima, basins, sharpness and the step-size threshold."""

import numpy as np
import pytest

import galton
import galton.landscape as L
from galton import kernels, surfaces
from galton.core.optim import SGD


@pytest.fixture(scope="module")
def problem():
    data = galton.datasets.colors(240, colors=3, seed=3)
    board = galton.Board(5, data.features, data.n_classes, seed=2, init="normal")
    return board, data


def random_board(rng):
    rows = int(rng.integers(1, 9))
    d = int(rng.integers(1, 5))
    cups = int(rng.integers(2, rows + 2))
    board = galton.Board(rows, d, cups, seed=int(rng.integers(1 << 30)), init="normal", scale=1.5)
    n = int(rng.integers(1, 300))
    X = rng.normal(size=(n, d))
    y = rng.integers(0, cups, size=n)
    return board, X, y


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_slice_kernel_matches_numpy_twin(seed, loss):
    rng = np.random.default_rng(seed)
    board, X, y = random_board(rng)
    d1, d2 = rng.normal(size=(2, *board.theta.shape))
    a, b = rng.normal(size=(2, 7)) * 2
    args = (board.theta, d1, d2, a, b, X, y, board.rows, board.cup_layout, loss)
    fast, fast_s = kernels.slice_losses("numba", *args, want_grad=True)
    slow, slow_s = kernels.slice_losses("numpy", *args, want_grad=True)
    np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fast_s, slow_s, rtol=1e-10, atol=1e-12)
    plain, none = kernels.slice_losses("numba", *args)
    assert none is None
    np.testing.assert_array_equal(plain, fast)


def test_grid_equals_direct_loss_at_sampled_points(problem):
    board, data = problem
    s = L.board_surface(board, data.X, data.y, L.random_directions(board.theta, seed=1))
    xs, ys, Z = L.grid(s, 24)
    rng = np.random.default_rng(0)
    probe = board.copy()
    for i, j in rng.integers(0, 24, size=(10, 2)):
        probe.theta = s.slice.theta(xs[j], ys[i])
        direct = galton.loss(probe, data.X, data.y)
        assert Z[i, j] == pytest.approx(direct, rel=1e-12, abs=1e-13)


def test_slice_slopes_match_finite_differences(problem):
    board, data = problem
    s = L.board_surface(board, data.X, data.y, L.random_directions(board.theta, seed=4),
                        loss="mse")
    p = np.array([0.3, -0.2])
    h = 1e-6
    fd = [(s.f(p + e) - s.f(p - e)) / (2 * h) for e in (np.array([h, 0]), np.array([0, h]))]
    np.testing.assert_allclose(s.grad(p), fd, rtol=1e-6, atol=1e-9)
    # The Hessian by differences of slopes agrees with second differences of the loss.
    H = s.hess(p)
    k = 1e-4
    dx = np.array([k, 0.0])
    fxx = (s.f(p + dx) - 2 * s.f(p) + s.f(p - dx)) / k ** 2
    assert H[0, 0] == pytest.approx(fxx, rel=1e-4, abs=1e-6)
    assert H[0, 1] == pytest.approx(H[1, 0])


def test_slice_centre_is_the_board(problem):
    board, data = problem
    s = L.board_surface(board, data.X, data.y, L.peg(board, 2, 1))
    assert s.f([0.0, 0.0]) == pytest.approx(galton.loss(board, data.X, data.y), rel=1e-13)
    assert s.default_range == ((-3.0, 3.0), (-3.0, 3.0))
    # Turning the peg's bias by 0.7 is exactly the point (0, 0.7) of its slice.
    turned = board.copy()
    theta = turned.theta.copy()
    theta[board.peg_index(2, 1), -1] += 0.7
    turned.theta = theta
    assert s.f([0.0, 0.7]) == pytest.approx(galton.loss(turned, data.X, data.y), rel=1e-13)
    assert s.slice.directions.labels == ("peg (2, 1) weight 0", "peg (2, 1) bias")


def test_project_recovers_plane_coordinates(problem):
    board, _ = problem
    sl = L.Slice(board.theta, L.random_directions(board.theta, seed=5))
    a, b, dist = sl.project(sl.theta(0.4, -1.3))
    assert (a, b) == (pytest.approx(0.4), pytest.approx(-1.3))
    assert dist == pytest.approx(0.0, abs=1e-12)
    off = sl.theta(0.1, 0.2) + np.full(board.theta.shape, 0.01)
    assert sl.project(off)[2] > 0


def test_filter_normalisation_matches_each_peg_norm(problem):
    board, _ = problem
    d = L.random_directions(board.theta, seed=0)
    own = np.linalg.norm(board.theta, axis=1)
    np.testing.assert_allclose(np.linalg.norm(d.d1, axis=1), own, rtol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(d.d2, axis=1), own, rtol=1e-12)
    zero = np.zeros((3, 2))
    np.testing.assert_allclose(np.linalg.norm(L.filter_normalize(np.ones((3, 2)), zero), axis=1), 1)


def test_direction_errors_name_the_problem(problem):
    board, _ = problem
    with pytest.raises(ValueError, match="differ"):
        L.coordinates(board, (1, 0, 0), (1, 0, 0))
    with pytest.raises(ValueError, match="slot"):
        L.peg(board, 1, 5)
    with pytest.raises(ValueError, match="parallel"):
        L.Directions(np.ones((2, 2)), 2 * np.ones((2, 2)))
    with pytest.raises(ValueError, match="zero"):
        L.Directions(np.zeros((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="shape"):
        L.Slice(np.zeros((3, 3)), L.Directions(np.eye(2), np.eye(2)[::-1]))


def test_pca_directions_on_a_synthetic_path():
    rng = np.random.default_rng(0)
    u = np.linalg.qr(rng.normal(size=(30, 3)))[0].T  # three orthonormal directions
    t = np.linspace(0, 1, 50)
    # Along u0 with amplitude 3, u1 with amplitude 1, a tiny u2 wiggle; ends at the centre.
    coords = np.stack([3 * (1 - t), np.sin(np.pi * t), 0.05 * np.sin(6 * np.pi * t)], 1)
    end = rng.normal(size=30)
    path = (end + coords @ u).reshape(50, 5, 6)
    tr = L.pca_directions(path)
    v1, v2 = tr.directions.d1.ravel(), tr.directions.d2.ravel()
    assert v1 @ v1 == pytest.approx(1) and v2 @ v2 == pytest.approx(1)
    assert v1 @ v2 == pytest.approx(0, abs=1e-12)
    M = path.reshape(50, -1) - end
    total = np.sum(M ** 2)
    lam = np.linalg.eigvalsh(M.T @ M)[::-1]
    assert tr.directions.explained == pytest.approx((lam[0] / total, lam[1] / total), rel=1e-10)
    assert sum(tr.directions.explained) > 0.99
    for k in (0, 1):  # the plane found is the plane of the two big movements
        assert np.hypot(v1 @ u[k], v2 @ u[k]) > 0.999
    np.testing.assert_allclose(tr.coords[-1], 0, atol=1e-12)
    assert tr.coords[0, 0] > 0  # signs fixed so the path starts at +PC1
    assert np.max(tr.residuals) < 0.06
    with pytest.raises(ValueError, match="single line"):
        L.pca_directions(np.outer(t, np.ones(4)))
    with pytest.raises(ValueError, match="3 points"):
        L.pca_directions(np.zeros((2, 4)))


def test_pca_plane_of_a_two_parameter_board_holds_the_whole_path():
    data = galton.datasets.xor(40, seed=0) if hasattr(galton.datasets, "xor") else None
    X = np.linspace(-2, 2, 40)[:, None]
    y = (X[:, 0] > 0.3).astype(int)
    board = galton.Board(1, 1, 2)
    trainer = galton.Trainer(board, (X, y), SGD(1.0), timeline_every=0)
    path = [board.theta.copy()]
    for _ in range(30):
        trainer.step()
        path.append(board.theta.copy())
    tr = L.pca_directions(np.array(path))
    s = L.board_surface(board, X, y, tr.directions, center=tr.center)
    losses = [h for h in trainer.history.as_arrays()["train_loss"]] + [galton.loss(board, X, y)]
    gap = L.path_gap(s, tr.coords, losses)
    np.testing.assert_allclose(gap, 0, atol=1e-12)
    assert data is None or data is not None


def test_interpolation_ends_at_the_two_checkpoints(problem):
    board, data = problem
    other = galton.Board(5, data.features, data.n_classes, seed=9, init="normal")
    ts, losses = L.interpolate(board, data.X, data.y, board.theta, other.theta, n=21, margin=0.5)
    assert ts[0] == -0.5 and ts[-1] == 1.5
    i0, i1 = np.argmin(np.abs(ts)), np.argmin(np.abs(ts - 1))
    assert losses[i0] == pytest.approx(galton.loss(board, data.X, data.y), rel=1e-12)
    assert losses[i1] == pytest.approx(galton.loss(other, data.X, data.y), rel=1e-12)


def test_progressive_goes_coarse_to_fine_and_can_stop():
    sizes = [Z.shape for _, _, Z in L.progressive(surfaces.bowl())]
    assert sizes == [(16, 16), (32, 32), (64, 64)]
    calls = iter([False, True])
    assert len(list(L.progressive(surfaces.bowl(), cancelled=lambda: next(calls)))) == 1
    with pytest.raises(ValueError, match="grid size"):
        L.grid(surfaces.bowl(), 1)


def test_himmelblau_has_four_minima():
    h = surfaces.himmelblau()
    xs, ys, Z = L.grid(h, 64)
    found = L.find_minima(h, xs, ys, Z)
    assert len(found) == 4
    for m in found:
        assert m.loss == pytest.approx(0, abs=1e-12)
        assert min(np.hypot(m.x - k[0], m.y - k[1]) for k in h.known_minima) < 1e-8
        assert m.curvature[0] > 0


def test_pond_minima_and_basins():
    p = surfaces.pond()
    xs, ys, Z = L.grid(p, 64)
    found = L.find_minima(p, xs, ys, Z)
    assert [round(m.loss, 4) for m in found] == [round(k[2], 4) for k in p.known_minima]
    b = L.basins(p, xs, ys, found, lr=0.5, steps=600)
    lake, pond = b.shares()
    assert lake > pond > 0.05
    # The article's ball from (3, 3): its grid start lands in the pond with plain GD.
    j, i = np.argmin(np.abs(xs - 3.0)), np.argmin(np.abs(ys - 3.0))
    assert b.labels[i, j] == 1
    assert b.labels[32, 32] == 0


def test_saddle_is_not_a_minimum_and_plateaus_are_not_everywhere():
    s = surfaces.saddle()
    xs, ys, Z = L.grid(s, 33)
    assert L.find_minima(s, xs, ys, Z) == []
    assert L.grid_minima(np.zeros((5, 5))) == []
    Z = np.ones((5, 5))
    Z[2, 2] = 0
    Z[1, 1] = np.nan
    assert L.grid_minima(Z) == [(2, 2)]


def test_basins_mark_divergence():
    b = L.basins(surfaces.bowl(), np.linspace(-1, 1, 5), np.linspace(-1, 1, 5),
                 [(0.0, 0.0, 0.0)], lr=1.5, steps=2000)
    assert b.diverged.sum() == 24  # all but the start at the minimum itself
    assert b.labels[2, 2] == 0 and (b.labels == -1).sum() == 24


@pytest.mark.parametrize("seed", range(5))
def test_top_eigenvalue_matches_eigvalsh(seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(6, 6))
    H = A + A.T
    if seed % 2:
        H -= 10 * np.eye(6)  # the largest-magnitude eigenvalue is negative
    lam, v = L.top_eigenvalue(lambda u: H @ u, (6,), iterations=5000, tol=1e-13)
    assert lam == pytest.approx(np.linalg.eigvalsh(H)[-1], rel=1e-6)
    np.testing.assert_allclose(H @ v, lam * v, atol=1e-4)


def test_board_sharpness_matches_the_full_hessian():
    data = galton.datasets.colors(60, colors=2, seed=1)
    board = galton.Board(2, data.features, 2, seed=1, init="normal")
    n = board.theta.size

    def grad(flat):
        b = board.copy()
        b.theta = flat.reshape(board.theta.shape)
        return galton.loss_and_grad(b, data.X, data.y)[1].ravel()

    x = board.theta.ravel()
    h = 1e-5
    H = np.array([(grad(x + h * e) - grad(x - h * e)) / (2 * h) for e in np.eye(n)])
    H = 0.5 * (H + H.T)
    lam = L.board_sharpness(board, data.X, data.y, iterations=500, tol=1e-10)
    assert lam == pytest.approx(np.linalg.eigvalsh(H)[-1], rel=1e-4)


def test_sweep_on_the_bowl_puts_the_threshold_at_one():
    sw = L.sweep(surfaces.bowl(), L.log_lrs(0.01, 3, 31), steps=60)
    assert sw.sharpness == pytest.approx(2.0)
    assert sw.threshold == pytest.approx(1.0)
    below = sw.lrs < 0.999
    above = sw.lrs > 1.001
    assert all(s != "diverged" for s, b in zip(sw.statuses, below, strict=True) if b)
    assert all(s == "diverged" for s, a in zip(sw.statuses, above, strict=True) if a)
    assert np.all(np.isnan(sw.final_losses[above]))
    assert sw.first_divergent() > 1.0
    # lr = 0.5 jumps straight to the bottom: x - 0.5 * 2x = 0.
    assert sw.final_losses[np.argmin(np.abs(sw.lrs - 0.5))] < 1e-3


def test_momentum_moves_the_threshold():
    beta = 0.9
    sw = L.sweep(surfaces.bowl(), [1.8, 1.85, 1.95, 2.0], momentum=beta, steps=800)
    assert sw.threshold == pytest.approx((2 + 2 * beta) / 2)
    assert sw.statuses[:2] != ("diverged", "diverged") and "diverged" not in sw.statuses[:2]
    assert sw.statuses[2:] == ("diverged", "diverged")
    assert L.divergence_threshold(0.0) == float("inf")


def test_step_size_race_shows_all_four_behaviours():
    bowl = surfaces.bowl()
    racers = L.step_size_race(bowl, [0.01, 0.3, 0.95, 1.1], steps=40)
    creeping, good, oscillating, divergent = racers
    assert "creeping" in creeping.label and "good" in good.label
    assert "oscillating" in oscillating.label and "diverging" in divergent.label
    assert creeping.path.values[-1] > 10 * good.path.values[-1]
    signs = np.sign(oscillating.path.points[:6, 0])
    assert np.all(signs[1:] != signs[:-1])  # jumps across the valley every step
    assert divergent.path.values[-1] > 1e5 * divergent.path.values[0]  # flies off
    assert len({r.color for r in racers}) == 4
    # Lesson 3 of the article: from (4, 4) with η = 0.1, x_n = 4·0.8ⁿ.
    path = surfaces.descend(bowl, SGD(0.1), (4, 4), 20)
    np.testing.assert_allclose(path.points[:, 0], 4 * 0.8 ** np.arange(21), rtol=1e-12)


def test_track_sharpness_records_against_two_over_lr():
    data = galton.datasets.colors(80, colors=2, seed=0)
    board = galton.Board(3, data.features, 2, seed=0, init="normal")
    trainer = galton.Trainer(board, data, SGD(0.5), timeline_every=0)
    steps, lam, edge = L.track_sharpness(trainer, 20, every=5, iterations=10).as_arrays()
    assert list(steps) == [0, 5, 10, 15, 20]
    assert np.all(lam > 0) and np.all(edge == 4.0)


def test_nested_progressive_grids_reuse_points_and_match_full_grids(problem):
    board, data = problem
    s = L.board_surface(board, data.X, data.y, L.random_directions(board.theta, seed=2))
    calls = []
    value = s.value
    s.value = lambda a, b: (calls.append(np.size(a)), value(a, b))[1]
    grids = list(L.progressive(s, sizes=L.NESTED_SIZES))
    assert [Z.shape for _, _, Z in grids] == [(16, 16), (31, 31), (61, 61)]
    assert calls == [16 * 16, 31 * 31 - 16 * 16, 61 * 61 - 31 * 31]  # only the new points
    xs, _, Z = grids[-1]
    assert np.array_equal(Z[::4, ::4], grids[0][2])
    s.value = value
    fx, _, full = L.grid(s, 61)
    np.testing.assert_allclose(xs, fx, rtol=0, atol=1e-15)
    np.testing.assert_allclose(Z, full, rtol=1e-12)
    with pytest.raises(ValueError, match="does not nest"):
        L.refine(s, *grids[0], 32)


def test_nested_progressive_works_on_classic_surfaces_and_stops():
    bowl = surfaces.bowl()
    xs, ys, Z = list(L.progressive(bowl, sizes=(5, 9)))[-1]
    X, Y = np.meshgrid(xs, ys)
    np.testing.assert_allclose(Z, bowl.value(X, Y), rtol=1e-14)
    calls = iter([False, True])
    assert len(list(L.progressive(bowl, sizes=L.NESTED_SIZES,
                                  cancelled=lambda: next(calls)))) == 1
