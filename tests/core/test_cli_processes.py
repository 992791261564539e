"""The commands as real processes: SIGTERM is handled like Ctrl+C (exit 143, or 130 for
SIGINT), a closed pipe ends quietly (exit 141), no hidden .part file outlives any ending (a
killed export's is removed by the next export to its folder), and killing the main process of
``galton scaling run`` takes its worker processes with it."""

import os
import signal
import subprocess
import sys
import time

import pytest

import galton

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
GALTON = [sys.executable, "-u", "-m", "galton"]


def start(args, **kwargs):
    env = dict(os.environ, GALTON_TRACEBACK="")
    env.pop("DISPLAY", None)
    return subprocess.Popen(GALTON + [str(a) for a in args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kwargs)


def wait_for(condition, timeout=300.0, what="it"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def read_until(proc, text, timeout=180.0) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return "".join(seen)
    proc.kill()
    raise AssertionError(f"{text!r} never printed: {''.join(seen)} {proc.stderr.read()}")


def parts(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_closed_pipe_ends_quietly():
    with start(["train", "--steps", "3", "--quiet"]) as proc:
        proc.stdout.close()  # the reader went away, as `| head -1` does
        err = proc.stderr.read()
        proc.wait(300)
    assert proc.returncode == 141, err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_head_1_in_a_shell():
    cmd = " ".join(GALTON) + " train --steps 3 --quiet | head -1"
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=300)
    assert out.stdout.startswith("colors(3): 300 balls")
    assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr


@pytest.mark.parametrize("sig,code,said", [(signal.SIGTERM, 143, "stopped by SIGTERM"),
                                           (signal.SIGINT, 130, "interrupted")])
def test_a_signal_during_training_keeps_the_results(tmp_path, sig, code, said):
    ck, hist = tmp_path / "ck.npz", tmp_path / "h.csv"
    with start(["train", "--steps", "100000000", "--quiet", "--checkpoint", ck,
                "--history", hist]) as proc:
        read_until(proc, "parameters;")  # printed just before training starts
        time.sleep(1.0)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert said in err and "Traceback" not in err
    steps = galton.load_checkpoint(ck).step
    assert steps > 0 and f"checkpoint written to {ck}" in out
    assert len(hist.read_text().splitlines()) == steps + 1
    assert parts(tmp_path) == []


def scenario(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text("[data]\nballs = 30\n[board]\nrows = 3\n")
    return path


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_export_leaves_nothing(tmp_path, sig, code):
    out = tmp_path / "clip.gif"
    with start(["export", scenario(tmp_path), "-o", out, "--layout", "board", "--size",
                "160x120", "--steps", "400", "--fps", "10", "--quiet"]) as proc:
        wait_for(lambda: parts(tmp_path), what="the export's temporary file")
        time.sleep(0.5)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert "nothing was written" in err and "Traceback" not in err
    assert not out.exists() and parts(tmp_path) == []


def test_a_killed_exports_part_is_removed_by_the_next_export(tmp_path):
    with start(["export", scenario(tmp_path), "-o", tmp_path / "big.gif", "--layout", "board",
                "--size", "160x120", "--steps", "400", "--fps", "10", "--quiet"]) as proc:
        wait_for(lambda: parts(tmp_path), what="the export's temporary file")
        proc.kill()
        proc.wait(60)
    left = parts(tmp_path)
    assert left and f".{proc.pid}-" in left[0]  # SIGKILL leaves it: nothing can clean up
    with start(["export", scenario(tmp_path), "-o", tmp_path / "small.gif", "--layout",
                "board", "--size", "160x120", "--steps", "2", "--fps", "10", "--quiet"]) as again:
        _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert parts(tmp_path) == [] and (tmp_path / "small.gif").exists()


def workers_of(pid):
    psutil = pytest.importorskip("psutil")
    try:
        children = psutil.Process(pid).children()
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if "spawn_main" in " ".join(c.cmdline())]


def gone(process) -> bool:
    import psutil

    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_sweep_takes_its_workers_with_it(tmp_path, sig):
    out = tmp_path / "sweep.csv"
    with start(["scaling", "run", "--rows", "6,8", "--balls", "2048", "--steps", "10000000",
                "--workers", "2", "-o", out]) as proc:
        wait_for(lambda: len(workers_of(proc.pid)) >= 1, what="the sweep's worker processes")
        time.sleep(2.0)  # the workers are training
        workers = workers_of(proc.pid)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143, err
        assert "stopped by SIGTERM" in err and "run the same command to resume" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    wait_for(lambda: all(gone(w) for w in workers), timeout=30, what="the workers to stop")
    assert "Traceback" not in err
    assert parts(tmp_path) == []
