"""Help (issue 20): the user guide opens the bundled docs, the shortcut sheet lists every key the
window answers to (read from its actions, so it cannot drift), the keys show in the menus and
in the buttons' tooltips."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from galton.resources import doc_path
from tests.qt.layout_check import choose, menu_of

#: The single keys issue 20 found invisible, and what each must do.
KEYS = {"Space": "Play / Pause", "S": "Step", "R": "Reset", "I": "Re-initialise",
        "D": "Drop 10 balls", "C": "Empty cups", "T": "Trace paths"}


def sheet_rows(dialog):
    table = dialog.table
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_shortcut_sheet_lists_every_key_of_the_window(window, qtbot):
    choose(qtbot, window, "Help", "Keyboard shortcuts")
    dialog = window.help.dialog
    qtbot.waitExposed(dialog)
    rows = sheet_rows(dialog)
    for key, what in KEYS.items():
        assert rows[key] == what
    assert rows["Ctrl+Z"] == "Undo" and rows["Ctrl+Shift+Z"] == "Redo"
    assert rows["F1"] == "User guide" and rows["Ctrl+L"] == "Loss landscape"
    assert "Drag a peg sideways" in rows  # and what the mouse does
    # Generated, not written down: every shortcut of every action is in the sheet.
    from PySide6.QtGui import QAction

    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            key = seq.toString(QKeySequence.NativeText)
            assert any(key in k.split(", ") for k in rows), key
    dialog.close()


def test_menus_show_the_keys_and_buttons_name_them_in_their_tooltips(window, qtbot):
    training = menu_of(window, "Training").menu()
    shown = {a.text().replace("&", ""): a.shortcut().toString() for a in training.actions()
             if not a.isSeparator()}
    assert {shown[what]: what for what in KEYS.values()} == {k: v for k, v in KEYS.items()}
    edit = menu_of(window, "Edit").menu()
    assert [a.shortcut().toString() for a in edit.actions()] == ["Ctrl+Z", "Ctrl+Shift+Z"]
    c = window.controls
    by_text = {a.text().replace("&", ""): a for a in training.actions()}
    for button, what in ((c.play, "Play / Pause"), (c.step, "Step"), (c.reset, "Reset"),
                         (c.reinit, "Re-initialise")):
        key = by_text[what].shortcut().toString(QKeySequence.NativeText)
        assert f"({key})" in button.toolTip(), button.text()
    key = by_text["Drop 10 balls"].shortcut().toString(QKeySequence.NativeText)
    assert c.drop_buttons[10].toolTip().endswith(f"({key})")
    key = window.trace_action.shortcut().toString(QKeySequence.NativeText)
    assert f"({key})" in window.trace_action.toolTip()


def test_user_guide_opens_the_bundled_docs(window, qtbot):
    choose(qtbot, window, "Help", "User guide")
    dialog = window.help.dialog
    qtbot.waitExposed(dialog)
    assert dialog.browser.source().toLocalFile() == str(doc_path("guide.md"))
    text = dialog.browser.toPlainText()
    first_heading = next(line[2:] for line in doc_path("guide.md").read_text("utf-8")
                         .splitlines() if line.startswith("# "))
    assert first_heading in text
    assert dialog.pages.count() >= 10
    # Another page, chosen in the list.
    row = next(r for r in range(dialog.pages.count())
               if dialog.pages.item(r).data(Qt.UserRole).endswith("training.md"))
    item = dialog.pages.item(row)
    qtbot.mouseClick(dialog.pages.viewport(), Qt.LeftButton,
                     pos=dialog.pages.visualItemRect(item).center())
    assert dialog.browser.source().toLocalFile() == str(doc_path("training.md"))
    dialog.close()
