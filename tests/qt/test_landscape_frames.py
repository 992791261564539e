"""The landscape is drawn off the UI thread: a job runner owns a GL context (Jobs(gl=True)),
the view hands it snapshots of the data, keeps the still surface between frames and only
paints finished pictures. Needs an OpenGL 3.3 core context (Xvfb + Mesa); skips without."""

import threading
import time

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from galton.render.camera import OrbitCamera
from galton.render.landscape import LandscapeRenderer, LayeredTarget

pytestmark = pytest.mark.gl


def bowl_grid(n=48):
    xs = np.linspace(-2, 2, n)
    return xs, xs, xs[None, :] ** 2 + xs[:, None] ** 2


def walk(k):
    t = np.linspace(0, 1, 5 + k)
    return {"points": np.c_[1.5 - 1.5 * t, 1.2 - 1.2 * t], "values": 3.7 * (1 - t) ** 2,
            "color": (1.0, 0.25, 0.2)}


@pytest.fixture
def runner(qapp):
    from galton.qt.gl import opengl_problem
    from galton.qt.jobs import Jobs

    problem = opengl_problem()
    if problem:
        pytest.skip(f"no OpenGL 3.3 context: {problem}")
    jobs = Jobs(None, "galton-test-gl", gl=True)
    if jobs.gl is None:
        jobs.close()
        pytest.skip(f"no OpenGL 3.3 context: {jobs.gl_problem}")
    yield jobs
    jobs.close()


def run(jobs, work, timeout=60):
    """Run ``work(job)`` on the runner and return its result (or raise its exception)."""
    box, done = {}, threading.Event()

    def job(j):
        try:
            box["value"] = work(j)
        except Exception as exc:
            box["error"] = exc
        finally:
            done.set()

    jobs.submit("test", job, keep=True)
    assert done.wait(timeout)
    if "error" in box:
        raise box["error"]
    return box["value"]


def test_a_gl_runner_draws_in_its_own_thread_and_cleans_up_there(runner):
    from OpenGL import GL

    ui = threading.get_ident()
    seen = run(runner, lambda job: (threading.get_ident(), job.gl is runner.gl,
                                    GL.glGetString(GL.GL_VERSION) is not None))
    assert seen[0] != ui and seen[1] and seen[2]
    renderer = LandscapeRenderer()
    pixels = run(runner, lambda job: (renderer.initialize(), renderer.set_surface(*bowl_grid()),
                                      LayeredTarget().render(renderer, 160, 120,
                                                             OrbitCamera()))[2])
    assert pixels.shape == (120, 160, 3) and pixels.std() > 10
    closed_in = []
    runner.at_close(lambda: (closed_in.append(threading.get_ident()), renderer.release()))
    runner.close()
    assert closed_in == [seen[0]] and not renderer.initialized


def test_a_snapshot_carries_the_data_and_only_changes_are_uploaded(runner):
    ui = LandscapeRenderer()  # the data, set on this thread; never drawn here
    drawn = LandscapeRenderer()  # the runner's, with the GL objects
    target = LayeredTarget()
    camera = OrbitCamera()

    def draw(snapshot):
        def work(job):
            if not drawn.initialized:
                drawn.initialize()
            drawn.take(snapshot)
            pixels = target.render(drawn, 200, 150, camera)
            buffers = drawn.buffers
            return pixels, buffers["surface"].uploads, buffers["trails"].uploads
        return run(runner, work)

    ui.set_surface(*bowl_grid())
    first, surface_uploads, trail_uploads = draw(ui.snapshot())
    ui.set_trails([walk(3)])
    snap = ui.snapshot()
    ui.set_trails([walk(9)])  # set again after the snapshot: the snapshot keeps what it had
    assert len(snap._trails[0]["points"]) == 8
    second, surface_after, trails_after = draw(snap)
    assert surface_after == surface_uploads and trails_after == trail_uploads + 1
    assert np.abs(first.astype(int) - second.astype(int)).sum() > 0  # the trail shows
    _, surface_again, trails_again = draw(snap)  # nothing changed: nothing uploaded
    assert (surface_again, trails_again) == (surface_after, trails_after)
    run(runner, lambda job: (target.release(), drawn.release()))


def test_frames_with_the_still_scene_kept_equal_frames_drawn_whole(runner):
    renderer, layered, whole = LandscapeRenderer(), LayeredTarget(), LayeredTarget()
    camera = OrbitCamera()
    scene_draws = []

    def frames(job):
        renderer.initialize()
        renderer.set_surface(*bowl_grid())
        real = renderer.render

        def counting(width, height, cam, layers="all"):
            scene_draws.append(layers)
            return real(width, height, cam, layers)

        renderer.render = counting
        out = []
        for k in range(3):
            renderer.set_trails([walk(k)])
            still = (renderer.still_key(), 240, 180, camera.azimuth)
            out.append((layered.render(renderer, 240, 180, camera, still),
                        whole.render(renderer, 240, 180, camera)))
        layered.release()
        whole.release()
        renderer.release()
        return out

    for kept, drawn in run(runner, frames):
        assert np.abs(kept.astype(int) - drawn.astype(int)).max() <= 2
    # The surface was drawn once for the three kept frames (and three times whole).
    assert scene_draws.count("scene") == 1 and scene_draws.count("overlay") == 3


def test_the_view_paints_at_once_while_its_picture_is_drawn_elsewhere(qtbot, monkeypatch):
    from galton.qt.gl import opengl_problem
    from galton.qt.landscape_view import LandscapeView

    problem = opengl_problem()
    if problem:
        pytest.skip(f"no OpenGL 3.3 context: {problem}")
    slow, threads = 1.0, []
    real = LayeredTarget.render

    def slow_render(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        time.sleep(slow)  # a software renderer on a busy machine
        return real(self, *args, **kwargs)

    monkeypatch.setattr(LayeredTarget, "render", slow_render)
    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(320, 240)
    view.set_surface(*bowl_grid())
    view.show()
    qtbot.waitExposed(view)
    started = time.perf_counter()
    view.repaint()  # asks for a picture; does not wait for it
    view.set_trails([walk(4)])
    view.repaint()
    assert time.perf_counter() - started < slow / 2
    assert view.flush()  # the picture of the current state, trail included
    assert threads and set(threads) == {"galton-landscape-frames"}
    image = view.grab_array()
    assert image.std() > 10
    view.close_gl()


def test_the_drawing_thread_paints_no_text_the_window_paints_the_labels(qtbot, monkeypatch):
    """Qt text painted in the drawing thread while the window painted its own deadlocked the
    suite twice (drawing thread in QPainterPath.addText, window waiting). The drawing thread
    hands over pixels; every QPainter of the view is made in the UI thread, and the labels
    still appear on the picture."""
    from PySide6.QtGui import QPainter

    from galton.qt import landscape_view
    from galton.qt.gl import opengl_problem
    from galton.qt.landscape_view import LandscapeView

    problem = opengl_problem()
    if problem:
        pytest.skip(f"no OpenGL 3.3 context: {problem}")
    painted, labelled = [], []
    real_labels = landscape_view._paint_labels

    class CountedPainter(QPainter):
        def __init__(self, *device):
            painted.append(threading.current_thread() is threading.main_thread())
            super().__init__(*device)

    def paint_labels(*args, **kwargs):
        labelled.append(threading.current_thread() is threading.main_thread())
        return real_labels(*args, **kwargs)

    monkeypatch.setattr(landscape_view, "_paint_labels", paint_labels)
    monkeypatch.setattr(landscape_view, "QPainter", CountedPainter)
    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(360, 260)
    xs, ys, Z = bowl_grid()
    view.set_surface(xs, ys, Z)
    view.set_markers([(0.0, 0.0, 0.0, "minimum")])
    view.show()
    qtbot.waitExposed(view)
    for k in range(3):  # several pictures: trails move, as while training plays
        view.set_trails([walk(k)])
        assert view.flush()
    assert labelled and all(labelled)
    assert painted and all(painted)
    with_labels = view.grab_array()
    # The labels are on the picture: painting them again over it changes nothing, and the
    # picture differs from the bare pixels the drawing thread handed over.
    bare = view._frame.pixels
    assert with_labels.shape == bare.shape
    assert np.abs(with_labels.astype(int) - bare.astype(int)).sum(axis=2).astype(bool).sum() > 200
    view.close_gl()


def test_the_software_renderers_threads_run_at_the_jobs_priority(runner):
    """Mesa's llvmpipe rasterizes in threads it starts with the process's first context, at
    the priority of the thread that made it (the window's: its OpenGL check comes first).
    galton draws with OpenGL only in jobs: those threads get the jobs' lower priority."""
    import os
    import sys

    from galton.playing import BACKGROUND_NICE
    from galton.qt import gl

    if not sys.platform.startswith("linux"):
        pytest.skip("thread priorities are set on Linux only")
    threads = {}
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/comm") as f:
            if f.read().startswith("llvmpipe"):
                threads[int(task)] = os.getpriority(os.PRIO_PROCESS, int(task))
    if not threads:
        pytest.skip("this OpenGL has no rasterizer threads of its own (not llvmpipe)")
    assert all(nice >= BACKGROUND_NICE for nice in threads.values()), threads
    assert gl.lower_rasterizer_threads() == 0  # nothing left to lower
