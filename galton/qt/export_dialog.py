"""File > Export animation…: choose layout, format, size and pace, see the first frame, export
with a progress dialog that can cancel.

The export works on a copy of the window's session taken when it starts: from the scenario's
first pegs (a clean clip of the whole lesson) or from the pegs as they are now (training goes
on from here, with the optimizer's state and the history so far). The live session is never
touched, so training in the window can go on meanwhile.

Frames are drawn in a QThread (galton.export.run.ExportJob). The landscape's OpenGL context
is made here in the GUI thread on an offscreen surface, moved to the worker thread for the
job and handed back afterwards; where Qt has no OpenGL (the offscreen platform, old drivers)
the landscape is drawn as a flat map and the dialog says so.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from galton.export.film import session_copy
from galton.export.plan import SIZES, ExportCancelled, ExportError, make_plan

PREVIEW_WIDTH = 480
#: Format choices: (key, suffix, plan format).
FORMAT_CHOICES = (("mp4", ".mp4", "mp4"), ("gif", ".gif", "gif"), ("webm", ".webm", "webm"),
                  ("zip", ".zip", "png"), ("folder", "", "png"))


def make_qt_context():
    """(QOpenGLContext, QOffscreenSurface) for OpenGL 3.3 core, or (None, why not)."""
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    from galton.qt.landscape_view import opengl_problem, surface_format

    problem = opengl_problem()
    if problem is not None:
        return None, problem
    context = QOpenGLContext()
    context.setFormat(surface_format(samples=0))
    if not context.create():
        return None, "no OpenGL 3.3 core context could be created"
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    return (context, surface), None


class ExportWorker(QObject):
    progress = Signal(int, int)
    preview = Signal(object)  # an (h, w, 3) uint8 array
    done = Signal(object)  # the path written
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, plan, source, gl, no_gl_reason, mode: str):
        super().__init__()
        self.plan, self.source, self.mode = plan, source, mode
        self.gl, self.no_gl_reason = gl, no_gl_reason
        self.stop = threading.Event()
        self.warnings = []

    def run(self):
        from galton.export.gl import QtContext
        from galton.export.run import ExportJob
        from galton.qt.export_frames import FramePainter

        gl = QtContext(*self.gl) if self.gl is not None else False
        job = ExportJob(self.plan, self.source, frame_painter=FramePainter, gl=gl,
                        no_gl_reason=self.no_gl_reason, warn=self.warnings.append)
        try:
            if self.mode == "preview":
                job.prepare(self.stop.is_set, frames=1)
                self.preview.emit(job.frame(0))
            else:
                path = job.run(progress=lambda d, t: self.progress.emit(d, t),
                               cancelled=self.stop.is_set)
                self.done.emit(path)
        except ExportCancelled:
            self.cancelled.emit()
        except Exception as exc:  # shown to the user in a message box
            self.failed.emit(f"{type(exc).__name__}: {exc}" if not isinstance(exc, (
                ValueError, OSError)) else str(exc))
        finally:
            job.close()
            if self.gl is not None:  # back to the GUI thread, which deletes it
                context = self.gl[0]
                context.doneCurrent()
                context.moveToThread(QCoreApplication.instance().thread())


class ExportDialog(QDialog):
    exported = Signal(object)  # the path, when an export finished

    def __init__(self, session, parent=None, paddle_class: int = 0):
        super().__init__(parent)
        self.session = session
        self.paddle_class = int(paddle_class)
        self.setWindowTitle(self.tr("Export animation"))
        self._thread = None
        self._worker = None
        self._gl = None
        self._again = False  # settings changed while a preview was drawn
        self.progress_dialog = None
        self.message_box = None
        self.last_path = None
        self.last_error = None
        self.preview_array = None

        form = QFormLayout()
        self.layout_box = QComboBox()
        for key, text in (("combined", self.tr("Board, landscape and loss chart")),
                          ("board", self.tr("Board only")),
                          ("landscape", self.tr("Loss landscape only"))):
            self.layout_box.addItem(text, key)
        form.addRow(self.tr("Layout"), self.layout_box)
        self.format_box = QComboBox()
        for key, text in (("mp4", self.tr("MP4 video (H.264)")),
                          ("gif", self.tr("GIF animation")),
                          ("webm", self.tr("WebM video (VP9)")),
                          ("zip", self.tr("PNG frames in a .zip")),
                          ("folder", self.tr("PNG frames in a folder"))):
            self.format_box.addItem(text, key)
        form.addRow(self.tr("Format"), self.format_box)
        self.size_box = QComboBox()
        for w, h in SIZES:
            self.size_box.addItem(f"{w} × {h}", (w, h))
        self.size_box.setCurrentIndex(SIZES.index((1280, 720)))
        form.addRow(self.tr("Size"), self.size_box)
        self.fps = QSpinBox(minimum=1, maximum=60, value=30)
        self.fps.setSuffix(self.tr(" frames/s"))
        form.addRow(self.tr("Frame rate"), self.fps)
        self.steps = QSpinBox(minimum=0, maximum=1_000_000, value=300)
        form.addRow(self.tr("Training steps"), self.steps)
        self.steps_per_frame = QSpinBox(minimum=1, maximum=10_000, value=1)
        form.addRow(self.tr("Steps per frame"), self.steps_per_frame)
        self.balls_per_frame = QSpinBox(minimum=0, maximum=500, value=2)
        form.addRow(self.tr("Balls dropped per frame"), self.balls_per_frame)
        self.hold = QDoubleSpinBox(minimum=0.0, maximum=60.0, value=1.0, singleStep=0.5)
        self.hold.setSuffix(self.tr(" s"))
        self.hold.setToolTip(self.tr("How long the last frame stays at the end"))
        form.addRow(self.tr("Hold the end"), self.hold)
        self.start_box = QComboBox()
        self.start_box.addItem(self.tr("the scenario's first pegs"), "scenario")
        self.start_box.addItem(self.tr("the pegs as they are now"), "current")
        self.start_box.setToolTip(self.tr("Train a copy from the start of the scenario, or "
                                          "go on from where the window's training is. The "
                                          "window's own session is never changed."))
        form.addRow(self.tr("Start from"), self.start_box)
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit(str(self._default_path()))
        self.path_edit.setMinimumWidth(300)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(lambda: self.browse())
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("Save to"), path_row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form.addRow(self.summary)

        self.preview_label = QLabel(self.tr("drawing the first frame…"))
        self.preview_label.setAlignment(Qt.AlignCenter)
        self.preview_label.setMinimumSize(PREVIEW_WIDTH, PREVIEW_WIDTH * 9 // 16)
        self.preview_label.setStyleSheet("background:#24283a;color:#dde;border-radius:4px")
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.export_button = buttons.addButton(self.tr("Export"), QDialogButtonBox.AcceptRole)
        self.export_button.clicked.connect(self.start_export)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("First frame")))
        right.addWidget(self.preview_label)
        right.addWidget(self.preview_note)
        right.addStretch(1)
        top.addLayout(right)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(buttons)

        self._preview_timer = QTimer(self, singleShot=True, interval=250)
        self._preview_timer.timeout.connect(self.refresh_preview)
        for box in (self.layout_box, self.size_box, self.start_box):
            box.currentIndexChanged.connect(self._changed)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        for spin in (self.fps, self.steps, self.steps_per_frame, self.balls_per_frame,
                     self.hold):
            spin.valueChanged.connect(self._changed)
        self.path_edit.textChanged.connect(self._update_summary)
        self._changed()

    # --- settings ------------------------------------------------------------------------------
    def _default_path(self) -> Path:
        name = re.sub(r"[^\w-]+", "-", self.session.scenario.name.lower()).strip("-")
        return Path.home() / f"{name or 'galton'}.mp4"

    def _suffix(self) -> str:
        key = self.format_box.currentData()
        return next(s for k, s, _ in FORMAT_CHOICES if k == key)

    def _format_changed(self, *_):
        path = Path(self.path_edit.text().strip() or self._default_path())
        stem = path.with_suffix("") if path.suffix.lower() in (".mp4", ".gif", ".webm",
                                                                ".zip", ".m4v") else path
        self.path_edit.setText(str(stem) + self._suffix())
        self._changed()

    def settings(self) -> dict:
        w, h = self.size_box.currentData()
        fmt = next(f for k, _, f in FORMAT_CHOICES if k == self.format_box.currentData())
        return {"format": fmt, "size": (w, h), "layout": self.layout_box.currentData(),
                "fps": self.fps.value(), "steps": self.steps.value(),
                "steps_per_frame": self.steps_per_frame.value(),
                "balls_per_frame": self.balls_per_frame.value(), "hold": self.hold.value(),
                "start": self.start_box.currentData(), "paddle_class": self.paddle_class}

    def plan(self, output=None):
        return make_plan(output or self.path_edit.text().strip(), **self.settings())

    def browse(self, path=None):
        if not path:
            if self.format_box.currentData() == "folder":
                path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the PNG "
                                                                      "frames"))
            else:
                path, _ = QFileDialog.getSaveFileName(self, self.tr("Export animation"),
                                                      self.path_edit.text())
            if not path:
                return
        self.path_edit.setText(str(path))

    def _changed(self, *_):
        self._update_summary()
        self._preview_timer.start()

    def _update_summary(self, *_):
        try:
            plan = self.plan()
        except ExportError as exc:
            self.summary.setText(f"<span style='color:#a33'>{exc}</span>")
            self.export_button.setEnabled(False)
            return
        self.export_button.setEnabled(True)
        self.summary.setText(self.tr("{0} frames, {1:.1f} s of video").format(
            plan.frames, plan.seconds))

    # --- work in a thread ----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._thread is not None

    def _start(self, plan, mode):
        source = session_copy(self.session, plan.start)  # now, in the GUI thread
        gl, reason = (None, None)
        if plan.needs_landscape:
            gl, reason = make_qt_context()
        thread = QThread(self)
        worker = ExportWorker(plan, source, gl, reason, mode)
        worker.moveToThread(thread)
        if gl is not None:
            gl[0].moveToThread(thread)
        thread.started.connect(worker.run)
        worker.preview.connect(self._show_preview)
        worker.progress.connect(self._on_progress)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        for signal in (worker.done, worker.failed, worker.cancelled, worker.preview):
            signal.connect(thread.quit)
        thread.finished.connect(self._on_finished)
        self._thread, self._worker, self._gl = thread, worker, gl
        thread.start()

    def _on_finished(self):
        thread, worker, gl = self._thread, self._worker, self._gl
        self._thread = self._worker = self._gl = None
        if thread is not None:
            thread.wait()
            thread.deleteLater()
        if worker is not None:
            if worker.warnings and worker.mode == "preview":
                self.preview_note.setText(worker.warnings[-1])
            elif worker.mode == "preview":
                self.preview_note.setText("")
            worker.deleteLater()
        if gl is not None:
            gl[1].destroy()
        if self._again:
            self._again = False
            self.refresh_preview()

    def refresh_preview(self):
        if self.busy:
            if self._worker.mode == "preview":
                self._worker.stop.set()
                self._again = True
            return
        try:
            plan = self.plan()
        except ExportError:
            # The picture does not depend on the path: preview a throw-away name.
            try:
                plan = make_plan(self._default_path(), **{**self.settings(), "format": None})
            except ExportError:
                return
        self.preview_label.setText(self.tr("drawing the first frame…"))
        self._start(plan, "preview")

    def _show_preview(self, pixels):
        self.preview_array = pixels
        h, w = pixels.shape[:2]
        image = QImage(np.ascontiguousarray(pixels).data, w, h, 3 * w,
                       QImage.Format.Format_RGB888).copy()
        self.preview_label.setPixmap(QPixmap.fromImage(image).scaledToWidth(
            PREVIEW_WIDTH, Qt.SmoothTransformation))

    def start_export(self, output=None):
        """Check the settings, then export in the background with a progress dialog."""
        if output is not None:
            self.path_edit.setText(str(output))
        try:
            plan = self.plan()
        except ExportError as exc:
            self._message(QMessageBox.Warning, self.tr("Cannot export"), str(exc))
            return None
        if self.busy:  # a preview: let it go, its result no longer matters
            self._worker.stop.set()
            self._thread.wait()
            self._on_finished()
        self.last_path = self.last_error = None
        progress = QProgressDialog(self.tr("Exporting {0} frames…").format(plan.frames),
                                   self.tr("Cancel"), 0, plan.frames, self)
        progress.setWindowTitle(self.tr("Export animation"))
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.cancel)
        progress.show()
        self.progress_dialog = progress
        self._start(plan, "export")
        return plan

    def cancel(self):
        if self._worker is not None:
            self._worker.stop.set()

    def _on_progress(self, done, total):
        if self.progress_dialog is not None:
            if self.progress_dialog.wasCanceled():  # cancel() as a slot does not emit canceled
                self.cancel()
            self.progress_dialog.setValue(done)

    def _close_progress(self):
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_done(self, path):
        self._close_progress()
        self.last_path = Path(path)
        self.exported.emit(self.last_path)
        self._message(QMessageBox.Information, self.tr("Export finished"),
                      self.tr("The animation was written to\n{0}").format(path))

    def _on_failed(self, message):
        if self._worker is not None and self._worker.mode == "preview":
            self.preview_label.setText(self.tr("No preview: {0}").format(message))
            return
        self._close_progress()
        self.last_error = message
        self._message(QMessageBox.Warning, self.tr("Export failed"),
                      self.tr("Nothing was written.\n{0}").format(message))

    def _on_cancelled(self):
        if self._worker is not None and self._worker.mode == "export":
            self._close_progress()
            self.last_error = "cancelled"

    def _message(self, icon, title, text):
        """A message box that does not block (tests and scripts can read and close it)."""
        box = QMessageBox(icon, title, text, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self.message_box = box
        return box

    def done(self, result):
        """Closing the dialog stops what it is doing first."""
        if self.busy:
            self._worker.stop.set()
            self._thread.wait()
            self._on_finished()
        super().done(result)
