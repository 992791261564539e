"""The draw budget: redraws go one per turn of the event loop, so what arrives meanwhile (a
click) waits for one redraw at most; a burst of requests per key becomes one redraw; while
redraws are costly, the next round waits so that drawing keeps to its share of the time."""

import time

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from galton.qt.bridge import DrawBudget


class Inbox(QObject):
    """Stands for a widget receiving input: notes when an event reaches it."""

    def __init__(self, order):
        super().__init__()
        self.order = order

    def event(self, event):
        if event.type() == QEvent.Type.User:
            self.order.append("input")
            return True
        return super().event(event)


def test_one_redraw_per_turn_with_input_handled_in_between(qtbot):
    budget = DrawBudget()
    order = []
    inbox = Inbox(order)

    def draw(name):
        def run():
            order.append(name)
            if name == "loss":  # a click arrives while the first chart redraws
                QCoreApplication.postEvent(inbox, QEvent(QEvent.Type.User))
        return run

    budget.request("loss", draw("loss"))  # idle: drawn at once
    budget.request("accuracy", draw("accuracy"))
    budget.request("grad", draw("grad"))
    assert order == ["loss"]
    qtbot.waitUntil(lambda: len(order) == 4, timeout=5000)
    assert order == ["loss", "input", "accuracy", "grad"]


def test_requests_coalesce_per_key_and_rounds_keep_to_their_share(qtbot):
    budget = DrawBudget(share=0.5)
    drawn = []

    def slow():
        drawn.append(time.perf_counter())
        time.sleep(0.1)

    budget.request("board", slow)
    started = drawn[0]
    for _ in range(20):  # a burst while the first round is drawn: one more redraw
        budget.request("board", slow)
    qtbot.waitUntil(lambda: len(drawn) == 2, timeout=5000)
    qtbot.wait(300)
    assert len(drawn) == 2
    # The first round cost ~0.1 s: at half the time for drawing, the next began >= 0.1 s later.
    assert drawn[1] - started >= 0.19
    budget.request("board", slow)
    budget.flush()  # tests and screenshots: everything now
    assert len(drawn) == 3 and not budget.pending


def test_the_history_charts_redraw_only_when_the_history_changed(window, qtbot):
    charts = window.charts
    drawn = []
    real = charts.acc_curve.setData
    charts.acc_curve.setData = lambda *a, **k: (drawn.append(len(a[0])), real(*a, **k))
    window.session.step(3)
    window.budget.flush()
    assert drawn[-1] == 3 and charts.drawn_step == 2
    before = len(drawn)
    window.session.drop(20)  # the balls fall; training's history is as it was
    window.session.turn_peg(0, 0, bias=1.0)  # the pegs turn: the confusion matrix may change
    window.budget.flush()
    assert len(drawn) == before
    window.session.step(1)
    window.budget.flush()
    assert drawn[-1] == 4 and charts.drawn_step == 3


def test_the_history_charts_ranges_grow_in_steps_and_their_axes_are_not_redrawn_each_time(
        window, qtbot):
    # With pyqtgraph's tight automatic range every redraw moved the view a little, and both
    # axes were laid out and drawn again (~2 ms of Python each, a third of a chart's repaint,
    # on every redraw while training plays). Now a range grows in whole steps.
    charts, session = window.charts, window.session
    session.step(32)  # steps 0..31: the view grows to 35 (steps of 5 below 100)
    window.budget.flush()
    qtbot.wait(50)  # painted
    axes = {name: (plot, plot.getPlotItem().getAxis("bottom"))
            for name, plot in (("loss", charts.loss_plot), ("accuracy", charts.acc_plot),
                               ("step size", charts.lr_plot), ("gradient", charts.grad_plot))}
    ranges = {name: plot.getPlotItem().viewRange()[0] for name, (plot, _) in axes.items()}
    for name, (_, axis) in axes.items():
        assert axis.picture is not None, name  # drawn, and kept until the range changes
    session.step(3)
    window.budget.flush()
    qtbot.wait(50)
    for name, (plot, axis) in axes.items():
        low, high = plot.getPlotItem().viewRange()[0]
        assert [low, high] == ranges[name], name  # 35 steps still fit: the same range
        assert axis.picture is not None, name     # and the same axis, not laid out again
        assert low <= 0 and high >= 34, name      # every step is in view
    session.step(200)
    window.budget.flush()
    qtbot.wait(50)  # (pyqtgraph ranges a view when it paints)
    for name, (plot, _) in axes.items():
        assert plot.getPlotItem().viewRange()[0][1] >= 234, name  # it grows with the data
    from galton.qt.charts import grown

    assert grown(0.0, 637.0) == (0.0, 650.0) and grown(0.0, 1001.0) == (0.0, 1500.0)
    assert grown(-1.3, 0.2) == (-1.5, 0.5) and grown(3.0, 3.0) == (3.0, 3.0)
