"""Lesson 5, the chain rule: y = c(b(a(x; w1, w2); w3, w4); w5, w6).

The links are h1 = a(x) = w1·x + w2, h2 = b(h1) = w3·h1 + w4 and y = c(h2) = h2³ + w5 + w6.
With x = 2, w1 = 0.25, w2 = 1, w3 = 2, w4 = 3, w5 = 1, w6 = 2 (all exact in binary) the
forward pass gives h1 = 1.5, h2 = 6 and y = 219, and the last link's derivative is the
article's ∂y/∂h2 = 3·h2² = 3·6² = 108. Going backwards, each derivative is the one above it
times one local factor: ∂y/∂w4 = 108·1, ∂y/∂w3 = 108·h1 = 162, ∂y/∂h1 = 108·w3 = 216,
∂y/∂w2 = 216·1, ∂y/∂w1 = 216·x = 432, ∂y/∂x = 216·w1 = 54. The values were chosen so that no
two local factors are equal and every product is told apart.

Then the same flow on the board: the adjoint of a node's mass travels up the rows,
ḡ(r, k) = q·ḡ(r+1, k) + p·ḡ(r+1, k+1), and each peg's gradient is m·p·q·(ḡ right − ḡ left);
the per-row gradient norms come from the session's own trainer.
"""

from __future__ import annotations

import numpy as np

from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Note, Plot, Table

#: The inputs of the worked example: h1 = 1.5, h2 = 6 exactly.
INPUTS = {"x": 2.0, "w1": 0.25, "w2": 1.0, "w3": 2.0, "w4": 3.0, "w5": 1.0, "w6": 2.0}
NAMES = ("x", "w1", "w2", "w3", "w4", "w5", "w6")

PRESET = {
    "scenario": {"name": "The chain rule on the board",
                 "description": "Gradients travel up the rows of an 8-row board."},
    "data": {"dataset": "colors", "balls": 300, "colors": 3, "noise": 0.1,
             "test_fraction": 0.25},
    "board": {"rows": 8, "init": "zeros"},
    "training": {"loss": "cross_entropy", "optimizer": "sgd", "lr": 0.5, "batch_size": 0,
                 "seed": 0},
}


def forward(v: dict) -> dict:
    """The forward pass, link by link: h1, h2, y."""
    h1 = v["w1"] * v["x"] + v["w2"]
    h2 = v["w3"] * h1 + v["w4"]
    return {"h1": h1, "h2": h2, "y": h2 ** 3 + v["w5"] + v["w6"]}


def backward(v: dict) -> dict:
    """Every partial derivative of y by the chain rule: each is the derivative one link up
    times the local derivative of that link."""
    f = forward(v)
    d = {"y": 1.0}
    d["w5"] = d["y"] * 1.0                 # ∂c/∂w5 = 1
    d["w6"] = d["y"] * 1.0                 # ∂c/∂w6 = 1
    d["h2"] = d["y"] * 3.0 * f["h2"] ** 2  # ∂c/∂h2 = 3·h2²
    d["w3"] = d["h2"] * f["h1"]            # ∂b/∂w3 = h1
    d["w4"] = d["h2"] * 1.0                # ∂b/∂w4 = 1
    d["h1"] = d["h2"] * v["w3"]            # ∂b/∂h1 = w3
    d["w1"] = d["h1"] * v["x"]             # ∂a/∂w1 = x
    d["w2"] = d["h1"] * 1.0                # ∂a/∂w2 = 1
    d["x"] = d["h1"] * v["w1"]             # ∂a/∂x = w1
    return d


def finite_difference(v: dict, name: str, h: float = 1e-5) -> float:
    """∂y/∂name by central differences (name an input, or h1/h2 for an intermediate value)."""
    if name in v:
        up, down = dict(v), dict(v)
        up[name] += h
        down[name] -= h
        return (forward(up)["y"] - forward(down)["y"]) / (2 * h)
    f = forward(v)
    if name == "h2":
        def y_of(h2):
            return h2 ** 3 + v["w5"] + v["w6"]
        return (y_of(f["h2"] + h) - y_of(f["h2"] - h)) / (2 * h)
    if name == "h1":
        def y_of(h1):
            return (v["w3"] * h1 + v["w4"]) ** 3 + v["w5"] + v["w6"]
        return (y_of(f["h1"] + h) - y_of(f["h1"] - h)) / (2 * h)
    raise KeyError(name)


# --- step 1: forward --------------------------------------------------------------------------
def go_forward(run):
    run.values.update(INPUTS)
    run.values.update(forward(INPUTS))


def forward_figure(run):
    v = INPUTS
    f = forward(v) if "y" in run.values else None

    def val(key):
        return "" if f is None else f"{f[key]:g}"

    rows = [
        ["x", run.text("input"), f"{v['x']:g}"],
        ["h1 = a(x)", f"w1·x + w2 = {v['w1']:g}·{v['x']:g} + {v['w2']:g}", val("h1")],
        ["h2 = b(h1)", f"w3·h1 + w4 = {v['w3']:g}·h1 + {v['w4']:g}", val("h2")],
        ["y = c(h2)", f"h2³ + w5 + w6 = h2³ + {v['w5']:g} + {v['w6']:g}", val("y")],
    ]
    return Figure.of(Table(run.text("forward_title"),
                           [run.text("link"), run.text("formula"), run.text("value")], rows,
                           highlight=[2] if f is not None else []))


# --- step 2: the last link --------------------------------------------------------------------
def last_link(run):
    go_forward(run)
    d = backward(INPUTS)
    run.values["dy_dh2"] = d["h2"]                                   # 108
    run.values["dy_dh2_fd"] = finite_difference(INPUTS, "h2")
    run.values["dy_dw5"], run.values["dy_dw6"] = d["w5"], d["w6"]


def last_link_seen(run) -> bool:
    return "dy_dh2" in run.values and abs(run.values["dy_dh2"] - run.values["dy_dh2_fd"]) < 1e-4


def last_link_figure(run):
    h = np.linspace(0.0, 8.0, 161)
    c0 = INPUTS["w5"] + INPUTS["w6"]
    plot = Plot(title=run.text("cube_title"), xlabel="h2", ylabel="y", x_range=(0.0, 8.0),
                y_range=(0.0, 520.0),
                curves=[Curve(h, h ** 3 + c0, "y = h2³ + w5 + w6", "blue")])
    if "dy_dh2" in run.values:
        t = np.array([4.0, 8.0])
        y6 = 6.0 ** 3 + c0
        plot.curves.append(Curve(t, y6 + 108.0 * (t - 6.0), run.text("tangent"), "red"))
        plot.notes.append(Note(6.0, y6, "h2 = 6: ∂y/∂h2 = 3·6² = 108", "red"))
    return Figure.of(plot)


# --- step 3: backwards, link by link ------------------------------------------------------------
#: The backward table: (derivative, the product that gives it) from y down to x.
CHAIN = (
    ("y", "1"),
    ("w6", "1 · ∂c/∂w6 = 1 · 1"),
    ("w5", "1 · ∂c/∂w5 = 1 · 1"),
    ("h2", "1 · ∂c/∂h2 = 1 · 3·h2² = 3·{h2:g}²"),
    ("w4", "∂y/∂h2 · ∂b/∂w4 = {d_h2:g} · 1"),
    ("w3", "∂y/∂h2 · ∂b/∂w3 = {d_h2:g} · h1 = {d_h2:g} · {h1:g}"),
    ("h1", "∂y/∂h2 · ∂b/∂h1 = {d_h2:g} · w3 = {d_h2:g} · {w3:g}"),
    ("w2", "∂y/∂h1 · ∂a/∂w2 = {d_h1:g} · 1"),
    ("w1", "∂y/∂h1 · ∂a/∂w1 = {d_h1:g} · x = {d_h1:g} · {x:g}"),
    ("x", "∂y/∂h1 · ∂a/∂x = {d_h1:g} · w1 = {d_h1:g} · {w1:g}"),
)


def go_backward(run):
    go_forward(run)
    d = backward(INPUTS)
    fd = {name: (1.0 if name == "y" else finite_difference(INPUTS, name)) for name, _ in CHAIN}
    run.values["grads"], run.values["grads_fd"] = d, fd
    for name, _ in CHAIN:
        run.values[f"d_{name}"] = d[name]
    run.values["max_fd_error"] = max(abs(d[n] - fd[n]) / max(1.0, abs(d[n])) for n in fd)


def backward_agrees(run) -> bool:
    return "grads" in run.values and run.values["max_fd_error"] < 1e-6


def backward_figure(run):
    rows = []
    if "grads" in run.values:
        ctx = {**INPUTS, **forward(INPUTS), **{f"d_{k}": v for k, v in run.values["grads"].items()}}
        for name, product in CHAIN:
            rows.append([f"∂y/∂{name}", product.format(**ctx), f"{run.values['grads'][name]:g}",
                         f"{run.values['grads_fd'][name]:.6g}"])
    return Figure.of(Table(run.text("backward_title"),
                           [run.text("derivative"), run.text("chain"), run.text("value"),
                            run.text("fd")], rows,
                           highlight=[3] if rows else []))


# --- step 4: nudge a weight ----------------------------------------------------------------------
def nudge(run):
    name, delta = run.params["nudge"], run.params["delta"]
    moved = dict(INPUTS)
    moved[name] += delta
    y0, y1 = forward(INPUTS)["y"], forward(moved)["y"]
    grad = backward(INPUTS)[name]
    run.values["nudged"], run.values["nudge_delta"] = name, delta
    run.values["nudge_grad"] = grad
    run.values["y_before"], run.values["y_after"] = y0, y1
    run.values["change"], run.values["predicted"] = y1 - y0, grad * delta
    # No nudge, no change to predict: nothing seen yet.
    run.values["nudge_error"] = (abs((y1 - y0) - grad * delta) / abs(y1 - y0)
                                 if y1 != y0 else float("inf"))
    run.conclude("nudge_verdict", "none" if delta == 0 else
                 "kept" if run.values["nudge_error"] < 0.05 else "broken")


def nudge_predicted(run) -> bool:
    """The gradient predicted the change of y to within 5 % (a small enough nudge)."""
    return "nudge_error" in run.values and run.values["nudge_error"] < 0.05


def nudge_figure(run):
    name = run.params["nudge"]
    span = max(4 * abs(run.params["delta"]), 0.05)
    t = np.linspace(-span, span, 81)
    ys = []
    for dt in t:
        moved = dict(INPUTS)
        moved[name] += dt
        ys.append(forward(moved)["y"])
    g = backward(INPUTS)[name]
    y0 = forward(INPUTS)["y"]
    plot = Plot(title=run.text("nudge_title", name=name), xlabel=run.text("nudge_axis", name=name),
                ylabel="y",
                curves=[Curve(t, ys, "y", "blue"),
                        Curve(t, y0 + g * t, run.text("linear", g=g), "red", "dash")])
    if "nudged" in run.values and run.values["nudged"] == name:
        d = run.values["nudge_delta"]
        plot.notes.append(Note(d, run.values["y_after"], f"Δy = {run.values['change']:.4g}",
                               "blue"))
    return Figure.of(plot)


# --- step 5: up the rows of the board -------------------------------------------------------------
def _row_norms(session):
    history = session.trainer.history
    if len(history) == 0:
        return None
    norms = history.grad_norm_per_row[-1]
    return norms if norms.shape == (session.board.rows,) and np.all(np.isfinite(norms)) else None


def board_gradient(run):
    session = run.session
    rows = run.params["rows"]
    if session.board.rows != rows:
        session.set(rows=rows)
    session.step(1)              # one step of the trainer: it records each row's gradient norm
    norms = _row_norms(session)
    run.values["row_norms"] = norms
    run.values["board_rows"] = session.board.rows
    run.values["norm_last"], run.values["norm_top"] = float(norms[-1]), float(norms[0])
    pegs = np.arange(1, session.board.rows + 1)
    per_peg = norms / np.sqrt(pegs)
    run.values["per_peg_last"], run.values["per_peg_top"] = float(per_peg[-1]), float(per_peg[0])
    run.values["per_peg_ratio"] = float(per_peg[0] / per_peg[-1])
    run.conclude("board_verdict", "top_larger" if per_peg[0] >= per_peg[-1] else "top_smaller")


def board_measured(run) -> bool:
    """The session's trainer has measured the gradient of the board on its rows (Do it, Step
    or Play)."""
    return _row_norms(run.session) is not None


def board_figure(run):
    norms = _row_norms(run.session)
    plot = Plot(title=run.text("rows_title"), xlabel=run.text("rows_axis"),
                ylabel=run.text("norm_axis"))
    if norms is not None:
        rows = len(norms)
        up = np.arange(1, rows + 1)          # 1 = the last row, just above the cups
        by_row = norms[::-1]
        plot.curves.append(Curve(up, by_row, run.text("row_norm"), "blue", "bars"))
        per_peg = by_row / np.sqrt(np.arange(rows, 0, -1))
        plot.curves.append(Curve(up, per_peg, run.text("per_peg"), "orange", "line+points"))
        plot.notes.append(Note(1.0, float(by_row[0]), run.text("last_row"), "black"))
        plot.notes.append(Note(float(rows), float(by_row[-1]), run.text("top_peg"), "black"))
    return Figure.of(plot)


LESSON = Lesson(
    name="chain_rule",
    number=5,
    preset=PRESET,
    steps=(
        Step("forward", action=go_forward, check=lambda run: run.values.get("h2") == 6.0,
             figure=forward_figure),
        Step("last_link", action=last_link, check=last_link_seen, figure=last_link_figure),
        Step("backward", action=go_backward, check=backward_agrees, figure=backward_figure),
        Step("nudge", action=nudge, check=nudge_predicted, figure=nudge_figure,
             params=(Param("nudge", "w3", choices=NAMES),
                     Param("delta", 0.01, low=-2.0, high=2.0, step=0.01))),
        Step("board", action=board_gradient, check=board_measured, figure=board_figure,
             show=("board", "charts"),
             params=(Param("rows", 8, low=2, high=24, step=1, integer=True, setting="rows"),)),
    ),
)
