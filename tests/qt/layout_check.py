"""Checks that a shown window fits its screen and nothing in it overlaps or is cut.

Used in-process by the Qt tests and, as a script, in a process of its own on an X server of a
chosen size (tests/qt/test_layout_screens.py): a QApplication lives on one display, and every
screen size needs its own.

    python tests/qt/layout_check.py [--lang zh_CN]      (on $DISPLAY; prints JSON)

The walk over the widget tree checks, for every visible widget:

* it lies inside its parent (a scroll area's content may be larger than the area: that is how
  it scrolls; docks QMainWindow parks off screen behind another tab are not visible);
* it does not overlap a visible sibling (by more than ``SLACK`` pixels: frames of tab widgets
  overlap their tab bar by a pixel or two on purpose);
* buttons, boxes and labels are at least their minimum size (else their text is cut);
* buttons and boxes that are not scrolled out of view are what the window shows at their
  centre (nothing drawn over them, like the stray tab bar over the Play row in issue #15).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time

SLACK = 2


def describe(widget) -> str:
    parts = []
    while widget is not None and len(parts) < 4:
        name = widget.objectName() or type(widget).__name__
        text = getattr(widget, "text", None)
        if callable(text) and isinstance(text(), str) and text():
            name += f" {text()[:24]!r}"
        parts.append(name)
        widget = widget.parentWidget()
    return " < ".join(parts)


def _visible_children(widget, window, main_window_class):
    from PySide6.QtWidgets import QWidget

    out = []
    for child in widget.children():
        if not isinstance(child, QWidget) or child.isWindow() or not child.isVisible():
            continue
        if isinstance(widget, main_window_class) and not child.geometry().intersects(
                widget.rect()):
            continue  # a dock parked off screen behind another tab
        out.append(child)
    return out


def _overlap(a, b) -> bool:
    inter = a.intersected(b)
    return inter.width() > SLACK and inter.height() > SLACK


def _inside(inner, outer) -> bool:
    return inner.adjusted(SLACK, SLACK, -SLACK, -SLACK).isEmpty() or outer.adjusted(
        -SLACK, -SLACK, SLACK, SLACK).contains(inner)


def _shown_rect(widget, window):
    """The part of ``widget`` not scrolled or clipped away, in window coordinates."""
    from PySide6.QtCore import QPoint, QRect

    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def layout_problems(window) -> list[str]:
    """What does not fit, overlaps or is cut in ``window`` (a shown QMainWindow)."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractScrollArea,
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QMainWindow,
        QSlider,
    )

    problems = []
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if not available.contains(frame):
        problems.append(f"window {frame.getRect()} is not inside the screen's available "
                        f"geometry {available.getRect()}")
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    if minimum.width() > available.width() or minimum.height() > available.height():
        problems.append(f"minimum size {minimum.toTuple()} exceeds the screen "
                        f"{available.size().toTuple()}")
    controls = (QAbstractButton, QComboBox, QAbstractSpinBox, QSlider, QLineEdit)

    def walk(widget):
        children = _visible_children(widget, window, QMainWindow)
        scroll_content = isinstance(widget.parentWidget(), QAbstractScrollArea) and \
            widget is widget.parentWidget().viewport()
        for child in children:
            if not scroll_content and not _inside(child.geometry(), widget.rect()):
                problems.append(f"{describe(child)} at {child.geometry().getRect()} sticks out "
                                f"of its parent ({widget.width()}x{widget.height()})")
        for i, a in enumerate(children):
            for b in children[i + 1:]:
                if _overlap(a.geometry(), b.geometry()):
                    problems.append(f"{describe(a)} {a.geometry().getRect()} overlaps "
                                    f"{describe(b)} {b.geometry().getRect()}")
        for child in children:
            inner = isinstance(widget, controls)  # a spin box's own line edit, say
            if isinstance(child, (*controls, QLabel)) and not inner and not (
                    isinstance(child, QLabel) and (child.wordWrap() or not child.text())):
                hint = child.minimumSizeHint()
                if child.width() < hint.width() - SLACK or child.height() < hint.height() - SLACK:
                    problems.append(f"{describe(child)} is {child.width()}x{child.height()}, "
                                    f"less than its {hint.width()}x{hint.height()}: cut")
            least = child.minimumSize()  # set on purpose: a chart, the board, a 3-D view
            if child.width() < least.width() - SLACK or child.height() < least.height() - SLACK:
                problems.append(f"{describe(child)} is {child.width()}x{child.height()}, "
                                f"less than its minimum {least.width()}x{least.height()}")
            if isinstance(child, controls) and not inner:
                shown = _shown_rect(child, window)
                centre = child.rect().center()
                at = child.mapTo(window, centre)
                if shown.contains(at):
                    top = window.childAt(at)
                    if top is not None and top is not child and not child.isAncestorOf(top):
                        problems.append(f"{describe(child)} is covered by {describe(top)}")
            walk(child)

    walk(window)
    return problems


def menu_of(window, title):
    """The menu bar entry ``title`` (without its & mnemonic)."""
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            return action
    raise AssertionError(f"no menu {title}")


def choose(qtbot, window, title, entry):
    """Click the menu bar's ``title``, then the entry whose text is (or begins with, if it ends
    in a space) ``entry``, as a user does."""
    from PySide6.QtCore import Qt

    bar = window.menuBar()
    opener = menu_of(window, title)
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.actionGeometry(opener).center())
    menu = opener.menu()
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == entry or (
        entry.endswith(" ") and a.text().replace("&", "").startswith(entry)))
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5000)
    return action


def forget_layout():
    """A window closed by one test saves its geometry and panels; the next opens as new."""
    from galton.qt.prefs import settings as preferences

    settings = preferences()
    for key in ("geometry", "window_state"):
        settings.remove(key)


def _pump(app, seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def sideways(window) -> list[str]:
    """Panels in front that scroll sideways (reachable, but a second scroll bar to find)."""
    from galton.qt.window_layout import PanelScroll

    return sorted(area.objectName() for area in window.findChildren(PanelScroll)
                  if area.isVisible() and area.horizontalScrollBar().isVisible()
                  and not area.visibleRegion().isEmpty())


def settle(window, app, most=5.0):
    """Pump events until no widget moves between two looks (layouts done re-laying out; on
    a busy machine one pass of events is not always enough)."""
    from PySide6.QtWidgets import QWidget

    def look():
        return [(id(w), w.geometry().getRect()) for w in window.findChildren(QWidget)
                if w.isVisible()]

    end = time.perf_counter() + most
    before = look()
    while time.perf_counter() < end:
        _pump(app, 0.15)
        now = look()
        if now == before:
            return
        before = now


def settled_problems(window) -> list[str]:
    """``layout_problems`` once the window's layouts have settled."""
    from PySide6.QtWidgets import QApplication

    settle(window, QApplication.instance())
    return layout_problems(window)


def check_every_panel(window, app, shots=None) -> dict:
    """``layout_problems`` with each panel in front in turn (a lesson open for the lesson's).
    ``shots``: a folder for a picture of each."""
    settle(window, app)
    report = {"window": window.frameGeometry().getRect(),
              "minimum": window.minimumSizeHint().expandedTo(window.minimumSize()).toTuple(),
              "available": window.screen().availableGeometry().getRect(),
              "problems": {"default": layout_problems(window)},
              "sideways": {"default": sideways(window)}}
    for name in ("controls", "charts", "landscape", "lab", "console", "lesson"):
        if name == "lesson":
            window.start_lesson("grad_demo")
        else:
            window.panels.show(name)
        if name == "console":
            _pump(app, 0.2)
            widget = window.console.widget
            end = time.perf_counter() + 30
            while time.perf_counter() < end and "In [" not in widget._control.toPlainText():
                _pump(app, 0.1)
        settle(window, app)
        report["problems"][name] = layout_problems(window)
        report["sideways"][name] = sideways(window)
        if shots is not None:
            from galton.qt.grab import grab

            grab(window).save(os.path.join(shots, f"{name}.png"))
    return report


def main() -> int:
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="galton-layout-"))
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="galton-layout-"))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    from galton.qt.app import install_translation
    from galton.qt.main_window import MainWindow
    from galton.qt.prefs import application
    from galton.session import Session

    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
    app = application()
    install_translation(app, lang)
    window = MainWindow(Session())
    window.show()
    _pump(app, 0.5)
    shots = sys.argv[sys.argv.index("--shots") + 1] if "--shots" in sys.argv else None
    report = {"lang": lang, **check_every_panel(window, app, shots)}
    if "--screenshot" in sys.argv:
        from galton.qt.grab import grab

        grab(window).save(sys.argv[sys.argv.index("--screenshot") + 1])
    window.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())


def pick(qtbot, box, data):
    """Open a combo box's list and click the entry holding ``data``, as a user does."""
    items = [box.itemData(i) for i in range(box.count())]
    assert data in items, items
    index = items.index(data)
    click_list_entry(qtbot, box, index)
    qtbot.waitUntil(lambda: box.currentIndex() == index, timeout=5000)


def click_list_entry(qtbot, box, index):
    """Open a combo box's list, scroll to entry ``index`` and click it."""
    from PySide6.QtCore import Qt

    box.showPopup()
    view = box.view()
    qtbot.waitUntil(view.isVisible, timeout=5000)
    view.scrollTo(view.model().index(index, 0))
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
