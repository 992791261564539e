"""The landscape of an export: the board's loss over the plane the training path lies in, the
path rolling on it, and the OpenGL frames of it. No Qt: the GL context comes from the caller
(EGL headless, Qt's offscreen surface in the app), see ``galton.export.gl``.

The plane is the PCA plane of the whole path of the clip (Li et al. 2018, §7), centred where
training ends, so the path lies in it as far as two directions can hold it; if the path does
not move, or moves along a line, random filter-normalised directions through the last pegs are
used instead. The grid is computed once; each frame only the trail grows.
"""

from __future__ import annotations

import math

import numpy as np

from galton.core.directions import pca_directions, random_directions
from galton.core.landscape import board_surface
from galton.core.landscape import grid as loss_grid
from galton.render.camera import OrbitCamera

GRID = 64
TRAINING_COLOR = (1.0, 0.25, 0.2)
CAMERA_DISTANCE = 5.0  # the landscape dock's colour for the training path


class LandscapeScene:
    """The surface, the projected path and the camera for every frame of a film."""

    def __init__(self, film, grid: int = GRID):
        session = film.session
        board = session.board.copy()
        thetas = np.array(film.thetas)
        X, y, loss = session.trainer.X, session.trainer.y, session.trainer.loss
        try:
            traj = pca_directions(thetas)
            directions, center = traj.directions, traj.center
            coords = traj.coords
        except (ValueError, np.linalg.LinAlgError):
            center = thetas[-1]
            directions = random_directions(center, seed=film.seed)
            coords = None
        board.theta = center
        self.surface = board_surface(board, X, y, directions, center=center, loss=loss)
        sl = self.surface.slice
        if coords is None:
            coords = np.array([sl.project(t)[:2] for t in thetas])
        self.directions = directions
        # A square window (in θ units, so the picture is not stretched) around the path.
        lo, hi = coords.min(axis=0), coords.max(axis=0)
        mid = (lo + hi) / 2
        half = max(0.5 * float(np.max(hi - lo)) * 1.35, 0.25 * sl.scale(), 1e-3)
        self.x_range = (float(mid[0] - half), float(mid[0] + half))
        self.y_range = (float(mid[1] - half), float(mid[1] + half))
        self.xs, self.ys, self.Z = loss_grid(self.surface, grid, self.x_range, self.y_range)
        self.coords = coords
        # The ball rolls on the surface: its height is the surface's under the projected path.
        self.values = np.asarray(self.surface.value(coords[:, 0], coords[:, 1]), dtype=float)
        self.film = film

    @property
    def axis_names(self) -> tuple:
        return tuple(self.directions.labels)

    @property
    def explained(self):
        return self.directions.explained

    def trail(self, frame: int) -> dict:
        n = self.film.training_frame(frame) + 1
        return {"points": self.coords[:n], "values": self.values[:n], "color": TRAINING_COLOR}

    def camera(self, frame: int) -> OrbitCamera:
        # A little further back than the app's view: the axis labels at the near corner
        # must not leave the frame.
        camera = OrbitCamera(distance=CAMERA_DISTANCE)
        plan = self.film.plan
        if plan.orbit:
            camera.orbit(plan.orbit * frame / max(1, plan.frames - 1), 0.0)
        return camera


class LandscapeFrames:
    """Renders a LandscapeScene with a LandscapeRenderer into (h, w, 3) arrays. Needs a
    current OpenGL 3.3 core context for every call (and the same one throughout).

    With a still camera the surface, the floor map and the background are drawn once into a
    multisampled buffer; each frame copies its colour and depth and draws only the trail and
    the ball on top: the same pixels for a quarter of the cost on a software renderer."""

    def __init__(self, scene: LandscapeScene, width: int, height: int, samples: int = 4):
        from galton.render.landscape import LandscapeRenderer, LayeredTarget

        self.scene, self.width, self.height = scene, int(width), int(height)
        self.renderer = LandscapeRenderer()
        self.renderer.initialize()
        self.renderer.set_surface(scene.xs, scene.ys, scene.Z)
        self.target = LayeredTarget(samples)
        self.still = not scene.film.plan.orbit

    def render(self, frame: int) -> np.ndarray:
        camera = self.scene.camera(frame)
        self.renderer.set_trails([self.scene.trail(frame)])
        return self.target.render(self.renderer, self.width, self.height, camera,
                                  still="still" if self.still else None)

    def release(self):
        self.target.release()
        self.renderer.release()


def flat_map(scene: LandscapeScene, width: int, height: int) -> np.ndarray:
    """The no-OpenGL stand-in: the loss as a top-down colour map (viridis), (h, w, 3) uint8,
    with the path drawn by the caller. Nearest-neighbour resampling in numpy."""
    from galton.render.colormap import colormap

    Z = scene.Z
    lo, hi = float(np.nanmin(Z)), float(np.nanmax(Z))
    t = np.nan_to_num((Z - lo) / (hi - lo if hi > lo else 1.0), nan=1.0)
    # Row 0 of Z is the lowest y: flipped, so the top of the picture is the highest.
    rgb = (colormap("viridis", t)[::-1] * 255).round().astype(np.uint8)
    ny, nx = Z.shape
    rows = np.minimum((np.arange(height) * ny) // height, ny - 1)
    cols = np.minimum((np.arange(width) * nx) // width, nx - 1)
    return np.ascontiguousarray(rgb[rows][:, cols])


def flat_point(scene: LandscapeScene, x: float, y: float, width: int, height: int):
    """Pixel of slice point (x, y) on ``flat_map``'s picture."""
    (x0, x1), (y0, y1) = scene.x_range, scene.y_range
    px = (x - x0) / (x1 - x0) * width
    py = (1.0 - (y - y0) / (y1 - y0)) * height
    return (px, py) if math.isfinite(px) and math.isfinite(py) else None
