"""Lesson 16, remedies for vanishing and exploding gradients: the article's list, each measured
on a deep stack of layers (galton.core.deep_chain: 20 layers of 16 units, Gaussian weights of
scale s/√16, seeded).

The "message" is ‖∂y/∂h_l‖, the gradient handed back to layer l — the telephone game of the
article run backwards from the output (1 there) to the first layer's input.

1. The telephone game: sigmoid layers (s = 1) whisper it away, to about 10⁻¹³; ReLU layers with
   s = 4 shout it up, to about 10⁸.
2. Activations: σ′ ≤ ¼, tanh′ ≤ 1, ReLU′ = 1 on active units. Plain stacks at the usual scales
   (s = 1, 1, √2): sigmoid ~10⁻¹³, tanh and ReLU of order 0.1–1.
3. The skip path: h_l = h_{l−1} + f(z_l) hands the message down added, not multiplied: the
   sigmoid stack's ~10⁻¹³ becomes ~1.
4. Normalisation: layer norm makes the message independent of the weights' scale (the same
   numbers for s = 1, 2 and 4) and stops the explosion; with a skip path too (how Transformers
   use it) the message stays near 1 at any scale.
5. Gates (LSTM, GRU): h_l = g·h_{l−1} + (1 − g)·f(z_l); a gate held near 1 keeps the message
   (≈ g^depth through the carry alone).
"""

from __future__ import annotations

import numpy as np

from galton.core import deep_chain as dc
from galton.core.chain import sigmoid_slope
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Plot, Table
from galton.lessons.kit import conclude

WIDTH = 16
DEPTH = 20
SEED = 0
INPUT_SEED = 100
HE = float(np.sqrt(2.0))          # the usual ReLU scale (He et al. 2015)
LOUD = 4.0
#: The message counts as vanished below this, exploded above EXPLODED.
VANISHED = 1e-6
EXPLODED = 1e3
GATES = (0.0, 0.5, 0.9, 0.99)


def message(design: dc.Design, scale: float, depth: int = DEPTH) -> np.ndarray:
    """‖∂y/∂h_l‖ for l = 0 … depth on the lesson's stack (fixed seeds)."""
    x = np.random.default_rng(INPUT_SEED).normal(0.0, 1.0, WIDTH)
    W, b = dc.layers(WIDTH, int(depth), scale, seed=SEED)
    return np.linalg.norm(dc.gradients(x, W, b, design)[2], axis=1)


def _plot(run, entries, title_key="message_title") -> Plot:
    plot = Plot(title=run.text(title_key), xlabel=run.text("layer"),
                ylabel=run.text("message"), log_y=True)
    for label, values, color in entries:
        plot.curves.append(Curve(np.arange(values.size), np.maximum(values, 1e-300), label,
                                 color, "line+points"))
    plot.lines.append(Line(1.0, "y", run.text("at_output"), "grey"))
    return plot


def _depth(run) -> int:
    """This step's depth. Each step has a spin box of its own (the lesson panel shows one
    widget per parameter name)."""
    return int(run.params[f"{run.step.key}_layers"])


# --- step 1: the telephone game ------------------------------------------------------------------
def telephone(run):
    depth = _depth(run)
    quiet = message(dc.Design("sigmoid"), 1.0, depth)
    loud = message(dc.Design("relu"), LOUD, depth)
    run.values.update(tp_depth=depth, tp_quiet=float(quiet[0]), tp_loud=float(loud[0]),
                      tp_quiet_curve=quiet, tp_loud_curve=loud,
                      tp_quiet_factor=float(quiet[0] ** (1 / depth)),
                      tp_loud_factor=float(loud[0] ** (1 / depth)), tp_loud_scale=LOUD)


def telephone_figure(run):
    if "tp_quiet_curve" not in run.values:
        return Figure.of(_plot(run, []))
    v = run.values
    return Figure.of(_plot(run, [(run.text("quiet"), v["tp_quiet_curve"], "blue"),
                                 (run.text("loud", s=v["tp_loud_scale"]), v["tp_loud_curve"],
                                  "red")]))


# --- step 2: activations -------------------------------------------------------------------------
ACTIVATION_SCALES = (("sigmoid", 1.0), ("tanh", 1.0), ("relu", HE))


def activations(run):
    depth = _depth(run)
    for name, scale in ACTIVATION_SCALES:
        m = message(dc.Design(name), scale, depth)
        run.values[f"ac_{name}"] = float(m[0])
        run.values[f"ac_{name}_curve"] = m
    run.values.update(ac_depth=depth, ac_sig_max=float(sigmoid_slope(0.0)), ac_he=HE)
    v = run.values
    conclude(run, "ac_verdict", "sigmoid_worst"
             if v["ac_sigmoid"] < 1e-3 * min(v["ac_tanh"], v["ac_relu"]) else "alike")


def activations_figure(run):
    z = np.linspace(-4, 4, 401)
    slopes = Plot(title=run.text("slopes_title"), xlabel="z", ylabel=run.text("slope"),
                  y_range=(-0.05, 1.1))
    slopes.curves.append(Curve(z, sigmoid_slope(z), "σ′(z)", "blue"))
    slopes.curves.append(Curve(z, 1 - np.tanh(z) ** 2, "tanh′(z)", "green"))
    slopes.curves.append(Curve(z, (z > 0).astype(float), "ReLU′(z)", "red", "step"))
    if "ac_sigmoid_curve" not in run.values:
        return Figure.of(slopes)
    v = run.values
    return Figure.of(slopes, _plot(run, [
        ("sigmoid, s = 1", v["ac_sigmoid_curve"], "blue"),
        ("tanh, s = 1", v["ac_tanh_curve"], "green"),
        ("ReLU, s = √2", v["ac_relu_curve"], "red")]))


# --- step 3: the skip path -----------------------------------------------------------------------
def residual(run):
    depth = _depth(run)
    name = run.params["activation"]
    scale = HE if name == "relu" else 1.0
    plain = message(dc.Design(name), scale, depth)
    skip = message(dc.Design(name, "residual"), scale, depth)
    run.values.update(rs_depth=depth, rs_act=run.text(f"activation:{name}"), rs_scale=scale,
                      rs_plain=float(plain[0]), rs_skip=float(skip[0]),
                      rs_plain_curve=plain, rs_skip_curve=skip)
    case = ("rescued" if plain[0] < VANISHED and skip[0] > 0.1 else
            "grows" if skip[0] > EXPLODED else "kept")
    conclude(run, "rs_verdict", case)


def skip_rescued(run) -> bool:
    """The learner has seen a skip path bring back a message that had vanished."""
    return run.values.get("rs_verdict_case") == "rescued"


def residual_figure(run):
    if "rs_plain_curve" not in run.values:
        return Figure.of(_plot(run, []))
    v = run.values
    return Figure.of(_plot(run, [(run.text("plain", act=v["rs_act"]), v["rs_plain_curve"],
                                  "blue"),
                                 (run.text("with_skip", act=v["rs_act"]), v["rs_skip_curve"],
                                  "orange")]))


# --- step 4: normalisation -----------------------------------------------------------------------
NORM_DESIGNS = (("plain", dc.Design("relu")),
                ("norm", dc.Design("relu", norm=True)),
                ("norm_skip", dc.Design("relu", "residual", norm=True)))


def normalisation(run):
    depth = _depth(run)
    scale = float(run.params["scale"])
    for key, design in NORM_DESIGNS:
        m = message(design, scale, depth)
        run.values[f"nm_{key}"] = float(m[0])
        run.values[f"nm_{key}_curve"] = m
        for s in (1.0, 2.0, 4.0):
            run.values[f"nm_{key}_{s:g}"] = float(message(design, s, depth)[0])
    run.values.update(nm_scale=scale, nm_depth=depth,
                      nm_spread=max(run.values[f"nm_norm_{s:g}"] for s in (1, 2, 4))
                      / min(run.values[f"nm_norm_{s:g}"] for s in (1, 2, 4)))
    conclude(run, "nm_plain_says", "explodes" if run.values["nm_plain"] > EXPLODED
             else "vanishes" if run.values["nm_plain"] < VANISHED else "survives")
    conclude(run, "nm_same", "yes" if run.values["nm_spread"] < 1.01 else "no")


def normalisation_figure(run):
    if "nm_plain_curve" not in run.values:
        return Figure.of(_plot(run, []))
    v = run.values
    plot = _plot(run, [(run.text("relu_plain", s=v["nm_scale"]), v["nm_plain_curve"], "red"),
                       (run.text("relu_norm"), v["nm_norm_curve"], "purple"),
                       (run.text("relu_norm_skip"), v["nm_norm_skip_curve"], "green")])
    rows = [[run.text(f"design:{key}"), *(f"{v[f'nm_{key}_{s:g}']:.3g}" for s in (1, 2, 4))]
            for key, _ in NORM_DESIGNS]
    return Figure.of(plot, Table(run.text("scales_title"),
                                 [run.text("design"), "s = 1", "s = 2", "s = 4"], rows))


# --- step 5: gates -------------------------------------------------------------------------------
def gates(run):
    depth = _depth(run)
    g = float(run.params["gate"])
    m = message(dc.Design("sigmoid", "gated", gate=g), 1.0, depth)
    run.values.update(gt_gate=g, gt_depth=depth, gt_first=float(m[0]), gt_curve=m,
                      gt_carry=g ** depth,
                      gt_plain=float(message(dc.Design("sigmoid"), 1.0, depth)[0]))
    for gate in GATES:
        run.values[f"gt_at_{gate:g}"] = float(
            message(dc.Design("sigmoid", "gated", gate=gate), 1.0, depth)[0])


def gates_figure(run):
    if "gt_curve" not in run.values:
        return Figure.of(_plot(run, []))
    v = run.values
    plot = _plot(run, [(run.text("gated", g=v["gt_gate"]), v["gt_curve"], "green")])
    rows = [[f"{gate:g}", f"{gate ** v['gt_depth']:.3g}", f"{v[f'gt_at_{gate:g}']:.3g}"]
            for gate in GATES]
    return Figure.of(plot, Table(run.text("gates_title"),
                                 ["g", run.text("carry_alone"), run.text("measured")], rows))


def _layers(key: str) -> Param:
    return Param(f"{key}_layers", DEPTH, low=2, high=40, step=1, integer=True)


LESSON = Lesson(
    name="remedies",
    number=16,
    steps=(
        Step("telephone", action=telephone, figure=telephone_figure,
             params=(_layers("telephone"),)),
        Step("activations", action=activations, figure=activations_figure,
             params=(_layers("activations"),)),
        Step("residual", action=residual, check=skip_rescued, figure=residual_figure,
             params=(_layers("residual"),
                     Param("activation", "sigmoid", choices=dc.ACTIVATIONS))),
        Step("normalisation", action=normalisation, figure=normalisation_figure,
             params=(_layers("normalisation"),
                     Param("scale", LOUD, low=0.25, high=8.0, step=0.25))),
        Step("gates", action=gates, figure=gates_figure,
             params=(_layers("gates"), Param("gate", 0.9, low=0.0, high=1.0, step=0.05))),
    ),
)
