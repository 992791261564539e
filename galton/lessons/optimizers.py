"""Lesson 8, the optimizer zoo: plain gradient descent, mini-batches, momentum, Nesterov and
Adam; cosine annealing; gradient clipping. Every number the text quotes comes from a live run.

1. A race down Rosenbrock's banana valley from (−1.5, 2): steps until the ball is within 1e−3 of
   the minimum (1, 1) for gradient descent, heavy-ball momentum, Nesterov and Adam.
2. Mini-batches on the board: the session trains with the learner's batch size (the window's
   loss chart wobbles); the figure compares it with full batch on a copy of the same board.
3. Cosine annealing: SGD with one point per step fits a noisy line; a constant step size keeps
   bouncing around the best line (a noise floor proportional to the step size), the cosine
   schedule takes big steps early and tiny ones late and settles.
4. Clipping: from (−2, −1), on the steep wall of the banana, the gradient's norm is 4129: one
   step of size 0.0015 flies off and the loss explodes; clipped to norm 10 it walks down.
"""

from __future__ import annotations

import numpy as np

import galton
from galton.core import surfaces
from galton.core.clipping import ClipByNorm
from galton.core.optim import SGD, Adam
from galton.core.schedules import CosineAnnealing
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Plot, Surface, Trail

# --- the race -------------------------------------------------------------------------------------
RACE_START = (-1.5, 2.0)
MINIMUM = (1.0, 1.0)
TOL = 1e-3
#: Plain descent needs ~18,000 steps at η = 0.001; the others converge within ~2,500.
GD_STEPS = 20000
RACE_STEPS = 4000
RACERS = ("gd", "momentum", "nesterov", "adam")
RACE_COLORS = {"gd": "red", "momentum": "blue", "nesterov": "green", "adam": "orange"}
#: Trails drawn with at most this many points (every k-th point, and the last).
TRAIL_POINTS = 400

# --- the board ------------------------------------------------------------------------------------
PRESET = {
    "scenario": {"name": "The optimizer zoo",
                 "description": "Three colours on six rows, for mini-batches against full batch."},
    "data": {"dataset": "colors", "balls": 300, "colors": 3, "noise": 0.1,
             "test_fraction": 0.25},
    "board": {"rows": 6, "init": "zeros"},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 0.5, "momentum": 0.0,
                 "batch_size": 0, "seed": 0},
}
BOARD_STEPS = 200
#: The full training loss is measured every this many steps for the comparison curves.
MEASURE_EVERY = 5

# --- the noisy line -------------------------------------------------------------------------------
LINE = {"slope": 3.0, "intercept": 1.0, "points": 50, "noise": 0.5, "seed": 0}
LINE_STEPS = 500
LINE_LR = 0.1
#: The constant step size's noise floor is the mean excess loss over this many last steps.
FLOOR_STEPS = 100

# --- clipping -------------------------------------------------------------------------------------
#: The mini-batch loss counts as "almost the same" as the full batch's within this (5 %).
MB_CLOSE = 0.05
CLIP_START = (-2.0, -1.0)
CLIP_LR = 0.0015
CLIP_STEPS = 2000


def _thin(points: np.ndarray, values: np.ndarray, n: int = TRAIL_POINTS):
    k = max(1, int(np.ceil(len(points) / n)))
    idx = np.unique(np.r_[np.arange(0, len(points), k), len(points) - 1])
    return points[idx], values[idx]


def steps_to_converge(path, target=MINIMUM, tol=TOL) -> int | None:
    """The first step whose point is within ``tol`` of ``target`` (None: never)."""
    d = np.hypot(path.points[:, 0] - target[0], path.points[:, 1] - target[1])
    hit = np.flatnonzero(d < tol)
    return int(hit[0]) if hit.size else None


# --- step 1: the race -----------------------------------------------------------------------------
def _racers(run) -> dict:
    lr, beta, adam_lr = (float(run.params[k]) for k in ("lr", "momentum", "adam_lr"))
    return {"gd": (SGD(lr), GD_STEPS),
            "momentum": (SGD(lr, momentum=beta), RACE_STEPS),
            # Nesterov without momentum is plain descent (galton.optim refuses the flag then).
            "nesterov": (SGD(lr, momentum=beta, nesterov=beta > 0), RACE_STEPS),
            "adam": (Adam(adam_lr), RACE_STEPS)}


def race(run):
    s = surfaces.rosenbrock()
    results = {}
    for name, (optimizer, steps) in _racers(run).items():
        path = surfaces.descend(s, optimizer, RACE_START, steps)
        n = steps_to_converge(path)
        results[name] = path
        run.values[f"race_{name}"] = n
        run.values[f"race_{name}_text"] = (f"{n:,}" if n is not None else
                                           run.text("never", steps=f"{path.steps:,}"))
        run.values[f"race_{name}_status"] = path.status
    run.values["race_paths"] = results
    run.values.update(race_lr=float(run.params["lr"]), race_beta=float(run.params["momentum"]),
                      race_adam_lr=float(run.params["adam_lr"]))
    done = {k: run.values[f"race_{k}"] for k in RACERS if run.values[f"race_{k}"] is not None}
    run.values["race_winner"] = run.text("racer_" + min(done, key=done.get)) if done else "—"
    gd, mom = run.values["race_gd"], run.values["race_momentum"]
    run.values["race_speedup"] = gd / mom if gd and mom else float("nan")
    run.values["race_slowdown"] = mom / gd if gd and mom else float("nan")
    run.conclude("speedup_verdict", "unknown" if not (gd and mom) else
                 "faster" if mom < gd else "slower" if mom > gd else "same")


def raced(run) -> bool:
    """Every racer converged, so the step counts can be compared."""
    return "race_paths" in run.values and all(run.values[f"race_{k}"] is not None
                                              for k in RACERS)


def race_figure(run):
    s = surfaces.rosenbrock()
    xs, ys, Z = s.grid(81)
    surf = Surface(xs, ys, Z, title=run.text("rosenbrock"), log_height=True,
                   markers=[(*RACE_START, s.f(RACE_START), run.text("start")),
                            (*MINIMUM, 0.0, run.text("minimum"))])
    plot = Plot(title=run.text("distance_title"), xlabel=run.text("step"),
                ylabel=run.text("distance"), log_y=True)
    for name, path in run.values.get("race_paths", {}).items():
        pts, vals = _thin(path.points, path.values)
        surf.trails.append(Trail(pts, vals, run.text("racer_" + name), RACE_COLORS[name]))
        d = np.hypot(path.points[:, 0] - MINIMUM[0], path.points[:, 1] - MINIMUM[1])
        steps = np.arange(len(d), dtype=np.float64)
        ks, ds = _thin(np.column_stack([steps, d]), d, 1000)
        plot.curves.append(Curve(ks[:, 0], np.maximum(ds, 1e-12), run.text("racer_" + name),
                                 RACE_COLORS[name], "line"))
    plot.lines.append(Line(TOL, "y", "10⁻³", "grey"))
    return Figure.of(surf, plot)


# --- step 2: mini-batches on the board ------------------------------------------------------------
def _full_batch_reference(board, train_set, lr: float, steps: int):
    """Full-batch training of ``board`` (a copy of the session's starting board): the smooth
    curve the mini-batches are compared with."""
    trainer = galton.Trainer(board, train_set, SGD(lr), timeline_every=0)
    return _measured(trainer, steps)


def _measured(trainer, steps: int):
    X, y = trainer.X, trainer.y
    at, full = [0], [galton.loss(trainer.board, X, y)]
    for t in range(1, steps + 1):
        trainer.step()
        if t % MEASURE_EVERY == 0 or t == steps:
            at.append(t)
            full.append(galton.loss(trainer.board, X, y))
    return np.array(at, dtype=np.float64), np.array(full)


def minibatch(run):
    session = run.session
    batch = int(run.params["batch_size"])
    n_train = len(session.train_set)
    batch = min(batch, n_train)
    session.reset()                  # the same starting pegs for both
    start = session.board.copy()
    session.set(batch_size=batch)
    session.step(BOARD_STEPS)
    full_at, full_loss = _full_batch_reference(start, session.train_set, session.lr,
                                               BOARD_STEPS)
    run.values.update(full_at=full_at, full_loss=full_loss, full_final=float(full_loss[-1]),
                      full_balls=BOARD_STEPS * n_train)
    minibatch_seen(run)


def minibatch_seen(run) -> bool:
    """The session trained at least 50 steps with batches smaller than the training set (Do
    it, or the window's own batch size and Play): reads its history. A full batch is read
    too, so the page says what it saw, but does not pass."""
    trainer = run.session.trainer
    h = trainer.history
    n_train = len(run.session.train_set)
    if len(h) < 50:
        return False
    batch = n_train if trainer.batch_size is None else min(trainer.batch_size, n_train)
    losses = h.train_loss
    run.values.update(
        # steps_recorded, not len(h): past 20,000 steps the history keeps older ones in buckets
        mb_batch=batch, mb_steps=h.steps_recorded, mb_balls=h.steps_recorded * batch,
        mb_epochs=h.steps_recorded * batch / n_train, n_train=n_train,
        mb_final=float(galton.loss(trainer.board, trainer.X, trainer.y)),
        mb_wobble=float(np.std(np.diff(losses[-50:]))),
        mb_batch_losses=losses.copy())
    if "full_final" in run.values:
        run.values["mb_work"] = run.values["mb_balls"] / run.values["full_balls"]
        run.values["mb_excess"] = run.values["mb_final"] / run.values["full_final"] - 1.0
        run.conclude("mb_verdict", "full" if batch >= n_train else
                     "cheap" if run.values["mb_excess"] <= MB_CLOSE else "higher")
    return batch < n_train


def minibatch_figure(run):
    plot = Plot(title=run.text("minibatch_title"), xlabel=run.text("step"),
                ylabel=run.text("loss"))
    if "mb_batch_losses" in run.values:
        losses = run.values["mb_batch_losses"]
        plot.curves.append(Curve(np.arange(losses.size), losses,
                                 run.text("batch_loss", mb_batch=run.values["mb_batch"]),
                                 "orange", "line", 1.0))
    if "full_loss" in run.values:
        plot.curves.append(Curve(run.values["full_at"], run.values["full_loss"],
                                 run.text("full_batch"), "blue", "line"))
    return Figure.of(plot)


# --- step 3: cosine annealing ---------------------------------------------------------------------
def noisy_line(slope=LINE["slope"], intercept=LINE["intercept"], points=LINE["points"],
               noise=LINE["noise"], seed=LINE["seed"]):
    """Points (x, y) near the line y = slope·x + intercept, x uniform in [0, 2]."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 2.0, points)
    return x, slope * x + intercept + rng.normal(0.0, noise, points)


def line_loss(params, x, y) -> np.ndarray:
    """Mean squared error of the line(s) params (..., 2) = (a, b) over the points."""
    p = np.asarray(params, dtype=np.float64)
    r = p[..., 0:1] * x + p[..., 1:2] - y
    return np.mean(r * r, axis=-1)


def line_gradient(params, x, y) -> np.ndarray:
    """∂/∂(a, b) of the mean squared error over the points given."""
    a, b = params
    r = a * x + b - y
    return np.array([2.0 * np.mean(r * x), 2.0 * np.mean(r)])


def line_sgd(x, y, schedule, steps: int, *, batch: int = 1, seed: int = 0, start=(0.0, 0.0)):
    """SGD on the line fit: each step draws ``batch`` points (with replacement, seeded) and
    steps against their gradient with step size ``schedule.lr_at(t)``. Returns (steps+1, 2)."""
    rng = np.random.default_rng(seed)
    p = np.array(start, dtype=np.float64)
    path = [p.copy()]
    for t in range(steps):
        idx = rng.integers(0, len(x), batch)
        p = p - schedule.lr_at(t) * line_gradient(p, x[idx], y[idx])
        path.append(p.copy())
    return np.array(path)


class _Constant:
    def __init__(self, lr):
        self.lr = lr

    def lr_at(self, t):
        return self.lr


def cosine(run):
    lr, seed = float(run.params["cosine_lr"]), int(run.params["cosine_seed"])
    x, y = noisy_line()
    best = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]
    floor = float(line_loss(best, x, y))
    schedule = CosineAnnealing(lr, LINE_STEPS)
    const = line_sgd(x, y, _Constant(lr), LINE_STEPS, seed=seed)
    cos = line_sgd(x, y, schedule, LINE_STEPS, seed=seed)
    ex_const = line_loss(const, x, y) - floor
    ex_cos = line_loss(cos, x, y) - floor
    run.values.update(
        cosine_lr_used=lr, cosine_seed_used=seed, best_a=float(best[0]), best_b=float(best[1]),
        best_loss=floor, const_excess=ex_const, cos_excess=ex_cos,
        const_final=float(ex_const[-1]), cos_final=float(ex_cos[-1]),
        const_floor=float(np.mean(ex_const[-FLOOR_STEPS:])),
        cos_floor=float(np.mean(ex_cos[-FLOOR_STEPS:])),
        const_a=float(const[-1, 0]), const_b=float(const[-1, 1]),
        cos_a=float(cos[-1, 0]), cos_b=float(cos[-1, 1]),
        cos_mid_lr=schedule.lr_at(LINE_STEPS // 2), cos_last_lr=schedule.lr_at(LINE_STEPS - 1))
    run.values["cosine_gain"] = run.values["const_floor"] / max(run.values["cos_floor"], 1e-300)
    run.values["cosine_loss"] = 1.0 / max(run.values["cosine_gain"], 1e-300)
    run.conclude("cosine_verdict", "better" if run.values["cosine_gain"] > 1 else "worse")


def annealed(run) -> bool:
    """The cosine schedule ended with at most a fifth of the constant step's excess loss."""
    return "cosine_gain" in run.values and run.values["cosine_gain"] >= 5


def cosine_figure(run):
    lr = float(run.values.get("cosine_lr_used", run.params["cosine_lr"]))
    t = np.arange(LINE_STEPS, dtype=np.float64)
    schedule = CosineAnnealing(lr, LINE_STEPS)
    lrs = Plot(title=run.text("lr_title"), xlabel=run.text("step"), ylabel=run.text("lr"))
    lrs.curves.append(Curve(t, np.full(t.size, lr), run.text("constant"), "red", "line"))
    lrs.curves.append(Curve(t, [schedule.lr_at(int(k)) for k in t], run.text("cosine"), "blue",
                            "line"))
    excess = Plot(title=run.text("excess_title"), xlabel=run.text("step"),
                  ylabel=run.text("excess"), log_y=True)
    for key, color in (("const", "red"), ("cos", "blue")):
        if f"{key}_excess" in run.values:
            e = np.maximum(run.values[f"{key}_excess"], 1e-12)
            excess.curves.append(Curve(np.arange(e.size), e,
                                       run.text("constant" if key == "const" else "cosine"),
                                       color, "line", 1.0))
    return Figure.of(lrs, excess)


# --- step 4: clipping -----------------------------------------------------------------------------
def clipping(run):
    s = surfaces.rosenbrock()
    max_norm = float(run.params["max_norm"])
    wild = surfaces.descend(s, SGD(CLIP_LR), CLIP_START, CLIP_STEPS)
    tame = surfaces.descend(s, SGD(CLIP_LR), CLIP_START, CLIP_STEPS, clip=ClipByNorm(max_norm))
    g0 = float(np.linalg.norm(s.grad(CLIP_START)))
    clipped_steps = int(np.sum(tame.grad_norms[:-1] > max_norm))
    run.values.update(
        clip_max=max_norm, clip_g0=g0, clip_step_before=CLIP_LR * g0,
        clip_step_after=CLIP_LR * min(g0, max_norm), clip_start_loss=s.f(CLIP_START),
        wild_status=wild.status, wild_at=wild.diverged_at if wild.diverged_at is not None else -1,
        wild_loss1=float(wild.values[1]) if wild.steps >= 1 else float("nan"),
        wild_path=wild, tame_path=tame, tame_status=tame.status,
        tame_loss=float(tame.values[-1]), tame_steps=tame.steps,
        tame_x=float(tame.final[0]), tame_y=float(tame.final[1]), tame_clipped=clipped_steps)
    run.values["wild_text"] = run.text("diverged_at" if wild.status == "diverged"
                                       else "survived", wild_at=run.values["wild_at"])
    run.values["tame_clipped_share"] = clipped_steps / max(tame.steps, 1)
    run.conclude("clip_verdict", "never" if clipped_steps == 0 else
                 "wall" if clipped_steps <= tame.steps / 2 else "most")
    run.conclude("tame_verdict", "diverged" if tame.status == "diverged" else
                 "down" if run.values["tame_loss"] < 0.01 * run.values["clip_start_loss"]
                 else "high")


def tamed(run) -> bool:
    """Without clipping the ball flies off; with it the loss ends far below the start."""
    v = run.values
    return (v.get("wild_status") == "diverged" and v.get("tame_status") != "diverged"
            and v["tame_loss"] < 0.01 * v["clip_start_loss"])


def clipping_figure(run):
    s = surfaces.rosenbrock()
    xs, ys, Z = s.grid(81)
    surf = Surface(xs, ys, Z, title=run.text("rosenbrock"), log_height=True,
                   markers=[(*CLIP_START, s.f(CLIP_START), run.text("start")),
                            (*MINIMUM, 0.0, run.text("minimum"))])
    norms = Plot(title=run.text("norm_title"), xlabel=run.text("step"),
                 ylabel=run.text("norm"), log_y=True)
    if "tame_path" in run.values:
        tame, wild = run.values["tame_path"], run.values["wild_path"]
        pts, vals = _thin(tame.points, tame.values)
        surf.trails.append(Trail(pts, vals, run.text("clipped"), "blue"))
        surf.trails.append(Trail(wild.points, wild.values, run.text("unclipped"), "red"))
        n = min(300, tame.steps)
        k = np.arange(n, dtype=np.float64)
        g = tame.grad_norms[:n]
        norms.curves.append(Curve(k, g, run.text("norm_before"), "red", "line"))
        norms.curves.append(Curve(k, np.minimum(g, run.values["clip_max"]),
                                  run.text("norm_after"), "blue", "line"))
        norms.lines.append(Line(run.values["clip_max"], "y", run.text("threshold"), "grey"))
    return Figure.of(surf, norms)


LESSON = Lesson(
    name="optimizers",
    number=8,
    preset=PRESET,
    steps=(
        Step("race", action=race, check=raced, figure=race_figure,
             params=(Param("lr", 0.001, low=0.0002, high=0.002, step=0.0001),
                     Param("momentum", 0.9, low=0.0, high=0.99, step=0.01),
                     Param("adam_lr", 0.05, low=0.005, high=0.5, step=0.005))),
        Step("minibatch", action=minibatch, check=minibatch_seen, figure=minibatch_figure,
             show=("board", "charts"),
             params=(Param("batch_size", 8, low=1, high=225, step=1, integer=True,
                           setting="batch_size"),)),
        Step("cosine", action=cosine, check=annealed, figure=cosine_figure,
             params=(Param("cosine_lr", LINE_LR, low=0.01, high=0.3, step=0.01),
                     Param("cosine_seed", 0, low=0, high=999, step=1, integer=True))),
        Step("clipping", action=clipping, check=tamed, figure=clipping_figure,
             params=(Param("max_norm", 10.0, low=0.1, high=1000.0, step=1.0),)),
    ),
)
