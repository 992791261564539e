"""The lesson panel: the text of the current step, its figure, the numbers the learner may
change, Back / Do it / Next, and a live check that turns green once the effect was seen.

The panel holds a LessonRun (galton/lessons/base.py) on the window's own session. The check is
asked again whenever the session changes (training with the window's Play button counts), at
most a few times a second so a fast training run is not slowed down by it.

Do it runs the step's action as a job (galton.qt.jobs), off the UI thread, holding the session
for the whole action (Play stops first and goes on afterwards, as for any change: see
galton.playing): the window keeps answering, the panel says it is working, and Cancel stops
the action's training at its next step. The action's changes reach the views through the
window's bridge, on the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from galton import lessons
from galton.qt.jobs import JobCancelled, Jobs
from galton.qt.lesson_figure import FigureView

#: Session events after which the check and the figure are looked at again.
_WATCHED = ("board", "params", "data", "trained", "dropped", "settings")
#: Milliseconds between two looks while the session keeps changing (training runs).
_REFRESH_MS = 250


def available(lang: str):
    """(lesson, title, summary) for every lesson that loads. A broken lesson file must not
    stop the app (the tests load them all); it is left out of the menus."""
    out = []
    for name in lessons.names():
        try:
            lesson = lessons.get(name)
            text = lesson.text(lang)
        except (ImportError, OSError, ValueError, KeyError):
            continue
        out.append((lesson, text["title"], text["summary"]))
    return out


def current_language() -> str:
    app = QApplication.instance()
    lang = app.property("galton_language") if app is not None else None
    return lang if lang in lessons.text.LANGUAGES else "en"


class LessonPanel(QWidget):
    #: Asks the window to show parts it needs ("board", "charts", "landscape", "lab", ...).
    show_parts = Signal(tuple)
    #: A message for the status bar (errors of an action, "lesson finished").
    message = Signal(str)
    #: Emitted before an action or a lesson start changes the session (the window stops
    #: training first: an action and the worker thread must not train at once).
    about_to_change = Signal()
    #: True while a step's action runs (the window greys what would change the session).
    busy_changed = Signal(bool)
    _run_changed = Signal()  # the run changed, maybe in the action's thread: redraw here

    def __init__(self, session, parent=None, bridge=None):
        super().__init__(parent)
        self.session = session
        if bridge is None:
            from galton.qt.bridge import SessionBridge

            bridge = SessionBridge(session, self)
        self.jobs = Jobs(self, "galton-lesson")
        self.jobs.result.connect(self._action_done)
        self.jobs.failed.connect(self._action_failed)
        self.jobs.busy.connect(self._on_busy)
        self._run_changed.connect(self.refresh_soon)
        self.run: lessons.LessonRun | None = None
        self.lang = current_language()
        self._param_widgets = {}   # name -> (box, key of the first step that asks for it)
        self._param_steps = {}     # name -> keys of every step that asks for it

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.chooser = QComboBox()
        self.chooser.setToolTip(self.tr("Choose a lesson"))
        # The longest title set the panel's (and so the window's) minimum width: 541 px of
        # 1366 at 1366×768. The box is narrower; its list still shows the whole titles
        # (fill_chooser widens the list).
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(16)
        self.chooser.activated.connect(self._chosen)
        top.addWidget(self.chooser, 1)
        self.progress = QLabel()
        top.addWidget(self.progress)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        up = QVBoxLayout(upper)
        up.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size:15px;font-weight:bold;padding:2px 0")
        up.addWidget(self.title)
        self.body = QTextBrowser()
        self.body.setOpenExternalLinks(True)
        # At 1366×768 the figure took all but three lines of the text: keep about ten.
        self.body.setMinimumHeight(10 * self.body.fontMetrics().lineSpacing())
        up.addWidget(self.body, 1)
        self.params_box = QWidget()
        self.params_form = QFormLayout(self.params_box)
        self.params_form.setContentsMargins(0, 0, 0, 0)
        up.addWidget(self.params_box)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        up.addWidget(self.check_label)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.back_button.clicked.connect(self.back)
        self.do_button = QPushButton(self.tr("Do it"))
        self.do_button.setToolTip(self.tr("Do this step (you may also do it yourself in the "
                                          "window)"))
        self.do_button.clicked.connect(self.do)
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.next_button.clicked.connect(self.next)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop this step's training at its next step"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        for b in (self.back_button, self.do_button, self.cancel_button, self.next_button):
            buttons.addWidget(b)
        up.addLayout(buttons)
        split.addWidget(upper)
        self.figure_view = FigureView()
        split.addWidget(self.figure_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        layout.addWidget(split, 1)
        self.split, self._upper = split, upper
        self._soon = QTimer(self)  # refresh_soon: one refresh for several asks
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(lambda: self.refresh(figure=True))
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)   # once the new page and figure are laid out
        self._fit_timer.timeout.connect(self._fit_split)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._refresh_for_session)
        for name in _WATCHED:
            bridge.connect(name, self._session_changed)
        from galton.qt.lesson_menu import catalogue

        self.fill_chooser(catalogue(self.lang))
        self._show_nothing()

    def fill_chooser(self, entries):
        """List ``entries`` (galton.qt.lesson_menu.Entry: built-in, shipped as data, the
        user's) in the chooser, the current lesson selected."""
        self.entries = list(entries)
        box = self.chooser
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("Choose a lesson…"), "")
        for entry in self.entries:
            box.addItem(f"{entry.number}. {entry.title}" if entry.number else entry.title,
                        entry.key)
            box.setItemData(box.count() - 1, entry.summary, Qt.ItemDataRole.ToolTipRole)
        box.blockSignals(False)
        self._select_current()
        metrics = box.view().fontMetrics()
        box.view().setMinimumWidth(32 + max(metrics.horizontalAdvance(box.itemText(i))
                                            for i in range(box.count())))

    def _select_current(self):
        """Show the running lesson in the chooser; one opened from a file that is in no list
        gets an entry of its own (its title), so the box never stands blank beside it."""
        from galton.qt.lesson_menu import entry_for

        box = self.chooser
        if self.run is None:
            box.setCurrentIndex(0)
            return
        lesson = self.run.lesson
        index = entry_for(self.entries, lesson) + 1
        if index == 0:
            path = getattr(lesson, "path", None)
            box.addItem(lesson.title(self.lang), str(path) if path is not None else lesson.name)
            index = box.count() - 1
        box.setCurrentIndex(index)

    # --- starting ------------------------------------------------------------------------------
    def start(self, name) -> lessons.LessonRun:
        """Begin lesson ``name`` (a number, or a lesson file) on the window's session, or take
        up a LessonRun already on it (``lessons.resume``: a .galton file's lesson)."""
        self.about_to_change.emit()
        self.jobs.cancel()  # an action of the last lesson: its result no longer matters
        if isinstance(name, lessons.LessonRun):
            run, lesson = name, name.lesson
        else:  # a Lesson already read (File ▸ Open lesson…), or its name: KeyError lists them
            lesson = name if isinstance(name, lessons.Lesson) else lessons.get(name)
            run = lessons.LessonRun(lesson, self.session, self.lang)
        self.run = run
        run.listeners.append(self._run_changed_in_some_thread)
        self._select_current()
        self._build_params()
        self.refresh(figure=True)
        return run

    def _chosen(self, index):
        name = self.chooser.itemData(index)
        if name:
            try:
                self.start(name)
            except (KeyError, ValueError) as exc:  # the file changed since it was listed
                self.message.emit(str(exc.args[0] if isinstance(exc, KeyError) else exc))

    # --- the learner's buttons -----------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A step's action is running (scripts and tests wait on this)."""
        return self.jobs.pending > 0

    def do(self):
        """Do it: the current step's action, as a job holding the session."""
        if self.run is None or self.busy:
            return
        run, session = self.run, self.session

        def work(job):
            def beat(snapshot):  # between the action's training steps: Cancel stops them
                job.check()

            with session.hold():
                session.heartbeat = beat
                try:
                    run.do()
                finally:
                    session.heartbeat = None
            return "done"

        self.jobs.submit("lesson", work)

    def close_jobs(self):
        self.jobs.close()

    def cancel(self):
        """Stop the running action at its next training step (what it did so far stays)."""
        self.jobs.cancel()

    def _on_busy(self, kind, running):
        busy = running or self.busy
        self.do_button.setEnabled(not busy and self.run is not None)
        self.do_button.setText(self.tr("Working…") if busy else (
            self.tr("Do it again") if self.run is not None and self.run.step.key in self.run.done
            else self.tr("Do it")))
        self.cancel_button.setVisible(busy)
        self.busy_changed.emit(busy)
        if not busy:
            self.refresh_soon()

    def _action_done(self, generation, kind, payload):
        pass  # the run's listeners redraw; _on_busy re-enables the buttons

    def _action_failed(self, generation, kind, message):
        if JobCancelled.__name__ in message:
            return
        self.message.emit(self.tr("This step could not be done: {}").format(
            message.split(": ", 1)[-1]))

    def next(self):
        if self.run is not None and not self.run.next():
            self.message.emit(self.tr("That was the last step of this lesson."))

    def back(self):
        if self.run is not None:
            self.run.back()

    def _param_changed(self, name, value):
        if self.run is None:
            return
        try:
            self.run.set_param(name, value)
        except (ValueError, TypeError) as exc:
            self.message.emit(str(exc))

    # --- showing -------------------------------------------------------------------------------
    def _show_nothing(self):
        self.title.setText(self.tr("Lessons"))
        self.body.setMarkdown(self.tr(
            "The worked examples of the articles galton grew from, as guided lessons: read, "
            "press **Do it** (or do it yourself in the window), and watch the check turn "
            "green.\n\nChoose a lesson above or from the **Lessons** menu."))
        for w in (self.back_button, self.do_button, self.next_button):
            w.setEnabled(False)
        self.check_label.clear()
        self.progress.clear()
        self.figure_view.show_figure(None)

    def _build_params(self):
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self._param_widgets = {}
        if self.run is None:
            return
        # One box per parameter name: run.params holds one value per name, so two steps that
        # both ask for "balls" share it, and the box shows on both steps (see refresh()).
        self._param_steps = {}
        for step in self.run.steps:
            for p in step.params:
                if p.name in self._param_widgets:
                    self._param_steps[p.name].add(step.key)
                    continue
                self._param_steps[p.name] = {step.key}
                label = self.run.text(p.name)
                if p.choices:
                    w = QComboBox()
                    labels = self.run.lesson.text(self.lang)["labels"]
                    for choice in p.choices:  # "name:choice" labels translate a choice
                        w.addItem(labels.get(f"{p.name}:{choice}", str(choice)), choice)
                    w.setCurrentIndex(p.choices.index(self.run.params[p.name]))
                    w.currentIndexChanged.connect(
                        lambda i, n=p.name, box=w: self._param_changed(n, box.itemData(i)))
                elif p.integer:
                    w = QSpinBox()
                    w.setRange(int(p.low if p.low is not None else -10**9),
                               int(p.high if p.high is not None else 10**9))
                    w.setSingleStep(int(p.step or 1))
                    w.setValue(int(self.run.params[p.name]))
                    w.valueChanged.connect(lambda v, n=p.name: self._param_changed(n, v))
                else:
                    w = QDoubleSpinBox()
                    low = p.low if p.low is not None else -1e9
                    high = p.high if p.high is not None else 1e9
                    w.setDecimals(4)
                    w.setRange(low, high)
                    w.setSingleStep(p.step or (high - low) / 10)
                    w.setValue(float(self.run.params[p.name]))
                    w.valueChanged.connect(lambda v, n=p.name: self._param_changed(n, v))
                self._param_widgets[p.name] = (w, step.key)
                self.params_form.addRow(label, w)

    def _fit_split(self):
        """Give the text what it needs on this step, between 40 % and half of the height, and
        the figure the rest: a fixed split left five lines of a long text beside a large
        figure, or a cramped figure below a short text. (Half at most: below that, the lesson
        figures' labels no longer fit at 1366×768, tests/qt/test_lesson_figures.py.)"""
        sizes = self.split.sizes()
        total = sum(sizes)
        if not self.figure_view.isVisible() or total <= 0:
            return
        document = self.body.document()
        document.setTextWidth(self.body.viewport().width())
        around = self._upper.height() - self.body.viewport().height()
        wanted = around + int(document.size().height()) + 8
        upper = max(int(0.40 * total), min(int(0.50 * total), wanted))
        self.split.setSizes([upper, total - upper])

    @staticmethod
    def _show_value(box, value):
        """Put the run's value in ``box`` (another step may have changed it) without
        announcing it back as the learner's change."""
        box.blockSignals(True)
        try:
            if isinstance(box, QComboBox):
                box.setCurrentIndex(max(box.findData(value), 0))
            else:
                box.setValue(value)
        finally:
            box.blockSignals(False)

    def _session_changed(self, *args):
        if self.run is not None and not self._timer.isActive() and not self.busy:
            self._timer.start(_REFRESH_MS)

    def _refresh_for_session(self):
        # Only a step that uses the window's board can have a figure that follows the session;
        # the others' figures depend on the run alone, and redrawing them 4 times a second
        # while training would be wasted work.
        if self.run is not None:
            self.refresh(figure=bool(self.run.step.show))

    def _run_changed_in_some_thread(self, run):
        if threading.current_thread() is threading.main_thread():
            self.refresh(figure=True)  # a click here (Next, Back, a parameter): show it now
        else:
            self._run_changed.emit()  # the action's thread: queued, then refresh_soon

    def refresh_soon(self):
        """Refresh (figure included) once the events already queued are handled: the end of an
        action announces itself twice (the run changed, the job ended), and a figure drawn for
        each cost ~25 ms of the window's time apiece."""
        if not self._soon.isActive():
            self._soon.start()

    def refresh(self, figure: bool = True):
        """Show the current step: text, parameters of this step, check, figure."""
        run = self.run
        if run is None:
            return
        busy = self.busy
        check = shown = None
        if not busy:  # (an action holds the session: check and figure when it is done)
            with self.session.owner.reading() as got:
                if not got:  # another thread is changing the session: look again soon
                    self._timer.start(_REFRESH_MS)
                    return
                check = run.check()  # first: a check may record the numbers the page quotes
                try:
                    shown = run.figure() if figure else None
                except Exception as exc:  # a figure is a picture, never a crash (as a check)
                    shown = None
                    if getattr(self, "_figure_failed", None) != (id(run), run.index):
                        self._figure_failed = (id(run), run.index)
                        self.message.emit(self.tr("This step's figure cannot be drawn now: {}")
                                          .format(exc))
        page = run.page()
        self.progress.setText(self.tr("step {0} of {1}").format(page["number"], page["count"]))
        self.title.setText(page["title"])
        scroll = self.body.verticalScrollBar().value()
        if getattr(self, "_shown_body", None) != page["body"]:
            self.body.setMarkdown(page["body"])
            self.body.verticalScrollBar().setValue(scroll)
            self._shown_body = page["body"]
        where = (id(run), run.index)
        arrived = where != getattr(self, "_shown_step", None)
        for name, (w, _key) in self._param_widgets.items():
            visible = run.step.key in self._param_steps[name]
            if visible and arrived:  # not on every refresh: the learner may be typing in it
                self._show_value(w, run.params[name])
            w.setVisible(visible)
            self.params_form.labelForField(w).setVisible(visible)
        self.back_button.setEnabled(run.index > 0)
        self.next_button.setEnabled(run.index + 1 < len(run.steps))
        self.do_button.setEnabled(not busy)
        self.do_button.setText(self.tr("Working…") if busy else self.tr("Do it again")
                               if run.step.key in run.done else self.tr("Do it"))
        if busy:
            return
        mark, colour = ("✔", "#1a7f37") if check.passed else ("○", "#9a6700")
        self.check_label.setText(f"<span style='color:{colour};font-weight:bold'>{mark}</span> "
                                 f"{check.message}")
        if figure:
            self.figure_view.show_figure(shown)
        if arrived:
            self._fit_timer.start()
        if run.step.show and arrived:
            self.show_parts.emit(tuple(run.step.show))  # once per step: not on every refresh
        self._shown_step = where
