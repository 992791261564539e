"""How the main window fits the screen it opens on, and where its panels go.

A fresh window used to be 1701x870 with a minimum of 1490x870 (issue #15): on a 1366x768
laptop or a 1280x720 projector half of it was off screen. Now:

* every panel sits in a scroll area (``PanelScroll``), so a dock may be smaller than what it
  holds: the window's minimum is the board's plus a little, and a panel that does not fit
  scrolls instead of overflowing into its neighbours;
* the window opens inside the available geometry of its screen (``default_geometry``), and a
  saved geometry is clamped to the screen it is restored on (``clamp``);
* the default arrangement depends on the room the window has (``Panels.arrange``):
  *wide* (at least ``WIDE`` logical pixels): controls on the left over the full height, the
  board in the centre, loss landscape / lab / console as tabs on the right, the charts in a row
  under the board and the right column; *compact*: the charts become the first tab of the right
  column, so the board and the controls keep the whole height;
* the View menu has an entry for every panel and Reset layout; a panel shown from there (or by a
  lesson) that was never placed, or was reset away, goes to its home: the console to the right
  column's tabs, the lesson beside the controls.

Saved window states carry ``LAYOUT_VERSION``: a state saved by an older arrangement is not
restored (the default is used), so a layout that hid panels cannot outlive an upgrade either.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QDockWidget, QFrame, QScrollArea

LAYOUT_VERSION = 2
#: At least this much room (logical pixels) gets the wide arrangement (charts under the board).
WIDE = QSize(1600, 950)
#: Screens wider than this get a window of 85 % x 90 % of them, centred, rather than all of it.
LARGE_SCREEN = 1920
#: The smallest a panel's scroll area asks for: a dock can always be squeezed to this.
PANEL_MINIMUM = QSize(160, 120)
#: Panel names in the order the View menu lists them.
#: Letters a drop-down box in a panel shows at least (longer entries are cut short when narrow).
COMBO_LETTERS = 14
ORDER = ("controls", "charts", "landscape", "lab", "console", "lesson")


class PanelScroll(QScrollArea):
    """A panel in a frameless scroll area. ``horizontal=False``: the area is never narrower than
    the panel (it only scrolls up and down), for panels of form rows that must not be cut."""

    def __init__(self, panel, horizontal: bool = True, parent=None):
        super().__init__(parent)
        self.setObjectName(f"{panel.objectName() or type(panel).__name__}-scroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(panel)
        for box in panel.findChildren(QComboBox):
            # A box as wide as its longest entry (a lesson's title) would make the whole panel
            # scroll sideways; it grows with the panel, and its list still shows every entry.
            if box.sizeAdjustPolicy() == QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow:
                box.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                box.setMinimumContentsLength(COMBO_LETTERS)
                # The box keeps its minimum size from before until its style changes.
                QApplication.sendEvent(box, QEvent(QEvent.Type.StyleChange))
        self._horizontal = horizontal
        if not horizontal:
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panel.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # The panel's size changed (rows added, text translated): so do this area's hints,
        # which the dock's layout would otherwise keep from before.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        hint = QSize(PANEL_MINIMUM)
        if not self._horizontal:
            need = self.widget().minimumSizeHint().width() + \
                self.verticalScrollBar().sizeHint().width()
            hint.setWidth(max(hint.width(), need))
        return hint

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())


def default_geometry(available: QRect) -> QRect:
    """The window's rectangle on a fresh start: all of a usual screen, most of a large one."""
    size = available.size()
    if available.width() > LARGE_SCREEN:
        size = QSize(int(available.width() * 0.85), int(available.height() * 0.9))
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return rect


def clamp(rect: QRect, available: QRect) -> QRect:
    """``rect`` made no larger than ``available`` and moved inside it."""
    out = QRect(rect.topLeft(), rect.size().boundedTo(available.size()))
    if out.right() > available.right():
        out.moveRight(available.right())
    if out.bottom() > available.bottom():
        out.moveBottom(available.bottom())
    if out.left() < available.left():
        out.moveLeft(available.left())
    if out.top() < available.top():
        out.moveTop(available.top())
    return out


def keep_on_screen(window) -> None:
    """Shrink and move a shown ``window`` so that its frame (the window manager's title bar
    included, known only once shown) is inside its screen's available geometry, as far as its
    minimum size allows."""
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if available.contains(frame):
        return
    target = clamp(frame, available)
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    window.resize(target.width() - extra_w, target.height() - extra_h)
    window.move(target.topLeft())


def is_wide(size: QSize) -> bool:
    return size.width() >= WIDE.width() and size.height() >= WIDE.height()


class Panels(QObject):
    """The window's docks by name, their View menu entries and their arrangement.

    ``docks`` maps the names of ``ORDER`` to QDockWidgets already parented to ``window``.
    """

    def __init__(self, window, docks: dict, on_show: dict | None = None):
        super().__init__(window)
        self.window = window
        self.docks = docks
        self.on_show = on_show or {}
        self.actions: dict[str, QAction] = {}
        self.front: list[str] = []  # tabs to bring forward once the window is shown
        # Tabs are raised after the layout has settled (raising at once picks the wrong tab).
        self._raise_later = QTimer(self, singleShot=True, interval=0)
        self._raise_later.timeout.connect(self.bring_forward)

    # --- the View menu ---------------------------------------------------------------------------
    def make_action(self, name: str, text: str, shortcut: str | None = None) -> QAction:
        """A checked-when-open entry: choosing it opens the panel and brings it in front; on an
        open panel already in front it closes it (a panel hidden behind a tab is brought forward
        instead: one choice always shows it)."""
        dock = self.docks[name]
        action = QAction(text, self.window, checkable=True)
        action.setChecked(not dock.isHidden())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        dock.toggleViewAction().toggled.connect(action.setChecked)

        def chosen(checked):
            if checked or not self.in_front(name):
                self.show(name)
                action.setChecked(True)
            else:
                dock.hide()

        action.triggered.connect(chosen)
        self.actions[name] = action
        return action

    def in_front(self, name: str) -> bool:
        dock = self.docks[name]
        return dock.isVisible() and not dock.visibleRegion().isEmpty()

    def show(self, name: str) -> None:
        """Open panel ``name`` in front; one that has no place in the window goes home first."""
        dock = self.docks[name]
        window = self.window
        if not dock.isFloating() and window.dockWidgetArea(dock) == \
                Qt.DockWidgetArea.NoDockWidgetArea:
            self._place(name)
        dock.show()
        dock.raise_()
        hook = self.on_show.get(name)
        if hook is not None:
            hook()

    def _place(self, name: str) -> None:
        window, dock = self.window, self.docks[name]
        if name == "lesson":
            neighbours, area = ("controls",), Qt.DockWidgetArea.LeftDockWidgetArea
        else:  # the right column's tabs (the charts may be under the board instead)
            neighbours = tuple(n for n in ("landscape", "lab", "console", "charts") if n != name)
            area = Qt.DockWidgetArea.RightDockWidgetArea
        for other in neighbours:
            partner = self.docks[other]
            if not partner.isHidden() and not partner.isFloating() and \
                    window.dockWidgetArea(partner) != Qt.DockWidgetArea.NoDockWidgetArea:
                window.tabifyDockWidget(partner, dock)
                return
        window.addDockWidget(area, dock)

    # --- the default arrangement ---------------------------------------------------------------
    def arrange(self) -> None:
        """Put every panel where a fresh window has it, for the window's present size."""
        window, d = self.window, self.docks
        for dock in d.values():
            dock.setFloating(False)
            window.removeDockWidget(dock)  # hides it; no stale tab stays behind
        window.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        window.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        window.addDockWidget(left, d["controls"])
        if is_wide(window.size()):
            window.addDockWidget(right, d["landscape"])
            window.tabifyDockWidget(d["landscape"], d["lab"])
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, d["charts"])
            self.front = ["landscape"]
        else:
            window.addDockWidget(right, d["charts"])
            window.tabifyDockWidget(d["charts"], d["landscape"])
            window.tabifyDockWidget(d["landscape"], d["lab"])
            self.front = ["charts"]
        for name in ("controls", "charts", "landscape", "lab"):
            d[name].show()
        self.resize_docks()
        if window.isVisible():
            self._raise_later.start()

    def resize_docks(self) -> None:
        """Share the window's room out: controls as narrow as their rows allow, the right column
        about 40 % of the width, the charts a readable height under the board."""
        window, d = self.window, self.docks
        width, height = window.width(), window.height()
        controls = d["controls"].widget().minimumSizeHint().width()
        docks, sizes = [d["controls"]], [max(controls, min(int(0.2 * width), 380))]
        right = d["landscape"] if is_wide(window.size()) else d["charts"]
        docks.append(right)
        sizes.append(int(0.4 * width))
        window.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)
        if is_wide(window.size()):
            window.resizeDocks([d["charts"]], [max(250, int(0.27 * height))],
                               Qt.Orientation.Vertical)

    def bring_forward(self) -> None:
        for name in self.front:
            if not self.docks[name].isHidden():
                self.docks[name].raise_()

    def keep_floating_on_screen(self, available: QRect) -> None:
        for dock in self.docks.values():
            if dock.isFloating():
                dock.setGeometry(clamp(dock.geometry(), available))

    @staticmethod
    def dock(window, name: str, title: str, panel, horizontal: bool = True,
             scroll: bool = True) -> QDockWidget:
        """A dock named ``name`` holding ``panel`` in a scroll area (``scroll=False``: the panel
        scrolls what it needs to itself)."""
        dock = QDockWidget(title, window)
        dock.setObjectName(name)
        dock.setWidget(PanelScroll(panel, horizontal=horizontal) if scroll else panel)
        return dock
