"""Writers never replace what is not a file: a symbolic link is followed (its target replaced
atomically, the link kept), a character device or a FIFO is written through, a folder, a
block device or a socket is refused; temporary files of killed runs are cleaned up.

Every test makes its own device node, FIFO, link or socket in a temporary folder. Device nodes
need privileges (root, or CAP_MKNOD): without them those tests skip and say so."""

import os
import socket
import stat
import subprocess
import sys
import threading

import numpy as np
import pytest

import galton
from galton.core import files
from galton.core.scaling import RESULT_FIELDS, write_results
from galton.session import Session


def make_device(path, kind=stat.S_IFCHR, major=1, minor=3):
    """A device node like /dev/null (1, 3), or skip when this user may not make one."""
    if not hasattr(os, "mknod"):
        pytest.skip("no os.mknod on this system")
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making device nodes needs root or CAP_MKNOD; not permitted here")
    except OSError as exc:  # e.g. a file system mounted nodev refuses some
        pytest.skip(f"cannot make a device node here: {exc.strerror}")
    return path


def trainer():
    data = galton.datasets.colors(30, seed=0)
    board = galton.Board(3, data.features, data.n_classes, seed=0)
    t = galton.Trainer(board, data, galton.optim.SGD(0.5), seed=0)
    t.run(3)
    return t


# Every writer the issue names, as (name, write(path)).
def _scaling(path):
    write_results(path, [dict.fromkeys(RESULT_FIELDS, 1)])


WRITERS = {
    "checkpoint": lambda path: trainer().save_checkpoint(path),
    "history": lambda path: trainer().history.to_csv(path),
    "scenario": lambda path: Session().save(path),
    "scaling results": _scaling,
    "dataset CSV": lambda path: galton.datasets.colors(10).to_csv(path),
    "text": lambda path: files.atomic_write_text(path, "hello\n"),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_symlink_is_followed_and_stays_a_link(tmp_path, writer):
    target = tmp_path / "real" / "file.out"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.out"
    link.symlink_to(target)
    WRITERS[writer](link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(errors="replace") != "old"  # the target was replaced
    leftovers = [p.name for p in tmp_path.rglob("*.part")]
    assert leftovers == []


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "made.toml")
    Session().save(link)
    assert link.is_symlink() and (tmp_path / "made.toml").read_text().startswith("[scenario]")


@pytest.mark.parametrize("writer", WRITERS)
def test_a_character_device_is_written_through_never_replaced(tmp_path, writer):
    null = make_device(tmp_path / "null")
    WRITERS[writer](null)
    assert stat.S_ISCHR(null.stat().st_mode)  # still the device, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_dev_null_stays_a_device():
    before = os.stat(os.devnull)
    files.atomic_write_text(os.devnull, "discarded\n")
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.parametrize("writer", ["checkpoint", "history", "scenario"])
def test_a_fifo_is_written_through(tmp_path, writer):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    WRITERS[writer](fifo)
    reader.join(30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and len(received[0]) > 100
    if writer == "checkpoint":
        assert received[0][:2] == b"PK"  # the whole archive went through the pipe


def test_a_block_device_is_refused(tmp_path):
    block = make_device(tmp_path / "disk", stat.S_IFBLK, 7, 250)
    with pytest.raises(ValueError, match=r"disk: it is a block device"):
        files.atomic_write_text(block, "x")
    assert stat.S_ISBLK(block.stat().st_mode)


def test_a_socket_and_a_folder_are_refused(tmp_path):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(ValueError, match=r"sock: it is a socket"):
            trainer().save_checkpoint(path)
    finally:
        server.close()
    with pytest.raises(ValueError, match=r"it is a folder"):
        trainer().history.to_csv(tmp_path)


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match=r"folder .*nope does not exist"):
        files.atomic_write_text(tmp_path / "nope" / "x.txt", "x")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_parts_of_dead_processes_are_removed_others_kept(tmp_path):
    host = files._host_tag()
    dead = _dead_pid()
    stale = tmp_path / f".out.csv.{dead}-{host}-abcd1234.part"
    stale.write_text("half")
    stale_dir = tmp_path / f".frames.{dead}-{host}-efgh5678.part"
    stale_dir.mkdir()
    (stale_dir / "frame_00000.png").write_bytes(b"x")
    live = tmp_path / f".out.csv.{os.getpid()}-{host}-ijkl9012.part"
    live.write_text("being written")
    other_host = tmp_path / f".out.csv.{dead}-{'0000' if host != '0000' else '1111'}-mn34.part"
    other_host.write_text("someone else's")
    mine = tmp_path / ".notes.part"
    mine.write_text("not galton's")
    files.atomic_write_text(tmp_path / "out.csv", "a,b\n")
    assert not stale.exists() and not stale_dir.exists()
    assert live.exists() and other_host.exists() and mine.exists()
    assert (tmp_path / "out.csv").read_text() == "a,b\n"


def test_temporary_names_carry_the_pid_and_a_failed_write_leaves_nothing(tmp_path):
    seen = []
    with pytest.raises(RuntimeError):
        with files.atomic_path(tmp_path / "x.npz") as tmp:
            seen.append(tmp.name)
            with open(tmp, "wb") as fh:
                np.save(fh, np.zeros(3))
            raise RuntimeError("stop")
    assert f".{os.getpid()}-" in seen[0] and seen[0].endswith(".part")
    assert list(tmp_path.iterdir()) == []


def test_check_writable_names_the_problem(tmp_path):
    files.check_writable(tmp_path / "new.npz")
    with pytest.raises(ValueError, match="does not exist"):
        files.check_writable(tmp_path / "no" / "x")
    assert list(tmp_path.iterdir()) == []
