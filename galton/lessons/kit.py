"""Small helpers of lessons 13–17: actions on one Numba thread, and conclusions chosen by
the numbers.

A lesson's board is small: its kernels gain little from a second thread and lose a great deal
when the other core is busy (the threads wait for each other — measured on this 2-core
machine: 210 gradients of a 6-row board took 0.03 s on one thread and 1–10 s on two while
another process was running). Lesson 11 does the same for its sweeps.
"""

from __future__ import annotations

import contextlib


@contextlib.contextmanager
def one_thread():
    """Live runs on one Numba thread: small kernels gain little from a second thread and lose
    a lot when the other core is busy (the threads wait for each other)."""
    from galton import kernels

    numba = kernels.numba_module()
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(before)


def conclude(run, key: str, case: str, **values) -> str:
    """A sentence that draws a conclusion, chosen by the numbers: the label ``"key:case"`` of
    [lang.labels], filled in, stored as ``values[key]`` (the page quotes it as ``{key}``), and
    ``case`` as ``values[key + "_case"]`` for the tests."""
    run.values[f"{key}_case"] = case
    run.values[key] = run.text(f"{key}:{case}", **values)
    return run.values[key]
