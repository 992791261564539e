"""The OpenGL landscape: every program compiles, compile errors name the file and line, and
pictures rendered to arrays show what they should. Needs an OpenGL 3.3 core context (Xvfb +
Mesa here); without one every test here skips, because a GL call without a current context
would crash the whole run."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QOffscreenSurface, QOpenGLContext, QWheelEvent
from PySide6.QtWidgets import QApplication

import galton.surfaces
from galton.render.camera import OrbitCamera
from galton.render.colormap import colormap
from galton.render.landscape import LandscapeRenderer, render_to_array
from galton.render.shaders import ProgramCache, ShaderError, read_packaged

pytestmark = pytest.mark.gl

PROGRAMS = ("background", "ground", "floor", "surface", "trail", "ball", "marker")
W, H = 320, 240


@pytest.fixture(scope="module")
def gl_context(qapp):
    from galton.qt.landscape_view import surface_format
    context = QOpenGLContext()
    context.setFormat(surface_format(samples=0))
    if not context.create():
        pytest.skip("no OpenGL 3.3 context: QOpenGLContext.create() failed")
    fmt = context.format()
    if (fmt.majorVersion(), fmt.minorVersion()) < (3, 3):
        pytest.skip(f"no OpenGL 3.3 context: got {fmt.majorVersion()}.{fmt.minorVersion()}")
    surface = QOffscreenSurface()
    surface.setFormat(fmt)
    surface.create()
    if not context.makeCurrent(surface):
        pytest.skip("no OpenGL 3.3 context: makeCurrent failed")
    context.doneCurrent()
    yield context, surface
    surface.destroy()


@pytest.fixture
def gl(gl_context):
    """A current context for the test's duration."""
    context, surface = gl_context
    assert context.makeCurrent(surface)
    yield context
    context.doneCurrent()


def bowl_grid(n=64):
    xs = np.linspace(-2, 2, n)
    return xs, xs, xs[None, :] ** 2 + xs[:, None] ** 2


def render(setup, renderer=None, camera=None):
    return render_to_array(W, H, setup, renderer=renderer, camera=camera)


def changed_pixels(a, b, threshold=24):
    return int((np.abs(a.astype(int) - b.astype(int)).sum(axis=2) > threshold).sum())


def test_every_program_compiles_and_links(gl):
    cache = ProgramCache()
    try:
        for name in PROGRAMS:
            assert cache.program(name).id > 0
            assert name in cache
    finally:
        cache.release()


def test_a_broken_shader_names_its_file_and_line(gl):
    files = {
        "broken.vert": read_packaged("background.vert"),
        "broken.frag": ('#version 330 core\n#include "helper.glsl"\nout vec4 color;\n'
                        "void main() { color = helper(); }\n"),
        "helper.glsl": "// a helper with a typo\nvec4 helper()\n{\n"
                       "    return vec4(undefined_thing);\n}\n",
    }
    with pytest.raises(ShaderError) as info:
        ProgramCache(files.__getitem__).program("broken")
    assert ("helper.glsl", 4) in [e[:2] for e in info.value.errors]
    assert "helper.glsl:4" in str(info.value)
    assert "broken.frag does not compile" in str(info.value)


def test_the_bowl_renders_with_its_minimum_in_the_low_colour(gl):
    renderer = LandscapeRenderer()
    renderer.initialize()
    try:
        image = render(lambda r: r.set_surface(*bowl_grid()), renderer)
        assert image.shape == (H, W, 3) and image.dtype == np.uint8
        assert image.std() > 20
        assert len(np.unique(image.reshape(-1, 3), axis=0)) > 100
        px, py = renderer.project(0.0, 0.0, 0.0, W, H, OrbitCamera())
        patch = image[int(py) - 2:int(py) + 3, int(px) - 2:int(px) + 3].reshape(-1, 3) / 255.0
        low, high = colormap("viridis", 0.0), colormap("viridis", 1.0)
        mean = patch.mean(axis=0)
        assert np.linalg.norm(mean - low) < 0.5 * np.linalg.norm(mean - high)
        # And the rim of the bowl is drawn in the high colours.
        corner = renderer.project(-2.0, 2.0, 8.0, W, H, OrbitCamera())
        assert corner is not None
    finally:
        renderer.release()


def test_a_trail_a_ball_and_markers_change_the_picture(gl):
    surface = galton.surfaces.get("pond")
    xs, ys, z = surface.grid(64)
    path = galton.surfaces.descend(surface, galton.optim.SGD(lr=0.5, momentum=0.9), steps=60)
    plain = render(lambda r: r.set_surface(xs, ys, z))

    def with_trail(r):
        r.set_surface(xs, ys, z)
        r.set_trails([{"points": path.points, "values": path.values, "color": (1, 0.4, 0.1)}])

    def with_markers(r):
        r.set_surface(xs, ys, z)
        r.set_markers(surface.known_minima)

    assert changed_pixels(plain, render(with_trail)) > 100
    assert changed_pixels(plain, render(with_markers)) > 30


def test_bad_trails_and_holes_do_not_crash(gl):
    xs, ys, z = bowl_grid(32)
    z = z.copy()
    z[10:20, 10:20] = np.nan
    z[0, :] = np.inf
    z[-1, -1] = -np.inf
    trails = [
        {"points": [[0, 0], [1, 1], [np.nan, 2], [3, 3]], "values": [1, 2, 3, 4],
         "color": (1, 0, 0)},
        {"points": [[0, 0], [1e6, -1e6], [1, 0]], "values": [1e308, np.inf, np.nan],
         "color": (0, 1, 0)},
        {"points": [[0.5, 0.5]], "values": [np.nan], "color": (0, 0, 1)},
        {"points": np.zeros((0, 2)), "values": np.zeros(0), "color": (1, 1, 1)},
        {"points": [[1, 1]] * 5, "values": [2.0] * 5, "color": (1, 1, 0)},  # a ball at rest
    ]

    def setup(r):
        r.set_surface(xs, ys, z)
        r.set_trails(trails)
        r.set_markers([(0, 0, np.nan), (1e9, 0, 1.0), (0, 0, 0.0)])

    image = render(setup)
    assert image.std() > 10
    holes = render(lambda r: r.set_surface(xs, ys, z))
    whole = render(lambda r: r.set_surface(*bowl_grid(32)))
    assert changed_pixels(holes, whole) > 100  # the hole lets the floor or sky through


def test_only_changed_data_is_uploaded_and_grids_may_change_size(gl):
    r = LandscapeRenderer()
    r.initialize()
    try:
        cam = OrbitCamera()
        coarse = render(lambda r: r.set_surface(*bowl_grid(16)), r, cam)
        surface = r.buffers["surface"]
        assert (surface.uploads, surface.reallocations) == (1, 1)
        fine = render(lambda r: r.set_surface(*bowl_grid(128)), r, cam)
        assert (surface.uploads, surface.reallocations) == (2, 2)
        assert r.buffers["indices"].reallocations == 2
        assert changed_pixels(coarse, fine) > 0  # finer facets and contours
        xs, ys, z = bowl_grid(128)
        render(lambda r: r.set_surface(xs, ys, 2 * z + np.sin(xs)[None, :]), r, cam)
        assert (surface.uploads, surface.reallocations) == (3, 2)  # same size: sub-data
        assert r.buffers["indices"].uploads == 2  # the shape did not change

        trails = r.buffers["trails"]
        before_trails = trails.uploads
        walk = {"points": [[0, 0], [1, 1]], "values": [0.0, 2.0], "color": (1, 1, 1)}
        render(lambda r: r.set_trails([walk]), r, cam)
        assert surface.uploads == 3 and trails.uploads == before_trails + 1

        plain = render(None, r, cam)
        assert r.buffers["surface"].uploads == 3 and trails.uploads == before_trails + 1
        magma = render(lambda r: r.set_options(colormap="magma", log_height=True, contours=0,
                                               lighting=False, floor=False, height_scale=1.0),
                       r, cam)
        assert changed_pixels(plain, magma) > 1000
        assert surface.uploads == 3 and trails.uploads == before_trails + 1  # uniforms only
    finally:
        r.release()
    assert r.buffers == {} and not r.initialized


def test_basins_tint_the_floor(gl):
    xs, ys, z = bowl_grid(48)
    cam = OrbitCamera(elevation=60)
    plain = render(lambda r: r.set_surface(xs, ys, z), camera=cam)
    labels = np.where(xs[None, :] < 0, 0, 1) * np.ones((48, 1), dtype=int)
    labels[:5] = -1

    def tinted(r):
        r.set_surface(xs, ys, z)
        r.set_basins(labels, np.array([[1.0, 0.2, 0.2], [0.2, 1.0, 0.2]]))

    assert changed_pixels(plain, render(tinted, camera=cam)) > 500
    cleared = render(lambda r: (tinted(r), r.set_basins(None)), camera=cam)
    assert changed_pixels(plain, cleared) == 0


def test_options_are_checked():
    r = LandscapeRenderer()
    with pytest.raises(ValueError, match="unknown colour map 'jet'"):
        r.set_options(colormap="jet")
    with pytest.raises(ValueError, match="contours"):
        r.set_options(contours=-1)
    with pytest.raises(ValueError, match="height_scale"):
        r.set_options(height_scale=0)
    with pytest.raises(RuntimeError, match="initialize"):
        r.render(10, 10, OrbitCamera())
    assert r.project(0, 0, 0, 10, 10, OrbitCamera()) is None  # no surface yet


# --- the Qt view -----------------------------------------------------------------------------

@pytest.fixture
def view(qtbot, gl_context):
    from galton.qt.landscape_view import LandscapeView, opengl_problem
    problem = opengl_problem()
    if problem:
        pytest.skip(f"no OpenGL 3.3 context: {problem}")
    v = LandscapeView()
    qtbot.addWidget(v)
    v.resize(480, 360)
    v.set_surface(*bowl_grid(48))
    v.set_markers([(0.0, 0.0, 0.0)])
    v.show()
    qtbot.waitExposed(v)
    return v


def test_the_view_shows_the_landscape_and_labels(view):
    image = view.grab_array()
    assert view.gl_error is None and view.gl_renderer.initialized
    assert image.shape == (360, 480, 3)
    assert image.std() > 20 and len(np.unique(image.reshape(-1, 3), axis=0)) > 100
    fmt = view.context().format()
    assert (fmt.majorVersion(), fmt.minorVersion()) >= (3, 3)
    assert fmt.profile() == fmt.OpenGLContextProfile.CoreProfile


def test_the_mouse_orbits_pans_and_zooms_and_keys_reset(view, qtbot):
    cam = view.camera
    azimuth = cam.azimuth
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(200, 180))
    qtbot.mouseMove(view, QPoint(260, 170))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(260, 170))
    assert cam.azimuth == pytest.approx(azimuth - 60 * 0.4)
    assert cam.elevation != 30.0

    target = cam.target.copy()
    qtbot.mousePress(view, Qt.MouseButton.RightButton, pos=QPoint(200, 180))
    qtbot.mouseMove(view, QPoint(230, 200))
    qtbot.mouseRelease(view, Qt.MouseButton.RightButton, pos=QPoint(230, 200))
    assert np.linalg.norm(cam.target - target) > 0.01

    distance = cam.distance
    pos = QPointF(240, 180)
    wheel = QWheelEvent(pos, view.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, wheel)
    assert cam.distance < distance

    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_R)
    home = OrbitCamera()
    assert (cam.azimuth, cam.elevation, cam.distance) == (home.azimuth, home.elevation,
                                                          home.distance)
    np.testing.assert_allclose(cam.target, home.target)

    cam.orbit(40, 10)
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert cam.azimuth == home.azimuth
    before = view.grab_array()
    cam.orbit(45, 20)  # not 90: the bowl on its square grid looks the same
    assert changed_pixels(before, view.grab_array()) > 1000


def test_deleting_the_view_releases_its_gl_objects(qtbot, gl_context):
    from PySide6.QtCore import QCoreApplication, QEvent

    from galton.qt.landscape_view import LandscapeView
    v = LandscapeView()
    v.set_surface(*bowl_grid(16))
    v.set_markers([(0.0, 0.0, 0.0, "最低点")])  # labels are Qt text: any script
    v.show()
    qtbot.waitExposed(v)
    assert v.grab_array().std() > 10
    renderer = v.gl_renderer  # the drawing thread's (v.renderer only holds the data)
    assert renderer.initialized
    v.close()
    v.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not renderer.initialized  # released from the context's aboutToBeDestroyed
