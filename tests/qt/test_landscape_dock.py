"""The landscape dock in the app: it computes off the UI thread and shows what the core finds."""

import html

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

from galton.qt.landscape_dock import BOARD_GRIDS
from galton.qt.landscape_jobs import Grid, Interpolation, Sweep
from galton.session import Session

TIMEOUT = 60000
#: The finest grid of a board slice (nested grids: 16, 31, 61).
FINEST = BOARD_GRIDS[-1]


def wait_grid(qtbot, panel, size):
    qtbot.waitUntil(lambda: panel.grid is not None and panel.grid[2].shape[0] == size,
                    timeout=TIMEOUT)


def test_board_slice_is_computed_coarse_to_fine_and_matches_the_board(window, qtbot):
    panel = window.landscape
    seen = []
    panel.jobs.result.connect(lambda g, k, p: seen.append((g, p.ys.size)) if isinstance(p, Grid)
                              else None)
    qtbot.waitUntil(lambda: not panel.busy and not panel._pending.isActive(), timeout=TIMEOUT)
    panel.recompute()
    generation = panel.jobs.generation
    qtbot.waitUntil(lambda: (generation, FINEST) in seen, timeout=TIMEOUT)
    sizes = [n for g, n in seen if g == generation]
    assert sizes == list(BOARD_GRIDS) and sizes[0] == 16  # the coarse picture first
    s = window.session
    # The slice passes through the current pegs: its centre is the board's loss.
    assert panel.surface.f([0.0, 0.0]) == pytest.approx(
        float(__import__("galton").loss(s.board, s.trainer.X, s.trainer.y)), rel=1e-12)
    assert "peg (0, 0)" in panel.surface.slice.directions.labels[0]


def test_himmelblau_lists_four_minima_with_markers(window, qtbot):
    panel = window.landscape
    panel.set_source("surface", "himmelblau")
    qtbot.waitUntil(lambda: panel.minima_tab.minima_list.count() == 4, timeout=TIMEOUT)
    assert all("loss 0" in panel.minima_tab.minima_list.item(k).text() or "e-" in
               panel.minima_tab.minima_list.item(k).text() for k in range(4))
    assert len(panel.view._markers) == 4


def test_pond_basins_show_where_plain_gd_ends(window, qtbot):
    panel = window.landscape
    panel.set_source("surface", "pond")
    qtbot.waitUntil(lambda: panel.minima_tab.minima_list.count() == 2, timeout=TIMEOUT)
    panel.minima_tab.basin_lr.setValue(0.5)
    panel.minima_tab.show_basins.setChecked(True)
    qtbot.waitUntil(lambda: panel.basins is not None, timeout=TIMEOUT)
    lake, pond = panel.basins.shares()
    assert lake > pond > 0.05
    assert "minimum 2" in panel.minima_tab.basin_label.text()
    panel.minima_tab.show_basins.setChecked(False)
    assert panel.basins is None


def test_step_size_race_and_sweep_on_the_bowl(window, qtbot):
    panel = window.landscape
    panel.set_source("surface", "bowl")
    wait_grid(qtbot, panel, 128)
    panel.race_tab.race_steps.setValue(30)
    panel.start_race()
    qtbot.waitUntil(lambda: len(panel.racers) == 4 and not panel._race_timer.isActive(),
                    timeout=TIMEOUT)
    labels = " ".join(r.label for r in panel.racers)
    for word in ("creeping", "good", "oscillating", "diverging"):
        assert word in labels
    assert len(panel.view.renderer._trails) == 4
    sweeps = []
    panel.jobs.result.connect(lambda g, k, p: sweeps.append(p.sweep) if isinstance(p, Sweep)
                              else None)
    panel.start_sweep()
    qtbot.waitUntil(lambda: bool(sweeps), timeout=TIMEOUT)
    assert sweeps[0].threshold == pytest.approx(1.0)


def test_the_race_replay_grows_its_curves_instead_of_remaking_them(window, qtbot):
    """The race replays ~150 frames; remaking the plot each frame cost ~23 ms of the window's
    time a frame. The curves are made once per race, and at the end each holds its racer's
    whole run, named in the legend."""
    panel = window.landscape
    panel.set_source("surface", "bowl")
    wait_grid(qtbot, panel, 128)
    panel.race_tab.race_steps.setValue(60)
    qtbot.mouseClick(panel.race_tab.race_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.racers) == 4 and panel._race_shown > 0, timeout=TIMEOUT)
    first = list(panel.race_tab.race_plot.getPlotItem().listDataItems())
    qtbot.waitUntil(lambda: not panel._race_timer.isActive(), timeout=TIMEOUT)
    items = panel.race_tab.race_plot.getPlotItem().listDataItems()
    assert items == first and len(items) == 4  # the same four curves, grown
    for racer, item in zip(panel.racers, items, strict=True):
        np.testing.assert_allclose(item.yData, np.clip(racer.path.values, -1e300, 1e300))
        assert item.name() == racer.label
    # The legend under the plot (inside it, the long labels covered the curves), one line a
    # racer, in its colour.
    assert panel.race_tab.race_plot.getPlotItem().legend is None
    legend = panel.race_tab.race_legend
    assert not legend.isHidden()  # (its tab may be behind another)
    lines = legend.text().split("<br>")
    assert len(lines) == 4
    for racer, line in zip(panel.racers, lines, strict=True):
        assert html.escape(racer.label) in line
        assert "rgb({}, {}, {})".format(*(int(255 * c) for c in racer.color)) in line


def test_training_draws_a_trail_tracks_sharpness_and_pca_explains_the_path(window, qtbot):
    panel = window.landscape
    wait_grid(qtbot, panel, FINEST)
    panel.step_tab.sharp_every.setValue(5)
    window.session.set(lr=0.5)
    for _ in range(12):
        window.session.step(3)
    sharp = panel.tracker.sharpness
    qtbot.waitUntil(lambda: len(sharp.steps) >= 3, timeout=TIMEOUT)
    assert all(v > 0 for v in sharp.sharpness)
    assert sharp.edge[-1] == pytest.approx(2 / 0.5)
    panel.set_source("board", directions="pca")
    wait_grid(qtbot, panel, FINEST)
    d = panel.surface.slice.directions
    assert d.kind == "pca" and 0.5 < sum(d.explained) <= 1.0 + 1e-12
    assert "variance" in panel.path_tab.path_label.text()
    assert len(panel.tracker.trail) >= 3
    # The trail ends at the current pegs, which the PCA plane passes through.
    assert panel.tracker.trail[-1][:2] == (pytest.approx(0, abs=1e-9), pytest.approx(0, abs=1e-9))


def test_following_training_recentres_the_slice(window, qtbot):
    panel = window.landscape
    panel.set_source("board", directions="random")
    wait_grid(qtbot, panel, FINEST)
    before = panel.surface.slice.center.copy()
    panel.tracker.last_recentre = 0.0
    window.session.set(lr=5.0)
    window.session.step(40)  # far away from the first plane
    qtbot.waitUntil(lambda: not np.array_equal(panel.surface.slice.center, before),
                    timeout=TIMEOUT)
    np.testing.assert_array_equal(panel.surface.slice.center, window.session.board.theta)


def test_a_bad_formula_is_reported_and_nothing_breaks(window, qtbot):
    panel = window.landscape
    panel.set_source("surface", "bowl")
    wait_grid(qtbot, panel, 128)
    panel.slice_tab.surface_name.setCurrentIndex(panel.slice_tab.surface_name.findData("formula"))
    panel.slice_tab.formula.setText("x ** ")
    panel.recompute()
    assert "formula" in panel.status.text()
    panel.slice_tab.formula.setText("(x - 1)**2 + 3*y**2")
    panel.recompute()
    qtbot.waitUntil(lambda: panel.minima_tab.minima_list.count() == 1, timeout=TIMEOUT)
    assert "(1, " in panel.minima_tab.minima_list.item(0).text()


def test_interpolation_between_start_and_now(window, qtbot):
    panel = window.landscape
    window.session.set(lr=0.5)
    window.session.step(20)
    got = []
    panel.jobs.result.connect(lambda g, k, p: got.append(p) if isinstance(p, Interpolation)
                              else None)
    panel.start_interpolation()
    qtbot.waitUntil(lambda: bool(got), timeout=TIMEOUT)
    ts, losses = got[0].ts, got[0].losses
    assert ts[0] < 0 and ts[-1] > 1 and np.all(np.isfinite(losses))


def test_interpolation_between_two_checkpoint_files(window, qtbot, tmp_path):
    panel = window.landscape
    s = window.session
    s.trainer.save_checkpoint(tmp_path / "a.npz")
    s.set(lr=0.5)
    s.step(15)
    s.trainer.save_checkpoint(tmp_path / "b.npz")
    got = []
    panel.jobs.result.connect(lambda g, k, p: got.append(p) if isinstance(p, Interpolation)
                              else None)
    panel.start_interpolation(tmp_path / "a.npz", tmp_path / "b.npz")
    qtbot.waitUntil(lambda: bool(got), timeout=TIMEOUT)
    ts, losses = got[0].ts, got[0].losses
    assert losses[np.argmin(np.abs(ts - 1))] == pytest.approx(s.trainer.evaluate()["train_loss"])
    (tmp_path / "bad.npz").write_bytes(b"not a checkpoint")
    panel.start_interpolation(tmp_path / "bad.npz", tmp_path / "b.npz")
    assert "bad.npz" in panel.status.text()


def test_a_new_board_shape_gets_a_new_slice(window, qtbot):
    panel = window.landscape
    wait_grid(qtbot, panel, FINEST)
    window.session.set(dataset="xor")  # 2 features: every peg has 3 parameters now
    # (No grid while the new slice's first one is computed.)
    qtbot.waitUntil(lambda: panel.surface.slice.center.shape == window.session.board.theta.shape
                    and panel.grid is not None
                    and panel.grid[2].shape[0] == FINEST and not panel.busy, timeout=TIMEOUT)
    window.session.set(rows=3)
    window.session.step(5)
    qtbot.waitUntil(lambda: panel.surface.slice.center.shape == (6, 3) and not panel.busy,
                    timeout=TIMEOUT)


def test_without_opengl_the_dock_draws_a_flat_map(qtbot, monkeypatch):
    import galton.qt.landscape_dock as dock

    monkeypatch.setattr(dock, "opengl_problem", lambda: "the Qt platform 'offscreen' cannot")
    panel = dock.LandscapePanel(Session())
    qtbot.addWidget(panel)
    panel.show()
    assert isinstance(panel.view, dock.FlatLandscapeView)
    panel.set_source("surface", "pond")
    qtbot.waitUntil(lambda: panel.minima_tab.minima_list.count() == 2 and not panel.busy,
                    timeout=TIMEOUT)
    panel.start_race()
    qtbot.waitUntil(lambda: len(panel.racers) == 4 and not panel._race_timer.isActive(),
                    timeout=TIMEOUT)
    image = panel.view.grab_array()
    assert image.std() > 10 and len(panel.view._trail_items) == 8
    panel.close_jobs()
