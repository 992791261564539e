"""Numba kernels for the board: forward, loss, loss + gradient, and drop.

Why the layout looks the way it does (see docs/performance.md for the measurements):

* Balls are processed in fixed chunks (``chunk_for``), and every inner loop runs over the
  balls of one chunk for one peg. Features arrive transposed (d, N) so those loops read
  contiguous memory and LLVM turns them into SIMD code.
* ``exp`` is the bottleneck of a naive kernel: libm's exp is a scalar call that blocks
  vectorisation. ``_sigmoid_chunk`` computes exp with a range reduction and a polynomial, and
  builds 2**k by integer arithmetic on the bits, all in loops LLVM can vectorise. It agrees with
  numpy's exp to a few ulp.
* Each chunk writes its own slot of a (chunks, P, d+1) partial-gradient array; the slots are
  added in chunk order afterwards. So the result does not depend on how many threads ran.
* Only the small dot-product helper is compiled with reassociation (``fastmath``) so that its
  reduction vectorises; the exp trick must not be reassociated.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from numba import njit, prange

from galton.kernels.board_numpy import Q_FLOOR

# error_model="numpy": a float division returns inf instead of raising ZeroDivisionError. The
# check Python semantics need is a branch in every loop, and it stops LLVM vectorising them.
# nogil: a GUI trains in a worker thread; releasing the GIL keeps the UI thread responsive.
kernel = partial(njit, cache=True, error_model="numpy", nogil=True)


def chunk_for(rows: int) -> int:
    """Balls per chunk. Longer chunks amortise the per-peg loop overhead (measured best at 128
    for 12- to 64-row boards); very deep boards get shorter ones so that a chunk's
    probabilities and masses (about 3 * rows**2 / 2 * chunk doubles) stay near 10 MB."""
    if rows <= 64:
        return 128
    return max(8, (128 * 64 * 64 // (rows * rows)) // 8 * 8)


_LOG2E = 1.4426950408889634
_LN2_HI = 0.6931471803691238  # ln 2 split in two so k*ln2 is exact for |k| < 2**20
_LN2_LO = 1.9082149292705877e-10
_SHIFTER = 6755399441055744.0  # 1.5 * 2**52: adding it rounds to an integer kept in the low bits
_SHIFTER_BITS = 0x4338000000000000
_EXP_BIAS = 1023


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


@kernel(fastmath={"contract"})
def _sigmoid_row(z, p, q, row, n, scratch, bits):
    """p[row, i] = 1 / (1 + exp(-z[i])) and q[row, i] = 1 - p[row, i] (as e/(1+e), accurate
    where p is nearly 1) for the n balls of a chunk, in vectorisable loops.

    ``bits`` is the int64 view of the float64 ``scratch``: it carries 2**k as a bit pattern.
    Only contraction into FMA is allowed here; reassociation would undo the shifter trick.
    """
    for i in range(n):
        # Clamp where the sigmoid is already exactly 0 or 1 in float64 (numpy twin does too).
        t = min(max(-z[i], -708.0), 709.0)
        shifted = t * _LOG2E + _SHIFTER
        kf = shifted - _SHIFTER
        r = (t - kf * _LN2_HI) - kf * _LN2_LO
        q[row, i] = _exp_poly(r)
        scratch[i] = shifted
    for i in range(n):
        bits[i] = (bits[i] - _SHIFTER_BITS + _EXP_BIAS) << 52
    for i in range(n):
        e = q[row, i] * scratch[i]
        pi = 1.0 / (1.0 + e)
        p[row, i] = pi
        q[row, i] = e * pi


@kernel(fastmath={"reassoc", "contract"})
def _accumulate(gz, XT, s, n, out, peg):
    """out[peg, f] += sum_i gz[i] * x_f[i]; reassociation lets the sums vectorise."""
    d = XT.shape[0]
    for f in range(d):
        acc = 0.0
        for i in range(n):
            acc += gz[i] * XT[f, s + i]
        out[peg, f] += acc
    acc = 0.0
    for i in range(n):
        acc += gz[i]
    out[peg, d] += acc


@kernel()
def _forward_chunk(theta, XT, s, n, rows, p, q, m, z, scratch):
    """Fill p[peg, :n] (p_right), q = 1 - p and m[node, :n] (masses) for balls s..s+n-1."""
    d = XT.shape[0]
    bits = scratch.view(np.int64)
    for i in range(n):
        m[0, i] = 1.0
    for r in range(rows):
        base = r * (r + 1) // 2
        nxt = base + r + 1  # node (r+1, 0)
        for k in range(r + 1):
            peg = base + k
            bias = theta[peg, d]
            for i in range(n):
                z[i] = bias
            # Four features per pass: z is loaded and stored a quarter as often.
            f = 0
            while f + 4 <= d:
                w0, w1 = theta[peg, f], theta[peg, f + 1]
                w2, w3 = theta[peg, f + 2], theta[peg, f + 3]
                for i in range(n):
                    z[i] += (w0 * XT[f, s + i] + w1 * XT[f + 1, s + i]) + (
                        w2 * XT[f + 2, s + i] + w3 * XT[f + 3, s + i])
                f += 4
            while f < d:
                w = theta[peg, f]
                for i in range(n):
                    z[i] += w * XT[f, s + i]
                f += 1
            _sigmoid_row(z, p, q, peg, n, scratch, bits)
            left = nxt + k
            if k == 0:
                for i in range(n):
                    m[left, i] = m[peg, i] * q[peg, i]
            else:
                for i in range(n):
                    m[left, i] += m[peg, i] * q[peg, i]
            for i in range(n):
                m[left + 1, i] = m[peg, i] * p[peg, i]


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


@kernel()
def _backward_chunk(XT, s, n, rows, p, q, m, g, g_up, gz, out):
    """Reverse mode through the masses; adds dLoss/dtheta for balls s..s+n-1 into out.

    ``g`` holds the adjoint of the bin masses on entry. Only two rows of adjoints are alive at
    a time (g for row r+1, g_up for row r), which keeps deep boards in cache.
    """
    for r in range(rows - 1, -1, -1):
        base = r * (r + 1) // 2
        for k in range(r + 1):
            peg = base + k
            for i in range(n):
                pi = p[peg, i]
                qi = q[peg, i]
                gz[i] = m[peg, i] * pi * qi * (g[k + 1, i] - g[k, i])
                g_up[k, i] = qi * g[k, i] + pi * g[k + 1, i]
            _accumulate(gz, XT, s, n, out, peg)
        g, g_up = g_up, g


@kernel()
def _forward_in_chunk(theta, XT, c, chunk, rows):
    """Allocate one chunk's buffers and run the forward pass for chunk number ``c``.

    Returns (first ball, balls in chunk, p, q, masses, scratch vector)."""
    n_pegs = theta.shape[0]
    s = c * chunk
    n = min(chunk, XT.shape[1] - s)
    p = np.empty((n_pegs, chunk))
    q = np.empty((n_pegs, chunk))
    m = np.empty((n_pegs + rows + 1, chunk))
    z = np.empty(chunk)
    _forward_chunk(theta, XT, s, n, rows, p, q, m, z, np.empty(chunk))
    return s, n, p, q, m, z


@kernel(parallel=True)
def loss_and_grad(theta, XT, y, rows, bin_to_cup, cup_lo, cup_hi, kind, want_grad, grad_out,
                  chunk):
    """(mean loss, number of balls whose most likely cup is their label); if ``want_grad``,
    the gradient of the mean loss is written into grad_out.

    ``chunk`` balls are processed together (see chunk_for); the result depends on it only at
    the level of float rounding, never on the number of threads."""
    n_pegs, width = theta.shape
    n_balls = XT.shape[1]
    n_chunks = (n_balls + chunk - 1) // chunk
    scale = 1.0 / n_balls
    losses = np.zeros(n_chunks)
    corrects = np.zeros(n_chunks, dtype=np.int64)
    partial = np.zeros((n_chunks if want_grad else 1, n_pegs, width))
    for c in prange(n_chunks):
        s, n, p, q, m, z = _forward_in_chunk(theta, XT, c, chunk, rows)
        g = np.empty((rows + 1, chunk))
        losses[c], corrects[c] = _chunk_loss_and_seed(
            m, y, s, n, n_pegs, bin_to_cup, cup_lo, cup_hi, kind, scale, g, want_grad,
            np.empty(cup_lo.shape[0]))
        if want_grad:
            _backward_chunk(XT, s, n, rows, p, q, m, g, np.empty((rows + 1, chunk)), z, partial[c])
    if want_grad:
        # Fixed-order reduction: same bits whatever the thread count.
        grad_out[:] = 0.0
        for c in range(n_chunks):
            grad_out += partial[c]
    total = 0.0
    for c in range(n_chunks):
        total += losses[c]
    return total * scale, corrects.sum()


@kernel(parallel=True)
def bin_probabilities(theta, XT, rows, out, chunk):
    """Exact bin probabilities into out (N, R+1)."""
    n_pegs = theta.shape[0]
    n_chunks = (XT.shape[1] + chunk - 1) // chunk
    for c in prange(n_chunks):
        s, n, _, _, m, _ = _forward_in_chunk(theta, XT, c, chunk, rows)
        for j in range(rows + 1):
            for i in range(n):
                out[s + i, j] = m[n_pegs + j, i]


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
