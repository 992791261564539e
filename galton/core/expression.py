"""Safe formulas in x and y for custom loss surfaces, with exact first and second derivatives.

Reading. ``parse("x**2 + 3*sin(y)")`` reads the text with Python's ``ast`` module and accepts
only a whitelist: real numbers, the names x, y, pi, e, the operators + - * / ** and unary
+/-, and calls of whitelisted functions (``FUNCTIONS``) with one positional argument.
Everything else (attributes, subscripts, lambdas, comprehensions, strings, keywords, other
names) is refused with an ``ExpressionError`` that names the offending piece and its column.
Nothing is ever passed to ``eval`` or ``compile``: the checked syntax tree is rebuilt as a
tree of our own numpy closures.

Differentiating. Each closure returns a *jet*: the value together with its exact derivatives
(forward mode, truncated at second order). A jet is a list ``[f, fx, fy, fxx, fxy, fyy]``,
shortened to ``[f]`` or ``[f, fx, fy]`` when less is asked for; an entry is ``None`` where
the derivative is identically zero, which saves work and keeps 0·inf from turning an exact
zero into nan. Every operator and function carries its own derivative rules (the chain rule
for f(u): f' u_i and f'' u_i u_j + f' u_ij), so the gradient and Hessian are exact symbolic
derivatives evaluated numerically, not finite differences, and their cost grows linearly
with the formula (a tree of derivative *formulas* can grow much faster: a nested power of
300 characters took 24 s for one Hessian on a 200×200 grid that way; this takes 0.14 s).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import NoReturn

import numpy as np

MAX_LENGTH = 500
MAX_DEPTH = 60  # nested operations; far more than any hand-written formula needs
MAX_EXPONENT = 1000.0  # |constant exponent|: x**1000 is already inf for |x| > 2.03
VARIABLES = ("x", "y")
CONSTANTS = {"pi": math.pi, "e": math.e}
# Second-derivative slots of a jet: (slot, first-derivative slot i, first-derivative slot j).
_PAIRS = ((3, 1, 1), (4, 1, 2), (5, 2, 2))
_SIZE = {0: 1, 1: 3, 2: 6}  # jet length by derivative order


class ExpressionError(ValueError):
    """A formula that is not allowed or not understood; says what and at which column."""


# --- jet arithmetic (None is an exact zero) ---------------------------------------------------
def _sum(*terms):
    present = [t for t in terms if t is not None]
    if not present:
        return None
    out = present[0]
    for t in present[1:]:
        out = out + t
    return out


def _prod(*factors):
    if any(f is None for f in factors):
        return None
    out = factors[0]
    for f in factors[1:]:
        out = out * f
    return out


def _neg(a):
    return None if a is None else -a


def _chain(u, f, f1, f2):
    """The jet of f(u), given f, f' and f'' evaluated at u's value."""
    out = [f]
    if len(u) > 1:
        out += [_prod(f1, u[1]), _prod(f1, u[2])]
    if len(u) > 3:
        out += [_sum(_prod(f2, u[i], u[j]), _prod(f1, u[k])) for k, i, j in _PAIRS]
    return out


def _add(a, b):
    return [_sum(p, q) for p, q in zip(a, b, strict=True)]


def _sub(a, b):
    return [_sum(p, _neg(q)) for p, q in zip(a, b, strict=True)]


def _mul(a, b):
    out = [a[0] * b[0]]
    if len(a) > 1:
        out += [_sum(_prod(a[i], b[0]), _prod(a[0], b[i])) for i in (1, 2)]
    if len(a) > 3:
        out += [_sum(_prod(a[k], b[0]), _prod(a[i], b[j]), _prod(a[j], b[i]), _prod(a[0], b[k]))
                for k, i, j in _PAIRS]
    return out


def _div(a, b):
    # From a = q·b differentiated once and twice: q_i = (a_i − q b_i)/b and
    # q_ij = (a_ij − q_i b_j − q_j b_i − q b_ij)/b. The value stays a plain a/b.
    q = [a[0] / b[0]]
    if len(a) == 1:
        return q
    inv = 1.0 / b[0]
    q += [_prod(_sum(a[i], _neg(_prod(q[0], b[i]))), inv) for i in (1, 2)]
    if len(a) > 3:
        q += [_prod(_sum(a[k], _neg(_prod(q[i], b[j])), _neg(_prod(q[j], b[i])),
                         _neg(_prod(q[0], b[k]))), inv) for k, i, j in _PAIRS]
    return q


def _power_const(u, n):
    """u ** n for a constant n: the rule n·u^(n−1), n(n−1)·u^(n−2)."""
    if n == 0:
        return [np.ones_like(u[0])] + [None] * (len(u) - 1)
    if n == 1:
        return u
    if float(n).is_integer():
        n = int(n)  # integer powers of negative numbers are real; np.power keeps them so
    base = u[0]
    f = np.power(base, n)
    if len(u) == 1:
        return [f]
    return _chain(u, f, n * np.power(base, n - 1), n * (n - 1) * np.power(base, n - 2))


def _power(a, b):
    """a ** b with both varying: p = a^b, g = b ln a, p_i = p g_i, p_ij = p (g_i g_j + g_ij)."""
    p = np.power(a[0], b[0])
    if len(a) == 1:
        return [p]
    log_a, inv = np.log(a[0]), 1.0 / a[0]
    g = [None] + [_sum(_prod(b[i], log_a), _prod(b[0], a[i], inv)) for i in (1, 2)]
    out = [p, _prod(p, g[1]), _prod(p, g[2])]
    if len(a) > 3:
        for k, i, j in _PAIRS:
            # g_ij = b_ij ln a + (b_i a_j + b_j a_i)/a + b (a_ij/a − a_i a_j/a²)
            g_ij = _sum(_prod(b[k], log_a), _prod(b[i], a[j], inv), _prod(b[j], a[i], inv),
                        _prod(b[0], _sum(_prod(a[k], inv), _neg(_prod(a[i], a[j], inv, inv)))))
            out.append(_prod(p, _sum(_prod(g[i], g[j]), g_ij)))
    return out


# --- the whitelisted functions: name -> u -> (f, f', f'') -------------------------------------
def _sigmoid(u):
    return 0.5 * (1.0 + np.tanh(0.5 * u))  # no overflow warning for large |u|, unlike exp


def _tan(u):
    t = np.tan(u)
    return t, 1 + t * t, 2 * t * (1 + t * t)


def _tanh(u):
    t = np.tanh(u)
    return t, 1 - t * t, -2 * t * (1 - t * t)


def _sqrt(u):
    s = np.sqrt(u)
    return s, 0.5 / s, -0.25 / (u * s)


def _asin(u):
    r = 1 / np.sqrt(1 - u * u)
    return np.arcsin(u), r, u * r ** 3


def _acos(u):
    r = 1 / np.sqrt(1 - u * u)
    return np.arccos(u), -r, -u * r ** 3


def _atan(u):
    r = 1 / (1 + u * u)
    return np.arctan(u), r, -2 * u * r * r


def _logistic(u):
    s = _sigmoid(u)
    return s, s * (1 - s), s * (1 - s) * (1 - 2 * s)


def _exp(u):
    f = np.exp(u)
    return f, f, f


FUNCTIONS: dict[str, Callable[[np.ndarray], tuple]] = {
    "sin": lambda u: (np.sin(u), np.cos(u), -np.sin(u)),
    "cos": lambda u: (np.cos(u), -np.sin(u), -np.cos(u)),
    "tan": _tan,
    "exp": _exp,
    "expm1": lambda u: (np.expm1(u), np.exp(u), np.exp(u)),
    "log": lambda u: (np.log(u), 1 / u, -1 / (u * u)),
    "log1p": lambda u: (np.log1p(u), 1 / (1 + u), -1 / ((1 + u) * (1 + u))),
    "sqrt": _sqrt,
    # |u| and sign(u): the kink at 0 has no derivative; we report the one-sided convention
    # sign(u) (0 at 0) and curvature 0, as numpy and autodiff libraries do.
    "abs": lambda u: (np.abs(u), np.sign(u), None),
    "sign": lambda u: (np.sign(u), None, None),
    "tanh": _tanh,
    "sinh": lambda u: (np.sinh(u), np.cosh(u), np.sinh(u)),
    "cosh": lambda u: (np.cosh(u), np.sinh(u), np.cosh(u)),
    "atan": _atan,
    "asin": _asin,
    "acos": _acos,
    "sigmoid": _logistic,
}
#: Only the value is needed when drawing a grid; these skip computing f' and f''.
_VALUES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "expm1": np.expm1,
    "log": np.log, "log1p": np.log1p, "sqrt": np.sqrt, "abs": np.abs, "sign": np.sign,
    "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "atan": np.arctan,
    "asin": np.arcsin, "acos": np.arccos, "sigmoid": _sigmoid}
ALIASES = {"arctan": "atan", "arcsin": "asin", "arccos": "acos", "ln": "log"}


# --- parsing: ast -> closures ------------------------------------------------------------------
class _Piece:
    """A checked sub-formula: ``run(env, order) -> jet``; ``const`` is its value if constant."""

    __slots__ = ("const", "run")

    def __init__(self, run, const=None):
        self.run, self.const = run, const


def _constant(value: float) -> _Piece:
    c = np.float64(value)  # numpy scalars give inf/nan under errstate; Python floats raise
    return _Piece(lambda env, order: [c] + [None] * (_SIZE[order] - 1), float(c))


class _Reader:
    def __init__(self, lead: int):
        self.lead = lead  # leading blanks removed before parsing, given back in the columns

    def where(self, node) -> str:
        # col_offset counts UTF-8 bytes, but a refused piece never follows a non-ASCII
        # character on its line (pieces are checked left to right; strings are refused), so
        # bytes and characters agree here.
        line, col = getattr(node, "lineno", None), getattr(node, "col_offset", None)
        if line is None or col is None:
            return ""
        if line == 1:
            return f" at column {col + 1 + self.lead}"
        return f" at line {line}, column {col + 1}"

    def fail(self, node, message, hint="") -> NoReturn:
        raise ExpressionError(f"{message}{self.where(node)}" + (f"; {hint}" if hint else ""))

    def read(self, node, depth=0) -> _Piece:
        if depth > MAX_DEPTH:
            self.fail(node, f"the formula is nested too deeply (more than {MAX_DEPTH} levels)")
        if isinstance(node, ast.Expression):
            return self.read(node.body, depth + 1)
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        self.fail(node, f"{type(node).__name__} is not allowed in a formula",
                  "use numbers, x, y, pi, e, + - * / ** and functions like sin(x)")

    def number(self, node):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.fail(node, f"only real numbers are allowed as constants, got {v!r}")
        try:
            v = float(v)
        except OverflowError:
            v = math.inf
        if not math.isfinite(v):
            self.fail(node, "the number is too large")
        return _constant(v)

    def name(self, node):
        if node.id in VARIABLES:
            slot = 1 + VARIABLES.index(node.id)

            def var(env, order, name=node.id):
                jet = [env[name]] + [None] * (_SIZE[order] - 1)
                if order:
                    jet[slot] = 1.0
                return jet
            return _Piece(var)
        if node.id in CONSTANTS:
            return _constant(CONSTANTS[node.id])
        self.fail(node, f"unknown name {node.id!r}", "allowed: x, y, pi, e")

    def unary(self, node, depth):
        a = self.read(node.operand, depth + 1)
        if isinstance(node.op, ast.UAdd):
            return a
        if not isinstance(node.op, ast.USub):
            self.fail(node, f"operator {type(node.op).__name__} is not allowed", "use + - * / **")
        return self.fold(node, _Piece(lambda env, order: [_neg(t) for t in a.run(env, order)]),
                         a)

    def binary(self, node, depth):
        a, b = self.read(node.left, depth + 1), self.read(node.right, depth + 1)
        op = type(node.op)
        if op is ast.Pow:
            return self.power(node, a, b)
        rule = {ast.Add: _add, ast.Sub: _sub, ast.Mult: _mul, ast.Div: _div}.get(op)
        if rule is None:
            self.fail(node, f"operator {op.__name__} is not allowed", "use + - * / **")
        return self.fold(node, _Piece(lambda env, order: rule(a.run(env, order),
                                                              b.run(env, order))), a, b)

    def power(self, node, a, b):
        if b.const is not None:
            n = b.const
            # Checked before anything is computed: 9**9**9 stops here, at 9**387420489.
            if abs(n) > MAX_EXPONENT:
                self.fail(node, f"exponent {n:g} is too large (at most {MAX_EXPONENT:g})")
            return self.fold(node, _Piece(lambda env, order: _power_const(a.run(env, order), n)),
                             a, b)
        if a.const is not None:
            # c ** u = exp(u ln c): the chain rule with f' = f ln c, f'' = f (ln c)².
            c = a.const
            # 0**u is flat where it is finite; a negative base has no real slope.
            log_c = math.log(c) if c > 0 else 0.0 if c == 0 else math.nan

            def exponential(env, order):
                u = b.run(env, order)
                f = np.power(c, u[0])
                return _chain(u, f, f * log_c, f * log_c * log_c)
            return _Piece(exponential)
        return _Piece(lambda env, order: _power(a.run(env, order), b.run(env, order)))

    def call(self, node, depth):
        if not isinstance(node.func, ast.Name):
            self.fail(node, "only calls of plain function names are allowed, like sin(x)")
        name = ALIASES.get(node.func.id, node.func.id)
        if name not in FUNCTIONS:
            self.fail(node, f"function {node.func.id!r} is not allowed",
                      f"allowed: {', '.join(sorted(FUNCTIONS))}")
        if node.keywords or len(node.args) != 1:
            self.fail(node, f"{node.func.id}() takes exactly one argument, like "
                            f"{node.func.id}(x)")
        u = self.read(node.args[0], depth + 1)
        rule, value = FUNCTIONS[name], _VALUES[name]

        def function(env, order):
            arg = u.run(env, order)
            if order == 0:
                return [value(arg[0])]
            return _chain(arg, *rule(arg[0]))
        return self.fold(node, _Piece(function), u)

    def fold(self, node, piece, *parts):
        """Work out a constant sub-formula now, so exponents can be checked before use."""
        if any(p.const is None for p in parts):
            return piece
        with np.errstate(all="ignore"):
            v = float(piece.run({}, 0)[0])
        if not math.isfinite(v):
            self.fail(node, f"this constant part is not a finite number ({v})")
        return _constant(v)


class Expression:
    """A checked formula f(x, y): vectorised value, exact gradient and exact Hessian."""

    def __init__(self, text: str):
        if not isinstance(text, str):
            raise ExpressionError(f"the formula must be text, got {type(text).__name__}")
        if len(text) > MAX_LENGTH:
            raise ExpressionError(f"the formula is too long ({len(text)} characters; at most "
                                  f"{MAX_LENGTH})")
        body = text.strip()
        if not body:
            raise ExpressionError("the formula is empty")
        lead = len(text) - len(text.lstrip())
        try:
            tree = ast.parse(body, mode="eval")
        except SyntaxError as exc:
            # offset 0 means "ran out of text": point just past the end.
            col = (exc.offset or len(body) + 1) + lead
            where = f" at column {col}" if exc.lineno == 1 else f" at line {exc.lineno}"
            raise ExpressionError(f"not a formula: {exc.msg}{where}") from None
        except (ValueError, MemoryError, RecursionError) as exc:  # null bytes, huge nesting
            raise ExpressionError(f"not a formula: {exc}") from None
        self.text = body
        self._root = _Reader(lead).read(tree)

    def jet(self, x, y, order: int = 2):
        """[f] (order 0), [f, fx, fy] (1) or [f, fx, fy, fxx, fxy, fyy] (2) at (x, y), each a
        float64 array of the broadcast shape of x and y."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast_shapes(x.shape, y.shape)
        with np.errstate(all="ignore"):  # nan/inf outside the domain is the honest answer
            jet = self._root.run({"x": x, "y": y}, order)
        jet = [np.zeros(shape) if t is None else
               np.broadcast_to(np.asarray(t, dtype=np.float64), shape).copy() for t in jet]
        # The chain rule still gives numbers where the value is nan (log'(−1) = −1); there is
        # no surface there, so there is no slope either.
        undefined = np.isnan(jet[0])
        if order and undefined.any():
            for t in jet[1:]:
                t[undefined] = np.nan
        return jet

    def value(self, x, y):
        return self.jet(x, y, 0)[0]

    def gradient(self, x, y):
        _, fx, fy = self.jet(x, y, 1)
        return fx, fy

    def hessian(self, x, y):
        return tuple(self.jet(x, y, 2)[3:])

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"Expression({self.text!r})"


def parse(text: str) -> Expression:
    return Expression(text)
