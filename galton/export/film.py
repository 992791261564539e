"""The film: what every frame of an export shows, computed before anything is drawn.

``Film.shoot`` trains a private copy of the session for the plan's steps, keeping the pegs at
every frame, then drops ``balls_per_frame`` balls at each frame through the pegs of that
frame. A ball's path comes from a random stream seeded by (scenario seed, frame), and its
position at a frame from the frame's time (index / fps), never the wall clock: the same
scenario and plan give the same film, bit for bit, however fast the machine draws it.

Everything a frame needs (paddles, balls in flight, landed balls, the expected histogram,
the numbers of the caption) is then a pure function of the frame index. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.export.plan import ExportCancelled, ExportPlan

#: The histogram under the board counts the balls that landed in the last this many seconds,
#: so it follows training instead of remembering the untrained board forever.
LANDED_WINDOW = 2.0


def session_copy(session, start: str = "scenario"):
    """A new Session that the export may train without touching ``session``: ``session.copy()``
    (its balls, also those given by use_data or add_cup, its board with its cups and pegs,
    optimizer state, batch order and history), "current": training continues from where it
    is; "scenario": from the initial pegs of those balls and that board, as Reset would."""
    copy = session.copy()
    if start != "current":
        copy.reset()
    return copy


@dataclass(frozen=True)
class BoardMoment:
    """What the board shows at one frame (plain numbers, for any painter)."""

    paddles: np.ndarray  # p_right per peg for the chosen colour, in [0, 1]
    landed: np.ndarray  # balls per bin that landed in the last LANDED_WINDOW seconds
    expected: np.ndarray  # exact bin probabilities over the pool (sums to 1)
    balls: tuple  # (slots, label, t) in flight: t in rows travelled, 0..rows


class Film:
    def __init__(self, plan: ExportPlan, session):
        self.plan = plan
        self.session = session
        board = session.board
        self.rows = board.rows
        self.thetas: list = []  # pegs at each training frame
        self.steps: list = []  # trainer step count at each training frame
        self.diverged_at = None  # training frame where training diverged, if it did
        self.history = None
        self._drops = None
        pool = session.test_set if session.test_set is not None else session.train_set
        self.pool_X, self.pool_y = pool.X, pool.y
        data = session.train_set
        members = data.X[data.y == min(plan.paddle_class, session.data.n_classes - 1)]
        self.paddle_X = members if len(members) else data.X
        self.seed = int(session.scenario["training"]["seed"])

    # --- shooting ----------------------------------------------------------------------------
    @classmethod
    def shoot(cls, plan: ExportPlan, session, cancelled=None, frames=None) -> Film:
        """Train and drop. ``session`` is trained in place: give a copy (``session_copy``).
        ``frames`` limits training to what the first ``frames`` frames need (a preview): their
        pegs and their captions' numbers, as the whole film would show them."""
        film = cls(plan, session)
        film._train(cancelled, frames)
        film._drop(cancelled)
        film._measure()
        return film

    def _train(self, cancelled, frames):
        plan, trainer = self.plan, self.session.trainer
        # One frame more than asked: a step's loss enters the history when the next step
        # runs, and the caption of the last frame asked for reads it from there.
        last = plan.training_frames if frames is None else min(frames + 1,
                                                               plan.training_frames)
        self.thetas.append(trainer.board.theta.copy())
        self.steps.append(trainer.step_count)
        for i in range(1, last):
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            want = plan.step_at(i) - plan.step_at(i - 1)
            snap = None
            if self.diverged_at is None and want:
                for latest in trainer.iterate(want, every=want):
                    snap = latest
                if snap is not None and snap.status == "diverged":
                    self.diverged_at = i
            self.thetas.append(trainer.board.theta.copy())
            self.steps.append(trainer.step_count)
        self.history = trainer.history.as_arrays()

    @property
    def frames(self) -> int:
        return self.plan.frames

    def training_frame(self, frame: int) -> int:
        """The training frame a frame shows (the held frames at the end show the last)."""
        return int(min(max(frame, 0), len(self.thetas) - 1))

    def _drop(self, cancelled):
        """Every ball of the whole clip: when it starts, its path and its label."""
        plan = self.plan
        n = plan.balls_per_frame
        shown = min(plan.frames, len(self.thetas) + plan.hold_frames)
        starts, slots, labels = [], [], []
        board = self.session.board.copy()
        for frame in range(shown if n else 0):
            if cancelled is not None and cancelled() and frame % 50 == 0:
                raise ExportCancelled()
            board.theta = self.thetas[self.training_frame(frame)]
            idx = (frame * n + np.arange(n)) % len(self.pool_X)
            drop = board.drop(self.pool_X[idx], seed=(self.seed, frame))
            # Spread over the frame's interval, so a steady stream rather than bursts.
            starts.append((frame + np.arange(n) / n) / plan.fps)
            slots.append(drop.slots())
            labels.append(self.pool_y[idx])
        if starts:
            self._drops = (np.concatenate(starts), np.concatenate(slots),
                           np.concatenate(labels).astype(np.int64))
        else:
            self._drops = (np.zeros(0), np.zeros((0, self.rows + 1), np.int64),
                           np.zeros(0, np.int64))

    def _measure(self):
        """Paddles and expected histograms of every training frame, up front: a few
        microseconds each here, but a parallel kernel called between GL frames can wait
        milliseconds for its threads while the software renderer holds the cores."""
        board = self.session.board.copy()
        self.paddles, self.expected = [], []
        for theta in self.thetas:
            board.theta = theta
            self.paddles.append(board.peg_probabilities(self.paddle_X).mean(axis=0))
            self.expected.append(board.bin_probabilities(self.pool_X).mean(axis=0))

    # --- one frame ---------------------------------------------------------------------------
    def time(self, frame: int) -> float:
        return frame / self.plan.fps

    def board_moment(self, frame: int) -> BoardMoment:
        i = self.training_frame(frame)
        paddles, expected = self.paddles[i], self.expected[i]
        starts, slots, labels = self._drops
        now = self.time(frame)
        fall = self.rows / self.plan.ball_speed
        t = (now - starts) * self.plan.ball_speed
        flying = np.flatnonzero((starts <= now) & (t < self.rows))
        balls = tuple((slots[i], int(labels[i]), float(t[i])) for i in flying)
        landed_at = starts + fall
        recent = (landed_at <= now) & (landed_at > now - LANDED_WINDOW)
        landed = np.bincount(slots[recent, -1], minlength=self.rows + 1)
        return BoardMoment(paddles, landed, expected, balls)

    def numbers(self, frame: int) -> dict:
        """The caption's numbers at ``frame``: step, loss, accuracy, step size (nan if none)."""
        i = self.training_frame(frame)
        step = self.steps[i]
        h = self.history
        # The planned last step, known before training (a preview trains only its frames):
        # "step 0 / 300", also where training stops early by diverging.
        out = {"step": step, "first_step": self.steps[0],
               "last_step": self.steps[0] + self.plan.steps,
               "loss": float("nan"), "accuracy": float("nan"), "lr": float("nan"),
               "test_loss": float("nan"), "diverged": self.diverged_at is not None
               and i >= self.diverged_at}
        if h is not None and len(h["step"]):
            k = int(np.searchsorted(h["step"], step, side="right")) - 1
            if k >= 0:
                out.update(loss=float(h["train_loss"][k]), accuracy=float(h["train_accuracy"][k]),
                           lr=float(h["lr"][k]))
        if np.isnan(out["lr"]):
            out["lr"] = float(self.session.trainer.lr)
        if np.isnan(out["loss"]):  # before the first step: measure the board as it is
            board = self.session.board.copy()
            board.theta = self.thetas[i]
            import galton

            X, y = self.session.trainer.X, self.session.trainer.y
            out["loss"] = float(galton.loss(board, X, y, self.session.trainer.loss))
            out["accuracy"] = float(board.accuracy(X, y))
        return out

    def curve(self, frame: int) -> dict:
        """The history up to ``frame``'s step, for the chart (arrays of equal length)."""
        step = self.steps[self.training_frame(frame)]
        h = self.history
        keep = h["step"] <= step
        return {k: h[k][keep] for k in ("step", "train_loss", "test_loss", "train_accuracy")}
