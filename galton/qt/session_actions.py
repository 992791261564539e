"""File ▸ Open lesson…, File ▸ Save session as… and opening a ``.galton`` file in the window.

A lesson file is read and checked whole before anything changes: a bad one shows the checker's
message (naming the step and field) and the board, training and lesson in the window stay as
they were. A ``.galton`` file is the same: ``Session.load_galton`` checks it whole first (a
newer version or a damaged file is refused with a message), then the lesson it holds is taken
up at the step where it was saved (``lessons.resume``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from galton import lessons


class SessionActions(QObject):
    """The actions and what they do, for ``window`` (a MainWindow)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.open_lesson_action = QAction(self.tr("Open &lesson…"), window)
        self.open_lesson_action.setToolTip(self.tr("Open a lesson file (.toml) written as data"))
        self.open_lesson_action.triggered.connect(lambda: self.open_lesson())
        self.save_session_action = QAction(self.tr("Save session &as…"), window)
        self.save_session_action.setShortcut("Ctrl+Shift+S")
        self.save_session_action.setToolTip(self.tr(
            "One .galton file: the board, its training and the lesson where it is, to share"))
        self.save_session_action.triggered.connect(lambda: self.save_session())

    # --- lessons ---------------------------------------------------------------------------------
    def open_lesson(self, path=None):
        """Open the lesson file ``path`` (asked for if None) in the lesson panel; returns its
        LessonRun, or None (cancelled, or the file is refused with a message)."""
        w = self.window
        if not path:
            from galton.lessons.data import user_folder

            start = user_folder() if user_folder().is_dir() else Path.home()
            path, _ = QFileDialog.getOpenFileName(w, self.tr("Open lesson"), str(start),
                                                  self.tr("Lessons (*.toml)"))
            if not path:
                return None
        try:
            lesson = lessons.get(str(path)) if str(path).endswith(".toml") else None
        except (OSError, ValueError) as exc:  # LessonFileError: each problem, step and field
            QMessageBox.warning(w, self.tr("Cannot open lesson"), str(exc))
            return None
        if lesson is None:
            QMessageBox.warning(w, self.tr("Cannot open lesson"), self.tr(
                "{} is not a lesson file: a lesson is a .toml file with a [lesson] table "
                "(see docs/authoring.md)").format(path))
            return None
        run = w.start_lesson(lesson)
        if run is not None:
            w.status.showMessage(self.tr("Opened the lesson {}").format(Path(path).name), 5000)
        return run

    # --- .galton files ---------------------------------------------------------------------------
    def save_session(self, path=None) -> bool:
        """Write the session and the lesson's progress to one ``.galton`` file (asked for if
        None). Training pauses while it is written and goes on after."""
        from galton.session_file import SUFFIX

        w = self.window
        if not path:
            path, _ = QFileDialog.getSaveFileName(w, self.tr("Save session"),
                                                  "session" + SUFFIX,
                                                  self.tr("galton sessions (*.galton)"))
            if not path:
                return False
            if not path.endswith(SUFFIX):
                path += SUFFIX
        try:
            with w.session.hold():  # the pegs and their optimizer state from the same step
                skipped = w.session.save_galton(path, lesson=w.lesson_panel.run)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(w, self.tr("Cannot save session"), str(exc))
            return False
        w._remember(path)
        message = self.tr("Saved {}").format(Path(path).name)
        if skipped:
            message += self.tr(" (the lesson's {} could not be kept)").format(", ".join(skipped))
        w.status.showMessage(message, 8000)
        return True

    def open_session(self, path) -> bool:
        """Become the session of the ``.galton`` file ``path``, its lesson at its step."""
        w = self.window
        playing = w.session.playing
        w._stop_training()  # it opens where it was left, not some steps further on
        try:
            progress = w.session.load_galton(path)
        except (OSError, ValueError) as exc:  # SessionFileError: newer, damaged, not galton
            QMessageBox.warning(w, self.tr("Cannot open session"), str(exc))
            if playing:  # nothing changed: neither does Play
                w._play(True)
            return False
        w.lesson_panel.jobs.cancel()  # an action of the lesson before: no longer wanted
        w._remember(path)
        w.status.showMessage(self.tr("Opened {}").format(Path(path).name), 5000)
        if progress is not None:
            try:
                run = lessons.resume(progress, w.session, w.lesson_panel.lang)
            except (KeyError, ValueError) as exc:  # the lesson is gone: the board is here
                w.status.showMessage(str(exc.args[0] if isinstance(exc, KeyError) else exc),
                                     10000)
                return True
            w.start_lesson(run)
        return True
