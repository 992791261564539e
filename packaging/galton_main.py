"""Entry point of the frozen app (PyInstaller runs this file): the same ``galton`` command."""

import multiprocessing
import sys

from galton.cli import main

if __name__ == "__main__":
    # The scaling lab runs its sweeps in spawned worker processes; in a frozen app each worker
    # starts this same executable, which must then run the worker, not the command line.
    multiprocessing.freeze_support()
    sys.exit(main())
