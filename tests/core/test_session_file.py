"""One file to share a session (.galton): a round trip is bit-identical — the same pegs,
optimizer state, batch order, history, drops — and training on after loading gives exactly
what training on without the round trip gives; balls given by use_data or add_cup travel too;
a damaged file or one from a newer galton is refused with a clear message and changes nothing.
Session.copy() carries the same."""

import io
import json
import zipfile

import numpy as np
import pytest

from galton import datasets, lessons
from galton.recorder import Recorder
from galton.session import Session
from galton.session_file import MIME, SessionFileError
from tests.core.sessions_alike import assert_same, go_on

SCENARIO = "assets/scenarios/noisy_five_colours_minibatch.toml"


def busy_session():
    """Mini-batches (the batch order's random stream matters), Adam's moments, a cosine
    schedule, clipping, a frozen row, a drop from the board's own stream."""
    s = Session.from_file(SCENARIO)
    s.set(optimizer="adam", lr=0.05, freeze=[0], clip={"name": "norm", "max_norm": 1.0},
          schedule={"name": "cosine", "lr_max": 0.05, "T": 200})
    s.step(37)
    s.drop(12)
    return s


def test_a_round_trip_is_bit_identical_and_training_goes_on_identically(tmp_path):
    original = busy_session()
    path = tmp_path / "class.galton"
    assert original.save_galton(path) == []
    loaded = Session()
    assert loaded.load_galton(path) is None            # no lesson was saved
    assert_same(original, loaded)
    twin = original.copy()
    assert_same(original, twin)
    go_on(original, loaded, twin)
    assert_same(original, loaded)


def test_balls_given_by_use_data_and_add_cup_travel_with_the_session(tmp_path):
    s = Session()
    s.step(20)
    balls = datasets.colors(60, colors=4, seed=3)
    s.add_cup({"X": balls.X, "y": balls.y, "feature_names": balls.feature_names,
               "class_names": balls.class_names, "class_colors": balls.class_colors,
               "name": "four colours"}, bin_to_cup=[0, 0, 1, 2, 2, 3, 3])
    s.step(15)
    assert s.data_origin == "add_cup" and s.board.cups == 4
    s.save_galton(tmp_path / "grown.galton")
    loaded = Session()
    loaded.load_galton(tmp_path / "grown.galton")
    copy = s.copy()
    for other in (loaded, copy):
        assert_same(s, other)
        assert other.board.bin_to_cup.tolist() == [0, 0, 1, 2, 2, 3, 3]
    go_on(s, loaded, copy)
    # Reset keeps the balls and the board's shape, in all three alike.
    for other in (s, loaded, copy):
        other.reset()
    assert_same(s, loaded)
    # A change of the data settings builds the scenario's balls again.
    loaded.set(balls=100)
    assert loaded.data_origin is None and loaded.data.n_classes == 3
    s = Session()
    s.use_data(datasets.xor(40, seed=2))
    s.step(5)
    s.save_galton(tmp_path / "xor.galton")
    loaded = Session()
    loaded.load_galton(tmp_path / "xor.galton")
    assert loaded.data_origin == "use_data" and loaded.test_set is None
    assert_same(s, loaded)


def test_a_csv_scenario_needs_its_file_no_more(tmp_path):
    csv = tmp_path / "balls.csv"
    datasets.colors(50, colors=2, seed=1).to_csv(csv)
    s = Session()
    s.set(dataset="csv", path=str(csv))
    s.step(8)
    s.save_galton(tmp_path / "csv.galton")
    csv.unlink()
    loaded = Session()
    loaded.load_galton(tmp_path / "csv.galton")
    assert_same(s, loaded)


def test_a_diverged_session_stays_diverged(tmp_path):
    s = Session()
    s.set(lr=1e9)
    s.step(5)
    assert s.trainer.diverged is not None
    s.save_galton(tmp_path / "boom.galton")
    loaded = Session()
    loaded.load_galton(tmp_path / "boom.galton")
    assert loaded.trainer.diverged == s.trainer.diverged
    assert loaded.trainer.status == "diverged"


def test_a_copy_is_independent_and_has_no_listeners():
    s = busy_session()
    seen = []
    s.events.connect("params", lambda *_: seen.append(1))
    copy = s.copy()
    assert not seen
    before = s.board.theta.copy()
    copy.step(10)
    copy.turn_peg(0, 0, bias=3.0)
    np.testing.assert_array_equal(s.board.theta, before)
    assert not seen and s.trainer.step_count == 37


def test_the_lessons_progress_travels_and_resumes(tmp_path):
    s = Session()
    run = lessons.start("pinball", s, lang="zh_CN")
    run.set_param("steps", 120)
    run.play(upto=2)                       # dropped untrained, trained 120 steps
    run.goto(1)
    skipped = s.save_galton(tmp_path / "lesson.galton", run)
    assert skipped == []
    loaded = Session()
    progress = loaded.load_galton(tmp_path / "lesson.galton")
    assert progress["lesson"] == "pinball" and progress["index"] == 1
    again = lessons.resume(progress, loaded)
    assert again.lang == "zh_CN" and again.index == 1 and again.done == {"drop_untrained",
                                                                         "train"}
    assert again.params == run.params and again.params["steps"] == 120
    public = {k: v for k, v in run.values.items() if not k.startswith("_")}
    assert public.keys() == again.values.keys()
    for key, value in public.items():
        np.testing.assert_array_equal(again.values[key], value)
    assert again.check() == run.check() and again.page() == run.page()
    assert_same(s, loaded)


def test_lesson_values_a_file_cannot_hold_are_named(tmp_path):
    s = Session()
    run = lessons.start("optimizers", s)
    run.play(upto=1)
    skipped = s.save_galton(tmp_path / "zoo.galton", run)
    assert "race_paths" in skipped                    # Path objects of a classic surface race
    progress = Session().load_galton(tmp_path / "zoo.galton")
    assert "race_paths" not in progress["values"] and progress["skipped"] == skipped


def test_the_file_is_a_zip_whose_first_entry_names_its_type(tmp_path):
    path = tmp_path / "x.galton"
    Session().save_galton(path)
    raw = path.read_bytes()
    # What the shared-mime-info magic looks for, as for OpenDocument files.
    assert raw[30:38] == b"mimetype" and raw[38:38 + len(MIME)] == MIME.encode()
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[:3] == ["mimetype", "session.toml", "checkpoint.npz"]
        assert zf.getinfo("mimetype").compress_type == zipfile.ZIP_STORED


def test_saving_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "keep.galton"
    path.write_bytes(b"the old file")
    s = Session()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("galton.session_file.np.save", fail)
    with pytest.raises(OSError, match="disk full"):
        s.save_galton(path)
    assert path.read_bytes() == b"the old file"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.galton"]


# --- damaged files and newer ones --------------------------------------------------------------
def rewrite(src, dst, change):
    """Copy the archive ``src`` to ``dst``, with ``change(name, data)`` -> data or None."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)
        extra = change("<extra>", None)
        if extra is not None:
            zout.writestr(*extra)


def with_manifest(edit):
    def change(name, data):
        if name != "session.toml":
            return None if name == "<extra>" else data
        return edit(data.decode()).encode()
    return change


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


DAMAGE = [
    ("newer", with_manifest(lambda t: t.replace("version = 1", "version = 7", 1)),
     "written by a newer galton .*session file format 7.*reads format 1. Update galton"),
    ("not ours", with_manifest(lambda t: t.replace('"galton-session"', '"something"')),
     "not a galton session file \\(format 'something'\\)"),
    ("bad toml", with_manifest(lambda t: t + "\n[[[\n"), "session.toml is damaged"),
    ("no manifest", lambda n, d: None if n in ("session.toml", "<extra>") else d,
     "not a galton session file \\(no session.toml"),
    ("no checkpoint", lambda n, d: None if n in ("checkpoint.npz", "<extra>") else d,
     "damaged: the entry 'checkpoint.npz' is missing"),
    ("no balls", lambda n, d: None if n in ("data/train_X.npy", "<extra>") else d,
     "damaged: the entry 'data/train_X.npy' is missing"),
    ("pickled balls", lambda n, d: npy(np.array([object()] * 3)) if n == "data/all_X.npy"
     else None if n == "<extra>" else d, "galton never loads pickles"),
    ("text balls", lambda n, d: npy(np.array(["a", "b"])) if n == "data/all_y.npy"
     else None if n == "<extra>" else d, "must hold numbers"),
    ("bad scenario", with_manifest(lambda t: t.replace('dataset = "colors"',
                                                       'dataset = "colours"', 1)),
     "\\[data\\] dataset must be one of"),
    ("bad rng", with_manifest(lambda t: t.replace('rng = "', 'rng = "{', 1)), "damaged"),
    ("bad checkpoint", lambda n, d: d[:100] if n == "checkpoint.npz"
     else None if n == "<extra>" else d, "its checkpoint.npz: the file is truncated"),
    ("wrong board", lambda n, d: npy(np.zeros((3, 5))) if n == "data/all_X.npy"
     else None if n == "<extra>" else d, "Dataset|must"),
]


@pytest.mark.parametrize("name,change,message", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_or_newer_file_changes_nothing(tmp_path, name, change, message):
    good = tmp_path / "good.galton"
    busy_session().save_galton(good)
    bad = tmp_path / "bad.galton"
    rewrite(good, bad, change)
    s = Session()
    s.step(3)
    before = s.copy()
    seen = []
    for event in ("data", "board", "params", "settings", "trained"):
        s.events.connect(event, lambda *a, e=event: seen.append(e))
    with pytest.raises(SessionFileError, match=message) as caught:
        s.load_galton(bad)
    assert str(bad) in str(caught.value)
    assert seen == []
    assert_same(before, s)


@pytest.mark.parametrize("content,message", [
    (b"", "damaged or not a galton session file"),
    (b"PK\x03\x04 truncated", "damaged or not a galton session file"),
    (b"[scenario]\nname = 'a scenario, not a session'\n", "not a galton session file"),
])
def test_files_that_are_not_sessions_are_refused(tmp_path, content, message):
    path = tmp_path / "odd.galton"
    path.write_bytes(content)
    with pytest.raises(SessionFileError, match=message):
        Session().load_galton(path)
    with pytest.raises(SessionFileError, match="file not found"):
        Session().load_galton(tmp_path / "missing.galton")


def test_a_truncated_file_is_refused(tmp_path):
    path = tmp_path / "cut.galton"
    busy_session().save_galton(path)
    raw = path.read_bytes()
    for cut in (len(raw) // 3, len(raw) - 30):
        path.write_bytes(raw[:cut])
        with pytest.raises(SessionFileError, match="damaged"):
            Session().load_galton(path)


def test_reading_is_bounded(tmp_path, monkeypatch):
    import galton.session_file as sf

    path = tmp_path / "x.galton"
    busy_session().save_galton(path)
    monkeypatch.setattr(sf, "MAX_ENTRY", 1000)
    with pytest.raises(SessionFileError, match=r"is too large .* bytes unpacked"):
        Session().load_galton(path)
    monkeypatch.setattr(sf, "MAX_ENTRY", 1 << 30)
    monkeypatch.setattr(sf, "MAX_ENTRIES", 3)
    with pytest.raises(SessionFileError, match="entries \\(at most 3\\)"):
        Session().load_galton(path)
    monkeypatch.setattr(sf, "MAX_ENTRIES", 4096)
    monkeypatch.setattr(sf, "MAX_FILE", 100)
    with pytest.raises(SessionFileError, match="more than a session file may hold"):
        Session().load_galton(path)


def test_an_entry_that_lies_about_its_size_is_refused(tmp_path):
    """A zip whose directory claims session.toml is half its size: reading stops at what is
    claimed, and the entry is refused as damaged (no reading past a claimed size)."""
    path = tmp_path / "x.galton"
    busy_session().save_galton(path)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        size = zf.getinfo("session.toml").file_size
    start = raw.find(b"PK\x01\x02")                      # the central directory's entries
    while start >= 0:
        name_length = int.from_bytes(raw[start + 28:start + 30], "little")
        if raw[start + 46:start + 46 + name_length] == b"session.toml":
            raw[start + 24:start + 28] = (size // 2).to_bytes(4, "little")
            break
        start = raw.find(b"PK\x01\x02", start + 4)
    assert start >= 0
    path.write_bytes(bytes(raw))
    with pytest.raises(SessionFileError, match="damaged"):
        Session().load_galton(path)


def test_show_as_script_records_loading_a_session_file(tmp_path):
    path = tmp_path / "s.galton"
    busy_session().save_galton(path)
    s = Session()
    recorder = Recorder(s)
    s.load_galton(path)
    assert f"session.load_galton({str(path)!r})" in recorder.script()


def test_the_manifest_is_readable_toml(tmp_path):
    import tomllib

    path = tmp_path / "x.galton"
    busy_session().save_galton(path)
    with zipfile.ZipFile(path) as zf:
        manifest = tomllib.loads(zf.read("session.toml").decode())
    assert manifest["format"] == "galton-session" and manifest["version"] == 1
    assert manifest["scenario"]["training"]["optimizer"] == "adam"
    assert manifest["data"]["source"] == "scenario" and manifest["data"]["test"] is True
    assert json.loads(manifest["board"]["rng"])["bit_generator"] == "PCG64"


def test_the_teachers_kit_needs_no_qt(tmp_path):
    """Lesson files, their tools and session files work on a machine without a display."""
    import subprocess
    import sys

    code = f"""
import sys
import galton.lesson_cli, galton.session_file
from galton.lessons.data import authoring
from galton.session import Session
assert authoring.check({str(lessons.get("peg_challenge").path)!r}) == []
s = Session(); s.step(3); s.save_galton({str(tmp_path / "s.galton")!r})
Session().load_galton({str(tmp_path / "s.galton")!r})
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in
                      {{"PySide6", "shiboken6", "pyqtgraph", "qtconsole", "OpenGL"}})))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_a_lesson_written_as_data_travels_inside_the_file(tmp_path, monkeypatch):
    """A teacher saves a session of their own lesson; the student has the .galton file only."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    own = tmp_path / "teacher" / "our_challenge.toml"
    own.parent.mkdir()
    own.write_bytes(lessons.get("peg_challenge").path.read_bytes())
    s = Session()
    run = lessons.start(str(own), s)
    run.play(upto=3)
    s.save_galton(tmp_path / "homework.galton", run)
    own.unlink()
    student = Session()
    progress = student.load_galton(tmp_path / "homework.galton")
    again = lessons.resume(progress, student)
    assert again.lesson.name == "our_challenge" and again.index == 2
    assert again.check().passed and again.values["red_in_red"] == run.values["red_in_red"]
    assert again.lesson.path.is_file() and str(tmp_path / "cache") in str(again.lesson.path)
    again.next()
    again.do()                                   # the lesson goes on from there
    assert again.check().passed
