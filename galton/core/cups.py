"""Cups: contiguous groups of bins, one per class.

Bin j (0..R) belongs to cup ``floor(j * cups / (R + 1))`` by default, so the cups share the bins
as evenly as possible from left to right. A custom map may order the cups differently, but each
cup must be one contiguous run of bins (a cup is a physical container under the board) and
every cup must get at least one bin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def default_bin_to_cup(rows: int, cups: int) -> np.ndarray:
    """The even left-to-right split of the R+1 bins into cups."""
    return (np.arange(rows + 1, dtype=np.int64) * cups) // (rows + 1)


@dataclass(frozen=True)
class CupLayout:
    """A validated bin -> cup map plus the bin range [lo, hi) of every cup (for the kernels)."""

    bin_to_cup: np.ndarray  # (R+1,) int64, read-only
    lo: np.ndarray  # (cups,) int64
    hi: np.ndarray  # (cups,) int64

    @property
    def cups(self) -> int:
        return int(self.lo.shape[0])

    @classmethod
    def build(cls, rows: int, cups: int, bin_to_cup=None) -> CupLayout:
        if bin_to_cup is None:
            mapping = default_bin_to_cup(rows, cups)
        else:
            mapping = _validated_map(bin_to_cup, rows, cups)
        lo = np.empty(cups, dtype=np.int64)
        hi = np.empty(cups, dtype=np.int64)
        for c in range(cups):
            where = np.flatnonzero(mapping == c)
            lo[c], hi[c] = where[0], where[-1] + 1
        for a in (mapping, lo, hi):
            a.flags.writeable = False
        return cls(mapping, lo, hi)


def _validated_map(bin_to_cup, rows: int, cups: int) -> np.ndarray:
    raw = np.asarray(bin_to_cup)
    n_bins = rows + 1
    if raw.shape != (n_bins,):
        raise ValueError(
            f"bin_to_cup must have one entry per bin: shape ({n_bins},) for {rows} rows, "
            f"got shape {raw.shape}"
        )
    if raw.dtype.kind not in "iu":
        if raw.dtype.kind != "f" or not np.all(np.isfinite(raw)) or np.any(raw != np.round(raw)):
            raise ValueError(f"bin_to_cup must hold whole cup numbers, got {raw.tolist()}")
    mapping = raw.astype(np.int64)
    bad = np.flatnonzero((mapping < 0) | (mapping >= cups))
    if bad.size:
        j = int(bad[0])
        raise ValueError(
            f"bin_to_cup[{j}] = {mapping[j]} is not a cup: expected 0..{cups - 1} for {cups} cups"
        )
    missing = sorted(set(range(cups)) - set(mapping.tolist()))
    if missing:
        raise ValueError(
            f"bin_to_cup must give every cup at least one bin; cups {missing} have none")
    for c in range(cups):
        where = np.flatnonzero(mapping == c)
        if where[-1] - where[0] + 1 != where.size:
            raise ValueError(
                f"bin_to_cup must make each cup one contiguous run of bins; cup {c} has bins "
                f"{where.tolist()}"
            )
    return mapping.copy()
