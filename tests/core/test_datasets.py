"""Datasets: shapes, determinism, the picnic rule, XOR, splits, and CSV files with clear errors."""

import dataclasses
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import galton
import galton.core.datasets
from galton import datasets
from galton.datasets import DatasetError


def nearest_mean_accuracy(d):
    means = np.array([d.X[d.y == c].mean(axis=0) for c in range(d.n_classes)])
    nearest = np.argmin(((d.X[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    return np.mean(nearest == d.y)


def least_squares_accuracy(d):
    """A linear model: one least-squares fit per class against ±1 targets, biggest score wins."""
    A = np.column_stack([d.X, np.ones(len(d))])
    targets = np.where(d.y[:, None] == np.arange(d.n_classes)[None], 1.0, -1.0)
    W = np.linalg.lstsq(A, targets, rcond=None)[0]
    if d.n_classes == 2:
        return np.mean((A @ W[:, 1] > A @ W[:, 0]) == d.y)
    return np.mean(np.argmax(A @ W, axis=1) == d.y)


# --- the public module -------------------------------------------------------------------------
def test_public_alias_exports_the_core_names():
    assert datasets.__all__ == galton.core.datasets.__all__
    for name in datasets.__all__:
        assert getattr(datasets, name) is getattr(galton.core.datasets, name)
    assert galton.datasets.colors is galton.core.datasets.colors


# --- colors ------------------------------------------------------------------------------------
def test_colors_shapes_names_balance_and_determinism():
    d = datasets.colors(301, colors=3, seed=1)
    assert d.X.shape == (301, 4) and d.X.dtype == np.float64 and d.y.dtype == np.int64
    assert d.X.flags.c_contiguous
    assert (d.n_balls, d.features, d.n_classes, len(d)) == (301, 4, 3, 301)
    assert d.feature_names == ("hue_cos", "hue_sin", "weight", "size")
    assert d.class_names == ("red", "green", "blue")
    assert d.class_colors == ((220, 50, 47), (64, 160, 43), (38, 110, 220))
    assert d.counts().tolist() == [101, 100, 100]
    again = datasets.colors(301, colors=3, seed=1)
    assert np.array_equal(d.X, again.X) and np.array_equal(d.y, again.y)
    other = datasets.colors(301, colors=3, seed=2)
    assert not np.array_equal(d.X, other.X) and not np.array_equal(d.y, other.y)
    np.testing.assert_allclose(d.X[:, 0] ** 2 + d.X[:, 1] ** 2, 1.0)  # a hue is a direction


def test_colors_without_noise_sit_on_their_base_values():
    d = datasets.colors(16, colors=8, noise=0.0)
    for c, (name, rgb, weight, size) in enumerate(datasets.COLOR_BALLS):
        balls = d.X[d.y == c]
        assert len(balls) == 2 and d.class_names[c] == name and d.class_colors[c] == rgb
        angle = 2 * np.pi * c / 8
        np.testing.assert_allclose(balls, [[np.cos(angle), np.sin(angle), weight, size]] * 2,
                                   atol=1e-12)
    red = d.X[d.y == 0][0]
    assert red[0] == pytest.approx(1.0) and red[1] == pytest.approx(0.0)  # red is at 0°


@pytest.mark.parametrize("k", range(2, 9))
def test_colors_are_balanced_and_separable_at_low_noise(k):
    d = datasets.colors(80 * k + 1, colors=k, noise=0.1, seed=0)
    assert d.counts().tolist() == [81] + [80] * (k - 1)
    assert nearest_mean_accuracy(d) > 0.99
    assert len(set(d.class_names)) == k == len(set(d.class_colors))


def test_three_colours_are_linearly_separable_and_noise_blurs_them():
    assert least_squares_accuracy(datasets.colors(600, noise=0.1, seed=4)) > 0.99
    assert nearest_mean_accuracy(datasets.colors(600, noise=3.0, seed=4)) < 0.9


# --- picnic ------------------------------------------------------------------------------------
def test_picnic_follows_the_article():
    d = datasets.picnic()
    assert datasets.PICNIC_WEIGHTS == (6.0, 2.0, 2.0) and datasets.PICNIC_THRESHOLD == 5.0
    assert d.feature_names == ("weather", "family", "parking") == datasets.PICNIC_FEATURES
    assert d.class_names == ("stay", "go") and d.name == "picnic"
    assert d.X.tolist() == [[w, f, p] for w in (0, 1) for f in (0, 1) for p in (0, 1)]
    for (weather, family, parking), label in zip(d.X, d.y, strict=True):
        assert label == int(6 * weather + 2 * family + 2 * parking > 5)
    assert d.y.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]  # good weather alone decides
    stay, go = d.class_colors
    assert go[1] > go[0] and go[1] > go[2]  # green
    assert stay[2] > stay[0]  # grey-blue
    three = datasets.picnic(repeat=3)
    assert len(three) == 24 and np.array_equal(three.X[16:], d.X)


# --- xor ---------------------------------------------------------------------------------------
def test_xor_labels_follow_the_signs_and_no_line_separates_them():
    d = datasets.xor(400, seed=0)
    assert d.X.shape == (400, 2) and d.feature_names == ("x1", "x2")
    assert d.class_names == ("same sign", "different sign")
    assert np.all(d.y == (np.sign(d.X[:, 0]) != np.sign(d.X[:, 1])))
    assert least_squares_accuracy(d) < 0.8
    assert d.counts().tolist() == [200, 200]
    corners = {tuple(np.sign(row)) for row in d.X}
    assert corners == {(1, 1), (1, -1), (-1, 1), (-1, -1)}
    assert np.array_equal(d.X, datasets.xor(400, seed=0).X)
    assert not np.array_equal(d.X, datasets.xor(400, seed=1).X)


@pytest.mark.parametrize("n", [4, 5, 6, 7, 201, 202])
def test_xor_classes_differ_by_at_most_one_ball(n):
    counts = datasets.xor(n, seed=3).counts()
    assert counts.sum() == n and abs(counts[0] - counts[1]) <= 1


@pytest.mark.parametrize("call,match", [
    (lambda: datasets.colors(10, colors=1), "colors must be 2..8"),
    (lambda: datasets.colors(10, colors=9), "colors must be 2..8"),
    (lambda: datasets.colors(2, colors=3), "n must be >= 3"),
    (lambda: datasets.colors(10.5), "n must be a whole number"),
    (lambda: datasets.colors(10, noise=-1), "noise must be a finite number >= 0, got -1"),
    (lambda: datasets.colors(10, noise=float("nan")), "noise must be a finite number >= 0"),
    (lambda: datasets.colors(10, noise="lots"), "noise must be a finite number >= 0, got 'lots'"),
    (lambda: datasets.xor(3), "n must be >= 4"),
    (lambda: datasets.xor(10, noise=-0.1), "noise must be a finite number >= 0"),
    (lambda: datasets.picnic(repeat=0), "repeat must be >= 1"),
])
def test_generator_arguments_are_checked(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- the Dataset itself ------------------------------------------------------------------------
def small(**changes):
    args = {"X": np.zeros((3, 2)), "y": np.array([0, 1, 0]), "feature_names": ("a", "b"),
            "class_names": ("no", "yes"), "class_colors": ((0, 0, 0), (255, 255, 255))}
    args.update(changes)
    return datasets.Dataset(**args)


@pytest.mark.parametrize("changes,match", [
    ({"X": np.zeros(3)}, r"Dataset.X must be a finite 2-D array .* 1-D array of shape \(3,\)"),
    ({"X": np.array([[0.0, np.nan]] * 3)},
     "Dataset.X must be a finite 2-D array; row 0 column 1 is nan"),
    ({"X": np.array([[0.0, 1.0], [0.0, np.inf], [0, 0]])}, "row 1 column 1 is inf"),
    ({"X": np.array([["1", "2"]] * 3)},
     "Dataset.X must be a finite 2-D array of numbers, got dtype <U1"),
    ({"X": np.ones((3, 2), dtype=complex)}, "got dtype complex128"),
    ({"y": np.array([0, 1])}, r"Dataset.y must have shape \(3,\)"),
    ({"y": np.array([0, 1, 2])}, r"class numbers 0..1 .*; y\[2\] is 2"),
    ({"y": np.array([0, -1, 0])}, r"y\[1\] is -1"),
    ({"y": np.array([0.0, 1.0, 0.0])},
     "Dataset.y must hold whole class numbers, got dtype float64"),
    ({"y": np.array([False, True, False])}, "whole class numbers, got dtype bool"),
    ({"feature_names": ("a",)}, "Dataset.feature_names must name 2 features"),
    ({"feature_names": "ab"},
     "Dataset.feature_names must be a tuple of names, got the string 'ab'"),
    ({"feature_names": ("a", "a")}, r"Dataset.feature_names must be distinct, got \['a'\]"),
    ({"class_names": ("no", "no")}, "Dataset.class_names must be distinct"),
    ({"class_names": (), "class_colors": ()}, "Dataset.class_names must name at least one"),
    ({"class_colors": ((0, 0, 0),)},
     r"Dataset.class_colors must be one \(r, g, b\) 0..255 per class"),
    ({"class_colors": ((0, 0, 0), (0, 0, 256))}, "0..255 per class"),
    ({"class_colors": ((0, 0, 0), "white")}, "0..255 per class"),
])
def test_dataset_validation_names_the_field(changes, match):
    with pytest.raises(DatasetError, match=match):
        small(**changes)


def test_datasets_are_read_only_copies():
    X, y = np.zeros((3, 2)), np.array([0, 1, 0])
    d = small(X=X, y=y)
    X[0, 0], y[0] = 9.0, 1  # the caller's arrays stay theirs
    assert d.X[0, 0] == 0.0 and d.y[0] == 0
    with pytest.raises(ValueError):
        d.X[0, 0] = 5
    with pytest.raises(ValueError):
        d.y[0] = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.name = "other"
    assert isinstance(small(X=[[1, 2], [3, 4], [5, 6]]).X, np.ndarray)  # lists are fine too


def test_identity_repr_and_describe():
    d = datasets.colors(30, seed=1)
    assert d == d and d != datasets.colors(30, seed=1)  # identity, not an array comparison
    assert len({d, d}) == 1
    assert repr(d) == "Dataset('colors(3)', 30 balls, 4 features, 3 classes)"
    assert d.describe() == ("colors(3): 30 balls, each with 4 features (hue_cos, hue_sin, "
                            "weight, size), in 3 classes: 10 red, 10 green, 10 blue.")
    one = small(X=np.zeros((1, 1)), y=[0], feature_names=("a",))
    assert "1 ball, each with 1 feature (a), in 2 classes: 1 no, 0 yes." in one.describe()


def test_subset_takes_numbers_or_a_mask():
    d = datasets.xor(8, seed=0)
    part = d.subset([3, 1])
    assert np.array_equal(part.X, d.X[[3, 1]]) and part.class_names == d.class_names
    mask = d.y == 1
    assert np.array_equal(d.subset(mask).X, d.X[mask])
    assert len(d.subset([])) == 0 and d.subset([]).features == 2
    with pytest.raises(DatasetError, match=re.escape("ball number 8 is out of range 0..7")):
        d.subset([0, 8])
    with pytest.raises(DatasetError, match="ball number -1 is out of range"):
        d.subset([-1])
    with pytest.raises(DatasetError, match=r"a mask must have shape \(8,\)"):
        d.subset([True, False])
    with pytest.raises(DatasetError, match="list of ball numbers or a mask"):
        d.subset([0.5])


# --- split -------------------------------------------------------------------------------------
def row_keys(d):
    return sorted(r.tobytes() + bytes([c]) for r, c in zip(d.X, d.y, strict=True))


def test_split_is_stratified_disjoint_complete_and_seeded():
    d = datasets.colors(200, colors=4, seed=3)
    train, test = d.split(0.25, seed=5)
    assert test.counts().tolist() == [12] * 4  # round(0.25 x 50) from each colour
    assert train.counts().tolist() == [38] * 4
    assert not set(row_keys(train)) & set(row_keys(test))
    assert sorted(row_keys(train) + row_keys(test)) == row_keys(d)
    again = d.split(0.25, seed=5)
    assert np.array_equal(again[0].X, train.X) and np.array_equal(again[1].X, test.X)
    assert not np.array_equal(d.split(0.25, seed=6)[1].X, test.X)
    assert train.class_names == d.class_names and test.class_colors == d.class_colors


def test_split_keeps_a_lone_ball_for_training_and_checks_the_fraction():
    d = small(X=np.arange(6.0).reshape(3, 2), y=[0, 0, 1])
    train, test = d.split(0.5)
    assert train.counts().tolist() == [1, 1] and test.counts().tolist() == [1, 0]
    for bad in (0.0, 1.0, -0.1):
        with pytest.raises(DatasetError, match="test_fraction must be between 0 and 1"):
            d.split(bad)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.integers(2, 5), st.floats(0.01, 0.99), st.integers(0, 10 ** 6))
def test_split_partitions_any_dataset(n, k, fraction, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    d = datasets.Dataset(rng.normal(size=(n, 2)), y, ("a", "b"), tuple(map(str, range(k))),
                         datasets.PALETTE[:k])
    train, test = d.split(fraction, seed=seed)
    assert sorted(row_keys(train) + row_keys(test)) == row_keys(d)
    for c in range(k):
        if (y == c).sum() >= 2:
            assert (train.y == c).any() and (test.y == c).any()


# --- CSV ---------------------------------------------------------------------------------------
def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_round_trip_is_exact(tmp_path):
    d = datasets.colors(40, seed=2)
    path = tmp_path / "balls.csv"
    d.to_csv(path)
    back = datasets.from_csv(path)
    assert np.array_equal(back.X, d.X)
    assert [back.class_names[i] for i in back.y] == [d.class_names[i] for i in d.y]
    assert back.class_names == ("blue", "green", "red")  # sorted names
    colour = dict(zip(d.class_names, d.class_colors, strict=True))
    assert [colour[n] for n in back.class_names] == list(back.class_colors)  # red stays red
    assert back.name == "balls" and back.feature_names == d.feature_names


def test_to_csv_refuses_a_label_that_is_also_a_feature(tmp_path):
    with pytest.raises(DatasetError, match="label column 'weight' is also a feature"):
        datasets.colors(10).to_csv(tmp_path / "x.csv", label="weight")


def test_csv_string_labels_are_sorted_and_cells_trimmed(tmp_path):
    path = write(tmp_path,
                 'size, kind ,weight\n1, pear,2\n3,apple ,4\n5,"fig, dried",6\n7,pear,8\n')
    d = datasets.from_csv(path, label="kind")
    assert d.class_names == ("apple", "fig, dried", "pear")
    assert d.y.tolist() == [2, 0, 1, 2] and d.feature_names == ("size", "weight")
    assert d.X.tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
    assert d.class_colors == datasets.PALETTE[:3]


@pytest.mark.parametrize("labels,names,y", [
    (["0", "1", "1"], ("0", "1"), [0, 1, 1]),
    (["1", "3", "2"], ("1", "2", "3"), [0, 2, 1]),   # 1-based: no empty cup for 0
    (["-1", "+1", "1"], ("-1", "1"), [0, 1, 1]),     # perceptron-style ±1
    (["9", "10", "9"], ("9", "10"), [0, 1, 0]),      # number order, not text order
    (["1", "x", "1"], ("1", "x"), [0, 1, 0]),        # not all numbers: names
])
def test_csv_labels_become_sorted_classes(tmp_path, labels, names, y):
    rows = "".join(f"{i},{label}\n" for i, label in enumerate(labels))
    d = datasets.from_csv(write(tmp_path, "w,label\n" + rows))
    assert d.class_names == names and d.y.tolist() == y


def test_csv_with_bom_blank_lines_and_chosen_features(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("\ufeffweight,size,colour,label\n1,2,9,0\n\n3,4,9,1\n5,6,9,1\n\n  \n",
                    encoding="utf-8")
    d = datasets.from_csv(path, features=["size", "weight"])
    assert d.X.tolist() == [[2, 1], [4, 3], [6, 5]] and d.y.tolist() == [0, 1, 1]
    assert d.feature_names == ("size", "weight") and d.name == "mine"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_other_delimiters(tmp_path, delimiter):
    path = write(tmp_path, f"a{delimiter}label\n1.5{delimiter}x\n-2e3{delimiter}y\n")
    d = datasets.from_csv(path, delimiter=delimiter)
    assert d.X[:, 0].tolist() == [1.5, -2000.0] and d.class_names == ("x", "y")


@pytest.mark.parametrize("text,kwargs,match", [
    ("", {}, r"data.csv: the file is empty"),
    ("\n\n", {}, r"data.csv: the file is empty"),
    ("1,2,0\n3,4,1\n", {}, r"data.csv line 1: the first row \['1', '2', '0'\] looks like data, "
                           r"not a header; expected a row of column names"),
    ("a,b\n1,2\n", {}, r"data.csv: no label column 'label'; columns are \['a', 'b'\]"),
    ("a;label\n1;x\n", {},
     r"no label column 'label'; .*looks separated by ';': pass delimiter=';'"),
    ("a,label\n", {}, r"data.csv: no data rows below the header \(line 1\)"),
    ("a,label\n1,x\n2\n", {}, r"data.csv line 3: expected 2 fields like the header, got 1"),
    ("a,label\n1,x\n2,y,\n", {}, r"data.csv line 3: expected 2 fields"),
    ("\nweight,label\n1,x\n\nheavy,y\n", {},
     r"data.csv line 5, column 'weight': expected a finite number, got 'heavy'"),
    ("weight,label\n1,x\nnan,y\n", {},
     r"data.csv line 3, column 'weight': expected a finite number, got 'nan'"),
    ("weight,label\n1,x\n-inf,y\n", {},
     r"line 3, column 'weight': expected a finite number, got '-inf'"),
    ("weight,label\n1,x\n ,y\n", {},
     r"line 3, column 'weight': expected a finite number, got ''"),
    ("weight,label\n1,x\n2,x\n", {},
     r"data.csv: the label column 'label' has only one class \('x'\)"),
    ("weight,label\n1,x\n2,\n", {}, r"data.csv line 3, column 'label': the label is empty"),
    ("weight,label\n1,x\n2,y\n", {"features": ["size"]},
     r"data.csv: no feature column 'size'; columns are \['weight', 'label'\]"),
    ("weight,label\n1,x\n2,y\n", {"features": ["weight", "label"]},
     r"label column 'label' cannot also be a feature"),
    ("weight,label\n1,x\n2,y\n", {"features": ["weight", "weight"]},
     r"name a column more than once"),
    ("weight,label\n1,x\n2,y\n", {"features": "weight"},
     r"features must be a list of column names"),
    ("label\nx\ny\n", {}, r"data.csv: no feature columns besides the label 'label'"),
    ("w,w,label\n1,1,x\n", {}, r"data.csv line 1: repeated column names \['w'\]"),
    ("w,,label\n1,1,x\n", {}, r"data.csv line 1: column 2 of the header has no name"),
    ('w,label\n1,x\n2,"y\n3,z\n', {}, r"data.csv line 3: not valid CSV"),
    ("w,label\n1,x\n", {"delimiter": ";;"}, r"delimiter must be one character"),
])
def test_csv_errors_name_file_line_and_column(tmp_path, text, kwargs, match):
    with pytest.raises(DatasetError, match=match):
        datasets.from_csv(write(tmp_path, text), **kwargs)


def test_csv_missing_binary_and_folder(tmp_path):
    with pytest.raises(DatasetError, match=r"nothing.csv: file not found"):
        datasets.from_csv(tmp_path / "nothing.csv")
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(DatasetError, match=r"binary.csv: not UTF-8 text"):
        datasets.from_csv(path)
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(DatasetError, match=r"folder.csv: cannot be read"):
        datasets.from_csv(tmp_path / "folder.csv")
