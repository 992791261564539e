"""A one-dimensional slice of the loss landscape: the loss along the straight line from the
starting pegs to the trained ones (and a little beyond), written as CSV.

    galton run examples/loss_along_a_line.py --out line.csv

On this board the loss falls smoothly all along the line, and keeps falling past the trained
pegs (alpha > 1): the pegs can always grow more confident. Gradient descent took a winding
path, yet the straight one has no bump. The landscape dock (View > Loss landscape) shows
whole planes.
"""

import argparse

parser = argparse.ArgumentParser(prog="loss_along_a_line.py")
parser.add_argument("--steps", type=int, default=200)
parser.add_argument("--points", type=int, default=41)
parser.add_argument("--out", help="write alpha,loss,accuracy as CSV here")
args = parser.parse_args()

session.set(init="normal", seed=1)
start = board.theta.copy()
session.step(args.steps)
end = board.theta.copy()

X, y = session.train_set.X, session.train_set.y
probe = board.copy()
rows = []
for alpha in np.linspace(-0.25, 1.25, args.points):
    probe.theta = (1 - alpha) * start + alpha * end
    accuracy = float(np.mean(probe.predict(X) == y))
    rows.append((alpha, galton.loss(probe, X, y), accuracy))

width = 40
top = max(loss for _, loss, _ in rows)
for alpha, loss, _accuracy in rows[::4]:
    print(f"alpha {alpha:5.2f}  loss {loss:7.4f}  {'#' * round(width * loss / top)}")
print("alpha 0 is the start, 1 the trained pegs")

if args.out:
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("alpha,loss,accuracy\n")
        f.writelines(f"{a!r},{loss!r},{acc!r}\n" for a, loss, acc in rows)
    print(f"written to {args.out}")
