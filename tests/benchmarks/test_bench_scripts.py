"""The benchmark scripts run (tiny sizes) and check their implementations agree before timing."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_kernel_benchmark_runs_quick():
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_kernels.py"), "--quick", "--no-torch",
         "--no-startup"],
        capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.split()[:2] == ["R=6", "d=3"] for line in lines)
    ratios = [float(line.split()[-1]) for line in lines
              if line.split()[:1] in (["numpy"], ["naive"])]
    assert len(ratios) == 4 and all(r > 0 for r in ratios)


def test_landscape_benchmark_runs_quick():
    script = ROOT / "benchmarks" / "bench_landscape.py"
    out = subprocess.run([sys.executable, str(script), "--quick"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    rows = {line.split()[0]: line.split() for line in out.stdout.splitlines() if line.strip()}
    for name in ("numba", "per-point", "numpy"):
        assert float(rows[name][1]) > 0 and float(rows[name][-1]) > 0
    assert float(rows["numba"][-1]) == 1.0
    assert "basins" in out.stdout and "first picture" in out.stdout


def test_export_benchmark_runs_quick():
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "PYOPENGL_PLATFORM")}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_export.py"), "--quick"],
                         capture_output=True, text=True, timeout=600, env=env)
    assert out.returncode == 0, out.stderr
    rows = [line.split() for line in out.stdout.splitlines()
            if line.split()[:1] in (["board"], ["landscape"], ["combined"])
            and line.split()[1] in ("mp4", "gif", "webm", "zip")]
    assert len(rows) == 6 and all(float(r[2]) > 0 for r in rows)
    assert "GIF Pillow per-frame" in out.stdout and "cached still scene" in out.stdout


def test_latency_benchmark_runs_quick():
    # The real window under the test run's X server (pytest-xvfb): Play, a lesson's Do it and
    # a long console command, with the latency table printed.
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_latency.py"),
                          "--quick", "--only", "play,lessons,console"],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    rows = {line[:34].strip(): line[34:].split() for line in out.stdout.splitlines()
            if line.startswith(("Play ", "lesson ", "console "))}
    assert {"Play 60 steps/s", "Play fastest", "lesson 6 pinball",
            "console session.step(20000)"} <= set(rows)
    for name, fields in rows.items():
        assert int(fields[0]) > 0, name  # ticks of the 10 ms timer were measured
    assert "worst p99" in out.stdout


def test_turns_benchmark_measures_the_three_runs():
    # Under the test run's X server: the paint alone, beside a job, beside a job that gives way;
    # each with a measured paint time, and the job's rate where there is a job.
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_turns.py")],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    rows = {line[:30].strip(): line[30:].split() for line in out.stdout.splitlines()
            if line.startswith(("alone", "beside"))}
    assert set(rows) == {"alone", "beside a job, no give_way", "beside a job with give_way"}
    for name, (median, p90, ratio, rate) in rows.items():
        assert float(median) > 0 and float(p90) >= float(median) and float(ratio) > 0, name
        assert (float(rate.replace(",", "")) > 0) == (name != "alone"), name
    assert float(rows["alone"][2]) == 1.0
    assert "job waits:" in out.stdout


def test_soak_benchmark_runs_briefly():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_soak.py"),
                          "--duration", "4", "--checkpoint-every", "500", "--sample-every", "100"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "MB per 100k steps" in text and "steps/s: start" in text
    assert float(text.split("steps/s: start ")[1].split(",")[0]) > 0
    assert "records kept for" in text and "checkpoint: " in text


def test_figure_paint_benchmark_measures_the_three_plots():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_figure_paint.py"),
                          "--repeats", "5"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    rows = {line[:28].strip(): line[28:].split() for line in out.stdout.splitlines()
            if line.startswith(("pyqtgraph", "galton"))}
    assert set(rows) == {"pyqtgraph default axes", "galton lesson plot",
                         "galton, range changes"}
    for name, (median, p90, ratio) in rows.items():
        assert float(median) > 0 and float(p90) >= float(median) and float(ratio) > 0, name
    assert float(rows["pyqtgraph default axes"][2]) == 1.0
