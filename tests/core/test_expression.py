"""Safe custom formulas: what is accepted, what is refused, and exact derivatives."""

import ast
import builtins
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from galton.core import expression
from galton.surfaces import ExpressionError, from_expression


def sigmoid(t):
    return 1 / (1 + np.exp(-t))


# Each formula with a numpy twin; all are smooth for x in [0.5, 2], y in [-2, 2].
FORMULAS = [
    ("x**2 + 3*sin(y)", lambda x, y: x ** 2 + 3 * np.sin(y)),
    ("(x - 1)**2 + 100*(y - x**2)**2", lambda x, y: (x - 1) ** 2 + 100 * (y - x ** 2) ** 2),
    ("exp(-x*x - y*y) * cos(pi*x)", lambda x, y: np.exp(-x * x - y * y) * np.cos(np.pi * x)),
    ("sqrt(x*x + y*y + 1) / (2 + tanh(y))",
     lambda x, y: np.sqrt(x * x + y * y + 1) / (2 + np.tanh(y))),
    ("-x + +y - 2.5e-1*x*y", lambda x, y: -x + y - 0.25 * x * y),
    ("log1p(x*x) + atan(y) + sigmoid(x - y)",
     lambda x, y: np.log1p(x * x) + np.arctan(y) + sigmoid(x - y)),
    ("(x*x + 2)**(y/3)", lambda x, y: (x * x + 2) ** (y / 3)),
    ("x**y", lambda x, y: x ** y),
    ("2**(x*y) + e**y", lambda x, y: 2.0 ** (x * y) + np.e ** y),
    ("x**-2 + e*y", lambda x, y: x ** -2.0 + np.e * y),
    ("x**0.5 * y**3 + x**0 + y**1", lambda x, y: np.sqrt(x) * y ** 3 + 1 + y),
    ("cosh(x/3) * sinh(y/3) + abs(y - 3)**3", lambda x, y: np.cosh(x / 3) * np.sinh(y / 3)
     + np.abs(y - 3) ** 3),
    ("tan(x/2) + arcsin(y/3) * acos(x/3) + arctan(x*y)",
     lambda x, y: np.tan(x / 2) + np.arcsin(y / 3) * np.arccos(x / 3) + np.arctan(x * y)),
    ("ln(x) + log(x*y*y + 1) + expm1(y/2)",
     lambda x, y: 2 * np.log(x) - np.log(x) + np.log(x * y * y + 1) + np.expm1(y / 2)),
    ("x / y**2 / (1 + x*y*y)", lambda x, y: x / y ** 2 / (1 + x * y * y)),
    ("sign(y + 3) * x**3", lambda x, y: x ** 3),
    ("7", lambda x, y: 7 + 0 * x),
]


@pytest.mark.parametrize("text,reference", FORMULAS)
def test_values_match_numpy(text, reference, rng):
    s = from_expression(text)
    x, y = rng.uniform(0.5, 2.0, 30), rng.uniform(-2, 2, 30)
    np.testing.assert_allclose(s.value(x, y), reference(x, y), rtol=1e-12)
    assert s.value(1.0, 2.0).shape == ()
    assert s.value(x[:, None], y[None, :5]).shape == (30, 5)
    for part in (*s.gradient(x[:, None], y[:5]), *s.hessian(x[:, None], y[:5])):
        assert part.shape == (30, 5) and part.dtype == np.float64


def finite_differences(s, p):
    h = 1e-6
    grad = np.array([(s.f(p + e) - s.f(p - e)) / (2 * h) for e in np.eye(2) * h])
    h = 1e-5
    hess = np.array([(s.grad(p + e) - s.grad(p - e)) / (2 * h) for e in np.eye(2) * h]).T
    return grad, hess


def check_derivatives(s, p):
    grad, hess = finite_differences(s, p)
    np.testing.assert_allclose(s.grad(p), grad, rtol=1e-6, atol=1e-6 * (1 + abs(grad).max()))
    H = s.hess(p)
    np.testing.assert_allclose(H, hess, rtol=1e-5, atol=1e-5 * (1 + abs(hess).max()))


@pytest.mark.parametrize("text", [f for f, _ in FORMULAS])
def test_gradient_and_hessian_match_finite_differences(text, rng):
    s = from_expression(text)
    for _ in range(5):
        check_derivatives(s, np.array([rng.uniform(0.5, 2.0), rng.uniform(-2, 2)]))


@settings(max_examples=50, deadline=None)
@given(st.sampled_from([f for f, _ in FORMULAS]), st.floats(0.5, 2.0), st.floats(0.25, 2.0))
def test_derivatives_match_finite_differences_anywhere(text, x, y):
    check_derivatives(from_expression(text), np.array([x, y]))


@settings(max_examples=60, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3))
def test_derivatives_are_exact_for_a_bumpy_formula(x, y):
    s = from_expression("sin(3*x)*cos(2*y) + 0.1*(x**2 + y**2)")
    gx, gy = s.gradient(x, y)
    assert gx == pytest.approx(3 * np.cos(3 * x) * np.cos(2 * y) + 0.2 * x, rel=1e-13, abs=1e-14)
    assert gy == pytest.approx(-2 * np.sin(3 * x) * np.sin(2 * y) + 0.2 * y, rel=1e-13,
                               abs=1e-14)
    hxx, hxy, hyy = s.hessian(x, y)
    assert hxx == pytest.approx(-9 * np.sin(3 * x) * np.cos(2 * y) + 0.2, rel=1e-13, abs=1e-14)
    assert hxy == pytest.approx(-6 * np.cos(3 * x) * np.sin(2 * y), rel=1e-13, abs=1e-14)
    assert hyy == pytest.approx(-4 * np.sin(3 * x) * np.cos(2 * y) + 0.2, rel=1e-13, abs=1e-14)


def test_zero_derivatives_are_exact_zeros():
    # sqrt(x) has an infinite slope at 0; a mixed derivative that is zero by construction must
    # not become 0·inf = nan.
    s = from_expression("sqrt(x) + y**2")
    hxx, hxy, hyy = s.hessian(0.0, 1.0)
    assert hxy == 0 and hyy == 2 and hxx == -np.inf
    assert s.gradient(0.0, 1.0) == (np.inf, 2.0)
    np.testing.assert_array_equal(from_expression("x**2 + 3*sin(y)").hessian([1, 2], 3)[1],
                                  [0.0, 0.0])


def test_integer_powers_of_negative_numbers_are_real():
    s = from_expression("x**3 + x**-2")
    assert s.value(-2.0, 0.0) == -8 + 0.25
    assert s.gradient(-2.0, 0.0)[0] == pytest.approx(12 + 0.25)
    assert s.hessian(-2.0, 0.0)[0] == pytest.approx(-12 + 6 / 16)


def test_outside_the_domain_is_nan_without_warnings():
    s = from_expression("log(x) + sqrt(y) + 1/x")
    assert np.isnan(s.value(-1.0, 1.0)) and np.isnan(s.value(1.0, -1.0))
    assert s.value(0.0, 1.0) == -np.inf or np.isnan(s.value(0.0, 1.0))
    # The chain rule alone would give log'(−1) = −1: no slope where there is no surface.
    assert all(np.isnan(g) for g in (*s.gradient(-1.0, 1.0), *s.hessian(-1.0, 1.0)))
    gx, gy = s.gradient([-1.0, 1.0], 1.0)
    assert np.isnan(gx[0]) and gx[1] == 0.0 and gy[1] == 0.5


def test_surface_from_expression():
    s = from_expression("  (x - 1)**2 + y**2 ", default_start=(3, 3))
    assert s.name == "(x - 1)**2 + y**2" and s.description == "f(x, y) = (x - 1)**2 + y**2"
    assert s.known_minima == [] and s.default_start == (3.0, 3.0)
    assert from_expression("x*y", name="twist").name == "twist"
    assert str(expression.parse("x*y")) == "x*y"


def test_never_evaluates_text(monkeypatch):
    real_compile = builtins.compile

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec must not be used")

    def parse_only(source, filename, mode, flags=0, *args, **kwargs):
        # ast.parse is compile(..., PyCF_ONLY_AST): a syntax tree, never a code object.
        assert flags & ast.PyCF_ONLY_AST, "formula text was compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    # Undone before pytest writes its report, which itself compiles code.
    with monkeypatch.context() as patch:
        patch.setattr(builtins, "eval", refuse)
        patch.setattr(builtins, "exec", refuse)
        patch.setattr(builtins, "compile", parse_only)
        s = from_expression("x**2 + 3*sin(y) + (x*x + 2)**(y/3)")
        assert s.hess((1.0, 2.0))[0, 0] > 0


def test_nested_powers_stay_fast():
    # Derivative *formulas* of nested powers grow quickly (this took 24 s as a formula tree);
    # forward-mode jets grow with the formula.
    text = "x*y"
    for _ in range(20):
        text = f"(1+x*x)**(0.1*{text})"
    s = from_expression(text)
    X, Y = np.meshgrid(np.linspace(-2, 2, 200), np.linspace(-2, 2, 200))
    start = time.perf_counter()
    s.hessian(X, Y)
    assert time.perf_counter() - start < 3.0


@pytest.mark.parametrize("text,match", [
    ("__import__('os').system('ls')", "only calls of plain function names are allowed"),
    ("__import__('os')", r"function '__import__' is not allowed at column 1; allowed: abs, "),
    ("open('/etc/passwd')", "function 'open' is not allowed at column 1"),
    ("().__class__", "Attribute is not allowed in a formula at column 1"),
    ("x.real", "Attribute is not allowed"),
    ("sin.__globals__", "Attribute is not allowed"),
    ("x[0]", "Subscript is not allowed"),
    ("(lambda: 1)()", "only calls of plain function names"),
    ("lambda: 1", "Lambda is not allowed"),
    ("[x for x in y]", "ListComp is not allowed"),
    ("sum(t for t in (x, y))", "function 'sum' is not allowed"),
    ("'text'", "only real numbers are allowed as constants, got 'text' at column 1"),
    ("x + b'1'", "only real numbers are allowed as constants, got b'1' at column 5"),
    ("x + 1j", "only real numbers are allowed as constants, got 1j at column 5"),
    ("True + x", "only real numbers are allowed as constants, got True"),
    ("z + 1", "unknown name 'z' at column 1; allowed: x, y, pi, e"),
    ("x + z", "unknown name 'z' at column 5; allowed: x, y, pi, e"),
    ("  x + z", "unknown name 'z' at column 7"),  # columns count what the learner typed
    ("(x +\n q)", "unknown name 'q' at line 2, column 2"),
    ("sin(x) * __builtins__", "unknown name '__builtins__' at column 10"),
    ("sin(x, y)", "sin\\(\\) takes exactly one argument"),
    ("sin(x=1)", "takes exactly one argument"),
    ("sin(*x)", "Starred is not allowed"),
    ("(y := 2)", "NamedExpr is not allowed"),
    ("f'{x}'", "JoinedStr is not allowed"),
    ("9**9**9", "exponent 3.8742e\\+08 is too large \\(at most 1000\\) at column 1"),
    ("x ** 5000", "exponent 5000 is too large .at most 1000. at column 1"),
    ("10**400 * x", "this constant part is not a finite number"),
    ("x + 1/0", "this constant part is not a finite number \\(inf\\) at column 5"),
    ("1" + "0" * 400 + " * x", "the number is too large at column 1"),
    ("1e999 * x", "the number is too large"),
    ("x // 2", "operator FloorDiv is not allowed at column 1; use \\+ - \\* / \\*\\*"),
    ("x % 2", "operator Mod is not allowed"),
    ("x ^ 2", "operator BitXor is not allowed"),
    ("~x", "operator Invert is not allowed"),
    ("not x", "operator Not is not allowed"),
    ("x if y else 1", "IfExp is not allowed"),
    ("x == y", "Compare is not allowed"),
    ("x and y", "BoolOp is not allowed"),
    ("(x, y)", "Tuple is not allowed"),
    ("{x: y}", "Dict is not allowed"),
    ("...", "only real numbers are allowed as constants, got Ellipsis"),
    ("x +", "not a formula: invalid syntax at column 4"),
    (" x + * 2", "not a formula: invalid syntax at column 6"),
    ("(x +\n * 2)", "not a formula: invalid syntax at line 2"),
    ("import os", "not a formula"),
    ("x = 1", "not a formula"),
    ("x\0", "not a formula"),
    ("", "the formula is empty"),
    ("   ", "the formula is empty"),
    ("x + " * 200 + "1", "the formula is too long \\(801 characters; at most 500\\)"),
    ("-" * 100 + "x", "nested too deeply"),
])
def test_unsafe_or_invalid_formulas_are_refused(text, match):
    with pytest.raises(ExpressionError, match=match):
        from_expression(text)


def test_refusals_are_value_errors_and_not_text_is_refused():
    assert issubclass(ExpressionError, ValueError)
    with pytest.raises(ExpressionError, match="must be text, got int"):
        from_expression(3)


def test_big_constant_powers_are_refused_before_they_are_computed():
    start = time.perf_counter()
    with pytest.raises(ExpressionError, match="too large"):
        from_expression("9**9**9**9")
    assert time.perf_counter() - start < 0.5
    assert from_expression("x**1000").value(1.0, 0.0) == 1.0
    assert from_expression("2**-3 * x").value(8.0, 0.0) == 1.0
    assert from_expression("0**x").gradient(2.0, 0.0) == (0.0, 0.0)
