"""The landscape dock: the loss surface in OpenGL with its minima, basins, races and sweeps.

What is shown is a ``Surface`` (galton.core): either a slice of the real board's loss through
the current pegs (directions: turn one peg, random filter-normalised, or the PCA plane of the
training path) or a classic surface (bowl, pond, Himmelblau, a formula...). All computing
happens in jobs (galton.qt.landscape_jobs, on the one job runner) off the UI thread, and the
view draws in a thread of its own; this widget only asks and shows. Its tabs are widgets of
their own (galton.qt.landscape_tabs).

While the board trains, a ``PathTracker`` (galton.core.tracking, no Qt) keeps the path of the
pegs and its trail in the slice, drawn with the ball at its end; when training leaves the
slice (too far from the plane, or off the grid), the slice is re-centred on the current pegs
if "follow training" is on. The dock reads the session's latest Picture (a copy,
galton.qt.bridge), never the pegs Play's thread turns, and redraws the trail through the
window's DrawBudget.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

import galton
from galton.core import directions, landscape, surfaces
from galton.core.tracking import PathTracker
from galton.qt import landscape_jobs as jobs
from galton.qt.jobs import KEEP, Jobs
from galton.qt.landscape_flat import FlatLandscapeView
from galton.qt.landscape_tabs import MinimaTab, PathTab, RaceTab, SliceTab, StepSizeTab
from galton.qt.landscape_view import LandscapeView, opengl_problem

#: Colours of the basins on the floor (one per minimum, lowest first).
BASIN_COLORS = np.array([(0.25, 0.55, 0.95), (0.95, 0.55, 0.15), (0.35, 0.80, 0.35),
                         (0.85, 0.30, 0.55), (0.65, 0.45, 0.85), (0.95, 0.85, 0.25),
                         (0.30, 0.80, 0.80), (0.60, 0.60, 0.60)])
TRAINING_COLOR = (1.0, 0.25, 0.2)


#: Grids of a board slice, coarse to fine: each reuses the points of the one before (a 61x61
#: grid costs 3,721 evaluations in all, not 5,376 for 16, 32 and 64; docs/performance.md).
BOARD_GRIDS = landscape.NESTED_SIZES
#: Classic surfaces cost nothing per point: finer grids.
SURFACE_GRIDS = (32, 64, 128)

class LandscapePanel(QWidget):
    def __init__(self, session, parent=None, bridge=None, budget=None):
        super().__init__(parent)
        self.session = session
        if bridge is None:
            from galton.qt.bridge import SessionBridge

            bridge = SessionBridge(session, self)
        if budget is None:
            from galton.qt.bridge import DrawBudget

            budget = DrawBudget(self)
        self.budget = budget
        self.picture = bridge.picture
        self.tracker = PathTracker()
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
        self._race_timer = QTimer(self)
        self._race_timer.timeout.connect(self._advance_race)
        self._pending = QTimer(self)  # coalesces bursts of changes into one recomputation
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self.recompute)
        self._build()
        for name in ("board", "data"):
            bridge.connect(name, self._on_rebuilt)
        bridge.connect("trained", self._on_trained)
        bridge.connect("params", self._on_params)
        self.tracker.remember(self.picture.theta)
        self.schedule()

    # --- layout ------------------------------------------------------------------------------
    def _build(self):
        # Without OpenGL 3.3 a GL view would crash the process: draw a flat map instead.
        problem = opengl_problem()
        self.view = LandscapeView(self) if problem is None else FlatLandscapeView(problem, self)
        self.slice_tab, self.minima_tab, self.race_tab = SliceTab(), MinimaTab(), RaceTab()
        self.step_tab, self.path_tab = StepSizeTab(), PathTab()
        self.tabs = QTabWidget()
        for tab, title in ((self.slice_tab, self.tr("Slice")),
                           (self.minima_tab, self.tr("Minima")), (self.race_tab, self.tr("Race")),
                           (self.step_tab, self.tr("Step size")),
                           (self.path_tab, self.tr("Path"))):
            self.tabs.addTab(tab, title)
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

        s = self.slice_tab
        for w in (s.source, s.directions, s.surface_name):
            w.currentIndexChanged.connect(self._source_changed)
        for w in (s.peg_row, s.peg_slot, s.peg_feature, s.span):
            w.valueChanged.connect(lambda *_: self.schedule())
        s.formula.editingFinished.connect(self.schedule)
        s.recentre_button.clicked.connect(self.recentre)
        s.colormap.currentIndexChanged.connect(self._look_changed)
        s.log_height.toggled.connect(self._look_changed)
        s.contours.valueChanged.connect(self._look_changed)
        self.minima_tab.show_basins.toggled.connect(self._basins_toggled)
        self.minima_tab.basin_lr.editingFinished.connect(self._basins_toggled)
        self.race_tab.race_button.clicked.connect(self.start_race)
        self.step_tab.sweep_button.clicked.connect(self.start_sweep)
        self.path_tab.interp_button.clicked.connect(lambda: self.start_interpolation())
        self.path_tab.interp_files_button.clicked.connect(self._choose_checkpoints)
        s.fit_pegs(self.picture.board)
        self._source_changed()

    # --- what is shown -----------------------------------------------------------------------
    def _source_changed(self, *_):
        self.slice_tab.enable_for_source()
        self.schedule()

    def set_source(self, source: str, name: str | None = None, directions: str | None = None):
        """Script-friendly: ``set_source("surface", "himmelblau")``, ``set_source("board",
        directions="random")``."""
        s = self.slice_tab
        s.source.setCurrentIndex(s.source.findData(source))
        if name is not None:
            s.surface_name.setCurrentIndex(s.surface_name.findData(name))
        if directions is not None:
            s.directions.setCurrentIndex(s.directions.findData(directions))
        self.recompute()

    def _make_surface(self):
        """The Surface the settings describe (may raise ValueError with a message for users)."""
        s = self.slice_tab
        if not s.shows_board():
            name = s.surface_name.currentData()
            if name == "formula":
                return surfaces.from_expression(s.formula.text())
            return surfaces.get(name)
        picture = self.picture
        board = picture.board
        kind = s.directions.currentData()
        if kind == "peg":
            row = min(s.peg_row.value(), board.rows - 1)
            dirs = directions.peg(board, row, min(s.peg_slot.value(), row),
                         min(s.peg_feature.value(), board.features - 1))
            center = board.theta
        elif kind == "random":
            seed = picture.settings["training"]["seed"]
            dirs = directions.random_directions(board.theta, seed=seed)
            center = board.theta
        else:
            try:
                traj = self.tracker.pca(board.theta)
            except ValueError:
                raise ValueError(self.tr("PCA needs a training path: train a few steps "
                                         "first")) from None
            dirs, center = traj.directions, traj.center
        return landscape.board_surface(board, picture.X, picture.y, dirs, center=center,
                               loss=picture.loss, span=s.span.value())

    def schedule(self, delay_ms: int = 60):
        self._pending.start(delay_ms)

    def recompute(self):
        """Start computing the landscape the settings describe (coarse grid first)."""
        self._pending.stop()
        generation = self.jobs.new_generation()
        self.racers = []
        self._race_timer.stop()
        try:
            surface = self._make_surface()
        except (ValueError, np.linalg.LinAlgError) as exc:
            self.status.setText(str(exc))
            return
        self.surface = surface
        self.grid = None  # the last one belongs to the last surface
        self.minima, self.basins = [], None
        self.minima_tab.minima_list.clear()
        self.tracker.trail = []
        board = self._is_board()
        self.status.setText(self.tr("computing the landscape…"))
        picture = self.picture
        # The path's trail in the new slice is computed with the grid (a loss per point).
        self.jobs.submit("grid", jobs.grid_job(
            surface, BOARD_GRIDS if board else SURFACE_GRIDS, board,
            list(self.tracker.thetas) if board else [], picture.board.copy(),
            picture.X, picture.y, picture.loss), generation)
        self._show_trails()
        self.path_tab.describe(surface.slice.directions if board else None)

    def recentre(self):
        self.tracker.last_recentre = time.monotonic()
        self.recompute()

    def _is_board(self) -> bool:
        return self.surface is not None and hasattr(self.surface, "slice")

    # --- results -----------------------------------------------------------------------------
    def _on_result(self, generation, kind, result):
        if generation != self.jobs.generation and generation != KEEP:
            return
        if isinstance(result, jobs.Trail):
            self.tracker.trail = result.points + self.tracker.trail  # followed since
            self._show_trails()
        elif isinstance(result, jobs.Grid):
            self.grid = (result.xs, result.ys, result.Z)
            self.view.set_surface(result.xs, result.ys, result.Z)
            self.view.axis_names = (self.surface.slice.directions.labels if self._is_board()
                                    else ("x", "y"))
            Z = result.Z
            self.status.setText(self.tr("{0}: {1}×{1} grid, loss {2:.4g} … {3:.4g}").format(
                self.surface.name, Z.shape[0], float(np.nanmin(Z)), float(np.nanmax(Z))))
        elif isinstance(result, jobs.Minima):
            self.minima = result.minima
            self.minima_tab.show_minima(self.minima)
            self.view.set_markers([(m.x, m.y, m.loss) for m in self.minima])
            if self.minima_tab.show_basins.isChecked():
                self._start_basins()
        elif isinstance(result, jobs.Basins):
            self.basins = result.basins
            self.view.set_basins(self.basins.labels, BASIN_COLORS)
            self.minima_tab.show_shares(self.basins)
        elif isinstance(result, jobs.Gap):
            self.path_tab.plot_gap(result.actual, result.surface)
        elif isinstance(result, jobs.Race):
            self.racers = result.racers
            self._race_shown = 1
            self.race_tab.plot(self.racers, self._race_shown)
            self._race_timer.start(30)
        elif isinstance(result, jobs.Sweep):
            self.step_tab.plot_sweep(result.sweep)
        elif isinstance(result, jobs.Sharpness):
            self.tracker.add_sharpness(result.step, result.sharpness, result.lr)
            self.step_tab.plot_sharpness(self.tracker.sharpness)
        elif isinstance(result, jobs.Interpolation):
            self.path_tab.plot_interpolation(result.ts, result.losses)

    def _on_failed(self, generation, kind, message):
        if generation in (self.jobs.generation, KEEP):
            self.status.setText(self.tr("{0} failed: {1}").format(kind, message))

    @property
    def busy(self) -> bool:
        """Something is being computed (scripts and tests wait on this)."""
        return self.jobs.pending > 0

    def _on_busy(self, kind, running):
        if running and kind == "basins":
            self.minima_tab.rolling()

    # --- basins and races --------------------------------------------------------------------
    def _basins_toggled(self, *_):
        if self.minima_tab.show_basins.isChecked() and self.minima:
            self._start_basins()
        elif not self.minima_tab.show_basins.isChecked():
            self.basins = None
            self.view.set_basins(None, None)
            self.minima_tab.basin_label.clear()

    def _start_basins(self):
        if self.grid is None:
            return
        xs, ys, _ = self.grid
        n, steps = (20, 80) if self._is_board() else (96, 600)
        self.jobs.submit("basins", jobs.basins_job(
            self.surface, np.linspace(xs[0], xs[-1], n), np.linspace(ys[0], ys[-1], n),
            list(self.minima), self.minima_tab.basin_lr.value(), steps))

    def start_race(self):
        if self.surface is not None:
            r = self.race_tab
            self.jobs.submit("race", jobs.race_job(self.surface, r.race_kind.currentData(),
                                                   r.race_lr.value(), r.race_steps.value()))

    def _advance_race(self):
        longest = max((len(r.path.points) for r in self.racers), default=0)
        self._race_shown = min(self._race_shown + max(1, longest // 150), longest)
        self._show_trails()
        self.race_tab.plot(self.racers, self._race_shown)
        if self._race_shown >= longest:
            self._race_timer.stop()

    def _show_trails(self):
        trails = []
        for r in self.racers:
            n = min(self._race_shown, len(r.path.points))
            trails.append({"points": r.path.points[:n], "values": r.path.values[:n],
                           "color": r.color})
        if self.tracker.trail:
            t = np.array(self.tracker.trail)
            trails.append({"points": t[:, :2], "values": t[:, 2], "color": TRAINING_COLOR})
        self.view.set_trails(trails)

    # --- training ----------------------------------------------------------------------------
    def _take(self, picture) -> bool:
        if picture.version < self.picture.version:
            return False  # an older moment, queued behind a newer one
        self.picture = picture
        return True

    def _on_rebuilt(self, picture, *_):
        if not self._take(picture):
            return
        self.tracker.restart()
        self.step_tab.plot_sharpness(self.tracker.sharpness)
        b = picture.board
        self.slice_tab.peg_row.setMaximum(b.rows - 1)
        self.slice_tab.peg_feature.setMaximum(b.features - 1)
        self.tracker.remember(picture.theta)
        if self.slice_tab.shows_board():
            self.schedule()

    def _on_params(self, picture, *_):
        # The pegs turned (training, a script, a reset): follow, when the budget allows.
        if not self._take(picture) or not self._is_board():
            return
        self.budget.request(self, self._follow)

    def _on_trained(self, picture, snap):
        self._take(picture)
        if snap is None:  # rewound
            self.tracker.forget_path()
        self.tracker.remember(picture.theta)
        if snap is not None and self.tracker.sharpness_due(snap.step,
                                                           self.step_tab.sharp_every.value()):
            s = self.picture
            self.jobs.submit("sharpness", jobs.sharpness_job(
                s.board.copy(), s.X, s.y, s.loss, int(snap.step), float(s.lr)), keep=True)

    def _follow(self):
        if not self._is_board():
            return
        followed = self.tracker.follow(self.surface, self.picture.theta)
        if followed is None:  # the board was rebuilt: a new slice is on its way
            self.schedule()
            return
        if self.slice_tab.follow.isChecked() and self.tracker.should_recentre(followed):
            self.recentre()
            return
        self._show_trails()
        self.path_tab.describe(self.surface.slice.directions, followed.distance)

    # --- interpolation -----------------------------------------------------------------------
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
        s = self.picture
        board = s.board.copy()
        try:
            a = self._checkpoint_theta(first, board) if first else self.tracker.start()
            b = self._checkpoint_theta(second, board) if second else board.theta.copy()
        except ValueError as exc:  # CheckpointError is a ValueError: it names file and problem
            self.status.setText(str(exc))
            return
        if a is None:
            a = board.theta.copy()
        self.jobs.submit("interpolation", jobs.interpolation_job(board, s.X, s.y, a, b, s.loss),
                         keep=True)

    @staticmethod
    def _checkpoint_theta(path, board):
        checkpoint = galton.load_checkpoint(path)
        if checkpoint.theta.shape != board.theta.shape:
            raise ValueError(f"{path}: its pegs have shape {checkpoint.theta.shape}, but this "
                             f"board's have {board.theta.shape}")
        return checkpoint.theta

    # --- looks -------------------------------------------------------------------------------
    def _look_changed(self, *_):
        self.view.set_options(**self.slice_tab.look())

    def close_jobs(self):
        self._race_timer.stop()
        self._pending.stop()
        self.jobs.close()
        if hasattr(self.view, "close_gl"):
            self.view.close_gl()

    def start_sweep(self):
        if self.surface is not None:
            self.jobs.submit("sweep", jobs.sweep_job(self.surface,
                                                     self.step_tab.sweep_momentum.value()))
