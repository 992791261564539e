"""Lessons 13–17 and the new steps of 11 and 12: no conclusion contradicts the learner's numbers.

Every step is done with each parameter at its low end, its high end, its default and two values
between (every choice of a choice box), as a learner changing one box and pressing "Do it"
again would; after each, in both languages, every conclusion the step chose is the one the
numbers on the page call for (derived here from those numbers, or recomputed from the session),
its sentence is on the page, and nothing is left unfilled.
"""

from __future__ import annotations

import numpy as np
import pytest

from galton import lessons
from galton.lessons import figure as figures
from galton.lessons import text as texts

NEW = ("semantic_space", "loss_functions", "masked_tokens", "remedies", "training_cost")
NEW_STEPS = {"scaling": ("compute", "data_rule"), "next_token": ("sentence",)}


def values_of(param) -> list:
    if param.choices:
        return list(param.choices)
    lo, hi = param.low, param.high
    out = {lo, hi, param.default, lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3}
    if param.integer:
        out = {round(v) for v in out}
    return sorted(out)


def shown_texts(run) -> list[str]:
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


def oracle(run, key) -> dict:
    """{conclusion: the case its numbers call for} for the step ``key``."""
    v = run.values
    if key == "learn":
        return {"close": "near" if v["cos_jk"] > v["cos_jf"] else "far"}
    if key == "analogy":
        from galton.lessons.semantic_space import COUNTERPART

        a = v["an_inputs"][0]
        return {"an_inputs_note": "first" if v["an_all"][0][0] == v["an_best_key"] else "later",
                "an_why": "works" if v["an_best_key"] == COUNTERPART[a] else "fails"}
    if key == "function":
        return {"fn_parallel": "yes" if v["fn_offset_cos"] > 0.9 else "no"}
    if key == "mse":
        return {"c_fell": "yes" if v["c_after"] < v["c_hand"] else "no"}
    if key == "prefers_tian":
        q = run.session.board.cup_probabilities(np.ones((1, 1)))[0]
        return {"t_prefers": "tian" if int(np.argmax(q)) == 1 else "other"}
    if key == "soft_target":
        return {"s_at_min": "yes" if v["s_e"] - v["s_h"] < 1e-3 else "no"}
    if key == "compare" and "k_ce" in v and run.lesson.name == "loss_functions":
        return {"k_winner": "ce" if v["k_ce"] > v["k_mse"] else "mse"}
    if key == "train" and run.lesson.name == "masked_tokens":
        session = run.session
        q = session.board.cup_probabilities(session.train_set.X)
        p = q[np.arange(len(session.train_set.y)), session.train_set.y]
        return {"tr_filled": "all" if p.min() > 0.9 else "not_all"}
    if key == "compare" and run.lesson.name == "masked_tokens":
        near = max(abs(v["c_left_a"] - 0.5), abs(v["c_left_b"] - 0.5)) < 0.1
        return {"c_stuck": "yes" if near else "no"}
    if key == "activations":
        worst = v["ac_sigmoid"] < 1e-3 * min(v["ac_tanh"], v["ac_relu"])
        return {"ac_verdict": "sigmoid_worst" if worst else "alike"}
    if key == "residual":
        case = ("rescued" if v["rs_plain"] < 1e-6 and v["rs_skip"] > 0.1 else
                "grows" if v["rs_skip"] > 1e3 else "kept")
        return {"rs_verdict": case}
    if key == "normalisation":
        plain = v["nm_plain"]
        return {"nm_plain_says": "explodes" if plain > 1e3 else "vanishes" if plain < 1e-6
                else "survives",
                "nm_same": "yes" if v["nm_spread"] < 1.01 else "no"}
    if key == "newton":
        return {"n_uphill": "uphill" if v["n_slope"] > 0 else "downhill"}
    if key == "accumulate":
        return {"a_equal": "yes" if v["a_diff"] <= 1e-12 * max(1.0, v["a_size"]) else "no"}
    if key == "compute":
        return {"c_width": "wide" if v["c_hi"] > 2 * v["c_lo"] else "narrow",
                "c_big": "worse" if v["c_big_best"] > v["c_best_loss"] else "better"}
    if key == "data_rule":
        return {"r_less": "less" if v["r_data"] < v["r_model"] else
                "same" if v["r_data"] == v["r_model"] else "more"}
    return {}


def _problems(run) -> list[str]:
    problems = []
    shown = shown_texts(run)
    for text in shown:
        if "…" in text:
            problems.append(f"unfilled placeholder in: {text[:200]}")
    body = "\n".join(shown)
    for key, case in oracle(run, run.step.key).items():
        got = run.values.get(f"{key}_case")
        if got != case:
            problems.append(f"{key}: the page concludes {got!r}, the numbers say {case!r}")
        elif run.values[key] not in body:
            problems.append(f"{key}: the sentence for {case!r} is not on the page")
    return problems


def _sweep(run, steps):
    tried = 0
    for i, step in enumerate(run.steps):
        run.goto(i)
        defaults = {p.name: p.default for p in step.params}
        if step.key not in steps:
            run.do(**defaults)
            continue
        for setting in [{}] + [{p.name: x} for p in step.params for x in values_of(p)]:
            run.do(**{**defaults, **setting})
            tried += 1
            problems = _problems(run)
            assert not problems, (f"{run.lesson.name} [{run.lang}] step {step.key} with "
                                  f"{setting or 'defaults'}:\n" + "\n".join(problems))
        run.do(**defaults)
    return tried


@pytest.mark.parametrize("lang", texts.LANGUAGES)
@pytest.mark.parametrize("name", NEW)
def test_no_conclusion_contradicts_the_numbers_in_the_new_lessons(name, lang):
    run = lessons.start(name, lang=lang)
    assert _sweep(run, {s.key for s in run.steps}) >= len(run.steps)


@pytest.mark.parametrize("lang", texts.LANGUAGES)
@pytest.mark.parametrize("name", sorted(NEW_STEPS))
def test_no_conclusion_contradicts_the_numbers_in_the_new_steps(name, lang):
    run = lessons.start(name, lang=lang)
    if name == "scaling":           # the new steps do not need the live sweeps before them
        for key in NEW_STEPS[name]:
            run.goto([s.key for s in run.steps].index(key))
            for setting in [{}] + [{p.name: x} for p in run.step.params
                                   for x in values_of(p)]:
                run.do(**setting)
                assert not _problems(run), (key, setting, _problems(run))
        return
    assert _sweep(run, set(NEW_STEPS[name])) >= 1
