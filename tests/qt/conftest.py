"""Qt tests keep their settings (recent files) in a throw-away folder, not the user's."""

import os
import tempfile

os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="galton-test-config-")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="galton-test-data-")  # console history
