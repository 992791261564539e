"""The splash: the kernels are ready before the window needs them, and a first launch says
what it is compiling."""

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

from galton import warmup
from galton.qt.splash import Splash

# Run in a fresh interpreter: in this one, other tests may have compiled the kernels already.
WINDOW_AFTER_SPLASH = r"""
import json, sys
from numba.core.registry import CPUDispatcher
from PySide6.QtWidgets import QApplication
from galton.qt.splash import Splash

def versions():
    import galton.kernels.board_numba as b, galton.kernels.landscape_numba as l
    import galton.kernels.optim_numba as o
    return {f"{m.__name__}.{k}": len(v.overloads) for m in (b, l, o)
            for k, v in vars(m).items() if isinstance(v, CPUDispatcher)}

app = QApplication(sys.argv[:1])
splash = Splash.warm_up(app)
assert splash.background.wait(600)     # the stages that run after the window opened
before = versions()
from galton.qt.main_window import MainWindow
from galton.session import Session
window = MainWindow(Session())
window.show()
splash.finish(window)
jobs = getattr(getattr(window, "landscape", None), "jobs", None)
while jobs is not None and jobs.pending:   # the landscape dock computes in a thread
    app.processEvents()
window.session.step(2)                 # what Play does (in the training thread)
window.session.drop(10)
if sys.argv[1] == "first":             # a first launch readies every optimizer too
    for optimizer in ("adam", "adamw", "rmsprop", "adagrad"):
        window.session.set(optimizer=optimizer)
        window.session.step(1)
app.processEvents()
after = versions()
print(json.dumps({"splash_visible": splash.isVisible(),
                  "compiled": len(splash.compiled_in_background()),
                  "before": before, "after": after}))
window.close()
"""


def window_after_splash(launch: str, env) -> dict:
    out = subprocess.run([sys.executable, "-c", WINDOW_AFTER_SPLASH, launch], env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert not result["splash_visible"]
    before, after = result["before"], result["after"]
    assert sum(before.values()) >= 4  # the splash did load kernels
    new = {k: n - before.get(k, 0) for k, n in after.items() if n != before.get(k, 0)}
    assert new == {}, f"compiled after the splash (add them to galton/warmup.py): {new}"
    return result


@pytest.mark.slow
def test_the_window_compiles_nothing_the_splash_did_not(tmp_path):
    # An empty Numba cache: a real first launch (about 20 s), then a later one.
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path), NUMBA_CACHE_DIR=str(tmp_path / "nb"))
    assert window_after_splash("first", env)["compiled"] >= 10
    assert window_after_splash("later", env)["compiled"] == 0


def test_the_splash_says_when_it_compiles(qtbot):
    splash = Splash()
    qtbot.addWidget(splash)
    splash.stage = "landscape"
    assert splash.message() == "Loading the kernels: the loss landscape…"
    splash.compiling.append("slice_losses")
    assert "First launch" in splash.message() and "slice_losses" in splash.message()
    splash.show()
    qtbot.waitExposed(splash)
    image = splash.grab().toImage()
    assert image.width() == 520 and image.height() == 230


def test_compile_events_report_compiling_not_loading():
    from numba import njit

    @njit(cache=False)
    def freshly_made(x):
        return x + 1

    seen = []
    with warmup.compile_events(seen.append):
        freshly_made(1)
    freshly_made(2.0)  # outside the block: not reported
    assert seen == ["freshly_made"]


def test_startup_report_prints_and_quits(tmp_path):
    env = dict(os.environ, GALTON_STARTUP_REPORT="1", XDG_CONFIG_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "galton"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "galton-startup shown_at=" in out.stdout


def test_play_waits_for_the_training_kernels_with_a_visible_state(qtbot, tmp_path, monkeypatch):
    from galton.qt.main_window import MainWindow
    from galton.qt.splash import Background
    from galton.session import Session

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    window = MainWindow(Session())
    qtbot.addWidget(window)
    window.warming = Background()  # a first launch whose compiler has not reached training
    window.show()
    play = window.controls.play
    qtbot.mouseClick(play, Qt.LeftButton)
    assert play.text() == "Getting ready…" and play.isChecked()
    assert not window.training.running
    window.warming._finished("training")  # what the warm-up thread signals when it gets there
    qtbot.waitUntil(lambda: window.training.running, timeout=10000)
    assert play.text() == "Pause"
    qtbot.mouseClick(play, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.training.running, timeout=10000)
    assert play.text() == "Play"
