"""The words painted into exported frames, translated (the catalogue is made from
galton/qt/*.py, so they live here; galton.qt.export_frames paints them). Spelled out in full:
pyside6-lupdate finds only literal QCoreApplication.translate calls."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: The board's line under the histogram: BoardView's own strings (already in the catalogue).
LANDED = "{0} balls landed   mean bin {1:.2f}   std {2:.2f}   (dashed: expected)"
NO_BALLS = "drop balls to fill the cups   (dashed: expected distribution)"


def frame_words() -> dict:
    return {
        "step": QCoreApplication.translate(
            "ExportFrames", "step {0} / {1}"),
        "loss": QCoreApplication.translate(
            "ExportFrames", "loss {0:.4f}"),
        "accuracy": QCoreApplication.translate(
            "ExportFrames", "accuracy {0:.1%}"),
        "lr": QCoreApplication.translate(
            "ExportFrames", "step size {0:.3g}"),
        "diverged": QCoreApplication.translate(
            "ExportFrames", "diverged"),
        "loss_bar": QCoreApplication.translate(
            "ExportFrames", "loss"),
        "landscape": QCoreApplication.translate(
            "ExportFrames", "loss landscape: the plane of the training path"),
        "landscape_short": QCoreApplication.translate(
            "ExportFrames", "loss landscape"),
        "flat": QCoreApplication.translate(
            "ExportFrames", "loss landscape (flat map: {0})"),
        "holds": QCoreApplication.translate(
            "ExportFrames", "(holds {0:.0%} of the path)"),
        "chart": QCoreApplication.translate(
            "ExportFrames", "training"),
        "train_loss": QCoreApplication.translate(
            "ExportFrames", "train loss"),
        "test_loss": QCoreApplication.translate(
            "ExportFrames", "test loss"),
        "accuracy_axis": QCoreApplication.translate(
            "ExportFrames", "accuracy (right axis)"),
        "landed": QCoreApplication.translate("BoardView", LANDED),
        "no_balls": QCoreApplication.translate("BoardView", NO_BALLS),
    }


def caption_title(name: str) -> str:
    """The caption's title for a scenario called ``name``, in the application's language: a
    preset's or a shipped lesson's own name (a lesson's scenario is named by its English
    title) translated; any other name, the user's, as it is."""
    from galton.lessons import names as lesson_names
    from galton.lessons import text as lesson_text
    from galton.qt.names import shown

    app = QCoreApplication.instance()
    lang = app.property("galton_language") if app is not None else None
    if lang in lesson_text.LANGUAGES and lang != "en":
        for lesson in lesson_names():
            try:
                titles = lesson_text.load(lesson)
            except (OSError, ValueError):  # a damaged text file: the name as it is
                continue
            if titles["en"]["title"] == name:
                return titles[lang]["title"]
    return shown(name)

