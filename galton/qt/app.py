"""Start the desktop app: ``galton`` with no command."""

from __future__ import annotations

import sys


LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def install_translation(app, lang: str | None):
    """Load the interface language: ``lang`` ("en", "zh_CN") or, if None, the system's."""
    from PySide6.QtCore import QLocale, QTranslator

    from galton.resources import asset_path

    if lang is None:
        lang = "zh_CN" if QLocale.system().name().startswith("zh") else "en"
    if lang not in LANGUAGES:
        raise ValueError(f"--lang must be one of {sorted(LANGUAGES)}, got {lang!r}")
    if lang == "en":
        return None
    translator = QTranslator(app)
    if not translator.load(str(asset_path("translations", f"galton_{lang}.qm"))):
        raise ValueError(f"the {LANGUAGES[lang]} translation could not be loaded")
    app.installTranslator(translator)
    return translator


def main(args=None) -> int:
    from PySide6.QtWidgets import QApplication

    from galton.qt.main_window import MainWindow
    from galton.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("galton")
    app.setOrganizationName("galton")
    try:
        install_translation(app, getattr(args, "lang", None) if args is not None else None)
    except ValueError as exc:
        print(f"galton: error: {exc}", file=sys.stderr)
        return 2
    scenario = getattr(args, "scenario", None) if args is not None else None
    try:
        session = Session.from_file(scenario) if scenario else Session()
    except ValueError as exc:
        print(f"galton: error: {exc}", file=sys.stderr)
        return 2
    window = MainWindow(session)
    window.show()
    return app.exec()
