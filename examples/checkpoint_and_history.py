"""Save a run and pick it up again: a checkpoint (.npz), the history (CSV) and the scenario
(TOML). A fresh session that loads them continues bit for bit as if never stopped.

    galton run examples/checkpoint_and_history.py --out my_run
    galton my_run/scenario.toml                      # open the scenario in the app

(Exporting an animation of the run is a separate feature, still to come.)
"""

import argparse
import os
import tempfile

from galton.session import Session

parser = argparse.ArgumentParser(prog="checkpoint_and_history.py")
parser.add_argument("--out", help="folder for the files (default: a temporary folder)")
parser.add_argument("--steps", type=int, default=100)
args = parser.parse_args()
out = args.out or tempfile.mkdtemp(prefix="galton-")
os.makedirs(out, exist_ok=True)

session.set(optimizer="adam", lr=0.05, batch_size=32, rows=5)
session.step(args.steps)
session.save(os.path.join(out, "scenario.toml"))
session.save_checkpoint(os.path.join(out, "checkpoint.npz"))
trainer.history.to_csv(os.path.join(out, "history.csv"))
print(f"step {trainer.step_count}: loss {trainer.history.last('train_loss'):.4f}; "
      f"files in {out}: {sorted(os.listdir(out))}")

# A new session from the saved scenario, continued from the checkpoint...
again = Session.from_file(os.path.join(out, "scenario.toml"))
again.load_checkpoint(os.path.join(out, "checkpoint.npz"))
again.step(args.steps)
# ...ends exactly where this one does after the same extra steps.
session.step(args.steps)
same = np.array_equal(again.board.theta, session.board.theta)
print(f"resumed and continued run equals the uninterrupted one: {same}")
if not same:
    raise SystemExit("the resumed run drifted")

with open(os.path.join(out, "history.csv"), encoding="utf-8") as f:
    header, *lines = f.read().splitlines()
print(f"history.csv: {len(lines)} steps, columns {header}")
