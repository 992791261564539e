"""One Chinese term per concept: the glossary's forbidden variants appear in no zh lesson text
(every assets/lessons/*.toml, new lessons included) and in no translation of the UI catalogue."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from galton.lessons import glossary
from galton.lessons import text as texts
from galton.resources import asset_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LESSON_FILES = sorted(asset_path("lessons").glob("*.toml"))


def _strings(table, where=""):
    if isinstance(table, dict):
        for key, value in table.items():
            yield from _strings(value, f"{where}.{key}" if where else key)
    elif isinstance(table, str):
        yield where, table


def _report(hits_by_place) -> str:
    return "\n".join(f"{place}: “{hit.variant}” in …{hit.context}… → use {hit.term.zh} "
                     f"({hit.term.en})" for place, hits in hits_by_place for hit in hits)


def test_the_glossary_loads_and_no_term_is_forbidden_by_another():
    terms = glossary.terms()
    assert len(terms) >= 30
    for term in terms:
        for zh in term.zh.split(";"):
            hits = glossary.violations(zh.strip())
            assert not hits, (f"the term {zh!r} ({term.en}) is itself forbidden: "
                              f"{_report([('', hits)])}")


def test_the_checker_finds_the_variants_it_should_and_spares_other_words():
    found = {h.variant for h in glossary.violations(
        "第 3 排的钉子，每排一个格子，高尔顿板上的批次，下一个token，损失的地板")}
    assert {"高尔顿板", "格子", "批次", "地板", "token"} <= found
    assert any("排" in v for v in found)
    clean = ("安排好的排列，钉板的第 3 行，挡板和课程面板，词元（token），批量大小，"
             "网格，槽位，不可约损失")
    assert glossary.violations(clean) == []


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_every_zh_lesson_text_uses_the_glossary_terms(path):
    zh = texts.load(path.stem)["zh_CN"]
    bad = [(f"{path.name} zh_CN.{where}", hits)
           for where, value in _strings(zh) if (hits := glossary.violations(value))]
    assert not bad, "\n" + _report(bad)


def test_every_ui_translation_uses_the_glossary_terms():
    tree = ET.parse(asset_path("translations", "galton_zh_CN.ts"))
    bad = []
    for message in tree.iter("message"):
        translation = message.find("translation").text or ""
        hits = glossary.violations(translation)
        if hits:
            bad.append((f"galton_zh_CN.ts “{message.find('source').text}”", hits))
    assert not bad, "\n" + _report(bad)


EXAMPLE_FILES = sorted((Path(__file__).resolve().parents[2] / "examples" / "lessons")
                       .glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_the_example_lesson_files_use_the_glossary_terms_too(path):
    # The lessons written as data carry their own text (a teacher copies them): same terms.
    zh = tomllib.loads(path.read_text(encoding="utf-8"))["zh_CN"]
    bad = [(f"{path.name} zh_CN.{where}", hits)
           for where, value in _strings(zh) if (hits := glossary.violations(value))]
    assert not bad, "\n" + _report(bad)
