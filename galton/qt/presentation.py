"""View ▸ Presentation (F11): the classroom look.

Full screen, and only what a room looks at: the board, one chart (the loss) and the lesson's
text (when a lesson is open), everything larger — the window's text, the board's labels and
lines, the chart's curves, ticks and title — so that it reads from the back of a room on a
1280×720 projector. The toolbar, the menu bar and the other panels are hidden; the keys still
work (Space, S, D…), and F11 or Esc leave it.

Leaving restores the window exactly: its geometry and state, every panel where it was (the
window's own saveState/restoreState, taken on entering), the fonts and the charts. The window
also leaves the classroom look before it saves its layout on closing, so a full-screen layout
is never what the next start opens with.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QFormLayout, QToolBar, QWidget

from galton.qt.window_layout import LAYOUT_VERSION

#: How much larger the board's text, margins and lines are, and the charts' lines.
SCALE = 1.8
#: The window's text in the classroom look (points): about 28 px on a 1280×720 projector.
FONT_POINTS = 18
#: The lesson's title (pixels), and the chart's title and tick labels (points).
TITLE_PX = 34
CHART_TITLE_PT = 20
TICK_PT = 15
#: Share of the width for the lesson's column, of the height for the chart under the board.
LESSON_SHARE = 0.4
CHART_SHARE = 0.34


class Presentation(QObject):
    """The classroom look of ``window`` (a MainWindow): ``action`` is View ▸ Presentation."""

    changed = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.action = QAction(self.tr("&Presentation"), window, checkable=True)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.action.setToolTip(self.tr("Full screen, large text, only the board, one chart and "
                                       "the lesson: for a projector (F11 or Esc to leave)"))
        self.action.toggled.connect(self._toggled)
        window.addAction(self.action)  # its key works while the menu bar is hidden
        # Esc leaves; only while presenting (the console uses Esc for itself).
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self.escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self.escape.setEnabled(False)
        self.escape.activated.connect(self.leave)
        self._saved: dict | None = None
        self._again = None
        self._restore_later = QTimer(self, singleShot=True, interval=50)
        self._restore_later.timeout.connect(self._restore_again)

    def _restore_again(self) -> None:
        if self._again is not None and self._saved is None:
            self.window.restoreState(self._again, LAYOUT_VERSION)
        self._again = None

    @property
    def on(self) -> bool:
        return self._saved is not None

    def layout_to_save(self) -> tuple:
        """(saveGeometry, saveState) of the window as it is outside the classroom look: what
        the window keeps for its next start."""
        w = self.window
        if self._saved is not None:
            return self._saved["geometry"], self._saved["state"]
        return w.saveGeometry(), w.saveState(LAYOUT_VERSION)

    def enter(self) -> None:
        self.action.setChecked(True)

    def leave(self) -> None:
        self.action.setChecked(False)

    def _toggled(self, on: bool) -> None:
        if on and self._saved is None:
            self._enter()
        elif not on and self._saved is not None:
            self._leave()
        self.escape.setEnabled(self.on)
        self.changed.emit(self.on)

    # --- entering ----------------------------------------------------------------------------
    def _enter(self) -> None:
        w = self.window
        panel, charts = w.lesson_panel, w.charts
        self._saved = {
            "state": w.saveState(LAYOUT_VERSION), "geometry": w.saveGeometry(),
            "rect": w.geometry(), "window_state": w.windowState(),
            "font": QFont(w.font()) if w.testAttribute(Qt.WidgetAttribute.WA_SetFont) else None,
            "bars": [(bar, bar.isVisible()) for bar in w.findChildren(QToolBar)
                     if bar.parent() is w],
            "menu_bar": w.menuBar().isVisible(),
            "figure": not panel.figure_view.isHidden(),
            "title_style": panel.title.styleSheet(),
            "rows": panel.params_form.rowWrapPolicy(),
            "board_scale": w.board_view.scale,
            "charts": _chart_style(charts),
        }
        for bar, _ in self._saved["bars"]:
            bar.hide()
        w.menuBar().hide()
        big = QFont(w.font())
        big.setPointSize(FONT_POINTS)
        w.setFont(big)
        w.board_view.scale = SCALE
        w.board_view.update()
        charts.show_only(charts.loss_plot)
        _set_chart_style(charts, SCALE, CHART_TITLE_PT, TICK_PT)
        panel.figure_view.held_back = True  # the lesson's text; the chart is the one figure
        panel.figure_view.hide()
        panel.title.setStyleSheet(f"font-size:{TITLE_PX}px;font-weight:bold;padding:4px 0")
        # Large labels beside their boxes would make the column scroll sideways.
        panel.params_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # Without a window manager (a bare X server, a kiosk) full screen is only a wish: the
        # window is made as large as the screen first.
        w.setGeometry(w.screen().geometry())
        w.showFullScreen()
        self.arrange()

    def arrange(self) -> None:
        """The lesson's text on the left over the whole height (when a lesson is open), the
        board in the middle, the chart under the board. No title bars: nothing to drag."""
        w = self.window
        docks = w.panels.docks
        for dock in docks.values():
            dock.setFloating(False)
            w.removeDockWidget(dock)
        charts = docks["charts"]
        shown = [charts]
        w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, charts)
        if w.lesson_panel.run is not None:
            lesson = docks["lesson"]
            w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, lesson)
            shown.append(lesson)
            w.resizeDocks([lesson], [int(LESSON_SHARE * w.width())], Qt.Orientation.Horizontal)
        for dock in shown:
            dock.setTitleBarWidget(QWidget())
            dock.show()
        w.resizeDocks([charts], [int(CHART_SHARE * w.height())], Qt.Orientation.Vertical)

    # --- leaving -----------------------------------------------------------------------------
    def _leave(self) -> None:
        w = self.window
        saved, self._saved = self._saved, None
        assert saved is not None
        panel, charts = w.lesson_panel, w.charts
        w.setFont(saved["font"] if saved["font"] is not None else QFont())
        if saved["font"] is None:
            w.setAttribute(Qt.WidgetAttribute.WA_SetFont, False)
        w.board_view.scale = saved["board_scale"]
        w.board_view.update()
        charts.show_only(None)
        _restore_chart_style(charts, saved["charts"])
        panel.figure_view.held_back = False
        panel.figure_view.setVisible(saved["figure"])
        panel.title.setStyleSheet(saved["title_style"])
        panel.params_form.setRowWrapPolicy(saved["rows"])
        w.menuBar().setVisible(saved["menu_bar"])
        for bar, visible in saved["bars"]:
            bar.setVisible(visible)
        for dock in w.panels.docks.values():
            dock.setTitleBarWidget(None)
        w.setWindowState(saved["window_state"])
        if not saved["window_state"] & (Qt.WindowState.WindowMaximized
                                        | Qt.WindowState.WindowFullScreen):
            w.setGeometry(saved["rect"])  # exactly (restoreGeometry guesses the frame anew)
        w.restoreState(saved["state"], LAYOUT_VERSION)
        # The panels' sizes are shares of the window's: once the window has its old size
        # back (the window system answers later), they are put back once more.
        self._again = saved["state"]
        self._restore_later.start()


def _legend_size(charts, size: str) -> None:
    legend = charts.loss_plot.getPlotItem().legend
    legend.setLabelTextSize(size)  # for entries to come; those there are set here
    for _, label in legend.items:
        label.setText(label.text, size=size)


def _curves(charts):
    return (charts.train_curve, charts.acc_curve, charts.lr_curve)


def _chart_style(charts) -> dict:
    """What _set_chart_style changes, to put back."""
    return {
        "pens": [pg.mkPen(curve.opts["pen"]) for curve in _curves(charts)],
        "symbol": charts.test_curve.opts["symbolSize"],
        "legend": charts.loss_plot.getPlotItem().legend.opts["labelTextSize"],
        "titles": [(plot, plot.getPlotItem().titleLabel.text) for plot in charts.plots],
        "ticks": [(axis, axis.style.get("tickFont")) for plot in charts.plots
                  for axis in (plot.getAxis("left"), plot.getAxis("bottom"))],
    }


def _set_chart_style(charts, scale: float, title_pt: float, tick_pt: float) -> None:
    for curve in _curves(charts):
        pen = pg.mkPen(curve.opts["pen"])
        pen.setWidthF(pen.widthF() * scale)
        curve.setPen(pen)
    charts.test_curve.setSymbolSize(charts.test_curve.opts["symbolSize"] * scale)
    _legend_size(charts, f"{tick_pt}pt")
    tick = QFont()
    tick.setPointSizeF(tick_pt)
    for plot in charts.plots:
        item = plot.getPlotItem()
        item.setTitle(item.titleLabel.text, size=f"{title_pt}pt")
        for axis in (plot.getAxis("left"), plot.getAxis("bottom")):
            axis.setStyle(tickFont=tick)


def _restore_chart_style(charts, saved: dict) -> None:
    from galton.qt.charts import TITLE_SIZE

    for curve, pen in zip(_curves(charts), saved["pens"], strict=True):
        curve.setPen(pen)
    charts.test_curve.setSymbolSize(saved["symbol"])
    _legend_size(charts, saved["legend"])
    for plot, title in saved["titles"]:
        plot.getPlotItem().setTitle(title, size=TITLE_SIZE)
    for axis, font in saved["ticks"]:
        axis.setStyle(tickFont=font)
