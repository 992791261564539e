"""No conclusion on a lesson's page contradicts the numbers on it.

Every step is done with its defaults, then with each of its parameters at its low end, its high
end and values between (every choice of a choice box), the others at their defaults, as a
learner changing one box and pressing "Do it" again would; a step whose action takes more than
half a second (training, sweeps) gets its two ends only. After each, in both
languages:

1. every arithmetic claim on the page — body, check message, figure tables and legends — is
   true (galton.lessons.claims reads "2 + 4 = 6 > 5" as two claims and evaluates them);
2. every conclusion the lesson chose with ``LessonRun.conclude`` is the one an independent
   oracle here derives from the numbers (its own truth table, its own simulation), and its
   sentence is on the page;
3. no placeholder is left unfilled ("…") and every label the text names exists.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from galton import lessons
from galton.lessons import claims
from galton.lessons import figure as figures
from galton.lessons import text as texts


def values_of(param, expensive: bool = False) -> list:
    """The settings a learner might try besides the default: every other choice, or the ends
    and values between."""
    if param.choices:
        return [c for c in param.choices if c != param.default]
    lo, hi = param.low, param.high
    between = () if expensive else (lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3)
    out = {lo, hi, *between}
    if param.integer:
        out = {round(v) for v in out}
    return sorted(out - {param.default})


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
    decided = r"(−?[\d.]+)\s+([<>=])\s+(−?[\d.]+)\s+→\s+\*\*(\S+?)\*\*"
    for a, rel, b, word in re.findall(decided, run.page()["body"]):
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


def _chain_rule(run, key):
    if key == "nudge":
        inputs = {"x": 2.0, "w1": 0.25, "w2": 1.0, "w3": 2.0, "w4": 3.0, "w5": 1.0, "w6": 2.0}

        def y(p):
            return (p["w3"] * (p["w1"] * p["x"] + p["w2"]) + p["w4"]) ** 3 + p["w5"] + p["w6"]

        name, delta = run.params["nudge"], run.params["delta"]
        moved = {**inputs, name: inputs[name] + delta}
        h = 1e-6
        up, down = {**inputs, name: inputs[name] + h}, {**inputs, name: inputs[name] - h}
        grad = (y(up) - y(down)) / (2 * h)
        change = y(moved) - y(inputs)
        if delta == 0:
            return {"nudge_verdict": "none"}
        error = abs(change - grad * delta) / abs(change)
        if abs(error - 0.05) < 1e-6:
            return {}       # on the edge: finite differences cannot decide
        return {"nudge_verdict": "kept" if error < 0.05 else "broken"}
    if key == "board":
        norms = run.session.trainer.history.grad_norm_per_row[-1]
        per_peg = norms / np.sqrt(np.arange(1, norms.size + 1))
        return {"board_verdict": "top_larger" if per_peg[0] >= per_peg[-1] else "top_smaller"}
    return {}


def _pinball(run, key):
    session = run.session
    v = run.values
    if key == "drop_untrained" and "before_table" in v:
        table = v["before_table"]
        fair = np.array([22, 35, 7]) / 64
        chance = table.sum(axis=1) / table.sum() @ fair
        noise = 3 * np.sqrt(chance * (1 - chance) / table.sum())
        share = np.trace(table) / table.sum()
        return {"before_verdict": "chance" if share <= chance + noise else "better"}
    if key == "train":
        data = session.test_set
        Q = session.board.cup_probabilities(data.X)
        own = Q[np.arange(len(data.y)), data.y].mean()
        return {"train_verdict": "sorted" if own >= 0.9 else "not_yet"}
    if key == "drop_trained" and "after_table" in v:
        labels, drop = session.last_drop
        share = np.mean(labels == drop.cups)
        return {"after_verdict": "sorted" if share >= 0.85 else "not_yet"}
    if key == "peg":
        top = session.board.theta[session.board.peg_index(0, 0)]
        hue = top[list(session.data.feature_names).index("hue_cos")]
        return {"top_verdict": "red_left" if hue < -1 else "other"}
    return {}


def _pond(run, key):
    if key not in ("plain", "momentum"):
        return {}
    c, depth, r2 = np.array([2.0, 2.0]), 0.3, 0.25

    def grad(p):
        d = p - c
        return 0.1 * p + depth * np.exp(-(d @ d) / (2 * r2)) * d / r2

    lr = run.params["lr"] if key == "plain" else 0.5
    beta = 0.0 if key == "plain" else run.params["momentum"]
    p, vel = np.array([3.0, 3.0]), np.zeros(2)
    for _ in range(300):
        vel = beta * vel + grad(p)
        p = p - lr * vel
    v = run.values
    where = ("lake" if np.hypot(*(p - [v["lake_x"], v["lake_y"]])) < 0.05 else
             "pond" if np.hypot(*(p - [v["pond_x"], v["pond_y"]])) < 0.05 else "between")
    return {"plain_verdict" if key == "plain" else "heavy_verdict": where}


def _optimizers(run, key):
    v = run.values
    if key == "race":
        gd, mom = v["race_gd"], v["race_momentum"]
        if not (gd and mom):
            return {"speedup_verdict": "unknown"}
        return {"speedup_verdict": "faster" if mom < gd else "slower" if mom > gd else "same"}
    if key == "minibatch" and "mb_final" in v:
        full = v["mb_batch"] >= len(run.session.train_set)
        close = v["mb_final"] <= 1.05 * v["full_final"]
        return {"mb_verdict": "full" if full else "cheap" if close else "higher"}
    if key == "cosine":
        return {"cosine_verdict": "better" if v["const_floor"] > v["cos_floor"] else "worse"}
    if key == "clipping":
        tame = v["tame_path"]
        clipped = int(np.sum(tame.grad_norms[:-1] > run.params["max_norm"]))
        return {"clip_verdict": "never" if clipped == 0 else
                "wall" if clipped <= tame.steps / 2 else "most",
                "tame_verdict": "diverged" if tame.status == "diverged" else
                "down" if tame.values[-1] < 0.01 * tame.values[0] else "high"}
    return {}


def _vanishing(run, key):
    v = run.values
    prm = run.params

    def chain_case(w, depth):
        factor = w / 4
        ratio = factor ** (depth - 1)         # one factor w·σ′(0) = w/4 per layer above
        return ("balanced" if factor == 1 else "explode" if ratio > 1e3 else
                "grow" if factor > 1 else "vanish" if ratio < 1e-3 else "shrink")

    if key == "chain":
        return {"chain_verdict": chain_case(prm["chain_w"], prm["depth"])}
    if key == "explode":
        g = 0.25 ** prm["depth"]              # the first layer's gradient in the w = 1 chain
        adam = 0.01 * g / (g + 1e-8)          # Adam's first step: η·m̂/(√v̂ + ε), m̂ = g, v̂ = g²
        return {"boom_verdict": chain_case(prm["boom_w"], prm["depth"]),
                "adam_weak_verdict": "full" if adam > 0.99 * 0.01 else "floor"}
    if key == "board" and "board_norms" in v:
        norms = v["board_norms"][-1]
        ratio = norms[0] / norms[-1]
        return {"board_verdict": "alike" if 0.1 <= ratio <= 10 else
                "top_small" if ratio < 0.1 else "top_large"}
    if key == "saturate":
        lower = v["sat_adam"] < v["sat_sgd"]
        wakes = v["sat_adam_frozen"] < v["sat_sgd_frozen"]
        frees = v["zero_sgd_frozen"] < v["sat_sgd_frozen"]
        faster = v["zero_sgd"] < v["sat_sgd"]
        return {"sat_verdict": "many" if v["sat_spread"] > 100 else "few",
                "frozen_verdict": "most" if v["sat_sgd_frozen"] > 0.5 else "some",
                "adam_verdict": ("wakes_lower" if lower else "wakes_higher") if wakes
                else ("lower" if lower else "no_help"),
                "adam_remedy": "helps" if lower else "no_help",
                "level_remedy": ("frees_faster" if faster else "frees_slower") if frees
                else ("faster" if faster else "no_help")}
    return {}


def _fine_tuning(run, key):
    v = run.values

    def forgetting(new, old):
        forgot = old < v["old_remapped"] - 0.1
        return ("forgot" if forgot else "kept") if new >= 0.8 else (
            "stuck" if forgot else "nothing")

    if key == "grow":
        return {"remap_verdict": "costs" if v["old_remapped"] < v["old_before"] else "keeps"}
    if key == "finetune":
        return {"ft_verdict": forgetting(v["ft_new"], v["ft_old"])}
    if key == "strategies":
        like = (abs(v["cmp_lora_new"] - v["cmp_full_new"]) <= 0.1
                and abs(v["cmp_lora_old"] - v["cmp_full_old"]) <= 0.1)
        out = {"freeze_verdict": "cannot" if v["yellow_top_right_max"] < 0.25 else "may",
               "lora_verdict": ("like_full_forgot" if v["cmp_full_old"] < v["old_remapped"] - 0.1
                                else "like_full") if like else "differs"}
        if out["freeze_verdict"] == "cannot":
            assert v["cmp_freeze_new"] == 0      # the bound the page explains holds
        return out
    if key == "replay":
        ok_old, ok_new = v["rp_old"] >= 0.9, v["rp_new"] >= 0.8
        return {"rp_verdict": "cured" if ok_old and ok_new else "not_learned" if ok_old
                else "forgot" if ok_new else "neither"}
    return {}


def _scaling(run, key):
    v = run.values
    if key == "board_size":
        rows = (1, 2, 3, 4, 5, 6, 8)
        loss = np.array([v[f"n_loss_{r}"] for r in rows])
        drops = loss[:-1] - loss[1:]
        big = int(np.argmax(drops))
        after = loss[big + 1:]
        flat = after.max() - after.min() < 0.25 * drops[big]
        stored = v["st_n_loss_2"] - v["st_n_loss_3"] > v["st_n_loss_1"] - v["st_n_loss_2"]
        case = ("step_2_3" if (rows[big], rows[big + 1]) == (2, 3) and flat and stored
                else "step_flat" if flat else "other")
        return {"n_verdict": case}
    if key == "data_size":
        means = np.array([v[f"d_loss_{d}"] for d in (32, 64, 128, 256, 512, 1024)])
        gains = means[:-1] - means[1:]
        return {"d_verdict": "diminishing" if (gains > 0).all() and (np.diff(gains) < 0).all()
                else "falls" if (gains > 0).all() else "noisy"}
    if key == "fit":
        return {"fit_verdict": "wide" if (v["fit_hi"] - v["fit_lo"]) / abs(v["fit_alpha"]) > 0.5
                else "narrow"}
    if key == "stored":
        overlap = max(v["fit_lo"], v["st_lo_d"]) <= min(v["fit_hi"], v["st_hi_d"])
        steeper = v["st_alpha_n"] > 5 * 0.076 and v["st_alpha_d"] > 5 * 0.095
        return {"overlap_verdict": "overlap" if overlap else "apart",
                "kaplan_verdict": "steeper" if steeper else "not_steeper"}
    if key == "extrapolate":
        err = abs(v["pred_big"] - v["meas_big"]) / v["meas_big"]
        flat = abs(v["pred_big"] - v["fit_floor"]) < 0.1 * (v["d_loss_32"] - v["fit_floor"])
        return {"pred_verdict": ("good_flat" if flat else "good") if err < 0.1 else "poor",
                "floor_verdict": "below" if v["meas_big"] < v["fit_floor"] else "above",
                "far_verdict": "floor" if abs(v["pred_far"] - v["fit_floor"])
                < 0.05 * abs(v["fit_floor"]) else "above"}
    return {}


def _next_token(run, key):
    from galton.lessons.next_token import distribution

    session = run.session
    if key == "balls":
        X = np.asarray(session.data.X)
        return {"balls_verdict": "distinct" if len({tuple(x) for x in X}) == len(X) else "clash"}
    if key == "train":
        p_good = distribution(session, tuple("今天天气很"))[4]
        p_tian = distribution(session, tuple("今天"))[1]
        p_qi = distribution(session, tuple("今天天"))[2]
        same = "position" not in session.data.feature_names
        return {"after_verdict": "up" if p_good > 5 / 32 else "not_up",
                "tian_verdict": "same_ball" if same else
                "own" if min(p_tian, p_qi) > 0.5 else "not_yet"}
    if key == "write":
        return {"write_verdict": "back" if run.values["generated"] == "今天天气很好" else "other"}
    return {}


ORACLES = {"picnic": _picnic, "function": _function, "step_size": _step_size,
           "grad_demo": _grad_demo, "chain_rule": _chain_rule, "pinball": _pinball,
           "pond": _pond, "optimizers": _optimizers, "vanishing": _vanishing,
           "fine_tuning": _fine_tuning, "scaling": _scaling, "next_token": _next_token}


def _check_page(run, name):
    problems = []
    raw = texts.load(name)[run.lang]["steps"][run.step.key]
    page = run.page()
    for field in ("title", "body"):
        if page[field].count("…") > raw[field].count("…"):
            problems.append(f"unfilled placeholder or unknown label in: {page[field][:200]}")
    for text in shown_texts(run):
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


@pytest.mark.slow
@pytest.mark.parametrize("lang", texts.LANGUAGES)
@pytest.mark.parametrize("name", lessons.names())
def test_no_conclusion_contradicts_the_learners_numbers(name, lang):
    run = lessons.start(name, lang=lang)
    tried = 0
    for i, step in enumerate(run.steps):
        run.goto(i)
        defaults = {p.name: p.default for p in step.params}
        start = time.perf_counter()
        run.do(**defaults)
        expensive = time.perf_counter() - start > 0.5
        settings = [{}] + [{p.name: v} for p in step.params for v in values_of(p, expensive)]
        for setting in settings:
            if setting:
                run.do(**{**defaults, **setting})
            tried += 1
            problems = _check_page(run, name)
            assert not problems, (f"{name} [{lang}] step {step.key} with {setting or 'defaults'}:"
                                  "\n" + "\n".join(problems))
        if len(settings) > 1:
            run.do(**defaults)   # later steps start from the defaults, as in the lesson
    assert tried >= len(run.steps)


def test_the_claim_reader_catches_what_the_issue_found():
    # "4 → stay: 6 > 5" with bias 2 — a fixed sentence that no longer fits the numbers.
    assert [c.text for c in claims.false_claims("in the rain 2 + 2 = 4, so 6 > 5")] == []
    assert [c.text for c in claims.false_claims("2 + 2 = 6 > 5")] == ["2 + 2 = 6"]
    assert [c.text for c in claims.false_claims("阈值 6：6 > 6，去")] == ["6 > 6"]
    assert claims.false_claims("x₂₀ = 4·0.8²⁰ = 0.0461, (1 + 6 + 15)/64 = 34.4%") == []
    assert claims.false_claims("σ(1) = 0.731, L′(a) = 28a − 56, a = 1 → 1.5 → 2") == []
