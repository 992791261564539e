#!/usr/bin/env bash
# Set up everything galton needs on a fresh Debian/Ubuntu machine (or any machine with python3):
#  1. the system libraries Qt + OpenGL need under X or Xvfb (only what is missing; needs root),
#  2. a virtual environment with galton installed editable, plus its test extras,
#  3. the Numba kernels compiled into the cache (NUMBA_CACHE_DIR, as the Makefile sets it), so
#     the first `make run` opens its window as fast as later ones.
set -euo pipefail
venv="${1:-.venv}"
here="$(cd "$(dirname "$0")/.." && pwd)"

# Debian packages for Qt (xcb) + Mesa OpenGL + Xvfb; see shared HEADLESS notes in docs/headless.md.
apt_pkgs=(xvfb xauth libgl1 libegl1 libgl1-mesa-dri libglx-mesa0 libegl-mesa0 libx11-6 libx11-xcb1
  libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxcb1 libxcb-cursor0 libxcb-glx0
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
  libxkbcommon-x11-0 libxkbcommon0 fonts-noto-cjk)

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "bootstrap: installing system packages: ${missing[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      echo "bootstrap: installing system packages with sudo: ${missing[*]}"
      sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "bootstrap: warning: missing system packages (install them for the GUI and GL tests): ${missing[*]}" >&2
    fi
  fi
fi

python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
extras="test"
"$venv/bin/python" -m pip install -q -e "$here[$extras]" 2>&1 | grep -vE "is ignored|^\s*$" || true
"$venv/bin/python" -c "import galton, numba, numpy; print('bootstrap: galton', galton.__version__, 'numba', numba.__version__, 'numpy', numpy.__version__)"
# Compile the kernels now (~20 s on two cores) rather than on the first launch.
"$venv/bin/python" -m galton.warmup
