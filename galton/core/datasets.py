"""Balls to drop: datasets with features, colour labels, names and drawing colours.

* ``colors``  — balls whose features are measured colour and physical properties: the hue as
  (cos, sin) so that red at 0° and 360° is one colour, the weight and the size. Each colour has
  its own base hue (evenly spaced, starting at red), weight and size; noise blurs all three.
  Label = colour; three colours are red, green, blue (label 0 = red).
* ``picnic``  — the weekend-picnic perceptron of the pinball-machine article: good weather,
  family wants to go, easy parking, with weights 6, 2, 2 and threshold 5. All 8 cases.
* ``xor``     — points near the four corners of a square, labelled by whether the signs of the
  coordinates differ: no single straight cut separates them (a one-row board cannot).
* ``from_csv`` — your own balls from a CSV file with a header row; every problem is reported
  with the file, line and column.

A ``Dataset`` holds read-only copies of its arrays, so nothing a caller does to its own arrays
(or tries to do to the dataset's) can change the balls a board is being trained on.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from galton.core import limits
from galton.core.validation import whole_number

#: Colour balls in order: (name, RGB for drawing, base weight, base size). Any two colours'
#: base points (hue_cos, hue_sin, weight, size) are at least 0.87 apart for 2..8 colours,
#: about nine noise widths at noise 0.1, so the colours do not overlap there.
COLOR_BALLS = (
    ("red", (220, 50, 47), 1.00, 1.00),
    ("green", (64, 160, 43), 0.70, 1.30),
    ("blue", (38, 110, 220), 1.30, 0.70),
    ("yellow", (230, 190, 30), 0.60, 0.80),
    ("purple", (140, 70, 190), 1.40, 1.20),
    ("orange", (245, 130, 30), 0.90, 0.60),
    ("cyan", (30, 190, 200), 1.20, 1.45),
    ("pink", (235, 110, 170), 0.55, 1.10),
)

#: The article's picnic peg: go iff 6·weather + 2·family + 2·parking > 5.
PICNIC_WEIGHTS = (6.0, 2.0, 2.0)
PICNIC_THRESHOLD = 5.0
PICNIC_FEATURES = ("weather", "family", "parking")

#: Colours for classes that have no natural colour (CSV data, xor), colour-blind safe.
PALETTE = ((0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233),
           (213, 94, 0), (240, 228, 66), (100, 100, 100))


class DatasetError(ValueError):
    """A dataset or data file that cannot be used; the message says where and why."""


# eq=False: the generated __eq__ would compare arrays with `==` and raise; identity is what
# "the same dataset" means here. repr=False: a console user wants a summary, not 1,200 numbers.
@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """Balls: features ``X`` (N, d), labels ``y`` (N,), and what to call and draw them."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple
    class_names: tuple
    class_colors: tuple
    name: str = "balls"

    def __post_init__(self):
        X = _features(self.X)
        features = _names("feature_names", self.feature_names)
        names = _names("class_names", self.class_names)
        if len(features) != X.shape[1]:
            raise DatasetError(f"Dataset.feature_names must name {X.shape[1]} features "
                               f"(one per column of X), got {len(features)}")
        if not names:
            raise DatasetError("Dataset.class_names must name at least one class")
        y = _labels_of(self.y, X.shape[0], len(names))
        colors = _colors(self.class_colors, len(names))
        # Copies were made above, so freezing them cannot freeze an array the caller still uses.
        X.flags.writeable = False
        y.flags.writeable = False
        for field, value in (("X", X), ("y", y), ("feature_names", features),
                             ("class_names", names), ("class_colors", colors),
                             ("name", str(self.name))):
            object.__setattr__(self, field, value)

    @property
    def n_balls(self) -> int:
        return int(self.X.shape[0])

    @property
    def features(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def __len__(self) -> int:
        return self.n_balls

    def __repr__(self) -> str:
        return (f"Dataset({self.name!r}, {self.n_balls} balls, {self.features} features, "
                f"{self.n_classes} classes)")

    def counts(self) -> np.ndarray:
        """Balls per class."""
        return np.bincount(self.y, minlength=self.n_classes)

    def subset(self, indices) -> Dataset:
        """The balls at ``indices`` (ball numbers 0..N-1, or a True/False mask of length N)."""
        idx = np.asarray(indices)
        if idx.dtype == bool:
            if idx.shape != (self.n_balls,):
                raise DatasetError(f"Dataset.subset: a mask must have shape ({self.n_balls},), "
                                   f"got {idx.shape}")
            idx = np.flatnonzero(idx)
        elif idx.size == 0:
            idx = np.zeros(0, dtype=np.intp)  # [] arrives as float64
        elif idx.ndim != 1 or idx.dtype.kind not in "iu":
            raise DatasetError(f"Dataset.subset needs a list of ball numbers or a mask, "
                               f"got {idx.dtype} of shape {idx.shape}")
        bad = np.flatnonzero((idx < 0) | (idx >= self.n_balls))
        if bad.size:
            raise DatasetError(f"Dataset.subset: ball number {idx[bad[0]]} is out of range "
                               f"0..{self.n_balls - 1}")
        return Dataset(self.X[idx], self.y[idx], self.feature_names, self.class_names,
                       self.class_colors, self.name)

    def split(self, test_fraction: float = 0.25, seed: int = 0) -> tuple[Dataset, Dataset]:
        """(train, test), stratified: every class with two or more balls is in both halves.

        Each class gives round(test_fraction × its balls) to the test half, at least one and
        never all; the same seed always gives the same halves.
        """
        test_fraction = float(test_fraction)
        if not 0.0 < test_fraction < 1.0:
            raise DatasetError(f"test_fraction must be between 0 and 1, got {test_fraction}")
        rng = np.random.default_rng(seed)
        test_idx = [np.zeros(0, dtype=np.int64)]
        for c in range(self.n_classes):
            members = rng.permutation(np.flatnonzero(self.y == c))
            if members.size < 2:
                continue
            k = min(max(1, round(test_fraction * members.size)), members.size - 1)
            test_idx.append(members[:k])
        test = np.sort(np.concatenate(test_idx))
        train = np.setdiff1d(np.arange(self.n_balls), test)
        # Shuffled so that neither half is sorted by class (a mini-batch would see one colour).
        return self.subset(rng.permutation(train)), self.subset(rng.permutation(test))

    def describe(self) -> str:
        """One paragraph for people: how many balls, which features, how many of each class."""
        counts = ", ".join(f"{n} {name}"
                           for n, name in zip(self.counts(), self.class_names, strict=True))
        return (f"{self.name}: {_plural(self.n_balls, 'ball')}, each with "
                f"{_plural(self.features, 'feature')} ({', '.join(self.feature_names)}), "
                f"in {_plural(self.n_classes, 'class')}: {counts}.")

    def to_csv(self, path, label: str = "label") -> None:
        """Write the balls as CSV (class names in the label column), atomically.

        Floats are written with repr, so ``from_csv`` reads back exactly the same numbers.
        """
        from galton.core.files import atomic_path

        if label in self.feature_names:
            raise DatasetError(f"to_csv: the label column {label!r} is also a feature name; "
                               f"pass another label=")
        with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow([*self.feature_names, label])
            for row, cls in zip(self.X.tolist(), self.y.tolist(), strict=True):
                writer.writerow([*(repr(v) for v in row), self.class_names[cls]])


# --- checks behind Dataset.__post_init__ --------------------------------------------------------
def _features(X) -> np.ndarray:
    raw = np.asarray(X)
    # Strings like "1.5" would convert silently and complex numbers would lose their imaginary
    # part, so only real numbers (and 0/1 booleans) are accepted.
    if raw.dtype.kind not in "biuf":
        raise DatasetError(f"Dataset.X must be a finite 2-D array of numbers, got dtype "
                           f"{raw.dtype}")
    if raw.ndim != 2:
        raise DatasetError(f"Dataset.X must be a finite 2-D array (balls x features), got a "
                           f"{raw.ndim}-D array of shape {raw.shape}")
    X = np.array(raw, dtype=np.float64, order="C", copy=True)
    if not np.all(np.isfinite(X)):
        i, j = np.argwhere(~np.isfinite(X))[0]
        raise DatasetError(f"Dataset.X must be a finite 2-D array; row {i} column {j} is "
                           f"{X[i, j]}")
    return X


def _names(field: str, names) -> tuple:
    # A bare string would silently become one name per letter.
    if isinstance(names, str):
        raise DatasetError(f"Dataset.{field} must be a tuple of names, got the string {names!r}")
    names = tuple(str(n) for n in names)
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise DatasetError(f"Dataset.{field} must be distinct, got {dupes} more than once")
    return names


def _labels_of(y, n_balls: int, n_classes: int) -> np.ndarray:
    raw = np.asarray(y)
    if raw.shape != (n_balls,):
        raise DatasetError(f"Dataset.y must have shape ({n_balls},) (one class number per "
                           f"ball), got {raw.shape}")
    if raw.size and raw.dtype.kind not in "iu":
        raise DatasetError(f"Dataset.y must hold whole class numbers, got dtype {raw.dtype}")
    labels = raw.astype(np.int64)  # astype copies
    bad = np.flatnonzero((labels < 0) | (labels >= n_classes))
    if bad.size:
        i = int(bad[0])
        raise DatasetError(f"Dataset.y must be class numbers 0..{n_classes - 1} "
                           f"(one per class name); y[{i}] is {labels[i]}")
    return labels


def _colors(class_colors, n_classes: int) -> tuple:
    try:
        colors = tuple(tuple(int(c) for c in rgb) for rgb in class_colors)
    except (TypeError, ValueError):
        colors = None
    if colors is None or len(colors) != n_classes or any(
            len(c) != 3 or min(c) < 0 or max(c) > 255 for c in colors):
        raise DatasetError(f"Dataset.class_colors must be one (r, g, b) 0..255 per class "
                           f"({n_classes}), got {class_colors!r}")
    return colors


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}{'es' if word.endswith('s') else 's'}"


# --- generated balls ------------------------------------------------------------------------------
def _balanced_labels(n: int, classes: int) -> np.ndarray:
    return np.repeat(np.arange(classes), [n // classes + (c < n % classes) for c in range(classes)])


def _noise(noise) -> float:
    try:
        value = float(noise)
    except (TypeError, ValueError):
        value = math.nan
    if not (value >= 0 and math.isfinite(value)):
        raise DatasetError(f"noise must be a finite number >= 0, got {noise!r}")
    return value


def colors(n: int = 300, colors: int = 3, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Colour balls: features (hue_cos, hue_sin, weight, size), label = colour.

    Base hues are evenly spaced around the circle starting at red (for 3 colours: red 0°,
    green 120°, blue 240°). ``noise`` is the standard deviation of the gaussian noise on the
    weight and the size, and, in radians times π/colors (half the gap between neighbouring
    hues), on the hue angle — so a given noise blurs neighbouring hues equally however many
    colours there are. Base weights and sizes lie in [0.55, 1.45]; the hue features lie on the
    unit circle, so every feature is of order 1. ``n`` balls are split evenly (the first
    colours get the remainder), then shuffled.
    """
    colors = whole_number("colors", colors, low=2, high=len(COLOR_BALLS))
    n = whole_number("n", n, low=colors)
    noise = _noise(noise)
    rng = np.random.default_rng(seed)
    y = rng.permutation(_balanced_labels(n, colors))
    spec = COLOR_BALLS[:colors]
    hue = 2 * np.pi * y / colors + rng.normal(0.0, noise * np.pi / colors, n)
    weight = np.array([s[2] for s in spec])[y] + rng.normal(0.0, noise, n)
    size = np.array([s[3] for s in spec])[y] + rng.normal(0.0, noise, n)
    X = np.column_stack([np.cos(hue), np.sin(hue), weight, size])
    return Dataset(X, y, ("hue_cos", "hue_sin", "weight", "size"), tuple(s[0] for s in spec),
                   tuple(s[1] for s in spec), name=f"colors({colors})")


def picnic(repeat: int = 1) -> Dataset:
    """Go on a picnic? Inputs weather / family / parking (1 = good / wants to / easy).

    Go (label 1) iff 6·weather + 2·family + 2·parking > 5: good weather alone decides.
    Rows are the 8 combinations in binary order, weather the slowest digit and parking the
    fastest — (0,0,0), (0,0,1), (0,1,0), … (1,1,1) — and the 8 repeat ``repeat`` times.
    """
    repeat = whole_number("repeat", repeat, low=1)
    combos = np.array([[(i >> 2) & 1, (i >> 1) & 1, i & 1] for i in range(8)], dtype=np.float64)
    y = (combos @ np.array(PICNIC_WEIGHTS) > PICNIC_THRESHOLD).astype(np.int64)
    return Dataset(np.tile(combos, (repeat, 1)), np.tile(y, repeat), PICNIC_FEATURES,
                   ("stay", "go"), ((120, 130, 160), (64, 160, 43)), name="picnic")


def xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Points near (±1, ±1) plus gaussian noise (standard deviation ``noise``); label 1
    ("different sign") when the corner's two signs differ. Not linearly separable.

    The label belongs to the corner a ball was drawn near: at large noise (≳ 0.4) a few balls
    stray across an axis and keep their corner's label, like mislabelled data. The two classes
    differ in size by at most one ball.
    """
    n = whole_number("n", n, low=4)
    noise = _noise(noise)
    rng = np.random.default_rng(seed)
    corner = np.arange(n) % 4  # corners 0, 1 are "same sign"; 2, 3 are "different sign"
    if n % 4 == 2:
        corner[-1] = 2  # the two spare balls go one to each class
    corner = rng.permutation(corner)
    signs = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=np.float64)[corner]
    X = signs + rng.normal(0.0, noise, (n, 2))
    y = (corner >= 2).astype(np.int64)
    return Dataset(X, y, ("x1", "x2"), ("same sign", "different sign"), PALETTE[:2], name="xor")


# --- your own balls -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Generated:
    """A dataset galton makes itself, as a scenario's ``[data] dataset`` names it: ``make(balls,
    colors, noise, seed)``, the classes (cups) it has and the fewest balls it needs, both for
    ``colors`` colours, and what it is (a line of help)."""

    make: Callable[[int, int, float, int], Dataset]
    classes: Callable[[int], int]
    least_balls: Callable[[int], int]
    help: str


#: The generated datasets by name: what scenarios, the window's Dataset box and ``galton train
#: --dataset`` offer (and a CSV file besides).
GENERATED = {
    "colors": Generated(lambda n, k, noise, seed: colors(n, colors=k, noise=noise, seed=seed),
                        classes=lambda k: k, least_balls=lambda k: k,
                        help="colour balls: hue, weight and size; one class per colour"),
    # picnic's balls are its 8 cases, repeated once per 8 balls asked for.
    "picnic": Generated(lambda n, k, noise, seed: picnic(repeat=max(1, n // 8)),
                        classes=lambda k: 2, least_balls=lambda k: 1,
                        help="the weekend-picnic perceptron's 8 cases (go or stay)"),
    "xor": Generated(lambda n, k, noise, seed: xor(n, noise=noise, seed=seed),
                     classes=lambda k: 2, least_balls=lambda k: 4,
                     help="points near the corners of a square, labelled by whether their "
                          "signs differ"),
}


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def from_csv(path, label: str = "label", *, features=None, delimiter: str = ",") -> Dataset:
    """Balls from a CSV file with a header row (UTF-8, a BOM is fine; blank lines are skipped).

    The ``label`` column holds the class of each ball. Classes are the sorted distinct values:
    in number order if every label is a whole number (so 0/1/2, 1/2/3 and -1/+1 all work,
    with no empty cups for numbers that never occur), else in alphabetical order of the
    names. Feature columns are ``features`` (a list of column names) or every other column.
    Classes named after a ball colour ("red", "blue", …) are drawn in that colour, others
    from a fixed palette. Every problem raises DatasetError naming the file, and where it
    applies the line and column.
    """
    from galton.core.files import read_text

    path = Path(path)
    where = str(path)
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\"\r\n":
        raise DatasetError(f"delimiter must be one character such as ',', ';' or '\\t', "
                           f"got {delimiter!r}")
    # -sig: accept a BOM
    text = read_text(path, DatasetError, encoding="utf-8-sig", limit=limits.MAX_CSV_BYTES)
    rows = _rows(text, where, delimiter)
    if not rows:
        raise DatasetError(f"{where}: the file is empty; expected a header row and data rows")
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    _check_header(header, header_line, where, label, delimiter)
    names = _feature_columns(header, where, label, features)
    data = rows[1:]
    if not data:
        raise DatasetError(f"{where}: no data rows below the header (line {header_line})")
    cols = [header.index(f) for f in names]
    label_col = header.index(label)
    X = np.empty((len(data), len(cols)))
    raw_labels = []
    for r, (line, row) in enumerate(data):
        if len(row) != len(header):
            raise DatasetError(f"{where} line {line}: expected {len(header)} fields like the "
                               f"header, got {len(row)}")
        for c, col in enumerate(cols):
            cell = row[col].strip()
            try:
                value = float(cell)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise DatasetError(f"{where} line {line}, column {names[c]!r}: expected a finite "
                                   f"number, got {cell!r}")
            X[r, c] = value
        cell = row[label_col].strip()
        if not cell:
            raise DatasetError(f"{where} line {line}, column {label!r}: the label is empty")
        raw_labels.append(cell)
    y, class_names = _classes(raw_labels)
    if len(class_names) > limits.MAX_ROWS + 1:
        raise DatasetError(f"{where}: the label column {label!r} has {len(class_names):,} "
                           f"classes; a board has at most {limits.MAX_ROWS + 1} cups")
    if len(class_names) < 2:
        raise DatasetError(f"{where}: the label column {label!r} has only one class "
                           f"({class_names[0]!r}); a board needs at least 2 cups")
    return Dataset(X, y, tuple(names), tuple(class_names), _class_colors(class_names),
                   name=path.stem)


def _rows(text: str, where: str, delimiter: str) -> list:
    """(line number where the record starts, fields) for every non-blank record."""
    # strict: an unclosed quote is an error, not a field that silently eats the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) > limits.MAX_FEATURES + 1:
                    raise DatasetError(f"{where} line {start}: {len(row):,} columns; galton "
                                       f"reads at most {limits.MAX_FEATURES + 1} (features and "
                                       "the label)")
                if len(rows) > limits.MAX_BALLS:
                    raise DatasetError(f"{where}: more than {limits.MAX_BALLS:,} balls; galton "
                                       "reads at most that many")
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DatasetError(f"{where} line {start}: not valid CSV ({exc}); check the quotes"
                           ) from None
    return rows


def _check_header(header: list, line: int, where: str, label: str, delimiter: str) -> None:
    for i, h in enumerate(header):
        if not h:
            raise DatasetError(f"{where} line {line}: column {i + 1} of the header has no name")
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise DatasetError(f"{where} line {line}: repeated column names {dupes}")
    if label in header:
        return
    if all(_is_number(h) for h in header):
        raise DatasetError(f"{where} line {line}: the first row {header} looks like data, not a "
                           f"header; expected a row of column names such as "
                           f"'weight,size,{label}'")
    hint = ""
    if len(header) == 1:
        other = [d for d in ";\t|," if d != delimiter and d in header[0]]
        if other:
            hint = (f" (the file looks separated by {other[0]!r}: pass delimiter={other[0]!r} "
                    f"to from_csv, or --delimiter {other[0]!r} to galton train)")
    raise DatasetError(f"{where}: no label column {label!r}; columns are {header}{hint}")


def _feature_columns(header: list, where: str, label: str, features) -> list:
    if features is None:
        names = [h for h in header if h != label]
    else:
        if isinstance(features, str):
            raise DatasetError(f"features must be a list of column names, got the string "
                               f"{features!r}")
        names = [str(f) for f in features]
        for f in names:
            if f not in header:
                raise DatasetError(f"{where}: no feature column {f!r}; columns are {header}")
        if label in names:
            raise DatasetError(f"{where}: the label column {label!r} cannot also be a feature")
        if len(set(names)) != len(names):
            raise DatasetError(f"{where}: features {names} name a column more than once")
    if not names:
        raise DatasetError(f"{where}: no feature columns besides the label {label!r}")
    return names


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _classes(raw: list) -> tuple:
    """Class numbers and names: sorted distinct labels, in number order if all are whole."""
    values: list
    if all(_WHOLE_NUMBER.fullmatch(s) for s in raw):
        values = [int(s) for s in raw]
        ordered = sorted(set(values))
        names = [str(v) for v in ordered]
    else:
        values = raw
        ordered = names = sorted(set(raw))
    lookup = {value: i for i, value in enumerate(ordered)}
    return np.array([lookup[v] for v in values], dtype=np.int64), names


def _class_colors(names: list) -> tuple:
    # Named colours keep their colour, so colors() written with to_csv reads back red as red.
    known = {name: rgb for name, rgb, _, _ in COLOR_BALLS}
    return tuple(known.get(name.lower(), PALETTE[i % len(PALETTE)]) for i, name in enumerate(names))


__all__ = [
    "COLOR_BALLS",
    "GENERATED",
    "PALETTE",
    "PICNIC_FEATURES",
    "PICNIC_THRESHOLD",
    "PICNIC_WEIGHTS",
    "Dataset",
    "DatasetError",
    "Generated",
    "colors",
    "from_csv",
    "picnic",
    "xor",
]
