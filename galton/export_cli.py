"""``galton export``: a training animation (MP4, WebM, GIF, PNG frames) from a scenario, with
no display needed.

    galton export assets/scenarios/sort_three_colours.toml -o training.mp4 \\
        --steps 300 --fps 30 --size 1280x720 --layout combined

Everything is checked before any work starts (exit code 2 with a message); the file appears
only when it is complete (Ctrl+C leaves nothing behind, exit code 130; SIGTERM the same, exit
code 143; a write that fails, exit code 1). See docs/files.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub) -> None:
    from galton.export.plan import FORMATS, LAYOUTS

    p = sub.add_parser(
        "export", help="export a training animation (MP4, WebM, GIF, PNG frames), headless",
        description=__doc__.split("\n\n")[0] + " See docs/export.md.")
    p.add_argument("scenario", type=Path, help="the scenario to train (.toml)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="the file to write: .mp4, .webm, .gif, .zip (PNG frames) or a folder "
                        "(PNG frames)")
    p.add_argument("--format", choices=tuple(FORMATS), default=None,
                   help="the format, if the output's suffix does not say it")
    p.add_argument("--layout", choices=LAYOUTS, default="combined",
                   help="combined (board, landscape and loss chart), board or landscape "
                        "(default: combined)")
    p.add_argument("--size", default="1280x720",
                   help="WIDTHxHEIGHT in pixels, at most 1920x1080 (default: 1280x720)")
    p.add_argument("--fps", type=int, default=30, help="frames per second (default: 30)")
    p.add_argument("--steps", type=int, default=300, help="training steps (default: 300)")
    p.add_argument("--steps-per-frame", type=int, default=1,
                   help="training steps between two frames (default: 1)")
    p.add_argument("--balls-per-frame", type=int, default=2,
                   help="balls dropped through the board per frame (default: 2)")
    p.add_argument("--hold", type=float, default=0.0,
                   help="seconds the last frame stays at the end (default: 0)")
    p.add_argument("--orbit", type=float, default=0.0,
                   help="degrees the landscape camera turns over the clip (default: 0, still)")
    p.add_argument("--quality", type=int, default=20,
                   help="H.264 constant rate factor, 0-51, lower is better (default: 20)")
    p.add_argument("--no-caption", action="store_true",
                   help="leave out the caption bar (step, loss, accuracy, step size)")
    p.add_argument("--lang", choices=("en", "zh_CN"), default=argparse.SUPPRESS,
                   help="language of the words in the frames (default: en)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def main(args) -> int:
    """Run ``galton export``. ValueErrors (ExportError included) become exit code 2 in
    galton.cli.main."""
    from galton.export.plan import make_plan

    plan = make_plan(args.output, format=args.format, size=args.size, layout=args.layout,
                     fps=args.fps, steps=args.steps, steps_per_frame=args.steps_per_frame,
                     balls_per_frame=args.balls_per_frame, hold=args.hold, orbit=args.orbit,
                     quality=args.quality, caption=not args.no_caption)
    if not args.scenario.exists():
        raise ValueError(f"{args.scenario}: file not found")
    from galton.session import Session

    session = Session.from_file(args.scenario)  # a bad scenario: ValueError, exit code 2
    from galton.qt.offscreen import offscreen_application

    offscreen_application(getattr(args, "lang", None))
    from tqdm import tqdm

    from galton.export.plan import ExportCancelled
    from galton.export.run import ExportJob
    from galton.qt.export_frames import FramePainter

    print(f"{session.scenario.name}: {plan.describe()}", file=sys.stderr)
    warnings = []
    job = ExportJob(plan, session, frame_painter=FramePainter, warn=warnings.append)
    bar = tqdm(total=plan.frames, desc="exporting", unit="frame",
               disable=True if args.quiet else None, dynamic_ncols=True, file=sys.stderr)
    from galton.cli_common import StopOnSignal, Terminated, interrupt_code

    stop = StopOnSignal()
    try:
        with stop:
            job.prepare(stop)
            for message in warnings:
                bar.write(f"galton export: warning: {message}", file=sys.stderr)
            path = job.run(progress=lambda done, total: bar.update(done - bar.n),
                           cancelled=stop)
    except (KeyboardInterrupt, ExportCancelled) as exc:
        bar.close()
        terminated = isinstance(exc, Terminated) or stop.terminated
        print(f"galton export: {'stopped by SIGTERM' if terminated else 'interrupted'}; "
              "nothing was written", file=sys.stderr)
        return stop.code if stop() else interrupt_code(exc)
    except OSError as exc:  # e.g. the disk filled up while writing
        bar.close()
        print(f"galton export: error: {exc.strerror or exc}; nothing was written to "
              f"{args.output}", file=sys.stderr)
        return 1
    bar.close()
    t = job.timings
    rate = t["frames"] / max(1e-9, t["render"] + t["encode"]) if t["frames"] else 0.0
    print(f"{_size(path)} written to {path} ({t['frames']} frames; rendering "
          f"{t['render']:.1f} s, encoding {t['encode']:.1f} s in parallel; ~{rate:.0f} "
          "frames/s)", file=sys.stderr)
    return 0


def _size(path: Path) -> str:
    total = path.stat().st_size if path.is_file() else sum(
        f.stat().st_size for f in path.iterdir())
    return f"{total / 1e6:.1f} MB" if total >= 1e5 else f"{total / 1e3:.0f} kB"


