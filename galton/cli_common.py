"""What every headless command shares: the exit codes, SIGTERM as an interrupt, and the number
flags' checks (docs/files.md lists the exit codes). No galton imports: every command's module
may use it."""

from __future__ import annotations

import argparse
import math
import signal
import threading

#: Exit codes of the headless commands.
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_DIVERGED = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE, EXIT_TERMINATED = 130, 141, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl+C is (every command cleans up the same way), exit code 143."""


class StopOnSignal:
    """While work runs in Qt or other C code (an export paints with QPainter), Ctrl+C and
    SIGTERM only *ask* it to stop: the work polls this object (``cancelled=stop``) and ends at
    its next check. An exception raised by a signal handler in the middle of a PySide6 call
    comes out as a SystemError instead of the interrupt. A second signal stops at once.
    Only in the main thread (signal handlers live there)."""

    def __init__(self):
        self.signum: int | None = None
        self.previous: dict = {}

    def __call__(self) -> bool:
        return self.signum is not None

    @property
    def terminated(self) -> bool:
        return self.signum == signal.SIGTERM

    @property
    def code(self) -> int:
        return EXIT_TERMINATED if self.terminated else EXIT_INTERRUPTED

    def _handler(self, signum, frame):
        if self.signum is not None:  # asked twice: the user means now
            raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()
        self.signum = signum

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = {s: signal.signal(s, self._handler)
                             for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc):
        for s, previous in self.previous.items():
            signal.signal(s, previous)
        return False


def interrupt_code(exc: BaseException) -> int:
    return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED


def positive_float(text: str) -> float:
    """A flag's value: a finite number > 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a finite number > 0, got {text!r}")
    return value
