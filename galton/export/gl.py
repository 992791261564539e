"""An OpenGL 3.3 core context for rendering frames offscreen, wherever the export runs.

* No display (a server, CI): EGL without any surface, through PyOpenGL with
  ``PYOPENGL_PLATFORM=egl`` (Mesa's llvmpipe gives 4.5 core). PyOpenGL chooses its platform
  once, when first imported, so ``prefer_egl()`` must run before anything imports OpenGL.
* Inside the app (Qt already drives PyOpenGL through GLX): a QOpenGLContext on a
  QOffscreenSurface, made by the caller (galton.qt.export_dialog) and handed in.

``open_context()`` picks what works and returns None with a reason when nothing does; the
caller then draws the flat map instead. A GL call without a context would crash the
process, so nothing here calls GL before a context is current.
"""

from __future__ import annotations

import ctypes
import os
import sys


def prefer_egl() -> None:
    """Ask PyOpenGL for EGL, if it is not loaded yet (headless commands call this first)."""
    if "OpenGL" not in sys.modules:
        os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
        os.environ.setdefault("EGL_PLATFORM", "surfaceless")


def pyopengl_platform() -> str:
    """The platform PyOpenGL uses or will use: 'egl', 'glx', ..."""
    if "OpenGL" in sys.modules:
        import OpenGL.platform

        name = type(OpenGL.platform.PLATFORM).__name__.lower()
        return "egl" if "egl" in name else name.replace("platform", "")
    return os.environ.get("PYOPENGL_PLATFORM", "")


class EGLContext:
    """A surfaceless EGL context, OpenGL 3.3 core. ``make_current()`` in the thread that
    draws; ``release()`` when done."""

    def __init__(self):
        if pyopengl_platform() != "egl":
            raise RuntimeError("PyOpenGL was loaded for another platform than EGL")
        from OpenGL import EGL

        self._egl = EGL
        display = None
        if hasattr(EGL, "eglGetPlatformDisplayEXT"):
            try:  # EGL_PLATFORM_SURFACELESS_MESA: no X, no GPU device needed
                display = EGL.eglGetPlatformDisplayEXT(0x31DD, EGL.EGL_DEFAULT_DISPLAY, None)
            except Exception:  # missing extension: try the default display
                display = None
        if not display:
            display = EGL.eglGetDisplay(EGL.EGL_DEFAULT_DISPLAY)
        major, minor = EGL.EGLint(), EGL.EGLint()
        if not display or not EGL.eglInitialize(display, ctypes.pointer(major),
                                                ctypes.pointer(minor)):
            raise RuntimeError("EGL could not be initialised")
        self.display = display
        if not EGL.eglBindAPI(EGL.EGL_OPENGL_API):
            raise RuntimeError("EGL offers no desktop OpenGL")
        attributes = (EGL.EGLint * 7)(
            EGL.EGL_CONTEXT_MAJOR_VERSION, 3, EGL.EGL_CONTEXT_MINOR_VERSION, 3,
            EGL.EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL.EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
            EGL.EGL_NONE)
        no_config = getattr(EGL, "EGL_NO_CONFIG_KHR", None)
        self.context = EGL.eglCreateContext(display, no_config, EGL.EGL_NO_CONTEXT, attributes)
        if not self.context:
            raise RuntimeError("EGL could not make an OpenGL 3.3 core context")
        if not self.make_current():
            self.release()
            raise RuntimeError("EGL could not make the context current without a surface")
        from OpenGL import GL

        self.version = GL.glGetString(GL.GL_VERSION).decode(errors="replace")
        self.renderer = GL.glGetString(GL.GL_RENDERER).decode(errors="replace")
        self.done_current()

    def make_current(self) -> bool:
        EGL = self._egl
        return bool(EGL.eglMakeCurrent(self.display, EGL.EGL_NO_SURFACE, EGL.EGL_NO_SURFACE,
                                       self.context))

    def done_current(self) -> None:
        EGL = self._egl
        EGL.eglMakeCurrent(self.display, EGL.EGL_NO_SURFACE, EGL.EGL_NO_SURFACE,
                           EGL.EGL_NO_CONTEXT)

    def release(self) -> None:
        if self.context:
            self.done_current()
            self._egl.eglDestroyContext(self.display, self.context)
            self.context = None

    def describe(self) -> str:
        return f"EGL, OpenGL {self.version} ({self.renderer})"


class QtContext:
    """A QOpenGLContext and QOffscreenSurface made in the GUI thread (see ``make_qt_context``
    in galton.qt.export_dialog), used from whichever thread the context was moved to."""

    def __init__(self, context, surface):
        self.context, self.surface = context, surface

    def make_current(self) -> bool:
        return bool(self.context.makeCurrent(self.surface))

    def done_current(self) -> None:
        self.context.doneCurrent()

    def release(self) -> None:
        pass  # the GUI thread owns and deletes the Qt objects

    def describe(self) -> str:
        fmt = self.context.format()
        return f"Qt offscreen surface, OpenGL {fmt.majorVersion()}.{fmt.minorVersion()}"


def open_context():
    """(context, None) with an EGL context, or (None, why not)."""
    if os.environ.get("GALTON_EXPORT_NO_GL"):  # for tests and for machines with broken GL
        return None, "GALTON_EXPORT_NO_GL is set"
    platform = pyopengl_platform()
    if platform != "egl":
        return None, (f"PyOpenGL is set up for {platform or 'another platform'}, not EGL, "
                      "and no Qt context was given")
    try:
        return EGLContext(), None
    except Exception as exc:  # any driver failure means: no GL here
        return None, str(exc) or type(exc).__name__
