"""File > Export animation…: choose layout, format, size and pace, see the first frame, export
with a progress dialog that can cancel.

The export works on a copy of the window's session taken when it starts: from the scenario's
first pegs (a clean clip of the whole lesson) or from the pegs as they are now (training goes
on from here, with the optimizer's state and the history so far). The live session is never
touched, so training in the window can go on meanwhile.

Frames are drawn by the dialog's job runner (galton.qt.jobs, ``Jobs(gl=True)``: the one way
galton works in the background), whose thread owns the OpenGL context the landscape is drawn
with; the preview and the export are jobs of it, with progress, Cancel and failures as every
job has them. Where Qt has no OpenGL (the offscreen platform, old drivers) the landscape is
drawn as a flat map and the dialog says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
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
from galton.qt.jobs import Jobs

PREVIEW_WIDTH = 480
#: Format choices: (key, suffix, plan format).
FORMAT_CHOICES = (("mp4", ".mp4", "mp4"), ("gif", ".gif", "gif"), ("webm", ".webm", "webm"),
                  ("zip", ".zip", "png"), ("folder", "", "png"))


@dataclass(frozen=True)
class Preview:
    """The first frame, and what the exporter warned about drawing it."""

    pixels: np.ndarray  # (h, w, 3) uint8
    warnings: tuple


@dataclass(frozen=True)
class Exported:
    path: Path


@dataclass(frozen=True)
class Refused:
    """The export could not be done, for a reason the user can act on (a file, a setting)."""

    message: str


class ExportDialog(QDialog):
    exported = Signal(object)  # the path, when an export finished

    def __init__(self, session, parent=None, paddle_class: int = 0):
        super().__init__(parent)
        from galton.qt.names import names

        names()  # made here, in the GUI thread: the frame painter reads it in the job's
        self.session = session
        self.paddle_class = int(paddle_class)
        self.setWindowTitle(self.tr("Export animation"))
        self.jobs = Jobs(self, "galton-export", gl=True)
        self.jobs.result.connect(self._on_result)
        self.jobs.progressed.connect(self._on_progress)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.busy.connect(self._on_busy)
        self._preview_stale = False  # settings changed while exporting
        self.progress_dialog = None
        self.message_box = None
        self.last_path = None
        self.last_error = None
        self.preview_array = None

        form = QFormLayout()
        self.layout_box = QComboBox()
        for key, text in (("combined", self.tr("Board, landscape and loss chart")),
                          ("board", self.tr("Board only")),
                          ("landscape", self.tr("Loss landscape only")),
                          ("presentation", self.tr("Classroom: board and loss chart, large "
                                                   "text and lines"))):
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
        # Not connected directly: clicked(bool) would pass its `checked` as the output path.
        self.export_button.clicked.connect(lambda: self.start_export())
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

    # --- work in the background ------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.jobs.pending > 0

    def _start(self, plan, mode):
        """Preview or export ``plan`` as a job of a new generation (the last one's result, a
        preview of settings since changed, no longer matters)."""
        source = session_copy(self.session, plan.start)  # now, in the GUI thread
        generation = self.jobs.new_generation()

        def work(job):
            from galton.export.run import ExportJob
            from galton.qt.export_frames import FramePainter

            gl = job.gl if job.gl is not None else False
            warnings = []
            export = ExportJob(plan, source, frame_painter=FramePainter, gl=gl,
                               warn=warnings.append, no_gl_reason=self.jobs.gl_problem)
            try:
                if mode == "preview":
                    export.prepare(job.cancelled, frames=1)
                    return Preview(export.frame(0), tuple(warnings))
                return Exported(Path(export.run(progress=job.progress,
                                                cancelled=job.cancelled)))
            except ExportCancelled:
                return None  # the job was abandoned: nothing to show
            except (ValueError, OSError) as exc:  # names the file or setting: said as it is
                return Refused(str(exc))
            finally:
                export.close()

        self.jobs.submit(mode, work, generation)

    def _on_result(self, generation, kind, result):
        if generation != self.jobs.generation:
            return
        if isinstance(result, Preview):
            self._show_preview(result.pixels)
            self.preview_note.setText(result.warnings[-1] if result.warnings else "")
        elif isinstance(result, Exported):
            self._on_done(result.path)
        elif isinstance(result, Refused):
            self._on_failed(generation, kind, result.message)

    def _on_busy(self, kind, running):
        if running or self.busy:
            return
        # Nothing runs any more. An export abandoned by Cancel ends here (a finished or
        # failed one has said so already); a preview asked for meanwhile is drawn now.
        if self.progress_dialog is not None and self.last_path is None \
                and self.last_error is None:
            self._close_progress()
            self.last_error = "cancelled"
        if self._preview_stale:
            self.refresh_preview()

    def refresh_preview(self):
        if self.progress_dialog is not None:  # exporting: the preview waits
            self._preview_stale = True
            return
        self._preview_stale = False
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
        self.jobs.cancel()

    def _on_progress(self, generation, kind, done, total):
        if self.progress_dialog is not None and generation == self.jobs.generation:
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

    def _on_failed(self, generation, kind, message):
        if generation != self.jobs.generation:
            return
        if kind == "preview":
            self.preview_label.setText(self.tr("No preview: {0}").format(message))
            return
        self._close_progress()
        self.last_error = message
        self._message(QMessageBox.Warning, self.tr("Export failed"),
                      self.tr("Nothing was written.\n{0}").format(message))

    def _message(self, icon, title, text):
        """A message box that does not block (tests and scripts can read and close it)."""
        box = QMessageBox(icon, title, text, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self.message_box = box
        return box

    def done(self, result):
        """Closing the dialog stops what it is doing first."""
        self._preview_timer.stop()
        self.jobs.close()
        super().done(result)
