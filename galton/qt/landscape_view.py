"""The 3-D loss landscape view: the OpenGL renderer drawing offscreen in a thread of its own,
a camera the mouse and keys drive, and text (minimum labels, axis names, the colour bar)
painted by Qt on top so every script, Chinese included, renders as the rest of the app does.

Why not a QOpenGLWidget: one in a window makes Qt composite the *whole* window through
OpenGL, so every repaint of any widget (charts, the board) goes through the GL driver. With
Mesa's software renderer (llvmpipe: VMs, CI, remote desktops) that cost ~110 ms per training
snapshot in this app, measured, and the UI fell behind.

Why a thread: on llvmpipe one picture of the landscape takes 0.1-0.6 s, far longer than a
user waits for a click to be answered. So the pictures are drawn by a job runner with its own
OpenGL context (galton.qt.jobs, ``Jobs(gl=True)``) into a framebuffer, from a snapshot of the
data (the renderer here only holds it: ``set_*`` are cheap), and the UI thread only paints the
last finished picture with its labels. The drawing thread makes no Qt painting call at all: it
hands over pixels, and the labels are painted onto them in the UI thread when the picture
arrives (a few ms). QPainter text in a second thread while the window painted its own text
deadlocked the app twice in the test suite (the drawing thread stuck in QPainterPath.addText,
the window waiting), so the view paints its text in the UI thread only.
While only trails move (training plays), the drawing thread keeps the still surface and redraws
just the trails (render.landscape.LayeredTarget). One picture is drawn at a time, always of the
newest state, and the thread rests as long as it drew, so it takes at most about half of the
machine from training and the window.
``grab_array()`` and ``flush()`` wait for the picture of the current state.

Mouse: drag to orbit; right/middle drag or shift-drag to pan; wheel to zoom; double-click
to reset. Keys: arrows orbit, + and - zoom, R or Home reset the view.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import threading
import time
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QWidget

from galton.core.turns import TURNS
from galton.qt.gl import opengl_problem, surface_format  # noqa: F401  (importable from here)
from galton.qt.landscape_labels import (
    HALO,  # noqa: F401  (kept importable from here)
    TEXT,
    bar_side,
    colour_bar_area,
    loss_text,
    paint_axes,
    paint_colour_bar,
    paint_text,
    placement_problems,
)
from galton.render.camera import OrbitCamera
from galton.render.landscape import LandscapeRenderer, LayeredTarget

ORBIT_DEGREES_PER_PIXEL = 0.4
KEY_ORBIT_DEGREES = 5.0
KEY_ZOOM = 1.15
#: The drawing thread rests this many times as long as its last picture took (1: it draws at
#: most half the time), so a software renderer leaves the cores to training and the window.
REST = 1.0
#: Seconds ``flush`` (and so ``grab_array``) waits for a picture at most.
FLUSH_TIMEOUT = 60.0


@dataclass(frozen=True)
class Frame:
    """A finished picture and what it shows (the labels are painted from the same state)."""

    serial: int
    state: tuple
    pixels: np.ndarray  # (h, w, 3) uint8, as the drawing thread read them back
    labels: tuple  # (axis names, value name) to paint on it
    scene: LandscapeRenderer  # the snapshot drawn: extent, heights, options, markers
    camera: OrbitCamera
    cost: float  # seconds it took to draw
    image: QImage | None = None  # the pixels with their labels, made in the UI thread


class LandscapeView(QWidget):
    def __init__(self, parent=None, *, renderer: LandscapeRenderer | None = None,
                 camera: OrbitCamera | None = None, samples: int = 4):
        super().__init__(parent)
        self.samples = samples
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 240)
        #: The data, in this thread; never drawn here (see the module docstring).
        self.renderer = renderer or LandscapeRenderer()
        #: The drawing thread's renderer (its GL objects live in that thread's context).
        self.gl_renderer = LandscapeRenderer()
        self.camera = camera or OrbitCamera()
        #: Names for the axes of the slice (the dock sets e.g. "w₁", "w₂"); Qt draws them.
        self.axis_names = ("x", "y")
        self.value_name = self.tr("loss")
        #: Why there is no picture (no OpenGL 3.3), shown in place of the landscape.
        self.gl_error: str | None = None
        self._markers = []
        self._drag = None  # ("orbit" | "pan", last position)
        self._jobs = None  # the drawing thread, started at the first paint
        self._version = 0  # bumped by every change to the picture
        self._serial = 0  # counts the pictures asked for
        self._frame: Frame | None = None  # the newest finished picture
        self._asked = None  # (serial, done event, box) of the picture being drawn
        self._rest_until = 0.0
        self._later = QTimer(self)  # asks again when the drawing thread has rested
        self._later.setSingleShot(True)
        self._later.timeout.connect(self.repaint_later)

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
        """The picture of the current state, labels included, as an (h, w, 3) uint8 array."""
        self.flush()
        image = self.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
        w, h, stride = image.width(), image.height(), image.bytesPerLine()
        rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
        return rows.reshape(h, stride)[:, : 3 * w].reshape(h, w, 3).copy()

    # --- GL ----------------------------------------------------------------------------------
    def update(self):
        self._version += 1
        super().update()

    def repaint_later(self):
        """Paint again without a change of state (a picture came, or the thread rested)."""
        super().update()

    def context(self):
        """The drawing thread's QOpenGLContext, or None before the first picture."""
        gl = self._jobs.gl if self._jobs is not None else None
        return gl.context if gl is not None else None

    def grabFramebuffer(self) -> QImage:
        """The picture with its labels (what QOpenGLWidget.grabFramebuffer gave)."""
        self.flush()
        return self.grab().toImage()

    def _start_gl(self) -> bool:
        """Start the drawing thread with its context, once; False (and gl_error) on failure."""
        if self._jobs is not None or self.gl_error:
            return self._jobs is not None and self.gl_error is None
        from galton.qt.jobs import Jobs

        jobs = Jobs(None, "galton-landscape-frames", gl=True)
        if jobs.gl is None:
            self.gl_error = self.tr("The landscape needs OpenGL 3.3; no context could be made "
                                    "({0}).").format(jobs.gl_problem)
            jobs.close()
            return False
        self._jobs = jobs
        jobs.result.connect(self._on_frame)
        jobs.failed.connect(self._on_failed)
        target, renderer = LayeredTarget(self.samples), self.gl_renderer
        jobs.at_close(target.release)
        jobs.at_close(renderer.release)
        self._target = target
        # Free the GL objects with the widget: the clean-up holds the runner, never the
        # widget (whose Python wrapper may be gone by then).
        self.destroyed.connect(lambda *_: jobs.close())
        return True

    def close_gl(self) -> None:
        """Stop the drawing thread and free its GL objects (the window is closing)."""
        if self._jobs is not None:
            self._jobs.close()

    def _state(self):
        ratio = self.devicePixelRatioF()
        size = (max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        c = self.camera
        # Scripts may move the camera directly: its state is part of what the picture shows.
        return (self._version, size, ratio, c.azimuth, c.elevation, c.distance,
                tuple(c.target))

    def _ask(self, state, force: bool = False) -> None:
        """Have the drawing thread draw ``state`` (the newest asked wins; one at a time)."""
        if self._asked is not None:
            return  # on its way; the newest state is asked for when it arrives
        wait = self._rest_until - time.perf_counter()
        if wait > 0 and not force:
            if not self._later.isActive():
                self._later.start(max(1, round(wait * 1000)))
            return
        self._serial += 1
        serial, done, box = self._serial, threading.Event(), {}
        self.renderer.pixel_ratio = state[2]
        scene, camera = self.renderer.snapshot(), copy.deepcopy(self.camera)
        (w, h), renderer, target = state[1], self.gl_renderer, self._target
        labels = (tuple(self.axis_names), self.value_name + (
            self.tr(" (log)") if scene.options["log_height"] else ""))

        def draw(job):
            try:
                started = time.perf_counter()
                if not renderer.initialized:
                    renderer.initialize()
                renderer.take(scene)
                c = camera
                still = (renderer.still_key(), w, h, c.azimuth, c.elevation, c.distance,
                         tuple(c.target))
                pixels = np.array(target.render(renderer, w, h, camera, still), dtype=np.uint8,
                                  order="C")  # its own copy: the target reuses its buffer
                box["frame"] = Frame(serial, state, pixels, labels, scene, camera,
                                     time.perf_counter() - started)
                return box["frame"]
            finally:
                done.set()

        self._asked = (serial, done, box)
        self._jobs.submit("frame", draw, keep=True)

    def _take(self, frame) -> None:
        if self._asked is not None and frame.serial >= self._asked[0]:
            self._asked = None
        if self._frame is None or frame.serial > self._frame.serial:
            self._frame = dataclasses.replace(frame, image=labelled_image(frame))
            self._rest_until = time.perf_counter() + REST * frame.cost

    def _on_frame(self, generation, kind, frame):
        self._take(frame)
        self.repaint_later()

    def _on_failed(self, generation, kind, message):
        # A driver that refuses a shader must not take the app down: say so in the view.
        self._asked = None
        self.gl_error = self.tr("The landscape cannot be drawn: {0}").format(message)
        self.repaint_later()

    def label_problems(self) -> list[str]:
        """What is wrong with the labels of the picture shown: a marked point's label out of
        the picture, over the colour bar or over another label, a marked point under the bar
        (tests look at this)."""
        frame = self._frame
        if frame is None:
            return []
        (w, h), ratio = frame.state[1], frame.state[2]
        width, height = round(w / ratio), round(h / ratio)
        bar, labels, _, points = label_layout(frame.scene, frame.camera, width, height,
                                              frame.labels[1], QFont())
        return placement_problems(points, bar, labels, width, height)

    def flush(self, timeout: float = FLUSH_TIMEOUT) -> bool:
        """Wait (blocking) until the picture of the current state is drawn; False if there is
        nothing to draw, no OpenGL, or it took longer than ``timeout``."""
        if self.renderer.extent is None or not self._start_gl():
            return False
        deadline = time.perf_counter() + timeout
        while self.gl_error is None:
            state = self._state()
            if self._frame is not None and self._frame.state == state:
                return True
            if self._asked is None:
                self._ask(state, force=True)
            _, done, box = self._asked
            with TURNS.window_waiting():
                drawn = done.wait(max(0.0, deadline - time.perf_counter()))
            if not drawn:
                return False
            if "frame" not in box:  # it failed: the failure arrives as a signal
                self._asked = None
                self.gl_error = self.gl_error or self.tr("The landscape cannot be drawn.")
                return False
            self._take(box["frame"])
        return False

    def paintEvent(self, event):
        ready = self.renderer.extent is not None and self._start_gl()
        if ready:
            state = self._state()
            if self._frame is None or self._frame.state != state:
                self._ask(state)
        frame = self._frame if ready else None
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            if frame is None:
                painter.fillRect(self.rect(), QColor(20, 23, 30))
                painter.setPen(TEXT)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                                 self.gl_error or self.tr("Starting OpenGL…"))
            else:
                image = frame.image
                w = round(image.width() / image.devicePixelRatio())
                h = round(image.height() / image.devicePixelRatio())
                if (w, h) != (self.width(), self.height()):  # resized: the next is coming
                    painter.fillRect(self.rect(), QColor(20, 23, 30))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()

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



def label_layout(scene, camera, width, height, value_name, font: QFont) -> tuple:
    """(colour bar area, [(text, point, rect)] of the marked points' labels, bar on the left?,
    [((x, y), text)] of the marked points)
    as ``_paint_labels`` paints them: the labels keep off the bar and off each other, and the
    bar takes the side where it hides fewer points."""
    points = []
    for marker in scene._markers:
        x, y, loss = (float(v) for v in marker[:3])
        p = scene.project(x, y, loss, width, height, camera) if math.isfinite(loss) else None
        if p is not None:
            points.append((p, str(marker[3]) if len(marker) > 3 else loss_text(scene, loss)))
    left, bar, labels = bar_side(
        points, width, height, font,
        lambda left: colour_bar_area(scene, width, height, value_name, font, left=left))
    return bar, labels, left, points


def labelled_image(frame: Frame) -> QImage:
    """The frame's pixels as a QImage with its labels painted on, in the UI thread (see the
    module docstring: Qt text is painted in one thread only)."""
    h, w = frame.pixels.shape[:2]
    ratio = frame.state[2]
    image = QImage(frame.pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    image.setDevicePixelRatio(ratio)
    _paint_labels(image, frame.scene, frame.camera, round(w / ratio), round(h / ratio),
                  *frame.labels)
    return image


def _paint_labels(image, scene, camera, width, height, axis_names, value_name) -> None:
    """The labels (galton.qt.landscape_labels, shared with the exporter), painted into the
    picture from the state it shows, so they sit on what they name."""
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        paint_axes(painter, scene, camera, width, height, axis_names)
        _, labels, left, _ = label_layout(scene, camera, width, height, value_name,
                                       painter.font())
        for text, point, _ in labels:
            paint_text(painter, point, text)
        paint_colour_bar(painter, scene, width, height, value_name, left=left)
    finally:
        painter.end()
