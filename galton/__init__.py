"""galton: the pinball machine of neural-network training.

A Galton board whose pegs are perceptrons. Each peg sends a ball right with probability
``sigmoid(w . x + b)``; balls land in bins, bins are grouped into cups (the classes), and
training turns the pegs by gradient descent until every colour lands in its own cup.

>>> import galton
>>> data = galton.datasets.colors(300, seed=0)
>>> board = galton.Board(rows=6, features=data.features, cups=data.n_classes)
>>> value, grad = galton.loss_and_grad(board, data.X, data.y)

The core (everything but ``galton.qt``) needs only numpy and numba and never imports Qt.
"""

__version__ = "0.1.0"

from galton.core.board import Board, Drop
from galton.core.checkpoint import Checkpoint, CheckpointError, load_checkpoint
from galton.core.history import History, Snapshot
from galton.core.losses import LOSSES, loss, loss_and_grad
from galton.core.trainer import Diverged, Trainer

__all__ = [
    "LOSSES",
    "Board",
    "Checkpoint",
    "CheckpointError",
    "Diverged",
    "Drop",
    "History",
    "Snapshot",
    "Trainer",
    "__version__",
    "datasets",
    "landscape",
    "load_checkpoint",
    "loss",
    "loss_and_grad",
    "optim",
    "surfaces",
]


def __getattr__(name):
    # Submodules that are heavier or optional load on first touch: `galton.datasets` etc.
    import importlib

    if name in {"datasets", "optim", "surfaces", "landscape", "cli"}:
        return importlib.import_module(f"galton.{name}")
    raise AttributeError(f"module 'galton' has no attribute {name!r}")
