"""Packaging tests: the wheel, the frozen app, the desktop files, the splash, the docs.

The window's settings go to a throw-away folder, not the user's (as in tests/qt)."""

import os
import tempfile

os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="galton-test-config-")
