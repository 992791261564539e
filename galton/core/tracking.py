"""Following training in the loss landscape: the path the pegs took, its trail in the slice
shown, when to re-centre the slice, and the sharpness measured along the way. No Qt: the
landscape dock draws what a ``PathTracker`` knows, and the tests drive one headless.

The path keeps at most ``max_path`` parameter vectors (every other one is dropped when it is
full, so it spans the whole run at a coarser pace); a board of another shape starts a new
path. The *trail* is the path projected into the current slice, as (α, β, loss) points with
the loss the slice's surface has there (what the 3-D view draws). Training has *left* the
slice when the pegs project off its grid or sit far from its plane (more than a quarter of its
half-width, in parameter units): then the slice should be re-centred on them, at most every
``recentre_seconds``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from galton.core.directions import pca_directions
from galton.core.losses import loss as mean_loss
from galton.core.stepsize import SharpnessTrace

MAX_PATH = 400


@dataclass(frozen=True)
class Followed:
    """What one step of training did in the slice."""

    point: tuple  # (α, β, loss) on the surface under the pegs
    distance: float  # from the slice's plane, in parameter units
    left: bool  # off the grid or far from the plane


class PathTracker:
    def __init__(self, max_path: int = MAX_PATH, recentre_seconds: float = 1.5):
        self.max_path = int(max_path)
        self.recentre_seconds = float(recentre_seconds)
        self.thetas: list[np.ndarray] = []
        self.trail: list[tuple] = []
        self.sharpness = SharpnessTrace([], [], [])
        self.last_sharpness_step: int | None = None
        self.last_recentre = -np.inf  # time.monotonic() of the last re-centring

    # --- the path ------------------------------------------------------------------------------
    def remember(self, theta) -> None:
        """Add the pegs of one moment (a copy) to the path."""
        theta = np.array(theta, dtype=np.float64)
        if self.thetas and self.thetas[-1].shape != theta.shape:
            self.thetas = []  # a new board shape starts a new path
        self.thetas.append(theta)
        if len(self.thetas) > self.max_path:
            self.thetas = self.thetas[::2]

    def restart(self) -> None:
        """A new board or new balls: the path and the sharpness start again."""
        self.thetas = []
        self.trail = []
        self.sharpness = SharpnessTrace([], [], [])
        self.last_sharpness_step = None

    def forget_path(self) -> None:
        """Training was rewound: the path so far no longer leads to the pegs."""
        self.thetas = []

    def start(self):
        """The first pegs of the path (None if there is none)."""
        return self.thetas[0].copy() if self.thetas else None

    def pca(self, theta):
        """The PCA plane of the path up to ``theta`` (the pegs now); ValueError if the path is
        too short to have one."""
        path = [*self.thetas, np.asarray(theta, dtype=np.float64)]
        if len(path) < 3:
            raise ValueError("PCA needs a training path: train a few steps first")
        return pca_directions(np.array(path))

    # --- the trail in a slice ------------------------------------------------------------------
    @staticmethod
    def project(surface, thetas) -> list[tuple]:
        """The trail of ``thetas`` in ``surface``'s slice: (α, β, loss) each. Costs one loss
        per point: run it off the UI thread."""
        sl = surface.slice
        points = np.array([sl.project(t)[:2] for t in thetas])
        if not len(points):
            return []
        values = np.asarray(surface.value(points[:, 0], points[:, 1]))
        return [(float(a), float(b), float(v)) for (a, b), v in zip(points, values,
                                                                  strict=True)]

    def follow(self, surface, theta) -> Followed | None:
        """The pegs moved to ``theta``: extend the trail; None if ``theta`` belongs to another
        board shape than the slice (a new slice is on its way)."""
        sl = surface.slice
        theta = np.asarray(theta, dtype=np.float64)
        if theta.shape != sl.center.shape:
            return None
        a, b, dist = sl.project(theta)
        point = (float(a), float(b), float(surface.value(a, b)))
        self.trail.append(point)
        if len(self.trail) > self.max_path:
            self.trail = self.trail[::2]
        (x0, x1), (y0, y1) = surface.default_range
        off_grid = not (x0 <= a <= x1 and y0 <= b <= y1)
        far = dist > 0.25 * (x1 - x0) / 2 * sl.scale()
        return Followed(point, float(dist), bool(off_grid or far))

    def should_recentre(self, followed: Followed | None, now: float | None = None) -> bool:
        """Re-centre the slice now? (Training left it, and the last re-centring is old
        enough not to chase every step.) Records the re-centring when it says yes."""
        now = time.monotonic() if now is None else now
        if followed is None or not followed.left \
                or now - self.last_recentre <= self.recentre_seconds:
            return False
        self.last_recentre = now
        return True

    # --- sharpness -----------------------------------------------------------------------------
    def sharpness_due(self, step: int, every: int) -> bool:
        """Measure λ_max at ``step``? Every ``every`` steps (0: never), counted in steps: the
        window sees a few snapshots a second, not every step. Records the step when yes."""
        if every <= 0:
            return False
        if self.last_sharpness_step is not None and step - self.last_sharpness_step < every:
            return False
        self.last_sharpness_step = int(step)
        return True

    def add_sharpness(self, step: int, sharpness: float, lr: float) -> None:
        self.sharpness.steps.append(int(step))
        self.sharpness.sharpness.append(float(sharpness))
        self.sharpness.edge.append(2.0 / lr if lr > 0 else np.nan)


def loss_at(board, theta, X, y, loss) -> float:
    """The loss of ``board`` with pegs ``theta`` (sets them: pass a copy of a board)."""
    board.theta = theta
    return float(mean_loss(board, X, y, loss))


def surface_gap(surface, thetas, board, X, y, loss):
    """(losses training saw, the surface under the projected path) along ``thetas``: how
    much of the path the slice's plane shows (see core.landscape.path_gap)."""
    sl = surface.slice
    coords = np.array([sl.project(t)[:2] for t in thetas])
    actual = np.array([loss_at(board, t, X, y, loss) for t in thetas])
    return actual, np.asarray(surface.value(coords[:, 0], coords[:, 1]))
