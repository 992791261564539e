"""A long training soak: does memory stay flat and does throughput hold over a long run?

    .venv/bin/python benchmarks/bench_soak.py                  # 10 minutes (600 s)
    .venv/bin/python benchmarks/bench_soak.py --duration 5     # a few seconds, for the smoke test

Trains the default board (6 rows, 300 colour balls, a quarter held out, SGD at 0.5, batches
of 32) step after step for ``--duration`` seconds, writing a checkpoint every
``--checkpoint-every`` steps to the same file, as a long classroom session or a ``galton
train --checkpoint`` run would. It samples the process's resident memory and the step count
every ``--sample-every`` steps and reports:

* the memory slope: a least-squares line through the samples after the first fifth of the
  run (start-up, compilation and the first allocations are not a leak), in MB per 100k steps;
* steps per second over the first and the last fifth of the run (checkpoints included);
* the history's length (records kept) and the checkpoint's size and write time, first and last.

Only the public API is used (Trainer.step, save_checkpoint, len(history)), so the same script
measures any version of galton.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def resident_mb() -> float:
    """Resident set size of this process in MB (Linux /proc; ru_maxrss elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource

        scale = 1 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def slope(xs, ys) -> float:
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx if sxx else float("nan")


def rate(samples, t0, t1) -> float:
    """Steps per second between the samples nearest to times t0 and t1."""
    inside = [s for s in samples if t0 <= s[1] <= t1]
    if len(inside) < 2:
        return float("nan")
    (s0, a, _), (s1, b, _) = inside[0], inside[-1]
    return (s1 - s0) / (b - a) if b > a else float("nan")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=600.0,
                        help="seconds of training (default 600: ten minutes)")
    parser.add_argument("--checkpoint-every", type=int, default=10_000,
                        help="steps between two checkpoints (default 10000)")
    parser.add_argument("--sample-every", type=int, default=2_000,
                        help="steps between two memory samples (default 2000)")
    parser.add_argument("--threads", type=int, default=1,
                        help="Numba threads (default 1: on a shared machine the parallel "
                             "kernels' threads wait for each other and hide what the soak "
                             "measures, the per-step bookkeeping)")
    args = parser.parse_args(argv)

    import numba

    import galton

    numba.set_num_threads(max(1, min(args.threads, numba.config.NUMBA_NUM_THREADS)))

    data = galton.datasets.colors(300, colors=3, seed=0)
    train, test = data.split(0.25, seed=0)
    board = galton.Board(6, data.features, data.n_classes, seed=0)
    trainer = galton.Trainer(board, train, galton.optim.SGD(0.5), batch_size=32, test=test,
                             seed=0)
    trainer.run(10)  # compile (or load) the kernels before the clock starts
    folder = tempfile.mkdtemp(prefix="galton-soak-")
    ck = Path(folder) / "soak.npz"
    samples = []  # (steps, seconds, MB)
    writes = []  # (steps, seconds to write, bytes)
    start = time.perf_counter()
    steps = 0
    while True:
        trainer.step()
        steps += 1
        if steps % args.checkpoint_every == 0:
            t = time.perf_counter()
            trainer.save_checkpoint(ck)
            writes.append((steps, time.perf_counter() - t, ck.stat().st_size))
        if steps % args.sample_every == 0:
            now = time.perf_counter() - start
            samples.append((steps, now, resident_mb()))
            if now >= args.duration:
                break
    elapsed = time.perf_counter() - start
    cut = args.duration / 5
    late = [s for s in samples if s[1] >= cut] or samples
    mb_per_100k = slope([s[0] for s in late], [s[2] for s in late]) * 100_000
    print(f"galton {galton.__version__}, {numba.get_num_threads()} Numba thread(s): "
          f"{steps} steps in {elapsed:.0f} s "
          f"({steps / elapsed:.0f} steps/s overall), status {trainer.status}")
    print(f"memory: {samples[0][2]:.1f} MB at {samples[0][0]} steps, {samples[-1][2]:.1f} MB at "
          f"{samples[-1][0]} steps; slope {mb_per_100k:.2f} MB per 100k steps")
    print(f"steps/s: start {rate(samples, 0, cut):.0f}, "
          f"end {rate(samples, elapsed - cut, elapsed):.0f}")
    print(f"history: {len(trainer.history)} records kept for {trainer.step_count} steps")
    if writes:
        (s0, t0, b0), (s1, t1, b1) = writes[0], writes[-1]
        print(f"checkpoint: {b0 / 1e6:.2f} MB in {t0 * 1e3:.0f} ms at {s0} steps, "
              f"{b1 / 1e6:.2f} MB in {t1 * 1e3:.0f} ms at {s1} steps ({len(writes)} written)")
    else:
        print("checkpoint: none written (run shorter than --checkpoint-every)")
    ck.unlink(missing_ok=True)
    os.rmdir(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
