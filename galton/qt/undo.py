"""Edit > Undo / Redo for what the user changes in the window: a setting of the controls, the
step size, a peg dragged on the board, Reset and Re-initialise.

Each change is written down as the values before and after it (a QUndoCommand on one
QUndoStack); undoing one sets the values before again through the Session, like any other
change, so while Play runs it lands between two steps and Play goes on (galton.playing). A
setting that rebuilt the pegs (rows, dataset, seed…) and Reset also keep the pegs as they were,
and undoing puts them back (the training history stays where it is: the steps taken are not
taken back). Changes made from the console or by a lesson are not on the stack: the console
has its own history, and a lesson step is undone by doing the step again.
"""

from __future__ import annotations

import copy
import time
from contextlib import contextmanager

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit

from galton.core import scenario as scenarios

#: Settings whose change builds new pegs: undoing it puts the old pegs back.
_REBUILDS = {*scenarios.DEFAULTS["data"], *scenarios.DEFAULTS["board"], "seed", "pegs"}
#: Step size moves closer together than this are one change (a drag of the slider).
MERGE_SECONDS = 1.0


def _table(key: str) -> str:
    if key in scenarios.OPTIONAL_TABLES["training"]:
        return "training"
    return next(t for t in ("data", "board", "training") if key in scenarios.DEFAULTS[t])


def settings_now(session, keys) -> dict:
    """The session's values of ``keys`` (a copy: the session may change them in place)."""
    values = session.scenario.values
    return {key: copy.deepcopy(values[_table(key)].get(key)) for key in keys if key != "pegs"}


class Change(QUndoCommand):
    """One change: the settings and (if it built new pegs) the pegs before and after."""

    def __init__(self, undo, before, after, pegs_before, pegs_after, text):
        super().__init__(text)
        self.undo_stack, self.before, self.after = undo, before, after
        self.pegs_before, self.pegs_after = pegs_before, pegs_after
        self.done = True  # pushed after the change was made: the first redo does nothing
        self.when = time.monotonic()

    def id(self) -> int:
        return 1 if set(self.after) == {"lr"} and self.pegs_before is None else -1

    def mergeWith(self, other) -> bool:
        if other.id() != self.id() or other.when - self.when > MERGE_SECONDS:
            return False
        self.after, self.when = other.after, other.when
        return True

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self.undo_stack.apply(self.after, self.pegs_after)

    def undo(self) -> None:
        self.undo_stack.apply(self.before, self.pegs_before)


class PegTurn(QUndoCommand):
    """A peg turned by hand: its weights and bias before and after."""

    def __init__(self, undo, row, slot, before, after, text):
        super().__init__(text)
        self.undo_stack, self.peg, self.before, self.after = undo, (row, slot), before, after
        self.done = True

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self.undo_stack.turn(*self.peg, self.after)

    def undo(self) -> None:
        self.undo_stack.turn(*self.peg, self.before)


class Undo(QObject):
    """The window's undo stack and its Edit menu entries (``undo_action``, ``redo_action``)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.stack = QUndoStack(self)
        self.undo_action = self.stack.createUndoAction(window, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.stack.createRedoAction(window, self.tr("&Redo"))
        # Ctrl+Shift+Z everywhere, and the platform's own (Ctrl+Y on Windows) where it differs;
        # not a keyboard's Redo key, which X11 lists too.
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [k for k in QKeySequence.keyBindings(QKeySequence.Redo)
                      if "+" in k.toString() and k not in redo_keys]
        self.redo_action.setShortcuts(redo_keys)
        self._applying = False
        # A text field would take Ctrl+Z for its own text, and the edit it undid would come
        # back as one more change: in the controls the keys undo the last change instead.
        # (A spin box hands the keys to its text field itself: it needs the filter too.)
        controls = window.controls
        for field in controls.findChildren(QLineEdit) + controls.findChildren(QAbstractSpinBox):
            field.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and (
                event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo)
                or any(QKeySequence(event.keyCombination()) == k
                       for k in self.redo_action.shortcuts())):
            return True  # not taken by the field: the window's Undo / Redo gets the keys
        return False

    def names(self) -> dict:
        """What the Edit menu calls a change of each setting ("Undo Rows")."""
        return {"dataset": self.tr("Dataset"), "colors": self.tr("Colours"),
                "balls": self.tr("Balls"), "rows": self.tr("Rows"), "cups": self.tr("Cups"),
                "init": self.tr("Initialisation"), "seed": self.tr("Seed"),
                "loss": self.tr("Loss"), "optimizer": self.tr("Optimizer"),
                "momentum": self.tr("Momentum"), "nesterov": self.tr("Nesterov"),
                "lr": self.tr("Step size"), "batch_size": self.tr("Batch size"),
                "schedule": self.tr("Schedule"), "clip": self.tr("Clipping"),
                "freeze": self.tr("Freeze rows"), "pegs": self.tr("Reset")}

    @contextmanager
    def change(self, keys, text=None):
        """Around a change the user makes: what ``keys`` were before it and after it go on
        the stack (nothing if it failed or changed nothing)."""
        if self._applying:
            yield
            return
        keys = tuple(keys)
        before = settings_now(self.session, keys)
        rebuilds = bool(_REBUILDS.intersection(keys))
        pegs_before = self.session.board.theta.copy() if rebuilds else None
        yield
        after = settings_now(self.session, keys)
        pegs_after = self.session.board.theta.copy() if rebuilds else None
        same_pegs = not rebuilds or (pegs_before.shape == pegs_after.shape
                                     and np.array_equal(pegs_before, pegs_after))
        if after == before and same_pegs:
            return
        names = self.names()
        self.stack.push(Change(self, before, after, pegs_before, pegs_after,
                               text or ", ".join(names.get(k, k) for k in keys)))

    def peg_turned(self, row, slot, before, after) -> None:
        """A peg dragged on the board (BoardView.peg_turned): undo turns it back."""
        self.stack.push(PegTurn(self, row, slot, before, after,
                                self.tr("Peg ({0}, {1})").format(row, slot)))

    def turn(self, row, slot, values) -> None:
        if row < self.session.board.rows:  # the board may have fewer rows by now
            self._call(self.session.turn_peg, row, slot, weights=values[:-1], bias=values[-1])

    def apply(self, settings: dict, pegs) -> None:
        """Set ``settings`` (and ``pegs`` if given and they fit) on the session."""
        if set(settings) == {"lr"}:
            self._call(setattr, self.session, "lr", settings["lr"])
        elif settings:
            self._call(self.session.set, **settings)
        if pegs is not None and pegs.shape == self.session.board.theta.shape:
            self._call(self.session.set_theta, pegs)

    def _call(self, method, *args, **kwargs) -> None:
        self._applying = True
        try:
            method(*args, **kwargs)
        except ValueError as exc:  # the session is busy (a console command holds it)
            self.window.status.showMessage(str(exc), 8000)
        finally:
            self._applying = False
