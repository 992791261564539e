"""Loss + gradient throughput of galton's Numba kernel against reference implementations.

All implementations are measured in the same run on the same data (cross-entropy, float64),
and the script prints medians and ratios, so numbers from a noisy shared machine stay
comparable. Every implementation is checked against the NumPy twin before it is timed.

* numba   galton's kernel (chunks of balls sized to the board, vectorised exp, parallel tasks)
* numpy   the NumPy twin in galton.kernels.board_numpy (vectorised over balls)
* naive   a straightforward per-ball Numba loop (libm exp, one ball's whole forward and
          backward pass at a time in L1, parallel over balls)
* jax     jax.jit(jax.value_and_grad(loss)) of the same recursion, x64 (the optional ``bench``
          extra: ``pip install -e '.[bench]'``; says "not installed" without it)
* torch   PyTorch CPU autograd of the same recursion (only if torch is importable)

Beside the times: peg-balls per second (one ball through one peg, forward and backward) and
GFLOP/s counted as 6(d+1) flops per peg-ball (the 2N + 4N per sample convention of
galton.kernels.flops; the sigmoid is not counted). The machine's bound is a vectorised sigmoid
microbenchmark: every peg-ball needs one sigmoid, so no kernel can exceed that rate; the
"bound" column says how close each case gets. The depth sweep shows the cost per peg-ball from
R=4 to R=256: flat means no cliff.

    python benchmarks/bench_kernels.py              # ~2-4 min on 2 quiet cores (JAX compiles)
    python benchmarks/bench_kernels.py --busy       # the same while another process burns a core
    python benchmarks/bench_kernels.py --one-thread # every implementation on one thread, CPU
                                                    # time: steady ratios on a shared machine
    python benchmarks/bench_kernels.py --threads    # 1 vs all threads, quiet and with a
                                                    # core burnt by another process (~1 min)
    python benchmarks/bench_kernels.py --quick      # seconds; for smoke tests
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numba
import numpy as np
from numba import njit, prange

import galton
from galton import kernels
from galton.kernels import board_numba, board_numpy

#: The clock: wall time, or CPU time of the process with --one-thread (a busy machine delays a
#: process but hardly changes the CPU time it uses, so one-thread ratios stay steady).
CLOCK = {"now": time.perf_counter}

# (rows, features, balls, cups): the cases.
CASES = [(12, 4, 4096, 3), (32, 8, 4096, 4), (64, 8, 2048, 4), (128, 8, 512, 4)]
QUICK_CASES = [(6, 3, 256, 3), (16, 4, 128, 4)]
#: Depth sweep: about the same number of peg-balls at every depth.
SWEEP_ROWS = (4, 8, 16, 32, 64, 128, 256)
SWEEP_PEG_BALLS = 4_000_000


@njit(parallel=True, cache=True, error_model="numpy")
def naive_loss_and_grad(theta, X, y, rows, bin_to_cup, out):
    """One ball at a time: the textbook loop (per-ball gradients summed per thread-chunk)."""
    n, d = X.shape
    P = theta.shape[0]
    nodes = P + rows + 1
    n_chunks = 64
    partial = np.zeros((n_chunks, P, d + 1))
    losses = np.zeros(n_chunks)
    for c in prange(n_chunks):
        p = np.empty(P)
        m = np.empty(nodes)
        g = np.empty(nodes)
        for i in range(c * n // n_chunks, (c + 1) * n // n_chunks):
            m[0] = 1.0
            for r in range(rows):
                base = r * (r + 1) // 2
                nxt = base + r + 1
                m[nxt:nxt + r + 2] = 0.0
                for k in range(r + 1):
                    z = theta[base + k, d]
                    for f in range(d):
                        z += theta[base + k, f] * X[i, f]
                    pk = 1.0 / (1.0 + np.exp(-z))
                    p[base + k] = pk
                    m[nxt + k] += m[base + k] * (1.0 - pk)
                    m[nxt + k + 1] += m[base + k] * pk
            q = 0.0
            for j in range(rows + 1):
                if bin_to_cup[j] == y[i]:
                    q += m[P + j]
            q = max(q, 1e-300)
            losses[c] -= np.log(q)
            for j in range(rows + 1):
                g[P + j] = -1.0 / (q * n) if bin_to_cup[j] == y[i] else 0.0
            for r in range(rows - 1, -1, -1):
                base = r * (r + 1) // 2
                nxt = base + r + 1
                for k in range(r + 1):
                    pk = p[base + k]
                    gz = m[base + k] * pk * (1.0 - pk) * (g[nxt + k + 1] - g[nxt + k])
                    g[base + k] = (1.0 - pk) * g[nxt + k] + pk * g[nxt + k + 1]
                    for f in range(d):
                        partial[c, base + k, f] += gz * X[i, f]
                    partial[c, base + k, d] += gz
    out[:] = 0.0
    for c in range(n_chunks):
        out += partial[c]
    return losses.sum() / n


@njit(parallel=True, cache=True, error_model="numpy", fastmath={"contract"})
def sigmoid_throughput(z, p, q, repeats):
    """The bound: (p, q) of every z, ``repeats`` times, in each thread's own slice (in L1),
    with the very sigmoid the kernels inline."""
    n_threads = p.shape[0]
    n = z.shape[0]
    for t in prange(n_threads):
        for _ in range(repeats):
            for i in range(n):
                e = board_numba._exp_neg(z[i])
                pi = 1.0 / (1.0 + e)
                p[t, i] = pi
                q[t, i] = e * pi
    return p[0, 0] + q[0, 0]


def sigmoid_bound() -> float:
    """Sigmoids per second on all threads (the upper bound on peg-balls per second)."""
    threads = numba.get_num_threads()
    z = np.linspace(-6, 6, 2048)
    p, q = np.empty((threads, z.size)), np.empty((threads, z.size))
    repeats = 200
    sigmoid_throughput(z, p, q, repeats)
    best = float("inf")
    now = CLOCK["now"]
    for _ in range(15):  # the best run: a bound is what the machine can do when it lets us
        t = now()
        sigmoid_throughput(z, p, q, repeats)
        best = min(best, now() - t)
    return threads * z.size * repeats / best


def jax_impl():
    """jax.jit(jax.value_and_grad(...)) of the recursion, or None when JAX is missing."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)

    def build(rows, bin_to_cup, cups):
        A = jnp.asarray(board_numpy.cup_matrix(bin_to_cup, cups))

        def loss(theta, X, y):
            z = X @ theta[:, :-1].T + theta[:, -1]
            p, q = jax.nn.sigmoid(z), jax.nn.sigmoid(-z)
            m = jnp.ones((X.shape[0], 1))
            for r in range(rows):
                o = r * (r + 1) // 2
                m = (jnp.pad(m * q[:, o:o + r + 1], ((0, 0), (0, 1)))
                     + jnp.pad(m * p[:, o:o + r + 1], ((0, 0), (1, 0))))
            Q = jnp.take_along_axis(m @ A, y[:, None], axis=1)[:, 0]
            return -jnp.mean(jnp.log(jnp.maximum(Q, board_numpy.Q_FLOOR)))

        f = jax.jit(jax.value_and_grad(loss))

        def run(theta, X, y):
            value, grad = f(theta, X, y)
            return float(value), np.asarray(grad.block_until_ready())

        return run

    return build


def torch_impl():
    try:
        import torch
    except ImportError:
        return None

    def run(theta, X, y, rows, bin_to_cup, cups):
        th = torch.tensor(theta, requires_grad=True)
        Xt = torch.from_numpy(X)
        yt = torch.from_numpy(y)
        A = torch.from_numpy(board_numpy.cup_matrix(bin_to_cup, cups))
        z = Xt @ th[:, :-1].T + th[:, -1]
        p, q = torch.sigmoid(z), torch.sigmoid(-z)
        m = torch.ones(X.shape[0], 1, dtype=torch.float64)
        for r in range(rows):
            o = r * (r + 1) // 2
            left = torch.nn.functional.pad(m * q[:, o:o + r + 1], (0, 1))
            right = torch.nn.functional.pad(m * p[:, o:o + r + 1], (1, 0))
            m = left + right
        Q = (m @ A).gather(1, yt[:, None])[:, 0]
        loss = -torch.log(torch.clamp(Q, min=board_numpy.Q_FLOOR)).mean()
        loss.backward()
        return float(loss.detach()), th.grad.numpy()

    return run


def median_time(fn, repeats, min_time=0.2):
    fn()  # warm (JIT, caches)
    times = []
    now = CLOCK["now"]
    start = time.perf_counter()
    while len(times) < repeats or (time.perf_counter() - start < min_time and len(times) < 200):
        t = now()
        fn()
        times.append(now() - t)
    return statistics.median(times)


def round_robin(impls, repeats, min_time=0.3):
    """Median seconds of each implementation, timed in turns (each once per round)."""
    for fn in impls.values():
        fn()  # warm (JIT, caches)
    times = {name: [] for name in impls}
    now = CLOCK["now"]
    start = time.perf_counter()
    rounds = 0
    while rounds < repeats or (time.perf_counter() - start < min_time and rounds < 200):
        for name, fn in impls.items():
            t = now()
            fn()
            times[name].append(now() - t)
        rounds += 1
    return {name: statistics.median(ts) for name, ts in times.items()}


def problem(rows, d, n, cups):
    rng = np.random.default_rng(0)
    board = galton.Board(rows, d, cups, init="normal", scale=0.3, seed=1)
    return board, rng.normal(size=(n, d)), rng.integers(0, cups, n)


def make_case(rows, d, n, cups, jax_build, torch_run):
    """The implementations for one board size, each checked against the NumPy twin first."""
    board, X, y = problem(rows, d, n, cups)
    layout = board.cup_layout
    theta = board.theta
    ref_value, ref_grad = kernels.loss_and_grad("numpy", theta, X, y, rows, layout,
                                                "cross_entropy")
    impls = {
        "numba": lambda: kernels.loss_and_grad("numba", theta, X, y, rows, layout,
                                               "cross_entropy"),
        "numpy": lambda: kernels.loss_and_grad("numpy", theta, X, y, rows, layout,
                                               "cross_entropy"),
    }
    naive_out = np.empty_like(theta)
    impls["naive"] = lambda: (naive_loss_and_grad(theta, X, y, rows, layout.bin_to_cup,
                                                  naive_out), naive_out)
    compile_seconds = None
    if jax_build is not None:
        run = jax_build(rows, layout.bin_to_cup, cups)
        t = time.perf_counter()
        run(theta, X, y)
        compile_seconds = time.perf_counter() - t
        impls["jax"] = lambda: run(theta, X, y)
    if torch_run is not None:
        impls["torch"] = lambda: torch_run(theta, X, y, rows, layout.bin_to_cup, cups)
    for name, fn in impls.items():
        value, grad = fn()
        # A benchmark of a wrong answer measures nothing: check every implementation first.
        if not np.isclose(value, ref_value, rtol=1e-9) or not np.allclose(grad, ref_grad,
                                                                          rtol=1e-7, atol=1e-12):
            raise AssertionError(f"{name} disagrees with the NumPy twin at R={rows}")
    return impls, compile_seconds


def depth_sweep(rows_list, peg_balls, repeats):
    """(rows, balls, ns per peg-ball) of galton's kernel at each depth, same work each."""
    out = []
    for rows in rows_list:
        pegs = rows * (rows + 1) // 2
        n = max(64, peg_balls // pegs // 64 * 64)
        board, X, y = problem(rows, 8, n, 4)
        def run(board=board, X=X, y=y, rows=rows):
            return kernels.loss_and_grad("numba", board.theta, X, y, rows, board.cup_layout,
                                         "cross_entropy")

        seconds = median_time(run, repeats)
        out.append((rows, n, seconds / (n * pegs) * 1e9))
    return out


def startup(quick: bool):
    """First-call time of loss_and_grad in a fresh process: empty cache, then filled cache."""
    code = (
        "import time, numpy as np; t0 = time.perf_counter();"
        "import galton; t1 = time.perf_counter();"
        "b = galton.Board(4, 2, 2); X = np.zeros((8, 2)); y = np.zeros(8, int);"
        "galton.loss_and_grad(b, X, y); t2 = time.perf_counter();"
        "galton.loss_and_grad(b, X, y); t3 = time.perf_counter();"
        "print(t1 - t0, t2 - t1, t3 - t2)"
    )
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        for label in ("cold", "warm"):
            res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                 text=True, check=True)
            out[label] = [float(v) for v in res.stdout.split()]
    return out


def thread_check(cases, repeats):
    """Median ms of galton's loss + gradient with 1 thread and with all, first as the machine
    is, then while another process burns a core; the threads alternate round by round."""
    most = numba.get_num_threads()
    counts = sorted({1, most})
    print(f"threads: median ms (quiet = as the machine is; busy = plus a process burning a "
          f"core); a step should slow by at most the lost core's share: {most}/({most}-1) "
          f"= {most / max(1, most - 1):.1f}x" if most > 1 else "threads: only one available")
    for case in cases:
        rows, d, n, cups = case
        board, X, y = problem(rows, d, n, cups)

        layout, XT, grad = board.cup_layout, np.ascontiguousarray(X.T), np.empty_like(board.theta)
        chunk = board_numba.chunk_for(rows, True, n)

        def run(board=board, XT=XT, y=y, rows=rows, layout=layout, grad=grad, chunk=chunk):
            # The compiled kernel itself: the facade would run small calls on one thread
            # whatever the setting (kernels.SERIAL_BELOW, chosen from this comparison).
            board_numba.loss_and_grad(board.theta, XT, y, rows, layout.bin_to_cup, layout.lo,
                                      layout.hi, 0, True, grad, chunk)

        row = {}
        for label in ("quiet", "busy"):
            hog = burner() if label == "busy" else None
            try:
                time.sleep(0.2)
                impls = {}
                for k in counts:
                    def at(k=k):
                        numba.set_num_threads(k)
                        run()
                    impls[k] = at
                row.update({(label, k): t for k, t in round_robin(impls, repeats).items()})
            finally:
                numba.set_num_threads(most)
                if hog is not None:
                    hog.kill()
                    hog.wait()
        cells = "  ".join(f"{label} {k}t {row[label, k] * 1e3:8.2f}" for label in ("quiet", "busy")
                          for k in counts)
        slow = row["busy", most] / row["quiet", most]
        print(f"  R={rows:<4} {cells}   busy/quiet at {most} threads: {slow:.2f}x")


def burner():
    """A process that keeps one core busy (another program, or the UI thread rendering)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


ONE_THREAD = {
    "GALTON_BENCH_ONE_THREAD": "1", "NUMBA_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, few repeats")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--busy", action="store_true",
                        help="time everything while another process burns one core")
    parser.add_argument("--no-jax", action="store_true")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--threads", action="store_true",
                        help="only compare thread counts, quiet and with a core burnt")
    parser.add_argument("--one-thread", action="store_true",
                        help="one thread for every implementation, timed in CPU time")
    args = parser.parse_args(argv)
    if args.one_thread and not os.environ.get("GALTON_BENCH_ONE_THREAD"):
        # Thread pools are sized when numpy, Numba and JAX load: start afresh with them set.
        argv = sys.argv[1:] if argv is None else list(argv)
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__), *argv],
                  dict(os.environ, **ONE_THREAD))
    if args.one_thread:
        CLOCK["now"] = time.process_time
        print("one thread everywhere, CPU time of the process")
    if args.threads:
        thread_check(QUICK_CASES if args.quick else CASES[:1] + CASES[2:3], repeats=9)
        return 0
    started = time.perf_counter()
    cases = QUICK_CASES if args.quick else CASES
    repeats = 3 if args.quick else args.repeats
    jax_build = None if args.no_jax else jax_impl()
    torch_run = None if args.no_torch else torch_impl()
    print(f"galton {galton.__version__}, numba {numba.__version__} "
          f"({numba.get_num_threads()} threads, layer {numba.config.THREADING_LAYER}), "
          f"numpy {np.__version__}" + ("" if torch_run is None else ", torch available"))
    if args.no_jax:
        print("jax: skipped (--no-jax)")
    elif jax_build is None:
        print("jax: not installed (pip install -e '.[bench]' adds it)")
    else:
        import jax

        print(f"jax {jax.__version__} on {jax.devices()[0].platform}, x64")
    hog = burner() if args.busy else None
    try:
        if hog is not None:
            print("busy: another process burns one core during every timing")
        bound = sigmoid_bound()
        print(f"machine bound: {bound / 1e6:.0f} M sigmoids/s on {numba.get_num_threads()} "
              f"threads ({1e9 * numba.get_num_threads() / bound:.2f} ns each per thread)")
        built = {}
        for case in cases:
            built[case], compile_seconds = make_case(*case, jax_build, torch_run)
            if compile_seconds is not None:
                print(f"jax compile + first call R={case[0]}: {compile_seconds:.1f} s")
        time.sleep(0.5)  # JAX's threads spin after its calls (see below)
        # Round robin: each repeat times every implementation once, so a change in the
        # machine's load hits them all alike and the ratios stay fair. JAX's and PyTorch's
        # thread pools keep spinning for a while after their calls and would steal the cores
        # from whatever is timed next (measured: galton's kernel 20x slower right after a JAX
        # call), so they are timed on their own, afterwards.
        order = ("numba", "numpy", "naive", "jax", "torch")
        apart = ("jax", "torch")
        times = {}
        for case, impls in built.items():
            first = {name: fn for name, fn in impls.items() if name not in apart}
            times.update({(case, name): t for name, t in round_robin(first, repeats).items()})
        for name in apart:
            for case, impls in built.items():
                if name in impls:
                    times[case, name] = median_time(impls[name], repeats)
            time.sleep(0.5)  # let its threads go to sleep
        print(f"{'case':<22}{'impl':<8}{'median ms':>11}{'M peg-balls/s':>15}{'GFLOP/s':>9}"
              f"{'bound':>7}{'numba is x faster':>19}")
        for case in cases:
            rows, d, n, _ = case
            peg_balls = n * rows * (rows + 1) // 2
            res = {name: times[case, name] for name in order if (case, name) in times}
            label = f"R={rows} d={d} N={n}"
            for name, seconds in res.items():
                ratio = "" if name == "numba" else f"{seconds / res['numba']:.1f}"
                rate = peg_balls / seconds
                print(f"{label:<22}{name:<8}{seconds * 1e3:>11.3f}{rate / 1e6:>15.1f}"
                      f"{rate * 6 * (d + 1) / 1e9:>9.2f}{100 * rate / bound:>6.0f}%{ratio:>19}")
                label = ""
        if not args.no_sweep:
            rows_list = SWEEP_ROWS[:3] if args.quick else SWEEP_ROWS
            work = SWEEP_PEG_BALLS // (20 if args.quick else 1)
            print("depth sweep (numba, d=8, ~same peg-balls each): ns per peg-ball, flat = "
                  "no cliff")
            for rows, n, ns in depth_sweep(rows_list, work, repeats):
                print(f"  R={rows:<4} N={n:<6} {ns:6.2f} ns   {1e9 / ns / bound * 100:4.0f}% "
                      f"of bound")
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
    if not args.no_startup:
        s = startup(args.quick)
        for label, (imp, first, second) in s.items():
            print(f"start-up ({label} Numba cache): import {imp:.2f} s, first loss_and_grad "
                  f"{first:.2f} s, second {second * 1e3:.2f} ms")
    print(f"took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
