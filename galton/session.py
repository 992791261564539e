"""The Session: one source of truth for the app, the console, the CLI and the tests.

It holds the scenario (settings), the balls, the board and the trainer, and announces every
change through ``session.events``. Views subscribe and redraw; they never own state. Nothing
here imports Qt: a GUI connects its slots with ``session.events.connect(name, callback)``.

Events (callback arguments in brackets):
  ``board``     the board was rebuilt (shape may have changed)            [session]
  ``params``    the pegs turned (training, a script, a reset)              [session]
  ``data``      the balls changed                                          [session]
  ``settings``  a training setting changed                                 [session, name]
  ``trained``   training steps were taken (snapshot None: rewound)        [session, snapshot]
  ``dropped``   balls were dropped                                         [session, drop]
  ``diverged``  training diverged                                          [session, Diverged]
  ``called``    a Session method was called (outermost calls only, after  [session, Call]
                they succeed): what "Show as script" records, see galton.recorder
  ``playing``   Play started or stopped (``play``, ``pause``, a divergence) [session, bool]

Who trains: one owner at a time (galton.playing). Every method that changes the session holds
it while it runs: Play's thread stops before its next step, the change is made, and Play goes
on, on the session's current trainer, if it was playing. ``with session.hold():`` holds it for
several calls at once (a lesson action, a console command). Events are emitted in the thread
that made the change; a GUI hands them to its own thread and draws ``session.picture()``, a
copy, never the arrays Play's thread writes.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import numpy as np

from galton.core import datasets, schema
from galton.core import scenario as scenarios
from galton.core.board import Board
from galton.core.history import History
from galton.core.trainer import Trainer
from galton.playing import Owner, Picture

EVENTS = ("board", "params", "data", "settings", "trained", "dropped", "diverged", "called",
          "playing")


class Call(NamedTuple):
    """One call of a Session method, as the ``called`` event reports it."""

    name: str             # the method, or "lr" for ``session.lr = value``
    args: tuple
    kwargs: dict
    steps_before: int     # the trainer's step count when the call began


def _announced(method):
    """Emit ``called`` after ``method`` succeeds, unless another announced method called it
    (``reinitialize`` calls ``set``: only ``reinitialize`` is announced)."""

    @functools.wraps(method)
    def announced(self, *args, **kwargs):
        with self.owner.hold():  # one owner at a time: Play waits (see galton.playing)
            outermost = self._depth == 0
            steps_before = self.trainer.step_count if outermost else 0
            self._depth += 1
            try:
                result = method(self, *args, **kwargs)
            finally:
                self._depth -= 1
            if outermost:
                self.events.emit("called", self,
                                 Call(method.__name__, args, kwargs, steps_before))
            return result

    return announced


class Events:
    """A tiny publish/subscribe hub. Callbacks run in the thread that emits."""

    def __init__(self):
        self._subscribers = defaultdict(list)

    def connect(self, name: str, callback) -> None:
        if name not in EVENTS:
            raise ValueError(f"event must be one of {EVENTS}, got {name!r}")
        self._subscribers[name].append(callback)

    def disconnect(self, name: str, callback) -> None:
        self._subscribers[name].remove(callback)

    def emit(self, name: str, *args) -> None:
        """Call every subscriber, even if one raises (a broken callback typed into the
        console must not starve the views); the first error is raised afterwards."""
        error = None
        for callback in list(self._subscribers[name]):
            try:
                callback(*args)
            except Exception as exc:
                error = error or exc
        if error is not None:
            raise error


class Session:
    """Build with ``Session()`` (defaults), ``Session.from_file(path)`` or
    ``Session(scenario)``; change things with ``set(...)``; train with ``step``/``run``."""

    #: Called with each snapshot between the steps of ``step`` when set. The console uses it to
    #: keep the window drawing during a long run and to stop it (the callback may raise
    #: KeyboardInterrupt: the steps taken so far are kept and published).
    heartbeat = None

    # Built by _adopt, which every way of making a Session goes through.
    scenario: scenarios.Scenario
    data: datasets.Dataset
    train_set: datasets.Dataset
    test_set: datasets.Dataset | None
    board: Board
    #: None while the balls are the scenario's own; "use_data" or "add_cup" when they came
    #: from those calls (a .galton file then stores them; see galton.session_file).
    data_origin: str | None

    def __init__(self, scenario: scenarios.Scenario | None = None):
        self.events = Events()
        self.owner = Owner(self)
        self._depth = 0  # nesting of announced calls (see _announced)
        self._trainer: Trainer | None = None
        self._trainer_serial = 0
        self._version = 0
        self._last_published = None
        self.last_drop: tuple | None = None
        self.last_drop_features: np.ndarray | None = None
        self.board: Board = None  # type: ignore[assignment]  # set by _adopt below
        self._adopt(scenario.copy() if scenario is not None else scenarios.Scenario(), "data")

    @classmethod
    def from_file(cls, path) -> Session:
        return cls(scenarios.load(path))

    @property
    def trainer(self) -> Trainer:
        return self._trainer  # type: ignore[return-value]  # set by _adopt in __init__

    @trainer.setter
    def trainer(self, trainer) -> None:
        self._trainer = trainer
        self._trainer_serial += 1  # pictures say which trainer they show

    # --- who trains: Play and the owner ------------------------------------------------------
    def hold(self):
        """``with session.hold():`` own the session for several calls (Play stops first and
        goes on afterwards if it was playing); other threads' changes wait meanwhile."""
        return self.owner.hold()

    def play(self) -> None:
        """Train in a background thread at ``speed`` steps per second until ``pause()`` (or a
        divergence). Changes made meanwhile land between two steps, and Play goes on."""
        self.owner.play()

    def pause(self) -> None:
        """Stop Play; no step begins after this returns, and the last one is shown."""
        self.owner.pause()

    @property
    def playing(self) -> bool:
        return self.owner.playing

    @property
    def speed(self) -> float:
        """Play's steps per second (0: as fast as the machine goes); changes apply at once."""
        return self.owner.steps_per_second

    @speed.setter
    def speed(self, value) -> None:
        value = float(value)
        if not value >= 0:
            raise ValueError(f"speed must be a number of steps per second >= 0, got {value}")
        self.owner.steps_per_second = value

    def picture(self) -> Picture:
        """The session now, as a copy views can draw on any thread (see galton.playing)."""
        with self.owner.reading():
            return self._picture()

    def _picture(self, snap=None) -> Picture:
        t = self.trainer
        board = self.board.copy()
        if snap is not None:  # the pegs as the snapshot saw them, not as they are now
            board._theta = snap.params
        self._version += 1
        return Picture(
            version=self._version, trainer_id=self._trainer_serial, board=board,
            data=self.data, train_set=self.train_set, test_set=self.test_set,
            settings={k: dict(v) for k, v in self.scenario.values.items()},
            name=self.scenario.name, step=t.step_count if snap is None else snap.step,
            lr=t.lr, loss=t.loss, X=t.X, y=t.y, diverged=t.diverged, playing=self.playing,
            last_drop=self.last_drop, last_drop_features=self.last_drop_features,
            _history=t.history.now(), _history_len=len(t.history),
            _history_until=None if snap is None else snap.step + (snap.status == "diverged"))

    # --- building ----------------------------------------------------------------------------
    # Builders return new objects and never touch self, so a failure (bad CSV, bad setting)
    # leaves the running session exactly as it was; _adopt swaps everything in at once.
    @staticmethod
    def _make_data(scenario):
        d = scenario["data"]
        seed = scenario["training"]["seed"]
        kind = d["dataset"]
        if kind == "colors":
            data = datasets.colors(d["balls"], colors=d["colors"], noise=d["noise"], seed=seed)
        elif kind == "picnic":
            data = datasets.picnic(repeat=max(1, d["balls"] // 8))
        elif kind == "xor":
            data = datasets.xor(d["balls"], noise=d["noise"], seed=seed)
        else:
            path = Path(d["path"])
            if not path.is_absolute() and scenario.path is not None:
                path = scenario.path.parent / path
            data = datasets.from_csv(path, label=d["label"])
        if d["test_fraction"] > 0:
            return (data, *data.split(d["test_fraction"], seed=seed))
        return data, data, None

    @staticmethod
    def _make_board(scenario, data):
        b = scenario["board"]
        return Board(b["rows"], data.features, b["cups"] or data.n_classes,
                     seed=scenario["training"]["seed"], init=b["init"], scale=b["scale"])

    @staticmethod
    def _make_trainer(scenario, board, train_set, test_set):
        from galton.core.clipping import clip_from_config
        from galton.core.optim import make_optimizer
        from galton.core.schedules import schedule_from_config

        t = scenario["training"]
        hyper = {"lr": t["lr"]}
        if t["optimizer"] == "sgd":
            hyper.update(momentum=t["momentum"], nesterov=t["nesterov"])
        optimizer = make_optimizer(t["optimizer"], **hyper)
        schedule = schedule_from_config(t["schedule"]) if t.get("schedule") else None
        clip = clip_from_config(t["clip"]) if t.get("clip") else None
        return Trainer(board, train_set, optimizer, loss=t["loss"],
                       batch_size=t["batch_size"] or None, schedule=schedule, clip=clip,
                       freeze=t["freeze"] or None, test=test_set, seed=t["seed"])

    def _adopt(self, scenario, rebuild: str) -> None:
        """Build what ``rebuild`` ("data", "board" or "trainer") needs for ``scenario``, then
        swap it in. Raises (changing nothing) if any part is invalid."""
        with scenarios.naming(scenario):  # errors name the file and the setting's table
            if rebuild == "data":
                data, train_set, test_set = self._make_data(scenario)
            else:
                data, train_set, test_set = self.data, self.train_set, self.test_set
            if rebuild in ("data", "board"):
                board = self._make_board(scenario, data)
            else:
                board = self.board.copy()  # training settings never move the pegs
            trainer = self._make_trainer(scenario, board, train_set, test_set)
        self.scenario = scenario
        self.data, self.train_set, self.test_set = data, train_set, test_set
        self.board, self.trainer = board, trainer
        if rebuild == "data":
            #: Where the balls came from when not from the scenario: "use_data" or "add_cup"
            #: (what a copy or a .galton file must carry along; see galton.session_file).
            self.data_origin = None

    # --- changing things ---------------------------------------------------------------------
    @_announced
    def set(self, **changes) -> None:
        """Change settings by field name, e.g. ``set(rows=8, lr=0.1, optimizer="adam")``.

        Data changes rebuild the balls and the board; board changes rebuild the board;
        training changes keep the pegs and rebuild only the trainer. Invalid values raise
        ValueError before anything changes.
        """
        raw: dict = {}
        for key, value in changes.items():
            try:
                table = schema.setting(key).table
            except KeyError as exc:
                raise ValueError(exc.args[0]) from None
            raw.setdefault(table, {})[key] = value
        merged = {t: dict(self.scenario.values[t]) for t in self.scenario.values}
        for table, fields in raw.items():
            merged[table].update(fields)
        for table, keys in scenarios.OPTIONAL_TABLES.items():
            for key in keys:
                if merged[table].get(key) is None:
                    merged[table].pop(key, None)
        checked = scenarios.from_dict(merged, "settings")
        checked.path = self.scenario.path
        if "data" in raw or "seed" in changes:
            self._adopt(checked, "data")
        elif "board" in raw:
            self._adopt(checked, "board")
        else:
            self._adopt(checked, "trainer")
        if "data" in raw or "seed" in changes:
            self.events.emit("data", self)
        if "data" in raw or "board" in raw or "seed" in changes:
            self.events.emit("board", self)
            self.events.emit("params", self)
        for key in changes:
            self.events.emit("settings", self, key)

    @property
    def lr(self) -> float:
        return self.trainer.lr

    @lr.setter
    @_announced
    def lr(self, value) -> None:
        """Change the step size mid-run, keeping optimizer state. Checked as a scenario's
        ``[training] lr`` is (galton.core.schema): a ValueError changes nothing."""
        value = schema.setting("lr").check(value, "lr")
        self.trainer.optimizer.lr = value
        self.scenario["training"]["lr"] = value
        self.events.emit("settings", self, "lr")

    @_announced
    def set_theta(self, theta) -> None:
        """Set all peg parameters (validated), e.g. from a script."""
        self.board.theta = theta
        self.events.emit("params", self)

    @_announced
    def turn_peg(self, row: int, slot: int, weights=None, bias=None) -> None:
        """Set one peg's weights and/or bias."""
        index = self.board.peg_index(row, slot)
        theta = self.board.theta.copy()
        if weights is not None:
            w = np.asarray(weights, dtype=np.float64).reshape(-1)
            if w.shape != (self.board.features,):
                raise ValueError(f"weights must hold {self.board.features} numbers, got {w.size}")
            theta[index, :-1] = w
        if bias is not None:
            theta[index, -1] = float(bias)
        self.set_theta(theta)

    @_announced
    def reset(self) -> None:
        """Back to the same initialisation (same seed); the history starts again."""
        self._adopt(self.scenario, "board")
        self.events.emit("board", self)
        self.events.emit("params", self)

    @_announced
    def reinitialize(self, seed: int | None = None) -> None:
        """A new random initialisation (next seed unless given)."""
        seed = self.scenario["training"]["seed"] + 1 if seed is None else seed
        self.set(seed=int(seed))

    # --- training and dropping ---------------------------------------------------------------
    @_announced
    def step(self, steps: int = 1):
        """Take training steps now (blocking); returns the last snapshot."""
        beat = self.heartbeat
        snap = None
        try:
            for snap in self.trainer.iterate(steps, every=1 if beat else max(1, steps)):
                if beat is not None:
                    beat(snap)
        finally:  # also when the heartbeat interrupts: show where training stopped
            self._after_training(snap)
        return snap

    run = step

    def iterate(self, steps: int, every: int = 1):
        """Training as a generator of snapshots, for a worker thread. Emits nothing itself:
        the receiver calls ``publish(snapshot)`` in the thread that owns the views."""
        return self.trainer.iterate(steps, every)

    def publish(self, snapshot) -> None:
        self._after_training(snapshot)

    def _after_training(self, snap) -> None:
        if snap is None:
            return
        self._last_published = snap
        self.events.emit("params", self)
        self.events.emit("trained", self, snap)
        if snap.status == "diverged":
            self.events.emit("diverged", self, snap.diverged)

    @_announced
    def rewind(self, step: int) -> int:
        """Go back to the trainer's in-memory checkpoint at or before ``step`` (pegs, optimizer
        and history); returns its step. What "Restore last good checkpoint" does."""
        self._fresh_history()  # before: rewinding truncates the history in place
        step = self.trainer.rewind(step)
        self.events.emit("params", self)
        self.events.emit("trained", self, None)
        return step

    def _fresh_history(self) -> None:
        # A rewound history is written again from an earlier row on: a copy takes its place,
        # so the rows a picture taken before points at stay as they were.
        t = self.trainer
        t.history = History.from_arrays(t.board.rows, t.history.as_arrays())

    @_announced
    def publish_rewind(self) -> None:
        """Announce that the trainer went back in time (pegs and history changed)."""
        self.events.emit("params", self)
        self.events.emit("trained", self, None)

    @_announced
    def drop(self, n: int = 1, seed=None, which: str = "test"):
        """Drop ``n`` balls (cycled from the test set, or the training set) through the board."""
        pool = self.test_set if (which == "test" and self.test_set is not None) else self.train_set
        idx = np.arange(int(n)) % len(pool)
        drop = self.board.drop(pool.X[idx], seed=seed)
        self.last_drop = (pool.y[idx], drop)
        self.last_drop_features = pool.X[idx]
        self.events.emit("dropped", self, drop)
        return drop

    # --- files -------------------------------------------------------------------------------
    def save(self, path) -> None:
        self.scenario.save(path)

    def save_checkpoint(self, path) -> None:
        """Write the pegs, optimizer state, step, batch order and history to ``path`` (.npz)."""
        self.trainer.save_checkpoint(path)

    @_announced
    def load_checkpoint(self, path) -> None:
        """Continue from a checkpoint of a board of the same shape and optimizer (a
        CheckpointError says why one does not fit); the views show its pegs and history."""
        self.trainer.load_checkpoint(path)
        self._fresh_history()
        self.events.emit("params", self)
        self.events.emit("trained", self, None)

    @_announced
    def load(self, path) -> None:
        """Replace everything with the scenario in ``path`` (nothing changes on error)."""
        self._replace(scenarios.load(path))

    @_announced
    def load_scenario(self, scenario) -> None:
        """Replace everything with ``scenario``: a Scenario, or its tables as a dict (as in a
        scenario file; what lessons use for their presets). Nothing changes on error."""
        if isinstance(scenario, dict):
            scenario = scenarios.from_dict(scenario, "scenario")
        elif not isinstance(scenario, scenarios.Scenario):
            raise TypeError(f"expected a Scenario or a dict of tables, got "
                            f"{type(scenario).__name__}")
        self._replace(scenario.copy())

    def _replace(self, scenario) -> None:
        self._adopt(scenario, "data")
        for name in ("data", "board", "params"):
            self.events.emit(name, self)
        self.events.emit("settings", self, "*")

    @_announced
    def use_data(self, data) -> None:
        """Train on balls made in memory (e.g. a lesson's next-token contexts) instead of the
        scenario's [data]: a Dataset, or its fields as a dict (X, y, feature_names,
        class_names, class_colors, name — the form "Show as script" can write down). All of
        them train, none is held out; the board is rebuilt for them with the scenario's board
        and training settings, which keep working (a change of rows or step size keeps these
        balls). A change of the data settings or the seed builds the scenario's balls again.
        Nothing changes on error."""
        if isinstance(data, dict):
            data = datasets.Dataset(**data)
        elif not isinstance(data, datasets.Dataset):
            raise TypeError(f"expected a Dataset or a dict of its fields, got "
                            f"{type(data).__name__}")
        board = self._make_board(self.scenario, data)
        trainer = self._make_trainer(self.scenario, board, data, None)
        self.data, self.train_set, self.test_set = data, data, None
        self.board, self.trainer = board, trainer
        self.data_origin = "use_data"
        for name in ("data", "board", "params"):
            self.events.emit(name, self)

    @_announced
    def add_cup(self, data, bin_to_cup=None) -> None:
        """Give the board one more cup, keeping every peg (the bins are shared out again by the
        even split, or by ``bin_to_cup``), and train on ``data`` from now on: balls with one
        class more than the board had cups, as a Dataset or its fields as a dict (as for
        ``use_data``). Where fine-tuning a new colour starts (galton.core.finetune). All the
        balls train, none is held out. Nothing changes on error."""
        from galton.core.finetune import with_new_cup

        if isinstance(data, dict):
            data = datasets.Dataset(**data)
        elif not isinstance(data, datasets.Dataset):
            raise TypeError(f"expected a Dataset or a dict of its fields, got "
                            f"{type(data).__name__}")
        if data.n_classes != self.board.cups + 1 or data.features != self.board.features:
            raise ValueError(f"add_cup needs balls with {self.board.features} features and "
                             f"{self.board.cups + 1} classes (one more than the board's "
                             f"{self.board.cups} cups), got {data.features} and "
                             f"{data.n_classes}")
        board = with_new_cup(self.board, bin_to_cup)
        trainer = self._make_trainer(self.scenario, board, data, None)
        self.data, self.train_set, self.test_set = data, data, None
        self.board, self.trainer = board, trainer
        self.data_origin = "add_cup"
        for name in ("data", "board", "params"):
            self.events.emit(name, self)

    def copy(self) -> Session:
        """A new, independent Session that is this one now: scenario, balls (also those of
        use_data and add_cup), board and cups, pegs, optimizer state, batch order, history.
        What export "from the current pegs" trains and "Save session" writes."""
        from galton.session_file import copy_session

        return copy_session(self)

    def save_galton(self, path, lesson=None) -> list:
        """Write everything (and ``lesson``'s progress: a LessonRun) to one .galton file;
        returns the names of lesson values it could not hold. See galton.session_file."""
        from galton.session_file import save

        return save(self, path, lesson)

    @_announced
    def load_galton(self, path):
        """Become the session saved in a .galton file (nothing changes if it is damaged or
        from a newer galton: a SessionFileError says why). Returns the lesson's progress, for
        ``galton.lessons.resume(progress, session)``, or None."""
        from galton.session_file import load_into

        return load_into(self, path)

    def describe(self) -> str:
        t = self.scenario["training"]
        batch = f"batch {t['batch_size']}" if t["batch_size"] else "full batch"
        return (f"{self.scenario.name}: {self.data.describe()}\n{self.board!r}; "
                f"{self.trainer.optimizer!r}, {t['loss']}, {batch}")
