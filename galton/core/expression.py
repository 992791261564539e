"""Safe formulas in x and y for custom loss surfaces, with exact symbolic derivatives.

``parse("x**2 + 3*sin(y)")`` reads the text with Python's ``ast`` module and accepts only a
whitelist: numbers, the names x, y, pi, e, the operators + - * / ** and unary minus, and calls
of whitelisted math functions with one positional argument. Nothing is ever passed to
``eval``: the syntax tree is rebuilt as a small tree of our own nodes, which evaluates itself
with numpy and differentiates itself symbolically (the chain rule, node by node). The gradient
and the Hessian are therefore exact, not finite differences.
"""

from __future__ import annotations

import ast
import math

import numpy as np

MAX_LENGTH = 500
MAX_DEPTH = 60
MAX_EXPONENT = 1000.0
VARIABLES = ("x", "y")
CONSTANTS = {"pi": math.pi, "e": math.e}


class ExpressionError(ValueError):
    """A formula that is not allowed or not understood; says what and at which column."""


# --- the expression tree ---------------------------------------------------------------------
class Node:
    def eval(self, env):
        raise NotImplementedError

    def diff(self, var: str) -> "Node":
        raise NotImplementedError


class Const(Node):
    def __init__(self, value: float):
        self.value = float(value)

    def eval(self, env):
        return self.value

    def diff(self, var):
        return ZERO

    def __str__(self):
        return repr(self.value)


ZERO, ONE = Const(0.0), Const(1.0)


class Var(Node):
    def __init__(self, name: str):
        self.name = name

    def eval(self, env):
        return env[self.name]

    def diff(self, var):
        return ONE if var == self.name else ZERO

    def __str__(self):
        return self.name


def _is(node, value):
    return isinstance(node, Const) and node.value == value


def add(a, b):
    if _is(a, 0):
        return b
    if _is(b, 0):
        return a
    if isinstance(a, Const) and isinstance(b, Const):
        return Const(a.value + b.value)
    return Binary("+", a, b)


def sub(a, b):
    if _is(b, 0):
        return a
    if isinstance(a, Const) and isinstance(b, Const):
        return Const(a.value - b.value)
    return Binary("-", a, b)


def mul(a, b):
    if _is(a, 0) or _is(b, 0):
        return ZERO
    if _is(a, 1):
        return b
    if _is(b, 1):
        return a
    if isinstance(a, Const) and isinstance(b, Const):
        return Const(a.value * b.value)
    return Binary("*", a, b)


def div(a, b):
    if _is(a, 0):
        return ZERO
    if _is(b, 1):
        return a
    return Binary("/", a, b)


def neg(a):
    if isinstance(a, Const):
        return Const(-a.value)
    return Neg(a)


class Neg(Node):
    def __init__(self, a):
        self.a = a

    def eval(self, env):
        return -self.a.eval(env)

    def diff(self, var):
        return neg(self.a.diff(var))

    def __str__(self):
        return f"(-{self.a})"


class Binary(Node):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b

    def eval(self, env):
        a, b = self.a.eval(env), self.b.eval(env)
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        if self.op == "*":
            return a * b
        return a / b

    def diff(self, var):
        da, db = self.a.diff(var), self.b.diff(var)
        if self.op == "+":
            return add(da, db)
        if self.op == "-":
            return sub(da, db)
        if self.op == "*":
            return add(mul(da, self.b), mul(self.a, db))
        # (a/b)' = (a' b − a b') / b²
        return div(sub(mul(da, self.b), mul(self.a, db)), mul(self.b, self.b))

    def __str__(self):
        return f"({self.a} {self.op} {self.b})"


class Pow(Node):
    def __init__(self, a, b):
        self.a, self.b = a, b

    def eval(self, env):
        a, b = self.a.eval(env), self.b.eval(env)
        if isinstance(self.b, Const) and float(self.b.value).is_integer():
            return np.power(a, int(self.b.value)) if self.b.value >= 0 else 1.0 / np.power(
                a, int(-self.b.value))
        return np.power(a, b)

    def diff(self, var):
        da, db = self.a.diff(var), self.b.diff(var)
        if isinstance(self.b, Const):
            # (a^n)' = n a^(n−1) a'
            n = self.b.value
            return mul(mul(Const(n), Pow(self.a, Const(n - 1.0)) if n != 1 else ONE), da)
        # (a^b)' = a^b (b' ln a + b a'/a)
        return mul(self, add(mul(db, Call("log", self.a)), div(mul(self.b, da), self.a)))

    def __str__(self):
        return f"({self.a} ** {self.b})"


def _sigmoid(v):
    return 0.5 * (1.0 + np.tanh(0.5 * v))


#: name -> (numpy function, derivative as a function of the argument node)
FUNCTIONS = {
    "sin": (np.sin, lambda a: Call("cos", a)),
    "cos": (np.cos, lambda a: neg(Call("sin", a))),
    "tan": (np.tan, lambda a: div(ONE, mul(Call("cos", a), Call("cos", a)))),
    "exp": (np.exp, lambda a: Call("exp", a)),
    "log": (np.log, lambda a: div(ONE, a)),
    "log1p": (np.log1p, lambda a: div(ONE, add(ONE, a))),
    "expm1": (np.expm1, lambda a: Call("exp", a)),
    "sqrt": (np.sqrt, lambda a: div(Const(0.5), Call("sqrt", a))),
    "abs": (np.abs, lambda a: Call("sign", a)),
    "sign": (np.sign, lambda a: ZERO),
    "tanh": (np.tanh, lambda a: sub(ONE, mul(Call("tanh", a), Call("tanh", a)))),
    "sinh": (np.sinh, lambda a: Call("cosh", a)),
    "cosh": (np.cosh, lambda a: Call("sinh", a)),
    "atan": (np.arctan, lambda a: div(ONE, add(ONE, mul(a, a)))),
    "asin": (np.arcsin, lambda a: div(ONE, Call("sqrt", sub(ONE, mul(a, a))))),
    "acos": (np.arccos, lambda a: neg(div(ONE, Call("sqrt", sub(ONE, mul(a, a)))))),
    "sigmoid": (_sigmoid, lambda a: mul(Call("sigmoid", a), sub(ONE, Call("sigmoid", a)))),
}
ALIASES = {"arctan": "atan", "arcsin": "asin", "arccos": "acos", "ln": "log"}


class Call(Node):
    def __init__(self, name, a):
        self.name, self.a = name, a

    def eval(self, env):
        return FUNCTIONS[self.name][0](self.a.eval(env))

    def diff(self, var):
        return mul(FUNCTIONS[self.name][1](self.a), self.a.diff(var))

    def __str__(self):
        return f"{self.name}({self.a})"


# --- parsing ---------------------------------------------------------------------------------
def _fail(node, message, hint=""):
    col = getattr(node, "col_offset", None)
    where = f" at column {col + 1}" if col is not None else ""
    raise ExpressionError(f"{message}{where}" + (f"; {hint}" if hint else ""))


def _convert(node, depth=0) -> Node:
    if depth > MAX_DEPTH:
        _fail(node, f"the formula is nested too deeply (more than {MAX_DEPTH} levels)")
    if isinstance(node, ast.Expression):
        return _convert(node.body, depth + 1)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            _fail(node, f"only numbers are allowed as constants, got {node.value!r}")
        if not math.isfinite(float(node.value)):
            _fail(node, "numbers must be finite")
        return Const(node.value)
    if isinstance(node, ast.Name):
        if node.id in VARIABLES:
            return Var(node.id)
        if node.id in CONSTANTS:
            return Const(CONSTANTS[node.id])
        _fail(node, f"unknown name {node.id!r}", "allowed: x, y, pi, e")
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.USub):
            return neg(_convert(node.operand, depth + 1))
        if isinstance(node.op, ast.UAdd):
            return _convert(node.operand, depth + 1)
        _fail(node, f"operator {type(node.op).__name__} is not allowed")
    if isinstance(node, ast.BinOp):
        a, b = _convert(node.left, depth + 1), _convert(node.right, depth + 1)
        op = type(node.op)
        if op is ast.Add:
            return add(a, b)
        if op is ast.Sub:
            return sub(a, b)
        if op is ast.Mult:
            return mul(a, b)
        if op is ast.Div:
            return div(a, b)
        if op is ast.Pow:
            if isinstance(b, Const) and abs(b.value) > MAX_EXPONENT:
                _fail(node, f"exponent {b.value:g} is too large (at most {MAX_EXPONENT:g})")
            if isinstance(a, Const) and isinstance(b, Const):
                try:
                    value = a.value ** b.value
                except (OverflowError, ZeroDivisionError) as exc:
                    _fail(node, f"cannot evaluate {a.value:g} ** {b.value:g}: {exc}")
                if isinstance(value, complex) or not math.isfinite(value):
                    _fail(node, f"{a.value:g} ** {b.value:g} is not a finite real number")
                return Const(value)
            return Pow(a, b)
        _fail(node, f"operator {op.__name__} is not allowed", "use + - * / **")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            _fail(node, "only calls of plain function names are allowed, like sin(x)")
        name = ALIASES.get(node.func.id, node.func.id)
        if name not in FUNCTIONS:
            _fail(node, f"function {node.func.id!r} is not allowed",
                  f"allowed: {', '.join(sorted(FUNCTIONS))}")
        if node.keywords or len(node.args) != 1:
            _fail(node, f"{node.func.id}() takes exactly one argument")
        return Call(name, _convert(node.args[0], depth + 1))
    _fail(node, f"{type(node).__name__} is not allowed in a formula")


class Expression:
    """A parsed formula f(x, y) with exact gradient and Hessian expressions."""

    def __init__(self, text: str):
        if not isinstance(text, str):
            raise ExpressionError(f"the formula must be text, got {type(text).__name__}")
        if len(text) > MAX_LENGTH:
            raise ExpressionError(f"the formula is too long ({len(text)} characters; at most "
                                  f"{MAX_LENGTH})")
        if not text.strip():
            raise ExpressionError("the formula is empty")
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as exc:
            raise ExpressionError(f"not a formula: {exc.msg} at column {exc.offset}") from None
        self.text = text.strip()
        self.root = _convert(tree)
        self.dx, self.dy = self.root.diff("x"), self.root.diff("y")
        self.dxx, self.dxy, self.dyy = self.dx.diff("x"), self.dx.diff("y"), self.dy.diff("y")

    @staticmethod
    def _eval(node, x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        with np.errstate(all="ignore"):  # nan/inf outside the domain is the honest answer
            out = node.eval({"x": x, "y": y})
        return np.broadcast_to(np.asarray(out, dtype=np.float64), np.broadcast(x, y).shape).copy()

    def value(self, x, y):
        return self._eval(self.root, x, y)

    def gradient(self, x, y):
        return self._eval(self.dx, x, y), self._eval(self.dy, x, y)

    def hessian(self, x, y):
        return self._eval(self.dxx, x, y), self._eval(self.dxy, x, y), self._eval(self.dyy, x, y)

    def __str__(self):
        return self.text


def parse(text: str) -> Expression:
    return Expression(text)
