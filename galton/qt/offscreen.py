"""A Qt application without a window, for ``galton export`` on the command line: the frames are
painted with QPainter and its fonts, which need a QGuiApplication, but no display."""

from __future__ import annotations

import os
import sys


def offscreen_application(lang: str | None):
    """The running QGuiApplication, or a new offscreen one (EGL for OpenGL), speaking ``lang``."""
    from galton.export.gl import prefer_egl

    prefer_egl()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if lang not in (None, "en"):
        from galton.qt.app import install_translation

        install_translation(app, lang)
    return app
