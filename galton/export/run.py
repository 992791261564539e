"""Running an export: film, frames, writer, with progress and cancel.

    from galton.qt.export_frames import FramePainter
    job = ExportJob(plan, session, frame_painter=FramePainter)  # a copy of session is trained
    path = job.run(progress=lambda done, total: ..., cancelled=lambda: False)

Frames are painted in the calling thread (which must hold the GL context, if any) and encoded
in a second thread, so drawing the next frame overlaps encoding the last (PyAV and Qt's
painter both release the GIL while they work). A cancel, or any error in either thread,
aborts the writer: nothing is left behind.

The job does not paint: its caller gives it ``frame_painter``, called as
``frame_painter(plan, film, scene, gl_frames, flat_reason, family)``, which returns an object
with ``render(i) -> (h, w, 3) uint8 array`` and a ``gl_frames`` attribute the job clears when
it frees the GL objects. The Qt callers pass galton.qt.export_frames.FramePainter (QtGui; a
QGuiApplication must exist for the fonts), so this package imports no Qt.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

from galton.export.encode import open_writer
from galton.export.film import Film, session_copy
from galton.export.layout import layout_rects
from galton.export.plan import ExportCancelled, ExportPlan


class ExportJob:
    def __init__(self, plan: ExportPlan, session, *, frame_painter, gl=None, warn=None,
                 family=None, encode_thread: bool = True, no_gl_reason: str | None = None):
        """``frame_painter`` makes the painter of the frames (see the module docstring).
        ``gl``: a context object with make_current()/done_current()/release() (see
        galton.export.gl); None opens an EGL context when a landscape is needed; False means
        no OpenGL here (``no_gl_reason`` says why). ``warn`` is called with a message when the
        landscape falls back to the flat map."""
        self.plan = plan
        self.source = session
        self.frame_painter = frame_painter
        self.no_gl_reason = None
        if gl is False:
            gl, self.no_gl_reason = None, no_gl_reason or "no OpenGL 3.3 context"
        self.gl = gl
        self._own_gl = False
        self.warn = warn or (lambda message: None)
        self.family = family
        self.encode_thread = encode_thread
        self.film = None
        self.painter = None
        self.gl_note = None  # how the landscape is drawn, for reports
        self.timings = {"prepare": 0.0, "render": 0.0, "encode": 0.0, "frames": 0}
        self._current = False

    # --- preparing -----------------------------------------------------------------------------
    def prepare(self, cancelled=None, frames=None):
        """Train, drop, compute the landscape and set up GL. ``frames``: only what the first
        ``frames`` frames need (a preview of the board layout trains nothing; one with the
        landscape or the loss chart trains it all, as they show the whole path)."""
        start = time.perf_counter()
        plan = self.plan
        if plan.needs_landscape or "chart" in layout_rects(plan.layout, plan.width,
                                                           plan.height, plan.caption):
            # The plane of the path needs the whole path, and the chart's loss axis the
            # whole history: the first frame of a preview is then the first frame written.
            frames = None
        work = session_copy(self.source, plan.start)
        self.film = Film.shoot(plan, work, cancelled, frames=frames)
        scene = gl_frames = reason = None
        if plan.needs_landscape:
            from galton.export.landscape import LandscapeScene

            scene = LandscapeScene(self.film)
            gl_frames, reason = self._open_gl(scene)
            if gl_frames is None:
                self.warn(f"no OpenGL 3.3 ({reason}): the landscape is drawn as a flat map")
        self.painter = self.frame_painter(plan, self.film, scene, gl_frames, reason,
                                          self.family)
        self.timings["prepare"] = time.perf_counter() - start
        return self

    def _open_gl(self, scene):
        from galton.export import gl as glmod

        if self.no_gl_reason is not None:
            return None, self.no_gl_reason
        if self.gl is None:
            self.gl, reason = glmod.open_context()
            self._own_gl = self.gl is not None
            if self.gl is None:
                return None, reason
        if not self.gl.make_current():
            return None, "the OpenGL context could not be made current"
        self._current = True
        _, _, width, height = layout_rects(self.plan.layout, self.plan.width, self.plan.height,
                                           self.plan.caption)["landscape"]
        try:
            from galton.export.landscape import LandscapeFrames

            frames = LandscapeFrames(scene, round(width), round(height))
            frames.renderer.pixel_ratio = max(1.0, height / 480)
        except Exception as exc:  # a driver refusing a shader: fall back
            self._done_gl()
            return None, f"{type(exc).__name__}: {exc}"
        self.gl_note = self.gl.describe()
        return frames, None

    def _done_gl(self):
        if self.gl is not None and self._current:
            self.gl.done_current()
            self._current = False

    # --- frames --------------------------------------------------------------------------------
    def frame(self, index: int):
        if self.painter is None:
            self.prepare()
        return self.painter.render(index)

    def run(self, progress=None, cancelled=None) -> Path:
        """Write every frame; returns the path written. Raises ExportCancelled if
        ``cancelled()`` turned True (nothing is written then)."""
        plan = self.plan
        writer = open_writer(plan)  # a temporary name beside the target
        try:
            if self.painter is None:
                self.prepare(cancelled)
            if writer.needs_samples:
                n = min(writer.needs_samples, plan.frames)
                picks = sorted({round(k * (plan.frames - 1) / max(1, n - 1)) for k in range(n)})
                samples = []
                for i in picks:
                    if cancelled is not None and cancelled():
                        raise ExportCancelled()
                    samples.append(self.painter.render(i))
                writer.set_samples(samples)
            path = self._pump(writer, progress, cancelled)
        except BaseException:
            writer.abort()
            raise
        finally:
            self.close()
        return path

    def _pump(self, writer, progress, cancelled) -> Path:
        frames = self.plan.frames
        if not self.encode_thread:
            for i in range(frames):
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                t0 = time.perf_counter()
                pixels = self.painter.render(i)
                t1 = time.perf_counter()
                writer.write(pixels)
                self.timings["render"] += t1 - t0
                self.timings["encode"] += time.perf_counter() - t1
                self.timings["frames"] += 1
                if progress is not None:
                    progress(i + 1, frames)
            return writer.finish()
        todo: queue.Queue = queue.Queue(maxsize=4)
        failure = []

        def encode():
            while True:
                pixels = todo.get()
                if pixels is None:
                    return
                if failure:
                    continue  # drain, so the painter never blocks on a full queue
                try:
                    t0 = time.perf_counter()
                    writer.write(pixels)
                    self.timings["encode"] += time.perf_counter() - t0
                except BaseException as exc:  # re-raised in the caller
                    failure.append(exc)

        thread = threading.Thread(target=encode, name="galton-export-encoder", daemon=True)
        thread.start()
        try:
            for i in range(frames):
                if failure:
                    break
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                t0 = time.perf_counter()
                pixels = self.painter.render(i)
                self.timings["render"] += time.perf_counter() - t0
                todo.put(pixels)
                self.timings["frames"] += 1
                if progress is not None:
                    progress(i + 1, frames)
        finally:
            todo.put(None)
            thread.join()
        if failure:
            raise failure[0]
        return writer.finish()

    def close(self):
        """Free the GL objects (the context is current in this thread) and the context."""
        if self.painter is not None and self.painter.gl_frames is not None:
            if self._current or (self.gl is not None and self.gl.make_current()):
                self._current = True
                self.painter.gl_frames.release()
            self.painter.gl_frames = None
        self._done_gl()
        if self._own_gl and self.gl is not None:
            self.gl.release()
            self.gl = None


def export(plan: ExportPlan, session, **kwargs) -> Path:
    """Make ``plan`` from ``session`` (a copy of it is trained): see ExportJob."""
    progress = kwargs.pop("progress", None)
    cancelled = kwargs.pop("cancelled", None)
    return ExportJob(plan, session, **kwargs).run(progress=progress, cancelled=cancelled)
