"""The 3-D loss landscape view: the OpenGL renderer drawing offscreen, a camera the mouse
and keys drive, and text (minimum labels, axis names, the colour bar) painted by Qt on top so
every script, Chinese included, renders as the rest of the app does.

Why not a QOpenGLWidget: one in a window makes Qt composite the *whole* window through
OpenGL, so every repaint of any widget (charts, the board) goes through the GL driver. With
Mesa's software renderer (llvmpipe: VMs, CI, remote desktops) that cost ~110 ms per training
snapshot in this app, measured, and the UI fell behind. So the view owns its own context on an
offscreen surface, renders into a framebuffer only when the picture changed, reads it back
and paints it as an image: the window stays a plain raster window. ``grab()`` then includes
the labels too.

Mouse: drag to orbit; right/middle drag or shift-drag to pan; wheel to zoom; double-click
to reset. Keys: arrows orbit, + and - zoom, R or Home reset the view.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import shiboken6
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QOffscreenSurface,
    QOpenGLContext,
    QPainter,
    QSurfaceFormat,
)
from PySide6.QtWidgets import QWidget

from galton.qt.landscape_labels import (
    HALO,  # noqa: F401  (kept importable from here)
    TEXT,
    number,
    paint_axes,
    paint_colour_bar,
    paint_text,
)
from galton.render.camera import OrbitCamera
from galton.render.landscape import LandscapeRenderer

ORBIT_DEGREES_PER_PIXEL = 0.4
KEY_ORBIT_DEGREES = 5.0
KEY_ZOOM = 1.15


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
    """Why a LandscapeView cannot draw here, or None if it can. Ask before making one: on
    Qt's offscreen platform a QOpenGLWidget does not fail politely, its first GL call
    crashes the process."""
    platform = QGuiApplication.platformName()
    if platform in ("offscreen", "minimal"):
        return f"the Qt platform {platform!r} cannot show OpenGL widgets"
    context = QOpenGLContext()
    context.setFormat(surface_format(samples=0))
    if not context.create():
        return "no OpenGL 3.3 core context could be created"
    fmt = context.format()
    if (fmt.majorVersion(), fmt.minorVersion()) < (3, 3):
        return f"OpenGL {fmt.majorVersion()}.{fmt.minorVersion()} is older than 3.3"
    return None


class LandscapeView(QWidget):
    def __init__(self, parent=None, *, renderer: LandscapeRenderer | None = None,
                 camera: OrbitCamera | None = None, samples: int = 4):
        super().__init__(parent)
        self.samples = samples
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 240)
        self.renderer = renderer or LandscapeRenderer()
        self.camera = camera or OrbitCamera()
        #: Names for the axes of the slice (the dock sets e.g. "w₁", "w₂"); Qt draws them.
        self.axis_names = ("x", "y")
        self.value_name = self.tr("loss")
        #: Why there is no picture (no OpenGL 3.3), shown in place of the landscape.
        self.gl_error: str | None = None
        self._markers = []
        self._drag = None  # ("orbit" | "pan", last position)
        self._context = None
        self._surface = None
        self._gl = {"framebuffer": None}  # shared with the clean-up, which must not hold self
        self._image = None  # the last picture, and the state it shows
        self._drawn = None
        self._version = 0  # bumped by every change to the picture

    # --- data: forwarded to the renderer, then repainted -------------------------------------
    def set_surface(self, xs, ys, Z):
        self.renderer.set_surface(xs, ys, Z)
        self.update()

    def set_options(self, **options):
        self.renderer.set_options(**options)
        self.update()

    def set_basins(self, labels, colors=None):
        self.renderer.set_basins(labels, colors)
        self.update()

    def set_trails(self, trails):
        self.renderer.set_trails(trails)
        self.update()

    def set_markers(self, markers):
        """(x, y, loss) or (x, y, loss, label) each; without a label the loss is shown."""
        self._markers = list(markers or ())
        self.renderer.set_markers(self._markers)
        self.update()

    def reset_view(self):
        self.camera.reset()
        self.update()

    def grab_array(self) -> np.ndarray:
        """The rendered picture, labels included, as an (h, w, 3) uint8 array."""
        image = self.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
        w, h, stride = image.width(), image.height(), image.bytesPerLine()
        rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
        return rows.reshape(h, stride)[:, : 3 * w].reshape(h, w, 3).copy()

    # --- GL ----------------------------------------------------------------------------------
    def update(self):
        self._version += 1
        super().update()

    def context(self) -> QOpenGLContext | None:
        return self._context

    def grabFramebuffer(self) -> QImage:
        """The picture with its labels (what QOpenGLWidget.grabFramebuffer gave)."""
        return self.grab().toImage()

    def _start_gl(self) -> bool:
        """Make the context and compile the shaders, once; False (and gl_error) on failure."""
        if self._context is not None or self.gl_error:
            return self._context is not None
        context = QOpenGLContext()
        context.setFormat(surface_format(samples=0))  # the framebuffer does its own samples
        surface = QOffscreenSurface()
        if not context.create():
            self.gl_error = self.tr("The landscape needs OpenGL 3.3; no context could be made.")
            return False
        surface.setFormat(context.format())
        surface.create()
        fmt = context.format()
        version = (fmt.majorVersion(), fmt.minorVersion())
        if version < (3, 3) or not context.makeCurrent(surface):
            self.gl_error = self.tr("The landscape needs OpenGL 3.3; this system offers "
                                    "{0}.{1}.").format(*version)
            return False
        try:
            self.renderer.initialize()
        except Exception as exc:  # a driver that refuses a shader must not take the app down
            self.gl_error = self.tr("The landscape cannot be drawn: {0}").format(exc)
            return False
        finally:
            context.doneCurrent()
        self._context, self._surface = context, surface
        # Free the GL objects with the widget. The clean-up holds the context, the surface
        # and the renderer, never the widget (whose Python wrapper may be gone by then).
        renderer, gl = self.renderer, self._gl
        self.destroyed.connect(lambda *_: _release(context, surface, renderer, gl))
        return True

    def _render(self, width: int, height: int) -> QImage | None:
        from galton.render.gl import Framebuffer

        context, surface = self._context, self._surface
        if not context.makeCurrent(surface):
            self.gl_error = self.tr("The OpenGL context was lost.")
            return None
        try:
            fb = self._gl["framebuffer"]
            if fb is None or (fb.width, fb.height) != (width, height):
                if fb is not None:
                    fb.release()
                fb = self._gl["framebuffer"] = Framebuffer(width, height, self.samples)
            fb.bind()
            self.renderer.render(width, height, self.camera)
            pixels = fb.read()
        finally:
            context.doneCurrent()
        image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        image.setDevicePixelRatio(self.devicePixelRatioF())
        return image

    def paintEvent(self, event):
        ratio = self.devicePixelRatioF()
        self.renderer.pixel_ratio = ratio
        size = (max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        ready = self.renderer.extent is not None and self._start_gl()
        # Scripts may move the camera directly: its state is part of what the picture shows.
        c = self.camera
        state = (self._version, size, c.azimuth, c.elevation, c.distance, tuple(c.target))
        if ready and self._drawn != state:
            self._image = self._render(*size)
            self._drawn = state
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            if not ready or self._image is None:
                painter.fillRect(self.rect(), QColor(20, 23, 30))
                painter.setPen(TEXT)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                                 self.gl_error or self.tr("Starting OpenGL…"))
            else:
                painter.drawImage(0, 0, self._image)
                self._paint_axes(painter)
                self._paint_marker_labels(painter)
                self._paint_colour_bar(painter)
        finally:
            painter.end()

    # --- text on top (galton.qt.landscape_labels, shared with the exporter) ----------------
    def _text(self, painter, point: QPointF, text: str, align=Qt.AlignmentFlag.AlignLeft,
              font: QFont | None = None):
        paint_text(painter, point, text, align, font)

    def _project(self, x, y, value):
        p = self.renderer.project(x, y, value, self.width(), self.height(), self.camera)
        return None if p is None else QPointF(*p)

    def _paint_marker_labels(self, painter):
        for marker in self._markers:
            x, y, loss = (float(v) for v in marker[:3])
            at = self._project(x, y, loss) if math.isfinite(loss) else None
            if at is None:
                continue
            label = str(marker[3]) if len(marker) > 3 else _number(loss)
            self._text(painter, at + QPointF(11, -10), label)

    def _paint_axes(self, painter):
        paint_axes(painter, self.renderer, self.camera, self.width(), self.height(),
                   self.axis_names)

    def _paint_colour_bar(self, painter):
        title = self.value_name + (self.tr(" (log)") if self.renderer.options["log_height"]
                                   else "")
        paint_colour_bar(painter, self.renderer, self.width(), self.height(), title)

    # --- mouse and keys ----------------------------------------------------------------------
    def mousePressEvent(self, event):
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        pan = event.button() in (Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton) or (
            event.button() == Qt.MouseButton.LeftButton and shift)
        self._drag = ("pan" if pan else "orbit", event.position())
        event.accept()

    def mouseMoveEvent(self, event):
        if self._drag is None:
            return
        mode, last = self._drag
        delta = event.position() - last
        self._drag = (mode, event.position())
        if mode == "orbit":
            self.camera.orbit(-delta.x() * ORBIT_DEGREES_PER_PIXEL,
                              delta.y() * ORBIT_DEGREES_PER_PIXEL)
        else:
            height = max(self.height(), 1)
            self.camera.pan(delta.x() / height, -delta.y() / height)
        self.update()
        event.accept()

    def mouseReleaseEvent(self, event):
        self._drag = None
        event.accept()

    def mouseDoubleClickEvent(self, event):
        self.reset_view()
        event.accept()

    def wheelEvent(self, event):
        steps = event.angleDelta().y() or event.pixelDelta().y()
        if steps:
            self.camera.zoom(1.0015 ** steps)  # one notch (120) is about x1.2
            self.update()
        event.accept()

    _KEYS: ClassVar[dict] = {Qt.Key.Key_Left.value: ("orbit", (KEY_ORBIT_DEGREES, 0.0)),
             Qt.Key.Key_Right.value: ("orbit", (-KEY_ORBIT_DEGREES, 0.0)),
             Qt.Key.Key_Up.value: ("orbit", (0.0, KEY_ORBIT_DEGREES)),
             Qt.Key.Key_Down.value: ("orbit", (0.0, -KEY_ORBIT_DEGREES)),
             Qt.Key.Key_Plus.value: ("zoom", (KEY_ZOOM,)),
             Qt.Key.Key_Equal.value: ("zoom", (KEY_ZOOM,)),
             Qt.Key.Key_Minus.value: ("zoom", (1.0 / KEY_ZOOM,)),
             Qt.Key.Key_R.value: ("reset", ()), Qt.Key.Key_Home.value: ("reset", ())}

    def event(self, event):
        # The main window binds single keys (R resets training); while the landscape has the
        # focus, its own keys win.
        if event.type() == QEvent.Type.ShortcutOverride and self._key_action(event):
            event.accept()
            return True
        return super().event(event)

    def _key_action(self, event):
        plain = not (event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                           | Qt.KeyboardModifier.ShiftModifier))
        return self._KEYS.get(int(event.key())) if plain else None

    def keyPressEvent(self, event):
        action = self._key_action(event)
        if action is None:
            super().keyPressEvent(event)
            return
        name, args = action
        getattr(self.camera, name)(*args)
        self.update()
        event.accept()


_number = number


def _release(context, surface, renderer, gl) -> None:
    if not (shiboken6.isValid(context) and shiboken6.isValid(surface)):
        return  # interpreter shutdown: the GL objects go with the process
    if context.makeCurrent(surface):
        if gl["framebuffer"] is not None:
            gl["framebuffer"].release()
            gl["framebuffer"] = None
        renderer.release()
        context.doneCurrent()
