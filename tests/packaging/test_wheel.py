"""The wheel: it holds shaders/ and assets/, and a clean virtual environment outside the
checkout runs it (`galton --version`, a headless `galton train`, the packaged data).

Slow (about a minute): pip fetches galton's dependencies from the package index into the new
environment, as it would for a user."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import galton

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def git_files(folder: str) -> set[str]:
    """The files of ``folder`` the wheel must carry: all but the ones git ignores."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                          folder], cwd=ROOT, capture_output=True, text=True, check=True)
    return {line[len(folder) + 1:] for line in out.stdout.splitlines()
            if (ROOT / line).is_file()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
                    str(ROOT)], check=True, cwd=out)
    (path,) = out.glob("galton-*.whl")
    return path


def test_wheel_holds_shaders_and_assets(wheel):
    assert wheel.name == f"galton-{galton.__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("shaders", "assets", "docs"):  # docs: Help > User guide
        wanted = git_files(folder)
        have = {n[len(f"galton/_data/{folder}/"):] for n in names
                if n.startswith(f"galton/_data/{folder}/")}
        assert wanted and have == wanted
    assert "galton/_data/assets/icons/galton.svg" in names
    assert "galton/kernels/board_numba.py" in names
    assert "galton/py.typed" in names  # PEP 561: type checkers read galton's annotations
    assert not [n for n in names if "__pycache__" in n or n.endswith((".nbi", ".nbc"))]
    entry_points = zipfile.ZipFile(wheel).read(
        f"galton-{galton.__version__}.dist-info/entry_points.txt").decode()
    assert "galton = galton.cli:main" in entry_points
    print(f"\nwheel: {wheel.stat().st_size / 1024:.0f} KB, {len(names)} files")


CHECK_DATA = r"""
import sys
from pathlib import Path
import galton
from galton.render.shaders import resolve
from galton.resources import asset_path, doc_path, shader_path
from galton.session import Session

here = Path(galton.__file__).resolve().parent
assert Path(sys.prefix).resolve() in here.parents, here           # the installed copy
assert shader_path("surface.vert").parent == here / "_data" / "shaders"
for name in ("surface.vert", "surface.frag", "trail.vert", "ball.frag"):
    assert "#include" not in resolve(name).text
for scenario in asset_path("scenarios").glob("*.toml"):
    Session.from_file(scenario)
assert asset_path("translations", "galton_zh_CN.qm").stat().st_size > 1000
assert asset_path("icons", "galton-256.png").is_file()
# Help > User guide: the English pages and their 简体中文 translations.
assert doc_path("guide.md").parent == here / "_data" / "docs"
assert doc_path("zh_CN", "guide.md").parent == here / "_data" / "docs" / "zh_CN"
print("data ok", here)
"""


def test_clean_venv_outside_the_checkout_runs_the_wheel(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    str(wheel)], check=True, cwd=tmp_path)
    # A clean environment: no checkout on the path, a cache of its own, run from elsewhere.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(NUMBA_CACHE_DIR=str(tmp_path / "numba"), PYTHONNOUSERSITE="1")
    run = dict(env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)

    version = subprocess.run([str(bin_dir / "galton"), "--version"], **run)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"galton {galton.__version__}"

    train = subprocess.run([str(bin_dir / "galton"), "train", "--rows", "3", "--steps", "40",
                            "--quiet", "--history", "history.csv"], **run)
    assert train.returncode == 0, train.stderr
    assert "test accuracy" in train.stdout
    assert len((tmp_path / "history.csv").read_text().splitlines()) > 1

    data = subprocess.run([str(python), "-c", CHECK_DATA], **run)
    assert data.returncode == 0, data.stderr
    assert "data ok" in data.stdout and str(ROOT) not in data.stdout
