"""The frozen desktop app (PyInstaller, one folder): it builds with `make package`'s script,
starts under Xvfb, shows its window, takes a screenshot, trains headless, starts the console's
IPython kernel and a scaling-lab worker process, and installs from its tarball. Prints the build
time, the size and the cold and warm start to the window.

Slow (two to four minutes on two cores): most of it is PyInstaller and the first launch,
which compiles every kernel."""

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

import galton

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="the frozen smoke test runs on Linux (Xvfb)")]


def folder_mb(path: Path) -> float:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from build import folder_size
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    return folder_size(path) / 2**20


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("frozen")
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist",
                    str(tmp / "dist"), "--work", str(tmp / "work")], check=True, cwd=tmp,
                   timeout=1200)
    seconds = time.perf_counter() - start
    app = tmp / "dist" / "galton"
    print(f"\nfrozen build: {seconds:.0f} s, {folder_mb(app):.0f} MiB")
    return tmp, app


@pytest.fixture(scope="module")
def env(build):
    tmp, _ = build
    # The frozen app's Numba cache lives in the user's cache folder (XDG_CACHE_HOME): a fresh
    # one makes the first launch below a real first launch.
    return {**{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NUMBA_CACHE_DIR")},
            "XDG_CACHE_HOME": str(tmp / "cache"), "XDG_CONFIG_HOME": str(tmp / "config"),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def run(command, env, cwd, **extra):
    return subprocess.run([str(c) for c in command], env={**env, **extra}, cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def start_seconds(exe, env, cwd) -> tuple[float, int]:
    """(seconds to the window, kernels compiled by the whole warm-up). The window opens before
    most kernels are compiled (they compile in the background once it has drawn), so the
    report waits until every kernel is ready ("ready") and counts what the launch compiled."""
    began = time.time()
    out = run([exe], env, cwd, GALTON_STARTUP_REPORT="ready")
    assert out.returncode == 0, out.stdout + out.stderr
    fields = {}
    for line in out.stdout.splitlines():
        if line.startswith("galton-startup "):
            fields.update(dict(part.split("=") for part in line.split()[1:]))
    assert "ready_at" in fields, out.stdout + out.stderr
    return float(fields["shown_at"]) - began, int(fields["compiled"])


KERNEL_PROBE = """
from ipykernel.inprocess.manager import InProcessKernelManager

km = InProcessKernelManager()
km.start_kernel()
km.kernel.shell.run_cell("x = 6 * 7")
print("kernel ok", km.kernel.shell.user_ns["x"])
km.shutdown_kernel()
"""


def test_frozen_app_starts_and_takes_a_screenshot(build, env):
    tmp, app = build
    exe = app / "galton"
    assert (app / "_internal" / "galton" / "_data" / "shaders" / "surface.frag").is_file()
    assert (app / "_internal" / "galton" / "_data" / "assets" / "icons" / "galton.svg").is_file()
    assert (app / "_internal" / "galton" / "_data" / "docs" / "zh_CN" / "guide.md").is_file()

    version = run([exe, "--version"], env, tmp)
    assert version.stdout.strip() == f"galton {galton.__version__}", version.stderr

    cold, compiled = start_seconds(exe, env, tmp)
    warm, recompiled = start_seconds(exe, env, tmp)
    print(f"frozen app: cold start {cold:.1f} s ({compiled} kernels compiled), "
          f"warm start {warm:.1f} s ({recompiled} compiled)")
    assert compiled > 0 and recompiled == 0  # the kernels were cached on the first launch

    shot = tmp / "frozen.png"
    scenario = app / "_internal" / "galton" / "_data" / "assets" / "scenarios" / \
        "sort_three_colours.toml"
    out = run([exe, scenario, "--steps", "30", "--screenshot", shot], env, tmp)
    assert out.returncode == 0, out.stdout + out.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() > 800 and image.height() > 600
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 11)
               for y in range(0, image.height(), 11)}
    assert len(colours) > 20  # a drawn window, not a blank one

    train = run([exe, "train", "--steps", "20", "--quiet"], env, tmp)
    assert train.returncode == 0, train.stderr
    assert "test accuracy" in train.stdout

    # The console's kernel: IPython in-process, with the files ipykernel's debugger needs.
    (tmp / "kernel.py").write_text(KERNEL_PROBE)
    kernel = run([exe, "run", tmp / "kernel.py"], env, tmp)
    assert kernel.returncode == 0, kernel.stdout + kernel.stderr
    assert "kernel ok 42" in kernel.stdout

    # A worker process of the scaling lab starts the executable again (freeze_support).
    sweep = run([exe, "scaling", "run", "--rows", "1", "--balls", "32", "--steps", "3",
                 "--seeds", "0", "--workers", "1", "-o", tmp / "sweep.csv"], env, tmp)
    assert sweep.returncode == 0, sweep.stdout + sweep.stderr
    assert len((tmp / "sweep.csv").read_text().splitlines()) == 2


def test_tarball_installs_a_menu_entry_and_a_command(build, env):
    tmp, _ = build
    (tarball,) = (tmp / "dist").glob(f"galton-{galton.__version__}-linux-*.tar.gz")
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp / "unpacked", filter="tar")
    (folder,) = (tmp / "unpacked").iterdir()
    prefix = tmp / "prefix"
    out = run(["sh", folder / "install.sh"], env, tmp, PREFIX=str(prefix))
    assert out.returncode == 0, out.stderr
    entry = (prefix / "share/applications/invalid.example.Galton.desktop").read_text()
    assert f"Exec={prefix}/bin/galton %f" in entry
    assert (prefix / "share/icons/hicolor/256x256/apps/invalid.example.Galton.png").is_file()
    assert (prefix / "share/metainfo/invalid.example.Galton.metainfo.xml").is_file()
    version = run([prefix / "bin" / "galton", "--version"], env, tmp)
    assert version.stdout.strip() == f"galton {galton.__version__}"
    out = run(["sh", folder / "install.sh", "--uninstall"], env, tmp, PREFIX=str(prefix))
    assert out.returncode == 0 and not (prefix / "bin" / "galton").exists()
