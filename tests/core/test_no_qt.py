"""The core never imports Qt: importing it, and using it, loads no Qt module."""

import subprocess
import sys

CODE = """
import sys
import numpy as np
import galton, galton.core, galton.kernels, galton.cli, galton.scripting, galton.recorder
import galton.export, galton.export.plan, galton.export.film, galton.export.encode
import galton.export.run
import galton.lessons
import importlib
for name in ("galton.datasets", "galton.optim", "galton.surfaces"):
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
galton.recorder.Recorder(galton.scripting.namespace()["session"])
b = galton.Board(3, 2, 2)
galton.loss_and_grad(b, np.zeros((4, 2)), [0, 1, 0, 1])
galton.lessons.start("grad_demo").play()
QT = {"PySide6", "shiboken6", "pyqtgraph", "qtconsole", "OpenGL"}
qt = sorted(m for m in sys.modules if m.split(".")[0] in QT)
print(",".join(qt))
"""


def test_core_imports_no_qt():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
