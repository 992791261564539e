"""OpenGL contexts for drawing off the UI thread: what the landscape view and the exporter share.

Every OpenGL picture in galton is drawn offscreen into a framebuffer, by a job runner
(galton.qt.jobs, ``Jobs(gl=True)``) whose thread owns a context: the offscreen surface is made
in the GUI thread (Qt requires it), the context in the runner's thread (``make_context``), where
it stays current for the runner's life.

The software renderer (Mesa's llvmpipe) rasterizes in threads of its own, started with the
process's first context, at the priority of the thread that made it: the window's, whose
``opengl_problem`` check comes first. Every context made here lowers them to the jobs'
priority (``lower_rasterizer_threads``): galton draws with OpenGL only in background jobs, and
at the window's priority those threads took a processor from it (an export beside Play: waits
of up to 142 ms while the window's thread used 20 ms).
"""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext, QSurfaceFormat

#: Names (prefixes) of the software renderers' rasterizer threads.
RASTERIZER_THREADS = ("llvmpipe",)


def lower_rasterizer_threads() -> int:
    """Give the software renderer's threads the background jobs' priority (Linux: each
    thread's own nice value; elsewhere nothing). Returns how many were lowered now."""
    from galton.playing import lower_priority

    try:
        tasks = os.listdir("/proc/self/task")  # Linux only; elsewhere there is nothing to do
    except OSError:
        return 0
    lowered = 0
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/comm") as f:
                rasterizer = f.read().startswith(RASTERIZER_THREADS)
        except OSError:  # gone meanwhile
            continue
        if rasterizer and lower_priority(tid=int(task)):
            lowered += 1
    return lowered


def surface_format(samples: int = 4) -> QSurfaceFormat:
    """OpenGL 3.3 core: what EGL offers headless too, so one renderer serves both."""
    fmt = QSurfaceFormat()
    fmt.setRenderableType(QSurfaceFormat.RenderableType.OpenGL)
    fmt.setVersion(3, 3)
    fmt.setProfile(QSurfaceFormat.OpenGLContextProfile.CoreProfile)
    fmt.setDepthBufferSize(24)
    fmt.setSamples(samples)
    return fmt


def opengl_problem() -> str | None:
    """Why no OpenGL 3.3 core context can be made here, or None if one can. Ask before any GL
    call: on Qt's offscreen platform a GL call does not fail politely, it crashes the process."""
    platform = QGuiApplication.platformName()
    if platform in ("offscreen", "minimal"):
        return f"the Qt platform {platform!r} cannot show OpenGL widgets"
    context = QOpenGLContext()
    context.setFormat(surface_format(samples=0))
    if not context.create():
        return "no OpenGL 3.3 core context could be created"
    lower_rasterizer_threads()
    fmt = context.format()
    if (fmt.majorVersion(), fmt.minorVersion()) < (3, 3):
        return f"OpenGL {fmt.majorVersion()}.{fmt.minorVersion()} is older than 3.3"
    return None


def make_surface():
    """(QOffscreenSurface, None) for OpenGL 3.3 core, made in the GUI thread, or (None, why
    not)."""
    problem = opengl_problem()
    if problem is not None:
        return None, problem
    surface = QOffscreenSurface()
    surface.setFormat(surface_format(samples=0))  # framebuffers do their own multisampling
    surface.create()
    return surface, None


def make_context(surface) -> QOpenGLContext:
    """A 3.3 core context, made and current in the calling thread (which owns it from now
    on); ValueError saying why when there is none."""
    context = QOpenGLContext()
    context.setFormat(surface.format())
    if not context.create():
        raise ValueError("no OpenGL 3.3 core context could be created")
    lower_rasterizer_threads()
    fmt = context.format()
    if (fmt.majorVersion(), fmt.minorVersion()) < (3, 3):
        raise ValueError(f"OpenGL {fmt.majorVersion()}.{fmt.minorVersion()} is older than 3.3")
    if not context.makeCurrent(surface):
        raise ValueError("the OpenGL context could not be made current")
    return context
