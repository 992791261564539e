"""Start the desktop app: ``galton`` with no command."""

from __future__ import annotations

import sys

from galton.qt.app_languages import LANGUAGES


def install_translation(app, lang: str | None):
    """Load the interface language: ``lang`` ("en", "zh_CN") or, if None, the system's."""
    from PySide6.QtCore import QLocale, QTranslator

    from galton.resources import asset_path

    if lang is None:  # the preference (View > Language), else the system's language
        from galton.qt.prefs import settings

        lang = settings().value("language", "") or (
            "zh_CN" if QLocale.system().name().startswith("zh") else "en")
    if lang not in LANGUAGES:
        raise ValueError(f"--lang must be one of {sorted(LANGUAGES)}, got {lang!r}")
    app.setProperty("galton_language", lang)  # lessons pick their text by it
    if lang == "en":
        return None

    class Translator(QTranslator):
        """galton's catalogue, then Qt's: one object to install and to remove."""

        qt = None

        def translate(self, context, source, disambiguation=None, n=-1):
            text = super().translate(context, source, disambiguation, n)
            if not text and self.qt is not None:
                text = self.qt.translate(context, source, disambiguation, n)
            return text

    translator = Translator(app)
    if not translator.load(str(asset_path("translations", f"galton_{lang}.qm"))):
        raise ValueError(f"the {LANGUAGES[lang]} translation could not be loaded")
    # Qt's own words (Close, OK, the file dialogs, the text fields' menus) from the catalogue
    # shipped with Qt; without it a Chinese window has English buttons.
    from PySide6.QtCore import QLibraryInfo

    translator.qt = QTranslator(translator)
    if not translator.qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        translator.qt = None  # galton's own words are still translated
    app.installTranslator(translator)
    return translator


def main(args=None, session=None, console=None) -> int:
    """Open the window on ``session`` (default: from ``args.scenario``, else the last scenario)
    and run the app. ``console``: names to put in the console, whose dock then opens
    (``galton run script.py --gui``)."""
    from galton.qt.main_window import MainWindow
    from galton.qt.prefs import application
    from galton.session import Session

    app = application()  # named, pyqtgraph configured: galton.qt.prefs
    try:
        install_translation(app, getattr(args, "lang", None) if args is not None else None)
    except ValueError as exc:
        print(f"galton: error: {exc}", file=sys.stderr)
        return 2
    lesson = getattr(args, "lesson", None) if args is not None else None
    if lesson is not None:
        from galton import lessons

        try:
            lessons.get(lesson)
        except KeyError as exc:
            print(f"galton: error: {exc.args[0]}", file=sys.stderr)
            return 2
        except ValueError as exc:  # a lesson file with problems: the checker's own words
            print(f"galton: error: {exc}", file=sys.stderr)
            return 2
    scenario = getattr(args, "scenario", None) if args is not None else None
    if session is not None:
        scenario = None
    elif scenario is None and getattr(args, "screenshot", None) is None:
        from pathlib import Path

        from galton.qt.prefs import settings

        last = settings().value("last_scenario", "")
        if last and Path(last).is_file():
            scenario = last  # reopen what the user had last time
    progress = None
    try:
        if session is None and scenario and str(scenario).endswith(".galton"):
            session = Session()  # a shared session: its board, training and lesson
            progress = session.load_galton(scenario)
        elif session is None:
            session = Session.from_file(scenario) if scenario else Session()
    except ValueError as exc:
        print(f"galton: error: {exc}", file=sys.stderr)
        return 2
    from galton import heap
    from galton.qt.splash import Splash
    from galton.warmup import STAGES

    # A first launch compiles the kernels: in the background once the window is up (Play
    # waits for them with "getting ready" only if pressed first); later ones load them.
    splash = Splash.warm_up(app)
    window = MainWindow(session)
    window.warming = splash.background
    window.show()
    splash.finish(window)
    if console is not None:
        window.console.add_names(console)
        window.show_console()
    if lesson is not None:
        window.start_lesson(lesson)
    elif progress is not None:
        from galton import lessons

        try:
            window.start_lesson(lessons.resume(progress, session, window.lesson_panel.lang))
        except (KeyError, ValueError) as exc:  # the lesson's file is not here: the board is
            window.status.showMessage(str(exc.args[0]), 10000)
    if args is not None and getattr(args, "presentation", False):
        window.presentation.enter()
    shot = getattr(args, "screenshot", None) if args is not None else None
    if shot is not None:
        return screenshot(app, window, shot, getattr(args, "steps", 0),
                          getattr(args, "console_lines", None) or ())
    # The window and the kernels stay as long as the process: out of Python's full
    # collections, which otherwise stop every thread for 90-160 ms now and then (galton.heap).
    # (Not for a screenshot, which exits at once.)
    heap.enable()
    splash.background.when_ready(STAGES[-1], heap.keep_long_lived)
    return app.exec()


def screenshot(app, window, path, steps: int, console_lines=()) -> int:
    """Train ``steps`` steps, run ``console_lines`` in the console (shown then), drop a hundred
    balls, let them fall, save the window, exit."""
    import time
    from pathlib import Path

    def wait(seconds, until=lambda: False):
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline and not until():
            app.processEvents()
            time.sleep(0.01)

    if steps:
        window.session.step(steps)
    wait(0.3)  # tabs brought forward, the window fitted to the screen
    jobs = getattr(getattr(window, "landscape", None), "jobs", None)
    wait(30, lambda: jobs is None or not jobs.pending)  # the landscape drawn, not half-way
    if console_lines:
        window.show_console()
        widget = window.console.widget
        wait(20, lambda: "In [" in widget._control.toPlainText())
        for line in console_lines:
            widget.execute(line)  # shown as typed, with its output
            wait(600, lambda: not widget._executing)
        wait(0.3)
    window.board_view.rows_per_second = 12.0
    window.session.drop(100, seed=0)
    wait(0.9)  # stop while some balls are still in the air: the picture shows them falling
    from galton.qt.grab import grab

    path = Path(path)
    # What is on screen, the OpenGL views with their labels and colour bar included.
    ok = grab(window).save(str(path))
    window.close()
    if not ok:
        print(f"galton: error: could not write the screenshot {path}", file=sys.stderr)
        return 2
    print(f"screenshot written to {path}")
    return 0
