"""Build the frozen desktop app: ``make package`` runs this.

    .venv/bin/python packaging/build.py [--dist dist] [--work build/pyinstaller]

1. PyInstaller turns packaging/galton.spec into a one-folder app: DIST/galton/galton (.exe on
   Windows; DIST/galton.app as well on macOS).
2. On Linux it then packs DIST/galton-VERSION-linux-ARCH.tar.gz: the app folder, the desktop
   entry, the AppStream metainfo, the .galton file type (shared-mime-info), the icons in the
   hicolor layout and install.sh, which puts them under ~/.local (or PREFIX) so that galton
   appears in the desktop's menu and opens .galton files.

Prints the time it took and the sizes.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP_ID = "invalid.example.Galton"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def folder_size(path: Path) -> int:
    """Bytes in files under ``path``, each counted once (Qt's libraries are also linked)."""
    return sum(os.path.getsize(os.path.join(folder, name))
               for folder, _, names in os.walk(path) for name in names
               if not os.path.islink(os.path.join(folder, name)))


def freeze(dist: Path, work: Path) -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", str(HERE / "galton.spec"), "--noconfirm",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work)],
                   check=True)
    return dist / "galton"


def linux_tarball(app: Path, dist: Path, version: str) -> Path:
    """The app folder plus what a Linux desktop needs to list it, and the script that installs
    them."""
    name = f"galton-{version}-linux-{platform.machine()}"
    out = dist / f"{name}.tar.gz"
    icons = ROOT / "assets" / "icons"
    # Level 6: within 1% of level 9 in size here (169 MB), in half the time.
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(app, arcname=f"{name}/galton")
        tar.add(HERE / f"{APP_ID}.desktop", arcname=f"{name}/share/applications/{APP_ID}.desktop")
        tar.add(HERE / f"{APP_ID}.metainfo.xml",
                arcname=f"{name}/share/metainfo/{APP_ID}.metainfo.xml")
        tar.add(HERE / f"{APP_ID}.mime.xml", arcname=f"{name}/share/mime/packages/{APP_ID}.xml")
        tar.add(icons / "galton.svg",
                arcname=f"{name}/share/icons/hicolor/scalable/apps/{APP_ID}.svg")
        for size in ICON_SIZES:
            tar.add(icons / f"galton-{size}.png",
                    arcname=f"{name}/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png")
        tar.add(HERE / "install.sh", arcname=f"{name}/install.sh")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import galton

    start = time.perf_counter()
    app = freeze(args.dist, args.work)
    seconds = time.perf_counter() - start
    print(f"built {app} in {seconds:.0f} s: {folder_size(app) / 2**20:.0f} MiB")
    if sys.platform.startswith("linux"):
        out = linux_tarball(app, args.dist, galton.__version__)
        print(f"packed {out}: {out.stat().st_size / 2**20:.0f} MiB "
              f"(unpack it and run install.sh)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
