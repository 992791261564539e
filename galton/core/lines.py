"""Fitting a straight line by gradient descent: the first two lessons of the source articles.

"Everything is a function": the model ``y = a·x + b``. The loss is the sum of squared errors
over the points, ``L(a, b) = Σ (a·x_i + b − y_i)²`` — for data on ``y = 2x`` and the model
``y = a·x`` this is the parabola ``L(a) = C·(a − 2)²`` with ``C = Σ x_i²``, whose derivative
is ``2Ca − 4C``. The same optimizer objects that turn the pegs run here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LineFit:
    """Squared-error loss of a line through points; ``with_intercept=False`` fixes b = 0."""

    x: np.ndarray
    y: np.ndarray
    with_intercept: bool = True

    @classmethod
    def through(cls, points, with_intercept=True) -> LineFit:
        pts = np.asarray(points, dtype=np.float64)
        if pts.ndim != 2 or pts.shape[1] != 2 or pts.shape[0] < 1:
            raise ValueError(f"points must be (x, y) pairs, shape (N, 2); got {pts.shape}")
        if not np.all(np.isfinite(pts)):
            raise ValueError("points must be finite numbers")
        return cls(pts[:, 0].copy(), pts[:, 1].copy(), with_intercept)

    def _ab(self, params):
        params = np.asarray(params, dtype=np.float64)
        return (params[0], params[1]) if self.with_intercept else (params[0], 0.0)

    def loss(self, params) -> float:
        a, b = self._ab(params)
        r = a * self.x + b - self.y
        return float(np.sum(r * r))

    def gradient(self, params) -> np.ndarray:
        a, b = self._ab(params)
        r = a * self.x + b - self.y
        ga = 2.0 * np.sum(r * self.x)
        return np.array([ga, 2.0 * np.sum(r)]) if self.with_intercept else np.array([ga])

    def exact(self) -> np.ndarray:
        """The least-squares line (closed form), for checking where descent should end."""
        if self.with_intercept:
            A = np.column_stack([self.x, np.ones_like(self.x)])
        else:
            A = self.x[:, None]
        return np.linalg.lstsq(A, self.y, rcond=None)[0]

    def fit(self, optimizer, start, steps: int, *, schedule=None):
        """Run ``steps`` steps of ``optimizer`` from ``start``; returns (path, losses)."""
        params = np.array(start, dtype=np.float64).reshape(-1)
        expected = 2 if self.with_intercept else 1
        if params.shape != (expected,):
            raise ValueError(f"start must hold {expected} number(s), got {params.shape[0]}")
        path, losses = [params.copy()], [self.loss(params)]
        for t in range(steps):
            if schedule is not None:
                optimizer.lr = schedule.lr_at(t)
            optimizer.step(params, self.gradient(params))
            path.append(params.copy())
            losses.append(self.loss(params))
            if not np.isfinite(losses[-1]):
                break
        return np.array(path), np.array(losses)

    @staticmethod
    def predict(params, x):
        params = np.asarray(params, dtype=np.float64)
        b = params[1] if params.shape[0] > 1 else 0.0
        return params[0] * np.asarray(x, dtype=np.float64) + b
