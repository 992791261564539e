"""The landscape's vertex data in pure numpy: what the renderer uploads, testable without GL.

World space: the data's x range maps to -1..1 on X, its y range to -1..1 on Y, and a loss to a
normalised height 0..1 on Z (times the height scale, applied in the shaders). Every height is
stored twice, linear and logarithmic, so switching ``log_height`` or the height scale only
changes uniforms; surface slopes are stored for both too, so normals stay exact for any scale.
"""

from __future__ import annotations

import math

import numpy as np

#: Log heights are log(r + LOG_EPS) rescaled to 0..1, r = (loss - min) / span: four decades.
LOG_EPS = 1e-4
#: Floats per surface vertex: xy, heights (lin, log), slopes (lin xy, log xy), valid.
SURFACE_STRIDE = 9
#: Floats per trail vertex: pos, prev, next (each x, y, h_lin, h_log), side, rgb, age.
TRAIL_STRIDE = 17


class HeightMap:
    """Maps losses to normalised heights over the finite range of a surface."""

    def __init__(self, values):
        z = np.asarray(values, dtype=np.float64)
        finite = z[np.isfinite(z)]
        if finite.size == 0:
            self.low, self.high = 0.0, 1.0
        else:
            self.low, self.high = float(finite.min()), float(finite.max())

    def relative(self, values) -> np.ndarray:
        """(loss - min) / span clipped to 0..1 (0 on a flat surface); nan stays nan."""
        v = np.asarray(values, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            span = self.high - self.low
            if span > 0 and math.isfinite(span):
                r = (v - self.low) / span
            elif span > 0:  # the range overflows float64: halve everything first
                r = (v / 2 - self.low / 2) / (self.high / 2 - self.low / 2)
            else:
                r = np.where(np.isnan(v), np.nan, 0.0)
        return np.clip(r, 0.0, 1.0)

    def heights(self, values) -> tuple[np.ndarray, np.ndarray]:
        """(linear, log) normalised heights 0..1 of losses; nan stays nan, inf clamps."""
        r = self.relative(values)
        return r, self.log_of(r)

    @staticmethod
    def log_of(r):
        lo, hi = math.log(LOG_EPS), math.log1p(LOG_EPS)
        return (np.log(np.asarray(r) + LOG_EPS) - lo) / (hi - lo)

    def value_at(self, height: float, log: bool = False) -> float:
        """The loss shown at normalised height 0..1 (for colour-bar labels)."""
        t = float(np.clip(height, 0.0, 1.0))
        if log:
            lo, hi = math.log(LOG_EPS), math.log1p(LOG_EPS)
            t = max(math.exp(lo + t * (hi - lo)) - LOG_EPS, 0.0)
        return self.low + t * (self.high - self.low)


class Extent:
    """The data rectangle (x0, x1) x (y0, y1) and its map onto the world square -1..1."""

    def __init__(self, x_range, y_range):
        self.x0, self.x1 = (float(v) for v in x_range)
        self.y0, self.y1 = (float(v) for v in y_range)
        if not (self.x1 > self.x0 and self.y1 > self.y0):
            raise ValueError(f"the grid's x and y must increase, got x {self.x0}..{self.x1}, "
                             f"y {self.y0}..{self.y1}")

    def to_world(self, x, y, clamp: bool = True):
        wx = 2.0 * (np.asarray(x, dtype=np.float64) - self.x0) / (self.x1 - self.x0) - 1.0
        wy = 2.0 * (np.asarray(y, dtype=np.float64) - self.y0) / (self.y1 - self.y0) - 1.0
        if clamp:  # points that left the grid ride along its edge instead of flying away
            wx, wy = np.clip(wx, -1.0, 1.0), np.clip(wy, -1.0, 1.0)
        return wx, wy


def check_grid(xs, ys, values):
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    z = np.asarray(values, dtype=np.float64)
    if xs.ndim != 1 or ys.ndim != 1 or len(xs) < 2 or len(ys) < 2:
        raise ValueError(f"xs and ys must be 1-D with at least 2 points, got shapes {xs.shape} "
                         f"and {ys.shape}")
    if z.shape != (len(ys), len(xs)):
        raise ValueError(f"Z must have shape (len(ys), len(xs)) = ({len(ys)}, {len(xs)}), "
                         f"got {z.shape}")
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))
            and np.all(np.diff(xs) > 0) and np.all(np.diff(ys) > 0)):
        raise ValueError("xs and ys must be finite and strictly increasing")
    return xs, ys, z


def fill_holes(h: np.ndarray, valid: np.ndarray, passes: int = 6) -> np.ndarray:
    """Give the vertices of holes the mean height of their valid neighbours (spreading inwards
    a few rings), so triangles half in a hole do not shoot to 0 before they are discarded."""
    h = np.where(valid, h, 0.0)
    known = valid.copy()
    for _ in range(passes):
        if known.all():
            break
        total = np.zeros_like(h)
        count = np.zeros_like(h)
        padded_h = np.pad(np.where(known, h, 0.0), 1)
        padded_k = np.pad(known.astype(np.float64), 1)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                if di or dj:
                    sl = (slice(1 + di, padded_h.shape[0] - 1 + di),
                          slice(1 + dj, padded_h.shape[1] - 1 + dj))
                    total += padded_h[sl]
                    count += padded_k[sl]
        grow = ~known & (count > 0)
        h = np.where(grow, total / np.maximum(count, 1), h)
        known = known | grow
    return np.where(known, h, 1.0)


def surface_vertices(xs, ys, values, heights: HeightMap) -> np.ndarray:
    """(ny * nx, SURFACE_STRIDE) float32: row-major over the grid like Z."""
    z = np.asarray(values, dtype=np.float64)
    valid = np.isfinite(z)
    lin, log = heights.heights(np.where(valid, z, np.nan))
    # The data's own spacing (grids need not be uniform), in world units.
    wx = 2.0 * (xs - xs[0]) / (xs[-1] - xs[0]) - 1.0
    wy = 2.0 * (ys - ys[0]) / (ys[-1] - ys[0]) - 1.0
    out = np.empty((*z.shape, SURFACE_STRIDE), dtype=np.float32)
    out[..., 0], out[..., 1] = np.meshgrid(wx, wy)
    for k, h in enumerate((lin, log)):
        h = fill_holes(h, valid)
        gy, gx = np.gradient(h, wy, wx)
        out[..., 2 + k] = h
        out[..., 4 + 2 * k], out[..., 5 + 2 * k] = gx, gy
    out[..., 8] = valid
    return out.reshape(-1, SURFACE_STRIDE)


def grid_indices(ny: int, nx: int) -> np.ndarray:
    """Two triangles per grid cell, uint32 (depends only on the grid's shape)."""
    i, j = np.meshgrid(np.arange(ny - 1), np.arange(nx - 1), indexing="ij")
    a = (i * nx + j).ravel()
    b, c, d = a + 1, a + nx, a + nx + 1
    return np.stack([a, b, d, a, d, c], axis=1).astype(np.uint32).ravel()


def finite_prefix(points, values) -> tuple[np.ndarray, np.ndarray]:
    """The trail up to (not including) its first non-finite point or loss."""
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    n = min(len(p), len(v))
    p, v = p[:n], v[:n]
    ok = np.isfinite(p).all(axis=1) & np.isfinite(v)
    stop = n if ok.all() else int(np.argmin(ok))
    return p[:stop], v[:stop]


def anchors(points, values, extent: Extent, heights: HeightMap) -> np.ndarray:
    """(n, 4) float32 rows x, y, h_lin, h_log in world units."""
    wx, wy = extent.to_world(points[:, 0], points[:, 1])
    lin, log = heights.heights(values)
    return np.stack([wx, wy, lin, log], axis=1).astype(np.float32)


def trail_ribbon(trails, extent: Extent, heights: HeightMap):
    """Ribbon vertices for every trail as triangle strips, two vertices per point.

    Returns (vertices (m, TRAIL_STRIDE) float32, draws [(first, count)], balls (k, 7) float32
    with x, y, h_lin, h_log, r, g, b of each trail's last point). The line's width is applied
    in the vertex shader, in pixels, from the direction between each point's neighbours.
    """
    chunks, draws, balls, first = [], [], [], 0
    for trail in trails or ():
        points, values = finite_prefix(trail["points"], trail["values"])
        if len(points) == 0:
            continue
        color = np.clip(np.asarray(trail.get("color", (1.0, 1.0, 1.0)), dtype=np.float64)[:3],
                        0.0, 1.0)
        at = anchors(points, values, extent, heights)
        balls.append(np.concatenate([at[-1], color]))
        n = len(at)
        if n < 2:
            continue
        prev = np.concatenate([at[:1], at[:-1]])
        nxt = np.concatenate([at[1:], at[-1:]])
        age = np.linspace(0.0, 1.0, n)  # 0 oldest, 1 newest
        v = np.empty((n, 2, TRAIL_STRIDE), dtype=np.float32)
        v[:, :, 0:4] = at[:, None]
        v[:, :, 4:8] = prev[:, None]
        v[:, :, 8:12] = nxt[:, None]
        v[:, 0, 12], v[:, 1, 12] = -1.0, 1.0
        v[:, :, 13:16] = color
        v[:, :, 16] = age[:, None]
        chunks.append(v.reshape(-1, TRAIL_STRIDE))
        draws.append((first, 2 * n))
        first += 2 * n
    vertices = (np.concatenate(chunks) if chunks
                else np.zeros((0, TRAIL_STRIDE), dtype=np.float32))
    ball_rows = np.array(balls, dtype=np.float32).reshape(-1, 7)
    return vertices, draws, ball_rows


def marker_anchors(markers, extent: Extent, heights: HeightMap) -> np.ndarray:
    """(k, 4) float32 for the finite markers (x, y, loss[, label])."""
    rows = [tuple(float(c) for c in m[:3]) for m in markers or ()]
    rows = [r for r in rows if all(math.isfinite(c) for c in r)]
    if not rows:
        return np.zeros((0, 4), dtype=np.float32)
    arr = np.array(rows)
    return anchors(arr[:, :2], arr[:, 2], extent, heights)


#: Basin colours when none are given: Okabe & Ito's colour-blind-safe palette, black left out.
BASIN_PALETTE = np.array([(230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66),
                          (0, 114, 178), (213, 94, 0), (204, 121, 167)]) / 255.0


def basin_texels(labels, colors=None) -> np.ndarray:
    """(ny, nx, 4) uint8: basin colour with alpha 255, or all zero where there is no basin
    (label -1, or a label with no colour). Zero rgb under zero alpha lets the shader
    un-premultiply after linear filtering. Without ``colors`` the palette repeats."""
    lab = np.asarray(labels)
    if lab.ndim != 2:
        raise ValueError(f"basin labels must be a 2-D grid, got shape {lab.shape}")
    if colors is None:
        pal = BASIN_PALETTE[np.arange(max(int(lab.max(initial=-1)) + 1, 1)) % len(BASIN_PALETTE)]
    else:
        pal = np.clip(np.asarray(colors, dtype=np.float64).reshape(-1, 3), 0.0, 1.0)
    out = np.zeros((*lab.shape, 4), dtype=np.uint8)
    ok = (lab >= 0) & (lab < len(pal))
    out[ok, :3] = np.round(pal[lab[ok].astype(np.int64)] * 255).astype(np.uint8)
    out[ok, 3] = 255
    return out
