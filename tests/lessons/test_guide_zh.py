"""The 简体中文 user guide (docs/zh_CN/, shown by Help > User guide in a Chinese window) names
the window's labels as the Chinese window shows them, uses the glossary's terms, keeps the
English page's sections, and its links and pictures lead somewhere."""

from __future__ import annotations

import re

import pytest

from galton.lessons import glossary
from galton.lessons import text as texts
from galton.resources import doc_path
from tests.lessons.test_lesson_labels import _shown_in_window

ZH_PAGES = sorted(doc_path("zh_CN").glob("*.md"))


def _shown(label: str) -> str:
    """A catalogue entry as the window shows it: no mnemonic, no trailing … or colon."""
    label = re.sub(r"\(&[^&)]\)", "", label).replace("&", "")
    return label.strip().rstrip("…：:").strip()


def _labels_in_the_window() -> list[re.Pattern]:
    """Every Chinese label of the window, its {} placeholders matching what fills them."""
    out = []
    for source, zh in texts.catalogue().items():
        if _shown_in_window(source):
            out.append(re.compile(re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(_shown(zh)))))
    return out


@pytest.mark.parametrize("page", ZH_PAGES, ids=lambda p: p.name)
def test_every_quoted_label_is_one_the_chinese_window_shows(page):
    text = page.read_text("utf-8")
    quoted = re.findall(r"“([^”]+)”", text)
    assert len(quoted) >= 20 or page.name != "guide.md"  # the guide is a tour of the window
    labels = _labels_in_the_window()
    missing = sorted({part for label in quoted for part in label.split(" ▸ ")
                      if not any(p.fullmatch(_shown(part)) for p in labels)})
    assert missing == [], f"{page.name}: labels the Chinese window does not show: {missing}"


@pytest.mark.parametrize("page", ZH_PAGES, ids=lambda p: p.name)
def test_the_chinese_page_uses_the_glossary_terms(page):
    hits = glossary.violations(page.read_text("utf-8"))
    assert hits == [], "; ".join(f"“{h.variant}” in …{h.context}… → {h.term.zh}" for h in hits)


@pytest.mark.parametrize("page", ZH_PAGES, ids=lambda p: p.name)
def test_the_chinese_page_keeps_the_sections_links_and_pictures_of_the_english(page):
    zh = page.read_text("utf-8")
    en = doc_path(page.name).read_text("utf-8")

    def headings(text, level):
        return [line for line in text.splitlines() if line.startswith("#" * level + " ")]

    assert len(headings(zh, 2)) == len(headings(en, 2))
    assert len(headings(zh, 3)) == len(headings(en, 3))

    def shape(text):  # bullets, table rows, code fences: the same page, in other words
        lines = text.splitlines()
        return (sum(line.startswith("* ") for line in lines),
                sum(line.startswith("|") and line.rstrip().endswith("|") for line in lines),
                sum(line.startswith("```") for line in lines))

    assert shape(zh) == shape(en)
    # Its own table of contents points at its own headings (GitHub's anchors, which the
    # guide dialog gives them too).
    from galton.qt.help_menu import heading_anchor

    anchors = {heading_anchor(h.lstrip("# ")) for h in headings(zh, 2) + headings(zh, 3)}
    for target in re.findall(r"\]\(#([^)]+)\)", zh):
        assert target in anchors, target
    # Every other link and picture leads to a file; the English page's links are all kept.
    targets = re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", zh)
    for target in targets:
        if not re.match(r"[a-z]+:", target):
            assert (page.parent / target).resolve().exists(), target
    kept = {(page.parent / t).resolve() for t in targets}
    for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", en):
        english = (doc_path(page.name).parent / target).resolve()
        chinese_version = english.parent / "zh_CN" / english.name
        if english.parent == page.parent:
            continue  # the English page's link to this translation
        assert english in kept or chinese_version in kept, target
    # A page that has a Chinese version is linked in Chinese (this page's own English
    # original excepted).
    for path in kept:
        if path.parent == page.parent.parent and path.name != page.name:
            assert not (page.parent / path.name).exists(), f"link {path.name} in Chinese"
