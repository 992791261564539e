"""简体中文 everywhere (issue 20): the window in zh_CN, in its default layout and with the
landscape, the lab, the console and a lesson open, shows no English word a user would have to
read — walked over every visible widget (labels, buttons, combo items, group titles, tabs, dock
titles, menus and their actions, tooltips, placeholders, spin box texts, table and list items,
plot titles and axis labels), not only over the strings that go through tr().

Allowed: names that stay as they are in a Chinese text (galton, Adam, SGD, Python, Ctrl…),
units and the lesson texts' own formulas and names (their Chinese is the lessons' work and
is checked against the glossary there)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6.QtWidgets")

import pyqtgraph as pg
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QSpinBox,
    QTabBar,
    QTableWidget,
    QWidget,
)

from galton.core.expression import FUNCTIONS

#: Words that stay in Latin letters in a Chinese interface: the app's and other programs' names,
#: methods and functions known by their names, keys, file types, units, mathematical names.
ALLOWED = {
    # names
    "galton", "Python", "IPython", "OpenGL", "English",
    # methods, models and functions known by name
    "Adam", "AdamW", "AdaGrad", "RMSprop", "SGD", "MSE", "XOR", "PCA", "LoRA", "Nesterov",
    "Himmelblau", "Rosenbrock", "Rastrigin", "sigmoid", "softmax", "ReLU", "tanh", "LSTM",
    "GRU", "PPMI", "SVD", "Falcon", "BEGIN", "END", "sin", "cos", "exp", "log", "log10",
    "sqrt", "abs", "max", "min", "lr", "run",
    # keys
    "Ctrl", "Shift", "Space", "Enter", "Esc", "Tab", "Alt", "Del", "F1", "F11",
    # files and units
    "CSV", "PNG", "GIF", "MP4", "TOML", "toml", "csv", "png", "gif", "mp4", "py", "px", "fps",
    "KB", "MB",
} | set(FUNCTIONS)  # the functions a formula may use are typed as they are named
WORD = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z0-9_]+")  # not 2Ca, a product in a formula


def english_words(text: str) -> list[str]:
    """The Latin words of ``text`` that are not allowed: code in `backquotes` excepted."""
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\S*/\S*\.\w+", "", text)  # a file's path (File ▸ Open recent)
    text = re.sub(r"[A-Za-z_][\w.]*\(", "", text)  # code as typed: f(x, y), session.step(
    return [w for w in WORD.findall(text) if w not in ALLOWED and not re.fullmatch(
        r"[A-Za-z]\d+|[A-Za-z]_\w+", w)]  # P1, D_c: mathematical symbols


def plain(text: str) -> str:
    if "<" in text and ">" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every text the window shows or would show on hover."""
    out = []

    def add(where, text):
        if text:
            out.append((where, plain(text)))

    def add_menu(menu, path):
        add(f"menu {path}", menu.title())
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            name = f"{path} ▸ {action.text()}"
            add(f"menu entry {name}", action.text())
            if action.toolTip() != action.text().replace("&", ""):
                add(f"tooltip of {name}", action.toolTip())
            if action.menu() is not None:
                add_menu(action.menu(), name)

    for action in window.menuBar().actions():
        add_menu(action.menu(), action.text())
    out += widget_texts(window)
    for name in window.board_view.picture().cup_names:  # painted under the cups
        add("cup", name)
    add("status bar", window.statusBar().currentMessage())
    view = getattr(window.landscape, "view", None)
    for name in getattr(view, "axis_names", ()):
        add("landscape axis", name)
    add("landscape value", getattr(view, "value_name", ""))
    return out


def widget_texts(window) -> list[tuple[str, str]]:
    """(where, text) for the widgets of ``window`` (a main window or a dialog)."""
    out = []

    def add(where, text):
        if text:
            out.append((where, plain(text)))

    for widget in [window, *window.findChildren(QWidget)]:
        if isinstance(widget, QMenu) or not widget.isVisibleTo(window):
            continue
        kind = type(widget).__name__
        add(f"tooltip of a {kind}", widget.toolTip())
        if isinstance(widget, QLabel):
            add("label", widget.text())
        if isinstance(widget, QAbstractButton):
            add(kind, widget.text())
        if isinstance(widget, QGroupBox):
            add("group title", widget.title())
        if isinstance(widget, QDockWidget):
            add("dock title", widget.windowTitle())
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                add("combo item", widget.itemText(i))
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add("tab", widget.tabText(i))
                add("tab tooltip", widget.tabToolTip(i))
        if isinstance(widget, QLineEdit):
            add("placeholder", widget.placeholderText())
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            add("spin box prefix", widget.prefix())
            add("spin box suffix", widget.suffix())
            add("spin box special value", widget.specialValueText())
        if isinstance(widget, QAbstractSpinBox) and widget.specialValueText() and \
                widget.text() == widget.specialValueText():
            add("spin box text", widget.text())
        if isinstance(widget, QTableWidget):
            for c in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(c)
                add("table header", item.text() if item else "")
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                add("list item", widget.item(i).text())
        if isinstance(widget, pg.PlotWidget):
            item = widget.getPlotItem()
            add("plot title", item.titleLabel.text)
            for side in ("left", "bottom", "right", "top"):
                axis = item.getAxis(side)
                if axis.isVisible():
                    add(f"plot axis ({side})", axis.labelText)
                    for level in axis._tickLevels or ():  # ticks named by setTicks
                        for _, tick in level:
                            add(f"plot tick ({side})", str(tick))
            if item.legend is not None:
                for _, label in item.legend.items:
                    add("plot legend", label.text)
    return out


def leftovers(window, texts=visible_texts):
    """Each text with English left, as 'where: the words | the text' (one line to read)."""
    return sorted({f"{where}: {' '.join(english_words(text))} | {text[:120]}"
                   for where, text in texts(window) if english_words(text)})


def test_the_allow_list_catches_english():
    assert english_words("cross_entropy") == ["cross_entropy"]
    assert english_words("锐度 λ_max，导数 2Ca − 4C") == []
    assert english_words("随机梯度下降 (SGD)") == []
    assert english_words("f(x, y)，可用 sin、cos") == []
    assert english_words("board slice (coordinates)") == ["board", "slice", "coordinates"]
    assert english_words("最近打开 /home/me/scenarios/mine.toml") == []


def test_default_window_in_chinese_has_no_english_left(zh_window, qtbot):
    qtbot.wait(300)  # the tabs brought forward
    found = leftovers(zh_window)
    assert not found, "\n".join(found)


def test_every_panel_open_in_chinese_has_no_english_left(zh_window, qtbot):
    w = zh_window
    for name in ("landscape", "lab", "console"):
        w.panels.show(name)
    qtbot.waitUntil(lambda: w.console.started, timeout=20000)
    qtbot.waitUntil(lambda: not w.landscape.jobs.pending, timeout=60000)
    w.session.step(5)  # the charts and the landscape with a path
    qtbot.wait(300)
    found = leftovers(w)
    assert not found, "\n".join(found)
    for tab in range(w.landscape.tabs.count()):  # every tab of the landscape, in turn
        w.landscape.tabs.setCurrentIndex(tab)
        qtbot.wait(50)
        assert leftovers(w) == [], w.landscape.tabs.tabText(tab)


def test_a_lesson_open_in_chinese_has_no_english_left(zh_window, qtbot):
    w = zh_window
    run = w.start_lesson(6)  # 红杯: the cups and the toolbar say the colours in Chinese
    assert run is not None
    qtbot.waitUntil(lambda: not w.lesson_panel.busy, timeout=60000)
    qtbot.wait(300)
    found = leftovers(w)
    assert not found, "\n".join(found)
    names = [w.class_box.itemText(i) for i in range(w.class_box.count())]
    assert names[:3] == ["红", "绿", "蓝"]
    assert [w.class_box.itemData(i) for i in range(3)] == ["red", "green", "blue"]
    assert w.board_view.picture().cup_names[:3] == ("红", "绿", "蓝")


def test_help_and_qt_dialogs_in_chinese(zh_window, qtbot):
    """The shortcut sheet lists the keys in Chinese, and Qt's own buttons (Close) are Chinese
    too: Qt's catalogue is installed with galton's."""
    w = zh_window
    w.help.keys.trigger()
    sheet = w.help.dialog
    qtbot.waitExposed(sheet)
    found = leftovers(sheet, widget_texts)
    assert not found, "\n".join(found)
    rows = {sheet.table.item(r, 0).text(): sheet.table.item(r, 1).text()
            for r in range(sheet.table.rowCount())}
    assert rows["Ctrl+Z"] == "撤销" and rows["S"] == "单步"  # no (&U) mnemonics left
    sheet.close()
