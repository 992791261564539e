"""The colour maps on the CPU, for colour bars and tests: parsed from shaders/colormap.glsl so
the GPU and the legend can never disagree."""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from galton.render.shaders import read_packaged

#: In the order of the ``which`` argument of ``colormap()`` in colormap.glsl.
COLORMAPS = ("viridis", "cividis", "magma", "turbo")

_TABLE = re.compile(r"const\s+vec3\s+(?P<name>[A-Z]+)\s*\[\s*\d+\s*\]\s*=\s*vec3\s*\[\s*\d+\s*\]"
                    r"\s*\((?P<body>.*?)\)\s*;", re.S)
_VEC3 = re.compile(r"vec3\(\s*([-\d.eE+]+)\s*,\s*([-\d.eE+]+)\s*,\s*([-\d.eE+]+)\s*\)")


@cache
def colormap_table(name: str) -> np.ndarray:
    """The (n, 3) table of ``name``, floats 0..1, evenly spaced from t = 0 to t = 1."""
    if name not in COLORMAPS:
        raise ValueError(f"unknown colour map {name!r}; expected one of {', '.join(COLORMAPS)}")
    for match in _TABLE.finditer(read_packaged("colormap.glsl")):
        if match["name"] == name.upper():
            table = np.array([[float(c) for c in v] for v in _VEC3.findall(match["body"])])
            table.flags.writeable = False
            return table
    raise ValueError(f"colormap.glsl has no table {name.upper()}")


def colormap(name: str, t) -> np.ndarray:
    """RGB floats (..., 3) of ``name`` at t (clipped to 0..1), interpolated like the shader."""
    table = colormap_table(name)
    t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0)
    grid = np.linspace(0.0, 1.0, len(table))
    return np.stack([np.interp(t, grid, table[:, c]) for c in range(3)], axis=-1)
