"""The controls dock: every widget writes to the Session and redraws from its events.

Widgets update from the session with signals blocked, so a change made from a script or a
loaded scenario shows here without bouncing back as a new change. A change made while Play
trains lands between two steps and Play goes on (the Session decides: galton.playing); the
Play button shows whether Play is on, whoever started or stopped it.
"""

from __future__ import annotations

import contextlib
import math

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from galton.core import schema
from galton.core.schedules import PRESETS, preset
from galton.qt.names import fill, select
from galton.qt.step_edge import MarkedSlider, StepEdge
from galton.qt.window_layout import PanelScroll

# The slider's range is the one the schema gives the step size's controls.
LR_MIN, LR_MAX = schema.setting("lr").widget_range
SLIDER_STEPS = 800


def lr_to_slider(lr: float) -> int:
    lr = min(max(lr, LR_MIN), LR_MAX)
    return round(SLIDER_STEPS * math.log(lr / LR_MIN) / math.log(LR_MAX / LR_MIN))


def slider_to_lr(value: int) -> float:
    return LR_MIN * (LR_MAX / LR_MIN) ** (value / SLIDER_STEPS)


def _scenario_tr(text: str) -> str:
    """A label or help of galton.core.schema in the interface's language (context
    "Scenario", where QT_TRANSLATE_NOOP filed them)."""
    return QCoreApplication.translate("Scenario", text)


def label(key: str) -> str:
    """The translated label of the setting ``key``."""
    return _scenario_tr(schema.setting(key).label)


def number_box(key: str) -> QSpinBox | QDoubleSpinBox:
    """A spin box for the setting ``key``: the range, step and meaning of 0 the schema gives
    it (a value outside the range would be refused by the Session anyway)."""
    field = schema.setting(key)
    low, high = field.widget_range
    box: QSpinBox | QDoubleSpinBox
    if field.kind == "whole":
        box = QSpinBox(minimum=int(low), maximum=int(high))
    else:
        box = QDoubleSpinBox(minimum=low, maximum=high, decimals=2)
    if field.step is not None:
        box.setSingleStep(field.step)
    if field.zero:
        box.setSpecialValueText(_scenario_tr(field.zero))
    # A number takes effect once typed (Return, or leaving the box) or stepped, not at each
    # key: typing 0.95 would set 0.9 first, and the echo of that change ate the last digit.
    box.setKeyboardTracking(False)
    box.setToolTip(_scenario_tr(field.help))
    return box


def choice_box(key: str, leave_out=()) -> QComboBox:
    """A list of the choices of the setting ``key``: its registry's names."""
    field = schema.setting(key)
    box = QComboBox()
    # The names shown translated, the stored value kept as each item's data (galton.qt.names).
    fill(box, [c for c in field.choices if c not in leave_out])
    box.setToolTip(_scenario_tr(field.help))
    return box


class Controls(QWidget):
    play_toggled = Signal(bool)
    step_clicked = Signal()
    drop_clicked = Signal(int)
    speed_changed = Signal(int)
    error = Signal(str)

    def __init__(self, session, parent=None, bridge=None):
        super().__init__(parent)
        self.session = session
        if bridge is None:
            from galton.qt.bridge import SessionBridge

            bridge = SessionBridge(session, self)
        self.picture = bridge.picture
        self.undo = None  # the window's Edit > Undo (galton.qt.undo.Undo), when in one
        # The settings scroll when the dock is short; the buttons right below them never do.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        settings = QWidget()
        settings.setObjectName("settings")
        layout = QVBoxLayout(settings)

        # The settings' widgets, labels, ranges, lists and tooltips come from galton.core.schema
        # (the lists from the registries); the groups are the scenario's tables.
        data_box = QGroupBox(_scenario_tr(schema.DATA.label))
        form = QFormLayout(data_box)
        self.dataset = choice_box("dataset", leave_out=("csv",))  # csv: File > Import balls
        form.addRow(label("dataset"), self.dataset)
        self.colors = number_box("colors")
        form.addRow(label("colors"), self.colors)
        self.balls = number_box("balls")
        form.addRow(label("balls"), self.balls)
        layout.addWidget(data_box)

        board_box = QGroupBox(_scenario_tr(schema.BOARD.label))
        form = QFormLayout(board_box)
        self.rows = number_box("rows")
        form.addRow(label("rows"), self.rows)
        self.cups = number_box("cups")
        form.addRow(label("cups"), self.cups)
        self.init = choice_box("init")
        form.addRow(label("init"), self.init)
        self.seed = number_box("seed")
        form.addRow(label("seed"), self.seed)
        layout.addWidget(board_box)

        train_box = QGroupBox(_scenario_tr(schema.TRAINING.label))
        form = QFormLayout(train_box)
        self.loss = choice_box("loss")
        form.addRow(label("loss"), self.loss)
        self.optimizer = choice_box("optimizer")
        form.addRow(label("optimizer"), self.optimizer)
        self.momentum = number_box("momentum")
        form.addRow(label("momentum"), self.momentum)
        self.nesterov = QCheckBox(label("nesterov"))
        self.nesterov.setToolTip(_scenario_tr(schema.setting("nesterov").help))
        form.addRow("", self.nesterov)
        lr_row = QHBoxLayout()
        self.lr_slider = MarkedSlider(Qt.Horizontal, minimum=0, maximum=SLIDER_STEPS)
        self.lr_label = QLabel()
        self.lr_label.setMinimumWidth(60)
        lr_row.addWidget(self.lr_slider)
        lr_row.addWidget(self.lr_label)
        self.lr_note = QLabel()  # "⚠ oscillating" (galton.qt.step_edge)
        lr_row.addWidget(self.lr_note)
        form.addRow(label("lr"), lr_row)
        self.batch = number_box("batch_size")
        form.addRow(label("batch_size"), self.batch)
        self.schedule = QComboBox()
        fill(self.schedule, list(PRESETS))  # galton.core.schedules' presets
        self.schedule.setToolTip(
            self.tr("cosine: anneal to 0 over {0} steps; step: ×{1} every {2} steps; "
                    "exponential: ×{3} per step")
            .format(PRESETS["cosine"]["T"], PRESETS["step"]["gamma"],
                    PRESETS["step"]["step_size"], PRESETS["exponential"]["gamma"]))
        form.addRow(label("schedule"), self.schedule)
        clip_row = QHBoxLayout()
        self.clip = QCheckBox(self.tr("clip norm at"))
        self.clip_value = QDoubleSpinBox(minimum=0.001, maximum=1000.0, value=1.0, decimals=3)
        clip_row.addWidget(self.clip)
        clip_row.addWidget(self.clip_value)
        form.addRow(label("clip"), clip_row)
        self.freeze = QLineEdit(placeholderText=self.tr("e.g. 0, 1"))
        self.freeze.setToolTip(_scenario_tr(schema.setting("freeze").help))
        form.addRow(label("freeze"), self.freeze)
        self.speed = QSpinBox(minimum=0, maximum=100000, value=60, singleStep=10,
                              suffix=self.tr(" steps/s"), specialValueText=self.tr("fastest"))
        self.speed.valueChanged.connect(self.speed_changed)
        form.addRow(self.tr("Playback speed"), self.speed)
        layout.addWidget(train_box)
        layout.addStretch(1)
        self.settings_area = PanelScroll(settings, horizontal=False)
        # As tall as the settings (not more: Expanding would leave the buttons far below).
        self.settings_area.setSizePolicy(QSizePolicy.Policy.Preferred,
                                         QSizePolicy.Policy.Preferred)
        outer.addWidget(self.settings_area)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(9, 0, 9, 0)
        self.play = QPushButton(self.tr("Play"), checkable=True)
        self.step = QPushButton(self.tr("Step"))
        self.reset = QPushButton(self.tr("Reset"))
        self.reinit = QPushButton(self.tr("Re-initialise"))
        for b in (self.play, self.step, self.reset, self.reinit):
            buttons.addWidget(b)
        outer.addLayout(buttons)
        drops = QHBoxLayout()
        drops.setContentsMargins(9, 0, 9, 6)
        self.drop_buttons = {}
        for n in (1, 10, 100):
            b = QPushButton(self.tr("Drop ×{}").format(n))
            b.setToolTip(self.tr("Drop {} balls of the test set through the board").format(n))
            b.clicked.connect(lambda _=False, n=n: self.drop_clicked.emit(n))
            drops.addWidget(b)
            self.drop_buttons[n] = b
        outer.addLayout(drops)
        outer.addStretch(1)  # a tall dock: the room goes below the buttons, not between

        tips = {  # the settings' own tips come from the schema (above)
            self.lr_slider: self.tr("Step size (learning rate), {0:g} to {1:g} on a log scale; "
                                    "changes take effect at once, even while training")
            .format(LR_MIN, LR_MAX),
            self.speed: self.tr("Training steps per second while playing; 0 is as fast as "
                                "possible"),
            self.play: self.tr("Train continuously (Space). Whatever you change meanwhile "
                               "applies between two steps, and training goes on."),
            self.step: self.tr("One training step (S)"),
            self.reset: self.tr("Back to the same initialisation (R)"),
            self.reinit: self.tr("A new random initialisation: the next seed (I)"),
            self.clip: self.tr("Rescale gradients whose norm exceeds the threshold"),
            self.clip_value: self.tr("The largest gradient norm a step may use"),
        }
        for widget, tip in tips.items():
            widget.setToolTip(tip)
        self.slider_tip = tips[self.lr_slider]
        # 2/λ_max marked on the slider, and a word when the loss zig-zags.
        self.step_edge = StepEdge(self, lr_to_slider)
        for name in ("settings", "board", "params", "trained"):
            bridge.connect(name, lambda picture, *_: self.step_edge.measure(picture))
        self.step_edge.measure(self.picture)

        #: The widgets of one scenario setting each, by its key in galton.core.schema.
        self.numbers: dict[str, QSpinBox | QDoubleSpinBox] = {
            "colors": self.colors, "balls": self.balls, "rows": self.rows, "cups": self.cups,
            "seed": self.seed, "momentum": self.momentum, "batch_size": self.batch}
        self.choices = {"dataset": self.dataset, "init": self.init, "loss": self.loss,
                        "optimizer": self.optimizer}
        self._sync()
        bridge.connect("settings", self._on_settings)
        bridge.connect("board", self._on_settings)
        bridge.connect("playing", lambda picture, on: self.show_playing(on))

        # A number box sets its value once typed or stepped (number_box: no keyboard tracking).
        for key, box in self.numbers.items():
            box.valueChanged.connect(lambda v, key=key: self._set(**{key: v}))
        for key, choices in self.choices.items():
            choices.currentIndexChanged.connect(
                lambda _, key=key, box=choices: self._set(**{key: box.currentData()}))
        self.nesterov.toggled.connect(lambda on: self._set(nesterov=on))
        self.lr_slider.valueChanged.connect(self._lr_moved)
        self.schedule.currentIndexChanged.connect(
            lambda _: self._set(schedule=self._schedule(self.schedule.currentData())))
        self.clip.toggled.connect(lambda _: self._set(clip=self._clip()))
        self.clip_value.editingFinished.connect(lambda: self._set(clip=self._clip()))
        self.freeze.editingFinished.connect(self._freeze)
        self.play.toggled.connect(self._play)
        self.step.clicked.connect(self.step_clicked)
        self.reset.clicked.connect(
            lambda: self._undoable(("pegs",), session.reset, self.reset.text()))
        self.reinit.clicked.connect(
            lambda: self._undoable(("seed",), session.reinitialize, self.reinit.text()))

    def _on_settings(self, picture, *args):
        if picture.version >= self.picture.version:
            self.picture = picture
            self._sync()

    def _call(self, method, *args, **kwargs):
        try:
            method(*args, **kwargs)
        except ValueError as exc:  # invalid, or the session is busy (SessionBusy)
            self.error.emit(str(exc))
            self._sync()

    def _set(self, **changes):
        with self._edit(changes):
            self._call(self.session.set, **changes)

    def _edit(self, keys):
        """Around a change of ``keys``: the window's Edit > Undo hears of it (galton.qt.undo)."""
        return self.undo.change(keys) if self.undo is not None else contextlib.nullcontext()

    def _undoable(self, keys, method, text):
        with self.undo.change(keys, text) if self.undo is not None else contextlib.nullcontext():
            self._call(method)

    def show_playing(self, on: bool) -> None:
        """The Play button says whether Play is on (without asking to start or stop it)."""
        self.play.blockSignals(True)
        self.play.setChecked(on)
        self.play.setText(self.tr("Pause") if on else self.tr("Play"))
        self.play.blockSignals(False)

    def _schedule(self, name):
        return preset(name, self.picture.lr)

    def _clip(self):
        return {"name": "norm", "max_norm": self.clip_value.value()} if self.clip.isChecked() \
            else None

    def _freeze(self):
        text = self.freeze.text().replace(",", " ").split()
        try:
            rows = sorted({int(t) for t in text})
        except ValueError:
            self.error.emit(self.tr("Freeze rows: expected row numbers like 0, 1, got {}")
                            .format(self.freeze.text()))
            self._sync()
            return
        board_rows = self.picture.board.rows
        bad = [r for r in rows if not 0 <= r < board_rows]
        if bad:
            self.error.emit(self.tr("Freeze rows: rows must be 0..{}, got {}")
                            .format(board_rows - 1, bad))
            self._sync()
            return
        self._set(freeze=rows)

    def _lr_moved(self, value):
        lr = slider_to_lr(value)
        try:
            with self._edit(("lr",)):
                self.session.lr = lr  # keeps optimizer state: changeable while training
        except ValueError as exc:
            self.error.emit(str(exc))
            self._sync()
            return
        self.lr_label.setText(f"{lr:.3g}")

    def _play(self, on):
        self.play.setText(self.tr("Pause") if on else self.tr("Play"))
        self.play_toggled.emit(on)

    def _sync(self):
        """Show the session's settings without re-emitting them."""
        sc = self.picture.settings
        lr = self.picture.lr
        widgets = [*self.numbers.values(), *self.choices.values(), self.lr_slider,
                   self.schedule, self.clip, self.clip_value, self.freeze, self.nesterov]
        for w in widgets:
            w.blockSignals(True)
        for key, box in self.numbers.items():
            box.setValue(sc[schema.setting(key).table][key])
        for key, choices in self.choices.items():
            select(choices, sc[schema.setting(key).table][key])  # "csv" added when imported
        self.nesterov.setChecked(sc["training"]["nesterov"])
        self.nesterov.setEnabled(sc["training"]["optimizer"] == "sgd"
                                 and sc["training"]["momentum"] > 0)
        self.momentum.setEnabled(sc["training"]["optimizer"] == "sgd")
        self.colors.setEnabled(sc["data"]["dataset"] == "colors")
        # With "zeros" every seed gives the same pegs: a new draw would change nothing.
        zeros = sc["board"]["init"] == "zeros"
        self.reinit.setEnabled(not zeros)
        self.reinit.setToolTip(self.tr(
            "The \"zeros\" init gives the same pegs (all 50/50) for every seed, so there is "
            "nothing new to draw: choose the \"normal\" init, or press Reset") + " (I)" if zeros
            else self.tr("A new random initialisation: the next seed (I)"))
        self.lr_slider.setValue(lr_to_slider(lr))
        self.lr_label.setText(f"{lr:.3g}")
        schedule = sc["training"].get("schedule")
        select(self.schedule, schedule["name"] if schedule and PRESETS.get(
            schedule["name"]) else "constant")
        clip = sc["training"].get("clip")
        self.clip.setChecked(bool(clip))
        if clip:
            self.clip_value.setValue(float(next(v for k, v in clip.items() if k != "name")))
        self.freeze.setText(", ".join(str(r) for r in sc["training"]["freeze"]))
        for w in widgets:
            w.blockSignals(False)
