"""What a desktop needs to list galton: icons, the desktop entry, the AppStream metainfo; and
that the PyInstaller spec, the wheel and galton.resources agree on where the data lives."""

import configparser
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import galton

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "assets" / "icons"
APP_ID = "invalid.example.Galton"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icons_come_in_svg_and_every_png_size():
    svg = ET.parse(ICONS / "galton.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    for size in PNG_SIZES:
        assert png_size(ICONS / f"galton-{size}.png") == (size, size)


def test_windows_and_macos_icons():
    ico = (ICONS / "galton.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5  # several sizes, small ones included
    assert (ICONS / "galton.icns").read_bytes()[:4] == b"icns"


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Name"] == "galton"
    assert d["Exec"].split()[0] == "galton" and d["Icon"] == APP_ID
    assert d["Terminal"] == "false"
    assert "Education" in d["Categories"].split(";")
    assert d["Categories"].endswith(";") and d["Keywords"].endswith(";")
    from galton.qt.splash import APP_ID as app_id  # the app names its windows after the entry

    assert app_id == APP_ID


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (desktop-file-utils) is not installed")
def test_desktop_entry_validates():
    subprocess.run(["desktop-file-validate", str(PACKAGING / f"{APP_ID}.desktop")], check=True)


def test_metainfo_names_the_entry_and_this_release():
    root = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("releases/release").get("version") == galton.__version__
    assert root.find("provides/binary").text == "galton"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_metainfo_validates():
    out = subprocess.run(["appstreamcli", "validate", "--no-net",
                          str(PACKAGING / f"{APP_ID}.metainfo.xml")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Validation was successful" in out.stdout


def test_spec_puts_the_data_where_the_wheel_does():
    spec = (PACKAGING / "galton.spec").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    for kind in ("shaders", "assets", "docs"):  # docs: Help > User guide
        assert f'"{kind}" = "galton/_data/{kind}"' in pyproject
        assert re.search(rf'ROOT / "{kind}"\), "galton/_data/{kind}"', spec)


def test_make_package_runs_the_build_script():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^package: setup\n\t\$\(PY\) packaging/build.py$", makefile, re.M)


def test_changelog_has_this_version():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## {re.escape(galton.__version__)}\b", changelog, re.M)


#: Pages another issue is writing while these link to them; checked like any other once they
#: exist.
PENDING = {ROOT / "docs" / "scripting.md": "the scripting reference (the console issue)"}


def markdown_files():
    # The pages this issue wrote, and the README that leads to them.
    return [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "docs" / "guide.md",
            *sorted((ROOT / "docs" / "zh_CN").glob("*.md")),
            ROOT / "packaging" / "README.md"]


@pytest.mark.parametrize("page", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_in_the_docs_lead_somewhere(page):
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#")[0]).resolve()
        if not path.exists() and path not in PENDING:
            broken.append(target)
    assert broken == []


# --- the .galton session file type -------------------------------------------------------------
MIME_XML = PACKAGING / f"{APP_ID}.mime.xml"
SMI = "{http://www.freedesktop.org/standards/shared-mime-info}"


def test_the_session_file_type_is_declared_and_its_magic_matches_a_real_file(tmp_path):
    from galton.session import Session
    from galton.session_file import MIME, SUFFIX

    root = ET.parse(MIME_XML).getroot()
    (kind,) = root.findall(f"{SMI}mime-type")
    assert kind.get("type") == MIME
    assert [g.get("pattern") for g in kind.findall(f"{SMI}glob")] == [f"*{SUFFIX}"]
    assert kind.find(f"{SMI}sub-class-of").get("type") == "application/zip"
    assert kind.find(f"{SMI}generic-icon").get("name") == APP_ID
    (match,) = kind.findall(f"{SMI}magic/{SMI}match")
    path = tmp_path / f"lesson{SUFFIX}"
    Session().save_galton(path)
    offset, value = int(match.get("offset")), match.get("value").encode()
    assert path.read_bytes()[offset:offset + len(value)] == value


def test_the_desktop_entry_and_the_metainfo_name_the_session_type():
    from galton.session_file import MIME

    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    types = entry["Desktop Entry"]["MimeType"].split(";")
    assert "application/toml" in types and MIME in types and types[-1] == ""
    assert "%f" in entry["Desktop Entry"]["Exec"].split()
    root = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert [m.text for m in root.findall("provides/mediatype")] == [MIME]


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="update-mime-database (shared-mime-info) is not installed")
def test_the_tarball_installs_the_session_type_and_uninstalls_it(tmp_path):
    """The Linux tarball's install step, on a stand-in for the frozen app: the file type is
    installed where shared-mime-info reads it, the database learns *.galton, and --uninstall
    takes it away again."""
    import sys
    import tarfile

    sys.path.insert(0, str(PACKAGING))
    try:
        import build
    finally:
        sys.path.remove(str(PACKAGING))
    app = tmp_path / "app"
    app.mkdir()
    (app / "galton").write_text("#!/bin/sh\necho galton\n")
    (app / "galton").chmod(0o755)
    tarball = build.linux_tarball(app, tmp_path, "0.0.0")
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (folder,) = (tmp_path / "unpacked").iterdir()
    prefix = tmp_path / "prefix"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["sh", str(folder / "install.sh")], check=True, env={**env,
                   "PREFIX": str(prefix)}, capture_output=True)
    installed = prefix / "share" / "mime" / "packages" / f"{APP_ID}.xml"
    assert installed.read_bytes() == MIME_XML.read_bytes()
    globs = (prefix / "share" / "mime" / "globs2").read_text()
    assert "application/x-galton-session:*.galton" in globs
    assert b"application/x-galton-session" in (prefix / "share" / "mime" / "magic").read_bytes()
    subprocess.run(["sh", str(folder / "install.sh"), "--uninstall"], check=True,
                   env={**env, "PREFIX": str(prefix)}, capture_output=True)
    assert not installed.exists()
    assert "galton" not in (prefix / "share" / "mime" / "globs2").read_text()
