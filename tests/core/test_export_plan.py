"""The exporter's Qt-free core: plans are checked before any work, the film is deterministic,
the writers produce decodable files and leave nothing behind when aborted."""

import subprocess
import sys
import tempfile

import numpy as np
import pytest

from galton.export import encode
from galton.export.film import Film, session_copy
from galton.export.layout import layout_rects
from galton.export.plan import ExportError, make_plan
from galton.session import Session

av = pytest.importorskip("av")


def frames(n=12, w=160, h=120):
    """Synthetic frames: a square moving across a light background."""
    out = []
    for i in range(n):
        f = np.full((h, w, 3), 240, np.uint8)
        f[30:70, 5 + 8 * i:45 + 8 * i] = (200, 40, 40)
        f[90:100, : 10 * (i + 1)] = (30, 60, 200)
        out.append(f)
    return out


def decode(path):
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- plans -------------------------------------------------------------------------------------
def test_the_format_comes_from_the_suffix_or_format(tmp_path):
    assert make_plan(tmp_path / "a.mp4").format == "mp4"
    assert make_plan(tmp_path / "a.GIF").format == "gif"
    assert make_plan(tmp_path / "a.webm").format == "webm"
    assert make_plan(tmp_path / "frames.zip").format == "png"
    assert make_plan(tmp_path / "frames").format == "png"
    assert make_plan(tmp_path / "clip.bin", format="mp4").format == "mp4"


@pytest.mark.parametrize("name, settings, words", [
    ("a.avi", {}, "unknown format '.avi'"),
    ("a.png", {}, "PNG sequence goes into a folder"),
    ("a.mp4", {"format": "mov"}, "unknown format 'mov'"),
    ("a.mp4", {"size": "4000x2000"}, "width must be between"),
    ("a.mp4", {"size": "1280x721"}, "even width and height"),
    ("a.mp4", {"size": "big"}, "WIDTHxHEIGHT"),
    ("a.mp4", {"layout": "poster"}, "unknown layout"),
    ("a.mp4", {"fps": 0}, "fps must be between 1 and 60"),
    ("a.mp4", {"steps_per_frame": 0}, "steps per frame must be"),
    ("a.mp4", {"hold": -1.0}, "hold must be"),
])
def test_bad_settings_are_named(tmp_path, name, settings, words):
    with pytest.raises(ExportError, match=words):
        make_plan(tmp_path / name, **settings)
    assert list(tmp_path.iterdir()) == []  # checked before any work: nothing written


def test_missing_or_unwritable_folders_fail_before_any_work(tmp_path, monkeypatch):
    with pytest.raises(ExportError, match="does not exist"):
        make_plan(tmp_path / "nowhere" / "a.mp4")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="does not exist"):
        make_plan(tmp_path / "file" / "a.mp4")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # root ignores chmod: refuse for real
    with pytest.raises(ExportError, match="not writable"):
        make_plan(tmp_path / "a.mp4")


def test_a_png_folder_must_be_new_or_empty(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(ExportError, match="not empty"):
        make_plan(tmp_path / "full")
    (tmp_path / "empty").mkdir()
    assert make_plan(tmp_path / "empty").format == "png"


def test_frames_follow_steps_steps_per_frame_and_hold(tmp_path):
    plan = make_plan(tmp_path / "a.mp4", steps=300, steps_per_frame=1, fps=30)
    assert plan.frames == 301 and plan.step_at(300) == 300
    plan = make_plan(tmp_path / "a.mp4", steps=10, steps_per_frame=4, hold=0.5, fps=30)
    assert plan.training_frames == 4 and plan.hold_frames == 15 and plan.frames == 19
    assert [plan.step_at(i) for i in range(5)] == [0, 4, 8, 10, 10]


# --- the film ----------------------------------------------------------------------------------
def test_the_film_is_deterministic_and_never_touches_the_session(tmp_path):
    session = Session()
    before = session.board.theta.copy()
    plan = make_plan(tmp_path / "a.mp4", steps=12, steps_per_frame=3, balls_per_frame=4, fps=10,
                     ball_speed=40.0)
    a = Film.shoot(plan, session_copy(session))
    b = Film.shoot(plan, session_copy(session))
    assert np.array_equal(session.board.theta, before) and session.trainer.step_count == 0
    assert len(a.thetas) == plan.training_frames == 5
    assert a.steps == [0, 3, 6, 9, 12]
    for x, y in zip(a.thetas, b.thetas, strict=True):
        assert np.array_equal(x, y)
    for frame in (0, 3, 4):
        ma, mb = a.board_moment(frame), b.board_moment(frame)
        assert np.array_equal(ma.landed, mb.landed) and len(ma.balls) == len(mb.balls)
        for (sa, la, ta), (sb, lb, tb) in zip(ma.balls, mb.balls, strict=True):
            assert np.array_equal(sa, sb) and la == lb and ta == tb
    # Balls are in flight, then land: the histogram fills as frames go by.
    assert len(a.board_moment(1).balls) > 0
    assert a.board_moment(4).landed.sum() > 0
    assert a.numbers(4)["step"] == 12 and a.numbers(0)["loss"] > a.numbers(4)["loss"]


def test_continuing_from_the_current_pegs_keeps_the_history(tmp_path):
    session = Session()
    session.step(5)
    plan = make_plan(tmp_path / "a.mp4", steps=4, start="current")
    film = Film.shoot(plan, session_copy(session, "current"))
    assert film.steps[0] == 5 and film.steps[-1] == 9
    assert np.array_equal(film.thetas[0], session.board.theta)
    assert session.trainer.step_count == 5
    assert film.numbers(0)["first_step"] == 5


# --- the writers -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["clip.mp4", "clip.webm"])
def test_video_writers_decode_to_the_frames(tmp_path, name):
    plan = make_plan(tmp_path / name, size=(160, 120), fps=10)
    writer = encode.open_writer(plan)
    for f in frames():
        writer.write(f)
    assert writer.finish() == plan.output
    assert plan.output.stat().st_mode & 0o044 == 0o044  # readable by others, not 0600
    out = decode(plan.output)
    assert len(out) == 12 and out[0].shape == (120, 160, 3)
    assert np.abs(out[5].astype(int) - frames()[5]).mean() < 6  # lossy, but close
    assert leftovers(tmp_path) == []


def test_the_gif_has_one_palette_and_exact_flat_colours(tmp_path):
    plan = make_plan(tmp_path / "clip.gif", size=(160, 120), fps=10)
    writer = encode.open_writer(plan)
    writer.set_samples(frames()[::3])
    for f in frames():
        writer.write(f)
    writer.finish()
    out = decode(plan.output)
    assert len(out) == 12
    assert np.array_equal(out[7], frames()[7])  # three flat colours survive exactly


def test_png_frames_into_a_zip_and_a_folder(tmp_path):
    import zipfile

    for target in (tmp_path / "frames.zip", tmp_path / "frames"):
        plan = make_plan(target, size=(160, 120))
        writer = encode.open_writer(plan)
        for f in frames(3):
            writer.write(f)
        writer.finish()
    with zipfile.ZipFile(tmp_path / "frames.zip") as z:
        assert z.namelist() == ["frame_00000.png", "frame_00001.png", "frame_00002.png"]
    names = sorted(p.name for p in (tmp_path / "frames").iterdir())
    assert names == ["frame_00000.png", "frame_00001.png", "frame_00002.png"]
    assert np.array_equal(decode(tmp_path / "frames" / names[1])[0], frames(3)[1])
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["clip.mp4", "clip.gif", "frames.zip", "frames"])
def test_an_aborted_writer_leaves_nothing(tmp_path, name):
    plan = make_plan(tmp_path / name, size=(160, 120))
    writer = encode.open_writer(plan)
    writer.set_samples(frames(2))
    writer.write(frames(1)[0])
    assert leftovers(tmp_path)  # the temporary file or folder exists while writing
    writer.abort()
    assert list(tmp_path.iterdir()) == []


def test_the_export_core_imports_no_qt():
    code = ("import sys; import galton.export, galton.export.plan, galton.export.film, "
            "galton.export.encode, galton.export.landscape, galton.export.gl, galton.export_cli;"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'PySide6', 'shiboken6', 'pyqtgraph', 'OpenGL'})))")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


# --- the layout of a frame -------------------------------------------------------------------
@pytest.mark.parametrize("size", [(320, 180), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("layout", ["board", "landscape", "combined"])
@pytest.mark.parametrize("caption", [True, False])
def test_the_panels_tile_the_frame_without_qt(layout, size, caption):
    width, height = size
    rects = layout_rects(layout, width, height, caption)
    expected = {"board": {"board"}, "landscape": {"landscape"},
                "combined": {"board", "landscape", "chart"}}[layout]
    assert set(rects) == expected | ({"caption"} if caption else set())
    cover = np.zeros((height, width), dtype=int)
    for x, y, w, h in rects.values():
        assert all(isinstance(v, float) for v in (x, y, w, h)) and w > 0 and h > 0
        assert x == int(x) and y == int(y) and w == int(w) and h == int(h)  # whole pixels
        cover[int(y):int(y + h), int(x):int(x + w)] += 1
    assert np.all(cover == 1)  # every pixel in exactly one panel
    if caption:
        assert rects["caption"][:2] == (0.0, 0.0) and rects["caption"][2] == width
