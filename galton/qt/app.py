"""Start the desktop app: ``galton`` with no command."""

from __future__ import annotations

import sys


def main(args=None) -> int:
    from PySide6.QtWidgets import QApplication

    from galton.qt.main_window import MainWindow
    from galton.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("galton")
    app.setOrganizationName("galton")
    scenario = getattr(args, "scenario", None) if args is not None else None
    try:
        session = Session.from_file(scenario) if scenario else Session()
    except ValueError as exc:
        print(f"galton: error: {exc}", file=sys.stderr)
        return 2
    window = MainWindow(session)
    window.show()
    return app.exec()
