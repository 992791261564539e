"""Export training animations: MP4 (H.264), WebM (VP9), GIF, PNG frames.

    from galton.export import make_plan, export
    from galton.qt.export_frames import FramePainter
    plan = make_plan("training.mp4", layout="combined", size="1280x720", steps=300)
    export(plan, session, frame_painter=FramePainter)

Nothing here imports Qt. The frames are painted by the ``frame_painter`` the caller passes in:
galton.qt.export_frames.FramePainter paints with QtGui and needs a QGuiApplication
(``QT_QPA_PLATFORM=offscreen`` works without a display). See docs/export.md.
"""

from galton.export.plan import (
    FORMATS,
    LAYOUTS,
    ExportCancelled,
    ExportError,
    ExportPlan,
    make_plan,
)


def export(plan, session, **kwargs):
    from galton.export.run import export as run_export

    return run_export(plan, session, **kwargs)


__all__ = ["FORMATS", "LAYOUTS", "ExportCancelled", "ExportError", "ExportPlan", "export",
           "make_plan"]
