"""Checkpoints: bit-for-bit round trips, atomic writes, and clear errors for bad files."""

import io
import json
import re
import zipfile

import numpy as np
import pytest

import galton
from galton.core.checkpoint import CheckpointError
from tests.core.optimizer_doubles import PlainGD


def trainer(rows=4, seed=0, opt=None):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    board = galton.Board(rows, 2, 2, seed=1, init="normal")
    return galton.Trainer(board, (X, y), opt or PlainGD(0.3), batch_size=20, seed=seed)


def test_round_trip_continues_training_bit_for_bit(tmp_path):
    a = trainer()
    a.run(17)  # mid-epoch: the batch order and cursor must be restored too
    path = tmp_path / "ck.npz"
    a.save_checkpoint(path)
    a.run(30)
    b = trainer(seed=99)  # a different seed: everything must come from the file
    b.load_checkpoint(path)
    assert b.step_count == 17 and len(b.history) == 17
    b.run(30)
    assert np.array_equal(a.board.theta, b.board.theta)
    for name, column in a.history.as_arrays().items():
        assert np.array_equal(column, b.history.as_arrays()[name], equal_nan=True), name


def test_checkpoint_metadata_and_board(tmp_path):
    a = trainer()
    a.run(3)
    path = tmp_path / "ck.npz"
    a.save_checkpoint(path)
    ck = galton.load_checkpoint(path)
    assert ck.step == 3
    assert ck.meta["board"] == a.board.spec()
    assert ck.meta["versions"]["galton"] == galton.__version__
    assert ck.meta["optimizer"]["name"] == "PlainGD" and ck.meta["seed"] == 0
    assert np.array_equal(ck.board().theta, a.board.theta)
    with np.load(path, allow_pickle=False) as archive:  # plain arrays only
        assert all(archive[name].dtype != object for name in archive.files)


def test_write_is_atomic_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    a = trainer()
    path = tmp_path / "ck.npz"
    a.save_checkpoint(path)
    original = path.read_bytes()

    def broken_savez(fh, **arrays):
        fh.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        a.save_checkpoint(path)
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["ck.npz"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match=r"folder .* does not exist"):
        trainer().save_checkpoint(tmp_path / "nope" / "ck.npz")


def saved(tmp_path, name="ck.npz"):
    a = trainer()
    a.run(2)
    path = tmp_path / name
    a.save_checkpoint(path)
    return path


def test_truncated_file(tmp_path):
    path = saved(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match=r"ck.npz.*truncated or damaged"):
        galton.load_checkpoint(path)


def test_pickled_object_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, meta=np.array([{"format": "galton-checkpoint"}], dtype=object),
             theta=np.zeros((3, 3)))
    with pytest.raises(CheckpointError, match=r"evil.npz.*pickled Python object"):
        galton.load_checkpoint(path)


def test_missing_file_and_not_an_archive(tmp_path):
    with pytest.raises(CheckpointError, match=r"nothing.npz.*file not found"):
        galton.load_checkpoint(tmp_path / "nothing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_text("hello")
    with pytest.raises(CheckpointError, match=r"junk.npz"):
        galton.load_checkpoint(junk)


def rewrite_meta(path, change):
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    meta = json.loads(arrays["meta"].tobytes())
    change(meta)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(path, **arrays)


def test_checkpoint_from_a_different_board_shape(tmp_path):
    path = saved(tmp_path)
    other = trainer(rows=5)
    with pytest.raises(CheckpointError, match=r"ck.npz.*rows=4.*this board has rows=5"):
        other.load_checkpoint(path)
    assert other.step_count == 0  # nothing half-loaded


def test_checkpoint_for_another_optimizer(tmp_path):
    path = saved(tmp_path)

    class OtherGD(PlainGD):
        name = "OtherGD"

    with pytest.raises(CheckpointError, match="PlainGD optimizer, but this trainer uses OtherGD"):
        trainer(opt=OtherGD(0.1)).load_checkpoint(path)


@pytest.mark.parametrize("change,match", [
    (lambda m: m.update(format="something-else"), "not a galton checkpoint"),
    (lambda m: m.update(version=99), "newer galton"),
    (lambda m: m.pop("rng"), "lacks the field 'rng'"),
    (lambda m: m["board"].update(rows=7), r"'theta' must be float64 of shape \(28, 3\)"),
])
def test_damaged_metadata(tmp_path, change, match):
    path = saved(tmp_path)
    rewrite_meta(path, change)
    with pytest.raises(CheckpointError, match=match):
        galton.load_checkpoint(path)


def test_corrupted_member_is_detected(tmp_path):
    path = saved(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "meta.npy":
                data = data[:-5] + b"}}}}}"
            dst.writestr(item, data)
    path.write_bytes(buf.getvalue())
    with pytest.raises(CheckpointError, match=re.escape("ck.npz")):
        galton.load_checkpoint(path)


def test_atomically_written_files_get_ordinary_permissions(tmp_path):
    """mkstemp's temporary file is owner-only; the finished file must not be (a scenario is
    shared with students), and a file that is replaced keeps its mode."""
    import os
    import stat

    from galton.core.files import atomic_write_text, umask

    new = tmp_path / "new.toml"
    atomic_write_text(new, "x = 1\n")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask()
    os.chmod(new, 0o640)
    atomic_write_text(new, "x = 2\n")
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
