"""What is wrong with a lesson figure as drawn: text clipped by its plot, its panel or its
table column, and labels drawn over each other or over the points they explain. Measured on
the items' bounding rectangles (scene coordinates) after the figure view has been laid out.
Used by tests/qt/test_lesson_figures.py and to look at the figures by hand."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from galton.qt.lesson_figure import PlotPanel, SurfacePanel, TablePanel

SLACK = 1.0  # pixels: anti-aliasing and rounding


def _inside(inner: QRectF, outer: QRectF) -> bool:
    return (inner.left() >= outer.left() - SLACK and inner.right() <= outer.right() + SLACK
            and inner.top() >= outer.top() - SLACK and inner.bottom() <= outer.bottom() + SLACK)


def _overlap(a: QRectF, b: QRectF) -> bool:
    return a.intersected(b).width() > SLACK and a.intersected(b).height() > SLACK


def _text_rect(item) -> QRectF:
    """The scene rectangle of a TextItem's text (not of its whole item)."""
    # The text is a child item, moved by the TextItem's anchor.
    text = getattr(item, "textItem", None)
    return item.sceneBoundingRect() if text is None else text.sceneBoundingRect()


def _text_fits(item, width: float) -> bool:
    return item.boundingRect().width() <= width + SLACK


def plot_problems(panel: PlotPanel, where: str) -> list[str]:
    item = panel.plot.getPlotItem()
    vb = item.getViewBox()
    inside = vb.sceneBoundingRect()
    out = []
    labels = []  # (name, scene rect)
    for child in vb.addedItems:
        if isinstance(child, pg.TextItem) and child.isVisible() and child.toPlainText():
            labels.append((f"note {child.toPlainText()!r}", _text_rect(child)))
        label = getattr(child, "label", None) if isinstance(child, pg.InfiniteLine) else None
        if label is not None and label.isVisible() and label.toPlainText():
            labels.append((f"line label {label.toPlainText()!r}", _text_rect(label)))
    if item.legend is not None and item.legend.isVisible() and item.legend.items:
        labels.append(("legend", item.legend.sceneBoundingRect()))
    for name, rect in labels:
        if not _inside(rect, inside):
            out.append(f"{where}: {name} is clipped by the plot ({_r(rect)} not in "
                       f"{_r(inside)})")
    for i, (a, ra) in enumerate(labels):
        for b, rb in labels[i + 1:]:
            if _overlap(ra, rb):
                out.append(f"{where}: {a} and {b} overlap")
    legend = next((r for n, r in labels if n == "legend"), None)
    if legend is not None:  # the legend must not hide a marked point
        for curve in item.listDataItems():
            if curve.opts.get("symbol") is None:
                continue
            xs, ys = curve.getData()
            for x, y in zip(xs if xs is not None else (), ys if ys is not None else (),
                            strict=True):
                p = vb.mapViewToScene(pg.Point(float(x), float(y)))
                if inside.contains(p) and legend.adjusted(-2, -2, 2, 2).contains(p):
                    out.append(f"{where}: the legend hides the point ({x:g}, {y:g})")
    legend_label = getattr(panel, "legend", None)
    if legend_label is not None and legend_label.isVisible() and legend_label.text():
        need = legend_label.heightForWidth(legend_label.width())
        if need > legend_label.height() + SLACK:
            out.append(f"{where}: the legend is cut ({need} > {legend_label.height()} px)")
    title = item.titleLabel
    seen = QRectF(panel.plot.rect())  # the widget shows the scene from (0, 0)
    if title.isVisible() and title.text and not _inside(title.item.sceneBoundingRect(), seen):
        out.append(f"{where}: the title {title.item.toPlainText()!r} is clipped "
                   f"({_r(title.item.sceneBoundingRect())} not in {_r(seen)})")
    if not _inside(vb.sceneBoundingRect(), seen):
        out.append(f"{where}: the plot is wider than its panel")
    for side in ("bottom", "left"):
        axis = item.getAxis(side)
        if axis.isVisible() and axis.label.isVisible() and axis.labelText:
            room = axis.width() if side == "bottom" else axis.height()
            if not _text_fits(axis.label, room):
                out.append(f"{where}: the {side} axis label {axis.labelText!r} is clipped")
    return out


def table_problems(panel: TablePanel, where: str) -> list[str]:
    table = panel.table
    out = []
    header = table.horizontalHeader()
    metrics = QFontMetricsF(header.font())
    for j in range(table.columnCount()):
        text = table.horizontalHeaderItem(j).text() if table.horizontalHeaderItem(j) else ""
        for line in text.split("\n"):
            need = metrics.horizontalAdvance(line) + 8
            if need > header.sectionSize(j) + SLACK:
                out.append(f"{where}: the column header {line!r} is clipped "
                           f"({need:.0f} > {header.sectionSize(j)} px)")
        lines = text.count("\n") + 1
        if lines * metrics.lineSpacing() > header.height() + SLACK:
            out.append(f"{where}: the column header {text!r} is cut below")
    cells = QFontMetricsF(table.font())
    for i in range(table.rowCount()):
        for j in range(table.columnCount()):
            cell = table.item(i, j)
            if cell is None:
                continue
            room = QRectF(0, 0, header.sectionSize(j) - 6, 10_000)
            need = cells.boundingRect(room, Qt.TextFlag.TextWordWrap, cell.text())
            if need.width() > room.width() + SLACK or \
                    need.height() > table.rowHeight(i) + SLACK:
                out.append(f"{where}: the cell {cell.text()!r} is clipped")
    if header.length() > table.viewport().width() + SLACK and \
            not table.horizontalScrollBar().isVisible():
        out.append(f"{where}: the table is wider than its panel")
    out += _label_problems(panel.title, where)
    return out


def _label_problems(label, where: str) -> list[str]:
    if not label.isVisible() or not label.text():
        return []
    need = QFontMetricsF(label.font()).horizontalAdvance(label.text())
    if not label.wordWrap() and need > label.contentsRect().width() + SLACK:
        return [f"{where}: the title {label.text()!r} is clipped ({need:.0f} > "
                f"{label.contentsRect().width()} px)"]
    return []


def surface_problems(panel: SurfacePanel, where: str) -> list[str]:
    out = _label_problems(panel.title, where)
    problems = getattr(panel.view, "label_problems", None)
    if problems is not None:
        # The picture is drawn in its own thread: check the one of the state shown now (the
        # language or size just changed), not whichever frame happened to be ready.
        flush = getattr(panel.view, "flush", None)
        if flush is not None and not flush(timeout=20.0) and panel.view.gl_error is None \
                and panel.view.renderer.extent is not None:
            out.append(f"{where}: the 3-D picture was not drawn within 20 s")
        out += [f"{where}: {p}" for p in problems()]
    return out


def figure_problems(view, where: str) -> list[str]:
    """Everything clipped or overlapping in a FigureView that is shown and laid out."""
    out = []
    shown = view.rect()
    for k, panel in enumerate(view.panels):
        here = f"{where} panel {k + 1}"
        if not _inside(QRectF(panel.geometry()), QRectF(shown)):
            out.append(f"{here}: sticks out of the figure ({panel.geometry().getRect()} not "
                       f"in {shown.getRect()})")
        for other in view.panels[k + 1:]:
            if panel.geometry().intersects(other.geometry()):
                out.append(f"{here}: overlaps the next panel")
        if panel.width() < panel.minimumSizeHint().width() - SLACK:
            out.append(f"{here}: narrower than it can be drawn ({panel.width()} px)")
        if isinstance(panel, PlotPanel):
            out += plot_problems(panel, here)
        elif isinstance(panel, TablePanel):
            out += table_problems(panel, here)
        elif isinstance(panel, SurfacePanel):
            out += surface_problems(panel, here)
    return out


def _r(rect: QRectF) -> str:
    return f"({rect.left():.0f},{rect.top():.0f} {rect.width():.0f}×{rect.height():.0f})"
