"""Qt tests keep their settings (recent files) in a throw-away folder, not the user's."""

import os
import tempfile

os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="galton-test-config-")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="galton-test-data-")  # console history

import pytest

from tests.qt.layout_check import forget_layout


@pytest.fixture(scope="session", autouse=True)
def galton_app(qapp):
    """The QApplication set up as galton starts it (named, pyqtgraph configured)."""
    from galton.qt.prefs import application

    return application()


def _shown_window(qtbot):
    """The main window on a fresh Session, shown; training and background jobs stopped after
    (a generator: the body of the fixtures below)."""
    from galton.qt.main_window import MainWindow
    from galton.session import Session

    forget_layout()
    w = MainWindow(Session())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.console_dock.hide()
    w.training.stop()
    w.lab.close_jobs()
    w.landscape.close_jobs()
    w.lesson_panel.close_jobs()


@pytest.fixture
def window(qtbot):
    """The main window on a fresh Session, shown in the default layout (the test display is
    1920x1080, see pyproject); training and background jobs stopped after."""
    yield from _shown_window(qtbot)


@pytest.fixture
def zh_window(qtbot):
    """The default window, started in 简体中文 as `galton --lang zh_CN` starts it."""
    from PySide6.QtWidgets import QApplication

    from galton.qt.app import install_translation

    app = QApplication.instance()
    translator = install_translation(app, "zh_CN")
    yield from _shown_window(qtbot)
    app.removeTranslator(translator)
    app.setProperty("galton_language", "en")
