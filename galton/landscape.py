"""Public home of landscapes: slices of the board's loss, minima, basins and the step size.

>>> import galton, galton.landscape as L
>>> data = galton.datasets.colors(200, seed=0)
>>> board = galton.Board(4, data.features, data.n_classes, seed=0, init="normal")
>>> s = L.board_surface(board, data.X, data.y, L.random_directions(board.theta, seed=0))
>>> xs, ys, Z = L.grid(s, 16)             # loss over the plane, Z[i, j] at (xs[j], ys[i])
>>> minima = L.find_minima(s, xs, ys, Z)   # refined by descent, lowest first

The same functions take the classic surfaces of ``galton.surfaces``.
"""

from galton.core.directions import (
    Directions,
    Trajectory,
    coordinates,
    filter_normalize,
    pca_directions,
    peg,
    random_directions,
)
from galton.core.landscape import (
    NESTED_SIZES,
    PROGRESSIVE_SIZES,
    Slice,
    SliceSurface,
    board_surface,
    grid,
    interpolate,
    path_gap,
    progressive,
    refine,
)
from galton.core.minima import Basins, Minimum, basins, descend_to_minimum, find_minima, grid_minima
from galton.core.stepsize import (
    RACE_COLORS,
    Racer,
    SharpnessTrace,
    Sweep,
    board_sharpness,
    describe_run,
    describe_step,
    divergence_threshold,
    gradient_hvp,
    log_lrs,
    race,
    step_size_race,
    step_sizes_around_edge,
    surface_hvp,
    surface_sharpness,
    sweep,
    top_eigenvalue,
    track_sharpness,
)

__all__ = [
    "NESTED_SIZES",
    "PROGRESSIVE_SIZES",
    "RACE_COLORS",
    "Basins",
    "Directions",
    "Minimum",
    "Racer",
    "SharpnessTrace",
    "Slice",
    "SliceSurface",
    "Sweep",
    "Trajectory",
    "basins",
    "board_sharpness",
    "board_surface",
    "coordinates",
    "descend_to_minimum",
    "describe_run",
    "describe_step",
    "divergence_threshold",
    "filter_normalize",
    "find_minima",
    "gradient_hvp",
    "grid",
    "grid_minima",
    "interpolate",
    "log_lrs",
    "path_gap",
    "pca_directions",
    "peg",
    "progressive",
    "race",
    "random_directions",
    "refine",
    "step_size_race",
    "step_sizes_around_edge",
    "surface_hvp",
    "surface_sharpness",
    "sweep",
    "top_eigenvalue",
    "track_sharpness",
]
