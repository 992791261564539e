"""Loss + gradient throughput of galton's Numba kernel against reference implementations.

All implementations are measured in the same run on the same data, and the script prints
medians and ratios, so numbers from a noisy shared machine stay comparable:

* numba      galton's kernel (chunked over balls, vectorised exp, parallel over chunks)
* numpy      the NumPy twin in galton.kernels.board_numpy (vectorised over balls)
* naive      a straightforward per-ball Numba loop (libm exp, one ball at a time, prange)
* torch      PyTorch CPU autograd over the same recursion (only if torch is importable)

It also measures JIT start-up: the first call in a fresh process with an empty Numba cache
(cold) and with the cache filled (warm).

    python benchmarks/bench_kernels.py            # full run
    python benchmarks/bench_kernels.py --quick    # seconds; for smoke tests
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
from galton.kernels import board_numpy

CASES = [(12, 4, 4096, 3), (64, 8, 2048, 4)]
QUICK_CASES = [(6, 3, 256, 3), (16, 4, 128, 4)]


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
    start = time.perf_counter()
    while len(times) < repeats or (time.perf_counter() - start < min_time and len(times) < 200):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def make_case(rows, d, n, cups, torch_run):
    """The implementations for one board size, each checked against the NumPy twin first."""
    rng = np.random.default_rng(0)
    board = galton.Board(rows, d, cups, init="normal", scale=0.3, seed=1)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, cups, n)
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
    if torch_run is not None:
        impls["torch"] = lambda: torch_run(theta, X, y, rows, layout.bin_to_cup, cups)
    for name, fn in impls.items():
        value, grad = fn()
        # A benchmark of a wrong answer measures nothing: check every implementation first.
        if not np.isclose(value, ref_value, rtol=1e-9) or not np.allclose(grad, ref_grad,
                                                                          rtol=1e-7, atol=1e-12):
            raise AssertionError(f"{name} disagrees with the NumPy twin at R={rows}")
    return impls


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, few repeats")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--no-startup", action="store_true")
    args = parser.parse_args(argv)
    cases = QUICK_CASES if args.quick else CASES
    repeats = 3 if args.quick else args.repeats
    torch_run = None if args.no_torch else torch_impl()
    print(f"galton {galton.__version__}, numba {numba.__version__} "
          f"({numba.get_num_threads()} threads, layer {numba.config.THREADING_LAYER}), "
          f"numpy {np.__version__}" + ("" if torch_run is None else ", torch available"))
    print(f"{'case':<22}{'impl':<8}{'median ms':>11}{'balls/ms':>10}{'numba is x faster':>19}")
    built = {case: make_case(*case, torch_run) for case in cases}
    # PyTorch's OpenMP threads keep spinning after its calls and would steal the cores from
    # whatever is timed next, so every other implementation is timed first, torch last.
    order = [name for name in ("numba", "numpy", "naive", "torch")]
    times = {}
    for name in order:
        for case, impls in built.items():
            if name in impls:
                times[case, name] = median_time(impls[name], repeats)
    for case in cases:
        rows, d, n, _ = case
        res = {name: times[case, name] for name in order if (case, name) in times}
        label = f"R={rows} d={d} N={n}"
        for name, seconds in res.items():
            ratio = "" if name == "numba" else f"{seconds / res['numba']:.1f}"
            print(f"{label:<22}{name:<8}{seconds * 1e3:>11.3f}{n / (seconds * 1e3):>10.0f}"
                  f"{ratio:>19}")
            label = ""
    if not args.no_startup:
        s = startup(args.quick)
        for label, (imp, first, second) in s.items():
            print(f"start-up ({label} Numba cache): import {imp:.2f} s, first loss_and_grad "
                  f"{first:.2f} s, second {second * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
