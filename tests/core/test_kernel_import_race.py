"""Numba imported by several threads at once (the warm-up thread, a landscape job, training):
each used to be handed the other's half-initialised modules, or the threads deadlocked. Seen
as "partially initialized module 'numba.core.event'" when the landscape's first grid raced the
warm-up; this script hung every time before galton.kernels imported Numba under one lock."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import threading
    from galton import kernels, warmup

    errors = []
    start = threading.Barrier(3)

    def guarded(work):
        def run():
            start.wait()
            try:
                work()
            except BaseException as exc:
                errors.append(repr(exc))
        return run

    def landscape():
        kernels.load("landscape_numba")

    def warm_up():
        with warmup.compile_events(lambda name: None):
            kernels.load("board_numba")

    def training():
        kernels.numba_module()
        kernels.load("optim_numba")

    threads = [threading.Thread(target=guarded(f)) for f in (landscape, warm_up, training)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("errors:", errors)
""")


def test_three_threads_import_numba_at_once():
    for _ in range(2):  # a fresh interpreter each time: Numba not imported yet
        out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                             timeout=240)
        assert out.returncode == 0, out.stderr[-2000:]
        assert "errors: []" in out.stdout, out.stdout + out.stderr[-2000:]
