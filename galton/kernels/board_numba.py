"""Numba kernels for the board: forward, loss, loss + gradient, and drop.

Why the layout looks the way it does (see docs/performance.md for the measurements):

* Balls are processed in chunks of ``chunk`` lanes (``chunk_for``), and every inner loop runs
  over the lanes of one chunk for one peg, so LLVM turns it into SIMD code. A chunk's features
  are first copied into a small (d, chunk) block: indices into it start at 0, so they need no
  negative-index check, which would otherwise turn contiguous loads into gathers.
* The chunk is chosen from the board (``chunk_for``): what the backward pass keeps per chunk
  (p, q and the mass of every peg: 24 bytes per peg and lane) must stay in the caches, but
  too few lanes pay the per-peg loop overhead: 128 lanes up to 64 rows, 40 at 128 rows, 16
  at 256. Passes that need no gradient keep only two rows of masses (no storage per peg) and
  use 128 lanes at every depth.
* Arrays that a loop both reads and writes are rows of one 2-D array at computed offsets, not
  separate arrays swapped after each row: with swapped arrays LLVM's run-time alias checks
  send the loop down its scalar path (measured 4x slower).
* ``exp`` is computed with a range reduction and a polynomial, building 2**k from bits
  (``_f2i``/``_i2f`` reinterpret a float's bits), all inside the one loop per peg that also
  moves the masses, so the sigmoid vectorises without a round trip through memory. libm's exp
  is a scalar call that blocks vectorisation. It agrees with numpy's exp to a few ulp.
* Balls are split into a fixed number of tasks (``TASKS``, not the thread count); each task
  adds its chunks' gradients, in order, into its own slot and the slots are added in order
  afterwards. So the result does not depend on how many threads ran, and a descheduled thread
  holds up only its own small tasks.
* Only the small dot-product helper is compiled with reassociation (``fastmath``) so that its
  reduction vectorises; the exp trick must not be reassociated.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from numba import config, njit, prange, types
from numba.extending import intrinsic

from galton.kernels.board_numpy import Q_FLOOR

# error_model="numpy": a float division returns inf instead of raising ZeroDivisionError. The
# check Python semantics need is a branch in every loop, and it stops LLVM vectorising them.
# nogil: a GUI trains in a worker thread; releasing the GIL keeps the UI thread responsive.
kernel = partial(njit, cache=True, error_model="numpy", nogil=True)

#: Bytes of the backward pass's per-chunk state (p, q, mass per peg and lane) aimed for, per
#: thread. Measured (docs/performance.md): the state may spill from the 1 MiB L2 into the
#: shared 32 MiB L3 at no visible cost as long as every thread's chunk fits there with room to
#: spare; past that (a 256-row board with 48 lanes, 38 MB) a peg-ball costs 4x more.
CHUNK_BYTES = 8 * 1024 * 1024
#: Balls of every loss-and-gradient call are split into at most this many tasks (threads pick
#: them up); a fixed number, so that results do not depend on the thread count.
TASKS = 32


def chunk_for(rows: int, want_grad: bool = True, n_balls: int | None = None) -> int:
    """Lanes per chunk: a multiple of 8 (one AVX-512 register), at most 128 (longer chunks
    gain nothing measurable), at least 16 (shorter ones pay the per-peg loop overhead: 8 lanes
    cost 2-3x more per peg-ball), and with gradients small enough that the chunk's p, q and
    masses fit in CHUNK_BYTES. Never much more than ``n_balls``: every pass runs over whole
    chunks."""
    if want_grad:
        pegs = rows * (rows + 1) // 2
        lanes = int(min(128, max(16, CHUNK_BYTES // (24 * pegs) // 8 * 8)))
    else:
        lanes = 128
    if n_balls is not None:
        lanes = min(lanes, max(8, (n_balls + 7) // 8 * 8))
    return lanes


_LOG2E = 1.4426950408889634
_LN2_HI = 0.6931471803691238  # ln 2 split in two so k*ln2 is exact for |k| < 2**20
_LN2_LO = 1.9082149292705877e-10
_SHIFTER = 6755399441055744.0  # 1.5 * 2**52: adding it rounds to an integer kept in the low bits
_SHIFTER_BITS = 0x4338000000000000
_EXP_BIAS = 1023


@intrinsic
def _f2i_intrinsic(typingctx, x):
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(types.int64))
    return types.int64(types.float64), codegen


@intrinsic
def _i2f_intrinsic(typingctx, x):
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(types.float64))
    return types.float64(types.int64), codegen


def _f2i_python(x):
    return int(np.array(x, dtype=np.float64).view(np.int64))


def _i2f_python(x):
    return float(np.array(x, dtype=np.int64).view(np.float64))


# The bits of a float64 as an int64 and back, no conversion. Intrinsics cannot run as plain
# Python, so with NUMBA_DISABLE_JIT the kernels use the numpy equivalents.
_f2i = _f2i_python if config.DISABLE_JIT else _f2i_intrinsic
_i2f = _i2f_python if config.DISABLE_JIT else _i2f_intrinsic


@kernel(inline="always")
def _exp_poly(r):
    # Taylor series of exp on |r| <= ln2/2 in Horner form; truncation error < 2e-17.
    q = 1.0 / 479001600.0
    q = 1.0 / 39916800.0 + r * q
    q = 1.0 / 3628800.0 + r * q
    q = 1.0 / 362880.0 + r * q
    q = 1.0 / 40320.0 + r * q
    q = 1.0 / 5040.0 + r * q
    q = 1.0 / 720.0 + r * q
    q = 1.0 / 120.0 + r * q
    q = 1.0 / 24.0 + r * q
    q = 1.0 / 6.0 + r * q
    q = 0.5 + r * q
    q = 1.0 + r * q
    return 1.0 + r * q


@kernel(inline="always")
def _exp_neg(z):
    """exp(-z) with -z clamped to [-708, 709], where the sigmoid is already exactly 0 or 1 in
    float64 (the numpy twin clamps the same way). Straight-line code: it vectorises."""
    t = min(max(-z, -708.0), 709.0)
    shifted = t * _LOG2E + _SHIFTER
    kf = shifted - _SHIFTER
    r = (t - kf * _LN2_HI) - kf * _LN2_LO
    return _exp_poly(r) * _i2f((_f2i(shifted) - _SHIFTER_BITS + _EXP_BIAS) << 52)


@kernel(fastmath={"contract"})
def _sigmoid_row(z, p, q, row, n, scratch, bits):
    """p[row, i] = 1 / (1 + exp(-z[i])) and q[row, i] = 1 - p[row, i] (as e/(1+e), accurate
    where p is nearly 1) for n values: the sigmoid every kernel inlines, on its own.
    (``scratch`` and ``bits`` are unused; kept so callers of the old signature still work.)"""
    for i in range(n):
        e = _exp_neg(z[i])
        pi = 1.0 / (1.0 + e)
        p[row, i] = pi
        q[row, i] = e * pi


@kernel(fastmath={"reassoc", "contract"})
def _accumulate(gz, xc, n, out, peg):
    """out[peg, f] += sum_i gz[i] * x_f[i]; reassociation lets the sums vectorise."""
    d = xc.shape[0]
    for f in range(d):
        acc = 0.0
        for i in range(n):
            acc += gz[i] * xc[f, i]
        out[peg, f] += acc
    acc = 0.0
    for i in range(n):
        acc += gz[i]
    out[peg, d] += acc


@kernel(fastmath={"contract"}, inline="always")
def _logits(theta, xc, n, peg, z):
    """z[i] = w_peg . x_i + b_peg for the n lanes of a chunk."""
    d = xc.shape[0]
    bias = theta[peg, d]
    for i in range(n):
        z[i] = bias
    # Four features per pass: z is loaded and stored a quarter as often.
    f = 0
    while f + 4 <= d:
        w0, w1 = theta[peg, f], theta[peg, f + 1]
        w2, w3 = theta[peg, f + 2], theta[peg, f + 3]
        for i in range(n):
            z[i] += (w0 * xc[f, i] + w1 * xc[f + 1, i]) + (w2 * xc[f + 2, i] + w3 * xc[f + 3, i])
        f += 4
    while f < d:
        w = theta[peg, f]
        for i in range(n):
            z[i] += w * xc[f, i]
        f += 1


@kernel()
def _load_chunk(XT, s, n, xc):
    """Copy balls s..s+n-1 into xc (d, chunk); the lanes past n get zeros: every pass runs
    over the whole chunk (so its loops have one length), and those lanes get no adjoint."""
    for f in range(XT.shape[0]):
        for i in range(n):
            xc[f, i] = XT[f, s + i]
        for i in range(n, xc.shape[1]):
            xc[f, i] = 0.0


@kernel(fastmath={"contract"})
def _forward_chunk(theta, xc, rows, p, q, m, z):
    """Fill p[peg] (p_right), q = 1 - p and m[node] (masses) for every lane of one chunk."""
    n = xc.shape[1]
    for i in range(n):
        m[0, i] = 1.0
    for r in range(rows):
        base = r * (r + 1) // 2
        nxt = base + r + 1  # node (r+1, 0)
        for k in range(r + 1):
            peg = base + k
            left = nxt + k
            _logits(theta, xc, n, peg, z)
            if k == 0:
                for i in range(n):
                    m[left, i] = 0.0
            for i in range(n):
                e = _exp_neg(z[i])
                pi = 1.0 / (1.0 + e)
                qi = e * pi
                p[peg, i] = pi
                q[peg, i] = qi
                mi = m[peg, i]
                m[left, i] += mi * qi
                m[left + 1, i] = mi * pi


@kernel(fastmath={"contract"})
def _forward_masses(theta, xc, rows, m2, z):
    """Bin masses of one chunk, keeping only two rows of masses (rows 0..R and R+1..2R+1 of
    m2, in turns): what a pass without gradient needs. Returns where the bins start in m2.

    (Row offsets into one 2-D array, not two arrays swapped nor a 3-D array: with those LLVM's
    alias checks send the loop down its scalar path, 4x slower, measured.)"""
    n = xc.shape[1]
    width = rows + 1
    for i in range(n):
        m2[0, i] = 1.0
    for r in range(rows):
        base = r * (r + 1) // 2
        cur = (r & 1) * width
        nxt = width - cur
        for i in range(n):
            m2[nxt, i] = 0.0
        for k in range(r + 1):
            _logits(theta, xc, n, base + k, z)
            src = cur + k
            dst = nxt + k
            for i in range(n):
                e = _exp_neg(z[i])
                pi = 1.0 / (1.0 + e)
                mi = m2[src, i]
                m2[dst, i] += mi * (e * pi)
                m2[dst + 1, i] = mi * pi
    return (rows & 1) * width


@kernel()
def _chunk_loss_and_seed(m, y, s, n, bins_start, bin_to_cup, cup_lo, cup_hi, kind, scale, g,
                         want_grad, qc):
    """Loss of balls s..s+n-1 (summed), how many of them have their own cup as most likely,
    and, if asked, the adjoint of the bin masses into g[j]. ``qc`` is a (cups,) scratch."""
    cups = cup_lo.shape[0]
    total = 0.0
    correct = 0
    for i in range(n):
        yi = y[s + i]
        best = 0
        for c in range(cups):
            acc = 0.0
            for j in range(cup_lo[c], cup_hi[c]):
                acc += m[bins_start + j, i]
            qc[c] = acc
            if acc > qc[best]:
                best = c
        if best == yi:
            correct += 1
        if kind == 0:  # cross-entropy
            if qc[yi] > Q_FLOOR:
                total -= np.log(qc[yi])
                seed = -scale / qc[yi]
            else:
                total -= np.log(Q_FLOOR)
                seed = 0.0
            if want_grad:
                for j in range(bin_to_cup.shape[0]):
                    g[j, i] = seed if bin_to_cup[j] == yi else 0.0
        else:  # mse
            sq = 0.0
            for c in range(cups):
                diff = qc[c] - (1.0 if c == yi else 0.0)
                sq += diff * diff
                if want_grad:
                    for j in range(cup_lo[c], cup_hi[c]):
                        g[j, i] = scale * diff
            total += 0.5 * sq
    return total, correct


@kernel(fastmath={"contract"})
def _backward_chunk(xc, rows, p, q, m, g2, gz, out):
    """Reverse mode through the masses; adds dLoss/dtheta for one chunk into out.

    ``g2`` (2(R+1), chunk) holds the adjoint of the bin masses in its first R+1 rows on entry
    (zero in lanes without a ball). Only two rows of adjoints are alive at a time, in the two
    halves of g2 in turns (row offsets, not swapped arrays: see _forward_masses).
    """
    n = xc.shape[1]
    width = rows + 1
    for r in range(rows - 1, -1, -1):
        base = r * (r + 1) // 2
        below = ((rows - 1 - r) & 1) * width
        up = width - below
        for k in range(r + 1):
            peg = base + k
            left = below + k
            for i in range(n):
                pi = p[peg, i]
                qi = q[peg, i]
                gl = g2[left, i]
                gr = g2[left + 1, i]
                gz[i] = m[peg, i] * pi * qi * (gr - gl)
                g2[up + k, i] = qi * gl + pi * gr
            _accumulate(gz, xc, n, out, peg)


@kernel()
def _task_range(task, n_tasks, n_chunks):
    """Chunks first..last-1 of task ``task``: consecutive, as even as possible."""
    return task * n_chunks // n_tasks, (task + 1) * n_chunks // n_tasks


@kernel(parallel=True)
def loss_and_grad(theta, XT, y, rows, bin_to_cup, cup_lo, cup_hi, kind, want_grad, grad_out,
                  chunk):
    """(mean loss, number of balls whose most likely cup is their label); if ``want_grad``,
    the gradient of the mean loss is written into grad_out.

    ``chunk`` balls are processed together (see chunk_for); the result depends on it only at
    the level of float rounding, never on the number of threads."""
    n_pegs, width = theta.shape
    d = width - 1
    n_balls = XT.shape[1]
    n_chunks = (n_balls + chunk - 1) // chunk
    n_tasks = min(n_chunks, TASKS)
    scale = 1.0 / n_balls
    losses = np.zeros(n_tasks)
    corrects = np.zeros(n_tasks, dtype=np.int64)
    partial = np.zeros((n_tasks if want_grad else 1, n_pegs, width))
    for t in prange(n_tasks):
        first, last = _task_range(t, n_tasks, n_chunks)
        xc = np.empty((d, chunk))
        z = np.empty(chunk)
        g = np.empty((2 * rows + 2, chunk))
        qc = np.empty(cup_lo.shape[0])
        # Without a gradient only two rows of masses are kept (the unused buffers are empty).
        kept = n_pegs if want_grad else 0
        p = np.empty((kept, chunk))
        q = np.empty((kept, chunk))
        m = np.empty((kept + rows + 1 if want_grad else 0, chunk))
        m2 = np.empty((0 if want_grad else 2 * rows + 2, chunk))
        total = 0.0
        correct = 0
        for c in range(first, last):
            s = c * chunk
            n = min(chunk, n_balls - s)
            _load_chunk(XT, s, n, xc)
            if want_grad:
                _forward_chunk(theta, xc, rows, p, q, m, z)
                value, right = _chunk_loss_and_seed(m, y, s, n, n_pegs, bin_to_cup, cup_lo,
                                                    cup_hi, kind, scale, g, True, qc)
                g[:, n:] = 0.0
                _backward_chunk(xc, rows, p, q, m, g, z, partial[t])
            else:
                bins = _forward_masses(theta, xc, rows, m2, z)
                value, right = _chunk_loss_and_seed(m2, y, s, n, bins, bin_to_cup, cup_lo,
                                                    cup_hi, kind, scale, g, False, qc)
            total += value
            correct += right
        losses[t] = total
        corrects[t] = correct
    if want_grad:
        # Fixed-order reduction: same bits whatever the thread count.
        grad_out[:] = 0.0
        for t in range(n_tasks):
            grad_out += partial[t]
    total = 0.0
    for t in range(n_tasks):
        total += losses[t]
    return total * scale, corrects.sum()


@kernel(parallel=True)
def bin_probabilities(theta, XT, rows, out, chunk):
    """Exact bin probabilities into out (N, R+1)."""
    d = theta.shape[1] - 1
    n_balls = XT.shape[1]
    n_chunks = (n_balls + chunk - 1) // chunk
    n_tasks = min(n_chunks, TASKS)
    for t in prange(n_tasks):
        first, last = _task_range(t, n_tasks, n_chunks)
        xc = np.empty((d, chunk))
        z = np.empty(chunk)
        m2 = np.empty((2 * rows + 2, chunk))
        for c in range(first, last):
            s = c * chunk
            n = min(chunk, n_balls - s)
            _load_chunk(XT, s, n, xc)
            bins = _forward_masses(theta, xc, rows, m2, z)
            for j in range(rows + 1):
                for i in range(n):
                    out[s + i, j] = m2[bins + j, i]


@kernel(parallel=True)
def drop(theta, X, rows, uniforms, turns, bins):
    """Sample every ball's path (see board_numpy.drop); libm exp, it is not the hot path."""
    n_balls, d = X.shape
    for i in prange(n_balls):
        k = 0
        for r in range(rows):
            peg = r * (r + 1) // 2 + k
            z = theta[peg, d]
            for f in range(d):
                z += theta[peg, f] * X[i, f]
            t = min(max(-z, -708.0), 709.0)
            if uniforms[i, r] < 1.0 / (1.0 + np.exp(t)):
                turns[i, r] = 1
                k += 1
            else:
                turns[i, r] = 0
        bins[i] = k
