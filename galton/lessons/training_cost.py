"""Lesson 17, what training costs: turning faucets, Newton's method, memory, and one batch
split over time (gradient accumulation) or over devices (data parallelism).

1. The faucets: the gradient of the session's board (6 rows, 105 parameters) by turning each
   parameter ±h in turn — 210 loss evaluations — against one backward pass; they agree to
   ~1e-10, and the time is measured.
2. Newton's method needs the Hessian: 105 × 105 = 11,025 numbers here, built from 210 exact
   gradients; it has negative eigenvalues at this untrained point. For 175 billion parameters
   it would be 3.1·10²² numbers.
3. Memory: weights + gradients + optimizer state (+ a 32-bit master copy in mixed precision),
   for a model of N parameters (default the article's Falcon-180B: 360 GB of 16-bit weights,
   3.6 TB for ten checkpoints), beside what the session's own trainer holds.
4. Gradient accumulation: 4 mini-batches of 50 balls, each gradient weighted 1/4, equal the
   gradient of the 200-ball batch to rounding (max difference ~1e-17); unequal pieces need
   weights by size.
5. Data parallelism: 4 copies of the board, one quarter each, gradients averaged; every copy
   takes the same step and stays identical, equal to the one-device step to rounding.
"""

from __future__ import annotations

import numpy as np

import galton
from galton.core import accumulate, memory, newton
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Line, Plot, Table
from galton.lessons.kit import conclude, one_thread

ROWS = 6
PRESET = {
    "scenario": {"name": "What training costs",
                 "description": "Gradients by turning faucets, the Hessian, memory, and one "
                                "batch in four pieces."},
    "data": {"dataset": "colors", "balls": 300, "colors": 3, "noise": 0.1,
             "test_fraction": 0.25},
    "board": {"rows": ROWS, "init": "normal", "scale": 0.5},
    "training": {"loss": "cross_entropy", "optimizer": "adam", "lr": 0.05, "batch_size": 0,
                 "seed": 0},
}
GPT3 = 175e9                      # parameters of the largest model of the scaling article
FALCON = 180.0                    # billions: the pinball article's Falcon-180B
CHECKPOINTS = 10
PIECES = 4
UNEQUAL = (20, 60, 60, 60)        # sizes of four unequal pieces of the same 200 balls
STEP_LR = 0.5


def _human(run, nbytes: float) -> str:
    return memory.human(nbytes, run.text("bytes_word"))


def _balls(run, n=None):
    X, y = run.session.train_set.X, run.session.train_set.y
    return (X, y) if n is None else (X[:n], y[:n])


# --- step 1: turning faucets ---------------------------------------------------------------------
def faucets(run):
    board = run.session.board
    X, y = _balls(run)
    loss = run.session.trainer.loss
    with one_thread():
        galton.loss_and_grad(board, X, y, loss)       # compiled before anything is timed
        (fd, evaluations), fd_time = newton.timed(newton.faucet_gradient, board, X, y, loss)
        backprop_times = []
        for _ in range(5):
            (_, grad), t = newton.timed(galton.loss_and_grad, board, X, y, loss)
            backprop_times.append(t)
    bp_time = float(np.median(backprop_times))
    run.values.update(
        f_params=board.n_parameters, f_evals=evaluations, f_balls=len(y),
        f_ms=fd_time * 1e3, f_bp_us=bp_time * 1e6, f_ratio=fd_time / bp_time,
        f_diff=float(np.max(np.abs(fd - grad))), f_size=float(np.max(np.abs(grad))),
        f_gpt3=memory.power_of_ten(2 * GPT3), f_fd=fd.reshape(-1), f_grad=grad.reshape(-1))


def faucets_figure(run):
    plot = Plot(title=run.text("faucets_title"), xlabel=run.text("backprop"),
                ylabel=run.text("faucet"))
    if "f_fd" in run.values:
        g, fd = run.values["f_grad"], run.values["f_fd"]
        lo, hi = float(min(g.min(), fd.min())), float(max(g.max(), fd.max()))
        plot.curves.append(Curve([lo, hi], [lo, hi], run.text("equal"), "grey", "dash", 1.0))
        plot.curves.append(Curve(g, fd, run.text("parameters"), "blue", "points"))
    return Figure.of(plot)


# --- step 2: Newton's method ---------------------------------------------------------------------
def newton_step(run):
    board = run.session.board
    X, y = _balls(run)
    loss = run.session.trainer.loss
    with one_thread():
        H, seconds = newton.timed(newton.hessian, board, X, y, loss)
        grad = galton.loss_and_grad(board, X, y, loss)[1].reshape(-1)
    eig, direction = newton.newton_direction(H, grad)
    p = board.n_parameters
    run.values.update(
        n_params=p, n_entries=p * p, n_grads=2 * p, n_ms=seconds * 1e3,
        n_bytes=_human(run, memory.hessian_bytes(p, "fp64")),
        n_negative=int(np.sum(eig < 0)),
        n_min=float(eig.min()), n_max=float(eig.max()), n_eig=eig,
        n_asym=float(np.max(np.abs(H - H.T))), n_slope=float(grad @ direction),
        n_gpt3_entries=memory.power_of_ten(GPT3 ** 2),
        n_gpt3_bytes=_human(run, memory.hessian_bytes(GPT3, "fp32")),
        n_gpt3_solve=memory.power_of_ten(GPT3 ** 3 / 3))
    conclude(run, "n_uphill", "uphill" if run.values["n_slope"] > 0 else "downhill")


def newton_figure(run):
    plot = Plot(title=run.text("eigen_title"), xlabel=run.text("eigen_index"),
                ylabel=run.text("eigenvalue"))
    if "n_eig" in run.values:
        eig = run.values["n_eig"]
        plot.curves.append(Curve(np.arange(eig.size), eig, run.text("eigenvalues"), "blue",
                                 "points"))
        plot.lines.append(Line(0.0, "y", "0", "grey"))
    return Figure.of(plot)


# --- step 3: memory ------------------------------------------------------------------------------
def memory_bill(run):
    n = float(run.params["billions"]) * 1e9
    precision, optimizer = run.params["precision"], run.params["optimizer"]
    bill = memory.bill(n, precision, optimizer)
    copies = int(run.params["checkpoints"])
    ckpt = memory.checkpoints(n, precision, copies)
    session = run.session
    if session.trainer.optimizer.state_dict().get("step", 0) == 0:
        with one_thread():
            session.step(1)                  # the optimizer allocates its state at its first step
    own = memory.measured(session.trainer)
    run.values.update(
        m_count=run.text("count", count=n / float(run.text("count_scale"))),
        m_weights=_human(run, bill.weights), m_grads=_human(run, bill.gradients),
        m_opt=_human(run, bill.optimizer), m_master=_human(run, bill.master),
        m_total=_human(run, bill.total), m_per=bill.per_parameter,
        m_ckpt=_human(run, ckpt), m_copies=copies, m_bill=bill,
        m_prec=run.text(f"precision:{precision}"), m_optimizer=run.text(f"optimizer:{optimizer}"),
        m_bytes=memory.BYTES[precision], m_slots=memory.OPTIMIZER_SLOTS[optimizer],
        own_params=own["parameters"], own_weights=own["weights"], own_grads=own["gradients"],
        own_opt=own["optimizer"], own_arrays=own["optimizer_arrays"],
        own_name=type(session.trainer.optimizer).__name__)


def memory_figure(run):
    plot = Plot(title=run.text("memory_title"), xlabel="", ylabel="GB",
                x_ticks=[(0.0, run.text("weights")), (1.0, run.text("gradients")),
                         (2.0, run.text("optimizer_state")), (3.0, run.text("master")),
                         (4.0, run.text("checkpoints_bar"))])
    if "m_bill" in run.values:
        b = run.values["m_bill"]
        ckpt = memory.checkpoints(b.parameters, run.params["precision"],
                                  run.values["m_copies"])
        plot.curves.append(Curve(np.arange(5), np.array([b.weights, b.gradients, b.optimizer,
                                                          b.master, ckpt]) / 1e9,
                                 "", "blue", "bars"))
    return Figure.of(plot)


# --- step 4: gradient accumulation ---------------------------------------------------------------
def accumulation(run):
    mini = int(run.params["piece_balls"])
    X, y = _balls(run, PIECES * mini)
    board = run.session.board
    loss = run.session.trainer.loss
    with one_thread():
        full_loss, full = galton.loss_and_grad(board, X, y, loss)
        acc_loss, acc = accumulate.accumulate(board, X, y, PIECES, loss)
        _, pieces, _ = accumulate.piece_gradients(board, X, y, accumulate.pieces(len(y), PIECES),
                                                  loss)
        sizes = _unequal(mini)
        _, weighted = accumulate.accumulate(board, X, y, PIECES, loss, sizes=sizes)
        _, uneven, _ = accumulate.piece_gradients(board, X, y,
                                                  accumulate.pieces(len(y), PIECES, sizes), loss)
    plain_average = sum(uneven) / PIECES
    run.values.update(
        a_mini=mini, a_pieces=PIECES, a_batch=len(y), a_full=full.reshape(-1),
        a_acc=acc.reshape(-1), a_diff=float(np.max(np.abs(acc - full))),
        a_size=float(np.max(np.abs(full))), a_loss_diff=abs(acc_loss - full_loss),
        a_piece_norms=[float(np.linalg.norm(g)) for g in pieces],
        a_full_norm=float(np.linalg.norm(full)),
        a_sizes=" + ".join(str(s) for s in sizes),
        a_weighted_diff=float(np.max(np.abs(weighted - full))),
        a_plain_diff=float(np.max(np.abs(plain_average - full))))
    conclude(run, "a_equal", "yes" if run.values["a_diff"] <= 1e-12 * max(1.0, run.values[
        "a_size"]) else "no")


def _unequal(mini: int) -> tuple:
    """Four unequal piece sizes for 4·mini balls (20, 60, 60, 60 at the default 50)."""
    total = PIECES * mini
    first = max(1, total // 10)
    rest = total - first
    sizes = [first, rest // 3, rest // 3, rest - 2 * (rest // 3)]
    return tuple(sizes)


def accumulated_equal(run) -> bool:
    return run.values.get("a_equal_case") == "yes"


def accumulation_figure(run):
    plot = Plot(title=run.text("accumulate_title"), xlabel=run.text("full_gradient"),
                ylabel=run.text("accumulated"))
    if "a_full" not in run.values:
        return Figure.of(plot)
    v = run.values
    lo, hi = float(v["a_full"].min()), float(v["a_full"].max())
    plot.curves.append(Curve([lo, hi], [lo, hi], run.text("equal"), "grey", "dash", 1.0))
    plot.curves.append(Curve(v["a_full"], v["a_acc"], run.text("parameters"), "blue",
                             "points"))
    rows = [[run.text("piece", k=i + 1, n=v["a_mini"]), f"{g:.6f}"]
            for i, g in enumerate(v["a_piece_norms"])]
    rows.append([run.text("accumulated_row", k=v["a_pieces"]),
                 f"{np.linalg.norm(v['a_acc']):.6f}"])
    rows.append([run.text("full_row", n=v["a_batch"]), f"{v['a_full_norm']:.6f}"])
    return Figure.of(plot, Table(run.text("norms_title"), [run.text("gradient"), "‖g‖"], rows,
                                 highlight=[len(rows) - 2, len(rows) - 1]))


# --- step 5: data parallelism --------------------------------------------------------------------
def parallel(run):
    mini = int(run.params["device_balls"])
    X, y = _balls(run, PIECES * mini)
    board = run.session.board
    loss = run.session.trainer.loss
    with one_thread():
        copies, _ = accumulate.data_parallel_step(board, X, y, PIECES, STEP_LR, loss)
        one = board.copy()
        one.theta = one.theta - STEP_LR * galton.loss_and_grad(one, X, y, loss)[1]
    spread = max(float(np.max(np.abs(c.theta - copies[0].theta))) for c in copies)
    run.values.update(
        d_devices=PIECES, d_share=mini, d_batch=len(y), d_lr=STEP_LR, d_spread=spread,
        d_vs_one=float(np.max(np.abs(copies[0].theta - one.theta))),
        d_moved=float(np.max(np.abs(one.theta - board.theta))),
        d_each=_human(run, memory.bill(FALCON * 1e9).total),
        d_total=_human(run, PIECES * memory.bill(FALCON * 1e9).total))


def parallel_figure(run):
    if "d_spread" not in run.values:
        return Figure.of(Table(run.text("parallel_title"), [run.text("device"), ""], []))
    v = run.values
    rows = [[run.text("device_row", k=k + 1), run.text("balls_range", a=k * v["d_share"] + 1,
                                                         b=(k + 1) * v["d_share"])]
            for k in range(v["d_devices"])]
    rows.append([run.text("all_reduce"), run.text("average_of", k=v["d_devices"])])
    rows.append([run.text("copies_differ"), f"{v['d_spread']:.1g}"])
    rows.append([run.text("vs_one_device"), f"{v['d_vs_one']:.1g}"])
    return Figure.of(Table(run.text("parallel_title"), [run.text("device"), ""], rows,
                           highlight=[len(rows) - 2, len(rows) - 1]))


def _balls_param(name: str) -> Param:
    """Balls per piece or per device: 4 of them must fit in the 225 training balls."""
    return Param(name, 50, low=1, high=56, step=1, integer=True)


LESSON = Lesson(
    name="training_cost",
    number=17,
    preset=PRESET,
    steps=(
        Step("faucets", action=faucets, figure=faucets_figure, show=("board",)),
        Step("newton", action=newton_step, figure=newton_figure),
        Step("memory", action=memory_bill, figure=memory_figure,
             params=(Param("billions", FALCON, low=0.001, high=2000.0, step=1.0),
                     Param("precision", "bf16", choices=("fp32", "bf16", "fp16")),
                     Param("optimizer", "adam", choices=tuple(memory.OPTIMIZER_SLOTS)),
                     Param("checkpoints", CHECKPOINTS, low=0, high=100, step=1,
                           integer=True))),
        Step("accumulate", action=accumulation, check=accumulated_equal,
             figure=accumulation_figure, params=(_balls_param("piece_balls"),)),
        Step("parallel", action=parallel, figure=parallel_figure,
             params=(_balls_param("device_balls"),)),
    ),
)
