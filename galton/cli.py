"""The ``galton`` command.

``galton`` alone opens the desktop app; subcommands work headless: ``galton train`` trains a
board and reports loss and accuracy, ``galton run script.py`` runs a script with the console's
names (``--gui`` then opens the window on the script's session). Qt is imported only by the
GUI path, so the headless commands run on machines without a display.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import galton

DATASETS = ("colors", "picnic", "xor")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a finite number > 0, got {text!r}")
    return value


def _clip_spec(text: str):
    """'1.0' or 'norm:1.0' clips by global norm; 'value:0.5' clips each entry."""
    kind, _, number = text.rpartition(":")
    kind = kind or "norm"
    if kind not in ("norm", "value"):
        raise argparse.ArgumentTypeError(f"expected norm:X or value:X, got {text!r}")
    return kind, _positive_float(number)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="galton",
        description="The pinball machine of neural-network training. Without a command, "
                    "opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"galton {galton.__version__}")
    parser.add_argument("--scenario", type=Path, default=None,
                        help="open the app with this scenario (.toml); `galton FILE.toml` too")
    parser.add_argument("--steps", type=int, default=0,
                        help="with --screenshot: training steps to take first")
    parser.add_argument("--screenshot", type=Path, default=None,
                        help="open the window, train --steps, drop balls, save a PNG of the "
                             "whole window and exit (for docs and tests)")
    parser.add_argument("--console-line", dest="console_lines", action="append",
                        metavar="CODE", help="with --screenshot: open the console and run this "
                                             "line in it first (repeatable)")
    parser.add_argument("--lesson", default=None, metavar="NAME",
                        help="open the app on a lesson, by name or number (e.g. grad_demo "
                             "or 3); the Lessons menu lists them")
    parser.add_argument("--lang", choices=("en", "zh_CN"), default=None,
                        help="interface language (default: the system's; 简体中文 = zh_CN)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = sub.add_parser("train", help="train a board headless and report loss and accuracy",
                           description="Train a board on a dataset without the GUI.")
    data = train.add_argument_group("balls")
    data.add_argument("--dataset", default="colors",
                      help=f"one of {', '.join(DATASETS)}, or a CSV file (default: colors)")
    data.add_argument("--label", default="label", help="label column of a CSV dataset")
    data.add_argument("--balls", type=int, default=300, help="balls in generated datasets")
    data.add_argument("--colors", type=int, default=3, help="colours in the colors dataset")
    data.add_argument("--noise", type=float, default=0.1, help="noise of generated datasets")
    data.add_argument("--test-fraction", type=float, default=0.25,
                      help="share of balls held out for testing (0 for none)")
    board = train.add_argument_group("board")
    board.add_argument("--rows", type=int, default=6)
    board.add_argument("--cups", type=int, default=None, help="default: one per class")
    board.add_argument("--init", choices=galton.core.board.INITS, default="zeros")
    board.add_argument("--engine", choices=("numba", "numpy"), default=None)
    opt = train.add_argument_group("training")
    opt.add_argument("--steps", type=int, default=500)
    opt.add_argument("--lr", type=_positive_float, default=0.5, help="step size")
    opt.add_argument("--loss", choices=galton.LOSSES, default="cross_entropy")
    opt.add_argument("--optimizer", default="sgd",
                     help="sgd, adagrad, rmsprop, adam or adamw (default: sgd)")
    opt.add_argument("--momentum", type=float, default=0.0, help="SGD momentum")
    opt.add_argument("--nesterov", action="store_true", help="Nesterov momentum (SGD)")
    opt.add_argument("--batch-size", type=int, default=None, help="default: full batch")
    opt.add_argument("--schedule", choices=("constant", "step", "exponential", "cosine"),
                     default="constant")
    opt.add_argument("--gamma", type=float, default=0.5,
                     help="decay factor of the step / exponential schedules")
    opt.add_argument("--step-size", type=int, default=100, help="steps between step decays")
    opt.add_argument("--lr-min", type=float, default=0.0, help="floor of the cosine schedule")
    opt.add_argument("--warmup", type=int, default=0, help="linear warm-up steps")
    opt.add_argument("--clip", type=_clip_spec, default=None,
                     help="clip gradients: X or norm:X (global norm), value:X (each entry)")
    opt.add_argument("--seed", type=int, default=0)
    out = train.add_argument_group("output")
    out.add_argument("--checkpoint", type=Path, default=None,
                     help="write a checkpoint (.npz) at the end")
    out.add_argument("--resume", type=Path, default=None, help="start from a checkpoint")
    out.add_argument("--history", type=Path, default=None, help="write the history as CSV")
    out.add_argument("--quiet", action="store_true", help="no progress bar")

    run = sub.add_parser(
        "run", help="run a Python script with session, board, trainer, data, galton and np",
        description="Run a Python script in the namespace of galton's console: session, board, "
                    "trainer, data, landscape, galton and np are there (see docs/scripting.md). "
                    "Headless unless --gui.")
    run.add_argument("--gui", action="store_true",
                     help="after the script, open the window on the script's session (its "
                          "names are in the console)")
    run.add_argument("--scenario", type=Path, default=argparse.SUPPRESS,
                     help="start the session from this scenario (.toml)")
    run.add_argument("script", type=Path, help="the Python file to run")
    run.add_argument("args", nargs=argparse.REMAINDER,
                     help="arguments for the script (its sys.argv[1:])")
    from galton import scaling_cli  # the scaling lab's own subcommands

    scaling_cli.add_parser(sub)
    from galton import export_cli  # training animations

    export_cli.add_parser(sub)
    from galton import lesson_cli  # writing lessons as data

    lesson_cli.add_parser(sub)
    return parser


def _dataset(args):
    from galton.core import datasets

    if args.dataset == "colors":
        return datasets.colors(args.balls, colors=args.colors, noise=args.noise, seed=args.seed)
    if args.dataset == "picnic":
        return datasets.picnic(repeat=max(1, args.balls // 8))
    if args.dataset == "xor":
        return datasets.xor(args.balls, noise=args.noise, seed=args.seed)
    path = Path(args.dataset)
    if path.suffix.lower() != ".csv" and not path.exists():
        raise ValueError(f"--dataset must be one of {', '.join(DATASETS)} or a CSV file, "
                         f"got {args.dataset!r}")
    return datasets.from_csv(path, label=args.label)


def _optimizer(args):
    from galton.core import optim

    hyper = {"lr": args.lr}
    if args.optimizer.lower() == "sgd":
        hyper.update(momentum=args.momentum, nesterov=args.nesterov)
    elif args.momentum or args.nesterov:
        raise ValueError("--momentum and --nesterov apply to --optimizer sgd only")
    return optim.make_optimizer(args.optimizer, **hyper)


def _schedule(args):
    from galton.core import schedules

    if args.schedule == "constant" and not args.warmup:
        return None
    if args.schedule == "step":
        base = schedules.StepDecay(args.lr, args.step_size, gamma=args.gamma)
    elif args.schedule == "exponential":
        base = schedules.Exponential(args.lr, args.gamma)
    elif args.schedule == "cosine":
        base = schedules.CosineAnnealing(args.lr, max(1, args.steps - args.warmup),
                                         lr_min=args.lr_min)
    else:
        base = schedules.Constant(args.lr)
    return schedules.WarmUp(base, args.warmup) if args.warmup else base


def _clip(args):
    from galton.core import clipping

    if args.clip is None:
        return None
    kind, value = args.clip
    return clipping.ClipByNorm(value) if kind == "norm" else clipping.ClipByValue(value)


def cmd_train(args) -> int:
    from tqdm import tqdm

    data = _dataset(args)
    if args.test_fraction > 0:
        train_set, test_set = data.split(test_fraction=args.test_fraction, seed=args.seed)
    else:
        train_set, test_set = data, None
    cups = args.cups or data.n_classes
    board = galton.Board(args.rows, data.features, cups, seed=args.seed, init=args.init,
                         engine=args.engine)
    trainer = galton.Trainer(board, train_set, _optimizer(args), loss=args.loss,
                             batch_size=args.batch_size, schedule=_schedule(args),
                             clip=_clip(args), test=test_set, seed=args.seed)
    if args.resume is not None:
        trainer.load_checkpoint(args.resume)
    print(f"{data.describe()}\n{board!r}, {board.n_parameters} parameters; "
          f"{trainer.optimizer.name} step size {args.lr}, {args.loss}, "
          f"{'full batch' if args.batch_size is None else f'batch {args.batch_size}'}")
    every = max(1, args.steps // 100)
    # disable=None: a bar on a terminal, nothing when the output is piped into a file or log.
    bar = tqdm(total=args.steps, desc="training", unit="step",
               disable=True if args.quiet else None, dynamic_ncols=True)
    snap = None
    for snap in trainer.iterate(args.steps, every=every):
        bar.update(snap.step - bar.n)
        bar.set_postfix(loss=f"{snap.train_loss:.4f}", acc=f"{snap.train_accuracy:.3f}")
    bar.close()
    result = trainer.evaluate()
    print(f"steps {trainer.step_count}  train loss {result['train_loss']:.4f}  "
          f"train accuracy {result['train_accuracy']:.1%}")
    if test_set is not None:
        print(f"            test loss {result['test_loss']:.4f}  "
              f"test accuracy {result['test_accuracy']:.1%}")
    if args.history is not None:
        trainer.history.to_csv(args.history)
        print(f"history written to {args.history}")
    if args.checkpoint is not None:
        trainer.save_checkpoint(args.checkpoint)
        print(f"checkpoint written to {args.checkpoint}")
    if trainer.diverged is not None:
        print(f"training {trainer.diverged}; the board keeps the last finite parameters. "
              "Try a smaller --lr or --clip.", file=sys.stderr)
        return 3
    return 0


def cmd_run(args) -> int:
    from galton import scripting
    from galton.session import Session

    scenario = getattr(args, "scenario", None)
    session = Session.from_file(scenario) if scenario is not None else Session()
    try:
        ns = scripting.run_script(args.script, argv=args.args, session=session)
    except scripting.ScriptError as exc:
        print(exc.report, file=sys.stderr)
        return exc.exit_code
    if not args.gui:
        return 0
    scripting.stop_following(ns)  # the console follows the session from here on
    names = {k: v for k, v in ns.items() if not k.startswith("__")}
    if isinstance(names.get("session"), Session):  # the script may have made its own
        session = names["session"]
    return cmd_gui(args, session=session, console=names)


def cmd_gui(args, **window) -> int:
    try:
        from galton.qt.app import main as gui_main
    except ImportError as exc:  # e.g. Qt's system libraries missing on a server
        print(f"galton: the desktop app cannot start ({exc}).\nThe headless commands still "
              "work, e.g.  galton train --dataset colors --rows 6", file=sys.stderr)
        return 1
    return gui_main(args, **window)


def main(argv=None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `galton my.toml` opens a scenario, `galton class.galton` a saved session: a lone file
    # argument is not a command.
    if argv and argv[0].endswith((".toml", ".galton")) and not argv[0].startswith("-"):
        argv = ["--scenario", argv[0], *argv[1:]]
    args = parser.parse_args(argv)
    try:
        if args.command == "train":
            return cmd_train(args)
        if args.command == "scaling":
            from galton import scaling_cli

            return scaling_cli.main(args)
        if args.command == "run":
            return cmd_run(args)
        if args.command == "export":
            from galton import export_cli

            return export_cli.main(args)
        if args.command == "lesson":
            from galton import lesson_cli

            return lesson_cli.main(args)
        return cmd_gui(args)
    except ValueError as exc:  # bad input: say what and where, no traceback
        print(f"galton: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("galton: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
