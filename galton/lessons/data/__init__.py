"""Lessons written as data: a TOML file per lesson, no Python (docs/authoring.md).

    >>> from galton.lessons import data
    >>> lesson = data.load("my_lesson.toml")           # a Lesson, like the built-in ones
    >>> run = galton.lessons.LessonRun(lesson)         # or lessons.start("my_lesson.toml")

Where they are found: lessons shipped in assets/lessons (the files with a ``[lesson]`` table;
the others are the texts of the built-in lessons) and the user's lessons folder
(:func:`user_folder`, or the folder named by ``GALTON_LESSONS``). ``galton lesson check FILE``
and ``galton lesson play FILE`` (galton/lesson_cli.py) are the authoring tools.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from galton.lessons.data.lesson import DataLesson, LessonFileError, Problem
from galton.lessons.data.reader import FORMAT, VERSION, load, read

__all__ = ["FORMAT", "VERSION", "DataLesson", "LessonFileError", "Problem", "discover",
           "is_lesson_file", "load", "read", "received", "user_folder"]

#: The head of a lesson file's [lesson] table, as the discovery looks for it.
_HEAD = re.compile(r"^\[lesson\]\s*$", re.M)


def user_folder() -> Path:
    """Where a teacher's own lessons go: ``GALTON_LESSONS`` if set, else the user data folder's
    ``lessons`` (e.g. ~/.local/share/galton/lessons on Linux)."""
    override = os.environ.get("GALTON_LESSONS")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path("galton", appauthor=False) / "lessons"


def received(name: str, text: str) -> Path:
    """Where a lesson file that came inside a .galton file is kept to be read: the user's
    cache folder, one folder per content (so two versions of a lesson never mix)."""
    import hashlib

    import platformdirs

    from galton.core.files import atomic_write_text

    stem = name if re.fullmatch(r"[A-Za-z0-9_]+", name) else "lesson"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = platformdirs.user_cache_path("galton", appauthor=False) / "lessons" / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.toml"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        atomic_write_text(path, text)
    return path


def is_lesson_file(path) -> bool:
    """A .toml file with a [lesson] table (cheap: does not read the lesson)."""
    path = Path(path)
    if path.suffix != ".toml" or not path.is_file():
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return _HEAD.search(fh.read(65536)) is not None
    except OSError:
        return False


def discover(builtin=()) -> dict:
    """{name: path} of the lessons written as data: those shipped with galton, then the user's
    (a user's lesson with the name of a shipped or built-in one is left out)."""
    from galton.resources import asset_path

    found: dict = {}
    folders = []
    try:
        folders.append(asset_path("lessons"))
    except FileNotFoundError:  # pragma: no cover - an installation without its assets
        pass
    folders.append(user_folder())
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            name = path.stem
            if name in builtin or name in found or not is_lesson_file(path):
                continue
            found[name] = path
    return found
