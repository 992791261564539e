"""Lesson 11, scaling laws: live sweeps of board and data size, a power-law fit with a
bootstrap interval, the stored 48-run sweep (α_N 0.58, α_D 0.59) and an extrapolation checked
against a new measurement."""

import itertools
from pathlib import Path

import pytest

from galton import lessons
from galton.core import scaling
from galton.lessons import scaling as lesson

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def played():
    run = lessons.start("scaling")
    run.play()
    return run


def test_the_stored_sweep_is_the_documented_one():
    """The lesson reads a copy in assets/ (installed apps have no docs/); it must not drift."""
    docs = (ROOT / "docs" / "data" / "scaling-sweep.csv").read_bytes()
    assets = (ROOT / "assets" / "data" / "scaling-sweep.csv").read_bytes()
    assert docs == assets
    assert len(lesson.stored_rows()) == 48


def test_the_stored_sweeps_laws(played):
    v = played.values
    assert round(v["st_alpha_n"], 2) == 0.58 and round(v["st_alpha_d"], 2) == 0.59
    assert v["st_lo_n"] < v["st_alpha_n"] < v["st_hi_n"]
    assert v["st_lo_d"] < v["st_alpha_d"] < v["st_hi_d"]
    assert v["st_runs_n"] == 27 and v["st_runs_d"] == 24 and v["st_runs"] == 48
    # The same laws as the lab's (galton.core.scaling.fit_axes).
    fits = scaling.fit_axes(list(lesson.stored_rows()), bootstrap=0)
    assert fits["N"].alpha == pytest.approx(v["st_alpha_n"], rel=1e-12)
    assert fits["D"].alpha == pytest.approx(v["st_alpha_d"], rel=1e-12)


def test_loss_against_board_size_steps_then_floors(played):
    v = played.values
    assert [v[f"n_params_{r}"] for r in (1, 2, 3, 8)] == [5, 15, 30, 180]
    assert v["n_loss_1"] > v["n_loss_2"] > 2 * v["n_loss_3"]      # the step from 2 to 3 rows
    assert abs(v["n_loss_8"] - v["n_loss_6"]) < 0.02               # then the floor
    assert v["st_n_loss_1"] == pytest.approx(0.59, abs=0.01)
    assert v["st_n_loss_3"] == pytest.approx(0.11, abs=0.01)


def test_loss_against_data_size_falls_by_less_each_doubling(played):
    v = played.values
    assert v["d_runs"] == 18 and v["d_params"] == 105
    means = [v[f"d_loss_{d}"] for d in (32, 64, 128, 256, 512, 1024)]
    assert all(a > b for a, b in itertools.pairwise(means))
    assert means[0] - means[1] > means[-2] - means[-1]


def test_the_live_fit_has_an_interval_and_predicts_4096(played):
    v = played.values
    law = v["fit_law"]
    assert v["fit_lo"] < v["fit_alpha"] < v["fit_hi"] and v["fit_runs"] == 18
    assert 0 < v["fit_floor"] < v["d_loss_1024"]
    # The text says the live and stored intervals overlap.
    assert v["fit_lo"] < v["st_hi_d"] and v["st_lo_d"] < v["fit_hi"]
    assert v["pred_big"] == pytest.approx(float(law(4096)))
    assert v["pred_err"] < 0.05
    # ...and that the measured loss lies a little below the fitted floor, within its interval.
    assert v["fit_floor_lo"] < v["meas_big"] < v["fit_floor"]
    assert v["pred_far"] == pytest.approx(v["fit_floor"], abs=1e-3)


def test_the_checks_wait_for_the_fit_and_the_measurement():
    run = lessons.start("scaling")
    run.goto(2)
    assert not run.check().passed
    run.goto(4)
    assert not run.check().passed


def test_live_runs_leave_numbas_thread_count_as_it_was():
    import numba

    before = numba.get_num_threads()
    with lesson.one_thread():
        assert numba.get_num_threads() == 1
    assert numba.get_num_threads() == before
