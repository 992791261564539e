"""docs/authoring.md cannot rot: its complete example is copied out of the page and checked,
played and opened as a teacher would; the mistakes it shows give the output it shows; and
every word of the vocabulary (actions, names, functions, figure kinds) is on the page."""

import re
from pathlib import Path

import pytest

from galton import cli, lessons
from galton.core.quantity import BUILTINS
from galton.lessons import data
from galton.lessons.data import actions, figures, quantities

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")


def block(marker: str, language: str) -> str:
    match = re.search(rf"<!-- {marker}[^\n]*-->\n```{language}\n(.*?)```", PAGE, re.S)
    assert match, f"docs/authoring.md lost its {marker!r} block"
    return match.group(1)


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "two_colours.toml"
    path.write_text(block("the example", "toml"), encoding="utf-8")
    return path


def test_the_example_checks_plays_and_runs_in_both_languages(example, capsys):
    assert cli.main(["lesson", "check", str(example)]) == 0
    assert "OK — 3 steps in English and 简体中文" in capsys.readouterr().out
    assert cli.main(["lesson", "play", str(example), "--lang", "both"]) == 0
    out = capsys.readouterr().out
    assert "3 of 3 checks passed" in out and "✔ 红球中有" in out
    for lang in ("en", "zh_CN"):
        run = lessons.start(str(example), lang=lang)
        run.play()
        assert run.check().passed and "…" not in run.page()["body"]
        assert run.session.data.n_classes == 2 and run.session.board.rows == 3


def test_the_mistakes_the_page_shows_give_the_output_it_shows(example, capsys, monkeypatch):
    text = example.read_text(encoding="utf-8")
    broken = text.replace('check = "own_share >= 0.9"', 'check = "own_shar >= 0.9"')
    broken = re.sub(r"\ndone = \"训练好了[^\n]*", "", broken)
    assert broken.count("\n") == text.count("\n") - 1
    example.write_text(broken, encoding="utf-8")
    monkeypatch.chdir(example.parent)
    assert cli.main(["lesson", "check", example.name]) == 2
    assert capsys.readouterr().err == block("the check's output", "text")


def test_every_word_of_the_vocabulary_is_on_the_page():
    def documented(word):
        return re.search(rf"`[^`\n]*\b{re.escape(word)}\b[^`\n]*`", PAGE) is not None

    words = [*actions.VERBS, *quantities.NAMES, *quantities.FUNCTIONS, *BUILTINS,
             *figures.KINDS, *quantities.HISTORY_COLUMNS]
    for spec in actions.VERBS.values():
        words += [o for o in spec.options if o != "as"] + [f"AS_{o}" for o in spec.outputs]
    for fields in figures.KINDS.values():
        words += list(fields)
    for fields in figures.ITEMS.values():
        words += list(fields)
    words += list(data.reader.STEP_FIELDS) + list(data.reader.PARAM_FIELDS) + \
        list(data.reader.SHOW)
    missing = sorted({w for w in words if not documented(w)})
    assert missing == []
