"""Screenshots that include OpenGL views.

``QWidget.grab()`` renders child QOpenGLWidgets from their last frame but without what they
paint with QPainter on top (the landscape's labels and colour bar), so pictures for docs and
``--screenshot`` paste each visible GL view's own ``grabFramebuffer()`` over its place.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtOpenGLWidgets import QOpenGLWidget


def grab(widget) -> QPixmap:
    pixmap = widget.grab()
    painter = QPainter(pixmap)
    try:
        for view in widget.findChildren(QOpenGLWidget):
            if not view.isVisible():
                continue
            image = view.grabFramebuffer()
            if image.isNull():
                continue
            at = view.mapTo(widget, QPoint(0, 0))
            # grabFramebuffer is in device pixels; the pixmap may be scaled the same way.
            ratio = pixmap.devicePixelRatio() or 1.0
            image.setDevicePixelRatio(ratio)
            painter.drawImage(at, image)
    finally:
        painter.end()
    return pixmap
