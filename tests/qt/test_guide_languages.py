"""Help > User guide in the window's language (issue 20): in 简体中文 the translated pages of
docs/zh_CN/ open, the others in English with a note saying so; the links of a page (its table
of contents, other pages) work in both languages."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from galton.resources import doc_path
from tests.qt.layout_check import choose


def open_guide_with_f1(qtbot, window):
    # Shortcuts reach only the active window; with no window manager, ask X for the focus.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.board_view.setFocus()
    qtbot.keyClick(window.board_view, Qt.Key_F1)
    qtbot.waitUntil(lambda: window.help.dialog is not None and window.help.dialog.isVisible(),
                    timeout=5000)
    dialog = window.help.dialog
    qtbot.waitExposed(dialog)
    return dialog


def click_link(qtbot, browser, href):
    """Page up or down through the shown page as a reader does until the first link to
    ``href`` is on screen, and click it."""
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(browser.document())
                cursor.setPosition(fragment.position() + 1)

                def on_screen(c=cursor):
                    point = browser.cursorRect(c).center()
                    if browser.viewport().rect().contains(point) and \
                            browser.anchorAt(point) == href:
                        return True
                    qtbot.keyClick(browser, Qt.Key_PageUp if point.y() < 0 else Qt.Key_PageDown)
                    return False

                qtbot.waitUntil(on_screen, timeout=5000)
                qtbot.mouseClick(browser.viewport(), Qt.LeftButton,
                                 pos=browser.cursorRect(cursor).center())
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href} on {browser.source().toString()}")


def heading_in_view(browser, text) -> bool:
    """The heading ``text`` is on screen: at the top of the view, or lower when the page ends
    before it could scroll that far."""
    document, top = browser.document(), browser.verticalScrollBar().value()
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() and block.text() == text:
            y = document.documentLayout().blockBoundingRect(block).top() - top
            return 0 <= y < browser.viewport().height() - 20 and (
                y < 20 or top == browser.verticalScrollBar().maximum())
        block = block.next()
    raise AssertionError(f"no heading {text!r}")


def shown_page(dialog) -> str:
    return dialog.browser.source().toLocalFile()


def test_f1_in_chinese_opens_the_chinese_guide_and_its_links_work(zh_window, qtbot):
    dialog = open_guide_with_f1(qtbot, zh_window)
    assert shown_page(dialog) == str(doc_path("zh_CN", "guide.md"))
    text = dialog.browser.toPlainText()
    assert "galton 用户指南" in text and "窗口导览" in text and "出了问题怎么办" in text
    assert dialog.windowTitle() == "galton 用户指南"
    assert dialog.pages.currentItem().text() == "galton 用户指南"
    assert not dialog.note.isVisible()  # this page is in Chinese: no note

    # A page not translated yet opens in English, and the note says so in Chinese.
    click_link(qtbot, dialog.browser, "../lab.md")
    qtbot.waitUntil(lambda: shown_page(dialog) == str(doc_path("lab.md")), timeout=5000)
    assert dialog.note.isVisible() and dialog.note.text() == "本页目前只有英文版。"
    assert dialog.pages.currentItem().data(Qt.UserRole) == str(doc_path("lab.md"))

    # Back to the Chinese guide from the list of pages.
    item = dialog.pages.item(0)
    qtbot.mouseClick(dialog.pages.viewport(), Qt.LeftButton,
                     pos=dialog.pages.visualItemRect(item).center())
    qtbot.waitUntil(lambda: shown_page(dialog) == str(doc_path("zh_CN", "guide.md")),
                    timeout=5000)
    assert not dialog.note.isVisible()

    # A translated page links to another translated page: it opens in Chinese.
    click_link(qtbot, dialog.browser, "training.md")
    qtbot.waitUntil(lambda: shown_page(dialog) == str(doc_path("zh_CN", "training.md")),
                    timeout=5000)
    assert "训练：优化器" in dialog.browser.toPlainText() and not dialog.note.isVisible()
    assert dialog.pages.currentItem().text().startswith("训练：")
    qtbot.mouseClick(dialog.pages.viewport(), Qt.LeftButton,
                     pos=dialog.pages.visualItemRect(dialog.pages.item(0)).center())
    qtbot.waitUntil(lambda: shown_page(dialog) == str(doc_path("zh_CN", "guide.md")),
                    timeout=5000)

    # The table of contents leads to its heading.
    click_link(qtbot, dialog.browser, "#命令行")
    qtbot.waitUntil(lambda: dialog.browser.source().fragment() == "命令行", timeout=5000)
    assert shown_page(dialog) == str(doc_path("zh_CN", "guide.md"))
    qtbot.waitUntil(lambda: heading_in_view(dialog.browser, "命令行"), timeout=5000)
    dialog.close()


def test_the_chinese_help_menu_opens_the_same_guide(zh_window, qtbot):
    choose(qtbot, zh_window, "帮助(H)", "用户指南(U)")
    dialog = zh_window.help.dialog
    qtbot.waitExposed(dialog)
    assert shown_page(dialog) == str(doc_path("zh_CN", "guide.md"))
    # Every page is listed; the untranslated ones by their English titles.
    titles = [dialog.pages.item(r).text() for r in range(dialog.pages.count())]
    assert titles[0] == "galton 用户指南" and "The loss landscape" in titles
    dialog.close()


def test_f1_in_english_opens_the_english_guide_and_its_links_work(window, qtbot):
    dialog = open_guide_with_f1(qtbot, window)
    assert shown_page(dialog) == str(doc_path("guide.md"))
    text = dialog.browser.toPlainText()
    assert "The galton user guide" in text and "A tour of the window" in text
    assert "窗口导览" not in text
    assert not dialog.note.isVisible()
    click_link(qtbot, dialog.browser, "#the-command-line")
    qtbot.waitUntil(lambda: heading_in_view(dialog.browser, "The command line"), timeout=5000)
    # A page off the list (the README): no entry is marked, and the first leads back.
    click_link(qtbot, dialog.browser, "../README.md")
    qtbot.waitUntil(lambda: shown_page(dialog).endswith("/README.md"), timeout=5000)
    assert dialog.pages.currentItem() is None
    qtbot.mouseClick(dialog.pages.viewport(), Qt.LeftButton,
                     pos=dialog.pages.visualItemRect(dialog.pages.item(0)).center())
    qtbot.waitUntil(lambda: shown_page(dialog) == str(doc_path("guide.md")), timeout=5000)
    # A link into another page's section opens the page there.
    click_link(qtbot, dialog.browser, "performance.md#jit-start-up-and-caching")
    qtbot.waitUntil(lambda: shown_page(dialog) == str(doc_path("performance.md")),
                    timeout=5000)
    qtbot.waitUntil(lambda: heading_in_view(dialog.browser, "JIT start-up and caching"),
                    timeout=5000)
    assert not dialog.note.isVisible()
    dialog.close()
