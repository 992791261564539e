"""What every headless command shares: the exit codes, SIGTERM as an interrupt, and the number
flags' checks (docs/files.md lists the exit codes). No galton imports: every command's module
may use it."""

from __future__ import annotations

import argparse
import math

#: Exit codes of the headless commands.
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_DIVERGED = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE, EXIT_TERMINATED = 130, 141, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl+C is (every command cleans up the same way), exit code 143."""


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
