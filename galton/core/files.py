"""Writing files so that a crash, a full disk or a kill never leaves a half-written file behind,
and never replaces what is not a file.

What a writer does with what is already at the path it is given (docs/files.md):

* nothing there, or a regular file: the new content goes to a hidden temporary file beside it
  (``.NAME.PID-HOST-XXXXXXXX.part``), which is renamed over the path in one step at the end;
* a symbolic link: it is followed, and the file it points to is replaced that way (the link
  stays a link, pointing where it did);
* a character device (``/dev/null``, a terminal), a FIFO, or a path under /dev or /proc
  (``/dev/stdout``): written through, in place. There is nothing to rename over, and replacing
  ``/dev/null`` with a file (as root) would break the machine;
* a folder, a block device or a socket: refused with a ValueError naming the path.

A temporary file is removed on any error, Ctrl+C or SIGTERM. One left by a process that was
killed outright (SIGKILL, a power cut) is removed by the next write into that folder: its name
holds the writer's process id and a tag of the machine, so only files of processes of this
machine that no longer run are touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import stat
import tempfile
from pathlib import Path

#: A temporary file or folder made by ``temp_prefix``: .NAME.PID-HOST-RANDOM.part
_PART = re.compile(r"^\..*\.(?P<pid>\d+)-(?P<host>[0-9a-f]{4})-[A-Za-z0-9_]+\.part$")


def _host_tag() -> str:
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]


def temp_prefix(target: Path) -> str:
    """The start of a temporary name for ``target`` (mkstemp/mkdtemp add the random part)."""
    return f".{target.name[:180]}.{os.getpid()}-{_host_tag()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user
        return True
    return True


def remove_stale_parts(folder) -> list[Path]:
    """Remove temporary files and folders left in ``folder`` by galton processes of this
    machine that no longer run (killed mid-write). Returns what was removed."""
    removed: list[Path] = []
    host = _host_tag()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PART.match(entry.name)
        if match is None or match["host"] != host or _alive(int(match["pid"])):
            continue
        path = Path(entry.path)
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def write_target(path) -> tuple[str, Path]:
    """How to write ``path``: ("replace", the real file to replace atomically) or
    ("through", the device or FIFO to write in place). Raises ValueError for a folder, a
    block device or a socket, and for a folder that does not exist."""
    target = Path(path)
    try:
        mode = os.stat(target).st_mode  # follows links: what would be written
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ValueError(f"cannot write {target}: {exc.strerror}") from None
    if mode is not None:
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            return "through", target
        if stat.S_ISREG(mode) and str(target.absolute()).startswith(("/dev/", "/proc/")):
            # /dev/stdout redirected to a file: write into what the shell opened
            return "through", target
        if stat.S_ISDIR(mode):
            raise ValueError(f"cannot write {target}: it is a folder; give a file name")
        if not stat.S_ISREG(mode):
            kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(
                mode) else "not a regular file"
            raise ValueError(f"cannot write {target}: it is {kind}; galton writes files, "
                             "character devices such as /dev/null, and FIFOs")
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    directory = real.parent if str(real.parent) else Path(".")
    if not directory.is_dir():
        raise ValueError(f"cannot write {target}: folder {directory} does not exist")
    return "replace", real


def check_writable(path) -> None:
    """ValueError unless ``path`` can be written as ``atomic_path`` would (checked by making
    and removing a temporary file beside it: access() says yes to root on a read-only disk)."""
    kind, real = write_target(path)
    if kind == "through":
        if not os.access(real, os.W_OK):
            raise ValueError(f"cannot write {path}: permission denied")
        return
    directory = real.parent if str(real.parent) else Path(".")
    try:
        fd, probe = tempfile.mkstemp(prefix=temp_prefix(real), suffix=".part", dir=directory)
    except OSError as exc:
        raise ValueError(f"cannot write {path}: the folder {directory} is not writable "
                         f"({exc.strerror})") from None
    os.close(fd)
    os.unlink(probe)


@contextlib.contextmanager
def atomic_path(path):
    """Yield the path to write; on success it becomes ``path`` (see the module docstring for
    links, devices and FIFOs). On any error a file at ``path`` is left exactly as it was."""
    kind, real = write_target(path)
    if kind == "through":
        yield real
        return
    directory = real.parent if str(real.parent) else Path(".")
    remove_stale_parts(directory)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(real), suffix=".part", dir=directory)
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp makes the file owner-only (0600); a scenario or a checkpoint is an ordinary
        # file, so give it what open() would have: 0666 less the umask (or keep the mode of
        # the file it replaces).
        try:
            mode = real.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~umask()
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def umask() -> int:
    """The process's umask, read without changing it (os.umask would, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding) as fh:
        fh.write(text)


def read_text(path, error: type[ValueError], encoding: str = "utf-8",
              limit: int | None = None) -> str:
    """The file's text, or ``error`` naming the file: missing, unreadable, not text, or (with
    ``limit``) larger than ``limit`` bytes."""
    where = str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
    except FileNotFoundError:
        raise error(f"{where}: file not found") from None
    except IsADirectoryError:
        raise error(f"{where}: cannot be read (it is a folder, not a file)") from None
    except OSError as exc:
        raise error(f"{where}: cannot be read ({exc.strerror})") from None
    if limit is not None and len(data) > limit:
        raise error(f"{where}: larger than {limit:,} bytes, the most galton reads from such a "
                    "file (see docs/files.md)")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise error(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as open() in text mode reads
