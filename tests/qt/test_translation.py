"""简体中文: every interface string is translated, the compiled .qm matches the .ts, and the
window speaks Chinese when asked."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from galton.resources import asset_path

TS = asset_path("translations", "galton_zh_CN.ts")


def test_every_string_in_the_catalogue_is_translated():
    untranslated = [m.find("source").text for m in ET.parse(TS).iter("message")
                    if not (m.find("translation").text or "").strip()
                    or m.find("translation").get("type") in ("unfinished", "obsolete")]
    assert untranslated == []


def test_catalogue_covers_every_tr_string_in_the_gui(tmp_path):
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    root = Path(__file__).resolve().parents[2]
    # The window's strings, and the scenario's labels and help its controls show (the schema
    # marks them with QT_TRANSLATE_NOOP).
    sources = sorted(str(p) for p in root.glob("galton/qt/*.py"))
    sources.append(str(root / "galton" / "core" / "schema.py"))
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(fresh)], check=True)
    wanted = {m.find("source").text for m in ET.parse(fresh).iter("message")}
    have = {m.find("source").text for m in ET.parse(TS).iter("message")}
    assert wanted - have == set(), "run pyside6-lupdate and scripts/translate_zh_CN.py"
    # ... and under the class Qt asks at run time. lupdate files a mixin's strings under the
    # mixin (window_menus.py: "WindowMenus"), tr() looks them up under the window
    # ("MainWindow"): regenerating the catalogue turned the Chinese menus English. The
    # script moves them (MIXED_INTO); this is what it must leave.
    import importlib.util

    spec = importlib.util.spec_from_file_location("translate_zh_CN",
                                                  root / "scripts" / "translate_zh_CN.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    tree = ET.parse(fresh)
    script.merge_mixins(tree.getroot())

    def pairs(root):
        return {(c.findtext("name"), m.findtext("source")) for c in root.iter("context")
                for m in c.iter("message")}

    assert pairs(tree.getroot()) - pairs(ET.parse(TS).getroot()) == set()
    assert "WindowMenus" not in {c.findtext("name") for c in ET.parse(TS).iter("context")}


def test_every_message_has_its_class_as_context():
    """Called through an alias (``tr = self.tr``), a string is filed under no class, and Qt
    never finds its translation at run time: the lab and landscape docks stayed English."""
    nameless = [m.findtext("source") for c in ET.parse(TS).iter("context")
                if not (c.findtext("name") or "").strip() for m in c.iter("message")]
    assert nameless == []


def test_compiled_qm_is_up_to_date(tmp_path):
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    out = tmp_path / "check.qm"
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(out)], check=True)
    assert out.read_bytes() == TS.with_suffix(".qm").read_bytes()


def test_window_in_chinese(qtbot):
    from PySide6.QtWidgets import QApplication

    from galton.qt.app import install_translation
    from galton.qt.main_window import MainWindow
    from galton.session import Session

    app = QApplication.instance()
    translator = install_translation(app, "zh_CN")
    try:
        w = MainWindow(Session())
        qtbot.addWidget(w)
        assert w.controls.play.text() == "播放"
        assert w.windowTitle() == "galton — 训练的弹珠机"
        assert w.lab.ft_full.text() == "全部"  # the docks too
        assert w.lesson_panel.do_button.text() == "执行"
        w.training.stop()
        w.lab.close_jobs()
        w.landscape.close_jobs()
    finally:
        app.removeTranslator(translator)
    with pytest.raises(ValueError, match="--lang must be one of"):
        install_translation(app, "fr")
