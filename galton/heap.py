"""Python's full garbage collections, kept short for a window that must answer.

A full collection (generation 2) walks every object the process holds. In the window that is
~190,000-260,000 objects (Qt wrappers, pyqtgraph, Numba, IPython): 90-160 ms on this project's
two-core test machine, during which no Python thread runs, the window's included. Python starts
one by itself whenever the objects that survived since the last one reach a quarter of the
rest, whichever thread happens to allocate then, so now and then a click waited that long
(benchmarks/bench_latency.py: the console and lesson rows' rare 100-160 ms waits).

Most of those objects live as long as the process. ``keep_long_lived()`` collects once and
moves every object alive then out of the collector's walks (``gc.freeze``); later full
collections walk only what was made since. The price: a cycle of frozen objects that dies
later is not freed. So it is called for what is made to stay (the window once its kernels are
ready, the console once its kernel has started), and only in an application that asked for
it (``enable()``: the ``galton`` window does; a test run, which makes and drops hundreds of
windows in one process, does not).
"""

from __future__ import annotations

import gc

_ENABLED = False


def enable(on: bool = True) -> None:
    """Let ``keep_long_lived`` freeze (the application's start does this)."""
    global _ENABLED
    _ENABLED = on


def enabled() -> bool:
    return _ENABLED


def keep_long_lived() -> int:
    """Collect, then keep every object alive now out of later collections' walks. Returns
    how many objects are kept so (0, doing nothing, unless ``enable()`` was called)."""
    if not _ENABLED:
        return 0
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
