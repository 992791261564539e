"""Writes the format tables of docs/scenarios.md from galton/core/schema.py.

    .venv/bin/python scripts/docs_tables.py          # rewrite the page's generated part
    .venv/bin/python scripts/docs_tables.py --check  # exit 1 if the page is out of date

Only the lines between schema.BEGIN and schema.END are replaced; the rest of the page is
written by hand. tests/core/test_schema.py checks that the page matches the schema.
"""

from __future__ import annotations

import sys
from pathlib import Path

from galton.core import schema
from galton.core.files import atomic_write_text

PAGE = Path(__file__).resolve().parent.parent / "docs" / "scenarios.md"


def updated(text: str) -> str:
    """``text`` with its generated part replaced by the schema's tables."""
    if text.count(schema.BEGIN) != 1 or text.count(schema.END) != 1:
        raise SystemExit(f"{PAGE}: needs one line {schema.BEGIN!r} and one {schema.END!r}")
    head, rest = text.split(schema.BEGIN, 1)
    tail = rest.split(schema.END, 1)[1]
    return head + schema.markdown().rstrip("\n") + tail


def main(argv: list[str]) -> int:
    text = PAGE.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in argv:
        if new != text:
            print(f"{PAGE} is out of date: run scripts/docs_tables.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        atomic_write_text(PAGE, new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
