"""``galton scaling``: run a scaling-law sweep headless and fit the laws.

    galton scaling run --rows 1,2,3,4,6,8 --balls 2048 --steps 600 -o sweep.csv
    galton scaling run --rows 16 --balls 32,64,128,256,512,1024,2048 --steps 600 -o sweep.csv
    galton scaling fit sweep.csv

``run`` skips runs already in the CSV, so the same command resumes an interrupted sweep
(Ctrl+C or SIGTERM keeps every finished run and stops the worker processes; a worker also
stops by itself when the main process is killed outright). ``--scheduler tcp://HOST:8786``
sends the runs to a Dask distributed cluster instead of local processes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _ints(text: str) -> tuple:
    try:
        values = tuple(int(v) for v in text.split(",") if v.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole numbers like 1,2,4, got {text!r}") \
            from None
    if not values:
        raise argparse.ArgumentTypeError("expected at least one number")
    return values


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def _step_size(text: str) -> float:
    from galton.cli_common import positive_float

    return positive_float(text)


def add_parser(sub) -> None:
    scaling = sub.add_parser("scaling", help="the scaling-law lab: sweep board and data sizes, "
                                             "fit L(N), L(D), L(C)",
                             description=__doc__.split("\n\n")[0])
    verbs = scaling.add_subparsers(dest="scaling_command", metavar="run|fit", required=True)
    run = verbs.add_parser("run", help="train every combination of sizes; resumable")
    run.add_argument("--rows", type=_ints, default=(1, 2, 3, 4, 6, 8),
                     help="board rows, e.g. 1,2,4,8 (parameters N = rows(rows+1)/2 · (d+1))")
    run.add_argument("--balls", type=_ints, default=(2048,), help="training balls D, e.g. 64,256")
    run.add_argument("--steps", type=_ints, default=(600,), help="training steps, e.g. 100,300")
    run.add_argument("--extra-features", type=_ints, default=(0,),
                     help="pure-noise features added to the 4 colour features (varies d)")
    run.add_argument("--batch", type=_count, default=0, help="batch size (default 0: full batch)")
    run.add_argument("--lr", type=_step_size, default=0.05, help="Adam step size (default 0.05)")
    run.add_argument("--seeds", type=_ints, default=(0,), help="seeds, e.g. 0,1,2")
    run.add_argument("-o", "--out", type=Path, required=True,
                     help="results CSV (resumed if it exists)")
    run.add_argument("--workers", type=_count, default=None,
                     help="local worker processes (default: the CPU count; 0: this process)")
    run.add_argument("--scheduler", default=None,
                     help="a Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    fit = verbs.add_parser("fit", help="fit the power laws of a results CSV")
    fit.add_argument("results", type=Path)
    fit.add_argument("--bootstrap", type=_count, default=200,
                     help="bootstrap resamples (default 200)")


def main(args) -> int:
    from galton.core import scaling
    from galton.core.files import check_writable

    if args.scaling_command == "run":
        try:
            specs = scaling.grid(args.rows, args.balls, args.steps, batch=args.batch, lr=args.lr,
                                 seeds=args.seeds, extra_features=args.extra_features)
            if args.scheduler:
                try:
                    import dask.distributed  # noqa: F401
                except ImportError:
                    print("galton scaling: error: --scheduler needs Dask: pip install "
                          "'galton[cluster]'", file=sys.stderr)
                    return 2
            before = len(scaling.read_results(args.out))
            check_writable(args.out)
            rows = scaling.sweep(specs, args.out, scheduler=args.scheduler, workers=args.workers,
                                 progress=sys.stderr.isatty())
        except KeyboardInterrupt as exc:
            from galton.cli_common import Terminated, interrupt_code

            try:
                done = f"{len(scaling.read_results(args.out))} runs are"
            except ValueError:
                done = "every finished run is"
            terminated = isinstance(exc, Terminated)
            print(f"{'stopped by SIGTERM' if terminated else 'interrupted'}: {done} saved in "
                  f"{args.out}; run the same command to resume", file=sys.stderr)
            return interrupt_code(exc)
        except ValueError as exc:
            print(f"galton scaling: error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:  # a write that failed: what was saved before stays
            print(f"galton scaling: error: {args.out}: {exc.strerror or exc}; the runs saved "
                  "before are kept", file=sys.stderr)
            return 1
        print(f"{len(rows) - before} runs done, {len(rows)} in {args.out}")
        args.results, args.bootstrap = args.out, 200
    try:
        if not args.results.exists():
            raise ValueError(f"{args.results}: file not found")
        rows = scaling.read_results(args.results)
    except ValueError as exc:
        print(f"galton scaling: error: {exc}", file=sys.stderr)
        return 2
    print(report(rows, bootstrap=args.bootstrap))
    return 0


def report(rows, bootstrap: int = 200) -> str:
    from galton.core import scaling
    from galton.core.powerlaw import KAPLAN

    fits = scaling.fit_axes(rows, bootstrap=bootstrap)
    names = {"N": "parameters", "D": "balls", "C": "compute (FLOPs)"}
    lines = [f"{len(rows)} runs"]
    for axis in "NDC":
        fit = fits[axis]
        ref = f"   (Kaplan et al. 2020: α_{axis} ≈ {KAPLAN[axis]})" if axis in "ND" else ""
        if isinstance(fit, str):
            lines.append(f"L({axis}) over {names[axis]}: not fitted: {fit}")
        else:
            lines.append(f"L({axis}) over {names[axis]}: {fit.describe(axis)}{ref}")
    c = scaling.columns(rows)
    lines.append("compute-optimal frontier (compute → test loss, board rows, balls):")
    for i in fits["frontier"]:
        lines.append(f"  {c['compute'][i]:.3g} → {c['test_loss'][i]:.4f}   "
                     f"rows {int(c['rows'][i])}, balls {int(c['balls'][i])}, "
                     f"steps {int(c['steps'][i])}")
    return "\n".join(lines)
