"""Slice directions: which two directions of parameter space a landscape shows.

A board has P·(d+1) parameters; a landscape is the loss over the plane
θ(α, β) = θ₀ + α·d₁ + β·d₂. Three ways to choose d₁, d₂:

* ``coordinates``: two single parameters, e.g. one peg's weight and its bias — "turn this
  peg" and watch the loss change. The slice axes are in the parameters' own units.
* ``random_directions``: Gaussian directions with *filter normalisation* (Li et al. 2018,
  "Visualizing the Loss Landscape of Neural Nets"): each peg's block of the direction is scaled
  to the norm of that peg's block of θ₀, so a step of α = 1 changes every peg in proportion to
  its own size and pictures of different boards compare fairly.
* ``pca_directions``: the top two principal components of a training trajectory (Li et al.
  §7): the plane in which training moved the most. The explained variance tells how much of
  the path that plane holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from galton.core.validation import whole_number


@dataclass(frozen=True)
class Directions:
    """Two directions with the shape of θ, what to call them, and (for PCA) how much of the
    trajectory's variance each explains."""

    d1: np.ndarray
    d2: np.ndarray
    labels: tuple = ("α", "β")
    kind: str = "custom"
    explained: tuple | None = None  # fractions of the trajectory's variance (PCA only)

    def __post_init__(self):
        d1 = np.array(self.d1, dtype=np.float64)
        d2 = np.array(self.d2, dtype=np.float64)
        if d1.shape != d2.shape:
            raise ValueError(f"d1 and d2 must have the same shape, got {d1.shape} and {d2.shape}")
        if not (np.all(np.isfinite(d1)) and np.all(np.isfinite(d2))):
            raise ValueError("slice directions must be finite")
        if np.linalg.norm(d1) == 0 or np.linalg.norm(d2) == 0:
            raise ValueError("slice directions must not be zero")
        # Two parallel directions span a line, not a plane: the projection would be undefined.
        cos = abs(np.sum(d1 * d2)) / (np.linalg.norm(d1) * np.linalg.norm(d2))
        if cos > 1 - 1e-9:
            raise ValueError("slice directions must not be parallel")
        d1.flags.writeable = False
        d2.flags.writeable = False
        object.__setattr__(self, "d1", d1)
        object.__setattr__(self, "d2", d2)


def parameter_name(board, index: tuple) -> str:
    """'peg (r, k) weight f' or 'peg (r, k) bias' for a (row, slot, feature) index, where
    feature == board.features (or -1) is the bias."""
    row, slot, feature = index
    if feature == -1 or feature == board.features:
        return f"peg ({row}, {slot}) bias"
    return f"peg ({row}, {slot}) weight {feature}"


def _flat(board, index) -> tuple[int, int]:
    if len(index) != 3:
        raise ValueError(f"a parameter is (row, slot, feature), got {index!r}")
    row, slot, feature = index
    peg = board.peg_index(row, slot)
    feature = board.features if feature == -1 else whole_number(
        "feature", feature, low=0, high=board.features)
    return peg, feature


def coordinates(board, first=(0, 0, 0), second=(0, 0, -1)) -> Directions:
    """Unit directions along two single parameters, each (row, slot, feature) with feature -1
    (or ``board.features``) meaning the bias. The default turns the top peg: its first weight
    against its bias."""
    a, b = _flat(board, first), _flat(board, second)
    if a == b:
        raise ValueError(f"the two parameters must differ, got {first!r} twice")
    d1 = np.zeros(board.theta.shape)
    d2 = np.zeros(board.theta.shape)
    d1[a] = 1.0
    d2[b] = 1.0
    return Directions(d1, d2, (parameter_name(board, first), parameter_name(board, second)),
                      "coordinates")


def peg(board, row: int, slot: int, feature: int = 0) -> Directions:
    """"Turn this peg": one weight of peg (row, slot) against its bias."""
    return coordinates(board, (row, slot, feature), (row, slot, -1))


def filter_normalize(direction: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Scale each peg's row of ``direction`` to the norm of the same row of ``theta``.

    A peg whose parameters are all zero (an untrained board starts so) has no size to copy;
    its row is scaled to norm 1 instead, so the slice still moves it (documented deviation
    from Li et al., whose networks never start at zero)."""
    direction = np.array(direction, dtype=np.float64)
    own = np.linalg.norm(theta, axis=1)
    size = np.linalg.norm(direction, axis=1)
    target = np.where(own > 1e-12, own, 1.0)
    scale = np.divide(target, size, out=np.zeros_like(size), where=size > 0)
    return direction * scale[:, None]


def random_directions(theta, seed=None, *, normalize: bool = True) -> Directions:
    """Two Gaussian directions, filter-normalised per peg (``normalize``); the second is made
    orthogonal to the first before normalising, so the two axes show different things."""
    theta = np.asarray(theta, dtype=np.float64)
    rng = np.random.default_rng(seed)
    d1 = rng.standard_normal(theta.shape)
    d2 = rng.standard_normal(theta.shape)
    d2 -= np.sum(d1 * d2) / np.sum(d1 * d1) * d1
    if normalize:
        d1, d2 = filter_normalize(d1, theta), filter_normalize(d2, theta)
        labels = ("random direction 1 (filter-normalised)",
                  "random direction 2 (filter-normalised)")
    else:
        d1, d2 = d1 / np.linalg.norm(d1), d2 / np.linalg.norm(d2)
        labels = ("random direction 1", "random direction 2")
    return Directions(d1, d2, labels, "random")


@dataclass(frozen=True)
class Trajectory:
    """A training path as seen in a PCA plane: ``coords`` (T, 2) of every point relative to
    the centre, and the part of each point the plane misses (``residuals``, (T,))."""

    directions: Directions
    center: np.ndarray
    coords: np.ndarray
    residuals: np.ndarray


def pca_directions(path, center=None) -> Trajectory:
    """The top two principal components of a trajectory ``path`` (T, ...) of parameters.

    As in Li et al., the components are those of the points relative to ``center`` (default:
    the last point, where training ended), so the plane passes through the end of training.
    ``explained`` is each component's share of the total squared distance Σ‖θ_t − center‖².
    """
    path = np.asarray(path, dtype=np.float64)
    if path.ndim < 2 or path.shape[0] < 3:
        raise ValueError(f"a trajectory needs at least 3 points, got shape {path.shape}")
    if not np.all(np.isfinite(path)):
        raise ValueError("the trajectory holds non-finite parameters")
    shape = path.shape[1:]
    flat = path.reshape(path.shape[0], -1)
    c = flat[-1] if center is None else np.asarray(center, dtype=np.float64).reshape(-1)
    if c.shape[0] != flat.shape[1]:
        raise ValueError(f"center must have {flat.shape[1]} entries, got {c.shape[0]}")
    M = flat - c
    total = float(np.sum(M * M))
    if total == 0:
        raise ValueError("the trajectory does not move: there is no plane to show")
    # SVD of the thin T x n matrix: right singular vectors are the principal directions.
    _, s, vt = np.linalg.svd(M, full_matrices=False)
    if s.shape[0] < 2 or s[1] <= 1e-12 * s[0]:
        raise ValueError("the trajectory moves along a single line: a second direction is "
                         "undefined (use random or coordinate directions)")
    v1, v2 = vt[0], vt[1]
    # Fix the sign so the path runs towards +α: the same path always gives the same picture.
    if np.dot(M[0], v1) < 0:
        v1 = -v1
    if np.dot(M[0], v2) < 0:
        v2 = -v2
    explained = (float(s[0] ** 2 / total), float(s[1] ** 2 / total))
    coords = np.stack([M @ v1, M @ v2], axis=1)
    residuals = np.linalg.norm(M - np.outer(coords[:, 0], v1) - np.outer(coords[:, 1], v2),
                               axis=1)
    labels = (f"PC1 ({100 * explained[0]:.1f}% of the path)",
              f"PC2 ({100 * explained[1]:.1f}% of the path)")
    d = Directions(v1.reshape(shape), v2.reshape(shape), labels, "pca", explained)
    return Trajectory(d, c.reshape(shape), coords, residuals)
