"""The 简体中文 glossary (assets/translations/glossary_zh_CN.toml): one term per concept, and
the variants not to use, for the lesson texts and the UI catalogue alike.

    >>> from galton.lessons import glossary
    >>> [hit.variant for hit in glossary.violations("把小球投下到高尔顿板上")]
    ['高尔顿板']

tests/lessons/test_glossary.py runs :func:`violations` over every zh lesson text and every
translation in assets/translations/galton_zh_CN.ts.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class GlossaryError(ValueError):
    """The glossary file cannot be used; names the file and the entry."""


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    forbidden: tuple     # compiled patterns
    note: str


@dataclass(frozen=True)
class Hit:
    term: Term
    variant: str         # the text that matched a forbidden pattern
    context: str         # a few characters around it


def glossary_path():
    from galton.resources import asset_path

    return asset_path("translations", "glossary_zh_CN.toml")


@cache
def terms() -> tuple:
    from galton.core.files import read_text

    path = glossary_path()
    try:
        data = tomllib.loads(read_text(path, GlossaryError))
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{path}: not valid TOML: {exc}") from None
    out = []
    for i, entry in enumerate(data.get("term", [])):
        where = f"{path}: [[term]] #{i + 1}"
        for key in ("en", "zh"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise GlossaryError(f"{where}: {key} must be non-empty text")
        patterns = entry.get("forbidden", [])
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise GlossaryError(f"{where} ({entry['en']}): forbidden must be a list of "
                                f"regular expressions")
        compiled = []
        for p in patterns:
            try:
                compiled.append(re.compile(p))
            except re.error as exc:
                raise GlossaryError(f"{where} ({entry['en']}): forbidden {p!r} is not a "
                                    f"regular expression: {exc}") from None
        out.append(Term(entry["en"], entry["zh"], tuple(compiled), str(entry.get("note", ""))))
    if not out:
        raise GlossaryError(f"{path}: no [[term]] entries")
    return tuple(out)


def violations(text: str) -> list[Hit]:
    """Every forbidden variant in ``text``, with the term to use instead."""
    hits = []
    for term in terms():
        for pattern in term.forbidden:
            for m in pattern.finditer(text):
                lo, hi = max(0, m.start() - 12), min(len(text), m.end() + 12)
                hits.append(Hit(term, m.group(0), text[lo:hi].replace("\n", " ")))
    return hits
