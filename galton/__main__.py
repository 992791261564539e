"""``python -m galton`` is the ``galton`` command."""

import sys

from galton.cli import main

sys.exit(main())
