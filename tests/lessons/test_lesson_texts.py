"""Every lesson: text in both languages with the same keys and placeholders, every step and
parameter has its words, and every step's action, check and figure run headless."""

from __future__ import annotations

import re

import numpy as np
import pytest

from galton import lessons
from galton.lessons import figure as figures
from galton.lessons import text as texts


def _keys(table, prefix=""):
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_keys(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_there_are_seventeen_lessons_in_order():
    assert len(lessons.names()) == 17
    assert [lessons.get(n).number for n in lessons.names()] == list(range(1, 18))
    assert lessons.get(3) is lessons.get("grad_demo") is lessons.get(" 3 ")


def test_an_unknown_lesson_lists_the_lessons():
    with pytest.raises(KeyError, match=r"1 function.*12 next_token.*17 training_cost"):
        lessons.get("nope")


@pytest.mark.parametrize("name", lessons.names())
def test_both_languages_have_the_same_keys_and_placeholders(name):
    data = texts.load(name)
    en, zh = _keys(data["en"]), _keys(data["zh_CN"])
    assert set(en) == set(zh), f"{name}: keys only in one language: {set(en) ^ set(zh)}"
    for key in en:
        assert en[key].strip() and zh[key].strip(), f"{name}: {key} is empty"
        assert texts.placeholders(en[key]) == texts.placeholders(zh[key]), (name, key)


@pytest.mark.parametrize("name", lessons.names())
def test_every_step_and_parameter_has_text_and_nothing_else(name):
    lesson = lessons.get(name)
    for lang in texts.LANGUAGES:
        table = lesson.text(lang)
        assert set(table["steps"]) == {s.key for s in lesson.steps}, (name, lang)
        for step in lesson.steps:
            for p in step.params:
                assert p.name in table["labels"], f"{name}: no label for parameter {p.name}"


@pytest.mark.parametrize("lang", texts.LANGUAGES)
@pytest.mark.parametrize("name", lessons.names())
def test_the_whole_lesson_runs_headless_and_every_placeholder_is_filled(name, lang):
    run = lessons.start(name, lang=lang)
    for i, step in enumerate(run.steps):
        run.goto(i)
        before = run.figure()  # the figure before "Do it" must draw too
        assert before is None or isinstance(before, figures.Figure)
        run.do()
        page = run.page()
        for field in ("title", "body"):
            assert page[field].strip()
        assert "…" not in page["body"] + page["done"], (
            f"{name} [{lang}] step {step.key}: a placeholder was not filled after “Do it”:\n"
            f"{page['body']}\n{page['done']}")
        assert run.check().passed, f"{name}: step {step.key} does not pass after its own action"
        fig = run.figure()
        if fig is not None:
            assert isinstance(fig, figures.Figure) and fig.panels
            for panel in fig.panels:
                if isinstance(panel, figures.Plot):
                    for c in panel.curves:
                        assert np.isfinite(c.x).all()


def test_fill_leaves_missing_values_as_an_ellipsis():
    assert texts.fill("x = {x:.3f}, y = {y:.1f}", {"x": 1.23456}) == "x = 1.235, y = …"
    assert texts.fill("{a:.2f}", {"a": "text"}) == "…"
    assert texts.placeholders("{x20:.4f} and {loss}") == {"x20", "loss"}


def test_fill_shows_a_number_that_does_not_exist_as_a_dash_never_nan():
    # Pinball with two colours has no blue ball: "— of blue balls", not "nan% of blue balls".
    assert texts.fill("{p:.0%} of blue balls", {"p": float("nan")}) == "— of blue balls"
    assert texts.fill("{p:.3f}", {"p": np.float64("nan")}) == "—"
    assert texts.fill("{p:.0%}", {"p": 0.5}) == "50%"


def test_a_text_file_missing_a_language_names_the_file(tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text('[en]\ntitle = "t"\nsummary = "s"\n[en.steps.a]\ntitle = "a"\nbody = "b"\n',
                   encoding="utf-8")
    monkeypatch.setattr(texts, "text_path", lambda name: bad)
    texts.load.cache_clear()
    try:
        with pytest.raises(texts.LessonTextError, match=r"bad.toml: missing the \[zh_CN\]"):
            texts.load("bad")
    finally:
        texts.load.cache_clear()


def test_a_parameter_out_of_range_is_refused_and_changes_nothing():
    run = lessons.start("grad_demo")
    with pytest.raises(ValueError, match=re.escape("between 0.01 and 1.5")):
        run.set_param("lr_wobble", 3.0)
    assert run.params["lr_wobble"] == 0.9
    with pytest.raises(KeyError, match="no parameter"):
        run.set_param("nope", 1)


def test_a_session_starts_a_lesson_on_itself_and_scripts_have_the_lessons():
    from galton.scripting import namespace
    from galton.session import Session

    session = Session()
    run = namespace(session)["lesson"](6)  # the console's lesson(6)
    assert run.session is session and run.lesson.name == "pinball"
    assert session.scenario.name == "The pinball machine"  # the preset was loaded
    assert namespace(session)["lessons"] is lessons


@pytest.mark.parametrize("name", lessons.names())
def test_a_parameter_shared_by_two_steps_is_the_same_parameter(name):
    # The run keeps one value per name and the lesson panel one box per name (shown on every
    # step that asks for it), so two steps may share a name only with the same range and default.
    seen = {}
    for step in lessons.get(name).steps:
        for p in step.params:
            spec = (p.default, p.low, p.high, p.step, p.integer, p.choices)
            assert seen.setdefault(p.name, spec) == spec, (name, step.key, p.name)
