"""The lab dock: fine-tuning a trained board on a new colour, and the scaling-law lab.

Both run as jobs (galton.qt.jobs: off the UI thread, cancellable, results on the UI thread);
the models are in galton.core.finetune and galton.core.scaling (this module only asks and
draws). They work on copies taken from the session's latest Picture: the session itself is
never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from galton.core import finetune as F
from galton.core import scaling as S
from galton.core.optim import SGD, Adam
from galton.core.powerlaw import KAPLAN
from galton.playing import BACKGROUND_NICE
from galton.qt.jobs import Jobs
from galton.qt.scaling_plot import ScalingPlot

STRATEGY_COLORS = {"full": "#d62728", "freeze": "#1f77b4", "lora": "#2ca02c"}


def _numbers(text: str, name: str) -> tuple:
    try:
        values = tuple(int(v) for v in text.replace(" ", "").split(",") if v)
    except ValueError:
        raise ValueError(f"{name}: expected whole numbers like 1, 2, 4, got {text!r}") from None
    if not values:
        raise ValueError(f"{name}: give at least one number")
    return values


#: Bootstrap resamples of the scaling fits' confidence intervals.
BOOTSTRAP = 100
#: The sweep's worker processes run as much nicer than the window as its background threads:
#: on a machine with as many cores as workers, the window (and Play beside it) would otherwise
#: wait for a core (waits of 100-250 ms measured on two cores). Idle cycles still all go to
#: the sweep.
WORKER_NICENESS = BACKGROUND_NICE

@dataclass(frozen=True)
class FineTuned:
    tuners: list  # galton.core.finetune's runs, one per way of fine-tuning


@dataclass(frozen=True)
class Scaled:
    """The rows of the sweep so far (those of the file, then each finished run), and their
    fits (``scaling.fit_axes``: fitted in the job, since the bootstrap takes a large share
    of a second, which the UI thread cannot spare)."""

    rows: list
    fits: dict | None = None


@dataclass(frozen=True)
class Swept:
    """The sweep ran every run."""


class LabPanel(QWidget):
    def __init__(self, session, parent=None, bridge=None):
        super().__init__(parent)
        self.session = session
        if bridge is None:
            from galton.qt.bridge import SessionBridge

            bridge = SessionBridge(session, self)
        self.bridge = bridge
        self.jobs = Jobs(self, "galton-lab")
        self.jobs.result.connect(self._on_result)
        self.jobs.failed.connect(lambda g, kind, message: self._failed(message))
        self.jobs.busy.connect(self._on_busy)
        self.tuners = {}
        self.rows = []
        tabs = QTabWidget()
        tabs.addTab(self._build_finetune(), self.tr("Fine-tuning"))
        tabs.addTab(self._build_scaling(), self.tr("Scaling laws"))
        self.tabs = tabs
        self.status = QLabel()
        self.status.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(tabs)
        box.addWidget(self.status)

    # --- fine-tuning -------------------------------------------------------------------------
    def _build_finetune(self):
        page = QWidget()
        box = QVBoxLayout(page)
        intro = QLabel(self.tr("Teach the trained board a new colour: one more cup, every "
                               "learned peg kept. Watch what it forgets."))
        intro.setWordWrap(True)
        box.addWidget(intro)
        form = QFormLayout()
        self.ft_balls = QSpinBox()
        self.ft_balls.setRange(10, 10000)
        self.ft_balls.setValue(200)
        form.addRow(self.tr("New balls"), self.ft_balls)
        self.ft_replay = QDoubleSpinBox()
        self.ft_replay.setRange(0.0, 10.0)
        self.ft_replay.setSingleStep(0.25)
        self.ft_replay.setToolTip(self.tr("Old balls mixed in, per new ball (0: new colour only)"))
        form.addRow(self.tr("Replay old balls"), self.ft_replay)
        self.ft_steps = QSpinBox()
        self.ft_steps.setRange(1, 100000)
        self.ft_steps.setValue(300)
        form.addRow(self.tr("Steps"), self.ft_steps)
        row = QHBoxLayout()
        self.ft_full = QCheckBox(self.tr("full"))
        self.ft_full.setChecked(True)
        self.ft_freeze = QCheckBox(self.tr("freeze rows"))
        self.ft_freeze.setChecked(True)
        self.ft_freeze_rows = QLineEdit("0, 1, 2")
        self.ft_lora = QCheckBox(self.tr("LoRA rank"))
        self.ft_lora.setChecked(True)
        self.ft_rank = QSpinBox()
        self.ft_rank.setRange(1, 64)
        self.ft_rank.setValue(2)
        for w in (self.ft_full, self.ft_freeze, self.ft_freeze_rows, self.ft_lora, self.ft_rank):
            row.addWidget(w)
        form.addRow(self.tr("Compare"), row)
        box.addLayout(form)
        self.ft_button = QPushButton(self.tr("Fine-tune copies of the current board"))
        self.ft_button.clicked.connect(self.start_finetune)
        box.addWidget(self.ft_button)
        self.ft_table = QTableWidget(0, 4)
        self.ft_table.setHorizontalHeaderLabels([
            self.tr("strategy"), self.tr("trainable parameters"), self.tr("old colours"),
            self.tr("new colour")])
        self.ft_table.setMinimumHeight(130)
        self.ft_table.setMaximumHeight(150)
        self.ft_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.ft_table.verticalHeader().setVisible(False)
        box.addWidget(self.ft_table)
        self.ft_plot = pg.PlotWidget(title=self.tr(
            "forgetting meter: accuracy (solid: old colours, dashed: new colour)"))
        self.ft_plot.setLabel("bottom", self.tr("fine-tuning step"))
        self.ft_plot.setYRange(0, 1.02)
        self.ft_plot.setMinimumHeight(240)
        self.ft_plot.addLegend(offset=(-5, 5))
        box.addWidget(self.ft_plot)
        return page

    def finetune_runs(self) -> dict:
        runs = {}
        lr = max(self.bridge.picture.lr, 1e-4)
        if self.ft_full.isChecked():
            runs["full"] = {"optimizer": SGD(lr)}
        if self.ft_freeze.isChecked():
            rows = _numbers(self.ft_freeze_rows.text(), self.tr("freeze rows"))
            runs["freeze"] = {"optimizer": SGD(lr), "strategy": "freeze", "freeze": rows}
        if self.ft_lora.isChecked():
            runs["lora"] = {"optimizer": Adam(0.05), "strategy": "lora",
                            "rank": self.ft_rank.value()}
        if not runs:
            raise ValueError(self.tr("choose at least one strategy to compare"))
        return runs

    @property
    def busy(self) -> bool:
        return self.jobs.pending > 0

    def start_finetune(self):
        # The button says whether one runs (not ``busy``: the runner may still be finishing
        # the last job after its result, and the button, has come back).
        if not self.ft_button.isEnabled():
            return
        s = self.bridge.picture
        try:
            runs = self.finetune_runs()
            old = s.train_set
            new = F.add_color(old, self.ft_balls.value(), seed=s.settings["training"]["seed"] + 1)
            held = s.test_set if s.test_set is not None else old
            old_test = F.relabel(held, new.class_names, new.class_colors)
            new_test = F.add_color(old, max(50, self.ft_balls.value() // 2), seed=9999)
            data = F.mix(new, old, self.ft_replay.value())
            start = F.with_new_cup(s.board)
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        steps = self.ft_steps.value()
        self.ft_button.setEnabled(False)
        self.status.setText(self.tr("fine-tuning {0} copies of the board…").format(len(runs)))

        def work(job):
            return FineTuned(F.branch(start, data, runs, steps, old_test=old_test,
                                      new_test=new_test, meter_every=max(1, steps // 30)))

        self.jobs.submit("finetune", work)

    def _on_result(self, generation, kind, result):
        if isinstance(result, FineTuned):
            self._show_finetune(result.tuners)
        elif isinstance(result, Scaled):
            self._show_scaling(result.rows, result.fits)
        elif isinstance(result, Swept):
            self._sweep_done(self.tr("sweep finished"))

    def _on_busy(self, kind, running):
        if running or self.jobs.pending:
            return  # a job ended, but another is queued: the end of the last one tells
        self.ft_button.setEnabled(True)
        if not self.sc_run.isEnabled():  # a sweep ended without finishing: stopped
            self._sweep_done(self.tr("stopped: finished runs are saved; Run again to resume"))

    def _show_finetune(self, tuners):
        self.ft_button.setEnabled(True)
        self.tuners = tuners
        self.ft_plot.clear()
        self.ft_table.setRowCount(len(tuners))
        for k, (label, t) in enumerate(tuners.items()):
            m = t.meter.as_arrays()
            color = STRATEGY_COLORS.get(t.strategy, "#555")
            self.ft_plot.plot(m["steps"], m["old_accuracy"], pen=pg.mkPen(color, width=2),
                              name=label)
            self.ft_plot.plot(m["steps"], m["new_accuracy"],
                              pen=pg.mkPen(color, width=2, style=Qt.DashLine))
            for col, text in enumerate((label, str(t.n_trainable), f"{m['old_accuracy'][-1]:.0%}",
                                        f"{m['new_accuracy'][-1]:.0%}")):
                self.ft_table.setItem(k, col, QTableWidgetItem(text))
        self.status.setText(self.tr("fine-tuning done: the table shows the final accuracies"))

    def _failed(self, message):
        self.ft_button.setEnabled(True)
        self.sc_run.setEnabled(True)
        self.status.setText(message)

    # --- scaling -----------------------------------------------------------------------------
    def _build_scaling(self):
        page = QWidget()
        box = QVBoxLayout(page)
        form = QFormLayout()
        self.sc_rows = QLineEdit("1, 2, 3, 4, 6, 8")
        self.sc_balls = QLineEdit("128, 512, 2048")
        self.sc_steps = QLineEdit("400")
        self.sc_seeds = QLineEdit("0")
        form.addRow(self.tr("Board rows (N)"), self.sc_rows)
        form.addRow(self.tr("Balls (D)"), self.sc_balls)
        form.addRow(self.tr("Steps"), self.sc_steps)
        form.addRow(self.tr("Seeds"), self.sc_seeds)
        where = QHBoxLayout()
        self.sc_file = QLineEdit(str(default_results()))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._choose_file)
        where.addWidget(self.sc_file)
        where.addWidget(browse)
        form.addRow(self.tr("Results (resumed)"), where)
        run = QHBoxLayout()
        self.sc_workers = QSpinBox()
        self.sc_workers.setRange(1, 256)
        self.sc_workers.setValue(2)
        self.sc_workers.setPrefix(self.tr("workers "))
        self.sc_scheduler = QLineEdit()
        self.sc_scheduler.setPlaceholderText(
            self.tr("Dask scheduler, e.g. tcp://host:8786 (optional)"))
        run.addWidget(self.sc_workers)
        run.addWidget(self.sc_scheduler)
        form.addRow(self.tr("Run on"), run)
        box.addLayout(form)
        buttons = QHBoxLayout()
        self.sc_run = QPushButton(self.tr("Run the sweep"))
        self.sc_run.clicked.connect(self.start_sweep)
        self.sc_stop = QPushButton(self.tr("Stop"))
        self.sc_stop.setEnabled(False)
        self.sc_stop.clicked.connect(lambda: self.jobs.cancel())
        self.sc_progress = QProgressBar()
        buttons.addWidget(self.sc_run)
        buttons.addWidget(self.sc_stop)
        buttons.addWidget(self.sc_progress)
        box.addLayout(buttons)
        self.sc_fit = QLabel()
        self.sc_fit.setWordWrap(True)
        self.sc_fit.setTextInteractionFlags(Qt.TextSelectableByMouse)
        box.addWidget(self.sc_fit)
        plots = QHBoxLayout()
        self.sc_plots = {}
        for axis, title in (("N", self.tr("test loss vs parameters N")),
                            ("D", self.tr("test loss vs balls D")),
                            ("C", self.tr("test loss vs compute C"))):
            plot = ScalingPlot(title)
            plots.addWidget(plot)
            self.sc_plots[axis] = plot
        box.addLayout(plots)
        return page

    def _choose_file(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Scaling results"),
                                              self.sc_file.text(), self.tr("CSV files (*.csv)"))
        if path:
            self.sc_file.setText(path)

    def sweep_specs(self):
        return S.grid(_numbers(self.sc_rows.text(), self.tr("Board rows")),
                      _numbers(self.sc_balls.text(), self.tr("Balls")),
                      _numbers(self.sc_steps.text(), self.tr("Steps")),
                      seeds=_numbers(self.sc_seeds.text(), self.tr("Seeds")))

    def start_sweep(self):
        if not self.sc_run.isEnabled():  # a sweep runs (see start_finetune)
            return
        try:
            specs = self.sweep_specs()
            path = Path(self.sc_file.text()).expanduser()
            path.parent.mkdir(parents=True, exist_ok=True)
            done = S.read_results(path)
        except (ValueError, OSError) as exc:
            self.status.setText(str(exc))
            return
        keys = {r["key"] for r in done}
        todo = sum(s.key not in keys for s in specs)
        self.rows = done
        self._rows_before = len(done)
        self._show_scaling([])  # the runs of the file come from the job, with their fits
        self.sc_progress.setRange(0, max(todo, 1))
        self.sc_progress.setValue(0)
        self.sc_run.setEnabled(False)
        self.sc_stop.setEnabled(True)
        scheduler = self.sc_scheduler.text().strip() or None
        workers = self.sc_workers.value()
        self.status.setText(self.tr("{0} runs to do ({1} already in {2})").format(
            todo, len(done), path))

        rows = list(done)

        def scaled(rows) -> Scaled:
            return Scaled(list(rows), S.fit_axes(rows, bootstrap=BOOTSTRAP) if rows else None)

        def work(job):
            if done:
                job.emit(scaled(done))

            def on_result(row):
                rows.append(row)
                job.emit(scaled(rows))
                job.progress(len(rows) - len(done), todo)
                job.check()  # Stop: the finished runs are saved, the rest is left

            S.sweep(specs, path, scheduler=scheduler, workers=workers, on_result=on_result,
                    nice=WORKER_NICENESS)
            return Swept()

        self.jobs.submit("sweep", work)

    def _sweep_done(self, message):
        self.sc_run.setEnabled(True)
        self.sc_stop.setEnabled(False)
        self.status.setText(message)

    def _show_scaling(self, rows, fits=None):
        self.rows = rows
        # Runs finished in this sweep (those already in the file do not count).
        self.sc_progress.setValue(max(0, len(rows) - getattr(self, "_rows_before", 0)))
        if not rows:
            for plot in self.sc_plots.values():
                plot.show_only(())
            self.sc_fit.setText(self.tr("no runs yet"))
            return
        c = S.columns(rows)
        if fits is None:
            fits = S.fit_axes(rows, bootstrap=BOOTSTRAP)
        xs = {"N": c["parameters"], "D": c["balls"], "C": c["compute"]}
        lines = []
        for axis, plot in self.sc_plots.items():
            shown = ["runs"]
            x, y = xs[axis], c["test_loss"]
            used = fits.get(f"{axis}_runs", np.ones(len(x), dtype=bool))
            # The runs a fit uses in dark grey; the rest of the sweep faint behind them.
            if (~used).any():
                shown.append("faint")
                plot.curve("faint", x[~used], y[~used], pen=None, symbol="o", symbolSize=5,
                           symbolBrush=(150, 150, 150, 110), symbolPen=None)
            plot.curve("runs", x[used], y[used], self.tr("runs"), "●", "#555", pen=None,
                       symbol="o", symbolSize=6, symbolBrush="#555", symbolPen=None)
            if axis == "C" and len(fits["frontier"]):
                idx = fits["frontier"]
                shown.append("frontier")
                plot.curve("frontier", x[idx], y[idx], self.tr("frontier"), "━●━", "#ff7f0e",
                           pen=pg.mkPen("#ff7f0e", width=2), symbol="o", symbolSize=7,
                           symbolBrush="#ff7f0e")
            fit = fits[axis]
            if isinstance(fit, str):
                lines.append(f"L({axis}): {fit}")
                plot.show_only(shown)
                continue
            lines.append(fit.describe(axis))
            grid = np.geomspace(x.min(), x.max(), 50)
            shown.append("fit")
            plot.curve("fit", grid, fit(grid), f"α = {fit.alpha:.3f}", "━━", "#d62728",
                       pen=pg.mkPen("#d62728", width=2))
            if axis in KAPLAN and axis != "C":
                # Kaplan's slope through the fit's first point, above the floor, for comparison.
                ref = (fit(grid[0]) - fit.floor) * (grid / grid[0]) ** -KAPLAN[axis] + fit.floor
                shown.append("kaplan")
                plot.curve("kaplan", grid, ref, f"Kaplan α = {KAPLAN[axis]}", "╍╍", "#555",
                           pen=pg.mkPen("#555", width=1, style=Qt.DashLine))
            plot.show_only(shown)
        self.sc_fit.setText("\n".join(lines))

    def close_jobs(self):
        self.jobs.close()


def default_results() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("galton", appauthor=False)) / "scaling.csv"
