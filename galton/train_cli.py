"""``galton train``: train a board headless and report loss and accuracy.

    galton train --dataset colors --rows 6 --steps 500 --lr 0.5 --checkpoint run.npz
    galton train --resume run.npz --steps 500 --lr 0.1

With ``--resume`` the run continues from the checkpoint's settings (board, optimizer and its
hyper-parameters, step size, schedule, clipping, loss, batch size, seed); a flag you type wins
over the checkpoint, and the command says which setting came from where. The balls are not in
a checkpoint: give the same --dataset (and --balls, --colors, --noise) again. Every output path is
checked before training starts. Whatever stops the run (the end, a divergence, Ctrl+C,
SIGTERM), the checkpoint is written first and the history second, each on its own: a write
that fails does not lose the other, and the command says exactly what was written.
"""

from __future__ import annotations

import argparse
import math
import signal
import sys
from pathlib import Path

from galton.cli_common import positive_float
from galton.core import limits, schema
from galton.core.datasets import GENERATED

DATASETS = tuple(GENERATED)
#: Every training flag and its default. The parser's defaults are None, so a flag the user
#: typed can be told from one that was not (``--resume`` keeps the checkpoint's setting then).
DEFAULTS = {
    "dataset": "colors", "label": "label", "delimiter": ",", "balls": 300, "colors": 3,
    "noise": 0.1, "test_fraction": 0.25, "rows": 6, "cups": None, "init": "zeros",
    "engine": None, "steps": 500, "lr": 0.5, "loss": "cross_entropy", "optimizer": "sgd",
    "momentum": 0.0, "nesterov": False, "batch_size": None, "schedule": "constant",
    "gamma": 0.5, "step_size": 100, "lr_min": 0.0, "warmup": 0, "clip": None, "seed": 0,
}
SCHEDULE_FLAGS = ("schedule", "gamma", "step_size", "lr_min", "warmup")


# --- flag types --------------------------------------------------------------------------------
def _number(text: str, low: float, high: float | None, open_high: bool, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
    if not math.isfinite(value) or value < low or (
            high is not None and (value >= high if open_high else value > high)):
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
    return value


def _non_negative(text: str) -> float:
    return _number(text, 0.0, None, False, "a finite number >= 0")


def _setting(key: str, what: str):
    """A flag checked within the range of the scenario setting ``key`` (galton.core.schema)."""
    field = schema.setting(key)

    def parse(text: str) -> float:
        return _number(text, field.low, field.high, field.below, what)

    return parse


_fraction = _setting("test_fraction", "a share from 0 up to (not including) 1, e.g. 0.25")
_momentum = _setting("momentum", "a momentum from 0 up to (not including) 1, e.g. 0.9")


def _whole(low: int, high: int | None = None):
    def parse(text: str) -> int:
        span = f"{low}..{high}" if high is not None else f">= {low}"
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number {span}, got {text!r}") \
                from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected a whole number {span}, got {text!r}")
        return value

    return parse


def _delimiter(text: str) -> str:
    value = {"tab": "\t", "\\t": "\t"}.get(text, text)
    if len(value) != 1 or value in "\"\r\n":
        raise argparse.ArgumentTypeError(f"expected one character such as ';' or tab, got "
                                         f"{text!r}")
    return value


def _clip_spec(text: str):
    """'1.0' or 'norm:1.0' clips by global norm; 'value:0.5' clips each entry."""
    kind, _, number = text.rpartition(":")
    kind = kind or "norm"
    if kind not in ("norm", "value"):
        raise argparse.ArgumentTypeError(f"expected norm:X or value:X, got {text!r}")
    return kind, positive_float(number)


def _whole_setting(key: str, low: int | None = None):
    """A whole-number flag within the range of the scenario setting ``key`` (from ``low``)."""
    field = schema.setting(key)
    return _whole(field.low if low is None else low, field.high)


def add_parser(sub) -> None:
    from galton.core.board import INITS
    from galton.core.losses import LOSSES
    from galton.core.optim import OPTIMIZERS
    from galton.core.schedules import PRESETS

    d = DEFAULTS
    train = sub.add_parser("train", help="train a board headless and report loss and accuracy",
                           description=__doc__.split("\n\n")[0] + " See docs/files.md for "
                           "what is kept when something goes wrong, and the exit codes.")
    data = train.add_argument_group("balls")
    data.add_argument("--dataset", help=f"one of {', '.join(DATASETS)}, or a CSV file "
                                        f"(default: {d['dataset']})")
    data.add_argument("--label", help="label column of a CSV dataset (default: label)")
    data.add_argument("--delimiter", type=_delimiter,
                      help="field separator of a CSV dataset: one character, or tab "
                           "(default: ,)")
    data.add_argument("--balls", type=_whole_setting("balls"),
                      help=f"balls in generated datasets (default: {d['balls']})")
    data.add_argument("--colors", type=_whole_setting("colors"),
                      help=f"colours in the colors dataset (default: {d['colors']})")
    data.add_argument("--noise", type=_non_negative,
                      help=f"noise of generated datasets (default: {d['noise']})")
    data.add_argument("--test-fraction", type=_fraction,
                      help="share of balls held out for testing, 0 for none (default: 0.25)")
    board = train.add_argument_group("board")
    # Checked by the Board, which says what fits: "rows must be 1..512", "cups must be 2..7".
    board.add_argument("--rows", type=int, help=f"(default: {d['rows']})")
    board.add_argument("--cups", type=int, help="default: one per class")
    board.add_argument("--init", choices=INITS, help="(default: zeros)")
    board.add_argument("--engine", choices=("numba", "numpy"))
    opt = train.add_argument_group("training")
    opt.add_argument("--steps", type=_whole(0), help=f"(default: {d['steps']})")
    opt.add_argument("--lr", type=positive_float, help=f"step size (default: {d['lr']})")
    opt.add_argument("--loss", choices=LOSSES, help="(default: cross_entropy)")
    opt.add_argument("--optimizer", help=f"{', '.join(list(OPTIMIZERS)[:-1])} or "
                                         f"{list(OPTIMIZERS)[-1]} (default: sgd)")
    opt.add_argument("--momentum", type=_momentum, help="SGD momentum (default: 0)")
    opt.add_argument("--nesterov", action="store_true", default=None,
                     help="Nesterov momentum (SGD)")
    opt.add_argument("--batch-size", type=_whole_setting("batch_size", low=1),
                     help="default: full batch")
    opt.add_argument("--schedule", choices=tuple(PRESETS),
                     help="(default: constant)")
    opt.add_argument("--gamma", type=positive_float,
                     help="decay factor of the step / exponential schedules (default: 0.5)")
    opt.add_argument("--step-size", type=_whole(1),
                     help="steps between step decays (default: 100)")
    opt.add_argument("--lr-min", type=_non_negative,
                     help="floor of the cosine schedule (default: 0)")
    opt.add_argument("--warmup", type=_whole(0), help="linear warm-up steps (default: 0)")
    opt.add_argument("--clip", type=_clip_spec,
                     help="clip gradients: X or norm:X (global norm), value:X (each entry)")
    opt.add_argument("--seed", type=_whole(0, 2**63 - 1), help="(default: 0)")
    out = train.add_argument_group("output")
    out.add_argument("--checkpoint", type=Path, default=None,
                     help="write a checkpoint (.npz) at the end")
    out.add_argument("--resume", type=Path, default=None,
                     help="continue from a checkpoint (its settings, unless you type a flag)")
    out.add_argument("--history", type=Path, default=None, help="write the history as CSV")
    out.add_argument("--quiet", action="store_true", help="no progress bar")


# --- settings ----------------------------------------------------------------------------------
class Settings(dict):
    """The run's settings, and where each came from ("flag", "checkpoint", "default")."""

    def __init__(self, args, checkpoint=None):
        super().__init__()
        self.source = {}
        self.typed = {k for k in DEFAULTS if getattr(args, k, None) is not None}
        for key, default in DEFAULTS.items():
            self[key] = getattr(args, key) if key in self.typed else default
            self.source[key] = "flag" if key in self.typed else "default"
        self.checkpoint = checkpoint
        if checkpoint is not None:
            self._from_checkpoint(checkpoint)

    def _take(self, key, value):
        if key not in self.typed:
            self[key], self.source[key] = value, "checkpoint"

    def _from_checkpoint(self, ck) -> None:
        meta, where = ck.meta, f"checkpoint {str(ck.path)!r}"
        board = meta["board"]
        for key, value in (("rows", board["rows"]), ("cups", board["cups"])):
            if key in self.typed and self[key] != value:
                raise ValueError(f"--{key} {self[key]}: {where} is of a board with {key} "
                                 f"{value}; leave out --{key} to continue it")
        self._take("rows", board["rows"])
        self._take("cups", board["cups"])
        name = meta["optimizer"]["name"].lower()
        if "optimizer" in self.typed and self["optimizer"].lower() != name:
            raise ValueError(f"--optimizer {self['optimizer']}: {where} holds the state of "
                             f"{meta['optimizer']['name']}; leave out --optimizer to continue it")
        self._take("optimizer", name)
        hyper = meta["optimizer"]["hyperparameters"]
        if name == "sgd":
            self._take("momentum", float(hyper.get("momentum", 0.0)))
            self._take("nesterov", bool(hyper.get("nesterov", False)))
        self._take("lr", meta["lr"])
        for key in ("loss", "batch_size", "seed", "engine"):
            if key in meta:
                self._take(key, meta[key])
        self.schedule_config = None
        if not self.typed & set(SCHEDULE_FLAGS) and "lr" not in self.typed:
            self.schedule_config = meta.get("schedule")
            for key in SCHEDULE_FLAGS:
                self.source[key] = "checkpoint"
        if "clip" not in self.typed:
            self.clip_config = meta.get("clip")
            self.source["clip"] = "checkpoint"
        try:  # what the checkpoint says must build: an error here names the file
            from galton.core.validation import finite_number

            finite_number("its step size (lr)", meta["lr"], low=0.0)
            _optimizer(self)
            _schedule(self)
            _clip(self)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None

    def _shown(self, key) -> str:
        value = self[key]
        if key == "batch_size":
            return "full batch" if value is None else f"batch size {value}"
        if key == "lr":
            return f"step size {value:g}"
        if key == "clip" and isinstance(value, tuple):
            return f"clip {value[0]}:{value[1]:g}"
        return f"{key.replace('_', ' ')} {value}"

    def describe(self) -> str:
        """What came from the checkpoint and what from flags, for the user."""
        if self.checkpoint is None:
            return ""
        keys = ["rows", "cups", "optimizer", "lr", "loss", "batch_size", "seed", "engine"]
        if self["optimizer"] == "sgd":
            keys[3:3] = ["momentum", "nesterov"]
        parts = [self._shown(k) for k in keys if self.source[k] == "checkpoint"]
        meta = self.checkpoint.meta
        if self.source["schedule"] == "checkpoint":
            parts.append(f"schedule {(meta.get('schedule') or {}).get('name', 'constant')}")
        if self.source["clip"] == "checkpoint":
            parts.append(f"clip {(meta.get('clip') or {}).get('name', 'none')}")
        lines = [f"resuming {self.checkpoint.path} at step {self.checkpoint.step}; from the "
                 f"checkpoint: {', '.join(parts) or 'nothing'}"]
        mine = [k for k in (*keys, "clip", *SCHEDULE_FLAGS) if k in self.typed]
        if mine:
            lines.append("from your flags: " + ", ".join(self._shown(k) for k in mine))
        if "lr" in self.typed and not self.typed & set(SCHEDULE_FLAGS) and meta.get("schedule"):
            lines.append(f"--lr replaces the checkpoint's {meta['schedule']['name']} schedule "
                         "by a constant step size")
        return "\n".join(lines)


def _dataset(s: Settings):
    from galton.core import datasets

    generated = datasets.GENERATED.get(s["dataset"])
    if generated is not None:
        return generated.make(s["balls"], s["colors"], s["noise"], s["seed"])
    path = Path(s["dataset"])
    if path.suffix.lower() != ".csv" and not path.exists():
        raise ValueError(f"--dataset must be one of {', '.join(DATASETS)} or a CSV file, "
                         f"got {s['dataset']!r}")
    return datasets.from_csv(path, label=s["label"], delimiter=s["delimiter"])


def _optimizer(s: Settings):
    from galton.core import optim

    hyper = {"lr": s["lr"]}
    ck = s.checkpoint
    if ck is not None and s.source["optimizer"] == "checkpoint":
        hyper = dict(ck.meta["optimizer"]["hyperparameters"], lr=s["lr"])
    if s["optimizer"].lower() == "sgd":
        hyper.update(momentum=s["momentum"], nesterov=s["nesterov"])
    elif "momentum" in s.typed or "nesterov" in s.typed:
        raise ValueError("--momentum and --nesterov apply to --optimizer sgd only")
    return optim.make_optimizer(s["optimizer"], **hyper)


def _schedule(s: Settings):
    from galton.core import schedules as optim

    config = getattr(s, "schedule_config", None)
    if config is not None:
        return optim.schedule_from_config(config)
    if s["schedule"] == "constant" and not s["warmup"]:
        return None
    lr = s["lr"]
    if s["schedule"] == "step":
        base = optim.StepDecay(lr, s["step_size"], gamma=s["gamma"])
    elif s["schedule"] == "exponential":
        base = optim.Exponential(lr, s["gamma"])
    elif s["schedule"] == "cosine":
        base = optim.CosineAnnealing(lr, max(1, s["steps"] - s["warmup"]), lr_min=s["lr_min"])
    else:
        base = optim.Constant(lr)
    return optim.WarmUp(base, s["warmup"]) if s["warmup"] else base


def _clip(s: Settings):
    from galton.core import clipping as optim

    if hasattr(s, "clip_config"):
        return optim.clip_from_config(s.clip_config) if s.clip_config else None
    if s["clip"] is None:
        return None
    kind, value = s["clip"]
    return optim.ClipByNorm(value) if kind == "norm" else optim.ClipByValue(value)


def _check_outputs(args) -> None:
    """Before training: each output can be written (a clear error now, not after the run)."""
    from galton.core.files import check_writable

    for flag, path in (("--checkpoint", args.checkpoint), ("--history", args.history)):
        if path is not None:
            try:
                check_writable(path)
            except ValueError as exc:
                raise ValueError(f"{flag}: {exc}") from None


# --- the command ---------------------------------------------------------------------------------
def main(args) -> int:
    from galton.core.board import Board
    from galton.core.checkpoint import load_checkpoint
    from galton.core.trainer import Trainer

    checkpoint = load_checkpoint(args.resume) if args.resume is not None else None
    s = Settings(args, checkpoint)
    _check_outputs(args)
    data = _dataset(s)
    if s["test_fraction"] > 0:
        train_set, test_set = data.split(test_fraction=s["test_fraction"], seed=s["seed"])
    else:
        train_set, test_set = data, None
    if s["rows"] * len(data) > limits.MAX_ROWS_X_BALLS:
        raise ValueError(f"--rows {s['rows']} × {len(data):,} balls is more than "
                         f"{limits.MAX_ROWS_X_BALLS:,} (the work of one step); use fewer")
    cups = s["cups"] or data.n_classes
    if checkpoint is not None:
        board = Board.from_spec(checkpoint.meta["board"], engine=s["engine"])
        if board.features != data.features:
            raise ValueError(f"checkpoint {str(checkpoint.path)!r} is of a board for balls with "
                             f"{board.features} features, but {data.describe()}")
    else:
        board = Board(s["rows"], data.features, cups, seed=s["seed"], init=s["init"],
                             engine=s["engine"])
    trainer = Trainer(board, train_set, _optimizer(s), loss=s["loss"],
                             batch_size=s["batch_size"], schedule=_schedule(s), clip=_clip(s),
                             test=test_set, seed=s["seed"])
    if checkpoint is not None:
        checkpoint.apply_to(trainer)
        if "lr" in s.typed:
            trainer.optimizer.lr = s["lr"]
        print(s.describe())
    batch = "full batch" if s["batch_size"] is None else f"batch {s['batch_size']}"
    print(f"{data.describe()}\n{board!r}, {board.n_parameters} parameters; "
          f"{trainer.optimizer.name} step size {trainer.lr:g}, {s['loss']}, {batch}")
    stopped = _train(trainer, s["steps"], args.quiet)
    result = trainer.evaluate()
    print(f"steps {trainer.step_count}  train loss {result['train_loss']:.4f}  "
          f"train accuracy {result['train_accuracy']:.1%}")
    if test_set is not None:
        print(f"            test loss {result['test_loss']:.4f}  "
              f"test accuracy {result['test_accuracy']:.1%}")
    failed = _write_outputs(args, trainer)
    if stopped is not None:
        print(f"galton train: interrupted at step {trainer.step_count}", file=sys.stderr)
        raise stopped
    if failed:
        return 1
    if trainer.diverged is not None:
        said = str(trainer.diverged)
        stop = "" if said.endswith("?") else "."
        print(f"galton train: training {said}{stop} The board keeps the parameters from before "
              "that step; is the step size too large? Try a smaller --lr or --clip.",
              file=sys.stderr)
        return 3
    return 0


def _train(trainer, steps: int, quiet: bool):
    """Train; returns the KeyboardInterrupt (Ctrl+C) or Terminated (SIGTERM) that stopped it,
    if any. The first signal stops training between two steps (the step under way, and an
    import or a compilation it needs, completes); a second one stops at once."""
    from tqdm import tqdm

    from galton.cli_common import Terminated

    every = max(1, steps // 100)
    # disable=None: a bar on a terminal, nothing when the output is piped into a file or log.
    bar = tqdm(total=steps, desc="training", unit="step", disable=True if quiet else None,
               dynamic_ncols=True)
    start = trainer.step_count
    stop = []

    def on_signal(signum, frame):
        if stop:
            raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()
        stop.append(signum)
        trainer.cancel()

    try:
        with _signals(on_signal):
            for snap in trainer.iterate(steps, every=every):
                bar.update(snap.step - start - bar.n)
                bar.set_postfix(loss=f"{snap.train_loss:.4f}", acc=f"{snap.train_accuracy:.3f}")
                if stop:
                    break
    except KeyboardInterrupt as exc:
        return exc
    finally:
        bar.close()
    if stop:
        return Terminated() if stop[0] == signal.SIGTERM else KeyboardInterrupt()
    return None


class _signals:
    """SIGINT and SIGTERM go to ``handler`` inside the block (main thread only)."""

    def __init__(self, handler):
        self.handler, self.previous = handler, {}

    def __enter__(self):
        import threading

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.previous[sig] = signal.signal(sig, self.handler)
        return self

    def __exit__(self, *exc):
        for sig, previous in self.previous.items():
            signal.signal(sig, previous)
        return False


def _write_outputs(args, trainer) -> list:
    """The checkpoint first (it can continue the run), then the history; a failure of one
    does not stop the other. Says what was written; returns what failed."""
    failed = []
    for flag, path, write in (("checkpoint", args.checkpoint, trainer.save_checkpoint),
                              ("history", args.history, trainer.history.to_csv)):
        if path is None:
            continue
        try:
            write(path)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            failed.append(flag)
            print(f"galton train: error: the {flag} was not written to {path}: {reason}",
                  file=sys.stderr)
        else:
            print(f"{flag} written to {path}")
    if failed:
        wrote = [f for f, p in (("checkpoint", args.checkpoint), ("history", args.history))
                 if p is not None and f not in failed]
        print(f"galton train: {'the ' + ' and '.join(wrote) + ' was written; ' if wrote else ''}"
              f"{' and '.join(failed)} lost (the board trained {trainer.step_count} steps)",
              file=sys.stderr)
    return failed
