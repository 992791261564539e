"""The main window's toolbar, menus and keyboard shortcuts (a part of MainWindow kept in a
module of its own so that each stays short; galton/qt/main_window.py builds the window).

The menus are File, Edit, View, Training, Lessons and Help; the Training menu is where the
single-key shortcuts live, so the menus show them and Help ▸ Keyboard shortcuts lists them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QSlider,
    QToolBar,
)

from galton.core.scenario import load as load_scenario
from galton.qt.app_languages import LANGUAGES
from galton.qt.names import shown
from galton.qt.prefs import settings
from galton.resources import asset_path


class WindowMenus:
    """Mixed into MainWindow: its toolbar, menus and shortcuts."""

    def _make_toolbar(self):
        bar = QToolBar(self.tr("View"))
        bar.setObjectName("view")
        self.addToolBar(bar)
        bar.addWidget(QLabel(self.tr(" Paddles show p_right for: ")))
        self.class_box = QComboBox()
        self.class_box.setToolTip(self.tr("The ball colour whose p_right the paddles show"))
        bar.addWidget(self.class_box)
        self.class_box.currentIndexChanged.connect(self._select_class)
        self._fill_classes()
        self.bridge.connect("data", lambda *a: self._fill_classes())
        trace = QAction(self.tr("Trace paths"), self, checkable=True)
        trace.setToolTip(self.tr("Draw the route of every landed ball (T)"))
        trace.toggled.connect(lambda on: setattr(self.board_view, "trace_paths", on))
        bar.addAction(trace)
        self.trace_action = trace
        bar.addWidget(QLabel(self.tr(" Paddles show: ")))
        self.paddle_box = QComboBox()
        self.paddle_box.addItems([self.tr("p_right"), self.tr("bias"), self.tr("weight size")])
        self.paddle_box.setToolTip(self.tr("What the tilt and colour of each paddle show"))
        self.paddle_box.currentIndexChanged.connect(self._paddle_mode)
        bar.addWidget(self.paddle_box)
        bar.addWidget(QLabel(self.tr(" Ball speed: ")))
        self.speed_slider = QSlider(Qt.Horizontal, minimum=1, maximum=60, value=8)
        self.speed_slider.setMaximumWidth(120)
        self.speed_slider.setToolTip(self.tr("How fast balls fall (rows per second)"))
        self.speed_slider.valueChanged.connect(
            lambda v: setattr(self.board_view, "rows_per_second", float(v)))
        bar.addWidget(self.speed_slider)
        stream = QAction(self.tr("Continuous drop"), self, checkable=True)
        stream.setToolTip(self.tr("Keep dropping balls from the test set"))
        stream.toggled.connect(lambda on: self._continuous.start(100) if on
                               else self._continuous.stop())
        bar.addAction(stream)
        clear = QAction(self.tr("Empty cups"), self)
        clear.setToolTip(self.tr("Forget the landed balls (C)"))
        clear.triggered.connect(self.board_view.clear_landed)
        bar.addAction(clear)
        self.clear_action = clear

    def _paddle_mode(self, index):
        self.board_view.paddle_mode = ("p_right", "bias", "weight")[index]
        self.board_view.update()

    def _fill_classes(self):
        self.class_box.blockSignals(True)
        self.class_box.clear()
        for name in self.bridge.picture.data.class_names:
            self.class_box.addItem(shown(name), name)
        self.class_box.blockSignals(False)
        self._select_class(0)

    def _select_class(self, index):
        self.board_view.select_class(index)

    def _make_menus(self):
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        open_action = QAction(self.tr("&Open…"), self, shortcut=QKeySequence.Open)
        open_action.setToolTip(self.tr("A scenario (.toml), a lesson (.toml) or a saved "
                                       "session (.galton)"))
        open_action.triggered.connect(lambda: self.open_scenario())
        save_action = QAction(self.tr("&Save scenario as…"), self, shortcut=QKeySequence.Save)
        save_action.triggered.connect(self.save_scenario)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        file_menu.insertAction(self.recent_menu.menuAction(), open_action)
        file_menu.addAction(save_action)
        self._add_session_file_actions(file_menu)
        presets = file_menu.addMenu(self.tr("&Presets"))
        for path in sorted(asset_path("scenarios").glob("*.toml")):
            try:
                title = load_scenario(path).name
            except ValueError:
                continue  # a broken preset must not stop the app; the tests load them all
            action = QAction(shown(title), self)
            action.triggered.connect(lambda _=False, p=str(path): self.open_scenario(p))
            presets.addAction(action)
        import_action = QAction(self.tr("&Import balls from CSV…"), self)
        import_action.triggered.connect(lambda: self.import_csv())
        file_menu.addAction(import_action)
        file_menu.addAction(self.script_action)
        self.export_action = QAction(self.tr("&Export animation…"), self)
        self.export_action.setToolTip(self.tr("Training as a video, GIF or PNG frames"))
        self.export_action.triggered.connect(lambda: self.export_animation())
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._fill_recent()
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu = view_menu
        for name in ("controls", "charts", "landscape", "lab", "console", "lesson"):
            view_menu.addAction(self.panels.actions[name])
        view_menu.addAction(self.reset_layout_action)
        view_menu.addSeparator()
        self.palette_action = QAction(self.tr("Colour-blind-safe palette and shapes"), self,
                                      checkable=True)
        self.palette_action.toggled.connect(self._colour_blind)
        view_menu.addAction(self.palette_action)
        language = view_menu.addMenu(self.tr("Language (after restart)"))
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(settings().value("language", "") == code)
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
            language.addAction(action)
        self._make_presentation(view_menu)
        self._make_lessons_menu()
        self._make_edit_menu()
        self._make_help_menu()

    def _make_edit_menu(self):
        """Edit > Undo / Redo of the controls' settings, Reset and pegs dragged on the board."""
        from galton.qt.undo import Undo

        self.undo = Undo(self)
        self.controls.undo = self.undo
        self.board_view.peg_turned.connect(self.undo.peg_turned)
        menu = QMenu(self.tr("&Edit"), self)
        self.menuBar().insertMenu(self.view_menu.menuAction(), menu)
        menu.addAction(self.undo.undo_action)
        menu.addAction(self.undo.redo_action)
        self.edit_menu = menu

    def _make_help_menu(self):
        from galton.qt.help_menu import HelpMenu

        self.help = HelpMenu(self, mouse_rows=self.board_view.mouse_help())

    def _add_session_file_actions(self, file_menu):
        """File ▸ Open lesson… and Save session as… (galton/qt/session_actions.py)."""
        from galton.qt.session_actions import SessionActions

        self.session_actions = SessionActions(self)
        file_menu.insertAction(self.recent_menu.menuAction(),
                               self.session_actions.open_lesson_action)
        file_menu.addAction(self.session_actions.save_session_action)

    def _make_lessons_menu(self):
        """The Lessons menu: built-in lessons, lessons as data, the user's lessons folder;
        read again when it opens or the folder changes (galton/qt/lesson_menu.py)."""
        from galton.qt.lesson_menu import LessonsMenu

        menu = self.menuBar().addMenu(self.tr("&Lessons"))
        self.lessons_menu = LessonsMenu(menu, self.start_lesson, self.lesson_panel.lang,
                                        tail=(self.session_actions.open_lesson_action,
                                              self.lesson_action))
        self.lessons_menu.changed.connect(
            lambda: self.lesson_panel.fill_chooser(self.lessons_menu.entries))
        self.lesson_panel.fill_chooser(self.lessons_menu.entries)

    def _make_presentation(self, view_menu):
        """View ▸ Presentation (F11): the classroom look (galton/qt/presentation.py)."""
        from galton.qt.presentation import Presentation

        self.presentation = Presentation(self)
        view_menu.insertAction(self.reset_layout_action, self.presentation.action)

    def _colour_blind(self, on):
        self.board_view.colour_blind = on
        settings().setValue("colour_blind", on)
        self.board_view.update()

    def _set_language(self, code):
        settings().setValue("language", code)
        self.status.showMessage(self.tr("The language changes when galton starts again"), 8000)

    def _make_shortcuts(self):
        """Space play/pause, S step, R reset, I re-initialise, D drop 10, T trace, C clear:
        the Training menu shows them (and Help > Keyboard shortcuts lists them)."""
        c = self.controls
        keys = [
            ("Space", self.tr("&Play / Pause"), lambda: c.play.toggle()),
            ("S", self.tr("&Step"), lambda: c.step.click()),
            ("R", self.tr("&Reset"), lambda: c.reset.click()),
            ("I", self.tr("Re-&initialise"), lambda: c.reinit.click()),
            ("D", self.tr("&Drop 10 balls"), lambda: self._drop(10)),
        ]
        menu = QMenu(self.tr("&Training"), self)
        self.menuBar().insertMenu(self.lessons_menu.menu.menuAction(), menu)
        self.training_menu = menu
        for key, text, slot in keys:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.WindowShortcut)  # two windows must not clash
            action.triggered.connect(slot)
            self.addAction(action)
            menu.addAction(action)
            if key == "D":  # the button that does the same says its key
                drop = self.controls.drop_buttons[10]
                drop.setToolTip(f"{drop.toolTip()} ({action.shortcut().toString()})")
        self.clear_action.setShortcut(QKeySequence("C"))
        self.addAction(self.clear_action)  # greyed with the other keys while a lesson works
        self.trace_action.setShortcut(QKeySequence("T"))
        menu.addSeparator()
        menu.addAction(self.clear_action)
        menu.addAction(self.trace_action)
