"""Safe expressions over named quantities: what a lesson file's checks and values are written in.

    >>> q = parse("accuracy >= 0.9 and share('red', 'red') > 0.8",
    ...           names={"accuracy"}, functions={"share": 2})
    >>> q.names, q.calls
    ({'accuracy'}, {'share'})
    >>> q.evaluate(lambda name: 0.95, {"share": lambda colour, cup: 0.9})
    True

This is the second reader of the safe formula engine (galton/core/expression.py): the same
``ast`` whitelist idea, the same refusals with columns, the same functions, and never ``eval``
or ``compile`` — the checked tree becomes a tree of closures. Where a surface formula knows
only x and y and computes derivatives, a quantity reads any *named* value (the caller says
which names and functions exist), works on numbers, text, booleans and numpy arrays, and adds
what a check needs:

* comparisons (chained: ``0.5 < lr < 1``), ``and``, ``or``, ``not``, ``a if c else b``;
* ``+ - * / // % **`` (``**`` and ``/`` in floating point; ``+`` also joins text);
* indexing and slicing of arrays and text: ``path[20]``, ``xs[1:]``, ``table[0, 1]``;
* lists ``[a, b]`` (as arrays), text constants ``'red'``, ``True``/``False``, ``nan``, ``inf``;
* the formula functions (sin, exp, log, sigmoid, …, element-wise) and the reductions of
  :data:`BUILTINS` (abs, min, max, sum, mean, all, any, len, round, argmax, arange, …).

Everything is bounded: the text (``MAX_LENGTH``), the nesting (``MAX_DEPTH``), constant
exponents, the length of joined text (``MAX_TEXT``) and of ranges (``MAX_RANGE``). A name that
exists but has no value yet raises :class:`Undefined` (a lesson's check is then simply "not
yet"); every other problem is an :class:`~galton.core.expression.ExpressionError` saying what
and where.
"""

from __future__ import annotations

import ast
import difflib
import math
import operator
from collections.abc import Callable, Collection, Mapping
from typing import NoReturn

import numpy as np

from galton.core.expression import (
    _VALUES,
    ALIASES,
    MAX_DEPTH,
    MAX_EXPONENT,
    ExpressionError,
    _Reader,
)

MAX_LENGTH = 1000
MAX_TEXT = 1000      # characters of a text value made by joining
MAX_RANGE = 100_000  # elements of arange(n)
MAX_LIST = 100       # elements of a [a, b, ...] literal
CONSTANTS = {"pi": math.pi, "e": math.e, "nan": math.nan, "inf": math.inf,
             "True": True, "False": False}


class Undefined(ExpressionError):
    """A name the expression reads has no value yet (e.g. a step not done)."""


def truth(value) -> bool:
    """Whether a value counts as true (a check passes); a list must be reduced first."""
    arr = np.asarray(value)
    if arr.ndim:
        if arr.size == 1:
            return bool(arr.reshape(-1)[0])
        raise ExpressionError("a list of values is neither true nor false: use all(...) or "
                              "any(...)")
    return bool(arr)


def _is_text(v) -> bool:
    return isinstance(v, str)


def _number(v, what: str):
    if _is_text(v):
        raise ExpressionError(f"{what} needs numbers, got the text {v!r}")
    return v


def _as_float(v):
    v = _number(v, "this operation")
    if isinstance(v, np.ndarray):
        return v.astype(np.float64)
    return np.float64(v)


def _int_index(v, what="an index"):
    if isinstance(v, (bool, np.bool_)):
        raise ExpressionError(f"{what} must be a whole number, got {v!r}")
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return int(v)
    raise ExpressionError(f"{what} must be a whole number, got {v!r}")


def _integer_op(op):
    """+ - * // % on whole numbers stay whole (a row number stays a row number); anything
    else is floating point, so no operation can make an unbounded Python integer."""
    def run(a, b):
        _number(a, "this operation")
        _number(b, "this operation")
        whole = _whole(a) and _whole(b)
        if whole and op in (operator.floordiv, operator.mod) and b == 0:
            raise ExpressionError("division by zero")
        if whole:
            out = op(int(a), int(b))
            if abs(out) > 2 ** 62:
                return float(out)
            return out
        return op(_as_float(a), _as_float(b))
    return run


def _add(a, b):
    if _is_text(a) or _is_text(b):
        if not (_is_text(a) and _is_text(b)):
            raise ExpressionError(f"text can only be joined to text: {a!r} + {b!r}")
        if len(a) + len(b) > MAX_TEXT:
            raise ExpressionError(f"joined text longer than {MAX_TEXT} characters")
        return a + b
    return _integer_op(operator.add)(a, b)


_BINARY = {
    ast.Add: _add,
    ast.Sub: _integer_op(operator.sub),
    ast.Mult: _integer_op(operator.mul),
    ast.FloorDiv: _integer_op(operator.floordiv),
    ast.Mod: _integer_op(operator.mod),
    ast.Div: lambda a, b: _as_float(a) / _as_float(b),
    ast.Pow: lambda a, b: np.power(_as_float(a), _as_float(b)),
}
_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
            ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne}


def _text_safe_compare(op):
    def run(a, b):
        if _is_text(a) != _is_text(b) and op not in (operator.eq, operator.ne):
            raise ExpressionError(f"cannot order text and numbers: {a!r}, {b!r}")
        if _is_text(a) != _is_text(b):
            return op is operator.ne
        return op(a, b)
    return run


def _whole(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _reduce(fn, what):
    def run(*args):
        if len(args) == 1:
            values = np.asarray(_number(args[0], what), dtype=np.float64)
            if values.size == 0:
                raise ExpressionError(f"{what}() of an empty list")
        else:
            values = np.asarray([_number(a, what) for a in args], dtype=np.float64)
        out = fn(values)
        # min(row, rows - 1) of whole numbers is a whole number (a row stays a row).
        return int(out) if len(args) > 1 and all(_whole(a) for a in args) else out
    return run


def _len(v):
    if isinstance(v, str):
        return len(v)
    arr = np.asarray(v)
    if arr.ndim == 0:
        raise ExpressionError("len() needs a list or a text, got a single number")
    return int(arr.shape[0])


def _round(v, digits=0):
    n = _int_index(digits, "round()'s digits")
    out = np.round(_as_float(v), n)
    return int(out) if n == 0 and np.ndim(out) == 0 and np.isfinite(out) else out


def _arange(*args):
    bounds = [_int_index(a, "arange()'s bounds") for a in args]
    if len(bounds) == 3 and bounds[2] == 0:
        raise ExpressionError("arange()'s step must not be 0")
    count = len(range(*bounds))
    if count > MAX_RANGE:
        raise ExpressionError(f"arange() of {count} numbers (at most {MAX_RANGE})")
    return np.arange(*bounds)


def _one(fn):
    def run(v):
        return fn(_as_float(v))
    return run


#: Functions every quantity may call: name -> (callable, fewest arguments, most arguments).
BUILTINS: dict[str, tuple[Callable, int, int]] = {
    **{name: (_one(fn), 1, 1) for name, fn in _VALUES.items() if name != "abs"},
    "abs": (lambda v: np.abs(_number(v, "abs")), 1, 1),
    "min": (_reduce(lambda a: a.min(), "min"), 1, 20),
    "max": (_reduce(lambda a: a.max(), "max"), 1, 20),
    "sum": (_reduce(lambda a: a.sum(), "sum"), 1, 1),
    "mean": (_reduce(lambda a: a.mean(), "mean"), 1, 1),
    "all": (lambda v: bool(np.all(_number(v, "all"))), 1, 1),
    "any": (lambda v: bool(np.any(_number(v, "any"))), 1, 1),
    "len": (_len, 1, 1),
    "round": (_round, 1, 2),
    "argmax": (lambda v: int(np.argmax(_as_float(v))), 1, 1),
    "argmin": (lambda v: int(np.argmin(_as_float(v))), 1, 1),
    "arange": (_arange, 1, 3),
    "isfinite": (lambda v: np.isfinite(_as_float(v)), 1, 1),
    "isclose": (lambda a, b, tol=1e-9: np.isclose(_as_float(a), _as_float(b), rtol=tol,
                                                    atol=tol), 2, 3),
}


class Quantity:
    """A checked expression. ``names`` and ``calls`` are the names it reads and the functions
    it calls (beyond :data:`BUILTINS`), for a caller that wants to check them in advance."""

    def __init__(self, text: str, names: Collection[str] | None = None,
                 functions: Mapping[str, int | tuple[int, int]] | None = None):
        if not isinstance(text, str):
            raise ExpressionError(f"the expression must be text, got {type(text).__name__}")
        if len(text) > MAX_LENGTH:
            raise ExpressionError(f"the expression is too long ({len(text)} characters; at "
                                  f"most {MAX_LENGTH})")
        # A long check may be written over several lines (a TOML multi-line string): read it
        # as one line, so columns count in the text as shown in messages.
        text = " ".join(part.strip() for part in text.splitlines()) if "\n" in text else text
        body = text.strip()
        if not body:
            raise ExpressionError("the expression is empty")
        lead = len(text) - len(text.lstrip())
        try:
            tree = ast.parse(body, mode="eval")
        except SyntaxError as exc:
            col = (exc.offset or len(body) + 1) + lead
            where = f" at column {col}" if exc.lineno == 1 else f" at line {exc.lineno}"
            raise ExpressionError(f"not an expression: {exc.msg}{where}") from None
        except (ValueError, MemoryError, RecursionError) as exc:
            raise ExpressionError(f"not an expression: {exc}") from None
        self.text = body
        reader = _QuantityReader(lead, names, functions or {}, body)
        self._root = reader.read(tree)
        self.names: set[str] = reader.seen_names
        self.calls: set[str] = reader.seen_calls

    def evaluate(self, lookup: Callable[[str], object],
                 functions: Mapping[str, Callable] | None = None):
        """The value, reading names through ``lookup(name)`` (which raises :class:`Undefined`
        for a name without a value yet) and calling ``functions[name](*args)``."""
        env = (lookup, functions or {})
        try:
            with np.errstate(all="ignore"):
                return self._root(env)
        except ExpressionError:
            raise
        except (ArithmeticError, TypeError, ValueError, IndexError, KeyError) as exc:
            raise ExpressionError(f"{self.text}: {type(exc).__name__}: {exc}") from None

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"Quantity({self.text!r})"


def parse(text: str, names=None, functions=None) -> Quantity:
    """A :class:`Quantity`; ``names`` (None: any) and ``functions`` (name -> number of
    arguments, or (fewest, most)) are what the text may use besides the built-ins."""
    return Quantity(text, names, functions)


class _QuantityReader(_Reader):
    def __init__(self, lead, names, functions, source):
        super().__init__(lead)
        self.lines = source.splitlines()
        self.allowed = None if names is None else set(names)
        self.functions = {k: (v, v) if isinstance(v, int) else tuple(v)
                          for k, v in functions.items()}
        self.seen_names: set[str] = set()
        self.seen_calls: set[str] = set()

    def where(self, node) -> str:
        # ast counts columns in UTF-8 bytes; text in quotes may hold any character ('红'), so
        # count characters of the line instead.
        line, col = getattr(node, "lineno", None), getattr(node, "col_offset", None)
        if line is None or col is None:
            return ""
        if 1 <= line <= len(self.lines):
            col = len(self.lines[line - 1].encode("utf-8")[:col].decode("utf-8", "replace"))
        if line == 1:
            return f" at column {col + 1 + self.lead}"
        return f" at line {line}, column {col + 1}"

    def fail(self, node, message, hint="") -> NoReturn:
        raise ExpressionError(f"{message}{self.where(node)}" + (f"; {hint}" if hint else ""))

    def read(self, node, depth=0):
        if depth > MAX_DEPTH:
            self.fail(node, f"the expression is nested too deeply (more than {MAX_DEPTH} "
                            f"levels)")
        kind = type(node).__name__
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            self.fail(node, f"{kind} is not allowed in an expression",
                      "use numbers, names, text in quotes, + - * / ** < > == and or not, "
                      "x[i] and functions like mean(x)")
        return handler(node, depth)

    def _Expression(self, node, depth):
        return self.read(node.body, depth + 1)

    def _Constant(self, node, depth):
        v = node.value
        if isinstance(v, str):
            if len(v) > MAX_TEXT:
                self.fail(node, f"the text is too long (at most {MAX_TEXT} characters)")
            return lambda env: v
        if isinstance(v, bool):
            return lambda env: v
        if not isinstance(v, (int, float)):
            self.fail(node, f"only numbers, text and True/False are allowed as constants, "
                            f"got {v!r}")
        if isinstance(v, int) and abs(v) > 2 ** 62:
            self.fail(node, "the number is too large")
        if isinstance(v, float) and not math.isfinite(v):
            self.fail(node, "the number is too large")
        return lambda env: v

    def _Name(self, node, depth):
        name = node.id
        if name in CONSTANTS:
            value = CONSTANTS[name]
            return lambda env: value
        if self.allowed is not None and name not in self.allowed:
            close = difflib.get_close_matches(name, sorted(self.allowed), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else ""
            self.fail(node, f"unknown name {name!r}", hint)
        self.seen_names.add(name)
        return lambda env: env[0](name)

    def _UnaryOp(self, node, depth):
        a = self.read(node.operand, depth + 1)
        op = type(node.op)
        if op is ast.Not:
            return lambda env: not truth(a(env))
        if op is ast.USub:
            return lambda env: -_number(a(env), "-")
        if op is ast.UAdd:
            return lambda env: _number(a(env), "+")
        self.fail(node, f"operator {op.__name__} is not allowed")

    def _BinOp(self, node, depth):
        a, b = self.read(node.left, depth + 1), self.read(node.right, depth + 1)
        op = type(node.op)
        rule = _BINARY.get(op)
        if rule is None:
            self.fail(node, f"operator {op.__name__} is not allowed", "use + - * / // % **")
        if op is ast.Pow and isinstance(node.right, ast.Constant) \
                and isinstance(node.right.value, (int, float)) \
                and abs(node.right.value) > MAX_EXPONENT:
            self.fail(node, f"exponent {node.right.value:g} is too large (at most "
                            f"{MAX_EXPONENT:g})")
        return lambda env: rule(a(env), b(env))

    def _BoolOp(self, node, depth):
        parts = [self.read(v, depth + 1) for v in node.values]
        if isinstance(node.op, ast.And):
            return lambda env: all(truth(p(env)) for p in parts)
        return lambda env: any(truth(p(env)) for p in parts)

    def _Compare(self, node, depth):
        first = self.read(node.left, depth + 1)
        rest = []
        for op, value in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _COMPARE:
                self.fail(node, f"comparison {type(op).__name__} is not allowed",
                          "use < <= > >= == !=")
            rest.append((_text_safe_compare(_COMPARE[type(op)]), self.read(value, depth + 1)))

        def compare(env):
            left = first(env)
            result = True
            for op, right in rest:
                value = right(env)
                outcome = op(left, value)
                result = outcome if result is True else np.logical_and(result, outcome)
                if np.ndim(result) == 0 and not result:
                    return False
                left = value
            return bool(result) if np.ndim(result) == 0 else result
        return compare

    def _IfExp(self, node, depth):
        test = self.read(node.test, depth + 1)
        yes, no = self.read(node.body, depth + 1), self.read(node.orelse, depth + 1)
        return lambda env: yes(env) if truth(test(env)) else no(env)

    def _List(self, node, depth):
        if len(node.elts) > MAX_LIST:
            self.fail(node, f"a list of more than {MAX_LIST} values")
        items = [self.read(v, depth + 1) for v in node.elts]

        def listed(env):
            values = [_number(i(env), "a list") for i in items]
            if any(np.ndim(v) for v in values):
                raise ExpressionError("a list holds single numbers, not lists")
            return np.asarray(values, dtype=np.float64)
        return listed

    def _Subscript(self, node, depth):
        target = self.read(node.value, depth + 1)
        index = node.slice
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        if len(parts) > 2:
            self.fail(node, "at most two indices, like table[0, 1]")
        readers = [self._index(p, depth) for p in parts]

        def subscript(env):
            value = target(env)
            key = tuple(r(env) for r in readers)
            if isinstance(value, str):
                if len(key) != 1:
                    self.fail(node, "text takes one index")
                return value[key[0]]
            arr = np.asarray(value)
            if arr.dtype == object or arr.ndim < len(key):
                raise ExpressionError(f"{self.text_of(node)}: cannot index a value of "
                                      f"{arr.ndim} dimensions with {len(key)} indices")
            out = arr[key if len(key) > 1 else key[0]]
            return out.item() if isinstance(out, np.generic) else out
        return subscript

    def _index(self, node, depth):
        if isinstance(node, ast.Slice):
            if node.step is not None:
                self.fail(node, "slices take no step here: use xs[a:b]")
            lo = None if node.lower is None else self.read(node.lower, depth + 1)
            hi = None if node.upper is None else self.read(node.upper, depth + 1)
            return lambda env: slice(None if lo is None else _int_index(lo(env)),
                                     None if hi is None else _int_index(hi(env)))
        reader = self.read(node, depth + 1)
        return lambda env: _int_index(reader(env))

    def _Call(self, node, depth):
        if not isinstance(node.func, ast.Name):
            self.fail(node, "only calls of plain function names are allowed, like mean(x)")
        name = ALIASES.get(node.func.id, node.func.id)
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.fail(node, f"{name}() takes plain arguments, like {name}(x)")
        args = [self.read(a, depth + 1) for a in node.args]
        if name in self.functions:
            low, high = self.functions[name]
            self._arity(node, name, len(args), low, high)
            self.seen_calls.add(name)
            return lambda env: env[1][name](*(a(env) for a in args))
        if name in BUILTINS:
            fn, low, high = BUILTINS[name]
            self._arity(node, name, len(args), low, high)
            return lambda env: fn(*(a(env) for a in args))
        known = sorted({*BUILTINS, *self.functions})
        close = difflib.get_close_matches(name, known, n=3)
        self.fail(node, f"function {node.func.id!r} is not allowed",
                  f"did you mean {', '.join(close)}?" if close else
                  f"allowed: {', '.join(known)}")

    def _arity(self, node, name, n, low, high):
        if not low <= n <= high:
            want = f"{low}" if low == high else f"{low} to {high}"
            self.fail(node, f"{name}() takes {want} argument{'s' if high != 1 else ''}, "
                            f"got {n}")

    @staticmethod
    def text_of(node) -> str:
        return ast.unparse(node)
