"""Your own balls: a ring of blue balls around a red centre, made with numpy, saved as CSV and
trained on. A single peg (a perceptron) cannot separate a ring from its centre; the rows of a
deeper board can.

    galton run examples/custom_dataset.py --out rings.csv
    galton run examples/custom_dataset.py --gui      # see the balls sort themselves

Any CSV with a header row works: the numeric columns are the features, the `label` column
holds the colour (see galton.datasets.from_csv).
"""

import argparse
import os
import tempfile

parser = argparse.ArgumentParser(prog="custom_dataset.py")
parser.add_argument("--out", help="where to write the CSV (default: a temporary folder)")
parser.add_argument("--steps", type=int, default=300)
args = parser.parse_args()

rng = np.random.default_rng(0)
n = 200
angle = rng.uniform(0, 2 * np.pi, n)
radius = np.where(np.arange(n) < n // 2, rng.uniform(0.0, 0.4, n), rng.uniform(0.8, 1.2, n))
X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
y = (np.arange(n) >= n // 2).astype(int)  # 0 = centre, 1 = ring

balls = galton.datasets.Dataset(X, y, feature_names=("x", "y"), class_names=("red", "blue"),
                                class_colors=((220, 50, 47), (38, 139, 210)), name="rings")
path = args.out or os.path.join(tempfile.mkdtemp(prefix="galton-"), "rings.csv")
balls.to_csv(path)
print(f"wrote {balls.describe()} to {path}")

session.set(dataset="csv", path=os.path.abspath(path), rows=6, optimizer="adam", lr=0.05)
print(session.describe())
session.step(args.steps)
result = session.trainer.evaluate()
print(f"after {args.steps} steps: train accuracy {result['train_accuracy']:.1%}, "
      f"test accuracy {result['test_accuracy']:.1%}")

drop = session.drop(len(session.test_set), seed=0)
print("test balls per cup (rows: true colour):")
for colour, name in enumerate(data.class_names):
    cups = np.bincount(drop.cups[session.test_set.y == colour], minlength=board.cups)
    print(f"  {name:>5}: {cups.tolist()}")
