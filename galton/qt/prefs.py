"""What the desktop app sets up once for the whole process: its QApplication (names, the look
of pyqtgraph's charts) and where its preferences are kept.

Everything that starts the window — ``galton`` (galton.qt.app), the screenshot scripts, the
benchmarks and the Qt tests — gets its QApplication from :func:`application`, so no widget
configures a library in its constructor and the charts look the same whichever is built
first. Preferences (language, recent files, window layout, palette) are read and written
through :func:`settings`, the one place that names where they live.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

ORGANIZATION = APPLICATION = "galton"
#: pyqtgraph's process-wide options: smooth curves, black on white (the charts, the lab, the
#: lesson figures and the flat landscape map are drawn on paper-like white).
PYQTGRAPH = {"antialias": True, "background": "w", "foreground": "k"}


def settings() -> QSettings:
    """The app's preferences (per user; the Qt tests point them at a throw-away folder)."""
    return QSettings(ORGANIZATION, APPLICATION)


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication, made (from ``argv``, default the program's name) if there is
    none yet, named, and with pyqtgraph configured. Safe to call again: it sets the same."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1] if argv is None else argv)
    assert isinstance(app, QApplication)  # not a QCoreApplication: the app has widgets
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    configure_pyqtgraph()
    return app


def configure_pyqtgraph() -> None:
    import pyqtgraph as pg

    pg.setConfigOptions(**PYQTGRAPH)
