"""An orbit camera in pure numpy: it circles a target point, z is up.

Angles are in degrees. Azimuth is measured in the x-y plane from +x towards +y, elevation
from that plane up; the eye sits at ``target + distance * (cos el cos az, cos el sin az,
sin el)``. Matrices are row-major float64 (upload with transpose=True).
"""

from __future__ import annotations

import math

import numpy as np


class OrbitCamera:
    #: Elevation stays above the floor plane and short of straight down, where "up" would flip.
    ELEVATION_RANGE = (-10.0, 89.0)
    DISTANCE_RANGE = (0.6, 20.0)

    def __init__(self, azimuth: float = -60.0, elevation: float = 30.0, distance: float = 4.4,
                 target=(0.0, 0.0, -0.05), fov: float = 35.0):
        self.fov = float(fov)
        self._home = (float(azimuth), float(elevation), float(distance),
                      tuple(float(v) for v in target))
        self.reset()

    def reset(self):
        azimuth, elevation, distance, target = self._home
        self.azimuth = azimuth
        self.elevation = float(np.clip(elevation, *self.ELEVATION_RANGE))
        self.distance = float(np.clip(distance, *self.DISTANCE_RANGE))
        self.target = np.array(target, dtype=np.float64)

    # --- moves -------------------------------------------------------------------------------
    def orbit(self, d_azimuth: float, d_elevation: float):
        self.azimuth = (self.azimuth + float(d_azimuth) + 180.0) % 360.0 - 180.0
        self.elevation = float(np.clip(self.elevation + float(d_elevation),
                                       *self.ELEVATION_RANGE))

    def pan(self, dx: float, dy: float):
        """Slide the target across the view: dx right and dy up, as fractions of the view's
        height, so the scene under the mouse follows the mouse at the target's depth."""
        right, up, _ = self._basis()
        scale = 2.0 * self.distance * math.tan(math.radians(self.fov) / 2.0)
        self.target = self.target - (right * float(dx) + up * float(dy)) * scale

    def zoom(self, factor: float):
        """factor > 1 moves closer."""
        if not (factor > 0 and math.isfinite(factor)):
            raise ValueError(f"zoom factor must be a positive number, got {factor!r}")
        self.distance = float(np.clip(self.distance / factor, *self.DISTANCE_RANGE))

    # --- matrices ------------------------------------------------------------------------------
    def eye(self) -> np.ndarray:
        az, el = math.radians(self.azimuth), math.radians(self.elevation)
        direction = np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az),
                              math.sin(el)])
        return self.target + self.distance * direction

    def _basis(self):
        forward = self.target - self.eye()
        forward /= np.linalg.norm(forward)
        right = np.cross(forward, (0.0, 0.0, 1.0))
        right /= np.linalg.norm(right)  # never zero: elevation stops short of +-90
        return right, np.cross(right, forward), forward

    def view_matrix(self) -> np.ndarray:
        right, up, forward = self._basis()
        eye = self.eye()
        view = np.eye(4)
        view[0, :3], view[1, :3], view[2, :3] = right, up, -forward
        view[:3, 3] = -view[:3, :3] @ eye
        return view

    def projection_matrix(self, aspect: float, near: float = 0.05, far: float = 60.0):
        """OpenGL perspective (clip z in -w..w) with a vertical field of view of ``fov``."""
        f = 1.0 / math.tan(math.radians(self.fov) / 2.0)
        aspect = float(aspect) if aspect > 0 else 1.0
        proj = np.zeros((4, 4))
        proj[0, 0], proj[1, 1] = f / aspect, f
        proj[2, 2] = (far + near) / (near - far)
        proj[2, 3] = 2.0 * far * near / (near - far)
        proj[3, 2] = -1.0
        return proj

    def __repr__(self):
        t = ", ".join(f"{v:.3g}" for v in self.target)
        return (f"OrbitCamera(azimuth={self.azimuth:.1f}, elevation={self.elevation:.1f}, "
                f"distance={self.distance:.3g}, target=({t}))")
