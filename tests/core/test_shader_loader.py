"""The shader loader's pure parts: includes, cycles, line mapping of driver logs, and the
packaged shaders. No Qt, no GL."""

import re
import subprocess
import sys

import numpy as np
import pytest

from galton.render.colormap import COLORMAPS, colormap, colormap_table
from galton.render.shaders import ShaderError, map_log, resolve
from galton.resources import shader_path


def reader(files):
    return lambda name: files[name]


FILES = {
    "main.frag": '#version 330 core\n#include "a.glsl"\n#include "b.glsl"\nvoid main() {}\n',
    "a.glsl": '#include "common.glsl"\nfloat a() { return c(); }\n',
    "b.glsl": '// b\n#include "common.glsl"  // shared with a\nfloat b() { return c(); }\n',
    "common.glsl": "float c()\n{\n    return 1.0;\n}\n",
}


def test_includes_are_spliced_once_with_a_line_map():
    src = resolve("main.frag", reader(FILES))
    lines = src.text.splitlines()
    assert lines[0] == "#version 330 core"
    assert src.text.count("float c()") == 1  # included by a and b, spliced once
    assert "#include" not in src.text
    # Every spliced line knows where it came from.
    for k, line in enumerate(lines, start=1):
        file, number = src.origin(k)
        assert FILES[file].splitlines()[number - 1] == line
    assert src.origin(lines.index("    return 1.0;") + 1) == ("common.glsl", 3)
    assert src.origin(lines.index("void main() {}") + 1) == ("main.frag", 4)


@pytest.mark.parametrize("files, where, what", [
    ({"m.frag": '#version 330 core\n#include "x.glsl"\n', "x.glsl": '\n\n#include "m.frag"\n'},
     "x.glsl:3", "m.frag -> x.glsl -> m.frag"),
    ({"m.frag": '#version 330 core\n\n#include "m.frag"\n'}, "m.frag:3", "m.frag -> m.frag"),
    ({"m.frag": '#include "x.glsl"\n', "x.glsl": '#include "y.glsl"\n',
      "y.glsl": 'float y;\n#include "x.glsl"\n'}, "y.glsl:2", "x.glsl -> y.glsl -> x.glsl"),
])
def test_an_include_cycle_names_the_including_file_and_line(files, where, what):
    with pytest.raises(ShaderError, match="cycle") as info:
        resolve("m.frag", reader(files))
    assert str(info.value).startswith(where + ":")
    assert what in str(info.value)


def test_a_missing_include_names_the_including_file_and_line():
    files = {"m.frag": '#version 330 core\n// x\n#include "nope.glsl"\n'}
    with pytest.raises(ShaderError, match=r"^m\.frag:3: cannot read shader 'nope\.glsl'"):
        resolve("m.frag", reader(files))
    with pytest.raises(ShaderError, match=re.escape("nope.frag")):
        resolve("nope.frag")  # the packaged reader


def test_malformed_include_and_version_in_an_include_are_errors():
    with pytest.raises(ShaderError, match=r"^m\.frag:2: malformed include"):
        resolve("m.frag", reader({"m.frag": "#version 330 core\n#include <x.glsl>\n"}))
    files = {"m.frag": '#version 330 core\n#include "x.glsl"\n', "x.glsl": "#version 330\n"}
    with pytest.raises(ShaderError, match=r"^x\.glsl:1: #version belongs only in the top file"):
        resolve("m.frag", reader(files))


@pytest.mark.parametrize("log, expected", [
    # Mesa
    ("0:3(12): error: `undefined' undeclared identifier",
     "common.glsl:2:12: error: `undefined' undeclared identifier"),
    # NVIDIA
    ('0(3) : error C1008: undefined variable "undefined"',
     'common.glsl:2: error C1008: undefined variable "undefined"'),
    # AMD / Intel on Windows / ANGLE
    ("ERROR: 0:3: 'undefined' : undeclared identifier",
     "common.glsl:2: error: 'undefined' : undeclared identifier"),
])
def test_driver_logs_are_mapped_back_to_the_original_file_and_line(log, expected):
    src = resolve("main.frag", reader(FILES))
    assert src.origin(3) == ("common.glsl", 2)  # spliced line 3 is common.glsl's second
    text, errors = map_log(log + "\nsome other driver chatter\n", src)
    assert text.splitlines() == [expected, "some other driver chatter"]
    assert errors[0][:2] == ("common.glsl", 2)


def test_every_packaged_shader_resolves_as_glsl_330_core():
    folder = shader_path("colormap.glsl").parent
    stages = sorted(p.name for p in folder.iterdir() if p.suffix in (".vert", ".frag"))
    assert {"surface.vert", "surface.frag", "floor.frag", "trail.vert", "ball.frag"} <= set(stages)
    for name in stages:
        src = resolve(name)
        assert src.text.splitlines()[0] == "#version 330 core", name
        assert "#include" not in src.text
        assert src.text.isascii(), name  # GLSL 3.30 sources are ASCII, comments included
    # The colour maps are shared by the surface and the floor, which is what includes are for.
    for name in ("surface.frag", "floor.frag"):
        assert "vec3 colormap(int which, float t)" in resolve(name).text


def test_colour_maps_are_read_from_the_shader():
    for name in COLORMAPS:
        table = colormap_table(name)
        assert table.shape == (33, 3) and np.all((table >= 0) & (table <= 1))
    np.testing.assert_allclose(colormap("viridis", 0.0), [0.267, 0.004, 0.329], atol=2e-3)
    np.testing.assert_allclose(colormap("viridis", 1.0), [0.993, 0.906, 0.144], atol=2e-3)
    np.testing.assert_allclose(colormap("magma", [0.0, 2.0])[1], colormap_table("magma")[-1])
    with pytest.raises(ValueError, match="unknown colour map"):
        colormap_table("jet")


def test_the_renderer_imports_no_qt_and_no_gl_until_it_draws():
    code = ("import sys\n"
            "import galton.render.landscape, galton.render.shaders, galton.render.camera\n"
            "r = galton.render.landscape.LandscapeRenderer()\n"
            "import numpy as np\n"
            "xs = np.linspace(-1, 1, 8)\n"
            "r.set_surface(xs, xs, xs[None, :] ** 2 + xs[:, None] ** 2)\n"
            "r.set_trails([{'points': [[0, 0]], 'values': [0.0], 'color': (1, 0, 0)}])\n"
            "print(r.project(0, 0, 0, 100, 100, galton.render.camera.OrbitCamera()))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'PySide6', 'shiboken6', 'OpenGL', 'pyqtgraph'}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    projected, modules = out.stdout.strip().splitlines()
    assert projected != "None"
    assert modules == "[]"
