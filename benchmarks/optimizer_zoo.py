"""The optimizer zoo: steps to converge on the colour balls and on Rosenbrock, and whether
gradients vanish on a deep board.

For every optimizer the step size is chosen from a grid (the best one is reported), so the
comparison is between optimizers at their own best step size, not at one arbitrary value.

    python benchmarks/optimizer_zoo.py          # full tables (about a minute)
    python benchmarks/optimizer_zoo.py --quick  # small grid, for smoke tests
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

import galton
from galton import optim, surfaces

ZOO = {
    "GD (full batch)": (lambda lr: optim.SGD(lr), None),
    "SGD (batch 1)": (lambda lr: optim.SGD(lr), 1),
    "SGD (batch 32)": (lambda lr: optim.SGD(lr), 32),
    "momentum 0.9": (lambda lr: optim.SGD(lr, momentum=0.9), None),
    "Nesterov 0.9": (lambda lr: optim.SGD(lr, momentum=0.9, nesterov=True), None),
    "AdaGrad": (lambda lr: optim.AdaGrad(lr), None),
    "RMSProp": (lambda lr: optim.RMSProp(lr), None),
    "Adam": (lambda lr: optim.Adam(lr), None),
    "AdamW (wd 0.01)": (lambda lr: optim.AdamW(lr, weight_decay=0.01), None),
}
GRID = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0]
QUICK_GRID = [1e-3, 0.1]


def board_steps(make, batch, lr, data, target, max_steps, rows=6):
    """Steps until the full training loss falls below ``target`` (None if never)."""
    board = galton.Board(rows, data.features, data.n_classes, seed=0)
    trainer = galton.Trainer(board, data, make(lr), batch_size=batch, seed=0, timeline_every=0)
    for step in range(1, max_steps + 1):
        if trainer.step().status == "diverged":
            return None
        if batch is None:
            loss = trainer.history.train_loss[-1]  # loss before this step's update
            if loss < target:
                return step - 1
        elif galton.loss(board, data.X, data.y) < target:
            return step
    return None


def rosenbrock_steps(make, lr, max_steps, tol=1e-3):
    s = surfaces.rosenbrock()
    path = surfaces.descend(s, make(lr), (-1.5, 2.0), max_steps)
    if path.status == "diverged":
        return None
    dist = np.linalg.norm(path.points - np.array([1.0, 1.0]), axis=1)
    hit = np.flatnonzero(dist < tol)
    return int(hit[0]) if hit.size else None


def best(results):
    ok = [(steps, lr) for lr, steps in results if steps is not None]
    return min(ok) if ok else (None, None)


def gradient_depth_table(rows=32):
    data = galton.datasets.colors(300, seed=0)
    out = {}
    for init, scale in (("zeros", 0.0), ("normal", 0.5), ("normal", 2.0)):
        board = galton.Board(rows, data.features, data.n_classes, init=init, scale=scale, seed=0)
        _, grad = galton.loss_and_grad(board, data.X, data.y)
        per_row = [float(np.linalg.norm(grad[board.row_slice(r)])) for r in range(rows)]
        out[f"{init} (scale {scale:g})"] = per_row
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    grid = QUICK_GRID if args.quick else GRID
    max_board, max_rosen = (200, 500) if args.quick else (3000, 20000)
    data = galton.datasets.colors(300, seed=0)
    target = 0.05
    print(f"Steps to converge, best step size from {grid}")
    print(f"  colour balls: 300 balls, 3 colours, 6-row board, until the training "
          f"cross-entropy < {target} (at most {max_board} steps)")
    print(f"  Rosenbrock: from (-1.5, 2) until within 1e-3 of (1, 1) (at most {max_rosen} steps)")
    xor = galton.datasets.xor(200, noise=0.2, seed=0)
    common = 0.1
    print(f"  xor: 200 balls, 3-row board, until the training cross-entropy < 0.1, at the "
          f"common step size {common}")
    print(f"{'optimizer':<18}{'colours best':>14}{'at lr':>7}{'colours@0.1':>13}"
          f"{'xor@0.1':>9}{'Rosenbrock best':>17}{'at lr':>7}")
    fmt = lambda v: "never" if v is None else str(v)  # noqa: E731
    lr_fmt = lambda v: "" if v is None else f"{v:g}"  # noqa: E731
    for name, (make, batch) in ZOO.items():
        runs = [(lr, board_steps(make, batch, lr, data, target, max_board)) for lr in grid]
        b_steps, b_lr = best(runs)
        at_common = dict(runs).get(common) if common in grid else board_steps(
            make, batch, common, data, target, max_board)
        x_steps = board_steps(make, batch, common, xor, 0.1, max_board, rows=3)
        if batch is None:
            r_steps, r_lr = best([(lr, rosenbrock_steps(make, lr, max_rosen)) for lr in grid])
        else:
            r_steps, r_lr = "-", None  # Rosenbrock has no data to batch
        print(f"{name:<18}{fmt(b_steps):>14}{lr_fmt(b_lr):>7}{fmt(at_common):>13}"
              f"{fmt(x_steps):>9}{fmt(r_steps):>17}{lr_fmt(r_lr):>7}")
    print("\nGradient norm per row of a 32-row board at initialisation (colour balls):")
    table = gradient_depth_table()
    for label, per_row in table.items():
        shown = ", ".join(f"{v:.2e}" for v in per_row[:: 4])
        ratio = per_row[0] / per_row[-1] if per_row[-1] > 0 else float("inf")
        print(f"  {label:<18} rows 0,4,..,28: {shown}; last row {per_row[-1]:.2e}; "
              f"first/last = {ratio:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
