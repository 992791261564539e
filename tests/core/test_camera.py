"""The orbit camera: pure numpy, no Qt, no GL."""

import math

import numpy as np
import pytest

from galton.render.camera import OrbitCamera


def to_ndc(camera, point, aspect=1.0):
    clip = camera.projection_matrix(aspect) @ camera.view_matrix() @ np.append(point, 1.0)
    return clip[:3] / clip[3]


def test_eye_is_distance_from_target_and_view_puts_target_straight_ahead():
    cam = OrbitCamera(azimuth=30, elevation=40, distance=5, target=(0.2, -0.1, 0.3))
    assert np.linalg.norm(cam.eye() - cam.target) == pytest.approx(5)
    view = cam.view_matrix()
    np.testing.assert_allclose(view[:3, :3] @ view[:3, :3].T, np.eye(3), atol=1e-12)
    np.testing.assert_allclose(view @ np.append(cam.target, 1), [0, 0, -5, 1], atol=1e-12)
    assert view[1, 2] > 0  # world up is screen up: the picture is not upside down


def test_azimuth_and_elevation_place_the_eye():
    cam = OrbitCamera(azimuth=90, elevation=0, distance=2, target=(0, 0, 0))
    np.testing.assert_allclose(cam.eye(), [0, 2, 0], atol=1e-12)
    cam = OrbitCamera(azimuth=0, elevation=60, distance=2, target=(0, 0, 0))
    np.testing.assert_allclose(cam.eye(), [1, 0, math.sqrt(3)], atol=1e-12)


def test_orbit_wraps_azimuth_and_clamps_elevation():
    cam = OrbitCamera(azimuth=170, elevation=30)
    cam.orbit(20, 0)
    assert cam.azimuth == pytest.approx(-170)
    cam.orbit(0, 500)
    assert cam.elevation == OrbitCamera.ELEVATION_RANGE[1]
    cam.orbit(0, -500)
    assert cam.elevation == OrbitCamera.ELEVATION_RANGE[0]
    assert np.all(np.isfinite(cam.view_matrix()))


def test_zoom_divides_distance_within_limits():
    cam = OrbitCamera(distance=4)
    cam.zoom(2)
    assert cam.distance == pytest.approx(2)
    cam.zoom(1e9)
    assert cam.distance == OrbitCamera.DISTANCE_RANGE[0]
    cam.zoom(1e-9)
    assert cam.distance == OrbitCamera.DISTANCE_RANGE[1]
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="zoom factor"):
            cam.zoom(bad)


def test_pan_moves_the_scene_with_the_mouse():
    cam = OrbitCamera(azimuth=-60, elevation=30, distance=4, target=(0, 0, 0))
    before = cam.target.copy()
    cam.pan(0.1, 0.0)  # a tenth of the view's height to the right
    assert np.linalg.norm(cam.target - before) > 0
    # What was at the old target now sits a tenth of the height (0.2 in NDC) to the right.
    np.testing.assert_allclose(to_ndc(cam, before)[:2], [0.2, 0.0], atol=1e-9)
    cam.pan(0.0, 0.1)
    np.testing.assert_allclose(to_ndc(cam, before)[:2], [0.2, 0.2], atol=1e-9)
    assert cam.distance == pytest.approx(4)  # panning never zooms


def test_reset_restores_the_home_view():
    cam = OrbitCamera(azimuth=10, elevation=20, distance=3, target=(0.1, 0.2, 0.3))
    cam.orbit(33, 12)
    cam.zoom(1.7)
    cam.pan(0.3, -0.2)
    cam.reset()
    assert (cam.azimuth, cam.elevation, cam.distance) == (10, 20, 3)
    np.testing.assert_allclose(cam.target, [0.1, 0.2, 0.3])


def test_projection_maps_near_and_far_planes_and_aspect():
    cam = OrbitCamera()
    proj = cam.projection_matrix(2.0, near=0.1, far=10.0)
    for depth, ndc_z in ((0.1, -1.0), (10.0, 1.0)):
        clip = proj @ np.array([0, 0, -depth, 1.0])
        assert clip[2] / clip[3] == pytest.approx(ndc_z)
    assert proj[1, 1] == pytest.approx(2 * proj[0, 0])
    assert np.all(np.isfinite(cam.projection_matrix(0.0)))  # a zero-sized view does not crash
