"""Two built-in lessons written again as data (examples/lessons/grad_demo.toml and
pinball.toml) reach the same numbers, checks and figures as their Python modules — the proof
that the lesson file format can say what the lessons say. And the shipped data-only lesson,
the sorting challenge, works in both languages."""

from pathlib import Path

import numpy as np
import pytest

from galton import lessons
from galton.lessons import data
from galton.lessons import figure as F
from galton.lessons import text as texts
from galton.session import Session

ROOT = Path(__file__).resolve().parents[2]
REWRITES = {"grad_demo": ROOT / "examples" / "lessons" / "grad_demo.toml",
            "pinball": ROOT / "examples" / "lessons" / "pinball.toml"}


def quoted(lesson) -> set:
    """Every value name the lesson's texts quote, in both languages (not the window's labels,
    {ui:…}, which are no values)."""
    names = set()
    for lang in texts.LANGUAGES:
        for step in lesson.text(lang)["steps"].values():
            for t in step.values():
                names |= texts.placeholders(t)
    return names - set(texts.REFERENCES)


def same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b))
    return a == b and type(a) is type(b)


def panels(fig):
    """Everything a figure draws, as plain data: what the panel would show."""
    out = []
    for p in (fig.panels if fig is not None else []):
        if isinstance(p, F.Plot):
            out.append(("plot", p.title, p.xlabel, p.ylabel, p.x_range, p.y_range, p.log_y,
                        p.x_ticks, [(c.label, c.color, c.style, c.x.tolist(), c.y.tolist())
                                    for c in p.curves],
                        [(n.x, n.y, n.text) for n in p.notes],
                        [(ln.at, ln.axis, ln.label, ln.color) for ln in p.lines]))
        elif isinstance(p, F.Table):
            out.append(("table", p.title, p.columns, p.rows, p.highlight))
        else:
            out.append(("surface", p.title, p.xlabel, p.ylabel, p.xs.tolist(), p.ys.tolist(),
                        p.Z.tolist(), p.log_height, [tuple(m) for m in p.markers],
                        [(t.label, t.color, t.points.tolist(), t.values.tolist())
                         for t in p.trails]))
    return out


@pytest.mark.parametrize("lang", texts.LANGUAGES)
@pytest.mark.parametrize("name", sorted(REWRITES))
def test_the_data_lesson_reaches_the_python_lessons_numbers_checks_and_figures(name, lang):
    py = lessons.start(name, lang=lang)
    written = lessons.start(str(REWRITES[name]), lang=lang)
    assert isinstance(written.lesson, data.DataLesson)
    assert [s.key for s in written.steps] == [s.key for s in py.steps]
    assert written.params == py.params
    for i in range(len(py.steps)):
        for run in (py, written):
            run.goto(i)
        assert panels(written.figure()) == panels(py.figure()), f"step {i + 1} before Do it"
        for run in (py, written):
            run.do()
        assert written.check() == py.check(), f"step {i + 1}"
        assert written.check().passed
        assert written.page() == py.page(), f"step {i + 1}"
        assert panels(written.figure()) == panels(py.figure()), f"step {i + 1} after Do it"
        assert written.step.show == py.step.show
    for key in quoted(py.lesson):
        a = py.values.get(key, py.params.get(key))
        b = written.values.get(key, written.params.get(key))
        assert a is not None and same(a, b), (key, a, b)


def test_other_parameters_give_the_same_numbers_and_the_same_failed_checks():
    py, written = lessons.start("grad_demo"), lessons.start(str(REWRITES["grad_demo"]))
    for lr_wobble, lr_runaway, passes in ((0.3, 0.8, False), (0.75, 1.3, True)):
        for run in (py, written):
            run.set_param("lr_wobble", lr_wobble)
            run.set_param("lr_runaway", lr_runaway)
            run.play()
        for i in (2, 3):
            for run in (py, written):
                run.goto(i)
            assert written.check() == py.check() and py.check().passed is passes
            assert written.page() == py.page()
        for key in ("wobble_last", "wobble_factor", "runaway_last", "runaway_factor"):
            assert written.values[key] == py.values[key]


def test_the_learner_doing_it_in_the_window_passes_both_the_same_way():
    """The checks read the session: drops and training made with the window's own buttons
    (here: the session's methods, which the buttons call) pass them, with the same numbers."""
    py, written = (lessons.start("pinball", Session()),
                   lessons.start(str(REWRITES["pinball"]), Session()))
    for run in (py, written):
        assert not run.check().passed
        run.session.drop(120, seed=5)
    assert py.check().passed and written.check().passed
    for run in (py, written):
        run.next()
        assert not run.check().passed
        run.session.step(250)
    assert py.check() == written.check() and py.check().passed
    for key in ("before_share", "before_red", "own_share", "last_loss", "trained_steps"):
        assert written.values[key] == py.values[key], key
    # A drop on the trained board seen from the first step does not fit it: the step stays
    # passed (it was seen) and keeps the numbers of the untrained drop, in both.
    for run in (py, written):
        run.back()
        run.session.drop(90, seed=6)
        assert run.check().passed
    assert py.check() == written.check()
    assert written.values["before_balls"] == py.values["before_balls"] == 120


@pytest.mark.parametrize("lang", texts.LANGUAGES)
def test_the_sorting_challenge_ships_as_data_and_plays_in_both_languages(lang):
    assert "peg_challenge" in lessons.extras()
    run = lessons.start("peg_challenge", lang=lang)
    assert isinstance(run.lesson, data.DataLesson)
    s = run.session
    assert s.board.rows == 2 and s.board.cups == 3 and s.data.class_names[0] == "red"
    assert not s.board.theta.any()
    for i, step in enumerate(run.steps):
        run.goto(i)
        assert not run.check().passed, step.key   # nothing is done before "Do it"
        run.do()
        page = run.page()
        assert "…" not in page["body"] + page["done"], (step.key, page["body"])
        assert run.check().passed, step.key
        assert run.figure().panels
    v = run.values
    assert v["red_in_red"] >= 0.9                      # the challenge: 90 % of red in red
    assert v["green_in_green"] >= 0.9 and v["blue_in_blue"] >= 0.9
    assert v["score"] == round(100 * v["hand_share"]) >= 90
    # A fair two-row board fills its bins 1 : 2 : 1, so the colours (a third each) land in
    # their own cups with 1/4, 1/2, 1/4: a score of 33.
    assert v["fair_red"] == 0.25 and v["fair_green"] == 0.5 and v["fair_score"] == 33
    assert v["gd_steps"] == 100 and v["gd_score"] >= 90


def test_the_challenge_reads_the_pegs_however_they_were_turned():
    """Turned from the console (session.turn_peg) instead of the lesson's numbers: the same
    checks pass; a peg that does not see colour fails the challenge."""
    run = lessons.start("peg_challenge")
    s = run.session
    run.goto(2)
    s.turn_peg(0, 0, weights=[-1, 0, 0, 0])
    s.turn_peg(1, 0, bias=-1)
    assert not run.check().passed
    s.turn_peg(0, 0, weights=[-8, 0, 0, 0], bias=1)
    s.turn_peg(1, 0, bias=-4)
    assert run.check().passed
    assert run.values["red_in_red"] > 0.95


@pytest.mark.parametrize("rows", [3, 9])
def test_the_data_pinball_draws_the_drops_own_bins_after_the_rows_change(rows):
    run = lessons.start(str(REWRITES["pinball"]))
    run.do()                                   # 300 balls on the 6-row board
    run.session.set(rows=rows)                 # the window's rows box
    plot, table = run.figure().panels          # used to raise: x and y differ in length
    assert plot.curve(plot.curves[0].label).x.tolist() == list(range(7))
    assert plot.curves[0].y.sum() == 300 and len(table.rows) == 3
    run.do()                                   # a new drop on the new board
    plot, _ = run.figure().panels
    assert plot.curves[0].x.tolist() == list(range(rows + 1))


def test_the_data_pinball_with_two_colours_names_the_missing_colour():
    from galton.lessons.data.quantities import ExpressionError

    run = lessons.start(str(REWRITES["pinball"]))
    run.do()
    run.session.set(colors=2)                  # the window's colours box
    plot, table = run.figure().panels          # used to raise IndexError
    assert len(table.rows) == 2 and len(table.columns) == 3
    assert [c.label for c in plot.curves[1:3]] == ["red balls", "green balls"]
    with pytest.raises(ExpressionError, match="no colour 'blue'; the colours: red, green"):
        run.do()
