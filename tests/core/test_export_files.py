"""Export writers and links, devices, FIFOs and stale temporary files (no OpenGL needed: the
PNG-zip writer takes plain frames)."""

import os
import zipfile

import numpy as np
import pytest

from galton.core import files
from galton.export.encode import open_writer
from galton.export.plan import ExportError, make_plan


def frames(n=3):
    return [np.full((120, 160, 3), 40 * i, dtype=np.uint8) for i in range(n)]


def test_an_export_to_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real" / "clip.zip"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "clip.zip"
    link.symlink_to(target)
    writer = open_writer(make_plan(link, size="160x120", steps=2))
    for frame in frames():
        writer.write(frame)
    assert writer.finish() == target
    assert link.is_symlink() and zipfile.ZipFile(target).namelist()[0] == "frame_00000.png"
    assert [p for p in tmp_path.rglob("*.part")] == []


def test_an_export_to_a_fifo_or_device_is_refused_before_any_work(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ExportError, match="is a device, a FIFO or a socket"):
        make_plan(tmp_path / "pipe", format="gif", size="160x120")
    with pytest.raises(ExportError, match="is a device, a FIFO or a socket"):
        make_plan(os.devnull, format="mp4", size="160x120")


def test_a_cancelled_export_leaves_nothing_and_stale_parts_go(tmp_path):
    dead = __import__("subprocess").Popen(["true"])
    dead.wait()
    stale = tmp_path / f".old.gif.{dead.pid}-{files._host_tag()}-zzzz9999.part"
    stale.write_bytes(b"half a gif")
    writer = open_writer(make_plan(tmp_path / "clip.zip", size="160x120", steps=2))
    assert not stale.exists()  # removed when the export began
    writer.write(frames(1)[0])
    writer.abort()
    assert list(tmp_path.iterdir()) == []
