"""Charts of training (pyqtgraph): loss, accuracy, step size, gradient norm per row."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget


class Charts(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        layout = QHBoxLayout(self)
        self.loss_plot = pg.PlotWidget(title="loss")
        self.loss_plot.addLegend(offset=(-5, 5))
        self.train_curve = self.loss_plot.plot(pen=pg.mkPen("#1f77b4", width=2), name="train")
        self.test_curve = self.loss_plot.plot(pen=None, symbol="o", symbolSize=4,
                                              symbolBrush="#ff7f0e", name="test")
        self.clip_marks = self.loss_plot.plot(pen=None, symbol="t", symbolSize=6,
                                              symbolBrush="#999", name="clipped")
        self.acc_plot = pg.PlotWidget(title="accuracy")
        self.acc_plot.setYRange(0, 1.02)
        self.acc_curve = self.acc_plot.plot(pen=pg.mkPen("#2ca02c", width=2))
        self.lr_plot = pg.PlotWidget(title="step size")
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen("#9467bd", width=2))
        self.grad_plot = pg.PlotWidget(title="gradient norm per row (log10)")
        self.grad_image = pg.ImageItem()
        self.grad_image.setColorMap(pg.colormap.get("viridis"))
        self.grad_plot.addItem(self.grad_image)
        self.grad_plot.setLabel("left", "row")
        self.grad_plot.setLabel("bottom", "step")
        self.diverged_line = None
        for w in (self.loss_plot, self.acc_plot, self.lr_plot, self.grad_plot):
            layout.addWidget(w)
        session.events.connect("trained", lambda *a: self.refresh())
        session.events.connect("board", lambda *a: self.refresh())

    def refresh(self):
        h = self.session.trainer.history.as_arrays()  # one consistent length, even mid-run
        steps = h["step"]
        self.train_curve.setData(steps, h["train_loss"])
        test = ~np.isnan(h["test_loss"])
        self.test_curve.setData(steps[test], h["test_loss"][test])
        clipped = h["clipped"]
        self.clip_marks.setData(steps[clipped], h["train_loss"][clipped])
        self.acc_curve.setData(steps, h["train_accuracy"])
        self.lr_curve.setData(steps, h["lr"])
        per_row = h["grad_norm_per_row"]
        if per_row.size:
            self.grad_image.setImage(np.log10(per_row + 1e-12), autoLevels=True)
        else:
            self.grad_image.clear()
        if self.diverged_line is not None:
            self.loss_plot.removeItem(self.diverged_line)
            self.diverged_line = None
        if self.session.trainer.diverged is not None:
            self.diverged_line = pg.InfiniteLine(self.session.trainer.diverged.step, angle=90,
                                                 pen=pg.mkPen("r", width=2),
                                                 label="diverged")
            self.loss_plot.addItem(self.diverged_line)
