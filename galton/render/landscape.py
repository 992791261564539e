"""The loss landscape in OpenGL 3.3 core: a lit, colour-mapped surface with iso-contours, a
contour map on the floor beneath it (tinted by basin), optimizer trails with a ball at their
heads, and markers at minima. No Qt: the Qt view and the headless exporter both drive it.

The ``set_*`` methods only store data and mark it dirty; ``render`` uploads what changed
(in place when the size is unchanged) and draws. So ``set_*`` may be called at any time,
with or without a current context, and ``set_options`` costs nothing but uniforms.

Drawing in another thread than the one that sets the data: ``snapshot()`` there, hand the
snapshot over, and ``take(snapshot)`` in the drawing thread's renderer, which uploads only
what changed since the last snapshot it took (each kind of data has a revision number).
``LayeredTarget`` keeps the still part of the picture (the surface and its floor map) from
one frame to the next, so a frame in which only trails moved costs a copy and the trails.
"""

from __future__ import annotations

import math

import numpy as np

from galton.render import geometry
from galton.render.camera import OrbitCamera
from galton.render.colormap import COLORMAPS
from galton.render.geometry import Extent, HeightMap

_QUAD = np.array([[-1, -1], [1, -1], [-1, 1], [1, 1]], dtype=np.float32)
_DATA = ("surface", "indices", "basins", "trails", "markers")


class LandscapeRenderer:
    BALL_RADIUS = 0.045  # world units: the data square is 2 wide
    TRAIL_WIDTH = 3.5  # pixels
    TRAIL_LIFT = 0.012  # world units above the loss, so a trail on the surface is not buried
    MARKER_SIZE = 8.0  # ring radius, pixels
    HIDDEN_ALPHA = 0.3  # opacity of trails and markers behind hills
    GROUND_EXTENT = 3.0  # half-width of the faint grid around the map

    def __init__(self):
        self.options = {"colormap": "viridis", "log_height": False, "contours": 12,
                        "lighting": True, "floor": True, "height_scale": 0.6}
        #: Device pixels per logical pixel: line widths and ring sizes scale with it.
        self.pixel_ratio = 1.0
        self.extent: Extent | None = None
        self.heights = HeightMap([0.0, 1.0])
        self._grid = None  # (xs, ys, Z)
        self._basins = None  # (ny, nx, 4) uint8 texels
        self._trails = []
        self._markers = []
        self._trail_draws = []
        self._n_balls = self._n_markers = self._n_indices = 0
        self._dirty = set(_DATA)
        #: How often each kind of data was set: ``take`` uploads what differs.
        self.revisions = dict.fromkeys(_DATA, 0)
        self._gl = None

    def _changed(self, *names):
        self._dirty.update(names)
        for name in names:
            self.revisions[name] += 1

    # --- data (no GL) --------------------------------------------------------------------------
    def set_surface(self, xs, ys, Z):
        xs, ys, z = geometry.check_grid(xs, ys, Z)
        if self._grid is None or self._grid[2].shape != z.shape:
            self._changed("indices")
        self._grid = (xs, ys, z)
        self.extent = Extent((xs[0], xs[-1]), (ys[0], ys[-1]))
        self.heights = HeightMap(z)
        # Trails and markers sit at heights normalised over this surface's range.
        self._changed("surface", "trails", "markers")

    def set_options(self, *, colormap=None, log_height=None, contours=None, lighting=None,
                    floor=None, height_scale=None):
        new = dict(self.options)
        if colormap is not None:
            if colormap not in COLORMAPS:
                raise ValueError(f"unknown colour map {colormap!r}; expected one of "
                                 f"{', '.join(COLORMAPS)}")
            new["colormap"] = colormap
        if contours is not None:
            if int(contours) != contours or contours < 0:
                raise ValueError(f"contours must be a whole number >= 0, got {contours!r}")
            new["contours"] = int(contours)
        if height_scale is not None:
            if not (math.isfinite(height_scale) and height_scale > 0):
                raise ValueError(f"height_scale must be a positive number, got {height_scale!r}")
            new["height_scale"] = float(height_scale)
        for name, value in (("log_height", log_height), ("lighting", lighting), ("floor", floor)):
            if value is not None:
                new[name] = bool(value)
        self.options = new

    def set_basins(self, labels, colors=None):
        self._basins = None if labels is None else geometry.basin_texels(labels, colors)
        self._changed("basins")

    def set_trails(self, trails):
        self._trails = list(trails or ())
        self._changed("trails")

    def set_markers(self, markers):
        self._markers = list(markers or ())
        self._changed("markers")

    # --- handing the data to another thread ---------------------------------------------------
    def snapshot(self) -> LandscapeRenderer:
        """The data as it is now, without GL objects: safe to read in another thread while
        this renderer is set again (``set_*`` replaces arrays and lists, never writes into
        them, so they are shared, not copied)."""
        copy = LandscapeRenderer()
        copy.take(self)
        return copy

    def take(self, other: LandscapeRenderer) -> None:
        """Show ``other``'s data (a snapshot); what changed since the last take is uploaded
        at the next ``render``."""
        for name, revision in other.revisions.items():
            if self.revisions[name] != revision:
                self._dirty.add(name)
        self.revisions = dict(other.revisions)
        self.options = dict(other.options)
        self.pixel_ratio = other.pixel_ratio
        self.extent, self.heights = other.extent, other.heights
        self._grid, self._basins = other._grid, other._basins
        self._trails, self._markers = list(other._trails), list(other._markers)

    def still_key(self) -> tuple:
        """What the still part of the picture (background, floor map, surface) depends on,
        besides the camera and the size: when it is unchanged, only the overlay is drawn."""
        r = self.revisions
        return (r["surface"], r["indices"], r["basins"], tuple(sorted(self.options.items())),
                self.pixel_ratio)

    # --- the mapping shared with the Qt view's labels -----------------------------------------
    @property
    def floor_z(self) -> float:
        return -0.2 - 0.35 * self.options["height_scale"]

    def height_of(self, value) -> float:
        """World z of a loss on the current surface (clamped to its range; nan stays nan)."""
        lin, log = self.heights.heights(value)
        h = log if self.options["log_height"] else lin
        return float(h) * self.options["height_scale"]

    def value_at_height(self, t: float) -> float:
        """The loss at normalised height t in 0..1, for colour-bar labels."""
        return self.heights.value_at(t, self.options["log_height"])

    def project(self, x, y, value, width, height, camera):
        """Pixel (px, py), origin top-left, of the surface point over (x, y) at loss ``value``;
        None when it is behind the camera, outside the view or not finite."""
        if self.extent is None:
            return None
        wx, wy = self.extent.to_world(x, y, clamp=False)
        return self.project_world((float(wx), float(wy), self.height_of(value)),
                                  width, height, camera)

    @staticmethod
    def project_world(point, width, height, camera):
        p = np.append(np.asarray(point, dtype=np.float64), 1.0)
        if not np.all(np.isfinite(p)) or width <= 0 or height <= 0:
            return None
        clip = camera.projection_matrix(width / height) @ camera.view_matrix() @ p
        if clip[3] <= 1e-9:
            return None
        ndc = clip[:3] / clip[3]
        if np.any(np.abs(ndc) > 1.0):
            return None
        return float((ndc[0] + 1) * 0.5 * width), float((1 - ndc[1]) * 0.5 * height)

    # --- GL ------------------------------------------------------------------------------------
    @property
    def initialized(self) -> bool:
        return self._gl is not None

    @property
    def buffers(self) -> dict:
        """The GL buffers by name (with upload counters), once initialised."""
        return dict(self._gl["buffers"]) if self._gl else {}

    def initialize(self, reader=None):
        """Compile the programs and make the buffers; needs a current 3.3 core context."""
        if self._gl is not None:
            return
        from OpenGL import GL

        from galton.render.gl import Buffer, Texture2D, attributes
        from galton.render.shaders import ProgramCache, read_packaged

        programs = ProgramCache(reader or read_packaged)
        for name in ("background", "ground", "surface", "trail", "ball", "marker"):
            programs.program(name)
        programs.program("floor")
        buffers = {name: Buffer() for name in ("surface", "trails", "balls", "markers", "quad")}
        buffers["indices"] = Buffer(GL.GL_ELEMENT_ARRAY_BUFFER)
        names = ("empty", "surface", "trails", "balls", "markers")
        vaos = dict(zip(names, (int(v) for v in np.atleast_1d(GL.glGenVertexArrays(5))),
                        strict=True))
        GL.glBindVertexArray(vaos["surface"])
        attributes(buffers["surface"], [(0, 2), (1, 2), (2, 4), (3, 1)])
        GL.glBindBuffer(GL.GL_ELEMENT_ARRAY_BUFFER, buffers["indices"].id)
        GL.glBindVertexArray(vaos["trails"])
        attributes(buffers["trails"], [(0, 4), (1, 4), (2, 4), (3, 1), (4, 3), (5, 1)])
        buffers["quad"].upload(_QUAD)
        GL.glBindVertexArray(vaos["balls"])
        attributes(buffers["quad"], [(0, 2)])
        attributes(buffers["balls"], [(1, 4), (2, 3)], divisor=1)
        GL.glBindVertexArray(vaos["markers"])
        attributes(buffers["quad"], [(0, 2)])
        attributes(buffers["markers"], [(1, 4)], divisor=1)
        GL.glBindVertexArray(0)
        self._gl = {"programs": programs, "buffers": buffers, "vaos": vaos,
                    "basins": Texture2D()}
        self._dirty |= set(_DATA)

    def release(self):
        """Delete the GL objects; needs the context they were made in to be current."""
        if self._gl is None:
            return
        from OpenGL import GL
        self._gl["programs"].release()
        for buffer in self._gl["buffers"].values():
            buffer.release()
        self._gl["basins"].release()
        vaos = list(self._gl["vaos"].values())
        GL.glDeleteVertexArrays(len(vaos), vaos)
        self._gl = None

    def _upload(self):
        from OpenGL import GL
        buffers, dirty = self._gl["buffers"], self._dirty
        if self._grid is not None and "surface" in dirty:
            xs, ys, z = self._grid
            buffers["surface"].upload(geometry.surface_vertices(xs, ys, z, self.heights))
            if "indices" in dirty:
                GL.glBindVertexArray(self._gl["vaos"]["surface"])  # the EBO binding is VAO state
                indices = geometry.grid_indices(*z.shape)
                buffers["indices"].upload(indices)
                self._n_indices = len(indices)
                GL.glBindVertexArray(0)
        if "basins" in dirty and self._basins is not None:
            self._gl["basins"].upload(self._basins)
        if self.extent is not None and "trails" in dirty:
            vertices, self._trail_draws, balls = geometry.trail_ribbon(
                self._trails, self.extent, self.heights)
            buffers["trails"].upload(vertices)
            buffers["balls"].upload(balls)
            self._n_balls = len(balls)
        if self.extent is not None and "markers" in dirty:
            anchors = geometry.marker_anchors(self._markers, self.extent, self.heights)
            buffers["markers"].upload(anchors)
            self._n_markers = len(anchors)
        # Trails and markers wait for a surface: their heights are relative to it.
        self._dirty -= {"basins"} if self._grid is None else {"surface", "indices", "basins",
                                                              "trails", "markers"}

    def render(self, width: int, height: int, camera: OrbitCamera, layers: str = "all"):
        """Clear the bound framebuffer and draw the landscape into (0, 0, width, height).

        ``layers="scene"`` draws only what stands still (the surface and its floor map),
        ``"overlay"`` only trails, balls and markers onto a target that holds the scene (see
        galton.render.draw.LAYERS)."""
        if self._gl is None:
            raise RuntimeError("LandscapeRenderer.render needs initialize() first, "
                               "with a current OpenGL 3.3 core context")
        from galton.render.draw import draw_frame
        self._upload()
        draw_frame(self, self._gl, int(max(width, 1)), int(max(height, 1)), camera, layers)


def render_to_array(width: int, height: int, setup=None, *, camera=None, renderer=None,
                    samples: int = 4) -> np.ndarray:
    """Render offscreen into an (height, width, 3) uint8 array, top row first.

    Needs a current OpenGL 3.3 core context (Qt's, or EGL's for headless export). Makes a
    framebuffer, calls ``setup(renderer)`` to give it data, renders with ``camera`` (a default
    OrbitCamera if None) and reads the pixels back. Pass ``renderer`` to reuse an initialised
    one across frames; otherwise a fresh renderer is made and released.
    """
    from galton.render.gl import Framebuffer
    own = renderer is None
    if own:
        renderer = LandscapeRenderer()
    framebuffer = Framebuffer(width, height, samples)
    try:
        renderer.initialize()
        if setup is not None:
            setup(renderer)
        framebuffer.bind()
        renderer.render(width, height, camera or OrbitCamera())
        return framebuffer.read()
    finally:
        framebuffer.release()
        if own:
            renderer.release()


class LayeredTarget:
    """Framebuffers that keep the still part of the landscape between frames.

    ``render(renderer, width, height, camera, still)`` returns the frame as an (h, w, 3) uint8
    array. ``still`` says what the still part depends on (camera, size, ``still_key()``...):
    while it is equal to the last frame's, the scene drawn then is copied (colour and depth)
    and only trails, balls and markers are drawn on top, the same pixels for a fraction of the
    cost on a software renderer; ``still=None`` draws everything. Needs the same current
    context for every call, and for ``release``.
    """

    def __init__(self, samples: int = 4):
        self.samples = samples
        self.target = self.cache = None
        self._still = None

    def render(self, renderer, width: int, height: int, camera, still=None) -> np.ndarray:
        from OpenGL import GL

        from galton.render.gl import Framebuffer

        w, h = int(max(width, 1)), int(max(height, 1))
        if self.target is None or (self.target.width, self.target.height) != (w, h):
            self.release()
            self.target = Framebuffer(w, h, self.samples)
        if still is None:
            self.target.bind()
            renderer.render(w, h, camera)
            return self.target.read()
        if self.cache is None:
            self.cache = Framebuffer(w, h, self.samples)
        if still != self._still:
            self.cache.bind()
            renderer.render(w, h, camera, layers="scene")
            self._still = still
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self.cache.draw_fbo)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, self.target.draw_fbo)
        GL.glBlitFramebuffer(0, 0, w, h, 0, 0, w, h,
                             GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT, GL.GL_NEAREST)
        self.target.bind()
        renderer.render(w, h, camera, layers="overlay")
        return self.target.read()

    def release(self):
        for fb in (self.cache, self.target):  # each restores the binding made before it
            if fb is not None:
                fb.release()
        self.target = self.cache = self._still = None
