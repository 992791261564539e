"""Cold and warm start of the desktop app: seconds from launching ``galton`` to its window.

    .venv/bin/python benchmarks/startup.py              # the installed `galton` command
    .venv/bin/python benchmarks/startup.py dist/galton/galton    # the frozen app

Cold: an empty Numba cache (the first launch of a pip-installed app: the window opens and the
kernels compile in the background). Warm: the same cache again (later launches, and every
launch after `make setup`, which compiles them: the kernels load from the cache). The app
prints the moment its window is up and the moment every kernel is ready, then quits
(GALTON_STARTUP_REPORT=ready, see galton/qt/splash.py). Needs a display: run it under
xvfb-run on a server. Takes about a minute on two quiet cores (the cold launch compiles).
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


def launch(command, env) -> tuple[float, float, int]:
    """(seconds to the window, seconds until every kernel is ready, kernels compiled)."""
    start = time.time()
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    seen = {}
    for line in out.stdout.splitlines():
        if line.startswith("galton-startup "):
            seen.update(dict(part.split("=") for part in line.split()[1:]))
    if "shown_at" not in seen or "ready_at" not in seen:
        raise RuntimeError(f"{command} did not report its start (exit {out.returncode}):\n"
                           f"{out.stdout}\n{out.stderr}")
    return (float(seen["shown_at"]) - start, float(seen["ready_at"]) - start,
            int(seen["compiled"]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default=None,
                        help="the galton executable (default: the one beside this Python)")
    parser.add_argument("--warm", type=int, default=3, help="warm launches to time")
    args = parser.parse_args(argv)
    command = [args.command or str(Path(sys.executable).with_name("galton"))]
    home = Path(tempfile.mkdtemp(prefix="galton-startup-"))
    try:
        env = dict(os.environ, GALTON_STARTUP_REPORT="ready",
                   NUMBA_CACHE_DIR=str(home / "numba"),
                   XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
                   PYDEVD_DISABLE_FILE_VALIDATION="1")
        cold, ready, compiled = launch(command, env)
        print(f"cold start: {cold:5.2f} s to the window; every kernel ready after {ready:5.2f} s "
              f"({compiled} kernels compiled)")
        warm = []
        for _ in range(args.warm):
            seconds, ready, compiled = launch(command, env)
            warm.append(seconds)
            print(f"warm start: {seconds:5.2f} s to the window; every kernel ready after "
                  f"{ready:5.2f} s ({compiled} kernels compiled)")
        if warm:
            print(f"warm start, best of {len(warm)}: {min(warm):.2f} s; median "
                  f"{sorted(warm)[len(warm) // 2]:.2f} s")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
