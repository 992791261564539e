"""Cold and warm start of the desktop app: seconds from launching ``galton`` to its window.

    .venv/bin/python benchmarks/startup.py              # the installed `galton` command
    .venv/bin/python benchmarks/startup.py dist/galton/galton    # the frozen app

Cold: an empty Numba cache (the first launch on a computer: every kernel is compiled under the
splash). Warm: the same cache again (later launches: the kernels load from it). The app prints
the moment its window is up and quits (GALTON_STARTUP_REPORT=1, see galton/qt/splash.py).
Needs a display: run it under xvfb-run on a server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def launch(command, env) -> tuple[float, int]:
    """(seconds to the window, kernels compiled) of one launch."""
    start = time.time()
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    for line in out.stdout.splitlines():
        if line.startswith("galton-startup "):
            fields = dict(part.split("=") for part in line.split()[1:])
            return float(fields["shown_at"]) - start, int(fields["compiled"])
    raise RuntimeError(f"{command} did not report its start (exit {out.returncode}):\n"
                       f"{out.stdout}\n{out.stderr}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default=None,
                        help="the galton executable (default: the one beside this Python)")
    parser.add_argument("--warm", type=int, default=3, help="warm launches to time")
    args = parser.parse_args(argv)
    command = [args.command or str(Path(sys.executable).with_name("galton"))]
    home = Path(tempfile.mkdtemp(prefix="galton-startup-"))
    try:
        env = dict(os.environ, GALTON_STARTUP_REPORT="1", NUMBA_CACHE_DIR=str(home / "numba"),
                   XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
                   PYDEVD_DISABLE_FILE_VALIDATION="1")
        cold, compiled = launch(command, env)
        print(f"cold start: {cold:5.2f} s to the window ({compiled} kernels compiled)")
        warm = []
        for _ in range(args.warm):
            seconds, compiled = launch(command, env)
            warm.append(seconds)
            print(f"warm start: {seconds:5.2f} s to the window ({compiled} kernels compiled)")
        if warm:
            print(f"warm start, best of {len(warm)}: {min(warm):.2f} s; median "
                  f"{sorted(warm)[len(warm) // 2]:.2f} s")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
