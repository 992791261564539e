"""The window reads what the core describes: the controls' ranges, lists, labels and tips come
from galton.core.schema and the registries; the app is set up in one place (galton.qt.prefs):
pyqtgraph configured once at start, preferences read and written through one helper."""

import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFormLayout

from galton.core import schema
from galton.core.board import INITS
from galton.core.datasets import GENERATED
from galton.core.expression import FUNCTIONS
from galton.core.losses import LOSSES
from galton.core.optim import OPTIMIZERS
from galton.core.schedules import PRESETS
from galton.core.surfaces import SURFACES
from galton.render.colormap import COLORMAPS

ROOT = Path(__file__).resolve().parents[2]
NUMBERS = {"colors": "colors", "balls": "balls", "rows": "rows", "cups": "cups", "seed": "seed",
           "momentum": "momentum", "batch": "batch_size"}
LISTS = {"dataset": tuple(GENERATED), "init": tuple(INITS), "loss": tuple(LOSSES),
         "optimizer": tuple(OPTIMIZERS)}


def _label_of(widget) -> str:
    form = widget.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    return form.labelForField(widget).text()


def _items(box) -> tuple:
    return tuple(box.itemText(i) for i in range(box.count()))


def test_the_controls_offer_what_the_schema_describes(window):
    c = window.controls
    for name, key in NUMBERS.items():
        box, field = getattr(c, name), schema.setting(key)
        assert (box.minimum(), box.maximum()) == field.widget_range, key
        assert _label_of(box) == field.label and box.toolTip() == field.help, key
        if field.step is not None:
            assert box.singleStep() == field.step, key
        assert box.specialValueText() == field.zero, key
    assert c.cups.specialValueText() == "one per class"
    for name, names in LISTS.items():
        assert _items(getattr(c, name)) == names, name  # the registries' names, in order
        assert getattr(c, name).toolTip() == schema.setting(name).help
    assert _items(c.schedule) == tuple(PRESETS)
    assert c.nesterov.text() == "Nesterov" and c.nesterov.toolTip()
    assert "0.99" in c.schedule.toolTip() and "500" in c.schedule.toolTip()
    from galton.qt.controls import LR_MAX, LR_MIN

    assert (LR_MIN, LR_MAX) == schema.setting("lr").widget_range
    assert "1e-05 to 10 on a log scale" in c.lr_slider.toolTip()


def test_a_value_typed_at_the_top_of_a_range_is_one_the_session_takes(window, qtbot):
    c = window.controls
    for box, key in ((c.rows, "rows"), (c.batch, "batch_size"), (c.momentum, "momentum")):
        top = box.maximum()
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), f"{top:g}" if isinstance(top, float) else str(top))
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        if key == "batch_size":  # more balls than the training set: the session says so
            assert window.session.scenario["training"]["batch_size"] == 0
            continue
        table = schema.setting(key).table
        assert window.session.scenario[table][key] == pytest.approx(top), key
        assert box.value() == pytest.approx(top)


def test_the_landscape_lists_are_the_registries(window):
    s = window.landscape.slice_tab
    surfaces = [s.surface_name.itemData(i) for i in range(s.surface_name.count())]
    assert surfaces == [*SURFACES, "formula"]
    assert _items(s.colormap) == COLORMAPS
    tip = s.formula.toolTip()
    assert all(re.search(rf"\b{name}\b", tip) for name in FUNCTIONS), tip


def test_the_scenario_labels_are_translated(qtbot):
    from galton.qt.app import install_translation
    from galton.qt.main_window import MainWindow
    from galton.session import Session

    app = QApplication.instance()
    translator = install_translation(app, "zh_CN")
    try:
        w = MainWindow(Session())
        qtbot.addWidget(w)
        assert _label_of(w.controls.rows) == "行数"
        assert w.controls.cups.specialValueText() == "每类一个"
        assert w.controls.optimizer.toolTip() == "梯度如何变成钉子的转动"
        w.training.stop()
        w.lab.close_jobs()
        w.landscape.close_jobs()
    finally:
        app.removeTranslator(translator)
        install_translation(app, "en")  # lessons pick their language from the app: back


def test_pyqtgraph_is_configured_once_at_start_not_by_a_chart(monkeypatch, qtbot):
    import pyqtgraph as pg

    from galton.qt.main_window import MainWindow
    from galton.qt.prefs import PYQTGRAPH, application
    from galton.session import Session

    assert {k: pg.getConfigOption(k) for k in PYQTGRAPH} == PYQTGRAPH  # the tests' app start
    calls = []
    monkeypatch.setattr(pg, "setConfigOptions", lambda **kw: calls.append(kw))
    monkeypatch.setattr(pg, "setConfigOption", lambda *a: calls.append(a))
    w = MainWindow(Session())
    qtbot.addWidget(w)
    try:
        assert calls == []  # building the window (charts, lab, landscape) configures nothing
        background = w.charts.loss_plot.backgroundBrush().color()
        assert background.name() == "#ffffff"  # and the charts are drawn black on white
    finally:
        w.training.stop()
        w.lab.close_jobs()
        w.landscape.close_jobs()
    assert application() is QApplication.instance() and calls == [PYQTGRAPH]


def test_preferences_live_in_one_place(window):
    from galton.qt.prefs import settings

    window._remember("/tmp/some.toml")
    assert settings().value("recent")[0] == "/tmp/some.toml"
    assert window.recent_menu.actions()[0].text() == "/tmp/some.toml"
    # Nothing else names where the preferences live or sets pyqtgraph's options.
    for path in (ROOT / "galton").rglob("*.py"):
        if path.name == "prefs.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "QSettings(" not in text and "setConfigOption" not in text, path
