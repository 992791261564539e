"""Fuzzing the loaders (hypothesis, a bounded budget): scenario files, CSV balls and checkpoints
end in a valid object or their own named error, never another exception, and a failed load
never changes the session."""

import io
import json
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import galton
from galton.core.checkpoint import CheckpointError, load_checkpoint
from galton.core.datasets import DatasetError
from galton.core.scenario import DEFAULTS, ScenarioError
from galton.session import Session

BUDGET = settings(max_examples=60, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])


@pytest.fixture(scope="module")
def session():
    s = Session()
    s.step(3)
    return s


def state_of(s):
    t = s.trainer
    return (s.scenario.to_toml(), t.board.theta.tobytes(), t.step_count, t.lr,
            json.dumps(t._rng.bit_generator.state), t._order.tobytes(), t._cursor,
            t.history.as_arrays()["train_loss"].tobytes(), tuple(t.timeline.steps),
            s.board.rows, len(s.data))


# --- scenarios ---------------------------------------------------------------------------------
scalars = st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
                    st.booleans(), st.text(max_size=30), st.none())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=8), inner, max_size=4), max_leaves=12)
known_fields = st.sampled_from([(t, k) for t in DEFAULTS for k in DEFAULTS[t]] +
                               [("training", "schedule"), ("training", "clip")])


@st.composite
def scenario_dicts(draw):
    raw = {}
    for table, key in draw(st.lists(known_fields, max_size=5)):
        raw.setdefault(table, {})[key] = draw(values)
    if draw(st.booleans()):
        raw[draw(st.text(max_size=8))] = draw(values)
    return raw


def toml_text(raw) -> str:
    import tomli_w

    try:
        return tomli_w.dumps(raw)
    except (TypeError, ValueError):
        return repr(raw)


@BUDGET
@given(raw=scenario_dicts())
def test_scenario_dicts(tmp_path_factory, session, raw):
    before = state_of(session)
    path = tmp_path_factory.mktemp("fuzz") / "s.toml"
    path.write_text(toml_text(raw), encoding="utf-8")
    try:
        session.load(path)
    except ScenarioError as exc:
        assert str(path) in str(exc), str(exc)
        assert state_of(session) == before
    except DatasetError as exc:  # [data] path names a CSV that cannot be read: it names it
        assert "file not found" in str(exc) or "cannot be read" in str(exc), str(exc)
        assert state_of(session) == before
    else:
        assert session.scenario.path == path
        session.load_scenario(galton.core.scenario.Scenario())  # back to a known state
        session.step(3)


@BUDGET
@given(text=st.text(alphabet=st.sampled_from(list("[]{}=\"'#\n ,.abc0123456789-+_")),
                    max_size=400))
def test_scenario_text(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "t.toml"
    path.write_text(text, encoding="utf-8")
    try:
        scenario = galton.core.scenario.load(path)
    except ScenarioError as exc:
        assert str(path) in str(exc)
    else:
        assert scenario.path == path


# --- CSV -----------------------------------------------------------------------------------------
cells = st.one_of(st.sampled_from(["1", "-2.5", "nan", "inf", "", "red", "blue", " 3 ", "1e309",
                                   '"q"', '"', "a,b"]), st.text(max_size=6))


@st.composite
def csv_texts(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.lists(st.sampled_from(["a", "b", "label", "", "a", "x y"]), min_size=1,
                           max_size=4))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=5), max_size=8))
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines), delimiter


@BUDGET
@given(data=csv_texts(), raw=st.binary(max_size=64))
def test_csv(tmp_path_factory, data, raw):
    text, delimiter = data
    folder = tmp_path_factory.mktemp("fuzz")
    for content in (text.encode("utf-8"), raw):
        path = folder / "balls.csv"
        path.write_bytes(content)
        try:
            dataset = galton.datasets.from_csv(path, delimiter=delimiter)
        except DatasetError as exc:
            assert str(path) in str(exc) or "delimiter" in str(exc)
        else:
            assert dataset.n_classes >= 2 and np.all(np.isfinite(dataset.X))


# --- checkpoints ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def checkpoint_bytes(tmp_path_factory, session):
    path = tmp_path_factory.mktemp("ck") / "ck.npz"
    session.save_checkpoint(path)
    return path.read_bytes()


def mutate_meta(data: bytes, field: str, value) -> bytes:
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        items = {n: archive[n] for n in archive.files}
    meta = json.loads(items["meta"].tobytes())
    if value is _DROP:
        meta.pop(field, None)
    else:
        meta[field] = value
    items["meta"] = np.frombuffer(json.dumps(meta, allow_nan=True).encode(), dtype=np.uint8)
    out = io.BytesIO()
    np.savez(out, **items)
    return out.getvalue()


def mutate_entry(data: bytes, name: str, array) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
        buf = io.BytesIO()
        np.save(buf, array, allow_pickle=False)
        dst.writestr(name, buf.getvalue())
    return out.getvalue()


_DROP = object()
META_FIELDS = ["version", "board", "step", "seed", "loss", "batch_size", "lr", "optimizer",
               "schedule", "clip", "rng", "cursor", "loss_reference", "format", "engine"]
arrays = st.one_of(
    st.builds(np.zeros, st.tuples(st.integers(0, 40))),
    st.builds(np.zeros, st.tuples(st.integers(0, 30), st.integers(0, 6))),
    st.builds(lambda n: np.arange(n), st.integers(0, 300)),
    st.builds(lambda n: np.full(n, np.nan), st.integers(0, 120)),
    st.builds(lambda n: np.ones(n, dtype=bool), st.integers(0, 10)),
    st.builds(lambda n: np.zeros(n, dtype=np.uint8), st.integers(0, 10)),
)
ENTRIES = ["theta.npy", "order.npy", "optimizer.velocity.npy", "history.step.npy",
           "history.train_loss.npy", "history.grad_norm_per_row.npy", "bucket.span.npy",
           "meta.npy"]


@st.composite
def damaged_checkpoints(draw, good):
    kind = draw(st.sampled_from(["meta", "entry", "bytes", "truncate"]))
    if kind == "meta":
        return mutate_meta(good, draw(st.sampled_from(META_FIELDS)),
                           draw(st.one_of(values, st.just(_DROP))))
    if kind == "entry":
        return mutate_entry(good, draw(st.sampled_from(ENTRIES)), draw(arrays))
    if kind == "bytes":
        data = bytearray(good)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    return good[: draw(st.integers(0, len(good)))]


@BUDGET
@given(data=st.data())
def test_checkpoints(tmp_path_factory, session, checkpoint_bytes, data):
    blob = data.draw(damaged_checkpoints(checkpoint_bytes))
    path = tmp_path_factory.mktemp("fuzz") / "ck.npz"
    path.write_bytes(blob)
    before = state_of(session)
    try:
        load_checkpoint(path)
        session.load_checkpoint(path)
    except CheckpointError as exc:
        assert str(path) in str(exc)
        assert state_of(session) == before
    else:  # a change the loader accepts (a history value, a seed...): still a usable trainer
        assert np.all(np.isfinite(session.board.theta))
        session.step(1)
