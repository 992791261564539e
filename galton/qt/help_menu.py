"""Help: the user guide (the bundled docs/ pages), the keyboard-shortcut sheet, About.

The sheet is read from the window's actions at the moment it opens, so a key added to a menu
or a button shows there without anyone editing a list: it cannot drift from what the keys do.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QImageReader,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
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


def heading_anchor(text: str) -> str:
    """The anchor GitHub gives a heading, which the pages' tables of contents link to:
    "The lab: fine-tuning" -> "the-lab-fine-tuning", "控制台与脚本" stays as it is."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def guide_page(name: str, lang: str | None):
    """The page ``name`` of the guide in ``lang`` (docs/zh_CN/guide.md) where it has been
    translated, else the English one (docs/guide.md)."""
    if lang not in (None, "en"):
        try:
            return doc_path(lang, name)
        except FileNotFoundError:
            pass
    return doc_path(name)


class GuideBrowser(QTextBrowser):
    """A page of the guide: Qt's Markdown reader gives headings no anchors, so the links of a
    table of contents (#install, guide.md#lessons) would lead nowhere; each heading gets the
    anchor GitHub gives it, then the link's fragment is scrolled to."""

    marked = None  # (document, revision) once its headings have their anchors

    def doSetSource(self, name, kind=QTextDocument.UnknownResource):
        super().doSetSource(name, kind)
        document = self.document()
        if self.marked != (document, document.revision()):  # not for a link within the page
            block = document.begin()
            while block.isValid():
                if block.blockFormat().headingLevel() and block.text().strip():
                    cursor = QTextCursor(block)
                    cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
                    mark = QTextCharFormat()
                    mark.setAnchor(True)
                    mark.setAnchorNames([heading_anchor(block.text())])
                    cursor.mergeCharFormat(mark)
                self._fit_images(block)
                block = block.next()
            # Changed after Qt began laying the page out: lay all of it out again, or the
            # last paragraphs stay empty.
            document.markContentsDirty(0, document.characterCount())
            self.marked = (document, document.revision())
        if name.fragment():
            self.scrollToAnchor(name.fragment())

    def _fit_images(self, block, most=640) -> None:
        """The pages' screenshots are 1920 pixels wide: shown at most ``most`` wide, so the
        page reads without scrolling sideways (the height follows)."""
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            image = fragment.charFormat().toImageFormat()
            if image.isValid() and image.isImageFormat() and not image.width():
                size = QImageReader(self.source().resolved(QUrl(image.name()))
                                    .toLocalFile()).size()
                if size.width() > most:
                    image.setWidth(most)
                    image.setHeight(size.height() * most / size.width())
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.KeepAnchor)
                    cursor.setCharFormat(image)
            it += 1


class GuideDialog(QDialog):
    """Help > User guide: the docs/ pages shipped with galton, links followed inside; in
    简体中文 the pages translated in docs/zh_CN/, the others in English with a note saying so."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("galton user guide"))
        app = QApplication.instance()
        self.language = app.property("galton_language") if app is not None else None
        layout = QHBoxLayout(self)
        self.pages = QListWidget()
        self.pages.setMaximumWidth(200)
        self.browser = GuideBrowser()
        self.browser.setOpenExternalLinks(True)
        for name in GUIDE_PAGES:
            try:
                path = guide_page(name, self.language)
            except FileNotFoundError:
                continue  # a page another version does not have
            title = next((line[2:].strip() for line in path.read_text("utf-8").splitlines()
                          if line.startswith("# ")), name)
            item = QListWidgetItem(title)
            item.setToolTip(title)  # the list is narrow: long titles are cut
            item.setData(Qt.UserRole, str(path))
            self.pages.addItem(item)
        self.pages.currentItemChanged.connect(
            lambda item, _: item is not None
            and self.browser.setSource(QUrl.fromLocalFile(item.data(Qt.UserRole))))
        side = QVBoxLayout()
        side.addWidget(self.pages, 1)
        self.note = QLabel(self.tr("This page is in English."))
        self.note.setWordWrap(True)
        self.note.hide()
        side.addWidget(self.note)
        layout.addLayout(side)
        layout.addWidget(self.browser, 1)
        self.browser.sourceChanged.connect(self._shown)
        self.resize(960, 680)
        self.pages.setCurrentRow(0)

    def _shown(self, url: QUrl) -> None:
        """A page was opened (from the list or by a link): mark it in the list, and say when
        it is in English in a window that is not."""
        path = url.toLocalFile()
        translated = self.language not in (None, "en") and Path(path).parent.name == self.language
        self.note.setVisible(self.language not in (None, "en") and not translated)
        rows = [r for r in range(self.pages.count())
                if self.pages.item(r).data(Qt.UserRole) == path]
        # None marked for a page off the list (the README), so any entry leads back.
        self.pages.blockSignals(True)  # the page is already shown: not loaded again
        self.pages.setCurrentRow(rows[0] if rows else -1)
        self.pages.blockSignals(False)


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
