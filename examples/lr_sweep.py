"""Sweep the step size: the same board, the same balls, six step sizes, 100 steps each.

    galton run examples/lr_sweep.py                  # prints a table
    galton run examples/lr_sweep.py --steps 300 --out sweep.csv
    galton run examples/lr_sweep.py --gui            # then look at the best one in the window

Too small and the pegs barely turn in 100 steps. The sigmoid pegs forgive large steps (they
saturate), but the largest ones drive the training loss to zero while the test accuracy falls:
the pegs become overconfident. `galton run` provides `session`, `galton` and `np`.
"""

import argparse

parser = argparse.ArgumentParser(prog="lr_sweep.py")
parser.add_argument("--steps", type=int, default=100)
parser.add_argument("--out", help="also write the results as CSV here")
args = parser.parse_args()

session.set(colors=5, noise=0.3, balls=400)  # five overlapping colours: not too easy
rates = [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]
rows = []
for lr in rates:
    session.set(lr=lr)
    session.reset()  # back to the same starting pegs for every step size
    last = session.step(args.steps)
    result = session.trainer.evaluate()
    rows.append((lr, session.trainer.step_count, result["train_loss"],
                 result["test_accuracy"], last.status))

print(f"{'step size':>10} {'steps':>6} {'train loss':>11} {'test accuracy':>14}  status")
for lr, steps, loss, accuracy, status in rows:
    print(f"{lr:>10g} {steps:>6d} {loss:>11.4f} {accuracy:>14.1%}  {status}")

best = max(rows, key=lambda row: (row[3], -row[0]))
print(f"best test accuracy with step size {best[0]:g}")
session.set(lr=best[0])  # leave the session on the best one (for --gui)
session.reset()
session.step(args.steps)

if args.out:
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("lr,steps,train_loss,test_accuracy,status\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")
    print(f"written to {args.out}")
