"""No conclusion on a lesson's page contradicts the numbers on it.

Every step is done with each of its parameters at its low end, its high end, its default and
values between (every choice of a choice box), the others at their defaults, as a learner
changing one box and pressing "Do it" again would. After each, in both languages:

1. every arithmetic claim on the page — body, check message, figure tables and legends — is
   true (galton.lessons.claims reads "2 + 4 = 6 > 5" as two claims and evaluates them);
2. every conclusion the lesson chose with ``LessonRun.conclude`` is the one an independent
   oracle here derives from the numbers (its own truth table, its own simulation), and its
   sentence is on the page;
3. no placeholder is left unfilled ("…") and every label the text names exists.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from galton import lessons
from galton.lessons import claims
from galton.lessons import figure as figures
from galton.lessons import text as texts


def values_of(param) -> list:
    """The settings a learner might try: every choice, or the ends, the default and between."""
    if param.choices:
        return list(param.choices)
    lo, hi = param.low, param.high
    out = {lo, hi, param.default, lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3}
    if param.integer:
        out = {round(v) for v in out}
    return sorted(out)


def shown_texts(run) -> list[str]:
    """Everything the learner reads on the current step."""
    page = run.page()
    out = [page["title"], page["body"], run.check().message]
    fig = run.figure()
    for panel in (fig.panels if fig is not None else ()):
        out.append(panel.title or "")
        if isinstance(panel, figures.Table):
            out.extend(" ".join(str(c) for c in row) for row in panel.rows)
        if isinstance(panel, figures.Plot):
            out.extend(c.label for c in panel.curves)
            out.extend(n.text for n in panel.notes)
    return out


# --- the oracles: what the numbers say, computed here, independently of the lessons ----------
def _picnic(run, key):
    from galton.lessons import picnic

    X = np.array([[w, f, p] for w in (0, 1) for f in (0, 1) for p in (0, 1)], dtype=float)
    sunny = X[:, 0] == 1
    prm = run.params

    def rule(go):
        if np.array_equal(go, sunny):
            return "weather"
        return "never" if not go.any() else "always" if go.all() else "other"

    expect = {}
    if key == "perceptron":
        go = X @ [prm["w_weather"], prm["w_family"], prm["w_parking"]] > prm["threshold"]
        expect["p_verdict"] = rule(go)
    elif key == "threshold":
        go = X @ [6, 2, 2] > prm["threshold_high"]
        case = rule(go)
        if case == "other" and not go[4] and (go[5] or go[6]) and not go[:4].any():
            case = "others_count"
        expect["t_verdict"] = case
    elif key == "bias":
        b = prm["family_bias"]
        article = X @ [6, 2 + b, 2] > 5
        real = X @ [6, 2, 2] + b > 5
        expect["b_verdict"] = "go" if article[2] else "stay"
        expect["r_verdict"] = "differ" if (article != real).any() else "same"
        assert run.values["n_differ"] == int((article != real).sum())
    elif key == "sigmoid":
        k = prm["sharpness"]
        expect["k_verdict"] = "steeper" if k > 1 else "flatter" if k < 1 else "plain"
    elif key == "peg":
        theta = run.session.board.theta[0]
        z = X @ theta[:3] + theta[3]
        same = np.array_equal(z > 0, X @ [6, 2, 2] > 5)
        expect["peg_verdict"] = "same" if same else "differs"
    elif key == "train":
        w = np.abs(run.session.board.theta[0, :3])
        expect["weights_verdict"] = ("by_far" if w[0] > 2 * max(w[1:]) else
                                     "largest" if w[0] > max(w[1:]) else "not_largest")
        z = X @ run.session.board.theta[0, :3] + run.session.board.theta[0, 3]
        right = (z > 0) == (X @ [6, 2, 2] > 5)
        expect["accuracy_verdict"] = "all" if right.all() else "some"
    # Every "s > t → go" on the page: the word follows the comparison.
    go, stay = run.text("go"), run.text("stay")
    for a, rel, b, word in re.findall(r"(−?[\d.]+) ([<>=]) (−?[\d.]+) → \*\*(\S+?)\*\*",
                                      run.page()["body"]):
        assert word == (go if rel == ">" else stay), (a, rel, b, word)
    del picnic
    return expect


def _function(run, key):
    if key != "descend":
        return {}
    x = np.array([1.0, 2.0, 3.0])
    hessian = 2 * np.array([[x @ x, x.sum()], [x.sum(), 3]])
    assert run.values["eta_max"] == pytest.approx(2 / np.linalg.eigvalsh(hessian).max())
    losses = run.values["fit_losses"]
    if not np.all(losses < 1e6):
        return {"verdict": "blown"}
    a, b = run.values["fit_path"][-1]
    return {"verdict": "fit" if abs(a - 3) < 0.005 and abs(b - 1) < 0.005 else "far"}


def _step_size(run, key):
    loss = lambda a: 14 * (a - 2) ** 2  # noqa: E731 - the parabola, written out here
    prm = run.params
    if key == "trials":
        d = prm["trial"]
        way = 1 if loss(1 + d) < loss(1 - d) else -1
        walk = [1.0]
        while len(walk) < 40:
            walk.append(walk[-1] + way * d)
            if loss(walk[-1]) >= loss(walk[-2]):
                break
        best = int(np.argmin([loss(a) for a in walk]))
        capped = len(walk) >= 40 and loss(walk[-1]) < loss(walk[-2])
        stop = "cap" if capped else "worse" if loss(walk[-1]) > loss(walk[-2]) else "equal"
        return {"stop_verdict": stop,
                "trial_verdict": "stuck" if best == 0 else "exact" if walk[best] == 2 else "near"}
    if key == "derivative":
        slope = 28 * prm["a_at"] - 56
        return {"slope_verdict": "negative" if slope < 0 else "positive" if slope > 0 else "zero"}
    if key == "descend":
        eta, a = prm["eta"], 1.0
        for _ in range(prm["iterations"]):
            a = a - eta * (28 * a - 56)
        f = 1 - 28 * eta
        regime = ("one_step" if f == 0 else "creep" if 0 < f < 1 else "zigzag" if -1 < f < 0
                  else "bounce" if f == -1 else "diverge")
        reached = ("reached" if abs(a - 2) < 0.005 else
                   "diverged" if not abs(a - 2) <= 1 else "not_yet")
        return {"eta_verdict": regime, "reached_verdict": reached}
    if key == "batch":
        return {"zero_verdict": "one"}   # the fan holds y = 2x, and only it fits all three
    return {}


def _grad_demo(run, key):
    if key not in ("wobble", "runaway"):
        return {}
    lr = run.params[f"lr_{key}"]
    x = np.array([4.0])
    xs = [4.0]
    for _ in range(12):
        x = x - lr * 2 * x
        xs.append(float(x[0]))
    xs = np.array(xs)
    if np.allclose(xs[1:], 0):
        case = "one_step"
    elif np.all(np.diff(np.abs(xs)) < 0) and np.all(xs > 0):
        case = "roll"
    elif np.allclose(np.abs(xs), 4):
        case = "bounce"
    elif abs(xs[-1]) > 4:
        case = "runaway"
    else:
        assert np.all(np.sign(xs[1:]) == -np.sign(xs[:-1])) and abs(xs[-1]) < 4
        case = "zigzag"
    return {f"{key}_verdict": case}


ORACLES = {"picnic": _picnic, "function": _function, "step_size": _step_size,
           "grad_demo": _grad_demo}


def _check_page(run, name):
    problems = []
    for text in shown_texts(run):
        if "…" in text and "…" not in texts.load(name)["en"]["title"]:
            problems.append(f"unfilled placeholder or unknown label in: {text[:200]}")
        problems += [f"false claim “{c.text}” in: …{text[:300]}…"
                     for c in claims.false_claims(text)]
    oracle = ORACLES.get(name)
    if oracle is not None:
        body = "\n".join(shown_texts(run))
        for key, case in oracle(run, run.step.key).items():
            got = run.values.get(f"{key}_case")
            if got != case:
                problems.append(f"{key}: the page concludes {got!r}, the numbers say {case!r}")
            elif run.values[key] not in body:
                problems.append(f"{key}: the sentence for {case!r} is not on the page")
    return problems


@pytest.mark.parametrize("lang", texts.LANGUAGES)
@pytest.mark.parametrize("name", lessons.names())
def test_no_conclusion_contradicts_the_learners_numbers(name, lang):
    run = lessons.start(name, lang=lang)
    tried = 0
    for i, step in enumerate(run.steps):
        run.goto(i)
        defaults = {p.name: p.default for p in step.params}
        settings = [{}] + [{p.name: v} for p in step.params for v in values_of(p)]
        for setting in settings:
            run.do(**{**defaults, **setting})
            tried += 1
            problems = _check_page(run, name)
            assert not problems, (f"{name} [{lang}] step {step.key} with {setting or 'defaults'}:"
                                  "\n" + "\n".join(problems))
        run.do(**defaults)   # later steps start from the defaults, as in the lesson
    assert tried >= len(run.steps)


def test_the_claim_reader_catches_what_the_issue_found():
    # "4 → stay: 6 > 5" with bias 2 — a fixed sentence that no longer fits the numbers.
    assert [c.text for c in claims.false_claims("in the rain 2 + 2 = 4, so 6 > 5")] == []
    assert [c.text for c in claims.false_claims("2 + 2 = 6 > 5")] == ["2 + 2 = 6"]
    assert [c.text for c in claims.false_claims("阈值 6：6 > 6，去")] == ["6 > 6"]
    assert claims.false_claims("x₂₀ = 4·0.8²⁰ = 0.0461, (1 + 6 + 15)/64 = 34.4%") == []
    assert claims.false_claims("σ(1) = 0.731, L′(a) = 28a − 56, a = 1 → 1.5 → 2") == []
