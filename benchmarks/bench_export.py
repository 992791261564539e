"""Exporting animations: frames per second per layout and format, against real time at 30 fps.

    .venv/bin/python benchmarks/bench_export.py            # 300 frames at 1280x720, 3 repeats
    .venv/bin/python benchmarks/bench_export.py --quick    # tiny, for the smoke test

Each export is the whole job as ``galton export`` runs it (training, landscape grid, frames,
encoding in a second thread); the time split is the painter thread's rendering and the
encoder thread's encoding. Medians over the repeats. References measured in the same run, on
the same frames held in memory:

* H.264 with x264's "medium" preset against the exporter's "veryfast";
* GIF with Pillow's per-frame adaptive palette against the exporter's one-palette GIF;
* the landscape drawn whole every frame against the exporter's cached still scene.

Runs headless: EGL for OpenGL, Qt's offscreen platform for the painter.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "assets" / "scenarios" / "sort_three_colours.toml"


def setup():
    from galton.export.gl import prefer_egl

    prefer_egl()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def export_once(folder, layout, suffix, size, frames, fps=30):
    from galton.export.plan import make_plan
    from galton.export.run import ExportJob
    from galton.qt.export_frames import FramePainter
    from galton.session import Session

    out = Path(folder) / f"{layout}{suffix}"
    plan = make_plan(out, layout=layout, size=size, fps=fps, steps=frames - 1)
    session = Session.from_file(SCENARIO)
    start = time.perf_counter()
    job = ExportJob(plan, session, frame_painter=FramePainter)
    path = job.run()
    wall = time.perf_counter() - start
    size_bytes = path.stat().st_size if path.is_file() else sum(
        p.stat().st_size for p in path.iterdir())
    t = job.timings
    return {"wall": wall, "fps": plan.frames / wall, "render": t["render"],
            "encode": t["encode"], "prepare": t["prepare"], "bytes": size_bytes,
            "gl": job.gl_note or "-"}


def rendered_frames(layout, size, frames, still=True):
    """(frames, seconds per frame) painted by the exporter, kept in memory."""
    from galton.export.plan import make_plan
    from galton.export.run import ExportJob
    from galton.qt.export_frames import FramePainter
    from galton.session import Session

    with tempfile.TemporaryDirectory() as tmp:
        plan = make_plan(Path(tmp) / "x.mp4", layout=layout, size=size, steps=frames - 1)
    job = ExportJob(plan, Session.from_file(SCENARIO), frame_painter=FramePainter).prepare()
    if not still and job.painter.gl_frames is not None:
        job.painter.gl_frames.still = False
    job.frame(0)
    start = time.perf_counter()
    out = [job.frame(i) for i in range(plan.frames)]
    per_frame = (time.perf_counter() - start) / plan.frames
    job.close()
    return out, per_frame


def encode_x264(frames, preset, size):
    import av

    buffer = io.BytesIO()
    container = av.open(buffer, "w", format="mp4")
    stream = container.add_stream("libx264", rate=30)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.options = {"crf": "20", "preset": preset}
    start = time.perf_counter()
    for f in frames:
        for packet in stream.encode(av.VideoFrame.from_ndarray(f, format="rgb24")):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return time.perf_counter() - start, len(buffer.getvalue())


def encode_gif_ours(frames, size, folder):
    from galton.export.encode import open_writer
    from galton.export.plan import make_plan

    plan = make_plan(Path(folder) / "ours.gif", size=size, fps=30)
    start = time.perf_counter()
    writer = open_writer(plan)
    n = len(frames)
    writer.set_samples([frames[round(k * (n - 1) / 4)] for k in range(5)])
    for f in frames:
        writer.write(f)
    path = writer.finish()
    return time.perf_counter() - start, path.stat().st_size


def encode_gif_pillow(frames):
    from PIL import Image

    start = time.perf_counter()
    images = [Image.fromarray(f).quantize(256, method=Image.Quantize.MEDIANCUT) for f in frames]
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:],
                   duration=33, loop=0)
    return time.perf_counter() - start, len(buffer.getvalue())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reference-frames", type=int, default=90,
                        help="frames held in memory for the reference encoders")
    parser.add_argument("--quick", action="store_true", help="tiny: 320x180, 12 frames, once")
    args = parser.parse_args(argv)
    if args.quick:
        args.frames, args.size, args.repeats, args.reference_frames = 12, "320x180", 1, 6
    size = tuple(int(v) for v in args.size.lower().split("x"))
    setup()
    cases = [("board", ".mp4"), ("landscape", ".mp4"), ("combined", ".mp4"),
             ("combined", ".gif"), ("combined", ".webm"), ("combined", ".zip")]
    print(f"exporting {args.frames} frames at {size[0]}x{size[1]}, median of {args.repeats}; "
          f"real time = 30 fps; {os.cpu_count()} CPUs")
    print(f"{'layout':<10} {'format':<6} {'fps':>6} {'x real':>7} {'render':>7} "
          f"{'encode':>7} {'prepare':>8} {'size':>9}  opengl")
    with tempfile.TemporaryDirectory() as tmp:
        export_once(tmp, "combined", ".mp4", size, min(args.frames, 12))  # warm the kernels
        for layout, suffix in cases:
            runs = [export_once(tmp, layout, suffix, size, args.frames)
                    for _ in range(args.repeats)]
            med = {k: statistics.median(r[k] for r in runs)
                   for k in ("fps", "render", "encode", "prepare", "bytes")}
            n = args.frames
            print(f"{layout:<10} {suffix[1:]:<6} {med['fps']:6.1f} {med['fps'] / 30:7.2f} "
                  f"{1000 * med['render'] / n:5.1f}ms {1000 * med['encode'] / n:5.1f}ms "
                  f"{med['prepare']:7.2f}s {med['bytes'] / 1e6:7.2f}MB  {runs[0]['gl']}",
                  flush=True)

        print("\nreferences, on the same frames in memory "
              f"({args.reference_frames} frames of the combined layout):")
        frames, per_frame = rendered_frames("combined", size, args.reference_frames)
        n = len(frames)
        for preset in ("veryfast", "medium"):
            secs, nbytes = encode_x264(frames, preset, size)
            print(f"  H.264 {preset:<8} {1000 * secs / n:6.1f} ms/frame  "
                  f"{nbytes / 1e6:6.2f} MB")
        secs, nbytes = encode_gif_ours(frames, size, tmp)
        print(f"  GIF one palette (galton) {1000 * secs / n:6.1f} ms/frame  "
              f"{nbytes / 1e6:6.2f} MB")
        secs, nbytes = encode_gif_pillow(frames)
        print(f"  GIF Pillow per-frame     {1000 * secs / n:6.1f} ms/frame  "
              f"{nbytes / 1e6:6.2f} MB")
        _, whole = rendered_frames("landscape", size, args.reference_frames, still=False)
        _, still = rendered_frames("landscape", size, args.reference_frames, still=True)
        print(f"  landscape frame, drawn whole {1000 * whole:6.1f} ms; cached still scene "
              f"{1000 * still:6.1f} ms ({whole / still:.1f}x)")
        print(f"  combined frame painted {1000 * per_frame:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
