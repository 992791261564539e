"""The landscape dock: the loss surface in OpenGL with its minima, basins, races and sweeps.

What is shown is a ``Surface`` (galton.core): either a slice of the real board's loss through
the current pegs (directions: turn one peg, random filter-normalised, or the PCA plane of the
training path) or a classic surface (bowl, pond, Himmelblau, a formula...). All computing
happens in ``landscape_jobs.Jobs`` off the UI thread; this widget only asks and draws.

While the board trains, the current pegs are projected into the slice and drawn as a trail
with the ball at its end; when training leaves the slice (too far from the plane, or off the
grid), the slice is re-centred on the current pegs if "follow training" is on.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import galton
from galton.core import optim, surfaces
from galton.core.directions import pca_directions, random_directions
from galton.core.directions import peg as peg_directions
from galton.core.landscape import PROGRESSIVE_SIZES, board_surface, interpolate, progressive
from galton.core.minima import basins as find_basins
from galton.core.minima import find_minima
from galton.core.stepsize import (
    board_sharpness,
    describe_step,
    divergence_threshold,
    log_lrs,
    surface_sharpness,
)
from galton.core.stepsize import race as run_race
from galton.core.stepsize import sweep as run_sweep
from galton.qt.landscape_flat import FlatLandscapeView
from galton.qt.landscape_jobs import Jobs
from galton.qt.landscape_view import LandscapeView, opengl_problem

SURFACE_NAMES = ("pond", "bowl", "elongated_bowl", "himmelblau", "rosenbrock", "rastrigin",
                 "saddle", "plateau")
COLORMAPS = ("viridis", "cividis", "magma", "turbo")
#: Colours of the basins on the floor (one per minimum, lowest first).
BASIN_COLORS = np.array([(0.25, 0.55, 0.95), (0.95, 0.55, 0.15), (0.35, 0.80, 0.35),
                         (0.85, 0.30, 0.55), (0.65, 0.45, 0.85), (0.95, 0.85, 0.25),
                         (0.30, 0.80, 0.80), (0.60, 0.60, 0.60)])
TRAINING_COLOR = (1.0, 0.25, 0.2)
MAX_PATH = 400  # training points kept for the trail and PCA; halved (every other) when full


def _loss_at(board, theta, X, y, loss) -> float:
    board.theta = theta
    return float(galton.loss(board, X, y, loss))


class LandscapePanel(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.jobs = Jobs(self)
        self.jobs.result.connect(self._on_result)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.busy.connect(self._on_busy)
        self.surface = None
        self.grid = None  # (xs, ys, Z) last shown
        self.minima: list = []
        self.basins = None
        self.racers: list = []
        self._race_shown = 0
        self._path_thetas: list = []  # training path (for PCA and the trail)
        self._trail: list = []  # (alpha, beta, loss) of the training path in this slice
        self._sharp = ([], [], [])
        self._last_recentre = 0.0
        self._last_sharp_step = None
        self._race_timer = QTimer(self)
        self._race_timer.timeout.connect(self._advance_race)
        self._pending = QTimer(self)  # coalesces bursts of changes into one recomputation
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self.recompute)
        self._build()
        for name in ("board", "data"):
            session.events.connect(name, self._on_rebuilt)
        session.events.connect("trained", self._on_trained)
        session.events.connect("params", self._on_params)
        self._remember_theta()
        self.schedule()

    # --- layout ------------------------------------------------------------------------------
    def _build(self):
        # Without OpenGL 3.3 a GL widget would crash the process: draw a flat map instead.
        problem = opengl_problem()
        self.view = LandscapeView(self) if problem is None else FlatLandscapeView(problem, self)
        self.tabs = QTabWidget()
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([640, 260])  # the picture first; the controls fit in the rest
        self.status = QLabel()
        self.status.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(split)
        box.addWidget(self.status)

        # Slice: what is shown.
        page = QWidget()
        form = QFormLayout(page)
        self.source = QComboBox()
        self.source.addItem(self.tr("The board (a slice through the pegs)"), "board")
        self.source.addItem(self.tr("A classic surface"), "surface")
        form.addRow(self.tr("Show"), self.source)
        self.directions = QComboBox()
        self.directions.addItem(self.tr("Turn one peg (weight vs bias)"), "peg")
        self.directions.addItem(self.tr("Random, filter-normalised"), "random")
        self.directions.addItem(self.tr("PCA of the training path"), "pca")
        form.addRow(self.tr("Directions"), self.directions)
        pegbox = QHBoxLayout()
        self.peg_row, self.peg_slot, self.peg_feature = QSpinBox(), QSpinBox(), QSpinBox()
        for w, label in ((self.peg_row, self.tr("row")), (self.peg_slot, self.tr("slot")),
                         (self.peg_feature, self.tr("weight"))):
            pegbox.addWidget(QLabel(label))
            pegbox.addWidget(w)
        form.addRow(self.tr("Peg"), pegbox)
        self.span = QDoubleSpinBox()
        self.span.setRange(0.01, 100.0)
        self.span.setValue(3.0)
        self.span.setSingleStep(0.5)
        form.addRow(self.tr("Half-width"), self.span)
        self.surface_name = QComboBox()
        for name in SURFACE_NAMES:
            self.surface_name.addItem(name, name)
        self.surface_name.addItem(self.tr("formula…"), "formula")
        form.addRow(self.tr("Surface"), self.surface_name)
        self.formula = QLineEdit("(x**2 + y - 11)**2 + (x + y**2 - 7)**2")
        self.formula.setToolTip(self.tr("f(x, y) with + - * / ** and sin, cos, exp, log, sqrt, "
                                   "tanh, abs"))
        form.addRow(self.tr("Formula"), self.formula)
        follow = QHBoxLayout()
        self.follow = QCheckBox(self.tr("Follow training"))
        self.follow.setChecked(True)
        self.follow.setToolTip(self.tr("Re-centre the slice on the pegs when training leaves it"))
        self.recentre_button = QPushButton(self.tr("Re-centre here"))
        follow.addWidget(self.follow)
        follow.addWidget(self.recentre_button)
        form.addRow(follow)
        look = QHBoxLayout()
        self.colormap = QComboBox()
        for name in COLORMAPS:
            self.colormap.addItem(name, name)
        self.log_height = QCheckBox(self.tr("log height"))
        self.contours = QSpinBox()
        self.contours.setRange(0, 40)
        self.contours.setValue(12)
        self.contours.setPrefix(self.tr("contours "))
        for w in (self.colormap, self.log_height, self.contours):
            look.addWidget(w)
        form.addRow(self.tr("Look"), look)
        self.tabs.addTab(page, self.tr("Slice"))

        # Minima and basins.
        page = QWidget()
        box = QVBoxLayout(page)
        self.minima_list = QListWidget()
        box.addWidget(self.minima_list)
        row = QHBoxLayout()
        self.show_basins = QCheckBox(self.tr("Basins of attraction (plain GD)"))
        self.basin_lr = QDoubleSpinBox()
        self.basin_lr.setDecimals(4)
        self.basin_lr.setRange(0.0001, 100.0)
        self.basin_lr.setValue(0.5)
        self.basin_lr.setPrefix(self.tr("η "))
        row.addWidget(self.show_basins)
        row.addWidget(self.basin_lr)
        box.addLayout(row)
        self.basin_label = QLabel()
        self.basin_label.setWordWrap(True)
        box.addWidget(self.basin_label)
        self.tabs.addTab(page, self.tr("Minima"))

        # Race.
        page = QWidget()
        box = QVBoxLayout(page)
        row = QHBoxLayout()
        self.race_kind = QComboBox()
        self.race_kind.addItem(self.tr("Step sizes: too small, good, too large, divergent"), "lrs")
        self.race_kind.addItem(self.tr("Optimizers: GD, momentum, Nesterov, Adam"), "optimizers")
        self.race_lr = QDoubleSpinBox()
        self.race_lr.setDecimals(4)
        self.race_lr.setRange(0.0001, 100.0)
        self.race_lr.setValue(0.05)
        self.race_lr.setPrefix(self.tr("η "))
        self.race_steps = QSpinBox()
        self.race_steps.setRange(5, 5000)
        self.race_steps.setValue(150)
        self.race_steps.setSuffix(self.tr(" steps"))
        self.race_button = QPushButton(self.tr("Race"))
        for w in (self.race_kind, self.race_lr, self.race_steps, self.race_button):
            row.addWidget(w)
        box.addLayout(row)
        self.race_plot = pg.PlotWidget()
        self.race_plot.setLabel("bottom", self.tr("step"))
        self.race_plot.setLabel("left", self.tr("loss"))
        self.race_plot.addLegend(offset=(-5, 5))
        box.addWidget(self.race_plot)
        self.tabs.addTab(page, self.tr("Race"))

        # Step size: sweep and sharpness.
        page = QWidget()
        box = QVBoxLayout(page)
        row = QHBoxLayout()
        self.sweep_momentum = QDoubleSpinBox()
        self.sweep_momentum.setRange(0.0, 0.99)
        self.sweep_momentum.setSingleStep(0.1)
        self.sweep_momentum.setPrefix(self.tr("momentum "))
        self.sweep_button = QPushButton(self.tr("Sweep the step size"))
        self.sharp_every = QSpinBox()
        self.sharp_every.setRange(0, 10000)
        self.sharp_every.setValue(20)
        self.sharp_every.setPrefix(self.tr("sharpness every "))
        self.sharp_every.setSuffix(self.tr(" steps"))
        self.sharp_every.setSpecialValueText(self.tr("sharpness off"))
        for w in (self.sweep_momentum, self.sweep_button, self.sharp_every):
            row.addWidget(w)
        box.addLayout(row)
        plots = QHBoxLayout()
        self.sweep_plot = pg.PlotWidget(title=self.tr("final loss vs step size"))
        self.sweep_plot.setLogMode(x=True, y=True)
        self.sweep_plot.setLabel("bottom", self.tr("step size η"))
        self.sharp_plot = pg.PlotWidget(title=self.tr("sharpness λ_max vs 2/η"))
        self.sharp_plot.setLabel("bottom", self.tr("step"))
        self.sharp_plot.addLegend(offset=(-5, 5))
        self.sharp_curve = self.sharp_plot.plot(pen=pg.mkPen("#d62728", width=2),
                                                symbol="o", symbolSize=4, name="λ_max")
        self.edge_curve = self.sharp_plot.plot(pen=pg.mkPen("#555", width=1, style=Qt.DashLine),
                                               name="2/η")
        plots.addWidget(self.sweep_plot)
        plots.addWidget(self.sharp_plot)
        box.addLayout(plots)
        self.tabs.addTab(page, self.tr("Step size"))

        # Path: PCA numbers, the surface-vs-path gap, interpolation between checkpoints.
        page = QWidget()
        box = QVBoxLayout(page)
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        box.addWidget(self.path_label)
        row = QHBoxLayout()
        self.interp_button = QPushButton(self.tr("Interpolate: start of training → now"))
        self.interp_files_button = QPushButton(self.tr("Interpolate between two checkpoints…"))
        row.addWidget(self.interp_button)
        row.addWidget(self.interp_files_button)
        box.addLayout(row)
        plots = QHBoxLayout()
        self.gap_plot = pg.PlotWidget(
            title=self.tr("training loss vs surface under the projected path"))
        self.gap_plot.setLabel("bottom", self.tr("point of the path"))
        self.gap_plot.addLegend(offset=(-5, 5))
        self.interp_plot = pg.PlotWidget(title=self.tr("loss along the straight line"))
        self.interp_plot.setLabel("bottom", "t")
        plots.addWidget(self.gap_plot)
        plots.addWidget(self.interp_plot)
        box.addLayout(plots)
        self.tabs.addTab(page, self.tr("Path"))

        for w in (self.source, self.directions, self.surface_name):
            w.currentIndexChanged.connect(self._source_changed)
        for w in (self.peg_row, self.peg_slot, self.peg_feature):
            w.valueChanged.connect(lambda *_: self.schedule())
        self.span.valueChanged.connect(lambda *_: self.schedule())
        self.formula.editingFinished.connect(self.schedule)
        self.recentre_button.clicked.connect(self.recentre)
        self.colormap.currentIndexChanged.connect(self._look_changed)
        self.log_height.toggled.connect(self._look_changed)
        self.contours.valueChanged.connect(self._look_changed)
        self.show_basins.toggled.connect(self._basins_toggled)
        self.basin_lr.editingFinished.connect(self._basins_toggled)
        self.race_button.clicked.connect(self.start_race)
        self.sweep_button.clicked.connect(self.start_sweep)
        self.interp_button.clicked.connect(lambda: self.start_interpolation())
        self.interp_files_button.clicked.connect(self._choose_checkpoints)
        self._fit_peg_ranges()
        self._source_changed()

    # --- what is shown -----------------------------------------------------------------------
    def _fit_peg_ranges(self):
        b = self.session.board
        self.peg_row.setRange(0, b.rows - 1)
        self.peg_slot.setRange(0, self.peg_row.value())
        self.peg_feature.setRange(0, b.features - 1)
        self.peg_row.valueChanged.connect(lambda r: self.peg_slot.setRange(0, r))

    def _source_changed(self, *_):
        board = self.source.currentData() == "board"
        kind = self.directions.currentData()
        for w in (self.directions, self.follow, self.recentre_button):
            w.setEnabled(board)
        for w in (self.peg_row, self.peg_slot, self.peg_feature):
            w.setEnabled(board and kind == "peg")
        self.span.setEnabled(board)
        self.surface_name.setEnabled(not board)
        self.formula.setEnabled(not board and self.surface_name.currentData() == "formula")
        if board:
            self.span.blockSignals(True)
            self.span.setValue(3.0 if kind == "peg" else 1.0)
            self.span.blockSignals(False)
        self.schedule()

    def set_source(self, source: str, name: str | None = None, directions: str | None = None):
        """Script-friendly: ``set_source("surface", "himmelblau")``, ``set_source("board",
        directions="random")``."""
        self.source.setCurrentIndex(self.source.findData(source))
        if name is not None:
            self.surface_name.setCurrentIndex(self.surface_name.findData(name))
        if directions is not None:
            self.directions.setCurrentIndex(self.directions.findData(directions))
        self.recompute()

    def _make_surface(self):
        """The Surface the settings describe (may raise ValueError with a message for users)."""
        if self.source.currentData() == "surface":
            name = self.surface_name.currentData()
            if name == "formula":
                return surfaces.from_expression(self.formula.text())
            return surfaces.get(name)
        s = self.session
        board = s.board
        kind = self.directions.currentData()
        if kind == "peg":
            row = min(self.peg_row.value(), board.rows - 1)
            dirs = peg_directions(board, row, min(self.peg_slot.value(), row),
                         min(self.peg_feature.value(), board.features - 1))
            center = board.theta
        elif kind == "random":
            dirs = random_directions(board.theta, seed=s.scenario["training"]["seed"])
            center = board.theta
        else:
            path = [*self._path_thetas, board.theta.copy()]
            if len(path) < 3:
                raise ValueError(self.tr("PCA needs a training path: train a few steps first"))
            traj = pca_directions(np.array(path))
            dirs, center = traj.directions, traj.center
        return board_surface(board, s.trainer.X, s.trainer.y, dirs, center=center,
                               loss=s.trainer.loss, span=self.span.value())

    def schedule(self, delay_ms: int = 60):
        self._pending.start(delay_ms)

    def recompute(self):
        """Start computing the landscape the settings describe (coarse grid first)."""
        self._pending.stop()
        gen = self.jobs.new_generation()
        self.racers = []
        self._race_timer.stop()
        try:
            surface = self._make_surface()
        except (ValueError, np.linalg.LinAlgError) as exc:
            self.status.setText(str(exc))
            return
        self.surface = surface
        self.minima, self.basins = [], None
        self.minima_list.clear()
        self._trail = []
        if self._is_board():
            self._project_path()
        board = self._is_board()
        sizes = PROGRESSIVE_SIZES if board else (32, 64, 128)
        self.status.setText(self.tr("computing the landscape…"))

        pca = board and surface.slice.directions.kind == "pca"
        path = [t.copy() for t in self._path_thetas] if pca else []
        probe = self.session.board.copy()
        X, y, loss = self.session.trainer.X, self.session.trainer.y, self.session.trainer.loss

        def work(cancelled, emit):
            last = None
            for xs, ys, Z in progressive(surface, sizes=sizes, cancelled=cancelled):
                emit(("grid", xs, ys, Z))
                last = (xs, ys, Z)
            if last is None or cancelled():
                return None
            emit(("minima", find_minima(surface, *last)))
            if pca and len(path) >= 3:
                # The losses training saw against the surface under the projected path.
                sl = surface.slice
                coords = np.array([sl.project(t)[:2] for t in path])
                actual = np.array([_loss_at(probe, t, X, y, loss) for t in path])
                return ("gap", actual, np.asarray(surface.value(coords[:, 0], coords[:, 1])))
            return None

        self.jobs.submit("grid", work, gen)
        self._show_trails()
        self._update_path_label()

    def recentre(self):
        self._last_recentre = time.monotonic()
        self.recompute()

    def _is_board(self) -> bool:
        return self.surface is not None and hasattr(self.surface, "slice")

    # --- results -----------------------------------------------------------------------------
    def _on_result(self, gen, kind, payload):
        if gen != self.jobs.generation:
            return
        tag = payload[0]
        if tag == "grid":
            _, xs, ys, Z = payload
            self.grid = (xs, ys, Z)
            self.view.set_surface(xs, ys, Z)
            self.view.axis_names = self._axis_labels()
            self.status.setText(self.tr("{0}: {1}×{1} grid, loss {2:.4g} … {3:.4g}").format(
                self.surface.name, Z.shape[0], float(np.nanmin(Z)), float(np.nanmax(Z))))
        elif tag == "minima":
            self.minima = payload[1]
            self._show_minima()
            if self.show_basins.isChecked():
                self._start_basins()
        elif tag == "basins":
            self.basins = payload[1]
            self._show_basins()
        elif tag == "gap":
            self._plot_gap(payload[1], payload[2])
        elif tag == "race":
            self.racers = payload[1]
            self._race_shown = 1
            self._plot_race()
            self._race_timer.start(30)
        elif tag == "sweep":
            self._plot_sweep(payload[1])
        elif tag == "sharpness":
            _, step, lam, lr = payload
            self._sharp[0].append(step)
            self._sharp[1].append(lam)
            self._sharp[2].append(2.0 / lr if lr > 0 else np.nan)
            self.sharp_curve.setData(self._sharp[0], self._sharp[1])
            self.edge_curve.setData(self._sharp[0], self._sharp[2])
        elif tag == "interpolation":
            _, ts, losses = payload
            self.interp_plot.clear()
            self.interp_plot.plot(ts, losses, pen=pg.mkPen("#1f77b4", width=2))
            for t in (0.0, 1.0):
                self.interp_plot.addLine(x=t, pen=pg.mkPen("#999", style=Qt.DashLine))

    def _on_failed(self, gen, kind, message):
        if gen == self.jobs.generation or kind == "sharpness":
            self.status.setText(self.tr("{0} failed: {1}").format(kind, message))

    @property
    def busy(self) -> bool:
        """Something is being computed (scripts and tests wait on this)."""
        return self.jobs.pending > 0

    def _on_busy(self, kind, running):
        if running and kind == "basins":
            self.basin_label.setText(self.tr("rolling a ball from every grid point…"))

    def _axis_labels(self):
        if self._is_board():
            return self.surface.slice.directions.labels
        return ("x", "y")

    def _show_minima(self):
        self.minima_list.clear()
        for k, m in enumerate(self.minima):
            self.minima_list.addItem(self.tr("minimum {0}: ({1:.4g}, {2:.4g})   loss {3:.6g}")
                                     .format(k + 1, m.x, m.y, m.loss))
        self.view.set_markers([(m.x, m.y, m.loss) for m in self.minima])

    # --- basins ------------------------------------------------------------------------------
    def _basins_toggled(self, *_):
        if self.show_basins.isChecked() and self.minima:
            self._start_basins()
        elif not self.show_basins.isChecked():
            self.basins = None
            self.view.set_basins(None, None)
            self.basin_label.clear()

    def _start_basins(self):
        if self.grid is None:
            return
        surface, (xs, ys, _), minima = self.surface, self.grid, list(self.minima)
        lr = self.basin_lr.value()
        board = self._is_board()
        n, steps = (20, 80) if board else (96, 600)
        bx = np.linspace(xs[0], xs[-1], n)
        by = np.linspace(ys[0], ys[-1], n)

        def work(cancelled, emit):
            return ("basins", find_basins(surface, bx, by, minima, lr=lr, steps=steps,
                                       cancelled=cancelled))

        self.jobs.submit("basins", work)

    def _show_basins(self):
        b = self.basins
        self.view.set_basins(b.labels, BASIN_COLORS)
        shares = b.shares()
        parts = [self.tr("minimum {0}: {1:.0%}").format(k + 1, s) for k, s in enumerate(shares)]
        rest = 1.0 - float(shares.sum())
        if rest > 0.005:
            parts.append(self.tr("nowhere yet or diverged: {0:.0%}").format(rest))
        self.basin_label.setText(self.tr("Plain GD with η = {0:g}, {1} steps, from each start "
                                         "reaches — ").format(b.lr, b.steps) + "; ".join(parts))

    # --- race --------------------------------------------------------------------------------
    def start_race(self):
        if self.surface is None:
            return
        surface = self.surface
        lr = self.race_lr.value()
        steps = self.race_steps.value()
        kind = self.race_kind.currentData()
        start = surface.default_start
        if kind == "lrs":
            # Relative to the divergence threshold at the start: creeping, good, oscillating,
            # diverging — whatever the surface's scale.
            edge = divergence_threshold(surface_sharpness(surface, start))
            lrs = [0.02, 0.3, 0.9, 1.15] if np.isfinite(edge) else [lr / 10, lr, 3 * lr, 10 * lr]
            lrs = [v * edge for v in lrs] if np.isfinite(edge) else lrs

            def entries_fn():
                return [(f"η = {v:.3g} ({describe_step(v, edge)})", optim.SGD(v)) for v in lrs]
        else:
            def entries_fn():
                return [("GD", optim.SGD(lr)),
                        ("momentum 0.9", optim.SGD(lr, momentum=0.9)),
                        ("Nesterov 0.9", optim.SGD(lr, momentum=0.9, nesterov=True)),
                        ("Adam", optim.Adam(max(lr, 0.05)))]

        def work(cancelled, emit):
            return ("race", run_race(surface, entries_fn(), start=start, steps=steps))

        self.jobs.submit("race", work)

    def _advance_race(self):
        longest = max((len(r.path.points) for r in self.racers), default=0)
        self._race_shown = min(self._race_shown + max(1, longest // 150), longest)
        self._show_trails()
        self._plot_race()
        if self._race_shown >= longest:
            self._race_timer.stop()

    def _plot_race(self):
        self.race_plot.clear()
        for r in self.racers:
            n = min(self._race_shown, len(r.path.values))
            color = tuple(int(255 * c) for c in r.color)
            values = np.asarray(r.path.values[:n], dtype=float)
            self.race_plot.plot(np.arange(n), np.clip(values, -1e300, 1e300),
                                pen=pg.mkPen(color, width=2), name=r.label)

    # --- trails ------------------------------------------------------------------------------
    def _show_trails(self):
        trails = []
        for r in self.racers:
            n = min(self._race_shown, len(r.path.points))
            trails.append({"points": r.path.points[:n], "values": r.path.values[:n],
                           "color": r.color})
        if self._trail:
            t = np.array(self._trail)
            trails.append({"points": t[:, :2], "values": t[:, 2], "color": TRAINING_COLOR})
        self.view.set_trails(trails)

    # --- training ----------------------------------------------------------------------------
    def _remember_theta(self):
        theta = self.session.board.theta
        if self._path_thetas and self._path_thetas[-1].shape != theta.shape:
            self._path_thetas = []  # a new board shape starts a new path
        self._path_thetas.append(theta.copy())
        if len(self._path_thetas) > MAX_PATH:
            self._path_thetas = self._path_thetas[::2]

    def _on_rebuilt(self, *_):
        self._path_thetas = []
        self._sharp = ([], [], [])
        self._last_sharp_step = None
        self.sharp_curve.setData([], [])
        self.edge_curve.setData([], [])
        b = self.session.board
        self.peg_row.setMaximum(b.rows - 1)
        self.peg_feature.setMaximum(b.features - 1)
        self._remember_theta()
        if self.source.currentData() == "board":
            self.schedule()

    def _on_params(self, *_):
        # A script or a reset turned the pegs without training: follow if the slice is left.
        if not self._is_board():
            return
        self._follow()

    def _on_trained(self, session, snap):
        if snap is None:  # rewound
            self._path_thetas = []
        self._remember_theta()
        every = self.sharp_every.value()
        # Snapshots arrive at most ~30 per second, not one per step: measure by step count.
        if snap is not None and every > 0 and (self._last_sharp_step is None
                                               or snap.step - self._last_sharp_step >= every):
            self._last_sharp_step = int(snap.step)
            self._start_sharpness(snap)

    def _start_sharpness(self, snap):
        s = self.session
        board, X, y, loss = s.board.copy(), s.trainer.X, s.trainer.y, s.trainer.loss
        step, lr = int(snap.step), float(s.trainer.lr)

        def work(cancelled, emit):
            return ("sharpness", step, board_sharpness(board, X, y, loss=loss, iterations=15),
                    lr)

        self.jobs.submit("sharpness", work)

    def _project_path(self):
        """The training path, projected into the current slice, as the trail."""
        if not self._is_board():
            return
        sl = self.surface.slice
        pts = np.array([sl.project(t)[:2] for t in self._path_thetas[-MAX_PATH:]])
        if len(pts):
            values = np.asarray(self.surface.value(pts[:, 0], pts[:, 1]))
            self._trail = [(a, b, v) for (a, b), v in zip(pts, values, strict=True)]

    def _follow(self):
        sl = self.surface.slice
        theta = self.session.board.theta
        if theta.shape != sl.center.shape:  # the board was rebuilt: a new slice is on its way
            self.schedule()
            return
        a, b, dist = sl.project(theta)
        value = float(self.surface.value(a, b))
        self._trail.append((a, b, value))
        if len(self._trail) > MAX_PATH:
            self._trail = self._trail[::2]
        (x0, x1), (y0, y1) = self.surface.default_range
        off_grid = not (x0 <= a <= x1 and y0 <= b <= y1)
        # "Far from the plane": more than a quarter of the slice's half-width, in θ units.
        far = dist > 0.25 * (x1 - x0) / 2 * sl.scale()
        if (off_grid or far) and self.follow.isChecked() \
                and time.monotonic() - self._last_recentre > 1.5:
            self.recentre()
            return
        self._show_trails()
        self._update_path_label(dist)

    def _update_path_label(self, dist=None):
        if not self._is_board():
            self.path_label.setText(self.tr("Path details are for board slices."))
            return
        d = self.surface.slice.directions
        text = self.tr("Axes: {0} / {1}.").format(*d.labels)
        if d.explained is not None:
            text += " " + self.tr("The plane holds {0:.1%} + {1:.1%} of the path's variance.") \
                .format(*d.explained)
        if dist is not None:
            text += " " + self.tr("The pegs are {0:.3g} from the plane.").format(dist)
        self.path_label.setText(text)

    def _plot_gap(self, actual, surface_vals):
        """PCA: the losses training saw against the surface under the projected path."""
        self.gap_plot.clear()
        self.gap_plot.plot(actual, pen=pg.mkPen("#1f77b4", width=2), name=self.tr("training"))
        self.gap_plot.plot(surface_vals, pen=pg.mkPen("#d62728", width=2, style=Qt.DashLine),
                           name=self.tr("surface under the path"))

    # --- sweep and interpolation ---------------------------------------------------------------
    def start_sweep(self):
        if self.surface is None:
            return
        surface = self.surface
        beta = self.sweep_momentum.value()
        start = surface.default_start
        lam = surface_sharpness(surface, start)
        edge = divergence_threshold(lam, beta)
        centre = edge if np.isfinite(edge) else 1.0
        lrs = log_lrs(centre / 300, centre * 4, 40)

        def work(cancelled, emit):
            return ("sweep", run_sweep(surface, lrs, momentum=beta, start=start, steps=100))

        self.jobs.submit("sweep", work)

    def _plot_sweep(self, sw):
        self.sweep_plot.clear()
        # Both axes are logarithmic (pyqtgraph takes the raw values); a loss that reached
        # exactly 0 is drawn at 1e-16, and runs that diverged as red crosses along the top.
        ok = np.isfinite(sw.final_losses)
        finals = np.maximum(np.abs(sw.final_losses[ok]), 1e-16)
        if ok.any():
            self.sweep_plot.plot(sw.lrs[ok], finals, pen=pg.mkPen("#1f77b4", width=2),
                                 symbol="o", symbolSize=5, symbolBrush="#1f77b4")
        bad = ~ok
        if bad.any():
            top = float(finals.max()) * 3 if ok.any() else 1.0
            self.sweep_plot.plot(sw.lrs[bad], np.full(bad.sum(), top), pen=None,
                                 symbol="x", symbolSize=9, symbolBrush="#d62728",
                                 symbolPen="#d62728", name=self.tr("diverged"))
        if np.isfinite(sw.threshold):
            label = "2/λ_max" if sw.momentum == 0 else "(2+2β)/λ_max"
            line = pg.InfiniteLine(np.log10(sw.threshold), angle=90,
                                   pen=pg.mkPen("#d62728", width=2, style=Qt.DashLine),
                                   label=f"{label} = {sw.threshold:.3g}",
                                   labelOpts={"position": 0.9, "color": "#d62728"})
            self.sweep_plot.addItem(line)

    def _choose_checkpoints(self):
        from PySide6.QtWidgets import QFileDialog

        paths = []
        for title in (self.tr("First checkpoint (t = 0)"), self.tr("Second checkpoint (t = 1)")):
            path, _ = QFileDialog.getOpenFileName(self, title, "", self.tr("Checkpoints (*.npz)"))
            if not path:
                return
            paths.append(path)
        self.start_interpolation(*paths)

    def start_interpolation(self, first=None, second=None):
        """The loss along the line from the start of training (or checkpoint file ``first``)
        to now (or checkpoint file ``second``)."""
        s = self.session
        board, X, y, loss = s.board.copy(), s.trainer.X, s.trainer.y, s.trainer.loss
        try:
            a = self._checkpoint_theta(first, board) if first else self._path_thetas[0].copy()
            b = self._checkpoint_theta(second, board) if second else board.theta.copy()
        except ValueError as exc:  # CheckpointError is a ValueError: it names file and problem
            self.status.setText(str(exc))
            return

        def work(cancelled, emit):
            ts, losses = interpolate(board, X, y, a, b, n=61, loss=loss)
            return ("interpolation", ts, losses)

        self.jobs.submit("interpolation", work)

    @staticmethod
    def _checkpoint_theta(path, board):
        checkpoint = galton.load_checkpoint(path)
        if checkpoint.theta.shape != board.theta.shape:
            raise ValueError(f"{path}: its pegs have shape {checkpoint.theta.shape}, but this "
                             f"board's have {board.theta.shape}")
        return checkpoint.theta

    # --- looks -------------------------------------------------------------------------------
    def _look_changed(self, *_):
        self.view.set_options(colormap=self.colormap.currentData(),
                              log_height=self.log_height.isChecked(),
                              contours=self.contours.value())

    def close_jobs(self):
        self._race_timer.stop()
        self._pending.stop()
        self.jobs.close()
