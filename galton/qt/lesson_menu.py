"""The Lessons menu and the lesson panel's chooser: the built-in lessons, the lessons shipped as
data, and the teacher's own lessons folder (``lessons.extras()``).

The list is read again whenever the menu opens and whenever the lessons folder changes (a
QFileSystemWatcher on the folder and its files), so a lesson saved into the folder while
galton runs appears without a restart. A lesson file is read once per change of its size or
time stamp: opening the menu does not re-read every file. A file that does not load is left
out of the list (``galton lesson check FILE`` says why; File ▸ Open lesson… shows it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices

from galton import lessons


@dataclass(frozen=True)
class Entry:
    """One lesson of the menu. ``key`` is what ``LessonPanel.start`` takes: a built-in lesson's
    name, or a data lesson's file (so two folders' lessons of one name never mix)."""

    key: str
    name: str
    number: int  # 0 for a lesson written as data
    title: str
    summary: str
    own: bool  # from the user's lessons folder
    path: Path | None = None


#: {(path, lang): ((mtime_ns, size), title, summary)} of data lessons already read.
_read: dict = {}


def _data_entry(name: str, path: Path, lang: str, own: bool) -> Entry | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _read.get((path, lang))
    if known is None or known[0] != stamp:
        try:
            lesson = lessons.get(str(path))
            text = lesson.text(lang)
        except (OSError, ValueError, KeyError):
            _read.pop((path, lang), None)
            return None
        known = (stamp, text["title"], text["summary"])
        _read[(path, lang)] = known
    return Entry(str(path), name, 0, known[1], known[2], own, path.resolve())


def catalogue(lang: str) -> list[Entry]:
    """Every lesson that loads, in the menu's order: built-in, shipped as data, the user's."""
    from galton.lessons.data import user_folder
    from galton.qt.lesson_dock import available

    out = [Entry(lesson.name, lesson.name, lesson.number, title, summary, False)
           for lesson, title, summary in available(lang)]
    mine = user_folder().resolve() if user_folder().is_dir() else None
    for name, path in lessons.extras().items():
        path = Path(path).resolve()
        entry = _data_entry(name, path, lang, mine is not None and path.parent == mine)
        if entry is not None:
            out.append(entry)
    return out


def entry_for(entries, lesson) -> int:
    """The index in ``entries`` of ``lesson`` (a Lesson), or -1."""
    path = getattr(lesson, "path", None)
    for i, entry in enumerate(entries):
        if path is not None:
            if entry.path is not None and entry.path == Path(path).resolve():
                return i
        elif entry.path is None and entry.name == lesson.name:
            return i
    return -1


class LessonsMenu(QObject):
    """Fills ``menu`` with the lessons (again each time it opens or the folder changes); a
    chosen one is started with ``start(key)``. ``tail``: actions listed after the lessons
    (Open lesson…, the lesson panel). ``changed`` tells the chooser the list is new."""

    changed = Signal()

    def __init__(self, menu, start, lang: str, tail=(), parent=None):
        super().__init__(parent or menu)
        self.menu, self.start, self.lang, self.tail = menu, start, lang, tuple(tail)
        self.entries: list[Entry] = []
        self.folder_action = QAction(self.tr("Open your lessons &folder"), self)
        self.folder_action.setToolTip(self.tr("Lesson files put here appear in this menu"))
        self.folder_action.triggered.connect(self.open_folder)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda *_: self.refresh())
        self.watcher.fileChanged.connect(lambda *_: self.refresh())
        menu.setToolTipsVisible(True)
        menu.aboutToShow.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the list again and rebuild the menu (and tell the chooser)."""
        from galton.lessons.data import user_folder

        self.entries = catalogue(self.lang)
        self._watch(user_folder())
        menu = self.menu
        menu.clear()
        shipped = [e for e in self.entries if not e.own]
        own = [e for e in self.entries if e.own]
        for entry in shipped:
            menu.addAction(self._action(entry))
        menu.addSection(self.tr("Your lessons"))
        if own:
            for entry in own:
                menu.addAction(self._action(entry))
        else:
            empty = menu.addAction(self.tr("(none yet: put lesson files in your lessons "
                                           "folder)"))
            empty.setEnabled(False)
        menu.addAction(self.folder_action)
        menu.addSeparator()
        for action in self.tail:
            menu.addAction(action)
        self.changed.emit()

    def _action(self, entry: Entry) -> QAction:
        if entry.number:
            # Lessons 1-9 get a mnemonic (Alt+L, 3); 10 and more would clash with 1.
            mnemonic = "&" if entry.number < 10 else ""
            text = f"{mnemonic}{entry.number}. {entry.title}"
        else:
            text = entry.title.replace("&", "&&")
        action = QAction(text, self.menu)
        action.setToolTip(entry.summary if entry.path is None
                          else f"{entry.summary}\n{entry.path}")
        action.triggered.connect(lambda _=False, k=entry.key: self.start(k))
        return action

    def _watch(self, folder: Path) -> None:
        paths = []
        if folder.is_dir():
            paths = [str(folder)] + [str(p) for p in sorted(folder.glob("*.toml"))]
        old = set(self.watcher.directories()) | set(self.watcher.files())
        gone = sorted(old - set(paths))
        if gone:
            self.watcher.removePaths(gone)
        new = [p for p in paths if p not in old]
        if new:
            self.watcher.addPaths(new)

    def open_folder(self) -> None:
        """Show the lessons folder in the desktop's file manager (made if it is not there)."""
        from galton.lessons.data import user_folder

        folder = user_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        self.refresh()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
