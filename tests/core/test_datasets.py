"""Datasets: shapes, determinism, the picnic rule, XOR, splits and CSV errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from galton import datasets
from galton.datasets import DatasetError


def test_colors_shapes_names_balance_and_determinism():
    d = datasets.colors(301, colors=3, seed=1)
    assert d.X.shape == (301, 4) and d.X.dtype == np.float64 and d.y.dtype == np.int64
    assert d.feature_names == ("hue_cos", "hue_sin", "weight", "size")
    assert d.class_names == ("red", "green", "blue") and d.class_colors[0] == (220, 50, 47)
    assert d.counts().tolist() == [101, 100, 100]
    again = datasets.colors(301, colors=3, seed=1)
    assert np.array_equal(d.X, again.X) and np.array_equal(d.y, again.y)
    assert not np.array_equal(d.X, datasets.colors(301, colors=3, seed=2).X)
    np.testing.assert_allclose(d.X[:, 0] ** 2 + d.X[:, 1] ** 2, 1.0)  # a hue is a direction


@pytest.mark.parametrize("k", range(2, 9))
def test_colors_are_separable_at_low_noise(k):
    d = datasets.colors(80 * k, colors=k, noise=0.1, seed=0)
    means = np.array([d.X[d.y == c].mean(axis=0) for c in range(k)])
    nearest = np.argmin(((d.X[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    assert np.mean(nearest == d.y) > 0.99
    assert len(set(d.class_names)) == k


def test_picnic_follows_the_article():
    d = datasets.picnic()
    assert datasets.PICNIC_WEIGHTS == (6.0, 2.0, 2.0) and datasets.PICNIC_THRESHOLD == 5.0
    assert d.feature_names == ("weather", "family", "parking")
    assert d.class_names == ("stay", "go")
    for x, y in zip(d.X, d.y):
        assert y == int(x @ np.array([6.0, 2.0, 2.0]) > 5.0)
    assert d.y.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]  # good weather alone decides
    assert len(datasets.picnic(repeat=3)) == 24


def test_xor_is_not_linearly_separable():
    d = datasets.xor(400, seed=0)
    assert np.all(d.y == (np.sign(d.X[:, 0]) != np.sign(d.X[:, 1])))
    A = np.column_stack([d.X, np.ones(len(d))])
    w = np.linalg.lstsq(A, 2.0 * d.y - 1.0, rcond=None)[0]
    assert np.mean((A @ w > 0) == d.y) < 0.8
    assert d.counts().tolist() == [200, 200]


def test_split_is_stratified_disjoint_complete_and_seeded():
    d = datasets.colors(200, colors=4, seed=3)
    train, test = d.split(0.25, seed=5)
    assert len(train) + len(test) == 200
    assert np.all(test.counts() > 0) and np.all(train.counts() > 0)
    rows = {r.tobytes() for r in train.X} | {r.tobytes() for r in test.X}
    assert len(rows) == 200
    again = d.split(0.25, seed=5)
    assert np.array_equal(again[1].X, test.X)
    with pytest.raises(DatasetError, match="test_fraction must be between 0 and 1"):
        d.split(1.0)


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 60), st.integers(2, 5), st.floats(0.05, 0.95), st.integers(0, 10 ** 6))
def test_split_partitions_any_dataset(n, k, fraction, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    d = datasets.Dataset(rng.normal(size=(n, 2)), y, ("a", "b"), tuple(map(str, range(k))),
                         datasets.PALETTE[:k])
    train, test = d.split(fraction, seed=seed)
    assert len(train) + len(test) == n
    assert sorted(np.concatenate([train.y, test.y]).tolist()) == sorted(y.tolist())
    for c in range(k):
        if (y == c).sum() >= 2:
            assert (train.y == c).any() and (test.y == c).any()


def test_datasets_are_read_only():
    d = datasets.colors(30)
    with pytest.raises(ValueError):
        d.X[0, 0] = 5
    with pytest.raises(ValueError):
        d.y[0] = 1


@pytest.mark.parametrize("kwargs,match", [
    ({"X": np.zeros(3)}, "2-D"),
    ({"X": np.array([[0.0, np.nan]] * 3)}, "row 0 column 1 is nan"),
    ({"y": np.array([0, 1])}, r"Dataset.y must have shape \(3,\)"),
    ({"y": np.array([0, 1, 2])}, "class numbers 0..1"),
    ({"feature_names": ("a",)}, "must name 2 features"),
    ({"class_colors": ((0, 0, 0),)}, "one .r, g, b. 0..255 per class"),
])
def test_dataset_validation(kwargs, match):
    args = {"X": np.zeros((3, 2)), "y": np.array([0, 1, 0]), "feature_names": ("a", "b"),
            "class_names": ("no", "yes"), "class_colors": ((0, 0, 0), (255, 255, 255))}
    args.update(kwargs)
    with pytest.raises(DatasetError, match=match):
        datasets.Dataset(**args)


@pytest.mark.parametrize("call,match", [
    (lambda: datasets.colors(10, colors=1), "colors must be 2..8"),
    (lambda: datasets.colors(2, colors=3), "n must be >= 3"),
    (lambda: datasets.colors(10, noise=-1), "noise must be a finite number >= 0"),
    (lambda: datasets.xor(3), "n must be >= 4"),
    (lambda: datasets.picnic(repeat=0), "repeat must be >= 1"),
])
def test_generator_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_csv_round_trip(tmp_path):
    d = datasets.colors(40, seed=2)
    path = tmp_path / "balls.csv"
    d.to_csv(path)
    back = datasets.from_csv(path)
    assert np.array_equal(back.X, d.X)
    assert [back.class_names[i] for i in back.y] == [d.class_names[i] for i in d.y]
    assert back.name == "balls" and back.feature_names == d.feature_names


def test_csv_with_numeric_labels_bom_blank_lines_and_chosen_features(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("\ufeffweight,size,colour,label\n1,2,9,0\n\n3,4,9,1\n5,6,9,1\n\n",
                    encoding="utf-8")
    d = datasets.from_csv(path, features=["weight", "size"])
    assert d.X.tolist() == [[1, 2], [3, 4], [5, 6]] and d.y.tolist() == [0, 1, 1]
    assert d.class_names == ("0", "1")


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text,kwargs,match", [
    ("", {}, r"data.csv: the file is empty"),
    ("a,b\n1,2\n", {}, r"data.csv: no label column 'label'; columns are \['a', 'b'\]"),
    ("a,label\n", {}, r"data.csv: no data rows"),
    ("a,label\n1,x\n2\n", {}, r"data.csv line 3: expected 2 fields"),
    ("weight,label\n1,x\nheavy,y\n", {}, r"data.csv line 3, column 'weight': expected a finite number, got 'heavy'"),
    ("weight,label\n1,x\nnan,y\n", {}, r"line 3, column 'weight': expected a finite number, got 'nan'"),
    ("weight,label\n1,x\n2,x\n", {}, r"only one class \('x'\)"),
    ("weight,label\n1,x\n2,\n", {}, r"line 3, column 'label': the label is empty"),
    ("weight,label\n1,x\n2,y\n", {"features": ["size"]}, r"no feature column 'size'"),
    ("label\nx\ny\n", {}, r"no feature columns besides the label"),
    ("w,w,label\n1,1,x\n", {}, r"line 1: repeated column names \['w'\]"),
    ("w,label\n1,0\n2,-1\n", {}, r"line 3, column 'label': class numbers must be >= 0"),
])
def test_csv_errors_name_file_line_and_column(tmp_path, text, kwargs, match):
    with pytest.raises(DatasetError, match=match):
        datasets.from_csv(write(tmp_path, text), **kwargs)


def test_csv_missing_and_binary_files(tmp_path):
    with pytest.raises(DatasetError, match=r"nothing.csv: file not found"):
        datasets.from_csv(tmp_path / "nothing.csv")
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(DatasetError, match=r"binary.csv: not UTF-8 text"):
        datasets.from_csv(path)
