"""The landscape's vertex data (numpy only): height mapping, holes, trails, basins."""

import math

import numpy as np
import pytest

from galton.render import geometry
from galton.render.geometry import Extent, HeightMap


def test_heights_normalise_the_finite_range_linearly_and_logarithmically():
    hm = HeightMap([[2.0, np.nan], [np.inf, 10.0]])
    assert (hm.low, hm.high) == (2.0, 10.0)
    lin, log = hm.heights([2.0, 6.0, 10.0, 1e300, -5.0, np.inf, np.nan])
    np.testing.assert_allclose(lin[:6], [0, 0.5, 1, 1, 0, 1])
    np.testing.assert_allclose(log[[0, 2]], [0, 1], atol=1e-12)
    assert 0.5 < log[1] < 1  # log heights lift the low ground
    assert np.isnan(lin[6]) and np.isnan(log[6])
    for log_mode in (False, True):
        for t in (0.0, 0.3, 1.0):
            value = hm.value_at(t, log_mode)
            got = hm.heights(value)[1 if log_mode else 0]
            assert got == pytest.approx(t, abs=1e-9)


def test_flat_empty_and_enormous_ranges_do_not_break_the_mapping():
    lin, log = HeightMap(np.full((3, 3), 4.0)).heights([4.0, 5.0])
    assert np.all(np.isfinite(lin)) and np.all(np.isfinite(log))
    assert HeightMap(np.full((2, 2), np.nan)).heights(0.5)[0] == pytest.approx(0.5)
    hm = HeightMap([-1e308, 1e308])
    np.testing.assert_allclose(hm.heights([-1e308, 0.0, 1e308])[0], [0, 0.5, 1])


def test_surface_vertices_have_exact_slopes_and_filled_holes():
    xs, ys = np.linspace(-2, 2, 9), np.linspace(0, 1, 5)
    z = np.tile(xs, (5, 1)) + 2.0  # a plane rising along x: h = (x + 2) / 4
    z[2, 4] = np.nan
    v = geometry.surface_vertices(xs, ys, z, HeightMap(z)).reshape(5, 9, -1)
    assert v.dtype == np.float32 and v.shape[-1] == geometry.SURFACE_STRIDE
    np.testing.assert_allclose(v[0, :, 0], np.linspace(-1, 1, 9), atol=1e-7)
    np.testing.assert_allclose(v[:, 0, 1], np.linspace(-1, 1, 5), atol=1e-7)
    assert v[2, 4, 8] == 0 and v[..., 8].sum() == 5 * 9 - 1
    assert np.all(np.isfinite(v))
    assert v[2, 4, 2] == pytest.approx(0.5, abs=1e-6)  # the hole's vertex sits among its peers
    # d h / d world-x: h spans 1 over the 2 world units of x.
    np.testing.assert_allclose(v[0, :, 4], 0.5, atol=1e-6)
    np.testing.assert_allclose(v[0, :, 5], 0.0, atol=1e-6)


def test_grid_indices_make_two_triangles_per_cell():
    idx = geometry.grid_indices(3, 4)
    assert idx.dtype == np.uint32 and len(idx) == 2 * 3 * 2 * 3
    assert idx.max() == 11 and set(idx) == set(range(12))


def test_check_grid_names_the_problem():
    xs = np.linspace(0, 1, 4)
    with pytest.raises(ValueError, match=r"shape \(len\(ys\), len\(xs\)\)"):
        geometry.check_grid(xs, xs, np.zeros((4, 5)))
    with pytest.raises(ValueError, match="increasing"):
        geometry.check_grid(xs[::-1], xs, np.zeros((4, 4)))
    with pytest.raises(ValueError, match="at least 2"):
        geometry.check_grid(xs[:1], xs, np.zeros((4, 1)))


def test_trails_stop_at_the_first_non_finite_point_and_clamp_to_the_grid():
    extent, hm = Extent((-5, 5), (-5, 5)), HeightMap([0.0, 10.0])
    trails = [
        {"points": [[0, 0], [1, 1], [50, -50], [2, 2], [3, 3]],
         "values": [5.0, 1e300, 2.0, np.nan, 1.0], "color": (1, 0, 0)},
        {"points": [[4, 4]], "values": [0.0], "color": (0, 1, 0)},  # a ball, no line
        {"points": [[np.nan, 0]], "values": [1.0], "color": (0, 0, 1)},  # nothing at all
        {"points": np.zeros((0, 2)), "values": [], "color": (0, 0, 1)},
    ]
    vertices, draws, balls = geometry.trail_ribbon(trails, extent, hm)
    assert draws == [(0, 6)]  # 3 finite points, 2 vertices each
    assert vertices.shape == (6, geometry.TRAIL_STRIDE) and np.all(np.isfinite(vertices))
    np.testing.assert_allclose(vertices[4, :2], [1, -1])  # (50, -50) rides the edge
    np.testing.assert_allclose(vertices[2, 2], 1.0)  # a huge loss clamps to the top
    np.testing.assert_allclose(vertices[::2, 16], [0, 0.5, 1])  # age, oldest first
    np.testing.assert_allclose(vertices[:, 12], [-1, 1] * 3)
    assert balls.shape == (2, 7)
    np.testing.assert_allclose(balls[0], [1, -1, 0.2, HeightMap.log_of(0.2), 1, 0, 0], rtol=1e-6)
    np.testing.assert_allclose(balls[1, :2], [0.8, 0.8], rtol=1e-6)
    assert geometry.trail_ribbon([], extent, hm)[0].shape == (0, geometry.TRAIL_STRIDE)


def test_markers_skip_non_finite_rows():
    rows = geometry.marker_anchors([(0, 0, 1.0), (1, 1, math.nan), (2, 2, 3.0, "label")],
                                   Extent((0, 2), (0, 2)), HeightMap([1.0, 3.0]))
    np.testing.assert_allclose(rows[:, :3], [[-1, -1, 0], [1, 1, 1]])


def test_basin_texels_leave_unlabelled_and_unknown_basins_clear():
    texels = geometry.basin_texels([[0, 1], [-1, 7]], [(1, 0, 0), (0, 0.5, 1)])
    assert texels.shape == (2, 2, 4) and texels.dtype == np.uint8
    assert texels[0, 0].tolist() == [255, 0, 0, 255]
    assert texels[0, 1].tolist() == [0, 128, 255, 255]
    assert texels[1].tolist() == [[0, 0, 0, 0], [0, 0, 0, 0]]
    default = geometry.basin_texels(np.arange(9).reshape(3, 3))  # no colours: the palette
    assert np.all(default[..., 3] == 255)
    assert default[0, 0].tolist() == default[2, 1].tolist() != default[0, 1].tolist()


def test_rounding_noise_near_zero_loss_is_drawn_flat_not_as_spikes():
    # A surface that is 4.23e-5 everywhere up to float rounding (what a slice around a
    # converged board shows): the noise must not be stretched to the full height.
    rng = np.random.default_rng(0)
    z = 4.23e-5 * (1 + 1e-13 * rng.standard_normal((16, 16)))
    hm = HeightMap(z)
    lin, log = hm.heights(z)
    assert np.max(lin) < 1e-5 and np.max(log) < 0.01  # flat on the floor
    assert hm.high - hm.low == pytest.approx(geometry.RELATIVE_FLOOR * np.max(z))
    # A real bump of 1 % is still drawn at its full height.
    z[3, 3] *= 1.01
    assert HeightMap(z).heights(z)[0].max() == 1.0
