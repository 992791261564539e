"""Checkpoints are read within bounds (unknown entries refused, every shape checked against the
board before a byte is decompressed, the total capped) and loaded all or nothing (a file
whose last-checked field is wrong leaves the trainer exactly as it was)."""

import io
import json
import struct
import time
import tracemalloc
import zlib

import numpy as np
import pytest

import galton
from galton.core import limits
from galton.core.checkpoint import CheckpointError, load_checkpoint
from galton.session import Session


def trainer(rows=4, opt=None, seed=0):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    board = galton.Board(rows, 2, 2, seed=1, init="normal")
    return galton.Trainer(board, (X, y), opt or galton.optim.Adam(0.05), batch_size=20,
                          seed=seed)


def saved(tmp_path, name="ck.npz", steps=7):
    t = trainer()
    t.run(steps)
    path = tmp_path / name
    t.save_checkpoint(path)
    return path


def entries(path) -> dict:
    with np.load(path, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def meta_of(path) -> dict:
    return json.loads(entries(path)["meta"].tobytes())


def rewrite(path, change_meta=None, **arrays):
    """Rewrite a checkpoint with its metadata changed and entries replaced or added."""
    items = entries(path)
    meta = json.loads(items["meta"].tobytes())
    if change_meta is not None:
        change_meta(meta)
    items["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    items.update(arrays)
    np.savez(path, **items)


def raw_zip(path, members):
    """A zip written by hand: members are (name, stored bytes, method, crc, size), so that
    the declared sizes can be anything."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, method, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(data),
                              size, len(encoded), 0) + encoded)
        out.write(data)
        directory.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0,
                                    crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
                                    offset) + encoded)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                          len(directory.getvalue()), start, 0))
    path.write_bytes(out.getvalue())


def npy_header(dtype, shape) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": np.dtype(dtype).str,
                                               "fortran_order": False, "shape": shape})
    return b"\x93NUMPY\x01\x00"[:0] + buf.getvalue()


def deflated_zeros(header: bytes, zeros: int) -> bytes:
    """Raw deflate of ``header`` and ``zeros`` zero bytes, made in milliseconds: after a full
    flush, every megabyte of zeros compresses to the same 989 bytes."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(header) + comp.flush(zlib.Z_FULL_FLUSH)
    megabytes, rest = divmod(zeros, 1_000_000)
    block = comp.compress(bytes(1_000_000)) + comp.flush(zlib.Z_FULL_FLUSH)
    return head + block * megabytes + comp.compress(bytes(rest)) + comp.flush()


def stored(name, data):
    return (name, data, 0, zlib.crc32(data), len(data))


def meta_member(path):
    raw = entries(path)["meta"]
    buf = io.BytesIO()
    np.save(buf, raw)
    return stored("meta.npy", buf.getvalue())


# --- bounded reading ---------------------------------------------------------------------------
def test_a_4_mb_file_that_expands_to_4_gb_is_refused_at_once(tmp_path):
    """theta.npy declares (and would really inflate to) 4,000,000,000 bytes of zeros."""
    path = saved(tmp_path)
    total = 4_000_000_000
    header = npy_header("<f8", (total // 8,))
    data = deflated_zeros(header, total)
    bomb = tmp_path / "bomb.npz"
    # The CRC of 4 GB of zeros is left out: a reader that got that far has already failed.
    raw_zip(bomb, [meta_member(path), ("theta.npy", data, 8, 0, len(header) + total)])
    assert 3_900_000 < bomb.stat().st_size < 4_100_000
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(CheckpointError, match=r"bomb.npz.*expand to 4,000,00\d,\d{3} bytes"):
        load_checkpoint(bomb)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seconds < 0.5, seconds
    assert peak < 20e6, peak


def test_a_lying_entry_is_read_no_further_than_it_declared(tmp_path):
    """theta.npy declares the right size but its data inflates to 4 GB: only the declared
    bytes are inflated, and the archive's checksum then fails."""
    path = saved(tmp_path)
    header = npy_header("<f8", (10, 3))
    data = deflated_zeros(header, 4_000_000_000)
    liar = tmp_path / "liar.npz"
    raw_zip(liar, [meta_member(path), ("theta.npy", data, 8, 0, len(header) + 240)])
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(CheckpointError, match=r"liar.npz.*(damaged|CRC)"):
        load_checkpoint(liar)
    assert time.perf_counter() - start < 0.5
    assert tracemalloc.get_traced_memory()[1] < 20e6
    tracemalloc.stop()


def test_a_declared_shape_that_does_not_fit_the_board_is_refused_before_its_data(tmp_path):
    path = saved(tmp_path)
    header = npy_header("<f8", (10**9,))
    raw_zip(tmp_path / "big.npz", [meta_member(path), stored("theta.npy", header + bytes(64))])
    with pytest.raises(CheckpointError, match=r"'theta' must be float64 of shape \(10, 3\)"):
        load_checkpoint(tmp_path / "big.npz")
    rewrite(path, **{"optimizer.m": np.zeros(10**6)})
    with pytest.raises(CheckpointError, match=r"'optimizer.m' must be float64 holding 30"):
        load_checkpoint(path)


@pytest.mark.parametrize("name,match", [
    ("extra", "unknown entry 'extra.npy'"),
    ("optimizer.exploit", "unknown entry 'optimizer.exploit.npy'"),
    ("history.secret", "unknown entry 'history.secret.npy'"),
])
def test_unknown_entries_are_refused(tmp_path, name, match):
    path = saved(tmp_path)
    rewrite(path, **{name: np.zeros(3)})
    with pytest.raises(CheckpointError, match=match):
        load_checkpoint(path)


def test_duplicate_and_too_many_entries(tmp_path):
    path = saved(tmp_path)
    member = meta_member(path)
    raw_zip(tmp_path / "twice.npz", [member, member])
    with pytest.raises(CheckpointError, match="appears twice"):
        load_checkpoint(tmp_path / "twice.npz")
    many = [stored(f"x{i}.npy", b"") for i in range(limits.MAX_CHECKPOINT_ENTRIES + 1)]
    raw_zip(tmp_path / "many.npz", many)
    with pytest.raises(CheckpointError, match=r"lists 129 entries; a checkpoint has at most 128"):
        load_checkpoint(tmp_path / "many.npz")


def test_metadata_nested_deeply_or_too_large(tmp_path):
    path = saved(tmp_path)
    deep = "[" * 100_000 + "]" * 100_000
    raw = np.frombuffer(deep.encode(), dtype=np.uint8)
    rewrite(path, meta=raw)
    with pytest.raises(CheckpointError, match=r"metadata is damaged \(nested too deeply\)"):
        load_checkpoint(path)
    path = saved(tmp_path, "big.npz")
    rewrite(path, meta=np.zeros(limits.MAX_CHECKPOINT_META + 1, dtype=np.uint8))
    with pytest.raises(CheckpointError, match="'meta' must be UTF-8 JSON bytes, at most"):
        load_checkpoint(path)


def test_random_bytes_and_pickles_are_named_for_what_they_are(tmp_path):
    import pickle

    junk = tmp_path / "random.npz"
    junk.write_bytes(np.random.default_rng(0).bytes(5000))
    with pytest.raises(CheckpointError, match=r"random.npz': not a .npz archive") as exc:
        load_checkpoint(junk)
    assert "pickled" not in str(exc.value)
    pick = tmp_path / "pickled.npz"
    pick.write_bytes(pickle.dumps({"theta": [1, 2]}))
    with pytest.raises(CheckpointError, match="pickled Python object, not a checkpoint"):
        load_checkpoint(pick)


def test_a_file_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    path = saved(tmp_path)
    monkeypatch.setattr(limits, "MAX_CHECKPOINT_BYTES", 100)
    with pytest.raises(CheckpointError, match=r"bytes is more than a checkpoint may be \(100\)"):
        load_checkpoint(path)


# --- malformed metadata: every field ------------------------------------------------------------
BAD_META = {
    "version": ["2", -1, None],
    "board": [[], "board", {"rows": "4", "features": 2}, {"rows": 4, "features": 0},
              {"rows": 4, "features": 2, "cups": 9, "bin_to_cup": [0, 0, 0, 1, 1]},
              {"rows": 4, "features": 2, "cups": 2, "bin_to_cup": [0, 1]}],
    "step": ["7", -1, 1.5, None, True],
    "seed": ["0", -3],
    "loss": ["hinge", 3],
    "batch_size": [0, "20"],
    "lr": ["0.05", None, float("nan")],
    "optimizer": [[], {"name": 3}, {"name": "Adam", "hyperparameters": [], "scalars": {}},
                  {"name": "Adam", "hyperparameters": {}, "scalars": {"step": "7"}}],
    "schedule": [3, {"nom": "cosine"}],
    "clip": ["norm", {"max_norm": 1}],
    "rng": [None, [], "pcg"],
    "cursor": [-1, "3"],
    "loss_reference": [-1.0, "x"],
}


@pytest.mark.parametrize("field,value", [(f, v) for f, vs in BAD_META.items() for v in vs])
def test_every_malformed_metadata_field_is_a_clear_error(tmp_path, field, value):
    path = saved(tmp_path)
    rewrite(path, lambda m: m.update({field: value}))
    with pytest.raises(CheckpointError, match=rf"ck.npz.*'{field}'|ck.npz.*board"):
        load_checkpoint(path)


# --- all or nothing -----------------------------------------------------------------------------
def snapshot(t):
    """Everything a load may change, as plain values."""
    return {
        "theta": t.board.theta.copy(), "step": t.step_count, "lr": t.lr,
        "optimizer": {k: (v.copy() if isinstance(v, np.ndarray) else v)
                      for k, v in t.optimizer.state_dict().items()},
        "rng": json.dumps(t._rng.bit_generator.state), "order": t._order.copy(),
        "cursor": t._cursor, "history": {k: v.copy() for k, v in t.history.as_arrays().items()},
        "timeline": t.timeline.steps, "status": t.status,
    }


def same(a, b) -> bool:
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, dict):
            if x.keys() != y.keys() or not all(
                    np.array_equal(x[k], y[k], equal_nan=True) for k in x):
                return False
        elif isinstance(x, np.ndarray):
            if not np.array_equal(x, y, equal_nan=True):
                return False
        elif x != y:
            return False
    return True


@pytest.mark.parametrize("fault", ["lr", "optimizer step", "rng", "order", "cursor"])
def test_a_rejected_file_leaves_the_trainer_exactly_as_it_was(tmp_path, fault):
    """Each fault passes the file's own checks and is found by Trainer.load_state; the step
    size (-0.5) is the last field it checks."""
    path = saved(tmp_path)
    items = entries(path)
    meta = json.loads(items["meta"].tobytes())
    if fault == "lr":
        meta["lr"] = -0.5
    elif fault == "optimizer step":
        meta["optimizer"]["scalars"]["step"] = -3
    elif fault == "rng":
        meta["rng"] = {"bit_generator": "MT19937", "state": {"key": [1], "pos": 0}}
    elif fault == "order":
        items["order"] = np.arange(10_000)
    else:
        meta["cursor"] = 10**6
    items["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(path, **items)
    t = trainer(seed=5)
    t.run(4)
    before = snapshot(t)
    with pytest.raises(CheckpointError, match=r"ck.npz.*does not fit this trainer"):
        t.load_checkpoint(path)
    assert same(before, snapshot(t))


def test_session_load_checkpoint_changes_nothing_on_failure(tmp_path):
    s = Session()
    s.step(5)
    path = tmp_path / "ck.npz"
    s.save_checkpoint(path)
    s.step(3)
    rewrite(path, lambda m: m.update(lr=-0.5))
    before = snapshot(s.trainer)
    seen = []
    s.events.connect("trained", lambda *a: seen.append(a))
    with pytest.raises(CheckpointError, match=r"step size \(lr\) must be a finite number"):
        s.load_checkpoint(path)
    assert same(before, snapshot(s.trainer)) and seen == []


def test_negative_step_size_last_checked_field_changes_nothing():
    """The issue's example through the API: parameters, step and optimizer state all fit,
    and the step size, checked last, is -0.5."""
    t = trainer(seed=5)
    t.run(4)
    before = snapshot(t)
    state = t.state()
    state["theta"] = state["theta"] + 1.0
    state["step"] = 99
    state["lr"] = -0.5
    with pytest.raises(ValueError, match=r"step size \(lr\) must be a finite number >= 0"):
        t.load_state(state)
    assert same(before, snapshot(t))


def test_a_good_file_still_continues_bit_for_bit(tmp_path):
    a = trainer()
    a.run(13)
    path = tmp_path / "ck.npz"
    a.save_checkpoint(path)
    a.run(20)
    b = trainer(seed=3)
    b.run(2)
    b.load_checkpoint(path)
    b.run(20)
    assert np.array_equal(a.board.theta, b.board.theta)
    for name, column in a.history.as_arrays().items():
        assert np.array_equal(column, b.history.as_arrays()[name], equal_nan=True), name


def test_a_version_1_file_loads(tmp_path):
    """galton 0.1 wrote every step under history.* and no buckets or loss_reference."""
    path = saved(tmp_path, steps=9)
    rewrite(path, lambda m: (m.update(version=1), m.pop("loss_reference")))
    t = trainer(seed=4)
    t.load_checkpoint(path)
    assert t.step_count == 9 and len(t.history) == 9
    t.run(3)
    assert t.step_count == 12
