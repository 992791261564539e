"""Following training in the landscape, headless (galton.core.tracking): the path, its trail in
a slice, when training has left the slice, sharpness counted in steps, the PCA plane."""

import numpy as np
import pytest

import galton
import galton.landscape as L
from galton.core.optim import SGD
from galton.core.tracking import PathTracker, loss_at, surface_gap
from galton.core.trainer import Trainer


@pytest.fixture(scope="module")
def run():
    """A board, its balls and the pegs after each of 30 steps of plain GD."""
    data = galton.datasets.colors(200, colors=3, seed=4)
    board = galton.Board(4, data.features, data.n_classes, seed=1, init="normal")
    trainer = Trainer(board.copy(), data, SGD(0.5))
    thetas = [trainer.board.theta.copy()]
    for _ in range(30):
        trainer.step()
        thetas.append(trainer.board.theta.copy())
    return board, data, thetas


def test_the_path_keeps_copies_thins_out_when_full_and_restarts_on_a_new_shape():
    tracker = PathTracker(max_path=8)
    theta = np.zeros((3, 4))
    for k in range(9):
        theta[0, 0] = k
        tracker.remember(theta)  # the same array, turned in place (as Play turns its pegs)
    assert [t[0, 0] for t in tracker.thetas] == [0, 2, 4, 6, 8]  # every other one, in order
    assert tracker.start()[0, 0] == 0
    tracker.remember(np.ones((6, 3)))  # another board shape: a new path
    assert len(tracker.thetas) == 1 and tracker.thetas[0].shape == (6, 3)
    tracker.forget_path()
    assert tracker.start() is None


def test_the_trail_is_the_path_in_the_slice_with_the_surface_loss(run):
    board, data, thetas = run
    surface = L.board_surface(board, data.X, data.y, L.random_directions(board.theta, seed=0),
                              center=thetas[-1])
    trail = PathTracker.project(surface, thetas)
    assert len(trail) == len(thetas)
    for (a, b, value), theta in zip(trail, thetas, strict=True):
        assert (a, b) == pytest.approx(surface.slice.project(theta)[:2])
        assert value == pytest.approx(float(surface.value(a, b)), rel=1e-12)
    # The slice passes through its centre: the last pegs sit at (0, 0) on the surface.
    assert trail[-1][:2] == pytest.approx((0.0, 0.0), abs=1e-9)
    assert trail[-1][2] == pytest.approx(loss_at(board.copy(), thetas[-1], data.X, data.y,
                                                 "cross_entropy"), rel=1e-12)


def test_training_leaves_a_slice_off_its_grid_or_far_from_its_plane(run):
    board, data, thetas = run
    surface = L.board_surface(board, data.X, data.y, L.random_directions(board.theta, seed=0),
                              center=thetas[0], span=1.0)
    tracker = PathTracker(recentre_seconds=1.5)
    near = tracker.follow(surface, thetas[0])
    assert near.distance == pytest.approx(0, abs=1e-12) and not near.left
    assert not tracker.should_recentre(near, now=100.0)
    sl = surface.slice
    far = thetas[0] + 0.5 * sl.scale() * np.ones_like(thetas[0])  # off the plane
    left = tracker.follow(surface, far)
    assert left.left and left.distance > 0.25 * sl.scale()
    assert tracker.should_recentre(left, now=100.0)
    assert not tracker.should_recentre(left, now=101.0)  # not again at once
    assert tracker.should_recentre(left, now=102.0)
    off_grid = sl.theta(3.0, 0.0)  # in the plane, beyond the half-width
    assert tracker.follow(surface, off_grid).left
    assert tracker.follow(surface, np.zeros((7, 4))) is None  # another board's pegs
    assert len(tracker.trail) == 3


def test_sharpness_is_measured_every_so_many_steps_not_snapshots():
    tracker = PathTracker()
    due = [step for step in (0, 3, 7, 12, 19, 20, 33) if tracker.sharpness_due(step, 10)]
    assert due == [0, 12, 33]
    assert not PathTracker().sharpness_due(5, 0)  # 0: off
    tracker.add_sharpness(12, 7.5, 0.5)
    tracker.add_sharpness(33, 8.0, 0.0)
    assert tracker.sharpness.steps == [12, 33] and tracker.sharpness.edge[0] == 4.0
    assert np.isnan(tracker.sharpness.edge[1])
    tracker.restart()
    assert tracker.sharpness.steps == [] and tracker.last_sharpness_step is None


def test_the_pca_plane_holds_the_path_and_the_gap_shows_what_it_misses(run):
    board, data, thetas = run
    tracker = PathTracker()
    with pytest.raises(ValueError, match="PCA needs a training path"):
        tracker.pca(thetas[0])
    for theta in thetas[:-1]:
        tracker.remember(theta)
    traj = tracker.pca(thetas[-1])
    assert traj.directions.kind == "pca" and 0.5 < sum(traj.directions.explained) <= 1 + 1e-12
    surface = L.board_surface(board, data.X, data.y, traj.directions, center=traj.center)
    actual, under = surface_gap(surface, thetas, board.copy(), data.X, data.y, "cross_entropy")
    assert actual == pytest.approx([loss_at(board.copy(), t, data.X, data.y, "cross_entropy")
                                    for t in thetas], rel=1e-12)
    # The plane misses some of the path: the surface under it is not the loss training saw.
    assert np.abs(under - actual).max() > 0
    explained = sum(traj.directions.explained)
    assert np.abs(under - actual).max() < np.abs(actual[0] - actual[-1]) / explained
