"""The console dock: a real IPython (qtconsole's rich widget on an in-process kernel) whose names
are the window's session, board, trainer, data, landscape, galton, np and the window itself.

How a command runs. The in-process kernel runs typed code in the GUI thread, so a command holds
the window while it runs. To keep a long one watchable and stoppable, at most every
``PUMP_SECONDS`` while it runs the console *pumps*: it publishes the latest training snapshot
(the views move), lets Qt process the window's events, and raises KeyboardInterrupt in the
command if Stop or Ctrl+C was pressed meanwhile. It gets the chance to pump from two hooks:

* the session's heartbeat, called between the steps of ``session.step``;
* a trace hook on the lines of code typed in the console and of ``Trainer.iterate``, so a
  ``for``/``while`` loop typed in the console, or ``trainer.run(...)``, stops as well.

What cannot be stopped: one call into C that does not return (``time.sleep(60)``, a huge numpy
product). Code typed in the console runs somewhat slower while traced (a check per line);
library code and the Numba kernels run at full speed.

Who owns the session. One owner at a time: a console command holds the session while it runs
(``session.hold()``, galton.playing). If Play was training, its thread stops before the
command's first line and Play goes on, on the session's current trainer, when the command
ends. While a command pumps, input that could change the session is held back (the controls,
the board, shortcuts: only Stop and Ctrl+C get through), and the session refuses a change that
would come from the window (SessionBusy), so nothing changes under the command's feet; the
menus, the docks' tabs and the views still answer (View opens, the landscape turns).

History is kept between runs in the user's galton data folder
(``ipython/profile_default/history.sqlite``, e.g. under ~/.local/share/galton on Linux).
"""

from __future__ import annotations

import atexit
import inspect
import itertools
import os
import sys
import time
import traceback
import types

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollBar,
    QSplitterHandle,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from galton import heap, scripting

#: How often a running command lets the window answer and checks for Stop (seconds).
PUMP_SECONDS = 1 / 60
#: How often a running ``session.step`` shows its newest step (seconds).
PUBLISH_SECONDS = 1 / 25

_HELD_BACK = {QEvent.MouseButtonPress, QEvent.MouseButtonRelease, QEvent.MouseButtonDblClick,
              QEvent.KeyPress, QEvent.KeyRelease, QEvent.Wheel, QEvent.ShortcutOverride,
              QEvent.Shortcut, QEvent.ContextMenu, QEvent.Close, QEvent.DragEnter, QEvent.Drop}
_MOUSE = {QEvent.MouseButtonPress, QEvent.MouseButtonRelease, QEvent.MouseButtonDblClick}
#: Widgets that take input while a command runs: none of them changes the session, and a menu
#: action that would (File > Open...) is refused by the session (SessionBusy).
_PASSING = (QMenuBar, QMenu, QTabBar, QSplitterHandle, QScrollBar)
_MENUS = (QMenuBar, QMenu)


def history_folder():
    """Where IPython keeps the console's history (an IPython profile folder)."""
    import platformdirs

    return platformdirs.user_data_path("galton", appauthor=False) / "ipython" / "profile_default"


def _kernel_classes():
    """Import qtconsole/ipykernel (slow, ~0.5 s) only when a console is first opened."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # before ipykernel loads
    os.environ.setdefault("QT_API", "pyside6")
    from ipykernel.inprocess.ipkernel import InProcessInteractiveShell, InProcessKernel
    from IPython.core.profiledir import ProfileDir
    from qtconsole.inprocess import QtInProcessKernelManager, QtInProcessRichJupyterWidget

    class Kernel(InProcessKernel):
        """IPythonKernel answers completion, help and history requests synchronously, which
        ipykernel now warns about for every request; answer them as coroutines instead."""

        async def _answer(self, method, *args, **kwargs):
            reply = method(*args, **kwargs)
            return (await reply) if inspect.isawaitable(reply) else reply

        async def do_complete(self, *args, **kwargs):
            return await self._answer(super().do_complete, *args, **kwargs)

        async def do_inspect(self, *args, **kwargs):
            return await self._answer(super().do_inspect, *args, **kwargs)

        async def do_history(self, *args, **kwargs):
            return await self._answer(super().do_history, *args, **kwargs)

        async def do_is_complete(self, *args, **kwargs):
            return await self._answer(super().do_is_complete, *args, **kwargs)

    class KernelManager(QtInProcessKernelManager):
        def start_kernel(self, module=None, **kwds):
            # IPython's shell is a singleton: without this, a second window's console would
            # get the first one's shell (and names).
            InProcessInteractiveShell.clear_instance()
            folder = history_folder()
            folder.mkdir(parents=True, exist_ok=True)
            self.kernel = Kernel(parent=self, session=self.session, user_module=module,
                                 user_ns=module.__dict__,  # globals and names are one dict
                                 profile_dir=ProfileDir.create_profile_dir(str(folder)))
            self.kernel.gui = "qt"

    return KernelManager, QtInProcessRichJupyterWidget, InProcessInteractiveShell


def _cancel_io_tasks(kernel) -> None:
    """Let the kernel's output thread finish its housekeeping task before it stops: ipykernel
    stops the thread's event loop first, and the pending task is reported at exit ("Task was
    destroyed but it is pending!")."""
    import asyncio
    import contextlib

    thread = getattr(kernel, "iopub_thread", None)
    task = getattr(thread, "_event_pipe_gc_task", None)
    loop = getattr(getattr(thread, "io_loop", None), "asyncio_loop", None)
    if task is None or loop is None or not thread.thread.is_alive():
        return

    async def cancel():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    with contextlib.suppress(Exception):  # at worst, the message at exit
        asyncio.run_coroutine_threadsafe(cancel(), loop).result(timeout=5)


class Stopped(KeyboardInterrupt):
    """Stop or Ctrl+C, raised in the running command at its next check. It renders itself
    (IPython asks for ``_render_traceback_`` when it shows and when it stores an error) as one
    line, "stopped ... at step N": the user asked for it, so the frames it went through (the
    session's, the trainer's) tell them nothing. IPython's rich traceback would also take a
    second on a busy machine, and Stop should end the command at once."""

    def _render_traceback_(self):
        return [f"KeyboardInterrupt: {self}"]


# Shown as what it is to the user's code: a KeyboardInterrupt, as in a terminal.
Stopped.__module__, Stopped.__qualname__ = "builtins", "KeyboardInterrupt"


def _plain_traceback(etype, value, tb) -> list[str]:
    """The traceback without the console's own frames (the trace hook that raised) and
    IPython's (that ran the cell)."""
    frames = []
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename != __file__ \
                and not frame.f_globals.get("__name__", "").startswith("IPython."):
            frames.append(tb)
        tb = tb.tb_next
    for before, after in itertools.pairwise(frames):
        before.tb_next = after
    if frames:
        frames[-1].tb_next = None
    return ["".join(traceback.format_exception(etype, value, frames[0] if frames else None))]


def _show_interrupt(shell, etype, value, tb, tb_offset=None):
    """Show Stop or Ctrl+C as one line (see Stopped), and a KeyboardInterrupt the user's code
    raised itself like a Ctrl+C in a terminal."""
    stb = value._render_traceback_() if isinstance(value, Stopped) \
        else _plain_traceback(etype, value, tb)
    shell._showtraceback(etype, value, stb)


class _HoldInput(QObject):
    """While a command pumps events: Ctrl+C interrupts it, a click on Stop gets through, and so
    does input to the menus, dock tabs, splitters and scroll bars (they change no session);
    other input to the window is held back."""

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, obj, event):
        kind = event.type()
        if kind not in _HELD_BACK:
            return False
        if kind in (QEvent.KeyPress, QEvent.ShortcutOverride) and event.key() == Qt.Key_C \
                and event.modifiers() & Qt.ControlModifier:
            self.panel.interrupt()
            return True
        if kind == QEvent.Shortcut:
            return True
        if not isinstance(obj, QWidget):
            return False  # the window system's event: Qt passes it on to a widget, held there
        if isinstance(obj, _PASSING) and kind in _MOUSE | {QEvent.Wheel}:
            return False
        # An open menu takes the keys (Escape closes it, arrows move): held back, Escape would
        # leave it open, and the next click, on Stop, would only close the menu.
        if isinstance(obj, _MENUS) and kind in (QEvent.KeyPress, QEvent.KeyRelease):
            return False
        return not (kind in _MOUSE and obj is self.panel.stop_button)


class ConsolePanel(QWidget):
    """The console dock's contents. The kernel starts on ``start()`` (when the dock is first
    shown), not with the window: it costs a second and most sessions never open it."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.names = {}  # extra names for the namespace, e.g. from `galton run --gui`
        self.widget = None
        self.shell = None
        self.busy = False
        self._interrupted = False
        self._hinting = False
        self._hold = None
        self._last_pump = 0.0
        self._last_publish = 0.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        bar = QHBoxLayout()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self._show_idle()
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the running command (Ctrl+C)"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.interrupt)
        self.script_button = QPushButton(self.tr("Show as script…"))
        self.script_button.setToolTip(self.tr("Everything done in this session so far, as a "
                                              "Python script for `galton run`"))
        bar.addWidget(self.state, 1)
        bar.addWidget(self.stop_button)
        bar.addWidget(self.script_button)
        layout.addLayout(bar)
        self._layout = layout
        self._hold_input = _HoldInput(self)

    def _show_idle(self) -> None:
        self.state.setStyleSheet("")
        self.state.setText(self.tr("Python: type session.step(10) and press Enter"))

    def _show_block_hint(self) -> None:
        """After a line ending in ":" the console waits at "...:" prompts for the block's body;
        say how to finish it, or the user is left guessing."""
        widget = self.widget
        if widget is None or self.busy or widget._executing:
            return
        unfinished = "\n" in (widget.input_buffer or "")
        if unfinished == self._hinting:
            return
        self._hinting = unfinished
        if unfinished:
            self.state.setStyleSheet("background:#fff4c2;padding:2px")
            self.state.setText(self.tr("A block is open (...: prompts): type its indented "
                                       "lines, then Enter on an empty line runs it; "
                                       "Shift+Enter runs it now"))
        else:
            self._show_idle()

    # --- the kernel ----------------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self.widget is not None

    def start(self) -> None:
        if self.started:
            return
        from galton.core.trainer import Trainer

        self._iterate_code = Trainer.iterate.__code__
        KernelManager, Widget, Shell = _kernel_classes()
        self._shell_class = Shell
        self._module = types.ModuleType(f"__galton_console_{id(self):x}__")
        ns = self._module.__dict__
        scripting.namespace(self.window.session, into=ns, window=self.window)
        ns.update(self.names)
        self.manager = KernelManager()
        self.manager.start_kernel(module=self._module)
        self.shell = self.manager.kernel.shell
        self.shell.banner1, self.shell.banner2 = self.banner(ns), ""
        self.shell.enable_tip = False
        self.shell.events.register("pre_run_cell", self._before_command)
        self.shell.events.register("post_run_cell", self._after_command)
        self.shell.set_custom_exc((KeyboardInterrupt,), _show_interrupt)
        self.client = self.manager.client()
        self.client.start_channels()
        widget = Widget(self)
        widget.banner = ""
        widget.kernel_manager, widget.kernel_client = self.manager, self.client
        widget.custom_interrupt = True  # the in-process kernel cannot be signalled
        widget.custom_interrupt_requested.connect(self.interrupt)
        widget.custom_restart = True
        widget.custom_restart_requested.connect(self.restart)
        widget.exit_requested.connect(lambda *_: self.window.console_dock.hide())
        self.widget = widget
        widget._control.textChanged.connect(self._show_block_hint)
        self._layout.addWidget(widget, 1)
        self.script_button.clicked.connect(self.window.show_script)
        heap.keep_long_lived()  # IPython's objects stay until the window closes (galton.heap)

    def banner(self, ns) -> str:
        names = ", ".join(n for n in ("session", "board", "trainer", "data", "landscape",
                                      "window", "galton", "np") if n in ns)
        return (self.tr("galton's Python console (IPython)") + "\n"
                + self.tr("Names: {}").format(names) + "\n"
                + "  session.step(50)            " + self.tr("# train 50 steps, watch the pegs")
                + "\n  session.set(lr=0.1, optimizer='adam')\n"
                + "  session.turn_peg(2, 1, bias=0.5)\n"
                + "  session.drop(20)            " + self.tr("# drop 20 balls") + "\n"
                + "  session?                    "
                + self.tr("# help; Tab completes; Ctrl+C or Stop interrupts") + "\n")

    def add_names(self, names: dict) -> None:
        """Put ``names`` in the console (now, or when it starts)."""
        self.names.update(names)
        if self.started:
            self.namespace.update(names)

    @property
    def namespace(self) -> dict:
        return self._module.__dict__ if self.started else {}

    def execute(self, code: str) -> None:
        """Run ``code`` as if typed (it shows in the console and its history)."""
        self.start()
        self.widget.execute(code)

    def restart(self) -> None:
        """Fresh names (the console's restart): the session stays as it is."""
        if self.busy:
            return
        scripting.stop_following(self.namespace)
        self.shell.reset(new_session=False)
        scripting.namespace(self.window.session, into=self.namespace, window=self.window)
        self.widget._append_plain_text(self.tr("The names are fresh again.") + "\n",
                                       before_prompt=True)

    def shutdown(self) -> None:
        """Close the kernel and forget the names (the window is closing)."""
        if not self.started:
            return
        widget, self.widget = self.widget, None
        self.client.stop_channels()
        shell = self.shell
        shell.events.unregister("pre_run_cell", self._before_command)
        shell.events.unregister("post_run_cell", self._after_command)
        scripting.stop_following(self._module.__dict__)
        # What IPython does at exit: store the history, clear the names, close the database.
        shell.atexit_operations()
        atexit.unregister(shell.atexit_operations)
        if self._shell_class._instance is shell:
            self._shell_class.clear_instance()
        sys.modules.pop(self._module.__name__, None)
        _cancel_io_tasks(self.manager.kernel)
        self.manager.shutdown_kernel()
        widget.kernel_client = widget.kernel_manager = None
        self.shell = self.client = self.manager = None

    # --- one command ---------------------------------------------------------------------------
    def _before_command(self, info) -> None:
        window = self.window
        self.busy, self._interrupted = True, False
        self._last_pump = self._last_publish = time.monotonic()
        # One owner at a time: the command holds the session (Play waits, then goes on).
        self._hold = window.session.hold()
        self._hold.__enter__()
        self.stop_button.setEnabled(True)
        self._hinting = False
        self.state.setStyleSheet("")
        self.state.setText(self.tr("Running… Stop or Ctrl+C interrupts"))
        window.session.heartbeat = self._heartbeat
        self._previous_trace = sys.gettrace()
        sys.settrace(self._trace_calls)

    def _after_command(self, result) -> None:
        sys.settrace(self._previous_trace)
        self._previous_trace = None
        if self.window.session.heartbeat == self._heartbeat:
            self.window.session.heartbeat = None
        self.busy = False
        self.stop_button.setEnabled(False)
        self._show_idle()
        hold, self._hold = self._hold, None
        if hold is not None:
            hold.__exit__(None, None, None)  # Play goes on if it was playing

    def interrupt(self) -> None:
        """Stop the running command at its next check (Stop button, Ctrl+C)."""
        if self.busy:
            self._interrupted = True

    # --- pumping -------------------------------------------------------------------------------
    def _trace_calls(self, frame, event, arg):
        if frame.f_globals is self._module.__dict__:
            return self._trace_lines
        if frame.f_code is self._iterate_code:
            return self._trace_training
        return None

    def _trace_lines(self, frame, event, arg):
        __tracebackhide__ = True  # IPython leaves these frames out of the traceback
        if event == "line" and time.monotonic() - self._last_pump >= PUMP_SECONDS:
            self._pump()
        return self._trace_lines

    def _trace_training(self, frame, event, arg):
        # Trainer.iterate not driven by session.step (trainer.run typed in the console): the
        # heartbeat, which also publishes snapshots, gets first go; this one only catches up.
        __tracebackhide__ = True
        if event == "line" and time.monotonic() - self._last_pump >= 2 * PUMP_SECONDS:
            self._pump()
        return self._trace_training

    def _heartbeat(self, snapshot) -> None:
        __tracebackhide__ = True
        now = time.monotonic()
        if now - self._last_pump >= PUMP_SECONDS:
            if snapshot.status == "running" and now - self._last_publish >= PUBLISH_SECONDS:
                self._last_publish = now
                self.window.session.publish(snapshot)
            self._pump()

    def _pump(self) -> None:
        __tracebackhide__ = True
        self._last_pump = time.monotonic()
        app = QApplication.instance()
        owner = self.window.session.owner
        app.installEventFilter(self._hold_input)
        owner.busy_reason = self.tr("a console command is running: press Stop first")
        try:
            app.processEvents()
        finally:
            owner.busy_reason = None
            app.removeEventFilter(self._hold_input)
        if self._interrupted:
            self._interrupted = False
            step = self.window.session.trainer.step_count
            raise Stopped(self.tr("stopped from the console at step {} (Stop or Ctrl+C)")
                          .format(step))


class ScriptDialog(QDialog):
    """The recorded session as a script: read it, copy it, save it."""

    def __init__(self, script: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("This session as a script"))
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Every change made so far, as Python. Run it again with "
                              "<code>galton run session.py</code> (add <code>--gui</code> to "
                              "open the window)."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.text = QPlainTextEdit(script)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        copy = buttons.addButton(self.tr("Copy"), QDialogButtonBox.ActionRole)
        save = buttons.addButton(self.tr("Save…"), QDialogButtonBox.ActionRole)
        copy.clicked.connect(self.copy)
        save.clicked.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def save(self, path=None) -> bool:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save script"), "session.py",
                                                  self.tr("Python scripts (*.py)"))
            if not path:
                return False
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(self.text.toPlainText())
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Cannot save the script"), str(exc))
            return False
        return True
