"""The window on the screens people have: 1280x720 (a projector), 1366x768 (a laptop),
1920x1080, 2560x1440 and 2560x1440 at 200 % (QT_SCALE_FACTOR=2), in English and 简体中文.

Each case starts an X server of that size and opens a fresh window in a process of its own
(tests/qt/layout_check.py): the window must open inside the screen's available geometry, its
minimum size must fit the screen, and with each panel in front in turn (controls, charts,
loss landscape, lab, console, a lesson) nothing may overlap, stick out of its parent, be cut
below its minimum size or be covered by something drawn over it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCREENS = [(1280, 720, None), (1366, 768, None), (1920, 1080, None), (2560, 1440, None),
           (2560, 1440, 2)]
PANELS = ("default", "controls", "charts", "landscape", "lab", "console", "lesson")


class Display:
    """An Xvfb of a given size on a free display number (``-displayfd``: no guessing)."""

    def __init__(self, width, height):
        if shutil.which("Xvfb") is None:
            pytest.fail("Xvfb is not installed (apt install xvfb): the screen-size tests "
                        "need an X server of each size")
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(write)
        number = b""
        with os.fdopen(read, "rb") as pipe:
            while not number.endswith(b"\n"):
                byte = pipe.read(1)
                if not byte:
                    break
                number += byte
        if not number.strip():
            self.close()
            pytest.fail(f"Xvfb {width}x{height} did not start")
        self.name = f":{number.decode().strip()}"

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module", params=SCREENS, ids=lambda s: f"{s[0]}x{s[1]}" + (
    f"@{s[2]}x" if s[2] else ""))
def screen(request):
    width, height, scale = request.param
    display = Display(width, height)
    yield display, width, height, scale
    display.close()


def run_check(display, scale, lang, tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "QT_SCALE_FACTOR", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    if scale:
        env["QT_SCALE_FACTOR"] = str(scale)
    out = subprocess.run([sys.executable, str(HERE / "layout_check.py"), "--lang", lang],
                         capture_output=True, text=True, timeout=600, env=env, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_fresh_window_fits_and_nothing_overlaps(screen, lang, tmp_path):
    display, width, height, scale = screen
    report = run_check(display.name, scale, lang, tmp_path)
    logical = (width // (scale or 1), height // (scale or 1))
    _, _, w, h = report["window"]
    assert w <= logical[0] and h <= logical[1], report
    assert report["available"][2:] == list(logical)
    # The window uses the screen: all of a usual one, most of a large one.
    assert w >= 0.8 * logical[0] and h >= 0.85 * logical[1], report
    assert report["minimum"][0] <= logical[0] and report["minimum"][1] <= logical[1]
    assert set(report["problems"]) == set(PANELS)
    assert {name: found for name, found in report["problems"].items() if found} == {}
    # The controls and the charts never scroll sideways; on a wide window nothing does.
    # (On narrower windows the loss landscape's and the lab's rows of boxes are wider than
    # the right column, so those two panels scroll sideways there.)
    for name in ("default", "controls", "charts"):
        assert report["sideways"][name] == [], (name, report["sideways"])
    if logical[0] >= 1920:
        assert {name: found for name, found in report["sideways"].items() if found} == {}
