"""Board kernels behind one small facade.

Two engines compute the same things: ``"numba"`` (the fast, compiled kernels in
``board_numba``) and ``"numpy"`` (their readable twins in ``board_numpy``, the reference the
tests hold the compiled ones to). Callers pass validated float64 arrays; this module only
adapts layouts (the compiled kernels want features transposed) and allocates outputs.
The default engine can be set with the environment variable ``GALTON_ENGINE``.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import os
import sys
import threading

import numpy as np

from galton.kernels import board_numpy

ENGINES = ("numba", "numpy")
LOSS_KINDS = board_numpy.LOSS_KINDS
Q_FLOOR = board_numpy.Q_FLOOR


class Work(dict):
    """Board evaluations counted inside one :func:`counting` block, for the scaling lab's
    compute axis: ball-peg evaluations of forward passes, and of backward passes (when a
    gradient was asked), and the features of the last one. Each counts one peg's (d+1)-term
    dot product for one ball."""

    def __init__(self):
        super().__init__(forward_ball_pegs=0, backward_ball_pegs=0, features=0)


# The tallies open on this thread (a context variable: each thread, and each asyncio task,
# has its own), so a landscape job or a training run on another thread never adds to a run
# being measured here. Empty outside every ``counting`` block: nothing is counted then.
_TALLIES: contextvars.ContextVar[tuple[Work, ...]] = contextvars.ContextVar(
    "galton_kernel_work", default=())


@contextlib.contextmanager
def counting():
    """Count the board evaluations this thread makes inside the block::

        with kernels.counting() as work:
            trainer.step()
        kernels.flops(work)

    Blocks nest (an outer one counts what inner ones count); work on other threads is not
    counted."""
    work = Work()
    token = _TALLIES.set((*_TALLIES.get(), work))
    try:
        yield work
    finally:
        _TALLIES.reset(token)


def count_work(n_balls: int, rows: int, d: int, want_grad: bool) -> None:
    tallies = _TALLIES.get()
    if not tallies:
        return
    pegs = n_balls * rows * (rows + 1) // 2
    for work in tallies:
        work["forward_ball_pegs"] += pegs
        if want_grad:
            work["backward_ball_pegs"] += pegs
        work["features"] = d


def flops(work: dict) -> float:
    """Twice the multiply-adds implied by ``work`` (a :class:`Work`): 2(d+1) per forward
    ball-peg and 4(d+1) per backward one — the 2N + 4N per sample behind Kaplan et al.'s
    C ≈ 6·N·D."""
    return 2.0 * (work["features"] + 1) * (work["forward_ball_pegs"]
                                            + 2 * work["backward_ball_pegs"])


#: Set by the desktop app while its kernels compile in the background (galton.qt.splash): bin
#: probabilities asked for then (the window draws them at once) come from the NumPy twin, which
#: is exact and needs no compiler, instead of waiting for it. Cleared once they are compiled.
DRAW_WITH_NUMPY = threading.Event()


#: Calls with fewer peg-balls than this run on the calling thread alone (the result is the same
#: bit for bit: see board_numba). Waking Numba's workers costs more than it saves on small
#: boards, and while the machine is busy (the app's UI thread rendering, other programs) a
#: parallel call waits for its descheduled worker: measured on the busy 2-core machine, a
#: 12-row step on 4,096 balls took 1.5 ms on one thread and 440-600 ms on two.
SERIAL_BELOW = 500_000


#: Numba's first import is not safe from two threads at once: each can be handed the other's
#: half-initialised modules (Python breaks the import deadlock that way), which failed the
#: landscape's first grid while the warm-up thread was importing Numba ("partially initialized
#: module 'numba.core.event'"). Every import of Numba or of a Numba module of galton goes
#: through this lock.
_LOADING = threading.RLock()


def numba_module():
    """The ``numba`` package, imported under galton's one import lock."""
    global _SET_UP
    if not _SET_UP:  # imported (maybe by someone else), but not yet set up as galton needs
        with _LOADING:
            import numba  # noqa: F401  (imported here, under the lock)

            if not _SET_UP:
                _in_process_init_lock()
                _SET_UP = True
    return sys.modules["numba"]


_SET_UP = False  # numba_module() has imported Numba and set it up


def _in_process_init_lock() -> None:
    """Numba takes a cross-process lock (a multiprocessing semaphore, where processes fork)
    around its threading layer's start, and so at every ``set_num_threads``: galton calls
    that from several threads for every small kernel call (``threads_for``). One CI run hung
    with a thread waiting on that semaphore forever while a parallel kernel ran in another.
    galton never forks a process that runs Numba (its pools spawn), so Numba's own thread lock
    is enough: the semaphore is replaced by it."""
    from numba.np.ufunc import parallel

    with parallel._backend_init_thread_lock:
        setattr(parallel, "_backend_init_process_lock",  # noqa: B010  (Numba types it None)
                parallel._backend_init_thread_lock)


def load(name: str):
    """``galton.kernels.<name>`` (a Numba module), imported under the same lock."""
    full = f"galton.kernels.{name}"
    if not _initialised(full):
        numba_module()  # first: Numba as galton sets it up
        with _LOADING:
            importlib.import_module(full)
    return sys.modules[full]


def _initialised(name: str) -> bool:
    module = sys.modules.get(name)
    spec = getattr(module, "__spec__", None)
    return module is not None and not getattr(spec, "_initializing", False)


@contextlib.contextmanager
def threads_for(peg_balls: int):
    """One Numba thread for small calls (SERIAL_BELOW), all of them for large ones. Numba's
    thread count is per calling thread, so a training thread and a landscape thread do not
    see each other's choice."""
    if peg_balls >= SERIAL_BELOW:
        yield
        return
    numba = numba_module()
    before = numba.get_num_threads()
    if before == 1:  # already (a serial caller): nothing to set, nothing to lock
        yield
        return
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(before)


def _peg_balls(n_balls: int, rows: int) -> int:
    return n_balls * rows * (rows + 1) // 2


def default_engine() -> str:
    engine = os.environ.get("GALTON_ENGINE", "numba")
    return check_engine(engine)


def check_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    return engine


F64, I64 = np.float64, np.int64


def _c(a, dtype):
    """``a`` as Numba's compiled signatures take it: C-contiguous and writeable. Numba compiles
    a new specialization for a read-only array (a lesson's frozen data set: 13 s of compiling
    in the middle of lesson 14, the window waiting at Numba's compiler lock), one that
    ``make setup`` never compiled; a copy costs far less than that."""
    a = np.ascontiguousarray(a, dtype=dtype)
    return a if a.flags.writeable else a.copy()


def _compiled():
    # Imported on first use so that `import galton` stays fast and never compiles anything.
    return load("board_numba")


def evaluate(engine, theta, X, y, rows, layout, kind, want_grad=True):
    """(mean loss, number of balls whose most likely cup is their label, gradient or None).

    ``layout`` is a galton.core.cups.CupLayout. One pass computes all three.
    """
    if kind not in LOSS_KINDS:
        raise ValueError(f"loss must be one of {sorted(LOSS_KINDS)}, got {kind!r}")
    count_work(X.shape[0], rows, X.shape[1], want_grad)
    if engine == "numpy":
        args = (theta, X, y, rows, layout.bin_to_cup, layout.cups)
        correct = board_numpy.n_correct(*args)
        if want_grad:
            value, grad = board_numpy.loss_and_grad(*args, kind)
            return value, correct, grad
        return board_numpy.loss(*args, kind), correct, None
    k = _compiled()
    grad = np.empty_like(theta) if want_grad else np.empty((1, 1))
    with threads_for(_peg_balls(X.shape[0], rows)):
        value, correct = k.loss_and_grad(
            _c(theta, F64), _c(X.T, F64), _c(y, I64), rows, _c(layout.bin_to_cup, I64),
            _c(layout.lo, I64), _c(layout.hi, I64),
            LOSS_KINDS[kind], want_grad, grad, k.chunk_for(rows, want_grad, X.shape[0]),
        )
    return float(value), int(correct), (grad if want_grad else None)


def loss_and_grad(engine, theta, X, y, rows, layout, kind, want_grad=True):
    """(mean loss, gradient or None)."""
    value, _, grad = evaluate(engine, theta, X, y, rows, layout, kind, want_grad)
    return value, grad


def bin_probabilities(engine, theta, X, rows):
    if engine == "numpy" or DRAW_WITH_NUMPY.is_set():
        return board_numpy.bin_probabilities(theta, X, rows)
    return compiled_bin_probabilities(theta, X, rows)


def compiled_bin_probabilities(theta, X, rows):
    """The Numba kernel whatever DRAW_WITH_NUMPY says (the warm-up compiles it with this)."""
    k = _compiled()
    out = np.empty((X.shape[0], rows + 1))
    with threads_for(_peg_balls(X.shape[0], rows)):
        k.bin_probabilities(_c(theta, F64), _c(X.T, F64), rows, out,
                            k.chunk_for(rows, False, X.shape[0]))
    return out


def drop(engine, theta, X, rows, uniforms):
    if engine == "numpy":
        return board_numpy.drop(theta, X, rows, uniforms)
    turns = np.empty((X.shape[0], rows), dtype=np.int8)
    bins = np.empty(X.shape[0], dtype=np.int64)
    with threads_for(X.shape[0] * rows * X.shape[1]):  # a drop visits one peg per row
        _compiled().drop(_c(theta, F64), _c(X, F64), rows, _c(uniforms, F64), turns, bins)
    return turns, bins


def slice_losses(engine, theta0, d1, d2, alphas, betas, X, y, rows, layout, kind,
                 want_grad=False):
    """Losses (and, if asked, slopes along d1 and d2) at theta0 + a*d1 + b*d2 for every pair
    (a, b) of the equally long 1-D arrays ``alphas``, ``betas``. (losses (n,), slopes (n, 2)
    or None)."""
    if kind not in LOSS_KINDS:
        raise ValueError(f"loss must be one of {sorted(LOSS_KINDS)}, got {kind!r}")
    alphas = _c(alphas, F64).ravel()
    betas = _c(betas, F64).ravel()
    if alphas.shape != betas.shape:
        raise ValueError(f"alphas and betas differ in length: {alphas.shape} vs {betas.shape}")
    if engine == "numpy":
        from galton.kernels import landscape_numpy

        return landscape_numpy.slice_losses(theta0, d1, d2, alphas, betas, X, y, rows,
                                            layout.bin_to_cup, layout.cups, kind, want_grad)
    landscape_numba = load("landscape_numba")
    k = _compiled()
    out = np.empty(alphas.shape[0])
    slopes = np.empty((alphas.shape[0], 2) if want_grad else (1, 2))
    with threads_for(alphas.shape[0] * _peg_balls(X.shape[0], rows)):
        landscape_numba.slice_losses(
            _c(theta0, F64), _c(d1, F64), _c(d2, F64), alphas, betas, _c(X.T, F64), _c(y, I64),
            rows, _c(layout.bin_to_cup, I64), _c(layout.lo, I64), _c(layout.hi, I64),
            LOSS_KINDS[kind], want_grad, out, slopes,
            k.chunk_for(rows, want_grad, X.shape[0]))
    return out, (slopes if want_grad else None)
