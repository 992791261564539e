"""The landscape as a flat, top-down map: what the dock shows where OpenGL 3.3 is missing
(Qt's offscreen platform, old drivers). Same methods as LandscapeView, drawn by pyqtgraph
without OpenGL: a colour map of the loss, the trails as lines and the minima as rings."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF


class FlatLandscapeView(pg.PlotWidget):
    def __init__(self, reason: str, parent=None):
        super().__init__(parent)
        self.reason = reason
        self.setTitle(self.tr("no OpenGL ({0}): a flat map").format(reason))
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.addItem(self.image)
        self.axis_names = ("x", "y")
        self._markers = []
        self._trails = []
        self._trail_items = []
        self._marker_item = pg.ScatterPlotItem(symbol="o", size=12, pen=pg.mkPen("w", width=2),
                                               brush=None)
        self.addItem(self._marker_item)
        self._log = False
        self._grid = None

    def set_surface(self, xs, ys, Z):
        self._grid = (np.asarray(xs), np.asarray(ys), np.asarray(Z, dtype=float))
        self._draw_image()
        self.setLabel("bottom", self.axis_names[0])
        self.setLabel("left", self.axis_names[1])

    def _draw_image(self):
        if self._grid is None:
            return
        xs, ys, Z = self._grid
        shown = np.log10(Z - np.nanmin(Z) + 1e-4) if self._log else Z
        # ImageItem is indexed [x, y]; Z is [y, x].
        self.image.setImage(np.nan_to_num(shown.T, nan=np.nanmax(shown)))
        self.image.setRect(QRectF(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0]))

    def set_options(self, colormap=None, log_height=None, **_):
        if colormap is not None:
            try:
                self.image.setColorMap(pg.colormap.get(colormap))
            except FileNotFoundError:  # turbo is not among pyqtgraph's maps everywhere
                pass
        if log_height is not None:
            self._log = bool(log_height)
            self._draw_image()

    def set_basins(self, labels, colors=None):
        pass  # the 3-D view tints its floor; a flat map has no floor to tint

    def set_trails(self, trails):
        self._trails = list(trails or ())
        for item in self._trail_items:
            self.removeItem(item)
        self._trail_items = []
        for t in self._trails:
            pts = np.asarray(t["points"], dtype=float)
            if len(pts) == 0:
                continue
            color = tuple(int(255 * c) for c in t["color"])
            line = self.plot(pts[:, 0], pts[:, 1], pen=pg.mkPen(color, width=2))
            ball = self.plot(pts[-1:, 0], pts[-1:, 1], pen=None, symbol="o", symbolSize=10,
                             symbolBrush=color)
            self._trail_items += [line, ball]

    def set_markers(self, markers):
        self._markers = list(markers or ())
        pts = np.array([(m[0], m[1]) for m in self._markers]).reshape(-1, 2)
        self._marker_item.setData(pts[:, 0], pts[:, 1])

    def reset_view(self):
        self.enableAutoRange()

    def grab_array(self) -> np.ndarray:
        from PySide6.QtGui import QImage

        image = self.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
        w, h, stride = image.width(), image.height(), image.bytesPerLine()
        rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
        return rows.reshape(h, stride)[:, : 3 * w].reshape(h, w, 3).copy()
