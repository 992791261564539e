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
        self.loss_plot = pg.PlotWidget(title=self.tr("loss"))
        self.loss_plot.addLegend(offset=(-5, 5))
        self.train_curve = self.loss_plot.plot(pen=pg.mkPen("#1f77b4", width=2),
                                               name=self.tr("train"))
        self.test_curve = self.loss_plot.plot(pen=None, symbol="o", symbolSize=4,
                                              symbolBrush="#ff7f0e", name=self.tr("test"))
        self.clip_marks = self.loss_plot.plot(pen=None, symbol="t", symbolSize=6,
                                              symbolBrush="#999", name=self.tr("clipped"))
        self.acc_plot = pg.PlotWidget(title=self.tr("accuracy"))
        self.acc_plot.setYRange(0, 1.02)
        self.acc_curve = self.acc_plot.plot(pen=pg.mkPen("#2ca02c", width=2))
        self.lr_plot = pg.PlotWidget(title=self.tr("step size"))
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen("#9467bd", width=2))
        self.grad_plot = pg.PlotWidget(title=self.tr("gradient norm per row (log10)"))
        self.grad_image = pg.ImageItem()
        self.grad_image.setColorMap(pg.colormap.get("viridis"))
        self.grad_plot.addItem(self.grad_image)
        self.grad_plot.setLabel("left", self.tr("row"))
        self.grad_plot.setLabel("bottom", self.tr("step"))
        self.confusion_plot = pg.PlotWidget(title=self.tr("confusion (test balls)"))
        self.confusion_image = pg.ImageItem()
        self.confusion_image.setColorMap(pg.colormap.get("viridis"))
        self.confusion_plot.addItem(self.confusion_image)
        self.confusion_plot.setLabel("left", self.tr("true colour"))
        self.confusion_plot.setLabel("bottom", self.tr("predicted cup"))
        self.confusion_plot.invertY(True)
        self._confusion_labels = []
        self.diverged_line = None
        for w in (self.loss_plot, self.acc_plot, self.lr_plot, self.grad_plot,
                  self.confusion_plot):
            layout.addWidget(w)
        session.events.connect("trained", lambda *a: self.refresh())
        session.events.connect("board", lambda *a: self.refresh())
        session.events.connect("params", lambda *a: self.refresh_confusion())
        self.refresh_confusion()

    def confusion(self) -> np.ndarray:
        """counts[true class, predicted cup] over the test balls (training balls if none)."""
        s = self.session
        pool = s.test_set if s.test_set is not None else s.train_set
        predicted = s.board.predict(pool.X)
        counts = np.zeros((s.data.n_classes, s.board.cups), dtype=np.int64)
        np.add.at(counts, (pool.y, predicted), 1)
        return counts

    def refresh_confusion(self):
        counts = self.confusion()
        # ImageItem's first axis is x: transpose so rows are true colours, columns cups.
        self.confusion_image.setImage(counts.T.astype(float), levels=(0, max(1, counts.max())))
        for item in self._confusion_labels:
            self.confusion_plot.removeItem(item)
        self._confusion_labels = []
        if counts.size <= 64:
            for (t, p), n in np.ndenumerate(counts):
                label = pg.TextItem(str(n), color="w" if n < counts.max() / 2 else "k",
                                    anchor=(0.5, 0.5))
                label.setPos(p + 0.5, t + 0.5)
                self.confusion_plot.addItem(label)
                self._confusion_labels.append(label)

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
            # x is the step: a long run's old steps are buckets (galton.core.history), so
            # the records are spread over the steps they stand for.
            start, end = int(steps[0]), int(steps[-1] + h["span"][-1])
            columns = min(end - start, 4000)
            at = start + (np.arange(columns) + 0.5) * (end - start) / columns
            picked = per_row[np.searchsorted(steps, at, side="right") - 1]
            self.grad_image.setImage(np.log10(picked + 1e-12), autoLevels=True)
            self.grad_image.setRect(start, 0, end - start, per_row.shape[1])
        else:
            self.grad_image.clear()
        if self.diverged_line is not None:
            self.loss_plot.removeItem(self.diverged_line)
            self.diverged_line = None
        if self.session.trainer.diverged is not None:
            self.diverged_line = pg.InfiniteLine(self.session.trainer.diverged.step, angle=90,
                                                 pen=pg.mkPen("r", width=2),
                                                 label=self.tr("diverged"))
            self.loss_plot.addItem(self.diverged_line)
