"""The controls dock: every widget writes to the Session and redraws from its events.

Widgets update from the session with signals blocked, so a change made from a script or a
loaded scenario shows here without bouncing back as a new change. A change made while Play
trains lands between two steps and Play goes on (the Session decides: galton.playing); the
Play button shows whether Play is on, whoever started or stopped it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
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
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from galton.qt.window_layout import PanelScroll

LR_MIN, LR_MAX = 1e-5, 10.0
SLIDER_STEPS = 600


def lr_to_slider(lr: float) -> int:
    lr = min(max(lr, LR_MIN), LR_MAX)
    return round(SLIDER_STEPS * math.log(lr / LR_MIN) / math.log(LR_MAX / LR_MIN))


def slider_to_lr(value: int) -> float:
    return LR_MIN * (LR_MAX / LR_MIN) ** (value / SLIDER_STEPS)


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
        # The settings scroll when the dock is short; the buttons right below them never do.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        settings = QWidget()
        settings.setObjectName("settings")
        layout = QVBoxLayout(settings)

        data_box = QGroupBox(self.tr("Balls"))
        form = QFormLayout(data_box)
        self.dataset = QComboBox()
        self.dataset.addItems(["colors", "picnic", "xor"])
        form.addRow(self.tr("Dataset"), self.dataset)
        self.colors = QSpinBox(minimum=2, maximum=8)
        form.addRow(self.tr("Colours"), self.colors)
        self.balls = QSpinBox(minimum=8, maximum=20000, singleStep=50)
        form.addRow(self.tr("Balls"), self.balls)
        layout.addWidget(data_box)

        board_box = QGroupBox(self.tr("Board"))
        form = QFormLayout(board_box)
        self.rows = QSpinBox(minimum=1, maximum=64)
        form.addRow(self.tr("Rows"), self.rows)
        self.cups = QSpinBox(minimum=0, maximum=65, specialValueText=self.tr("one per colour"))
        form.addRow(self.tr("Cups"), self.cups)
        self.init = QComboBox()
        self.init.addItems(["zeros", "normal"])
        form.addRow(self.tr("Initialisation"), self.init)
        self.seed = QSpinBox(minimum=0, maximum=2 ** 31 - 1)
        form.addRow(self.tr("Seed"), self.seed)
        layout.addWidget(board_box)

        train_box = QGroupBox(self.tr("Training"))
        form = QFormLayout(train_box)
        self.loss = QComboBox()
        self.loss.addItems(["cross_entropy", "mse"])
        form.addRow(self.tr("Loss"), self.loss)
        self.optimizer = QComboBox()
        self.optimizer.addItems(["sgd", "adagrad", "rmsprop", "adam", "adamw"])
        form.addRow(self.tr("Optimizer"), self.optimizer)
        self.momentum = QDoubleSpinBox(minimum=0.0, maximum=0.99, singleStep=0.05, decimals=2)
        form.addRow(self.tr("Momentum"), self.momentum)
        self.nesterov = QCheckBox(self.tr("Nesterov"))
        form.addRow("", self.nesterov)
        lr_row = QHBoxLayout()
        self.lr_slider = QSlider(Qt.Horizontal, minimum=0, maximum=SLIDER_STEPS)
        self.lr_label = QLabel()
        self.lr_label.setMinimumWidth(60)
        lr_row.addWidget(self.lr_slider)
        lr_row.addWidget(self.lr_label)
        form.addRow(self.tr("Step size"), lr_row)
        self.batch = QSpinBox(minimum=0, maximum=100000, specialValueText=self.tr("full batch"))
        form.addRow(self.tr("Batch size"), self.batch)
        self.schedule = QComboBox()
        self.schedule.addItems(["constant", "cosine", "step", "exponential"])
        self.schedule.setToolTip(self.tr("cosine: anneal to 0 over 500 steps; step: halve every "
                                         "100 steps; exponential: ×0.99 per step"))
        form.addRow(self.tr("Schedule"), self.schedule)
        clip_row = QHBoxLayout()
        self.clip = QCheckBox(self.tr("clip norm at"))
        self.clip_value = QDoubleSpinBox(minimum=0.001, maximum=1000.0, value=1.0, decimals=3)
        clip_row.addWidget(self.clip)
        clip_row.addWidget(self.clip_value)
        form.addRow(self.tr("Clipping"), clip_row)
        self.freeze = QLineEdit(placeholderText=self.tr("e.g. 0, 1"))
        self.freeze.setToolTip(self.tr("Rows whose pegs do not move"))
        form.addRow(self.tr("Freeze rows"), self.freeze)
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
        for n in (1, 10, 100):
            b = QPushButton(self.tr("Drop ×{}").format(n))
            b.clicked.connect(lambda _=False, n=n: self.drop_clicked.emit(n))
            drops.addWidget(b)
        outer.addLayout(drops)
        outer.addStretch(1)  # a tall dock: the room goes below the buttons, not between

        tips = {
            self.dataset: self.tr("Which balls to drop: colour balls, the picnic perceptron, XOR"),
            self.colors: self.tr("How many colours (classes) the colour balls have"),
            self.balls: self.tr("How many balls the dataset holds"),
            self.rows: self.tr("Rows of pegs; row r has r+1 pegs"),
            self.cups: self.tr("Cups under the bins; 0 gives one cup per colour"),
            self.nesterov: self.tr("SGD with momentum: look ahead before stepping (Nesterov)"),
            self.init: self.tr("zeros: every peg 50/50 (the classic binomial board); normal: "
                               "random pegs"),
            self.seed: self.tr("Seeds the balls, the split, the initialisation and the batches"),
            self.loss: self.tr("cross_entropy: −log of the right cup's probability; mse: the "
                               "quadratic cost"),
            self.optimizer: self.tr("How a gradient becomes a turn of the pegs"),
            self.momentum: self.tr("SGD only: how much of the last step carries on (heavy ball)"),
            self.lr_slider: self.tr("Step size (learning rate), 1e-5 to 10 on a log scale; "
                                    "changes take effect at once, even while training"),
            self.batch: self.tr("Balls per step; 0 is the whole training set, 1 is plain SGD"),
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

        self._sync()
        bridge.connect("settings", self._on_settings)
        bridge.connect("board", self._on_settings)
        bridge.connect("playing", lambda picture, on: self.show_playing(on))

        self.dataset.currentTextChanged.connect(lambda v: self._set(dataset=v))
        self.colors.valueChanged.connect(lambda v: self._set(colors=v))
        self.balls.editingFinished.connect(lambda: self._set(balls=self.balls.value()))
        self.rows.valueChanged.connect(lambda v: self._set(rows=v))
        self.cups.valueChanged.connect(lambda v: self._set(cups=v))
        self.nesterov.toggled.connect(lambda on: self._set(nesterov=on))
        self.init.currentTextChanged.connect(lambda v: self._set(init=v))
        self.seed.valueChanged.connect(lambda v: self._set(seed=v))
        self.loss.currentTextChanged.connect(lambda v: self._set(loss=v))
        self.optimizer.currentTextChanged.connect(lambda v: self._set(optimizer=v))
        self.momentum.valueChanged.connect(lambda v: self._set(momentum=v))
        self.batch.editingFinished.connect(lambda: self._set(batch_size=self.batch.value()))
        self.lr_slider.valueChanged.connect(self._lr_moved)
        self.schedule.currentTextChanged.connect(lambda v: self._set(schedule=self._schedule(v)))
        self.clip.toggled.connect(lambda _: self._set(clip=self._clip()))
        self.clip_value.editingFinished.connect(lambda: self._set(clip=self._clip()))
        self.freeze.editingFinished.connect(self._freeze)
        self.play.toggled.connect(self._play)
        self.step.clicked.connect(self.step_clicked)
        self.reset.clicked.connect(lambda: self._call(session.reset))
        self.reinit.clicked.connect(lambda: self._call(session.reinitialize))

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
        self._call(self.session.set, **changes)

    def show_playing(self, on: bool) -> None:
        """The Play button says whether Play is on (without asking to start or stop it)."""
        self.play.blockSignals(True)
        self.play.setChecked(on)
        self.play.setText(self.tr("Pause") if on else self.tr("Play"))
        self.play.blockSignals(False)

    def _schedule(self, name):
        lr = self.picture.lr
        return {"constant": None,
                "cosine": {"name": "cosine", "lr_max": lr, "T": 500},
                "step": {"name": "step", "lr": lr, "step_size": 100, "gamma": 0.5},
                "exponential": {"name": "exponential", "lr": lr, "gamma": 0.99}}[name]

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
        widgets = [self.dataset, self.colors, self.balls, self.rows, self.init, self.seed,
                   self.loss, self.optimizer, self.momentum, self.lr_slider, self.batch,
                   self.schedule, self.clip, self.clip_value, self.freeze, self.cups,
                   self.nesterov]
        for w in widgets:
            w.blockSignals(True)
        self.dataset.setCurrentText(sc["data"]["dataset"])
        self.colors.setValue(sc["data"]["colors"])
        self.balls.setValue(sc["data"]["balls"])
        self.rows.setValue(sc["board"]["rows"])
        self.cups.setValue(sc["board"]["cups"])
        self.nesterov.setChecked(sc["training"]["nesterov"])
        self.nesterov.setEnabled(sc["training"]["optimizer"] == "sgd"
                                 and sc["training"]["momentum"] > 0)
        self.init.setCurrentText(sc["board"]["init"])
        self.seed.setValue(sc["training"]["seed"])
        self.loss.setCurrentText(sc["training"]["loss"])
        self.optimizer.setCurrentText(sc["training"]["optimizer"])
        self.momentum.setValue(sc["training"]["momentum"])
        self.momentum.setEnabled(sc["training"]["optimizer"] == "sgd")
        self.colors.setEnabled(sc["data"]["dataset"] == "colors")
        self.lr_slider.setValue(lr_to_slider(lr))
        self.lr_label.setText(f"{lr:.3g}")
        self.batch.setValue(sc["training"]["batch_size"])
        schedule = sc["training"].get("schedule")
        self.schedule.setCurrentText(schedule["name"] if schedule and schedule["name"] in (
            "cosine", "step", "exponential") else "constant")
        clip = sc["training"].get("clip")
        self.clip.setChecked(bool(clip))
        if clip:
            self.clip_value.setValue(float(next(v for k, v in clip.items() if k != "name")))
        self.freeze.setText(", ".join(str(r) for r in sc["training"]["freeze"]))
        if sc["data"]["dataset"] == "csv" and self.dataset.findText("csv") < 0:
            self.dataset.addItem("csv")
        self.dataset.setCurrentText(sc["data"]["dataset"])
        for w in widgets:
            w.blockSignals(False)
