"""The optimizer-zoo report script runs (tiny grid) and prints both tables."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_optimizer_zoo_runs_quick():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "optimizer_zoo.py"),
                          "--quick"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "Adam" in out.stdout and "Nesterov 0.9" in out.stdout
    assert "Gradient norm per row of a 32-row board" in out.stdout
