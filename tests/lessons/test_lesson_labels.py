"""Every label of the window that a lesson text names exists: in the galton/qt sources (a tr()
string the window really shows), in the UI catalogue with a 简体中文 translation, or among the
lesson's own spin boxes and choices. Texts name labels only by reference — {ui:Do it},
{param:threshold}, {choice:features=last} — so the words on the page are always the window's
own; a quoted label typed by hand after "press" or "点击" is refused."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from galton import lessons
from galton.lessons import text as texts
from galton.resources import asset_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LESSON_FILES = sorted(asset_path("lessons").glob("*.toml"))
_GALTON = Path(lessons.__file__).parents[1]
#: Where the window's labels are written: galton/qt, and the settings' labels in the schema
#: (galton/core/schema.py marks them with QT_TRANSLATE_NOOP; the controls show them translated).
QT_SOURCES = "\n".join(p.read_text(encoding="utf-8")
                       for p in [*sorted((_GALTON / "qt").glob("*.py")),
                                 _GALTON / "core" / "schema.py"])


def _strings(table, where=""):
    if isinstance(table, dict):
        for key, value in table.items():
            yield from _strings(value, f"{where}.{key}" if where else key)
    elif isinstance(table, str):
        yield where, table


#: The lessons written again as data carry their own copy of the text.
EXAMPLE_FILES = sorted((Path(__file__).resolve().parents[2] / "examples" / "lessons")
                       .glob("*.toml"))


def _all_references():
    for path in [*LESSON_FILES, *EXAMPLE_FILES]:
        data = (texts.load(path.stem) if path in LESSON_FILES
                else tomllib.loads(path.read_text(encoding="utf-8")))
        for lang in texts.LANGUAGES:
            for where, value in _strings(data[lang]):
                for kind, spec in texts.references(value):
                    yield path.stem, lang, where, kind, spec


def _shown_in_window(source: str) -> bool:
    """The galton/qt sources pass ``source`` to tr() as one literal (or the schema marks it
    with QT_TRANSLATE_NOOP)."""
    literal = re.escape(repr(source)[1:-1])
    return re.search(rf"(tr\(|QT_TRANSLATE_NOOP\(\s*[\"']\w+[\"'],)\s*[\"']{literal}[\"']",
                     QT_SOURCES) is not None


def test_the_lessons_name_window_labels_by_reference():
    kinds = Counter(kind for *_, kind, _ in _all_references())
    assert kinds["ui"] >= 100          # "Do it" alone is named on almost every step
    assert kinds["choice"] >= 2


@pytest.mark.parametrize("reference", sorted({spec for *_, kind, spec in _all_references()
                                              if kind == "ui"}))
def test_every_ui_label_named_exists_in_the_window_and_the_catalogue(reference):
    for item in reference.split(" ▸ "):
        source = item.split("|")[0]
        assert _shown_in_window(source), (f"no tr({source!r}) in galton/qt (nor in the schema): "
                                          "no such label")
        assert source in texts.catalogue(), f"{source!r}: no 简体中文 translation in the catalogue"
    for lang in texts.LANGUAGES:
        shown = texts.ui_label(reference, lang)
        assert shown.strip("“”") and "&" not in shown and "{}" not in shown, shown


def test_every_spin_box_and_choice_named_belongs_to_the_lesson():
    for name, lang, where, kind, spec in _all_references():
        if kind == "ui":
            continue
        if name not in lessons.names():
            continue   # a text file without a lesson module yet: its module's tests cover it
        params = {p.name: p for s in lessons.get(name).steps for p in s.params}
        if kind == "param":
            assert spec in params, f"{name} [{lang}] {where}: no spin box {spec!r}"
        else:
            param, _, choice = spec.partition("=")
            assert param in params and choice in map(str, params[param].choices), (
                f"{name} [{lang}] {where}: no choice {spec!r}; the choices are "
                f"{params.get(param) and params[param].choices}")


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_both_languages_name_the_same_labels(path):
    data = texts.load(path.stem)
    en = dict(_strings(data["en"]))
    zh = dict(_strings(data["zh_CN"]))
    for key in en:
        assert Counter(texts.references(en[key])) == Counter(texts.references(zh[key])), (
            f"{path.name} {key}: the languages name different labels")


# "press “Play”", "choose **last**", "点击“投球”": a label typed by hand instead of referenced.
_TYPED = {
    "en": re.compile(r"(?:\b(?:[Pp]ress|[Cc]lick|[Cc]hoose|[Pp]ick|[Ss]elect|[Oo]pen|[Tt]ick)"
                     r"\s+(?:the window's\s+|the\s+)?|the window's\s+)"
                     r"(“[^”]+”|\"[^\"]+\"|\*\*[^*]+\*\*)"
                     r"|(“[^”]+”|\*\*[^*]+\*\*)\s+in the window"),
    "zh_CN": re.compile(r"(?:点击|点|按下?|选择|选中|选|打开|勾选|窗口里的|窗口的)"
                        r"(?:窗口里的|上方的|一下)?\s*(“[^”]+”|\"[^\"]+\")"),
}


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_no_lesson_types_a_window_label_by_hand(path):
    data = texts.load(path.stem)
    for lang in texts.LANGUAGES:
        for where, value in _strings(data[lang]):
            typed = [m.group(0) for m in _TYPED[lang].finditer(value)]
            assert not typed, f"{path.name} [{lang}] {where}: use {{ui:…}} for {typed}"


def test_the_check_for_typed_labels_finds_the_ones_the_issue_found():
    assert _TYPED["zh_CN"].search("（或窗口里的“投球”）")
    assert _TYPED["en"].search("(or Drop in the window)") is None   # unquoted: not a label
    assert _TYPED["en"].search("(or **Play** in the window)")
    assert _TYPED["zh_CN"].search("点击“投球”，让小球落下")
    assert _TYPED["zh_CN"].search("在上方选择“last”")
    assert _TYPED["en"].search("Choose “last” above")
    assert _TYPED["en"].search("press the window's **Play**")
    assert not _TYPED["en"].search("Press {ui:Play}")


def test_a_reference_renders_the_windows_words_in_each_language():
    assert texts.ui_label("Do it", "en") == "“Do it”"
    assert texts.ui_label("Do it", "zh_CN") == "“执行”"
    assert texts.ui_label("Drop ×{}|100", "zh_CN") == "“投下 ×100”"
    assert texts.ui_label("&View ▸ Fine-tuning and scaling &lab", "en") == (
        "“View ▸ Fine-tuning and scaling lab”")
    with pytest.raises(KeyError, match="no UI label"):
        texts.ui_label("投球", "zh_CN")
    run = lessons.start("next_token", lang="zh_CN")
    assert texts.fill("选择{choice:features=last}", run.context()) == "选择“只用最后一个词元”"
    assert texts.fill("{ui:Nope}", run.context()) == "…"     # the tests above catch it
