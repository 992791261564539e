"""The words a lesson file's checks and values read: named quantities of the session and the
lesson, and functions of the board (a peg's p_right, the share of a colour in a cup, ...).

Each name and function has a line of help; docs/authoring.md lists them all (a test checks
that the page and this table agree). A name is looked up in the lesson's own values first,
then in its parameters, then here, so a lesson may reuse a name (its ``lr`` parameter hides
the session's step size ``lr``). Colours and cups are given by number (0 = the first class)
or by name: ``share('red', 'red')``.
"""

from __future__ import annotations

from math import comb

import numpy as np

from galton.core.expression import ExpressionError
from galton.core.quantity import Undefined

#: name -> help. Computed from the session when a check or value reads them.
NAMES = {
    "step": "training steps taken so far",
    "loss": "loss of the current pegs on all the training balls",
    "accuracy": "share of the training balls whose most likely cup is their own",
    "test_loss": "loss on the test balls (nan without a test set)",
    "test_accuracy": "accuracy on the test balls (nan without a test set)",
    "lr": "the step size η",
    "optimizer": "the optimizer's name, e.g. 'sgd' or 'adam'",
    "rows": "rows of pegs",
    "cups": "cups under the board",
    "bins": "bins under the board (rows + 1)",
    "features": "features of a ball (inputs of a peg)",
    "colours": "colours (classes) of the balls",
    "balls": "training balls",
    "test_balls": "test balls (0 without a test set)",
    "first_loss": "the loss of the first training step in the history",
    "last_loss": "the loss of the last training step in the history",
    "diverged": "True once training has diverged",
    "own_share": "exact probability, averaged over the test balls (the training balls "
                 "without a test set), that a ball lands in its own cup",
    "dropped": "balls of the last drop made since the lesson began (0 before any)",
    "drop_own_share": "share of the last drop's balls that landed in their own cup",
}

#: name -> (fewest arguments, most arguments, help).
FUNCTIONS = {
    "p_right": (2, 3, "p_right(row, slot[, colour]): the peg's probability of sending a ball "
                      "right, averaged over the test balls (of one colour)"),
    "weights": (2, 2, "weights(row, slot): the peg's weights, one per feature"),
    "weight": (3, 3, "weight(row, slot, feature): one weight (feature by number or name)"),
    "bias": (2, 2, "bias(row, slot): the peg's bias"),
    "share": (2, 2, "share(colour, cup): share of the last drop's balls of that colour that "
                    "landed in that cup"),
    "count": (2, 2, "count(colour, cup): balls of that colour the last drop put in that cup"),
    "expected_share": (2, 2, "expected_share(colour, cup): exact probability that a test ball "
                             "of that colour lands in that cup"),
    "fair_share": (1, 1, "fair_share(cup): the probability of that cup on a board of fair "
                         "pegs (the binomial heap)"),
    "drop_bins": (0, 0, "drop_bins(): balls of the last drop per colour and bin (a table)"),
    "drop_table": (0, 0, "drop_table(): balls of the last drop per colour and cup (a table)"),
    "history": (1, 1, "history(column): a column of the training history: train_loss, "
                      "train_accuracy, test_loss, test_accuracy, lr, grad_norm, param_norm"),
    "colour": (1, 1, "colour(name): the number of a colour"),
    "colour_name": (1, 1, "colour_name(number): the name of a colour"),
    "feature_name": (1, 1, "feature_name(number): the name of a feature"),
    "label": (1, 1, "label(key): a word from the lesson's [LANG.labels], in the learner's "
                    "language"),
    "surface_value": (3, 3, "surface_value(surface, x, y): a classic surface's loss at (x, y)"),
}
HISTORY_COLUMNS = ("train_loss", "train_accuracy", "test_loss", "test_accuracy", "lr",
                   "grad_norm", "param_norm")


def arities() -> dict:
    return {name: (low, high) for name, (low, high, _) in FUNCTIONS.items()}


class Env:
    """What one evaluation reads: the run's values and parameters, then the session. Session
    numbers are computed once per Env (a check asks for ``loss`` only once)."""

    def __init__(self, run):
        self.run = run
        self.session = run.session
        self._cache: dict = {}
        self.functions = {name: getattr(self, f"_{name}") for name in FUNCTIONS}

    # --- names ---------------------------------------------------------------------------
    def lookup(self, name: str):
        run = self.run
        if name in run.values:
            return run.values[name]
        if name in run.params:
            return run.params[name]
        if name not in NAMES:
            raise Undefined(f"{name!r} has no value yet")
        if name not in self._cache:
            self._cache[name] = getattr(self, f"_name_{name}")()
        return self._cache[name]

    def _evaluation(self) -> dict:
        if "_evaluate" not in self._cache:
            self._cache["_evaluate"] = self.session.trainer.evaluate()
        return self._cache["_evaluate"]

    def _name_step(self):
        return int(self.session.trainer.step_count)

    def _name_loss(self):
        return float(self._evaluation()["train_loss"])

    def _name_accuracy(self):
        return float(self._evaluation()["train_accuracy"])

    def _name_test_loss(self):
        return float(self._evaluation().get("test_loss", np.nan))

    def _name_test_accuracy(self):
        return float(self._evaluation().get("test_accuracy", np.nan))

    def _name_lr(self):
        return float(self.session.lr)

    def _name_optimizer(self):
        return str(self.session.scenario["training"]["optimizer"])

    def _name_rows(self):
        return int(self.session.board.rows)

    def _name_cups(self):
        return int(self.session.board.cups)

    def _name_bins(self):
        return int(self.session.board.n_bins)

    def _name_features(self):
        return int(self.session.board.features)

    def _name_colours(self):
        return int(self.session.data.n_classes)

    def _name_balls(self):
        return len(self.session.train_set)

    def _name_test_balls(self):
        test = self.session.test_set
        return 0 if test is None else len(test)

    def _losses(self):
        losses = self.session.trainer.history.train_loss
        if not len(losses):
            raise Undefined("the history is empty: no training step yet")
        return losses

    def _name_first_loss(self):
        return float(self._losses()[0])

    def _name_last_loss(self):
        return float(self._losses()[-1])

    def _name_diverged(self):
        return self.session.trainer.diverged is not None

    def _pool(self):
        s = self.session
        return s.test_set if s.test_set is not None else s.train_set

    def _name_own_share(self):
        data = self._pool()
        Q = self.session.board.cup_probabilities(data.X)
        return float(np.mean(Q[np.arange(len(data.y)), data.y]))

    def _new_drop(self):
        drop = self.session.last_drop
        if drop is None or drop is self.run.values.get("_drop_before"):
            return None
        return drop

    def _name_dropped(self):
        drop = self._new_drop()
        return 0 if drop is None else len(drop[1])

    def _name_drop_own_share(self):
        table = self._drop_table()
        return float(np.trace(table) / table.sum())

    # --- arguments -------------------------------------------------------------------------
    def _colour_index(self, value, what="colour") -> int:
        names = list(self.session.data.class_names)
        limit = self.session.board.cups if what == "cup" else len(names)
        if isinstance(value, str):
            if value not in names[:limit]:
                raise ExpressionError(f"no {what} {value!r}; the {what}s: "
                                      f"{', '.join(names[:limit])}")
            return names.index(value)
        index = _whole(value, what)
        if not 0 <= index < limit:
            raise ExpressionError(f"{what} must be 0..{limit - 1}, got {index}")
        return index

    def _peg(self, row, slot) -> int:
        board = self.session.board
        try:
            return board.peg_index(_whole(row, "row"), _whole(slot, "slot"))
        except ValueError as exc:
            raise ExpressionError(str(exc)) from None

    # --- functions -------------------------------------------------------------------------
    def _p_right(self, row, slot, colour=None):
        data = self._pool()
        p = self.session.board.peg_probabilities(data.X)[:, self._peg(row, slot)]
        if colour is None:
            return float(p.mean())
        return float(p[data.y == self._colour_index(colour)].mean())

    def _weights(self, row, slot):
        return self.session.board.theta[self._peg(row, slot), :-1].copy()

    def _weight(self, row, slot, feature):
        names = list(self.session.data.feature_names)
        if isinstance(feature, str):
            if feature not in names:
                raise ExpressionError(f"no feature {feature!r}; the features: "
                                      f"{', '.join(names)}")
            feature = names.index(feature)
        f = _whole(feature, "feature")
        if not 0 <= f < len(names):
            raise ExpressionError(f"feature must be 0..{len(names) - 1}, got {f}")
        return float(self.session.board.theta[self._peg(row, slot), f])

    def _bias(self, row, slot):
        return float(self.session.board.theta[self._peg(row, slot), -1])

    def _drop_table(self):
        """counts[colour, cup] of the last drop made during the lesson."""
        drop = self._new_drop()
        if drop is None:
            raise Undefined("no balls were dropped since the lesson began")
        labels, result = drop
        # The drop's own colours and cups: the learner may have changed them since.
        n = max(self.session.board.cups, int(labels.max(initial=0)) + 1,
                int(result.cups.max(initial=0)) + 1)
        table = np.zeros((n, n), dtype=np.int64)
        np.add.at(table, (labels, result.cups), 1)
        return table

    def _share(self, colour, cup):
        table = self._drop_table()
        c, k = self._colour_index(colour), self._colour_index(cup, "cup")
        return float(table[c, k] / max(table[c].sum(), 1))

    def _count(self, colour, cup):
        table = self._drop_table()
        return int(table[self._colour_index(colour), self._colour_index(cup, "cup")])

    def _expected_share(self, colour, cup):
        data = self._pool()
        c, k = self._colour_index(colour), self._colour_index(cup, "cup")
        members = data.X[data.y == c]
        if not len(members):
            return float("nan")
        return float(self.session.board.cup_probabilities(members)[:, k].mean())

    def _fair_share(self, cup):
        board = self.session.board
        rows = board.rows
        p = np.array([comb(rows, j) for j in range(rows + 1)], dtype=np.float64) / 2 ** rows
        return float(p[board.bin_to_cup == self._colour_index(cup, "cup")].sum())

    def _drop_bins(self):
        colours = self._drop_table().shape[0]  # the same "not yet" before a drop
        labels, drop = self.session.last_drop
        n_bins = drop.turns.shape[1] + 1  # the drop's board, whatever the rows are now
        return np.stack([np.bincount(drop.bins[labels == c], minlength=n_bins)
                         for c in range(colours)])

    def _history(self, column):
        if column not in HISTORY_COLUMNS:
            raise ExpressionError(f"history() knows the columns {', '.join(HISTORY_COLUMNS)}, "
                                  f"not {column!r}")
        return getattr(self.session.trainer.history, column).copy()

    def _colour(self, name):
        return self._colour_index(name)

    def _colour_name(self, index):
        return str(self.session.data.class_names[self._colour_index(index)])

    def _feature_name(self, index):
        names = self.session.data.feature_names
        i = _whole(index, "feature")
        if not 0 <= i < len(names):
            raise ExpressionError(f"feature must be 0..{len(names) - 1}, got {i}")
        return str(names[i])

    def _label(self, key):
        try:
            return self.run.text(str(key))
        except KeyError as exc:
            raise ExpressionError(exc.args[0]) from None

    def _surface_value(self, surface, x, y):
        from galton.lessons.data.landscape import surface_named

        return surface_named(surface).f((float(x), float(y)))


def _whole(value, what) -> int:
    if isinstance(value, (bool, np.bool_)):
        raise ExpressionError(f"{what} must be a whole number, got {value!r}")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise ExpressionError(f"{what} must be a whole number, got {value!r}")
