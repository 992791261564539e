"""galton lesson check|play: the teacher's tools on the command line, with the exit codes of
the other subcommands (0 fine, 1 a check did not pass, 2 bad input)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from galton.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHALLENGE = ROOT / "assets" / "lessons" / "peg_challenge.toml"


def test_check_of_a_good_lesson_says_ok(capsys):
    assert main(["lesson", "check", str(CHALLENGE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{CHALLENGE}: OK — 6 steps") and "every check passes" in out


def test_check_of_a_broken_lesson_lists_every_problem_and_exits_2(tmp_path, capsys):
    text = CHALLENGE.read_text(encoding="utf-8")
    text = text.replace("{ drop = 300, seed = 1 }", "{ drop = 300, sed = 1 }")
    text = text.replace('default = -3.0', 'default = 3.0')          # the left peg sends right
    text = text.replace('kind = "history"', 'kind = "histroy"')
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["lesson", "check", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"{path}: step 'score' (5), do[1]: drop has no option 'sed'; its options: seed, " \
           f"from" in err
    assert any(line.startswith(f"{path}: step 'descent' (6), figure[1].kind: must be one of")
               for line in err)
    assert err[-1] == f"{path}: 2 problems"
    # Fixed words, but a default that fails its own check: found by playing the lesson.
    text = text.replace("sed = 1", "seed = 1").replace('"histroy"', '"history"')
    path.write_text(text, encoding="utf-8")
    assert main(["lesson", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: step 'left' (3), check: does not pass after the step's own action" in err
    assert f"{path}: [zh_CN.steps.left] done: still shows “…” after the step's action: " \
           f"{{red_in_red}} has no value" in err


def test_play_prints_each_check_in_the_chosen_languages(capsys):
    assert main(["lesson", "play", "peg_challenge", "--lang", "zh_CN"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("分拣挑战：亲手转动三颗钉子\n")
    assert "\n1/6  三颗钉子，三个杯子\n  ✔ 公平的钉板：33 分。" in out
    assert out.rstrip().endswith("6 of 6 checks passed")
    assert main(["lesson", "play", "grad_demo", "--values"]) == 0   # a built-in lesson too
    out = capsys.readouterr().out
    assert "x20 = 0.0461169" in out and "4 of 4 checks passed" in out


def test_play_with_other_numbers_reports_the_checks_that_fail(capsys):
    assert main(["lesson", "play", str(CHALLENGE), "--param", "top_hue=-1",
                 "--param", "left_bias=-1", "--lang", "both"]) == 1
    out = capsys.readouterr().out
    assert "  ✘ Turn the top peg so that at most 10 % of the red balls go right." in out
    assert "  ✘ 转动顶上的钉子，让最多 10 % 的红球向右。" in out
    assert "checks passed; " in out and "did not" in out


@pytest.mark.parametrize("args,message", [
    (["lesson", "play", "no_such_lesson"], "no lesson 'no_such_lesson'; the lessons are: 1"),
    (["lesson", "check", "no_such_lesson"], "no lesson file 'no_such_lesson'"),
    (["lesson", "play", str(CHALLENGE), "--param", "top_hue"], "--param must be NAME=VALUE"),
    (["lesson", "play", str(CHALLENGE), "--param", "top_hue=99"],
     "top_hue must be between -10.0 and 10.0"),
    (["lesson", "play", str(CHALLENGE), "--param", "nope=1"], "has no parameter 'nope'"),
])
def test_bad_input_exits_2_with_a_message(args, message, capsys):
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_check_of_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["lesson", "check", str(tmp_path / "nope.toml")]) == 2
    assert f"{tmp_path / 'nope.toml'}: file: not found" in capsys.readouterr().err


def test_the_installed_command(tmp_path):
    env = {**os.environ, "GALTON_LESSONS": str(tmp_path)}
    (tmp_path / "mine.toml").write_text(CHALLENGE.read_text(encoding="utf-8"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "galton", "lesson", "check", "mine"],
                         capture_output=True, text=True, timeout=600, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"{tmp_path / 'mine.toml'}: OK")
