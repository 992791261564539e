"""The main window: the board in the centre, the panels (docks) around it.

Where the panels go and how the window fits its screen: galton/qt/window_layout.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from galton.qt.board_view import BoardView
from galton.qt.bridge import DrawBudget, SessionBridge
from galton.qt.charts import Charts
from galton.qt.controls import Controls
from galton.qt.prefs import settings
from galton.qt.turns import follow_the_window
from galton.qt.window_layout import (
    LAYOUT_VERSION,
    Panels,
    clamp,
    default_geometry,
    keep_on_screen,
)
from galton.qt.window_menus import WindowMenus
from galton.qt.worker import Trainer as TrainingThread

MAX_RECENT = 8


class MainWindow(WindowMenus, QMainWindow):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("galton — the pinball machine of training"))
        follow_the_window()  # jobs give the window its turn (galton.core.turns)
        # Every view hears the session through the bridge, on this thread, and redraws
        # through one budget (galton/qt/bridge.py).
        self.bridge = SessionBridge(session, self)
        self.budget = DrawBudget(self)
        self.board_view = BoardView(session, bridge=self.bridge)
        self.setCentralWidget(self.board_view)
        self.controls = Controls(session, bridge=self.bridge)
        self.controls_dock = Panels.dock(self, "controls", self.tr("Controls"), self.controls,
                                         scroll=False)
        self.charts = Charts(session, bridge=self.bridge, budget=self.budget)
        self.charts_dock = Panels.dock(self, "charts", self.tr("Charts"), self.charts,
                                       horizontal=False)
        self.banner = QLabel()
        self.banner.setStyleSheet("background:#fde2e1;color:#8a1c1c;padding:6px;font-weight:bold")
        self.banner.hide()
        self.restore_button = QPushButton(self.tr("Restore last good checkpoint"))
        self.restore_button.hide()
        self.restore_button.clicked.connect(self.restore_checkpoint)
        self.status = self.statusBar()
        self.status.addPermanentWidget(self.banner)
        self.status.addPermanentWidget(self.restore_button)
        self._make_landscape_dock()
        self._make_lab_dock()
        self._make_console_dock()
        self._make_lesson_dock()
        self.panels = Panels(self, {
            "controls": self.controls_dock, "charts": self.charts_dock,
            "landscape": self.landscape_dock, "lab": self.lab_dock,
            "console": self.console_dock, "lesson": self.lesson_dock,
        }, on_show={"console": lambda: self.console.start()})
        self._make_panel_actions()
        self._make_toolbar()
        self._make_menus()

        self.training = TrainingThread(session, self)
        self.controls.play_toggled.connect(self._play)
        self.controls.step_clicked.connect(self._step)
        self.controls.drop_clicked.connect(self._drop)
        self.controls.speed_changed.connect(
            lambda v: setattr(self.training, "steps_per_second", float(v)))
        self.training.steps_per_second = float(self.controls.speed.value())
        self.controls.error.connect(lambda msg: self.status.showMessage(msg, 8000))
        # In the thread that diverged, under its hold: training may go on after a change of
        # step size, from the last good pegs (the banner says so).
        session.events.connect("diverged", _clear_divergence)
        self.bridge.connect("diverged", self._on_diverged)
        self.bridge.connect("board", lambda *a: self._hide_banner())
        self.bridge.connect("trained", lambda picture, snap: self._update_status(picture))
        self._continuous = QTimer(self)
        self._continuous.timeout.connect(lambda: self._drop(5, quiet=True))
        self._make_shortcuts()
        self._restore_preferences()
        self.board_view.setFocus()
        self._update_status()

    # --- docks -------------------------------------------------------------------------------
    def _make_landscape_dock(self):
        # Imported here: the OpenGL view is the heaviest part of the window to import.
        from galton.qt.landscape_dock import LandscapePanel

        self.landscape = LandscapePanel(self.session, bridge=self.bridge, budget=self.budget)
        self.landscape_dock = Panels.dock(self, "landscape", self.tr("Loss landscape"),
                                          self.landscape)

    def _make_lab_dock(self):
        from galton.qt.lab_dock import LabPanel

        self.lab = LabPanel(self.session, bridge=self.bridge)
        self.lab_dock = Panels.dock(self, "lab", self.tr("Lab: fine-tuning and scaling laws"),
                                    self.lab)

    def _make_console_dock(self):
        """The Python console (started when first shown) and the recorder behind File > Show as
        script (see galton/qt/console.py and galton/recorder.py)."""
        from galton.qt.console import ConsolePanel
        from galton.recorder import Recorder

        self.recorder = Recorder(self.session)
        self.console = ConsolePanel(self)
        # Placed (a tab of the right column) when first shown: see Panels.show.
        self.console_dock = Panels.dock(self, "console", self.tr("Console"), self.console)
        self.console_dock.hide()
        self.console_dock.visibilityChanged.connect(self._console_shown)
        self.script_action = QAction(self.tr("Show as &script…"), self)
        self.script_action.setToolTip(self.tr("Everything done in this session, as a Python "
                                              "script for `galton run`"))
        self.script_action.triggered.connect(self.show_script)

    def _make_lesson_dock(self):
        """The lesson panel (Lessons menu, ``galton --lesson NAME``), left of the board."""
        from galton.qt.lesson_dock import LessonPanel

        self.lesson_panel = LessonPanel(self.session, bridge=self.bridge)
        # A tab beside the controls when shown (Panels.show): the whole height of the window
        # for text and figure, and the controls one click away.
        self.lesson_dock = Panels.dock(self, "lesson", self.tr("Lesson"), self.lesson_panel)
        self.lesson_dock.hide()
        self.lesson_panel.show_parts.connect(self.show_parts)
        self.lesson_panel.message.connect(lambda text: self.status.showMessage(text, 8000))
        self.lesson_panel.about_to_change.connect(self._stop_training)
        self.lesson_panel.busy_changed.connect(self._lesson_busy)

    def start_lesson(self, name):
        """Open the lesson panel on lesson ``name`` (or its number); returns the LessonRun."""
        try:
            run = self.lesson_panel.start(name)
        except ValueError as exc:  # the session is busy (a console command), or bad preset
            self.status.showMessage(str(exc), 8000)
            return None
        if self.presentation.on:  # the classroom look keeps its own arrangement
            self.presentation.arrange()
            return run
        self.panels.show("lesson")
        # Room to read: at least 460 px, never more than 40 % of the window.
        width = min(max(460, self.lesson_dock.width()), int(0.4 * self.width()))
        self.resizeDocks([self.lesson_dock], [width], Qt.Horizontal)
        return run

    def show_parts(self, parts):
        """Bring forward the parts of the window a lesson step needs (not in the classroom
        look: it shows the board, one chart and the lesson, whatever the step)."""
        if self.presentation.on:
            return
        for part in parts:
            if part in self.panels.docks:
                self.panels.show(part)

    def _console_shown(self, visible):
        if visible:
            self.console.start()

    def show_console(self):
        """Show the console's tab in front, its kernel started."""
        self.panels.show("console")

    def export_animation(self):
        """File > Export animation…: the dialog works on a copy of this session."""
        from galton.qt.export_dialog import ExportDialog

        dialog = ExportDialog(self.session, self, paddle_class=self.board_view.selected_class)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_script(self):
        from galton.qt.console import ScriptDialog

        dialog = ScriptDialog(self.recorder.script(), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # --- menus -------------------------------------------------------------------------------
    def _make_panel_actions(self):
        """View's entry for every panel (also reached by its shortcut), and Reset layout."""
        make = self.panels.make_action
        self.controls_action = make("controls", self.tr("&Controls"))
        self.charts_action = make("charts", self.tr("C&harts"))
        self.landscape_action = make("landscape", self.tr("&Loss landscape"), "Ctrl+L")
        self.lab_action = make("lab", self.tr("Fine-tuning and scaling &lab"))
        self.console_action = make("console", self.tr("&Python console"), "Ctrl+Shift+P")
        self.lesson_action = make("lesson", self.tr("Lesson &panel"))
        self.reset_layout_action = QAction(self.tr("&Reset layout"), self)
        self.reset_layout_action.setToolTip(self.tr("Every panel back where a new window has it"))
        self.reset_layout_action.triggered.connect(self.reset_layout)

    def reset_layout(self):
        """View > Reset layout: the default arrangement for the window's present size."""
        self.panels.arrange()
        self.status.showMessage(self.tr("Panels back in their places"), 5000)

    def _restore_preferences(self):
        """The saved geometry (clamped to this screen) and panels, else the defaults."""
        prefs = settings()
        available = self.screen().availableGeometry()
        geometry = prefs.value("geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            self.setGeometry(clamp(self.geometry(), available))
        else:
            self.setGeometry(default_geometry(available))
        self.panels.arrange()  # every panel in place, also those a saved state does not know
        state = prefs.value("window_state")
        if state is not None and self.restoreState(state, LAYOUT_VERSION):
            self.panels.front = []
            self.panels.keep_floating_on_screen(available)
        self.palette_action.setChecked(prefs.value("colour_blind", False) in (True, "true"))

    def _recent(self):
        return [p for p in (settings().value("recent", []) or []) if p]

    def _fill_recent(self):
        self.recent_menu.clear()
        for path in self._recent():
            action = QAction(path, self)
            action.triggered.connect(lambda _=False, p=path: self.open_scenario(p))
            self.recent_menu.addAction(action)
        self.recent_menu.setEnabled(bool(self._recent()))

    def _remember(self, path):
        recent = [str(path)] + [p for p in self._recent() if p != str(path)]
        settings().setValue("recent", recent[:MAX_RECENT])
        self._fill_recent()

    def open_scenario(self, path=None):
        """Open a scenario, or what else File ▸ Open takes: a lesson file, a .galton file."""
        from galton.lessons.data import is_lesson_file

        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Open"), "",
                self.tr("galton files (*.toml *.galton);;Scenarios and lessons (*.toml);;"
                        "Saved sessions (*.galton)"))
            if not path:
                return
        if str(path).endswith(".galton"):
            self.session_actions.open_session(path)
            return
        if is_lesson_file(path):
            if self.session_actions.open_lesson(path) is not None:
                self._remember(path)
            return
        try:
            self.session.load(path)
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Cannot open scenario"), str(exc))
            return
        self._remember(path)
        self.status.showMessage(self.tr("Opened {}").format(Path(path).name), 5000)

    def import_csv(self, path=None, label="label"):
        """Use the balls of a CSV file (header row; a 'label' column holds the colour)."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import balls"), "",
                                                  self.tr("CSV files (*.csv)"))
            if not path:
                return
        try:
            self.session.set(dataset="csv", path=str(Path(path).resolve()), label=label)
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Cannot import balls"), str(exc))
            return
        self.status.showMessage(self.tr("Imported {}").format(self.session.data.describe()), 8000)

    def save_scenario(self, path=None):
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save scenario"), "scenario.toml",
                                                  self.tr("Scenarios (*.toml)"))
            if not path:
                return
        try:
            self.session.save(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Cannot save scenario"), str(exc))
            return
        self._remember(path)

    # --- training ----------------------------------------------------------------------------
    # Play, Pause and every change go to the Session, which decides what happens to training
    # (galton/playing.py); the Play button follows its "playing" event.
    def _play(self, on):
        warming = getattr(self, "warming", None)  # galton.qt.splash.Background, set by app.py
        if on and warming is not None and not warming.ready("training"):
            # Pressed before the first launch's compiler got to training: say so, start then.
            self.controls.play.setText(self.tr("Getting ready…"))
            warming.when_ready("training", lambda: self.controls.play.isChecked()
                               and self._play(True))
            return
        try:
            if on:
                self._hide_banner()
                self.session.play()
            else:
                self.session.pause()
        except ValueError as exc:  # busy: a console command holds the session
            self.status.showMessage(str(exc), 8000)
        self.controls.show_playing(self.session.playing)

    def _stop_training(self):
        try:
            self.session.pause()
        except ValueError as exc:
            self.status.showMessage(str(exc), 8000)
        self.controls.show_playing(self.session.playing)

    def _step(self):
        try:
            self.session.step(1)  # while Play trains too: one step between two of its own
        except ValueError as exc:
            self.status.showMessage(str(exc), 8000)

    def _drop(self, n, quiet=False):
        if quiet and (self.session.owner.held_elsewhere() or self.session.owner.busy_reason):
            return  # the continuous drop skips a beat while a lesson action holds the session
        try:
            self.session.drop(n)
        except ValueError as exc:
            self.status.showMessage(str(exc), 8000)

    def _lesson_busy(self, busy):
        """While a lesson action holds the session, what would change it waits, greyed."""
        self.controls.setEnabled(not busy)
        for action in self.actions():
            action.setEnabled(not busy)

    def _hide_banner(self):
        self.banner.hide()
        self.restore_button.hide()

    def restore_checkpoint(self):
        """Rewind to the last in-memory checkpoint before the divergence."""
        picture = self.bridge.picture
        target = picture.step if picture.diverged is None else picture.diverged.step
        try:
            step = self.session.rewind(max(0, target - 1))
        except ValueError as exc:
            self.status.showMessage(str(exc), 8000)
            return
        self._hide_banner()
        self.status.showMessage(self.tr("Back at step {}").format(step), 5000)

    def _on_diverged(self, picture, diverged):
        self.banner.setText(self.tr("Training diverged at step {}: {}. Step size too large? "
                                    "Lower it and press Play to continue from the last good "
                                    "parameters.").format(diverged.step, diverged.reason))
        self.banner.show()
        self.restore_button.show()

    def _update_status(self, picture=None):
        picture = picture or self.bridge.picture
        h = picture._history
        n = min(picture._history_len, len(h))
        if n:
            self.status.showMessage(
                self.tr("step {0}   loss {1:.4f}   accuracy {2:.1%}   step size {3:.3g}").format(
                    picture.step, float(h.train_loss[n - 1]), float(h.train_accuracy[n - 1]),
                    picture.lr))
        else:
            self.status.showMessage(self.tr("Ready: press Play to train, Drop to release balls"))

    def showEvent(self, event):
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            # Tabs can be raised, and the window manager's frame measured, once shown. A timer
            # of the window's own (QTimer.singleShot would keep the window alive until it
            # fires, even after the window is deleted).
            self._after_show = QTimer(self, singleShot=True, interval=0)
            self._after_show.timeout.connect(self.panels.bring_forward)
            self._after_show.timeout.connect(self.keep_on_screen)
            self._after_show.start()

    def keep_on_screen(self):
        keep_on_screen(self)

    def closeEvent(self, event):
        if self.console.busy:  # a command holds the session: Stop it first
            self.status.showMessage(self.tr("A console command is running: press Stop first"),
                                    8000)
            event.ignore()
            return
        # The layout kept for the next start is the window's own, not the classroom look.
        geometry, state = self.presentation.layout_to_save()
        self.presentation.leave()
        self._stop_training()
        self.session.owner.stop_thread()
        self.bridge.close()
        self.console.shutdown()
        self.landscape.close_jobs()
        self.lab.close_jobs()
        self.lesson_panel.close_jobs()
        self.controls.step_edge.close()
        # Every landscape drawing thread, the lesson figures' included.
        for view in self.findChildren(QWidget):
            if hasattr(view, "close_gl"):
                view.close_gl()
        prefs = settings()
        prefs.setValue("geometry", geometry)
        prefs.setValue("window_state", state)
        if self.session.scenario.path is not None:
            prefs.setValue("last_scenario", str(self.session.scenario.path))
        super().closeEvent(event)


def _clear_divergence(session, diverged):
    session.trainer.resume()
