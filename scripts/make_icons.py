"""Render assets/icons/galton.svg to the PNG sizes desktops ask for, plus galton.ico (Windows)
and galton.icns (macOS) for the frozen app, with Qt's SVG renderer and image plug-ins, so no
other tool is needed. Run after editing the SVG; tests/packaging checks that they exist.

    .venv/bin/python scripts/make_icons.py
"""

import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def write_ico(path: Path, pngs) -> None:
    """A Windows .ico holding several sizes as PNG images (allowed since Windows Vista); Qt's
    ICO writer stores a single uncompressed size."""
    import struct

    blobs = [png.read_bytes() for png in pngs]
    header = struct.pack("<HHH", 0, 1, len(blobs))
    offset = len(header) + 16 * len(blobs)
    entries = b""
    for blob in blobs:
        width, height = struct.unpack(">II", blob[16:24])  # from the PNG's IHDR chunk
        entries += struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(blob),
                               offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(ICONS / "galton.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / 'galton.svg'}", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format_ARGB32_Premultiplied)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ICONS / f"galton-{size}.png"
        if not image.save(str(out)):
            print(f"cannot write {out}", file=sys.stderr)
            return 1
        print(out.relative_to(ICONS.parents[1]))
        if size == 256 and not image.save(str(ICONS / "galton.icns")):
            print(f"cannot write {ICONS / 'galton.icns'}", file=sys.stderr)
            return 1
    write_ico(ICONS / "galton.ico", [ICONS / f"galton-{n}.png" for n in ICO_SIZES])
    print("assets/icons/galton.icns\nassets/icons/galton.ico")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
