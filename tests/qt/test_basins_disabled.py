"""Basins of attraction are offered only where there are minima (issue 20): on the default
board slice the loss falls towards the slice's edge, the Minima list says so, and the Basins
box is disabled with a tooltip saying why; on the pond surface (two minima) it is enabled and
ticking it colours the floor by where plain descent ends."""

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

from tests.qt.layout_check import pick

TIMEOUT = 180000  # a board slice's finest grid on a busy two-core machine


def open_tab(qtbot, tabs, page):
    """Click the tab of ``page``. (The test withdrawn before this one timed out because it
    clicked the Basins box on a tab that was not shown: a hidden widget takes no click, the
    box stayed unticked and the basins never came.)"""
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(tabs.indexOf(page)).center())
    qtbot.waitUntil(page.isVisible, timeout=5000)


def minima_found(panel):
    """The Minima tab lists the finest grid's search (a minimum or the no-minimum line) and
    nothing is computing any more."""
    return panel.minima_tab.minima_list.count() > 0 and not panel.busy \
        and not panel._pending.isActive()


def test_basins_are_disabled_without_minima_and_work_on_the_pond(window, qtbot):
    panel = window.landscape
    window.panels.show("landscape")
    tab = panel.minima_tab
    open_tab(qtbot, panel.tabs, tab)
    qtbot.waitUntil(lambda: minima_found(panel), timeout=TIMEOUT)
    assert panel._is_board() and panel.minima == []  # the default board slice
    assert "No minimum" in tab.minima_list.item(0).text()
    assert tab.show_basins.isVisible() and not tab.show_basins.isEnabled()
    assert "No minimum inside this slice" in tab.show_basins.toolTip()
    qtbot.mouseClick(tab.show_basins, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    assert not tab.show_basins.isChecked() and panel.basins is None

    open_tab(qtbot, panel.tabs, panel.slice_tab)
    pick(qtbot, panel.slice_tab.source, "surface")
    pick(qtbot, panel.slice_tab.surface_name, "pond")
    qtbot.waitUntil(lambda: len(panel.minima) == 2 and minima_found(panel), timeout=TIMEOUT)
    open_tab(qtbot, panel.tabs, tab)
    assert tab.show_basins.isVisible() and tab.show_basins.isEnabled()
    assert "No minimum" not in tab.show_basins.toolTip()
    before = panel.view.grab_array()  # the pond, its floor coloured by the loss
    qtbot.mouseClick(tab.show_basins, Qt.MouseButton.LeftButton)
    assert tab.show_basins.isChecked()
    qtbot.waitUntil(lambda: panel.basins is not None, timeout=TIMEOUT)
    shares = panel.basins.shares()
    assert len(shares) == 2 and shares.min() > 0.05  # both minima have a basin
    assert "minimum 2" in tab.basin_label.text()
    assert np.unique(panel.basins.labels).size >= 2
    after = panel.view.grab_array()
    assert after.shape == before.shape
    changed = np.abs(after.astype(int) - before).max(axis=2) > 30
    assert changed.mean() > 0.02, "ticking Basins left the picture as it was"
