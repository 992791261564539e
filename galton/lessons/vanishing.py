"""Lesson 9, vanishing and exploding gradients — in a textbook chain, and (honestly) on the board.

1. The sigmoid's slope σ′(z) = σ(z)(1 − σ(z)) is at most ¼ (at z = 0) and falls off fast.
2. The textbook deep chain (galton.core.chain): one sigmoid unit per layer. Its gradient to an
   early layer is a product of one factor w·σ′ per layer above; centred at z = 0 each factor is
   exactly w/4, so with w = 1 a 20-layer chain hands its first layer ¼·4⁻¹⁹ ≈ 9·10⁻¹³.
3. With w = 8 each factor is 2: the gradient explodes (2¹⁹/4 = 131,072 at the first layer);
   w = 4 balances; clipping caps the update; Adam rescales each parameter (down to its ε).
4. The deep board (20 rows): measured live from the session's trainer, the per-row gradient
   norms are about the same at the top and at the bottom. The board's backward pass averages
   (ḡ(r, k) = q·ḡ(r+1, k) + p·ḡ(r+1, k+1), weights that sum to 1) instead of multiplying by a
   slope per row, and each peg has only its own p·q ≤ ¼. One ball's ∂loss/∂z is at most 1 in
   size at every peg, however deep: it cannot explode either.
5. What does make board gradients tiny is saturation: pegs with large |z| (a large random
   initialisation) have p·q ≈ 0 wherever they are. Measured live: the rows' gradient norms
   spread over orders of magnitude and most pegs hardly move under SGD; Adam moves more of
   them. The table of remedies at the end is written from these measurements (a level start
   frees the pegs but, on this easy task, is *slower* with SGD than the saturated start: the
   page says so when the numbers say so).

Every conclusion (vanishes or explodes, the top rows learn alike, which remedy helped) is
chosen by the numbers with ``LessonRun.conclude``.
"""

from __future__ import annotations

import numpy as np

import galton
from galton.core import chain
from galton.core.optim import SGD, Adam
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Note, Plot, Table

ROWS = 20
PRESET = {
    "scenario": {"name": "A deep board",
                 "description": "Twenty rows of pegs: do the top rows still learn?"},
    "data": {"dataset": "colors", "balls": 300, "colors": 3, "noise": 0.1,
             "test_fraction": 0.25},
    "board": {"rows": ROWS, "init": "zeros", "scale": 0.5},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 0.5, "momentum": 0.0,
                 "batch_size": 0, "seed": 0},
}
CHAIN_X = 1.0
#: The vanishing check: the first layer gets less than this share of the last layer's signal.
VANISHED = 1e-3
EXPLODED = 1e3
#: A peg counts as saturated for a ball when its slope p·q is below this (|z| > 4.6).
SATURATED = 0.01
COMPARE_STEPS = 100
ADAM_LR = 0.05


# --- step 1: the ¼ bound ------------------------------------------------------------------------
def slope(run):
    run.values.update(slope0=float(chain.sigmoid_slope(0.0)),
                      slope2=float(chain.sigmoid_slope(2.0)),
                      slope5=float(chain.sigmoid_slope(5.0)),
                      quarter20=0.25 ** 20)


def slope_figure(run):
    z = np.linspace(-8, 8, 321)
    plot = Plot(title=run.text("slope_title"), xlabel="z", ylabel="", y_range=(0.0, 1.0))
    plot.curves.append(Curve(z, chain.sigmoid(z), "σ(z)", "blue", "line"))
    plot.curves.append(Curve(z, chain.sigmoid_slope(z), "σ′(z) = σ(1 − σ)", "red", "line"))
    plot.lines.append(Line(0.25, "y", "¼", "grey"))
    plot.notes.append(Note(0.0, 0.25, run.text("max_slope")))
    plot.notes.append(Note(5.0, float(chain.sigmoid_slope(5.0)), run.text("flat_slope"),
                           "black", True))
    return Figure.of(plot)


# --- steps 2 and 3: the textbook chain ------------------------------------------------------------
def _chain(depth: int, w: float):
    weights = np.full(int(depth), float(w))
    biases = chain.centred_biases(CHAIN_X, weights)
    return weights, biases, chain.gradients(CHAIN_X, weights, biases)[1]


def _store_chain(run, prefix: str, depth: int, w: float):
    _, _, signal = _chain(depth, w)
    run.values[f"{prefix}_depth"] = int(depth)
    run.values[f"{prefix}_w"] = float(w)
    run.values[f"{prefix}_factor"] = float(w) / 4
    run.values[f"{prefix}_first"] = float(abs(signal[0]))
    run.values[f"{prefix}_last"] = float(abs(signal[-1]))
    run.values[f"{prefix}_ratio"] = float(abs(signal[0]) / abs(signal[-1]))
    run.values[f"{prefix}_signal"] = signal
    ratio = run.values[f"{prefix}_ratio"]
    run.values[f"{prefix}_inverse"] = 1.0 / ratio if ratio else float("inf")
    factor = float(w) / 4
    case = ("balanced" if factor == 1 else "explode" if ratio > EXPLODED else
            "grow" if factor > 1 else "vanish" if ratio < VANISHED else "shrink")
    if prefix != "even":
        run.conclude(f"{prefix}_verdict", case)
    return signal


def vanish(run):
    _store_chain(run, "chain", run.params["depth"], run.params["chain_w"])


def vanished(run) -> bool:
    return run.values.get("chain_ratio", 1.0) < VANISHED


def _signal_plot(run, entries) -> Plot:
    plot = Plot(title=run.text("chain_title"), xlabel=run.text("layer"),
                ylabel=run.text("signal"), log_y=True)
    for label, signal, color in entries:
        layers = np.arange(1, signal.size + 1)
        plot.curves.append(Curve(layers, np.maximum(np.abs(signal), 1e-300), label, color,
                                 "line+points"))
    return plot


def vanish_figure(run):
    entries = []
    if "chain_signal" in run.values:
        entries.append((f"w = {run.values['chain_w']:g}", run.values["chain_signal"], "red"))
    depth = int(run.params["depth"])
    entries.append(("w = 4", _chain(depth, 4.0)[2], "grey"))
    return Figure.of(_signal_plot(run, entries))


def explode(run):
    depth = int(run.params["depth"])
    signal = _store_chain(run, "boom", depth, run.params["boom_w"])
    # What helps: the balanced chain, clipping the update, Adam's per-parameter steps.
    _store_chain(run, "even", depth, 4.0)
    lr, c = 0.01, 1.0
    norm = float(np.linalg.norm(signal))
    run.values.update(clip_c=c, clip_norm=norm, clip_after=min(norm, c))
    sgd_step, adam_step = np.zeros(depth), np.zeros(depth)
    SGD(lr).step(sgd_step, signal.copy())
    Adam(lr).step(adam_step, signal.copy())
    _, _, weak = _chain(depth, 1.0)
    sgd_weak, adam_weak = np.zeros(depth), np.zeros(depth)
    SGD(lr).step(sgd_weak, weak.copy())
    Adam(lr).step(adam_weak, weak.copy())
    run.values.update(step_lr=lr, sgd_first=float(abs(sgd_step[0])),
                      adam_first=float(abs(adam_step[0])), sgd_last=float(abs(sgd_step[-1])),
                      adam_last=float(abs(adam_step[-1])),
                      sgd_weak_first=float(abs(sgd_weak[0])),
                      adam_weak_first=float(abs(adam_weak[0])))
    # Adam's step is η·m̂/(√v̂ + ε): a full η unless the gradient is not far above ε.
    run.conclude("adam_weak_verdict",
                 "full" if abs(adam_weak[0]) > 0.99 * lr else "floor")


def exploded(run) -> bool:
    return run.values.get("boom_ratio", 1.0) > EXPLODED


def explode_figure(run):
    depth = int(run.params["depth"])
    entries = [("w = 1", _chain(depth, 1.0)[2], "blue"), ("w = 4", _chain(depth, 4.0)[2], "grey")]
    if "boom_signal" in run.values:
        entries.append((f"w = {run.values['boom_w']:g}", run.values["boom_signal"], "red"))
    plot = _signal_plot(run, entries)
    if "adam_first" not in run.values:
        return Figure.of(plot)
    v = run.values
    table = Table(title=run.text("helps_title"),
                  columns=[run.text("remedy"), run.text("first_layer"), run.text("last_layer")],
                  rows=[[run.text("plain_sgd", w=v["boom_w"]), f"{v['sgd_first']:.3g}",
                         f"{v['sgd_last']:.3g}"],
                        [run.text("adam", w=v["boom_w"]), f"{v['adam_first']:.3g}",
                         f"{v['adam_last']:.3g}"],
                        [run.text("plain_sgd", w=1), f"{v['sgd_weak_first']:.3g}", ""],
                        [run.text("adam", w=1), f"{v['adam_weak_first']:.3g}", ""]])
    return Figure.of(plot, table)


# --- step 4: the deep board ----------------------------------------------------------------------
def _history_norms(session):
    h = session.trainer.history
    if len(h) == 0:
        return None
    norms = h.grad_norm_per_row
    if norms.shape[1] != session.board.rows or not np.all(np.isfinite(norms[[0, -1]])):
        return None
    return norms


def board(run):
    session = run.session
    if session.board.rows != ROWS or session.scenario["board"]["init"] != "zeros":
        session.set(rows=ROWS, init="zeros")
    session.step(int(run.params["board_steps"]))
    measured_board(run)


def measured_board(run) -> bool:
    """The session's trainer measured a deep level board (≥ 12 rows, started from zeros) for
    at least one step. Any other board (e.g. the saturated one of the next step, seen again
    from here) leaves the numbers of this step as they were."""
    session = run.session
    norms = _history_norms(session)
    if norms is None or session.board.rows < 12 or session.scenario["board"]["init"] != "zeros":
        return "board_norms" in run.values
    first, last = norms[0], norms[-1]
    run.values.update(
        board_rows=session.board.rows, board_steps_done=session.trainer.history.steps_recorded,
        top0=float(first[0]), bottom0=float(first[-1]), ratio0=float(first[0] / first[-1]),
        topN=float(last[0]), bottomN=float(last[-1]), ratioN=float(last[0] / last[-1]),
        spread0=float(first.max() / first.min()), spreadN=float(last.max() / last.min()),
        board_norms=norms.copy())
    ratio = run.values["ratioN"]
    run.conclude("board_verdict", "alike" if ALIKE[0] <= ratio <= ALIKE[1] else
                 "top_small" if ratio < ALIKE[0] else "top_large")
    return True


#: The top row "gets as much gradient as the bottom one" within a factor of ten either way.
ALIKE = (0.1, 10.0)


def _rows_plot(run, norms_list) -> Plot:
    plot = Plot(title=run.text("rows_title"), xlabel=run.text("row"), ylabel=run.text("norm"),
                log_y=True)
    for label, norms, color in norms_list:
        plot.curves.append(Curve(np.arange(norms.size), np.maximum(norms, 1e-300), label, color,
                                 "line+points"))
    return plot


def board_figure(run):
    if "board_norms" not in run.values:
        return Figure.of(_rows_plot(run, []))
    norms = run.values["board_norms"]
    return Figure.of(_rows_plot(run, [(run.text("at_step", k=0), norms[0], "blue"),
                                      (run.text("at_step", k=len(norms) - 1), norms[-1],
                                       "orange")]))


# --- step 5: saturation ---------------------------------------------------------------------------
def _saturated_share(board_, X) -> float:
    z = board_.peg_probabilities(X)
    return float(np.mean(z * (1 - z) < SATURATED))


#: A peg "hardly moved" when its parameters changed by less than this in COMPARE_STEPS steps.
FROZEN = 0.01


def _train_copy(board_, session, optimizer, steps):
    """(loss on the training balls, share of pegs that hardly moved) after ``steps`` steps
    of ``optimizer`` on a copy of ``board_`` (the session's board is left alone)."""
    trainer = galton.Trainer(board_.copy(), session.train_set, optimizer, timeline_every=0)
    trainer.run(steps)
    moved = np.linalg.norm(trainer.board.theta - board_.theta, axis=1)
    return (float(galton.loss(trainer.board, trainer.X, trainer.y)),
            float(np.mean(moved < FROZEN)))


def saturate(run):
    session = run.session
    scale = float(run.params["scale"])
    session.set(rows=ROWS, init="normal", scale=scale)
    start = session.board.copy()
    session.step(1)                      # the trainer measures every row's gradient
    norms = _history_norms(session)[0]
    zero = galton.Board(ROWS, session.data.features, session.board.cups)
    run.values.update(
        sat_scale=scale, sat_share=_saturated_share(start, session.train_set.X),
        sat_zero_share=_saturated_share(zero, session.train_set.X),
        sat_spread=float(norms.max() / norms.min()), sat_min=float(norms.min()),
        sat_max=float(norms.max()), sat_min_row=int(np.argmin(norms)),
        sat_max_row=int(np.argmax(norms)), sat_norms=norms.copy(),
        sat_steps=COMPARE_STEPS, sat_adam_lr=ADAM_LR, sat_lr=session.lr,
        sat_loss0=float(galton.loss(start, session.train_set.X, session.train_set.y)),
        zero_loss0=float(galton.loss(zero, session.train_set.X, session.train_set.y)))
    for key, board_, optimizer in (("sat_sgd", start, SGD(session.lr)),
                                   ("sat_adam", start, Adam(ADAM_LR)),
                                   ("zero_sgd", zero, SGD(session.lr)),
                                   ("zero_adam", zero, Adam(ADAM_LR))):
        loss, frozen = _train_copy(board_, session, optimizer, COMPARE_STEPS)
        run.values[key] = loss
        run.values[f"{key}_frozen"] = frozen
    _remedies(run)


def _remedies(run):
    """What the measurements say about saturation and its remedies, for the page and the
    table of remedies: nothing here is written in advance."""
    v = run.values
    run.conclude("sat_verdict", "many" if v["sat_spread"] > 100 else "few")
    run.conclude("frozen_verdict", "most" if v["sat_sgd_frozen"] > 0.5 else "some")
    wakes = v["sat_adam_frozen"] < v["sat_sgd_frozen"]
    lower = v["sat_adam"] < v["sat_sgd"]
    run.conclude("adam_verdict", ("wakes_lower" if lower else "wakes_higher") if wakes
                 else ("lower" if lower else "no_help"))
    run.conclude("adam_remedy", "helps" if lower else "no_help")
    frees = v["zero_sgd_frozen"] < v["sat_sgd_frozen"]
    faster = v["zero_sgd"] < v["sat_sgd"]
    run.conclude("level_remedy", ("frees_faster" if faster else "frees_slower") if frees
                 else ("faster" if faster else "no_help"))


def saturated(run) -> bool:
    """The learner made a board whose rows' gradients spread over two orders of magnitude."""
    return run.values.get("sat_spread", 1.0) > 100


def saturate_figure(run):
    entries = []
    if "board_norms" in run.values:
        entries.append((run.text("zeros_init"), run.values["board_norms"][0], "blue"))
    if "sat_norms" in run.values:
        entries.append((run.text("normal_init", scale=run.values["sat_scale"]),
                        run.values["sat_norms"], "red"))
    plot = _rows_plot(run, entries)
    if "sat_sgd" not in run.values:
        return Figure.of(plot)
    v = run.values
    table = Table(title=run.text("train_title", steps=v["sat_steps"]),
                  columns=[run.text("start"), run.text("optimizer"), run.text("loss"),
                           run.text("frozen")],
                  rows=[[run.text("normal_init", scale=v["sat_scale"]), "SGD",
                         f"{v['sat_sgd']:.4f}", f"{v['sat_sgd_frozen']:.0%}"],
                        [run.text("normal_init", scale=v["sat_scale"]), "Adam",
                         f"{v['sat_adam']:.4f}", f"{v['sat_adam_frozen']:.0%}"],
                        [run.text("zeros_init"), "SGD", f"{v['zero_sgd']:.4f}",
                         f"{v['zero_sgd_frozen']:.0%}"],
                        [run.text("zeros_init"), "Adam", f"{v['zero_adam']:.4f}",
                         f"{v['zero_adam_frozen']:.0%}"]])
    return Figure.of(plot, table)


LESSON = Lesson(
    name="vanishing",
    number=9,
    preset=PRESET,
    steps=(
        Step("slope", action=slope, figure=slope_figure),
        Step("chain", action=vanish, check=vanished, figure=vanish_figure,
             params=(Param("depth", 20, low=2, high=40, step=1, integer=True),
                     Param("chain_w", 1.0, low=0.1, high=10.0, step=0.5))),
        Step("explode", action=explode, check=exploded, figure=explode_figure,
             params=(Param("depth", 20, low=2, high=40, step=1, integer=True),
                     Param("boom_w", 8.0, low=0.1, high=10.0, step=0.5))),
        Step("board", action=board, check=measured_board, figure=board_figure,
             show=("board", "charts"),
             params=(Param("board_steps", 100, low=1, high=500, step=10, integer=True),)),
        Step("saturate", action=saturate, check=saturated, figure=saturate_figure,
             show=("board", "charts"),
             params=(Param("scale", 5.0, low=0.1, high=10.0, step=0.5),)),
    ),
)
