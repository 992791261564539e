"""Entry point of the frozen app (PyInstaller runs this file): the same ``galton`` command."""

import sys

from galton.cli import main

if __name__ == "__main__":
    sys.exit(main())
