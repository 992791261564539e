"""The lab dock: fine-tuning copies of the board and running a scaling sweep from the GUI."""

import pytest

pytest.importorskip("PySide6.QtWidgets")

from galton.core import scaling as S

TIMEOUT = 120000


def test_finetune_compares_strategies_and_shows_forgetting(window, qtbot):
    s = window.session
    s.set(lr=0.5)
    s.step(200)
    lab = window.lab
    lab.ft_steps.setValue(120)
    lab.ft_replay.setValue(0.0)
    lab.start_finetune()
    qtbot.waitUntil(lambda: lab.ft_table.rowCount() == 3 and lab.ft_button.isEnabled(),
                    timeout=TIMEOUT)
    assert set(lab.tuners) == {"full", "freeze", "lora"}
    full = lab.tuners["full"].meter
    assert full.new_accuracy[-1] > 0.8 > full.old_accuracy[-1]  # learns yellow, forgets
    assert lab.ft_table.item(0, 1).text() == str(s.board.n_parameters)
    # The session's own board is untouched: the lab works on copies.
    assert s.board.cups == 3


def test_finetune_explains_what_it_cannot_do(window, qtbot):
    window.session.set(dataset="xor")
    lab = window.lab
    lab.start_finetune()
    assert "colour balls" in lab.status.text()
    window.session.set(dataset="colors")
    lab.ft_full.setChecked(False)
    lab.ft_freeze.setChecked(False)
    lab.ft_lora.setChecked(False)
    lab.start_finetune()
    assert "at least one strategy" in lab.status.text()


def test_scaling_sweep_runs_plots_fits_and_resumes(window, qtbot, tmp_path, monkeypatch):
    from galton.qt.lab_dock import WORKER_NICENESS

    niceness = []
    real = S.sweep
    monkeypatch.setattr(S, "sweep", lambda *a, **k: (niceness.append(k.get("nice")),
                                                     real(*a, **k))[1])
    lab = window.lab
    lab.sc_file.setText(str(tmp_path / "sweep.csv"))
    lab.sc_rows.setText("1, 2, 3")
    lab.sc_balls.setText("24, 48")
    lab.sc_steps.setText("15")
    lab.sc_workers.setValue(1)
    lab.start_sweep()
    qtbot.waitUntil(lambda: lab.sc_run.isEnabled(), timeout=TIMEOUT)
    assert len(S.read_results(tmp_path / "sweep.csv")) == 6
    assert niceness == [WORKER_NICENESS] and WORKER_NICENESS > 0  # the window keeps a core
    assert "L(N)" in lab.sc_fit.text()
    assert "finished" in lab.status.text()
    lab.sc_rows.setText("1, 2, 3, 4")
    lab.start_sweep()
    assert "2 runs to do (6 already" in lab.status.text()
    qtbot.waitUntil(lambda: lab.sc_run.isEnabled(), timeout=TIMEOUT)
    assert len(S.read_results(tmp_path / "sweep.csv")) == 8
    lab.sc_rows.setText("1, x")
    lab.start_sweep()
    assert "whole numbers" in lab.status.text()


def test_the_scaling_fits_are_made_off_the_ui_thread(window, qtbot, tmp_path, monkeypatch):
    """The fits' bootstrap takes a large share of a second: on the UI thread, each finished
    run of a sweep froze the window that long (bench_latency: UI-thread CPU p99 558 ms)."""
    import threading

    real, threads = S.fit_axes, []

    def fit_axes(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(S, "fit_axes", fit_axes)
    lab = window.lab
    lab.sc_file.setText(str(tmp_path / "sweep.csv"))
    lab.sc_rows.setText("1, 2")
    lab.sc_balls.setText("24, 48")
    lab.sc_steps.setText("10")
    lab.sc_workers.setValue(1)
    lab.start_sweep()
    qtbot.waitUntil(lambda: lab.sc_run.isEnabled(), timeout=TIMEOUT)
    assert lab.sc_progress.value() == 4 and "L(N)" in lab.sc_fit.text()
    lab.sc_rows.setText("1, 2, 3")  # resumed: the file's runs are shown with their fits too
    lab.start_sweep()
    qtbot.waitUntil(lambda: lab.sc_run.isEnabled(), timeout=TIMEOUT)
    assert lab.sc_progress.value() == 2 and len(lab.rows) == 6
    assert threads and not any(threads)


def test_scaling_plots_keep_their_words_off_the_runs_and_fit_their_titles(window, qtbot,
                                                                         tmp_path):
    """Three plots share the lab: a legend inside each covered its runs and was cut ("Kaplan
    α = 0.0…"), and the titles were cut ("test loss vs paramete"). The legend is under each
    plot and wraps; the title shrinks to the plot's width; a second sweep result changes the
    curves' data instead of stacking new curves."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocumentFragment

    def words(label):  # what the legend reads
        return QTextDocumentFragment.fromHtml(label.text()).toPlainText().replace("\xa0", " ")

    window.resize(1366, 768)
    lab = window.lab
    lab.tabs.setCurrentIndex(1)
    lab.sc_file.setText(str(tmp_path / "sweep.csv"))
    lab.sc_rows.setText("1, 2, 3")
    lab.sc_balls.setText("24, 48")
    lab.sc_steps.setText("15")
    lab.sc_workers.setValue(1)
    qtbot.mouseClick(lab.sc_run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab.sc_run.isEnabled(), timeout=TIMEOUT)
    counts = []
    for axis, plot in lab.sc_plots.items():
        item = plot.plot.getPlotItem()
        assert item.legend is None  # nothing drawn over the runs
        assert "runs" in words(plot.legend) and not plot.legend.isHidden()
        counts.append(len(item.listDataItems()))
        if axis != "D":  # D has two sizes: no fit (the text says why)
            assert "α = " in words(plot.legend)
    assert "Kaplan α = 0.076" in words(lab.sc_plots["N"].legend)
    assert "frontier" in words(lab.sc_plots["C"].legend)
    lab.sc_rows.setText("1, 2, 3, 4")  # a second sweep: the same curves, new data
    qtbot.mouseClick(lab.sc_run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab.sc_run.isEnabled(), timeout=TIMEOUT)
    assert [len(p.plot.getPlotItem().listDataItems()) for p in lab.sc_plots.values()] \
        == counts
    # Each title wraps inside its plot's width, and no plot is drawn wider than its widget.
    from PySide6.QtGui import QFontMetrics

    for plot in lab.sc_plots.values():
        plot.resize(200, 300)
        qtbot.wait(20)
        label = plot.title_label
        assert label.wordWrap() and label.width() <= plot.width()
        room = label.contentsRect().width()
        needed = QFontMetrics(label.font()).boundingRect(0, 0, room, 10_000,
                                                         Qt.TextFlag.TextWordWrap,
                                                         label.text()).height()
        assert needed <= label.contentsRect().height() + 1
        item = plot.plot.getPlotItem()
        assert item.sceneBoundingRect().width() <= plot.plot.width() + 1
