"""Four optimizers race on the same board from the same starting pegs: plain SGD, SGD with
momentum, RMSProp and Adam. Who gets the loss lowest in 60 steps?

    galton run examples/optimizer_race.py
"""

import argparse

parser = argparse.ArgumentParser(prog="optimizer_race.py")
parser.add_argument("--steps", type=int, default=60)
args = parser.parse_args()

session.set(dataset="colors", colors=4, rows=7, init="normal", seed=3)
racers = {
    "sgd": dict(optimizer="sgd", lr=0.5, momentum=0.0),
    "momentum": dict(optimizer="sgd", lr=0.5, momentum=0.9),
    "rmsprop": dict(optimizer="rmsprop", lr=0.02),
    "adam": dict(optimizer="adam", lr=0.05),
}
curves = {}
for name, settings in racers.items():
    session.set(**settings)
    session.reset()
    session.step(args.steps)
    curves[name] = trainer.history.train_loss.copy()

bars = "▁▂▃▄▅▆▇█"
top = max(curve.max() for curve in curves.values())
for name, curve in curves.items():
    spark = "".join(bars[min(7, int(8 * v / top))] for v in curve[:: max(1, len(curve) // 30)])
    print(f"{name:>9}: loss {curve[0]:.3f} -> {curve[-1]:.4f}  {spark}")
winner = min(curves, key=lambda name: curves[name][-1])
print(f"winner: {winner}")
