"""``galton lesson``: the tools for writing lessons as data (docs/authoring.md).

    galton lesson check my_lesson.toml        # every problem, naming the step and field
    galton lesson play my_lesson.toml --lang zh_CN

``check`` exits with 0 when the lesson is fine and 2 when it has problems (one per line,
``FILE: where: what``), like any other bad input. ``play`` runs the lesson headless, as a
learner pressing "Do it" on every step, and prints each step's check; it exits with 0 when
every check passed, 1 when one did not, 2 when the lesson cannot be read. Both take a file or
the name of a lesson (built in, shipped or in the user's lessons folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

LANGS = {"en": ("en",), "zh_CN": ("zh_CN",), "both": ("en", "zh_CN")}


def add_parser(sub) -> None:
    p = sub.add_parser("lesson", help="check or play a lesson written as data (a .toml file)",
                       description=__doc__.split("\n\n")[0] + " See docs/authoring.md.")
    verbs = p.add_subparsers(dest="lesson_command", metavar="ACTION", required=True)
    check = verbs.add_parser(
        "check", help="find every problem of a lesson file: unknown words, bad expressions, "
                      "missing translations, a check its own action cannot pass",
        description="Read the lesson file and play it headless with the default parameters; "
                    "list every problem, naming the step and the field.")
    check.add_argument("lesson", help="the lesson file (.toml) or a lesson's name")
    play = verbs.add_parser(
        "play", help="play a lesson headless and print each step's check",
        description="Do every step of the lesson in order, as a learner pressing “Do it”, and "
                    "print each step's title and check.")
    play.add_argument("lesson", help="the lesson file (.toml) or a lesson's name")
    play.add_argument("--lang", choices=tuple(LANGS), default="en",
                      help="the language of the texts: en, zh_CN or both (default: en)")
    play.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                      help="set a parameter of the lesson before playing (repeatable)")
    play.add_argument("--values", action="store_true",
                      help="also print the values each step computed")


def main(args) -> int:
    from galton.lessons.data import LessonFileError

    try:
        if args.lesson_command == "check":
            return _check(args.lesson)
        return _play(args)
    except LessonFileError as exc:
        for problem in exc.problems:
            print(f"{exc.path}: {problem}", file=sys.stderr)
        return 2
    except KeyError as exc:  # an unknown lesson name: the message lists the lessons
        print(f"galton: error: {exc.args[0]}", file=sys.stderr)
        return 2


def _check(target: str) -> int:
    from galton.lessons.data import authoring

    path = _file(target)
    problems = authoring.check(path)
    if problems:
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        print(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}",
              file=sys.stderr)
        return 2
    from galton.lessons.data import load

    lesson = load(path)
    print(f"{path}: OK — {len(lesson.steps)} steps in English and 简体中文; every check "
          f"passes after its own step's action")
    return 0


def _file(target: str) -> Path:
    """The lesson file a target names: a path, or a lesson written as data by its name."""
    import galton.lessons as lessons

    if target.endswith(".toml"):
        return Path(target)
    found = lessons.extras()
    if target in found:
        return found[target]
    raise KeyError(f"no lesson file {target!r}: give a .toml file or one of "
                   f"{', '.join(found) or '(no lessons written as data found)'}")


def _play(args) -> int:
    import galton.lessons as lessons
    from galton.lessons.data import authoring

    lesson = lessons.get(args.lesson)
    params = dict(_param(text) for text in args.param)
    langs = LANGS[args.lang]
    failed = 0
    title = {lang: lesson.text(lang)["title"] for lang in langs}
    print(" / ".join(title.values()))
    for report in authoring.play(lesson, langs=langs, params=params):
        count = len(lesson.steps)
        heads = " / ".join(page["title"] for page in report.pages.values())
        print(f"\n{report.number}/{count}  {heads}")
        mark = "✔" if report.passed else "✘"
        failed += not report.passed
        if report.error:
            print(f"  ✘ “Do it” failed: {report.error}")
        for lang in langs:
            print(f"  {mark} {report.messages[lang]}")
        if args.values:
            for name, value in report.values.items():
                print(f"      {name} = {_show(value)}")
    print(f"\n{count - failed} of {count} checks passed" + (f"; {failed} did not" if failed
                                                          else ""))
    return 1 if failed else 0


def _param(text: str):
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--param must be NAME=VALUE, got {text!r}")
    value = value.strip()
    for kind in (int, float):
        try:
            return name.strip(), kind(value)
        except ValueError:
            pass
    return name.strip(), value


def _show(value) -> str:
    import numpy as np

    if isinstance(value, np.ndarray):
        shown = np.array2string(value, threshold=8, precision=4, separator=", ")
        return f"array{value.shape} " + " ".join(shown.split())
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)
