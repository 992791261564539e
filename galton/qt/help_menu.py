"""Help: the user guide (the bundled docs/ pages), the keyboard-shortcut sheet, About.

The sheet is read from the window's actions at the moment it opens, so a key added to a menu
or a button shows there without anyone editing a list: it cannot drift from what the keys do.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

import galton
from galton.resources import doc_path

#: The guide's pages in reading order (docs/*.md); the first one opens.
GUIDE_PAGES = ("guide.md", "training.md", "landscape.md", "lab.md", "lessons.md", "export.md",
               "scripting.md", "files.md", "model.md", "authoring.md", "performance.md",
               "architecture.md")


def plain(text: str) -> str:
    """A menu text as read: no mnemonic ampersand, no trailing ellipsis."""
    text = re.sub(r"\(&\w\)", "", text)  # a Chinese menu's mnemonic: 撤销(&U)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of ``window`` that has a shortcut, as the user
    would type them on this platform; sorted with single keys first."""
    rows = {}
    for action in window.findChildren(QAction):
        keys = [s.toString(QKeySequence.NativeText) for s in action.shortcuts() if not s.isEmpty()]
        what = plain(action.text()) or plain(action.toolTip())
        if keys and what:
            rows.setdefault(", ".join(keys), what)
    return sorted(rows.items(), key=lambda row: ("+" in row[0], len(row[0]), row[0]))


class ShortcutSheet(QDialog):
    """Help > Keyboard shortcuts: every key of the window, and what the mouse does."""

    def __init__(self, window, mouse_rows=(), parent=None):
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        rows = shortcut_rows(window) + list(mouse_rows)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("What it does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        for r, (keys, what) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(keys))
            self.table.setItem(r, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 520)


class GuideDialog(QDialog):
    """Help > User guide: the docs/ pages shipped with galton, links followed inside."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("galton user guide"))
        layout = QHBoxLayout(self)
        self.pages = QListWidget()
        self.pages.setMaximumWidth(200)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        for name in GUIDE_PAGES:
            try:
                path = doc_path(name)
            except FileNotFoundError:
                continue  # a page another version does not have
            title = next((line[2:].strip() for line in path.read_text("utf-8").splitlines()
                          if line.startswith("# ")), name)
            item = QListWidgetItem(title)
            item.setData(Qt.UserRole, str(path))
            self.pages.addItem(item)
        self.pages.currentItemChanged.connect(
            lambda item, _: item is not None
            and self.browser.setSource(QUrl.fromLocalFile(item.data(Qt.UserRole))))
        side = QVBoxLayout()
        side.addWidget(self.pages, 1)
        note = QLabel(self.tr("The guide is written in English."))
        note.setWordWrap(True)
        app = QApplication.instance()
        note.setVisible(app.property("galton_language") not in (None, "en"))
        side.addWidget(note)
        layout.addLayout(side)
        layout.addWidget(self.browser, 1)
        self.resize(960, 680)
        self.pages.setCurrentRow(0)


class HelpMenu(QObject):
    """The Help menu of ``window``: User guide (F1), Keyboard shortcuts, About."""

    def __init__(self, window, mouse_rows=()):
        super().__init__(window)
        self.window = window
        self.mouse_rows = mouse_rows
        menu = window.menuBar().addMenu(self.tr("&Help"))
        self.guide = QAction(self.tr("&User guide"), window, shortcut=QKeySequence.HelpContents)
        self.guide.triggered.connect(lambda: self.show(GuideDialog(window)))
        self.keys = QAction(self.tr("&Keyboard shortcuts"), window,
                            shortcut=QKeySequence("Ctrl+/"))
        self.keys.triggered.connect(lambda: self.show(ShortcutSheet(window, self.mouse_rows)))
        self.about = QAction(self.tr("&About galton"), window)
        self.about.triggered.connect(lambda: QMessageBox.about(
            window, "galton", f"galton {galton.__version__}\n"
            + self.tr("The pinball machine of neural-network training.")))
        for action in (self.guide, self.keys, self.about):
            menu.addAction(action)
        self.menu = menu
        self.dialog = None

    def show(self, dialog) -> QDialog:
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        self.dialog = dialog  # tests and screenshots find it here
        return dialog
