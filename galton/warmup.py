"""Get the Numba kernels ready before the window needs them.

The kernels are compiled with ``cache=True``: the first launch on a computer compiles them
(about 20 s on two cores) and writes them to Numba's cache; later launches load them from
there in a fraction of a second. ``warm_up`` does on the default session what the window does
at once (the cups' expected distribution, the landscape slice) and on the first Play and Drop
(a training step, a ball drop). It goes through the same public calls as the app, so it makes
exactly the compiled versions the app will use (tests/packaging/test_splash.py checks that
the window compiles nothing more).

Who runs it:

* ``make setup`` (scripts/bootstrap.sh) runs ``python -m galton.warmup`` once, so a checkout's
  first window opens as fast as later ones.
* The desktop app runs the first stage (FIRST_FRAME: what the first frame draws) under the
  splash, opens the window, and runs the other stages in a background thread; the Play
  button shows "getting ready" only if it is pressed before training is compiled
  (galton.qt.splash.Splash.background).

No Qt here: the splash runs this in a thread and only draws.
"""

from __future__ import annotations

import contextlib

#: The stages, in the order they run; each name is yielded before its stage runs.
STAGES = ("cups", "training", "drop", "landscape")
#: The stages the window's first frame needs before it opens: none, since it draws the cups'
#: distribution with the NumPy twin until they are compiled (kernels.DRAW_WITH_NUMPY) and
#: computes its landscape in a thread of its own. Every stage runs after the window is up.
FIRST_FRAME = ()
#: One optimizer for each optimizer kernel (AdamW runs Adam's; SGD's is the default's).
OPTIMIZER_KERNELS = ("adagrad", "rmsprop", "adam")


def warm_up():
    """Compile or load every kernel the window needs; a generator of ``(done, total, name)``
    after each stage (``done`` = 0 first, before any work).

    On a first launch (something had to be compiled) it also compiles the kernels of the other
    optimizers, so that choosing one later does not stall training for a second or two. On
    later launches it leaves them to load from the cache when first used (about 0.1 s each),
    which keeps the start short."""
    from galton import kernels
    from galton.core.directions import random_directions
    from galton.core.landscape import board_surface, grid
    from galton.session import Session

    total = len(STAGES)
    compiled = []
    with compile_events(compiled.append):
        yield 0, total, STAGES[0]
        session = Session()  # the defaults: the same dtypes and layouts the window will use
        pool = session.test_set if session.test_set is not None else session.train_set
        # The compiled kernel itself: the window may be drawing with the NumPy twin meanwhile
        # (kernels.DRAW_WITH_NUMPY), which board.bin_probabilities would take too.
        board = session.board
        kernels.compiled_bin_probabilities(board.theta, pool.X[:8], board.rows)
        kernels.DRAW_WITH_NUMPY.clear()
        yield 1, total, STAGES[1]
        session.step(1)
    if compiled:
        default = session.scenario["training"]["optimizer"]
        for optimizer in (*OPTIMIZER_KERNELS, default):  # the default one last: as it was
            session.set(optimizer=optimizer)
            session.step(1)
    yield 2, total, STAGES[2]
    session.drop(4, seed=0)
    yield 3, total, STAGES[3]
    board = session.board
    surface = board_surface(board, session.trainer.X, session.trainer.y,
                            random_directions(board.theta, seed=0), loss=session.trainer.loss)
    grid(surface, 4)
    surface.gradient(0.0, 0.0)
    yield 4, total, None


@contextlib.contextmanager
def compile_events(callback):
    """Call ``callback(kernel_name)`` whenever Numba compiles one of galton's kernels (not when
    it loads one from its cache) while the block runs: a first launch is recognised by these.
    Numba's own helpers it compiles on the way (all called "impl") are left out."""
    from numba.core import event

    class Listener(event.Listener):
        def on_start(self, ev):
            func = getattr(ev.data.get("dispatcher"), "py_func", None)
            if func is not None and not getattr(func, "__module__", "").startswith("numba"):
                callback(func.__name__)

        def on_end(self, ev):
            pass

    listener = Listener()
    event.register("numba:compile", listener)
    try:
        yield
    finally:
        event.unregister("numba:compile", listener)


def main(argv=None) -> int:
    """``python -m galton.warmup``: compile (or load) every kernel the app uses, into Numba's
    cache (NUMBA_CACHE_DIR if set), and say how long it took."""
    import argparse
    import time

    parser = argparse.ArgumentParser(prog="python -m galton.warmup", description=main.__doc__)
    parser.parse_args(argv)
    start = time.perf_counter()
    compiled = []
    with compile_events(compiled.append):
        for _ in warm_up():
            pass
    print(f"galton: kernels ready in {time.perf_counter() - start:.1f} s "
          f"({len(compiled)} compiled, the rest loaded from the cache)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
