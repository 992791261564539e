"""The compiled kernels against their NumPy twins, finite differences and probability theory."""

import os
import subprocess
import sys

import numba
import numpy as np
import pytest
from scipy import stats

import galton
from galton import kernels
from galton.core.cups import CupLayout
from galton.kernels import board_numba, board_numpy

LOSSES = ("cross_entropy", "mse")


def random_case(rng, rows, features, cups, n, scale=1.0):
    board = galton.Board(rows, features, cups, init="normal", scale=scale,
                         seed=int(rng.integers(1 << 30)))
    X = rng.normal(size=(n, features))
    y = rng.integers(0, cups, size=n)
    return board, X, y


def shapes(count, seed=7):
    """Random (rows 1..20, features 1..6, cups 2..rows+1, balls) combinations."""
    r = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        rows = int(r.integers(1, 21))
        out.append((rows, int(r.integers(1, 7)), int(r.integers(2, rows + 2)),
                    int(r.integers(1, 300))))
    return out


@pytest.mark.parametrize("rows,features,cups,n", shapes(40))
@pytest.mark.parametrize("loss", LOSSES)
def test_numba_matches_numpy_twin(rows, features, cups, n, loss, rng):
    board, X, y = random_case(rng, rows, features, cups, n)
    value, grad = galton.loss_and_grad(board, X, y, loss, engine="numba")
    ref_value, ref_grad = galton.loss_and_grad(board, X, y, loss, engine="numpy")
    assert value == pytest.approx(ref_value, rel=1e-12, abs=1e-13)
    # ~1e-12 relative to the gradient's scale (entries near zero cannot carry relative digits)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-12, atol=1e-12 * np.abs(ref_grad).max())
    assert galton.loss(board, X, y, loss, engine="numba") == pytest.approx(value, rel=1e-13)
    np.testing.assert_allclose(
        kernels.bin_probabilities("numba", board.theta, X, rows),
        kernels.bin_probabilities("numpy", board.theta, X, rows), rtol=1e-12, atol=1e-15)


def test_numba_matches_twin_with_custom_cup_map(rng):
    board = galton.Board(7, 3, 3, bin_to_cup=[2, 2, 1, 1, 1, 1, 0, 0], init="normal", seed=3)
    X = rng.normal(size=(200, 3))
    y = rng.integers(0, 3, 200)
    for loss in LOSSES:
        a = galton.loss_and_grad(board, X, y, loss, engine="numba")
        b = galton.loss_and_grad(board, X, y, loss, engine="numpy")
        assert a[0] == pytest.approx(b[0], rel=1e-12)
        np.testing.assert_allclose(a[1], b[1], rtol=1e-10, atol=1e-14)


def test_sigmoid_kernel_matches_numpy_everywhere():
    z = np.concatenate([np.linspace(-800, 800, 20001), [0.0, -0.0, 1e-300, -1e-300, 708.0, -745.0]])
    p = np.empty((1, z.size))
    scratch = np.empty(z.size)
    q = np.empty_like(p)
    board_numba._sigmoid_row(z, p, q, 0, z.size, scratch, scratch.view(np.int64))
    ref = board_numpy.sigmoid(z)
    tiny = ref < 1e-290  # denormal territory: only absolute agreement is meaningful
    np.testing.assert_allclose(p[0][~tiny], ref[~tiny], rtol=2e-15)
    assert np.all(np.abs(p[0][tiny] - ref[tiny]) < 1e-290)


def central_difference(board, X, y, loss, h=1e-6):
    theta = board.theta.copy()
    grad = np.empty_like(theta)
    for idx in np.ndindex(theta.shape):
        for sign in (+1, -1):
            shifted = theta.copy()
            shifted[idx] += sign * h
            board.theta = shifted
            value = galton.loss(board, X, y, loss)
            grad[idx] = value / (2 * h) if sign > 0 else grad[idx] - value / (2 * h)
    board.theta = theta
    return grad


@pytest.mark.parametrize("rows,features,cups", [(1, 1, 2), (2, 3, 3), (4, 2, 2), (6, 3, 4)])
@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("engine", ["numba", "numpy"])
def test_gradient_matches_finite_differences(rows, features, cups, loss, engine, rng):
    board, X, y = random_case(rng, rows, features, cups, 40)
    board.engine = engine
    _, grad = galton.loss_and_grad(board, X, y, loss)
    np.testing.assert_allclose(grad, central_difference(board, X, y, loss), rtol=1e-6, atol=1e-8)


def test_result_does_not_depend_on_thread_count(rng):
    board, X, y = random_case(rng, 12, 4, 3, 1000)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = galton.loss_and_grad(board, X, y)
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        many = galton.loss_and_grad(board, X, y)
    finally:
        numba.set_num_threads(before)
    assert one[0] == many[0]
    assert np.array_equal(one[1], many[1])


@pytest.mark.parametrize("rows", [64, 80])
@pytest.mark.parametrize("loss", LOSSES)
def test_losses_stay_finite_on_deep_boards_and_huge_parameters(rows, loss, rng):
    board, X, y = random_case(rng, rows, 3, 4, 300, scale=200.0)
    value, grad = galton.loss_and_grad(board, X, y, loss)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    if loss == "cross_entropy":
        assert value <= -np.log(galton.core.losses.Q_FLOOR) + 1e-9
    ref_value, ref_grad = galton.loss_and_grad(board, X, y, loss, engine="numpy")
    assert value == pytest.approx(ref_value, rel=1e-10)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-8, atol=1e-12)
    # Extreme but finite parameters: every p is exactly 0 or 1, and nothing overflows.
    board.theta = np.full_like(board.theta, 1e150)
    value, grad = galton.loss_and_grad(board, np.abs(X) + 1, y, loss)
    assert np.isfinite(value) and np.all(np.isfinite(grad))


def chi_square_pvalue(counts, expected):
    """Pearson's test; bins expected to get fewer than 5 balls are pooled, as the test needs."""
    keep = expected >= 5
    observed, pooled = counts[keep], expected[keep]
    if not keep.all():
        observed = np.append(observed, counts[~keep].sum())
        pooled = np.append(pooled, expected[~keep].sum())
    pooled = pooled * observed.sum() / pooled.sum()  # exact totals, as scipy requires
    return stats.chisquare(observed, pooled).pvalue


def test_untrained_board_drops_binomially():
    rows, n = 10, 40000
    board = galton.Board(rows, 2, 2, seed=0)
    X = np.random.default_rng(1).normal(size=(n, 2))
    drop = board.drop(X, seed=2)
    expected = stats.binom.pmf(np.arange(rows + 1), rows, 0.5) * n
    np.testing.assert_allclose(board.bin_probabilities(X[:5]), np.tile(expected / n, (5, 1)),
                               rtol=1e-12)
    assert chi_square_pvalue(drop.bin_counts(), expected) > 1e-3


def test_drop_frequencies_match_bin_probabilities_of_a_trained_board():
    rows, n = 6, 30000
    board = galton.Board(rows, 2, 3, init="normal", scale=1.5, seed=4)
    x = np.array([[0.3, -0.8]])
    X = np.repeat(x, n, axis=0)
    expected = board.bin_probabilities(x)[0] * n
    assert chi_square_pvalue(board.drop(X, seed=5).bin_counts(), expected) > 1e-3


def test_drop_twins_agree_and_are_reproducible(rng):
    board, X, _ = random_case(rng, 9, 3, 3, 500)
    uniforms = np.random.default_rng(0).random((500, 9))
    t1, b1 = kernels.drop("numba", board.theta, X, 9, uniforms)
    t2, b2 = kernels.drop("numpy", board.theta, X, 9, uniforms)
    assert np.array_equal(t1, t2) and np.array_equal(b1, b2)
    assert np.array_equal(b1, t1.sum(axis=1))
    assert np.array_equal(board.drop(X, seed=3).turns, board.drop(X, seed=3).turns)


def test_kernels_run_without_jit():
    """The compiled kernels are plain Python too: run them with the JIT off (cheap board)."""
    code = """
import numpy as np, galton
from galton import kernels
b = galton.Board(3, 2, 2, init="normal", seed=1)
X = np.random.default_rng(0).normal(size=(70, 2)); y = np.arange(70) % 2
for loss in ("cross_entropy", "mse"):
    a = galton.loss_and_grad(b, X, y, loss, engine="numba")
    r = galton.loss_and_grad(b, X, y, loss, engine="numpy")
    assert abs(a[0] - r[0]) < 1e-12, (a[0], r[0])
    assert np.allclose(a[1], r[1], rtol=1e-10, atol=1e-14)
u = np.random.default_rng(1).random((70, 3))
assert np.array_equal(kernels.drop("numba", b.theta, X, 3, u)[1],
                      kernels.drop("numpy", b.theta, X, 3, u)[1])
print("ok")
"""
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_cup_layout_ranges_match_the_map():
    layout = CupLayout.build(9, 4)
    for c in range(4):
        assert np.all(layout.bin_to_cup[layout.lo[c]:layout.hi[c]] == c)
    assert layout.bin_to_cup.tolist() == [0, 0, 0, 1, 1, 2, 2, 2, 3, 3]


def test_one_minus_p_keeps_its_digits_where_a_peg_is_nearly_certain():
    z = np.array([20.0, 35.0, 300.0, -40.0])
    p = np.empty((1, 4))
    q = np.empty((1, 4))
    scratch = np.empty(4)
    board_numba._sigmoid_row(z, p, q, 0, 4, scratch, scratch.view(np.int64))
    exact_q = np.exp(-z) / (1 + np.exp(-z))
    np.testing.assert_allclose(q[0], exact_q, rtol=1e-14)
    np.testing.assert_allclose(board_numpy.sigmoid_pair(z)[1], exact_q, rtol=1e-14)


@pytest.mark.parametrize("engine", ["numba", "numpy"])
def test_evaluate_counts_correct_balls_like_predict(engine, rng):
    board, X, y = random_case(rng, 7, 3, 4, 333)
    value, correct, _grad = kernels.evaluate(engine, board.theta, X, y, 7, board.cup_layout,
                                             "mse")
    assert correct == int(np.sum(board.predict(X) == y))
    assert value == pytest.approx(galton.loss(board, X, y, "mse"), rel=1e-12)


def _compiled_loss_and_grad(board, X, y, chunk, kind=0):
    layout = board.cup_layout
    grad = np.empty_like(board.theta)
    value, correct = board_numba.loss_and_grad(
        board.theta, np.ascontiguousarray(X.T), y, board.rows, layout.bin_to_cup, layout.lo,
        layout.hi, kind, True, grad, chunk)
    return value, correct, grad


def test_compiled_kernel_is_bit_identical_on_one_and_two_threads(rng):
    # The facade runs small calls on one thread (kernels.SERIAL_BELOW): call the parallel
    # kernel itself, and the facade with a call large enough to go parallel.
    board, X, y = random_case(rng, 12, 4, 3, 1000)
    big_board, big_X, big_y = random_case(rng, 32, 3, 4, 1000)
    assert 1000 * 32 * 33 // 2 >= kernels.SERIAL_BELOW
    before = numba.get_num_threads()
    results = []
    try:
        for threads in (1, numba.config.NUMBA_NUM_THREADS):
            numba.set_num_threads(threads)
            results.append((_compiled_loss_and_grad(board, X, y, 128),
                            galton.loss_and_grad(big_board, big_X, big_y)))
    finally:
        numba.set_num_threads(before)
    (one, big_one), (many, big_many) = results
    assert one[0] == many[0] and one[1] == many[1] and np.array_equal(one[2], many[2])
    assert big_one[0] == big_many[0] and np.array_equal(big_one[1], big_many[1])


@pytest.mark.parametrize("rows", [1, 4, 12, 40, 64, 128, 256])
def test_chunks_are_sized_to_the_board(rows):
    pegs = rows * (rows + 1) // 2
    lanes = board_numba.chunk_for(rows)
    assert lanes % 8 == 0 and 16 <= lanes <= 128
    assert lanes == 16 or 24 * pegs * lanes <= board_numba.CHUNK_BYTES
    assert board_numba.chunk_for(rows, want_grad=False) == 128
    assert board_numba.chunk_for(rows, True, n_balls=5) == 8


@pytest.mark.parametrize("loss", [0, 1])
def test_chunk_length_changes_only_rounding(loss, rng):
    board, X, y = random_case(rng, 9, 3, 3, 203)  # 203 balls: the last chunk is partial
    ref = galton.loss_and_grad(board, X, y, LOSSES[loss], engine="numpy")
    for chunk in (8, 16, 40, 128, 256):
        value, correct, grad = _compiled_loss_and_grad(board, X, y, chunk, loss)
        assert value == pytest.approx(ref[0], rel=1e-12)
        assert correct == int(np.sum(board.predict(X) == y))
        np.testing.assert_allclose(grad, ref[1], rtol=1e-12, atol=1e-12 * np.abs(ref[1]).max())


def test_small_calls_run_on_the_calling_thread_alone():
    before = numba.get_num_threads()
    with kernels.threads_for(10):
        assert numba.get_num_threads() == 1
    assert numba.get_num_threads() == before
    with kernels.threads_for(kernels.SERIAL_BELOW):
        assert numba.get_num_threads() == before


def test_drawing_during_warm_up_uses_the_numpy_twin(rng):
    board, X, _ = random_case(rng, 8, 3, 3, 50)
    compiled = kernels.compiled_bin_probabilities(board.theta, X, 8)
    kernels.DRAW_WITH_NUMPY.set()
    try:
        drawn = kernels.bin_probabilities("numba", board.theta, X, 8)
    finally:
        kernels.DRAW_WITH_NUMPY.clear()
    assert np.array_equal(drawn, board_numpy.bin_probabilities(board.theta, X, 8))
    np.testing.assert_allclose(compiled, drawn, rtol=1e-12, atol=1e-15)


def test_read_only_and_foreign_inputs_use_the_compiled_specialization():
    """Lesson 14's frozen one-feature data set (read-only, and its transpose a view) made
    Numba compile a second loss_and_grad for 13 s in the middle of the lesson while the window
    waited at the compiler lock. The facade hands every kernel C-contiguous, writeable float64
    and int64 arrays, so any input uses the specializations `make setup` compiled."""
    from galton.kernels import landscape_numba

    rng = np.random.default_rng(3)
    board, X, y = random_case(rng, 4, 1, 3, 50)
    layout = CupLayout.build(board.rows, board.cups)
    d1, d2 = rng.normal(size=board.theta.shape), rng.normal(size=board.theta.shape)
    uniforms = rng.random((50, board.rows))

    def everything(theta, X, y, d1, d2, uniforms):
        out = [kernels.evaluate("numba", theta, X, y, board.rows, layout, "cross_entropy"),
               kernels.compiled_bin_probabilities(theta, X, board.rows),
               kernels.drop("numba", theta, X, board.rows, uniforms),
               kernels.slice_losses("numba", theta, d1, d2, [0.0, 0.5], [0.0, -0.5], X, y,
                                    board.rows, layout, "mse", want_grad=True)]
        return out

    expected = everything(board.theta, X, y, d1, d2, uniforms)
    kernel_functions = (board_numba.loss_and_grad, board_numba.bin_probabilities,
                        board_numba.drop, landscape_numba.slice_losses)
    before = [len(f.signatures) for f in kernel_functions]

    def frozen(a):
        a = np.array(a)
        a.setflags(write=False)
        return a

    odd = everything(frozen(board.theta), frozen(X), frozen(y.astype(np.int32)),
                     frozen(d1), frozen(d2), np.asfortranarray(frozen(uniforms)))
    assert [len(f.signatures) for f in kernel_functions] == before
    value, correct, grad = odd[0]
    assert (value, correct) == expected[0][:2]
    np.testing.assert_array_equal(grad, expected[0][2])
    np.testing.assert_array_equal(odd[1], expected[1])
    for got, want in zip(odd[2] + odd[3], expected[2] + expected[3], strict=True):
        np.testing.assert_array_equal(got, want)
