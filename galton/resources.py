"""Where the packaged files are: assets/, shaders/ and docs/ beside the package in a checkout,
or galton/_data/ inside an installed wheel or frozen app (pyproject's force-include,
packaging/galton.spec)."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _find(kind: str, parts) -> Path:
    for base in (_HERE / "_data" / kind, _HERE.parent / kind):
        path = base.joinpath(*parts)
        if path.exists():
            return path
    raise FileNotFoundError(f"galton {kind} file {'/'.join(parts)} not found (looked in "
                            f"{_HERE / '_data' / kind} and {_HERE.parent / kind})")


def asset_path(*parts: str) -> Path:
    return _find("assets", parts)


def shader_path(*parts: str) -> Path:
    return _find("shaders", parts)


def doc_path(*parts: str) -> Path:
    """A page of the user guide (docs/), which Help > User guide shows."""
    return _find("docs", parts)
