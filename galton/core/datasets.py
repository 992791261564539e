"""Balls to drop: datasets with features, colour labels, names and drawing colours.

* ``colors``  — balls whose features are measured colour and physical properties: the hue as
  (cos, sin) so that red at 0° and 360° is one colour, the weight and the size. Each colour has
  its own base hue (evenly spaced), weight and size; noise blurs all three. Label = colour.
* ``picnic``  — the weekend-picnic perceptron of the pinball-machine article: good weather,
  family wants to go, easy parking, with weights 6, 2, 2 and threshold 5.
* ``xor``     — points near the four corners of a square, labelled by whether the signs of the
  coordinates differ: no single straight cut separates them (a one-row board cannot).
* ``from_csv`` — your own balls from a CSV file with a header row.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from galton.core.validation import whole_number

#: Colour balls in order: (name, RGB for drawing, base weight, base size).
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

PICNIC_WEIGHTS = (6.0, 2.0, 2.0)
PICNIC_THRESHOLD = 5.0
PICNIC_FEATURES = ("weather", "family", "parking")

#: Colours for classes that have no natural colour (CSV data, xor, picnic), colour-blind safe.
PALETTE = ((0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233),
           (213, 94, 0), (240, 228, 66), (100, 100, 100))


class DatasetError(ValueError):
    """A dataset or data file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Dataset:
    """Balls: features ``X`` (N, d), labels ``y`` (N,), and what to call and draw them."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple
    class_names: tuple
    class_colors: tuple
    name: str = "balls"

    def __post_init__(self):
        X = np.array(self.X, dtype=np.float64, copy=True)
        if X.ndim != 2:
            raise DatasetError(f"Dataset.X must be a 2-D array (balls x features), got {X.ndim}-D")
        if not np.all(np.isfinite(X)):
            i, j = np.argwhere(~np.isfinite(X))[0]
            raise DatasetError(f"Dataset.X must be finite; row {i} column {j} is {X[i, j]}")
        y = np.asarray(self.y)
        if y.ndim != 1 or y.shape[0] != X.shape[0]:
            raise DatasetError(f"Dataset.y must have shape ({X.shape[0]},), got {y.shape}")
        if y.size and (y.dtype.kind not in "iu"):
            raise DatasetError(f"Dataset.y must hold whole class numbers, got dtype {y.dtype}")
        y = y.astype(np.int64)
        names = tuple(str(n) for n in self.class_names)
        if y.size and (y.min() < 0 or y.max() >= len(names)):
            raise DatasetError(f"Dataset.y must be class numbers 0..{len(names) - 1}, "
                               f"got values {y.min()}..{y.max()}")
        features = tuple(str(n) for n in self.feature_names)
        if len(features) != X.shape[1]:
            raise DatasetError(f"Dataset.feature_names must name {X.shape[1]} features, "
                               f"got {len(features)}")
        colors = tuple(tuple(int(c) for c in rgb) for rgb in self.class_colors)
        if len(colors) != len(names) or any(len(c) != 3 or min(c) < 0 or max(c) > 255
                                            for c in colors):
            raise DatasetError(f"Dataset.class_colors must be one (r, g, b) 0..255 per class "
                               f"({len(names)}), got {self.class_colors!r}")
        X = np.ascontiguousarray(X)
        X.flags.writeable = False
        y.flags.writeable = False
        for field, value in (("X", X), ("y", y), ("feature_names", features),
                             ("class_names", names), ("class_colors", colors)):
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

    def counts(self) -> np.ndarray:
        """Balls per class."""
        return np.bincount(self.y, minlength=self.n_classes)

    def subset(self, indices) -> "Dataset":
        idx = np.asarray(indices)
        return Dataset(self.X[idx], self.y[idx], self.feature_names, self.class_names,
                       self.class_colors, self.name)

    def split(self, test_fraction: float = 0.25, seed: int = 0) -> tuple["Dataset", "Dataset"]:
        """(train, test), stratified: every class with two or more balls is in both halves."""
        test_fraction = float(test_fraction)
        if not 0.0 < test_fraction < 1.0:
            raise DatasetError(f"test_fraction must be between 0 and 1, got {test_fraction}")
        rng = np.random.default_rng(seed)
        test_idx = []
        for c in range(self.n_classes):
            members = rng.permutation(np.flatnonzero(self.y == c))
            if members.size < 2:
                continue
            k = min(max(1, int(round(test_fraction * members.size))), members.size - 1)
            test_idx.append(members[:k])
        test = np.sort(np.concatenate(test_idx)) if test_idx else np.zeros(0, dtype=np.int64)
        train = np.setdiff1d(np.arange(self.n_balls), test)
        return self.subset(rng.permutation(train)), self.subset(rng.permutation(test))

    def describe(self) -> str:
        counts = ", ".join(f"{n} {name}" for n, name in zip(self.counts(), self.class_names))
        return (f"{self.name}: {self.n_balls} balls with {self.features} features "
                f"({', '.join(self.feature_names)}); {self.n_classes} classes: {counts}")

    def to_csv(self, path, label: str = "label") -> None:
        """Write the balls as CSV (class names in the label column), atomically."""
        from galton.core.files import atomic_path

        with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow([*self.feature_names, label])
            for row, cls in zip(self.X.tolist(), self.y.tolist()):
                writer.writerow([*(repr(v) for v in row), self.class_names[cls]])


def _balanced_labels(n: int, classes: int) -> np.ndarray:
    return np.repeat(np.arange(classes), [n // classes + (c < n % classes) for c in range(classes)])


def colors(n: int = 300, colors: int = 3, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Colour balls: features (hue_cos, hue_sin, weight, size), label = colour.

    Base hues are evenly spaced around the circle starting at red. ``noise`` is the standard
    deviation of the gaussian noise on the weight and the size, and (times π/colors, the half
    gap between neighbouring hues) on the hue angle, so colours stay apart at noise 0.1.
    """
    colors = whole_number("colors", colors, low=2, high=len(COLOR_BALLS))
    n = whole_number("n", n, low=colors)
    noise = float(noise)
    if not (noise >= 0 and math.isfinite(noise)):
        raise DatasetError(f"noise must be a finite number >= 0, got {noise}")
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
    Rows are the 8 combinations in binary order (weather is the slowest digit), ``repeat``
    times.
    """
    repeat = whole_number("repeat", repeat, low=1)
    combos = np.array([[(i >> 2) & 1, (i >> 1) & 1, i & 1] for i in range(8)], dtype=np.float64)
    y = (combos @ np.array(PICNIC_WEIGHTS) > PICNIC_THRESHOLD).astype(np.int64)
    return Dataset(np.tile(combos, (repeat, 1)), np.tile(y, repeat), PICNIC_FEATURES,
                   ("stay", "go"), ((120, 130, 160), (64, 160, 43)), name="picnic")


def xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Points near (±1, ±1); label 1 when the two signs differ. Not linearly separable."""
    n = whole_number("n", n, low=4)
    noise = float(noise)
    if not (noise >= 0 and math.isfinite(noise)):
        raise DatasetError(f"noise must be a finite number >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    corner = rng.permutation(np.arange(n) % 4)
    signs = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=np.float64)[corner]
    X = signs + rng.normal(0.0, noise, (n, 2))
    y = (corner >= 2).astype(np.int64)
    return Dataset(X, y, ("x1", "x2"), ("same sign", "different sign"), PALETTE[:2], name="xor")


def from_csv(path, label: str = "label", *, features=None, delimiter: str = ",") -> Dataset:
    """Balls from a CSV file with a header row.

    The ``label`` column holds the class of each ball: whole numbers 0..K-1, or names (classes
    are then the sorted distinct names). Feature columns are ``features`` (a list of column
    names) or every other column. Every problem raises DatasetError naming the file, and where
    it applies the line and column.
    """
    from galton.core.files import read_text

    path = Path(path)
    where = str(path)
    text = read_text(path, DatasetError, encoding="utf-8-sig")  # -sig: accept a BOM
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    numbered = [(i + 1, r) for i, r in enumerate(rows) if any(cell.strip() for cell in r)]
    if not numbered:
        raise DatasetError(f"{where}: the file is empty; expected a header row and data rows")
    header_line, header = numbered[0]
    header = [h.strip() for h in header]
    if label not in header:
        raise DatasetError(f"{where}: no label column {label!r}; columns are {header}")
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise DatasetError(f"{where} line {header_line}: repeated column names {dupes}")
    if features is None:
        names = [h for h in header if h != label]
    else:
        names = [str(f) for f in features]
        for f in names:
            if f not in header:
                raise DatasetError(f"{where}: no feature column {f!r}; columns are {header}")
    if not names:
        raise DatasetError(f"{where}: no feature columns besides the label {label!r}")
    data = numbered[1:]
    if not data:
        raise DatasetError(f"{where}: no data rows below the header")
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
    y, class_names = _labels(raw_labels, where, data, label)
    if len(class_names) < 2:
        raise DatasetError(f"{where}: the label column {label!r} has only one class "
                           f"({class_names[0]!r}); a board needs at least 2 cups")
    palette = [PALETTE[i % len(PALETTE)] for i in range(len(class_names))]
    return Dataset(X, y, tuple(names), tuple(class_names), tuple(palette), name=path.stem)


def _labels(raw, where, data, label):
    """Whole numbers 0..K-1 stay as they are; anything else is a class name."""
    if all(s.lstrip("+-").isdigit() for s in raw):
        numbers = np.array([int(s) for s in raw], dtype=np.int64)
        if numbers.min() < 0:
            i = int(np.argmin(numbers))
            raise DatasetError(f"{where} line {data[i][0]}, column {label!r}: class numbers must "
                               f"be >= 0, got {numbers[i]}")
        k = int(numbers.max()) + 1
        return numbers, [str(c) for c in range(k)]
    names = sorted(set(raw))
    lookup = {name: i for i, name in enumerate(names)}
    return np.array([lookup[s] for s in raw], dtype=np.int64), names


__all__ = ["Dataset", "DatasetError", "colors", "picnic", "xor", "from_csv", "PICNIC_WEIGHTS",
           "PICNIC_THRESHOLD", "PICNIC_FEATURES", "COLOR_BALLS", "PALETTE"]
