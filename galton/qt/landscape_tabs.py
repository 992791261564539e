"""The landscape dock's tabs, one widget each: Slice (what is shown and how), Minima (and their
basins), Race, Step size (sweep and sharpness) and Path (PCA, the surface-vs-path gap,
interpolation). A tab holds its controls and draws what it is given; the dock
(galton.qt.landscape_dock) asks for the computations and hands each tab its results.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
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
    QVBoxLayout,
    QWidget,
)

from galton.core.expression import FUNCTIONS
from galton.core.surfaces import SURFACES
from galton.qt.charts import legend_label, log_axes
from galton.qt.names import fill, shown
from galton.render.colormap import COLORMAPS

# The lists come from the registries: galton.core.surfaces, galton.render.colormap (the
# shaders' tables) and the formula reader's functions.
SURFACE_NAMES = tuple(SURFACES)


def _spin(kind, low, high, value, *, decimals=None, step=None, prefix="", suffix=""):
    box = kind()
    if decimals is not None:
        box.setDecimals(decimals)
    box.setRange(low, high)
    box.setValue(value)
    if step is not None:
        box.setSingleStep(step)
    box.setPrefix(prefix)
    box.setSuffix(suffix)
    return box


class SliceTab(QWidget):
    """What is shown (the board's slice or a classic surface) and how it looks."""

    def __init__(self, parent=None):
        super().__init__(parent)
        form = QFormLayout(self)
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
        self.span = _spin(QDoubleSpinBox, 0.01, 100.0, 3.0, step=0.5)
        form.addRow(self.tr("Half-width"), self.span)
        self.surface_name = QComboBox()
        fill(self.surface_name, SURFACE_NAMES)
        self.surface_name.addItem(self.tr("formula…"), "formula")
        form.addRow(self.tr("Surface"), self.surface_name)
        self.formula = QLineEdit("(x**2 + y - 11)**2 + (x + y**2 - 7)**2")
        self.formula.setToolTip(self.tr("f(x, y) with + - * / ** and {0}")
                                .format(", ".join(FUNCTIONS)))
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
        fill(self.colormap, COLORMAPS)
        self.log_height = QCheckBox(self.tr("log height"))
        self.contours = _spin(QSpinBox, 0, 40, 12, prefix=self.tr("contours "))
        for w in (self.colormap, self.log_height, self.contours):
            look.addWidget(w)
        form.addRow(self.tr("Look"), look)
        self.peg_row.valueChanged.connect(lambda r: self.peg_slot.setRange(0, r))

    def fit_pegs(self, board) -> None:
        """The peg pickers' ranges for ``board``."""
        self.peg_row.setRange(0, board.rows - 1)
        self.peg_slot.setRange(0, self.peg_row.value())
        self.peg_feature.setRange(0, board.features - 1)

    def shows_board(self) -> bool:
        return self.source.currentData() == "board"

    def enable_for_source(self) -> None:
        """Only the controls that mean something for what is shown; a board slice starts at
        the half-width its directions call for."""
        board = self.shows_board()
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

    def look(self) -> dict:
        """The view's options (galton.qt.landscape_view.LandscapeView.set_options)."""
        return {"colormap": self.colormap.currentData(),
                "log_height": self.log_height.isChecked(), "contours": self.contours.value()}


class MinimaTab(QWidget):
    """The minima found on the finest grid, and where plain GD from each point ends."""

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        self.minima_list = QListWidget()
        box.addWidget(self.minima_list)
        row = QHBoxLayout()
        self.show_basins = QCheckBox(self.tr("Basins of attraction (plain GD)"))
        self.basin_lr = _spin(QDoubleSpinBox, 0.0001, 100.0, 0.5, decimals=4,
                              prefix=self.tr("η "))
        row.addWidget(self.show_basins)
        row.addWidget(self.basin_lr)
        box.addLayout(row)
        self.basin_label = QLabel()
        self.basin_label.setWordWrap(True)
        box.addWidget(self.basin_label)

    def show_minima(self, minima) -> None:
        """List the minima; with none in the slice, say so and offer no basins of nothing."""
        self.minima_list.clear()
        for k, m in enumerate(minima):
            self.minima_list.addItem(self.tr("minimum {0}: ({1:.4g}, {2:.4g})   loss {3:.6g}")
                                     .format(k + 1, m.x, m.y, m.loss))
        if not minima:
            self.minima_list.addItem(self.tr("No minimum inside this slice: the loss keeps "
                                             "falling towards its edge."))
        self.show_basins.setEnabled(bool(minima))
        self.show_basins.setToolTip(
            self.tr("Where plain gradient descent from each grid point ends") if minima
            else self.tr("No minimum inside this slice, so no basins to show: widen the "
                         "span, train further, or pick a surface"))

    def rolling(self) -> None:
        self.basin_label.setText(self.tr("rolling a ball from every grid point…"))

    def show_shares(self, basins) -> None:
        shares = basins.shares()
        parts = [self.tr("minimum {0}: {1:.0%}").format(k + 1, s) for k, s in enumerate(shares)]
        rest = 1.0 - float(shares.sum())
        if rest > 0.005:
            parts.append(self.tr("nowhere yet or diverged: {0:.0%}").format(rest))
        self.basin_label.setText(self.tr("Plain GD with η = {0:g}, {1} steps, from each start "
                                         "reaches — ").format(basins.lr, basins.steps)
                                 + "; ".join(parts))


class RaceTab(QWidget):
    """Optimizers (or step sizes) racing from the same start: their losses, step by step."""

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.race_kind = QComboBox()
        self.race_kind.addItem(self.tr("Step sizes: too small, good, too large, divergent"),
                               "lrs")
        self.race_kind.addItem(self.tr("Optimizers: GD, momentum, Nesterov, Adam"),
                               "optimizers")
        self.race_lr = _spin(QDoubleSpinBox, 0.0001, 100.0, 0.05, decimals=4,
                             prefix=self.tr("η "))
        self.race_steps = _spin(QSpinBox, 5, 5000, 150, suffix=self.tr(" steps"))
        self.race_button = QPushButton(self.tr("Race"))
        for w in (self.race_kind, self.race_lr, self.race_steps, self.race_button):
            row.addWidget(w)
        box.addLayout(row)
        self.race_plot = pg.PlotWidget()
        self.race_plot.setLabel("bottom", self.tr("step"))
        self.race_plot.setLabel("left", self.tr("loss"))
        box.addWidget(self.race_plot, 1)
        # Under the plot: inside it, the four long labels ("η = 18.9 (too large: oscillating
        # without settling; …)") covered most of the curves at 1280×720.
        self.race_legend = legend_label(white=False)
        box.addWidget(self.race_legend)

    def plot(self, racers, shown: int) -> None:
        """Each racer's loss over its first ``shown`` steps. The race replays ~150 frames: the
        curves and legend are made once per race and then only given more points (clearing
        and re-adding them cost ~23 ms of the window's time a frame)."""
        key = tuple((id(r), r.label, tuple(r.color)) for r in racers)
        if key != getattr(self, "_race_key", None):
            self.race_plot.clear()
            colors = [tuple(int(255 * c) for c in r.color) for r in racers]
            self._race_curves = [self.race_plot.plot(pen=pg.mkPen(color, width=2), name=r.label)
                                 for r, color in zip(racers, colors, strict=True)]
            self.race_legend.setText("<br>".join(
                f"<span style='color:rgb{color};font-weight:bold'>━━</span>&nbsp;"
                f"{html.escape(r.label)}" for r, color in zip(racers, colors, strict=True)))
            self.race_legend.setVisible(bool(racers))
            self._race_key = key
        for r, curve in zip(racers, self._race_curves, strict=True):
            n = min(shown, len(r.path.values))
            values = np.asarray(r.path.values[:n], dtype=float)
            curve.setData(np.arange(n), np.clip(values, -1e300, 1e300))


class StepSizeTab(QWidget):
    """The final loss against the step size, and the sharpness training meets."""

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.sweep_momentum = _spin(QDoubleSpinBox, 0.0, 0.99, 0.0, step=0.1,
                                    prefix=self.tr("momentum "))
        self.sweep_button = QPushButton(self.tr("Sweep the step size"))
        self.sharp_every = _spin(QSpinBox, 0, 10000, 20, prefix=self.tr("sharpness every "),
                                 suffix=self.tr(" steps"))
        self.sharp_every.setSpecialValueText(self.tr("sharpness off"))
        for w in (self.sweep_momentum, self.sweep_button, self.sharp_every):
            row.addWidget(w)
        box.addLayout(row)
        plots = QHBoxLayout()
        self.sweep_plot = pg.PlotWidget(title=self.tr("final loss vs step size"),
                                        axisItems=log_axes("bottom", "left"))
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

    def plot_sharpness(self, trace) -> None:
        self.sharp_curve.setData(trace.steps, trace.sharpness)
        self.edge_curve.setData(trace.steps, trace.edge)

    def plot_sweep(self, sw) -> None:
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


class PathTab(QWidget):
    """The slice's axes and how much of the path its plane holds; the loss along straight
    lines between two sets of pegs."""

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        box.addWidget(self.path_label)
        row = QHBoxLayout()
        self.interp_button = QPushButton(self.tr("Interpolate: start of training → now"))
        self.interp_files_button = QPushButton(self.tr("Interpolate between two checkpoints…"))
        self.enable_interpolation(None)
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

    def enable_interpolation(self, why_not: str | None) -> None:
        """The start → now line is offered when there is a training path to draw it along."""
        self.interp_button.setEnabled(why_not is None)
        self.interp_button.setToolTip(why_not or self.tr(
            "The loss along the straight line from the pegs at the start of training to the "
            "pegs now"))

    def describe(self, directions=None, distance=None) -> None:
        """The slice's axes (None: not a board slice), the share of the path's variance its
        plane holds, and how far the pegs are from it."""
        if directions is None:
            self.path_label.setText(self.tr("Path details are for board slices."))
            return
        text = self.tr("Axes: {0} / {1}.").format(*(shown(a) for a in directions.labels))
        if directions.explained is not None:
            text += " " + self.tr("The plane holds {0:.1%} + {1:.1%} of the path's variance.") \
                .format(*directions.explained)
        if distance is not None:
            text += " " + self.tr("The pegs are {0:.3g} from the plane.").format(distance)
        self.path_label.setText(text)

    def plot_gap(self, actual, surface_values) -> None:
        self.gap_plot.clear()
        self.gap_plot.plot(actual, pen=pg.mkPen("#1f77b4", width=2), name=self.tr("training"))
        self.gap_plot.plot(surface_values, pen=pg.mkPen("#d62728", width=2, style=Qt.DashLine),
                           name=self.tr("surface under the path"))

    def plot_interpolation(self, ts, losses) -> None:
        self.interp_plot.clear()
        self.interp_plot.plot(ts, losses, pen=pg.mkPen("#1f77b4", width=2))
        for t in (0.0, 1.0):
            self.interp_plot.addLine(x=t, pen=pg.mkPen("#999", style=Qt.DashLine))
