"""One frame of the landscape, in draw order. Split from landscape.py so the renderer's data
handling and its GL state choreography can each be read in one sitting."""

from __future__ import annotations

from OpenGL import GL

from galton.render.colormap import COLORMAPS

#: What ``draw_frame`` draws: everything; only the still scene (background, ground, floor map,
#: surface); or only what moves over it (trails, balls, markers), onto a target that already
#: holds the scene's colour and depth. An exporter with a still camera draws the scene once
#: and only the overlay per frame: the same picture for a fraction of the cost.
LAYERS = ("all", "scene", "overlay")


def draw_frame(renderer, gl: dict, width: int, height: int, camera, layers: str = "all"):
    if layers not in LAYERS:
        raise ValueError(f"layers must be one of {LAYERS}, got {layers!r}")
    programs, vaos = gl["programs"], gl["vaos"]
    options = renderer.options
    ratio = renderer.pixel_ratio
    view, proj = camera.view_matrix(), camera.projection_matrix(width / height)
    has_surface = renderer._grid is not None

    def use(name):
        program = programs.program(name)
        program.use()
        program.set_mat4("u_view", view)
        program.set_mat4("u_proj", proj)
        program.set_int("u_log_height", options["log_height"])
        program.set_float("u_height_scale", options["height_scale"])
        program.set_float("u_floor_z", renderer.floor_z)
        program.set_vec("u_viewport", (width, height))
        return program

    GL.glViewport(0, 0, width, height)
    # A QPainter on the same context may have left these on.
    GL.glDisable(GL.GL_SCISSOR_TEST)
    GL.glDisable(GL.GL_STENCIL_TEST)
    GL.glColorMask(GL.GL_TRUE, GL.GL_TRUE, GL.GL_TRUE, GL.GL_TRUE)
    GL.glDepthMask(GL.GL_TRUE)
    GL.glDisable(GL.GL_CULL_FACE)
    # Blend colour but keep the target's alpha at 1, so a Qt widget never turns see-through.
    GL.glBlendFuncSeparate(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ZERO, GL.GL_ONE)
    if layers != "overlay":
        _scene(renderer, gl, use, options, has_surface)
    GL.glEnable(GL.GL_DEPTH_TEST)
    if has_surface and layers != "scene":
        _overlay(renderer, use, vaos, options, ratio)

    # Leave the state as a QPainter (or the next frame) expects to find it.
    GL.glDepthFunc(GL.GL_LESS)
    GL.glDepthMask(GL.GL_TRUE)
    GL.glDisable(GL.GL_BLEND)
    GL.glDisable(GL.GL_DEPTH_TEST)
    GL.glBindVertexArray(0)
    GL.glUseProgram(0)


def _scene(renderer, gl, use, options, has_surface):
    vaos = gl["vaos"]
    GL.glClearColor(0.0, 0.0, 0.0, 1.0)
    GL.glClearDepth(1.0)
    GL.glClear(GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT)

    # Background gradient, then the faint grid: behind everything, writing no depth.
    GL.glDisable(GL.GL_DEPTH_TEST)
    GL.glDepthMask(GL.GL_FALSE)
    GL.glBindVertexArray(vaos["empty"])
    use("background")
    GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
    GL.glEnable(GL.GL_BLEND)
    use("ground").set_float("u_extent", renderer.GROUND_EXTENT)
    GL.glDrawArrays(GL.GL_TRIANGLE_STRIP, 0, 4)
    GL.glDisable(GL.GL_BLEND)
    GL.glDepthMask(GL.GL_TRUE)
    GL.glEnable(GL.GL_DEPTH_TEST)
    GL.glDepthFunc(GL.GL_LESS)

    if has_surface:
        colormap = COLORMAPS.index(options["colormap"])
        GL.glBindVertexArray(vaos["surface"])
        if options["floor"]:
            floor = use("floor")
            floor.set_int("u_colormap", colormap)
            floor.set_float("u_contours", options["contours"])
            has_basins = renderer._basins is not None
            floor.set_int("u_has_basins", has_basins)
            if has_basins:
                GL.glActiveTexture(GL.GL_TEXTURE0)
                GL.glBindTexture(GL.GL_TEXTURE_2D, gl["basins"].id)
                floor.set_int("u_basins", 0)
                ny, nx = renderer._basins.shape[:2]
                floor.set_vec("u_basin_size", (nx, ny))
            GL.glDrawElements(GL.GL_TRIANGLES, renderer._n_indices, GL.GL_UNSIGNED_INT, None)
        surface = use("surface")
        surface.set_int("u_colormap", colormap)
        surface.set_float("u_contours", options["contours"])
        surface.set_int("u_lighting", options["lighting"])
        GL.glDrawElements(GL.GL_TRIANGLES, renderer._n_indices, GL.GL_UNSIGNED_INT, None)


def _overlay(renderer, use, vaos, options, ratio):
    GL.glEnable(GL.GL_BLEND)
    GL.glDepthMask(GL.GL_FALSE)
    GL.glDepthFunc(GL.GL_LEQUAL)
    if options["floor"]:
        _trails(renderer, use, vaos, ratio, on_floor=True, alpha=0.55)
        _markers(renderer, use, vaos, ratio, on_floor=True, alpha=0.7)
    _trails(renderer, use, vaos, ratio, on_floor=False, alpha=1.0)
    _markers(renderer, use, vaos, ratio, on_floor=False, alpha=1.0)
    if renderer._n_balls:
        GL.glDisable(GL.GL_BLEND)
        GL.glDepthMask(GL.GL_TRUE)
        GL.glDepthFunc(GL.GL_LESS)
        GL.glBindVertexArray(vaos["balls"])
        use("ball").set_float("u_radius", renderer.BALL_RADIUS)
        GL.glDrawArraysInstanced(GL.GL_TRIANGLE_STRIP, 0, 4, renderer._n_balls)
        GL.glEnable(GL.GL_BLEND)
        GL.glDepthMask(GL.GL_FALSE)
    # Whatever hills hide still shows, faintly: where the ball went matters more than
    # what is in front of it.
    GL.glDepthFunc(GL.GL_GREATER)
    _trails(renderer, use, vaos, ratio, on_floor=False, alpha=renderer.HIDDEN_ALPHA)
    _markers(renderer, use, vaos, ratio, on_floor=False, alpha=renderer.HIDDEN_ALPHA)


def _trails(renderer, use, vaos, ratio, *, on_floor: bool, alpha: float):
    if not renderer._trail_draws:
        return
    GL.glBindVertexArray(vaos["trails"])
    program = use("trail")
    program.set_float("u_width", renderer.TRAIL_WIDTH * ratio * (0.7 if on_floor else 1.0))
    program.set_float("u_lift", renderer.TRAIL_LIFT)
    program.set_int("u_on_floor", on_floor)
    program.set_float("u_alpha", alpha)
    for first, count in renderer._trail_draws:
        GL.glDrawArrays(GL.GL_TRIANGLE_STRIP, first, count)


def _markers(renderer, use, vaos, ratio, *, on_floor: bool, alpha: float):
    if not renderer._n_markers:
        return
    GL.glBindVertexArray(vaos["markers"])
    program = use("marker")
    program.set_float("u_size", renderer.MARKER_SIZE * ratio * (0.7 if on_floor else 1.0))
    program.set_int("u_on_floor", on_floor)
    program.set_float("u_alpha", alpha)
    GL.glDrawArraysInstanced(GL.GL_TRIANGLE_STRIP, 0, 4, renderer._n_markers)
