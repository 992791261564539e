"""After every lesson (the twelve, played headless) the session is fully described: a copy, a
.galton round trip and the "Show as script" replay give the same session, bit for bit, and
train on identically; an export "from the current pegs" films exactly that session, one "from
the scenario" its initial pegs — also after lesson 10 (add_cup) and 12 (use_data). (#19 item 4)"""

import numpy as np
import pytest

from galton import lessons, scripting
from galton.export.film import Film, session_copy
from galton.export.plan import make_plan
from galton.recorder import Recorder
from galton.session import Session
from tests.core.sessions_alike import assert_same, go_on


@pytest.fixture(scope="module", params=lessons.names())
def played(request, tmp_path_factory):
    session = Session()
    recorder = Recorder(session)
    run = lessons.start(request.param, session)
    run.play()
    return request.param, session, recorder, run, tmp_path_factory.mktemp(request.param)


def test_a_copy_is_the_same_session(played):
    _, session, _, _, _ = played
    copy = session.copy()
    assert_same(session, copy)
    go_on(session.copy(), copy)


def test_a_galton_file_holds_the_session_and_the_lesson(played):
    name, session, _, run, folder = played
    path = folder / f"{name}.galton"
    skipped = session.save_galton(path, run)
    loaded = Session()
    progress = loaded.load_galton(path)
    assert_same(session, loaded)
    go_on(session.copy(), loaded)
    again = lessons.resume(progress, Session())
    assert again.lesson is run.lesson and again.index == run.index and again.done == run.done
    assert again.params == run.params
    kept = {k for k in run.values if not k.startswith("_")} - set(skipped)
    assert kept == set(again.values)
    for key in kept:
        np.testing.assert_array_equal(np.asarray(again.values[key], dtype=object),
                                      np.asarray(run.values[key], dtype=object))


def test_show_as_script_replays_the_session(played):
    name, session, recorder, _, folder = played
    script = folder / f"{name}.py"
    script.write_text(recorder.script(), encoding="utf-8")
    replayed = scripting.run_script(script, argv=[], session=Session())["session"]
    assert_same(session, replayed)


@pytest.mark.parametrize("start", ["current", "scenario"])
def test_an_export_films_this_session(played, start):
    _, session, _, _, folder = played
    plan = make_plan(folder / "clip.gif", size="320x180", steps=6, fps=5, balls_per_frame=1,
                     start=start)
    film = Film.shoot(plan, session_copy(session, start))
    expected = session.copy()
    if start == "scenario":
        expected.reset()
    assert film.session.board.spec() == session.board.spec()
    np.testing.assert_array_equal(film.thetas[0], expected.board.theta)
    np.testing.assert_array_equal(film.pool_X, (session.test_set or session.train_set).X)
    expected.step(6)
    np.testing.assert_array_equal(film.thetas[-1], expected.board.theta)
    assert film.steps[-1] == expected.trainer.step_count
