"""What a lesson draws, as plain data: the lesson panel turns it into pyqtgraph plots, an
OpenGL surface or a table; tests read the numbers straight from it. No Qt here.

A step's figure function returns a :class:`Figure` of one or two panels side by side. Every
label is already in the learner's language (lessons take them from their text file with
``run.text(key)``), and colours are names from :data:`COLORS`, so the panel, exported images and
the tests agree on what "red" is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Okabe & Ito's colour-blind-safe palette by name, plus grey and black, as 0..255 RGB.
COLORS = {
    "blue": (0, 114, 178),
    "orange": (230, 159, 0),
    "green": (0, 158, 115),
    "red": (213, 94, 0),
    "sky": (86, 180, 233),
    "purple": (204, 121, 167),
    "yellow": (240, 228, 66),
    "grey": (140, 140, 140),
    "black": (20, 20, 20),
}

STYLES = ("line", "dash", "points", "line+points", "bars", "step")


def rgb(name) -> tuple[int, int, int]:
    """0..255 RGB of a colour name, or of an (r, g, b) triple given as is."""
    if isinstance(name, str):
        try:
            return COLORS[name]
        except KeyError:
            raise ValueError(f"unknown colour {name!r}; known: {', '.join(COLORS)}") from None
    r, g, b = (int(c) for c in name[:3])
    return r, g, b


def _array(name, values) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64).reshape(-1)
    return arr


@dataclass
class Curve:
    """A line, points or bars of ``y`` over ``x``. ``label`` goes into the legend."""

    x: np.ndarray
    y: np.ndarray
    label: str = ""
    color: str | tuple = "blue"
    style: str = "line"
    width: float = 2.0

    def __post_init__(self):
        self.x, self.y = _array("x", self.x), _array("y", self.y)
        if self.x.shape != self.y.shape:
            raise ValueError(f"curve {self.label!r}: x and y differ in length "
                             f"({self.x.size} vs {self.y.size})")
        if self.style not in STYLES:
            raise ValueError(f"curve style must be one of {STYLES}, got {self.style!r}")
        rgb(self.color)


@dataclass
class Note:
    """Text at a data point, e.g. "vertex: a = 2, loss 0"; ``arrow`` draws a marker there."""

    x: float
    y: float
    text: str
    color: str | tuple = "black"
    arrow: bool = True


@dataclass
class Line:
    """A vertical (``axis="x"``) or horizontal (``axis="y"``) reference line."""

    at: float
    axis: str = "x"
    label: str = ""
    color: str | tuple = "grey"


@dataclass
class Plot:
    """A 2-D chart."""

    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    curves: list[Curve] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    log_y: bool = False
    equal_aspect: bool = False
    #: Category names on the x axis instead of numbers: [(x, "今"), (x, "天"), ...].
    x_ticks: list[tuple[float, str]] | None = None

    def curve(self, label: str) -> Curve:
        for c in self.curves:
            if c.label == label:
                return c
        raise KeyError(f"no curve labelled {label!r}; have {[c.label for c in self.curves]}")


@dataclass
class Trail:
    """A path rolled over a surface: points (n, 2) and the loss at each."""

    points: np.ndarray
    values: np.ndarray
    label: str = ""
    color: str | tuple = "red"

    def __post_init__(self):
        self.points = np.asarray(self.points, dtype=np.float64).reshape(-1, 2)
        self.values = _array("values", self.values)
        if len(self.points) != len(self.values):
            raise ValueError(f"trail {self.label!r}: {len(self.points)} points but "
                             f"{len(self.values)} values")


@dataclass
class Surface:
    """A loss surface over a grid, Z[i, j] at (xs[j], ys[i]), drawn in 3-D (OpenGL, or a flat
    map without it) with trails, marked points (x, y, value, label) and optional basins
    (an integer label per grid point, -1 for none)."""

    xs: np.ndarray
    ys: np.ndarray
    Z: np.ndarray
    title: str = ""
    xlabel: str = "x"
    ylabel: str = "y"
    trails: list[Trail] = field(default_factory=list)
    markers: list[tuple] = field(default_factory=list)
    basins: np.ndarray | None = None
    log_height: bool = False

    def __post_init__(self):
        self.xs, self.ys = _array("xs", self.xs), _array("ys", self.ys)
        self.Z = np.asarray(self.Z, dtype=np.float64)
        if self.Z.shape != (self.ys.size, self.xs.size):
            raise ValueError(f"Z must be (len(ys), len(xs)) = ({self.ys.size}, {self.xs.size}), "
                             f"got {self.Z.shape}")


@dataclass
class Table:
    """A small table: a header row and rows of cells (text, already formatted)."""

    title: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    #: Row indices to highlight (e.g. the link the learner is looking at).
    highlight: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.rows = [[str(c) for c in row] for row in self.rows]
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.title!r}: row {i} has {len(row)} cells, "
                                 f"expected {len(self.columns)}")


PANELS = (Plot, Surface, Table)


@dataclass
class Figure:
    """One or more panels, drawn side by side."""

    panels: list = field(default_factory=list)

    def __post_init__(self):
        for p in self.panels:
            if not isinstance(p, PANELS):
                raise TypeError(f"a figure panel must be a Plot, Surface or Table, got "
                                f"{type(p).__name__}")

    @classmethod
    def of(cls, *panels) -> Figure:
        return cls(list(panels))
