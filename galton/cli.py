"""The ``galton`` command.

``galton`` alone opens the desktop app; subcommands work headless: ``galton train`` trains a
board and reports loss and accuracy, ``galton run script.py`` runs a script with the console's
names (``--gui`` then opens the window on the script's session). Qt is imported only by the
GUI path, so the headless commands run on machines without a display.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import galton
from galton.cli_common import (  # noqa: F401  (EXIT_OK, EXIT_DIVERGED: public here too)
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_DIVERGED,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    Terminated,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="galton",
        description="The pinball machine of neural-network training. Without a command, "
                    "opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"galton {galton.__version__}")
    parser.add_argument("--scenario", type=Path, default=None,
                        help="open the app with this scenario (.toml); `galton FILE.toml` too")
    parser.add_argument("--steps", type=int, default=0,
                        help="with --screenshot: training steps to take first")
    parser.add_argument("--screenshot", type=Path, default=None,
                        help="open the window, train --steps, drop balls, save a PNG of the "
                             "whole window and exit (for docs and tests)")
    parser.add_argument("--console-line", dest="console_lines", action="append",
                        metavar="CODE", help="with --screenshot: open the console and run this "
                                             "line in it first (repeatable)")
    parser.add_argument("--lesson", default=None, metavar="NAME",
                        help="open the app on a lesson, by name or number (e.g. grad_demo "
                             "or 3); the Lessons menu lists them")
    parser.add_argument("--lang", choices=("en", "zh_CN"), default=None,
                        help="interface language (default: the system's; 简体中文 = zh_CN)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    from galton import train_cli  # headless training

    train_cli.add_parser(sub)

    run = sub.add_parser(
        "run", help="run a Python script with session, board, trainer, data, galton and np",
        description="Run a Python script in the namespace of galton's console: session, board, "
                    "trainer, data, landscape, galton and np are there (see docs/scripting.md). "
                    "Headless unless --gui.")
    run.add_argument("--gui", action="store_true",
                     help="after the script, open the window on the script's session (its "
                          "names are in the console)")
    run.add_argument("--scenario", type=Path, default=argparse.SUPPRESS,
                     help="start the session from this scenario (.toml)")
    run.add_argument("script", type=Path, help="the Python file to run")
    run.add_argument("args", nargs=argparse.REMAINDER,
                     help="arguments for the script (its sys.argv[1:])")
    from galton import scaling_cli  # the scaling lab's own subcommands

    scaling_cli.add_parser(sub)
    from galton import export_cli  # training animations

    export_cli.add_parser(sub)
    from galton import lesson_cli  # writing lessons as data

    lesson_cli.add_parser(sub)
    return parser


def cmd_run(args) -> int:
    from galton import scripting
    from galton.session import Session

    scenario = getattr(args, "scenario", None)
    session = Session.from_file(scenario) if scenario is not None else Session()
    try:
        ns = scripting.run_script(args.script, argv=args.args, session=session)
    except scripting.ScriptError as exc:
        print(exc.report, file=sys.stderr)
        code = exc.exit_code
        if not 0 <= code <= 255:  # the system keeps only code % 256: 300 would exit 44
            print(f"galton: exit status {code} is beyond 0..255, which is all a process can "
                  f"return; galton exits with {EXIT_FAILED}", file=sys.stderr)
            code = EXIT_FAILED
        return code
    if not args.gui:
        return 0
    scripting.stop_following(ns)  # the console follows the session from here on
    names = {k: v for k, v in ns.items() if not k.startswith("__")}
    if isinstance(names.get("session"), Session):  # the script may have made its own
        session = names["session"]
    return cmd_gui(args, session=session, console=names)


def cmd_gui(args, **window) -> int:
    try:
        from galton.qt.app import main as gui_main
    except ImportError as exc:  # e.g. Qt's system libraries missing on a server
        print(f"galton: the desktop app cannot start ({exc}).\nThe headless commands still "
              "work, e.g.  galton train --dataset colors --rows 6", file=sys.stderr)
        return 1
    return gui_main(args, **window)


def main(argv=None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `galton my.toml` opens a scenario, `galton class.galton` a saved session: a lone file
    # argument is not a command.
    if argv and argv[0].endswith((".toml", ".galton")) and not argv[0].startswith("-"):
        argv = ["--scenario", argv[0], *argv[1:]]
    args = parser.parse_args(argv)
    if args.command is None:
        try:
            return cmd_gui(args)
        except ValueError as exc:  # e.g. a bad scenario file
            _error(str(exc))
            return EXIT_BAD_INPUT
        except KeyboardInterrupt:
            _error("interrupted", prefix="galton: ")
            return EXIT_INTERRUPTED
    with _sigterm_as_interrupt():
        code = _headless(args)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            code = _broken_pipe()
    return code


def _headless(args) -> int:
    """Run a headless command: every failure is one line on stderr and an exit code, never
    a traceback (GALTON_TRACEBACK=1 shows one for an internal error)."""
    try:
        if args.command == "train":
            from galton import train_cli

            return train_cli.main(args)
        if args.command == "scaling":
            from galton import scaling_cli

            return scaling_cli.main(args)
        if args.command == "run":
            return cmd_run(args)
        if args.command == "export":
            from galton import export_cli

            return export_cli.main(args)
        if args.command == "lesson":
            from galton import lesson_cli

            return lesson_cli.main(args)
        raise ValueError(f"unknown command {args.command!r}")
    except ValueError as exc:  # bad input: say what and where
        _error(str(exc))
        return EXIT_BAD_INPUT
    except RecursionError:
        _error("the input is nested too deeply to read")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, Terminated)
        _error("stopped by SIGTERM" if terminated else "interrupted", prefix="galton: ")
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    except BrokenPipeError:
        return _broken_pipe()
    except OSError as exc:  # e.g. a full disk or a read-only folder while writing
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return EXIT_FAILED
    except MemoryError:
        _error("out of memory")
        return EXIT_FAILED
    except Exception as exc:  # a bug: still one line, and the way to see more
        import os

        if os.environ.get("GALTON_TRACEBACK"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (a bug in galton; "
               "GALTON_TRACEBACK=1 shows where)")
        return EXIT_FAILED


def _error(message: str, prefix: str = "galton: error: ") -> None:
    try:
        print(f"{prefix}{message}", file=sys.stderr)
    except (OSError, ValueError):
        pass


def _broken_pipe() -> int:
    """The reader of our output went away (``galton train | head -1``): stop quietly. Point
    stdout at /dev/null so that Python's own flush at exit does not complain."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


class _sigterm_as_interrupt:
    """While a headless command runs, SIGTERM raises Terminated (a KeyboardInterrupt), so it
    cleans up as Ctrl+C does. Only in the main thread (signal handlers live there)."""

    def __enter__(self):
        import signal
        import threading

        self.previous = None
        if threading.current_thread() is threading.main_thread():
            def handler(signum, frame):
                raise Terminated()

            self.previous = signal.signal(signal.SIGTERM, handler)
        return self

    def __exit__(self, *exc):
        import signal

        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
        return False


if __name__ == "__main__":
    sys.exit(main())
