"""Lessons written as data: a file becomes a Lesson like the built-in ones; every problem of a
file is reported naming its step and field; lessons are found in the user's folder; the
landscape actions compute what the landscape dock's jobs compute; progress resumes."""

import textwrap

import numpy as np
import pytest

import galton.landscape as L
from galton import lessons, surfaces
from galton.core import optim
from galton.lessons import data
from galton.lessons.data import landscape as LS
from galton.session import Session

LESSON = textwrap.dedent('''\
    [lesson]
    format = "galton-lesson"
    version = 1

    [setup]
    scenario = "sort_three_colours"
    settings = { rows = 3 }

    [[step]]
    key = "train"
    show = ["board", "charts"]
    do = [{ lr = "lr" }, { train = "steps" }]
    check = "accuracy >= 0.9"
    values = { trained = "step" }
    record = { acc = "accuracy" }
    [[step.param]]
    name = "steps"
    default = 150
    low = 10
    high = 1000
    integer = true
    [[step.param]]
    name = "lr"
    default = 0.5
    low = 0.01
    high = 2.0
    [[step.figure]]
    kind = "history"
    title = "training"
    series = [{ column = "train_loss", label = "loss" }]

    [en]
    title = "Train a little"
    summary = "A test lesson."
    [en.steps.train]
    title = "Train"
    body = "After {trained} steps the accuracy is {acc:.0%}."
    todo = "Train."
    done = "Accuracy {acc:.0%}."
    [en.labels]
    steps = "steps"
    lr = "step size"
    training = "Training"
    loss = "loss"

    [zh_CN]
    title = "训练一下"
    summary = "测试课程。"
    [zh_CN.steps.train]
    title = "训练"
    body = "训练 {trained} 步后准确率为 {acc:.0%}。"
    todo = "训练。"
    done = "准确率 {acc:.0%}。"
    [zh_CN.labels]
    steps = "步数"
    lr = "步长"
    training = "训练过程"
    loss = "损失"
    ''')


def write(tmp_path, text=LESSON, name="mine.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_lesson_file_runs_through_the_same_lesson_run_as_the_built_in_ones(tmp_path):
    path = write(tmp_path)
    run = lessons.start(str(path))
    assert isinstance(run, lessons.LessonRun) and isinstance(run.lesson, lessons.Lesson)
    assert run.lesson.name == "mine" and run.lesson.title("zh_CN") == "训练一下"
    assert run.session.board.rows == 3 and run.session.scenario.name == "Sort three colours"
    assert run.params == {"steps": 150, "lr": 0.5}
    assert not run.check().passed and run.check().message == "Train."
    assert run.page()["body"] == "After … steps the accuracy is ….", "shown before Do it"
    run.do()
    assert run.session.trainer.step_count == 150 and run.values["trained"] == 150
    assert run.check().passed and run.values["acc"] >= 0.9
    assert run.page()["done"] == f"Accuracy {run.values['acc']:.0%}."
    fig = run.figure()
    (plot,) = fig.panels
    assert plot.title == "Training" and plot.xlabel == "step"
    assert plot.curves[0].label == "loss" and len(plot.curves[0].x) == 150
    assert run.step.show == ("board", "charts")
    run.set_param("steps", 20)
    with pytest.raises(ValueError, match="between 10 and 1000"):
        run.set_param("steps", 5000)


def test_a_session_starts_a_lesson_file_and_resumes_it_from_its_progress(tmp_path):
    path = write(tmp_path)
    session = Session()
    run = lessons.start(str(path), session, "zh_CN")
    run.set_param("steps", 200)
    run.do()
    progress = run.progress()
    assert progress["file"] == str(path.resolve()) and progress["done"] == ["train"]
    again = lessons.resume(progress, session)
    assert again.lesson.path == path.resolve() and again.lang == "zh_CN"
    assert again.params["steps"] == 200 and again.values["trained"] == 200
    assert again.done == {"train"} and again.check().passed
    assert session.trainer.step_count == 200, "resuming changes nothing in the session"


PROBLEMS = [
    # (what to replace, by what, where the problem is, what it says)
    ('do = [{ lr = "lr" }, { train = "steps" }]', 'do = [{ trian = "steps" }]',
     "step 'train' (1), do[1]", "an action begins with a verb, one of scenario, set"),
    ('do = [{ lr = "lr" }, { train = "steps" }]', 'do = [{ drop = 10, sed = 1 }]',
     "step 'train' (1), do[1]", "drop has no option 'sed'; its options: seed, from"),
    ('do = [{ lr = "lr" }, { train = "steps" }]', 'do = [{ train = 1.5 }]',
     "step 'train' (1), do[1].train", "must be a whole number"),
    ('check = "accuracy >= 0.9"', 'check = "acuracy >= 0.9"',
     "step 'train' (1), check", "unknown name 'acuracy' at column 1; did you mean accuracy"),
    ('check = "accuracy >= 0.9"', 'check = "accuracy.real >= 0.9"',
     "step 'train' (1), check", "Attribute is not allowed in an expression at column 1"),
    ('check = "accuracy >= 0.9"', 'check = "__import__(\'os\')"',
     "step 'train' (1), check", "function '__import__' is not allowed"),
    ('record = { acc = "accuracy" }', 'record = { acc = "p_right(0)" }',
     "step 'train' (1), record.acc", "p_right() takes 2 to 3 arguments, got 1"),
    ('values = { trained = "step" }', 'values = { trained = "step", _x = "1" }',
     "step 'train' (1), values._x", "a value's name is letters, digits and _"),
    ('key = "train"', 'key = "Train!"', "step 1, key", "must be a name of small letters"),
    ('show = ["board", "charts"]', 'show = ["board", "chart"]', "step 'train' (1), show",
     "must list parts of"),
    ('default = 150', 'default = 5000', "step 'train' (1), param[1] (steps)",
     "default: steps must be between 10 and 1000"),
    ('kind = "history"', 'kind = "histogramm"', "step 'train' (1), figure[1].kind",
     "must be one of plot, history, histogram, board, landscape, table"),
    ('title = "training"', 'titel = "training"', "step 'train' (1), figure[1]",
     "a history has no field 'titel'"),
    ('label = "loss" }]', 'label = "loss", color = "mauve" }]',
     "step 'train' (1), figure[1].series[1].color", "unknown colour 'mauve'"),
    ('title = "training"', 'title = "Loss while training"', "step 'train' (1), figure[1].title",
     "'Loss while training' is not a label: add it to [en.labels] and [zh_CN.labels]"),
    ('todo = "训练。"\n', '', "[zh_CN.steps.train] todo",
     "missing translation (the English text has it)"),
    ('body = "训练 {trained} 步后准确率为 {acc:.0%}。"', 'body = "训练 {trained} 步。"',
     "[zh_CN.steps.train] body", "fills in ['trained'] but the English text fills in"),
    ('done = "Accuracy {acc:.0%}."', 'done = "Accuracy {accuracy:.0%}."',
     "[en.steps.train] done", "{accuracy} is never computed"),
    ('lr = "步长"\n', '', "[zh_CN.labels] lr", "missing: the parameter's label"),
    ('[en.steps.train]', '[en.steps.trian]', "[en.steps.train]",
     "missing: the step has no text in this language"),
    ('version = 1', 'version = 2', "[lesson] version",
     "2: written for a newer galton (this one reads lesson files up to version 1)"),
    ('format = "galton-lesson"', 'format = "galton-lessen"', "[lesson]",
     "format must be 'galton-lesson'"),
    ('settings = { rows = 3 }', 'settings = { rowz = 3 }', "[setup] settings",
     "unknown setting 'rowz'"),
    ('low = 0.01\nhigh = 2.0', 'low = 0.01\nhigh = 2.0\nsetting = "step_size"',
     "step 'train' (1), param[2] (lr)", "unknown setting 'step_size'"),
    ('low = 0.01\nhigh = 2.0', 'low = -0.01\nhigh = 2.0\nsetting = "lr"',
     "step 'train' (1), param[2] (lr)", "lr's range: lr must be a finite number >= 0"),
    ('scenario = "sort_three_colours"', 'scenario = "sort_four_colours"', "[setup] scenario",
     "no preset 'sort_four_colours'; the presets: noisy_five_colours_minibatch"),
    ('[setup]', '[setpu]', "[setpu]", "unknown table"),
]


@pytest.mark.parametrize("old,new,where,message", PROBLEMS,
                         ids=[f"{i}-{p[2]}" for i, p in enumerate(PROBLEMS)])
def test_every_problem_names_its_step_and_field(tmp_path, old, new, where, message):
    assert old in LESSON
    path = write(tmp_path, LESSON.replace(old, new, 1))
    lesson, problems = data.read(path)
    assert lesson is None
    assert any(p.where == where and message in p.message for p in problems), \
        "\n".join(map(str, problems))
    with pytest.raises(data.LessonFileError, match="problem") as caught:
        data.load(path)
    assert str(path) in str(caught.value) and where in str(caught.value)


def test_a_file_that_is_not_a_lesson_says_so(tmp_path):
    for text, message in (("not = [toml", "not valid TOML"),
                          ('[en]\ntitle = "x"\n', "format must be 'galton-lesson'"),
                          (b"\xff\xfe", "not UTF-8")):
        path = tmp_path / "x.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        _, problems = data.read(path)
        assert any(message in p.message for p in problems), problems
    assert data.read(tmp_path / "nope.toml")[1][0].message == "not found"
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (data.reader.MAX_BYTES + 1))
    assert "larger than" in data.read(big)[1][0].message


def test_lessons_in_the_users_folder_are_found_by_name(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    folder.mkdir()
    monkeypatch.setenv("GALTON_LESSONS", str(folder))
    assert data.user_folder() == folder
    write(folder, name="my_first.toml")
    write(folder, name="grad_demo.toml")            # a built-in's name: not taken
    (folder / "notes.toml").write_text('[scenario]\nname = "x"\n', encoding="utf-8")
    found = lessons.extras()
    assert list(found) == ["peg_challenge", "my_first"]
    assert found["my_first"] == folder / "my_first.toml"
    assert lessons.get("my_first").path == (folder / "my_first.toml").resolve()
    assert lessons.start("my_first").session.board.rows == 3
    assert lessons.get("grad_demo") is lessons.get(3), "the built-in lesson wins"
    with pytest.raises(KeyError, match="17 training_cost, peg_challenge, my_first"):
        lessons.get("nope")
    (folder / "broken.toml").write_text(LESSON.replace("version = 1", "version = 0"),
                                        encoding="utf-8")
    with pytest.raises(data.LessonFileError, match=r"\[lesson\] version: must be a whole"):
        lessons.get("broken")


def test_the_default_user_folder_is_the_user_data_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv("GALTON_LESSONS", raising=False)
    assert data.user_folder() == platformdirs.user_data_path("galton", appauthor=False) / \
        "lessons"


# --- the actions -----------------------------------------------------------------------------
def lesson_with(tmp_path, do, check="True", values="", setup='scenario = "sort_three_colours"',
                files=()):
    for name, text in files:
        (tmp_path / name).write_text(text, encoding="utf-8")
    text = LESSON.replace('do = [{ lr = "lr" }, { train = "steps" }]', f"do = {do}") \
        .replace('check = "accuracy >= 0.9"', f'check = "{check}"') \
        .replace('values = { trained = "step" }', f'values = {{ trained = "step"{values} }}') \
        .replace('scenario = "sort_three_colours"\nsettings = { rows = 3 }', setup)
    return lessons.start(str(write(tmp_path, text)))


def test_session_actions_do_what_the_window_does(tmp_path):
    run = lesson_with(tmp_path, '''[{ set = { optimizer = "adam", lr = "lr / 10" } },
        { train = 20 }, { lr = 0.01 }, { train = "steps / 15" }, { drop = "2 * 50", seed = 3 },
        { turn = [1, 0], weights = [1, "-lr", 0, 0.5], bias = -2 }]''')
    s = run.session
    run.do()
    assert s.scenario["training"]["optimizer"] == "adam" and s.lr == 0.01
    assert s.trainer.step_count == 30 and len(s.trainer.history) == 30, "lr kept the history"
    assert len(s.last_drop[1]) == 100
    np.testing.assert_array_equal(s.board.theta[s.board.peg_index(1, 0)], [1, -0.5, 0, 0.5, -2])
    run = lesson_with(tmp_path, '[{ set = { optimizer = "adam", rows = 4 } }, { train = 10 }]')
    run.do()
    run.do()  # again: the settings are already so, nothing is rebuilt and training goes on
    assert run.session.trainer.step_count == 20 and run.session.board.rows == 4
    run = lesson_with(tmp_path, '[{ train = 5 }, { reset = true }]')
    run.do()
    assert run.session.trainer.step_count == 0 and not run.session.board.theta.any()


def test_a_csv_next_to_the_lesson_becomes_the_balls(tmp_path):
    csv = "a,b,label\n" + "".join(f"{i % 3},{(i * 7) % 5},{'yes' if i % 2 else 'no'}\n"
                                  for i in range(40))
    run = lesson_with(tmp_path, '[{ data = "balls.csv", test_fraction = 0.25 }]',
                      files=[("balls.csv", csv)])
    run.do()
    s = run.session
    assert s.data.feature_names == ("a", "b") and s.data.class_names == ("no", "yes")
    assert s.scenario["data"]["path"] == str((tmp_path / "balls.csv").resolve())
    assert len(s.train_set) + len(s.test_set) == 40


def dock_slice(session, kind, row=0, slot=0, feature=0):
    """What the landscape dock computes for its "turn one peg" and "random" slices (its
    _make_surface and recompute, with the dock's default half-widths)."""
    board = session.board
    if kind == "peg":
        dirs, span = L.peg(board, row, slot, feature), 3.0
    else:
        seed = session.scenario["training"]["seed"]
        dirs, span = L.random_directions(board.theta, seed=seed), 1.0
    surface = L.board_surface(board, session.trainer.X, session.trainer.y, dirs,
                              center=board.theta, loss=session.trainer.loss, span=span)
    *_, (xs, ys, Z) = L.progressive(surface, sizes=L.PROGRESSIVE_SIZES)
    return surface, (xs, ys, Z), L.find_minima(surface, xs, ys, Z)


@pytest.mark.parametrize("kind", ["peg", "random"])
def test_a_slice_of_the_board_computes_what_the_landscape_dock_computes(tmp_path, kind):
    run = lesson_with(tmp_path, f'[{{ train = 300 }}, {{ slice = "{kind}", row = 1, slot = 1, '
                                f'feature = 2, as = "view" }}]')
    run.do()
    reference = run.session.copy()
    surface, (xs, _, Z), minima = dock_slice(reference, kind, 1, 1, 2)
    got_xs, _, got_Z = run.values["_view:grid"]
    np.testing.assert_array_equal(got_Z, Z)
    np.testing.assert_array_equal(got_xs, xs)
    assert run.values["view_minima"] == len(minima)
    lowest = minima[0].loss if minima else float("nan")
    assert run.values["view_min_loss"] == lowest or (
        np.isnan(lowest) and np.isnan(run.values["view_min_loss"]))
    assert run.values["view_centre_loss"] == pytest.approx(
        float(L.board_surface(reference.board, reference.trainer.X, reference.trainer.y,
                              surface.slice.directions, loss="cross_entropy").f((0, 0))))


def test_races_and_sweeps_compute_what_the_landscape_dock_computes(tmp_path):
    run = lesson_with(tmp_path, '''[{ slice = "surface", surface = "pond", as = "pond" },
        { race = "optimizers", on = "pond", lr = 0.1, steps = 80 },
        { race = "step_sizes", as = "sizes" },
        { sweep = "pond", momentum = 0.5 },
        { roll = "himmelblau", optimizer = "adam", lr = 0.05, steps = 30, as = "ball" }]''')
    run.do()
    v = run.values
    pond = surfaces.pond()
    racers = L.race(pond, [("GD", optim.SGD(0.1)), ("momentum 0.9", optim.SGD(0.1, momentum=0.9)),
                           ("Nesterov 0.9", optim.SGD(0.1, momentum=0.9, nesterov=True)),
                           ("Adam", optim.Adam(0.1))], start=pond.default_start, steps=80)
    finals = np.array([r.path.values[-1] for r in racers])
    np.testing.assert_array_equal(v["race_final"], finals)
    assert v["race_winner"] == racers[int(np.argmin(finals))].label
    # The dock's step-size race (galton.qt.landscape_jobs.race_job): four step sizes around
    # 2/λ_max at the start, each labelled by what its run did, not by that formula (a
    # formula label said "diverging" of a run that stayed between 0.6 and 3.2).
    lrs = L.step_sizes_around_edge(pond, pond.default_start)
    edge = L.divergence_threshold(L.surface_sharpness(pond, pond.default_start))
    np.testing.assert_allclose(lrs, [e * edge for e in (0.02, 0.3, 0.9, 1.15)])
    sizes = L.step_size_race(pond, lrs, start=pond.default_start, steps=LS.RACE_STEPS)
    assert [r.label for r in v["_sizes:racers"]] == [r.label for r in sizes]
    for racer, lr in zip(v["_sizes:racers"], lrs, strict=True):
        words, _ = L.describe_run(pond, racer.path, lr)
        assert f"({words}" in racer.label
    np.testing.assert_array_equal(v["sizes_final"], [r.path.values[-1] for r in sizes])
    lam = L.surface_sharpness(pond, pond.default_start)
    edge = L.divergence_threshold(lam, 0.5)
    sweep = L.sweep(pond, L.log_lrs(edge / 300, edge * 4, 40), momentum=0.5,
                    start=pond.default_start, steps=100)
    np.testing.assert_array_equal(v["sweep_lrs"], sweep.lrs)
    np.testing.assert_array_equal(v["sweep_losses"], sweep.final_losses)
    assert v["sweep_threshold"] == sweep.threshold and v["sweep_sharpness"] == sweep.sharpness
    path = surfaces.descend(surfaces.himmelblau(), optim.Adam(0.05), None, 30,
                            stop_on_divergence=False)
    np.testing.assert_array_equal(v["ball_path"], path.points)
    assert v["ball_loss"] == path.values[-1] and v["ball_status"] == path.status


def test_a_landscape_figure_draws_a_slice_with_its_race(tmp_path):
    text = LESSON.replace('do = [{ lr = "lr" }, { train = "steps" }]',
                          'do = [{ slice = "surface", surface = "bowl", as = "s" }, '
                          '{ race = "optimizers", on = "s", steps = 20 }]') \
        .replace('check = "accuracy >= 0.9"', 'check = "race_winner != \'\'"') \
        .replace('kind = "history"', 'kind = "landscape"\nslice = "s"\nrace = "race"') \
        .replace('series = [{ column = "train_loss", label = "loss" }]', '')
    run = lessons.start(str(write(tmp_path, text)))
    assert run.figure().panels == [], "no slice yet: nothing to draw"
    run.do()
    assert run.check().passed
    (surface,) = run.figure().panels
    assert surface.Z.shape == (LS.SURFACE_GRID, LS.SURFACE_GRID)
    assert [t.label for t in surface.trails] == ["GD", "momentum 0.9", "Nesterov 0.9", "Adam"]
    assert surface.markers[0][:2] == pytest.approx((0.0, 0.0), abs=1e-6)


def test_a_failing_action_names_its_step_and_changes_nothing_before_it(tmp_path):
    run = lesson_with(tmp_path, '[{ train = 3 }, { turn = [9, 0], bias = 1 }]')
    with pytest.raises(ValueError, match="row must be"):
        run.do()
    assert run.session.trainer.step_count == 3
    run = lesson_with(tmp_path, '[{ data = "missing.csv" }]')
    with pytest.raises(ValueError, match="do\\[1\\]: no CSV file"):
        run.do()


def test_check_says_why_a_check_cannot_pass(tmp_path):
    """A check reading a value that only its own passing records can never pass: the tool
    says which value is missing, not only that the check failed."""
    from galton.lessons.data import authoring

    path = write(tmp_path, LESSON.replace('check = "accuracy >= 0.9"', 'check = "acc >= 0.9"'))
    problems = authoring.check(path)
    assert any(p.where == "step 'train' (1), check" and "can never pass by pressing" in
               p.message and "it says: 'acc' has no value yet" in p.message
               for p in problems), problems
