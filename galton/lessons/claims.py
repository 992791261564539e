"""Arithmetic claims in a lesson's text, checked: "2 + 4 = 6 > 5" is read as two claims,
2 + 4 = 6 and 6 > 5, and each is evaluated with the numbers as printed.

    >>> from galton.lessons import claims
    >>> claims.false_claims("weight 2 + 4 = 6 > 5: go")
    []
    >>> [c.text for c in claims.false_claims("6 > 6, so we go; 3·6² = 108")]
    ['6 > 6']

Numbers inside a calculation are taken as written (4·0.8²⁰ means 0.8 exactly). A side that is
one number alone may be a rounded result: a decimal such as 0.0461 then stands for
[0.04605, 0.04615] and a percentage such as 96% for [95.5 %, 96.5 %]; a whole number is exact
(lesson texts print counts and article numbers with ``:g``). A claim is false when no values in
those intervals make it true; "≈" allows 5 % besides. Only plain arithmetic is read
(numbers, + − × · / ², parentheses); anything touching a letter — "a = 3", "σ(1) = 0.731",
"28a − 56" — is a formula, not a claim about numbers, and is skipped.
tests/lessons/test_conclusions.py runs this over every rendered page of every lesson while it
varies the learner's parameters.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+−-]?\d+)?%?[⁰¹²³⁴⁵⁶⁷⁸⁹]*"
_OPERAND = rf"[−-]?\(*\s*[−-]?{_NUMBER}\s*\)*"
_EXPR = rf"{_OPERAND}(?:\s*[+−×·*/-]\s*{_OPERAND})*"
_COMPARE = r"[=≈<>≤≥≠]"
_CHAIN = re.compile(rf"{_EXPR}(?:\s*{_COMPARE}\s*{_EXPR})+")
# A chain glued to a letter, a bracket or an operator is part of a formula: not a claim.
_GLUED_BEFORE = re.compile(r"[\w.(+−×·*/^|′'-]$")
_GLUED_AFTER = re.compile(r"^(?:[\w(^|′'·×*/]|\.\d)")
_SPLIT = re.compile(rf"\s*({_COMPARE})\s*")


@dataclass(frozen=True)
class Claim:
    text: str
    left: tuple       # (low, high) of the left side
    op: str
    right: tuple

    @property
    def holds(self) -> bool:
        (a, b), (c, d) = self.left, self.right
        if self.op == "=":
            return a <= d and c <= b
        if self.op == "≈":
            slack = 0.05 * max(abs(a), abs(b), abs(c), abs(d))
            return a - slack <= d and c - slack <= b
        if self.op == ">":
            return b > c
        if self.op == "<":
            return a < d
        if self.op == "≥":
            return b >= c
        if self.op == "≤":
            return a <= d
        if self.op == "≠":
            return not (a == b == c == d)
        raise ValueError(self.op)


class _Interval:
    def __init__(self, lo, hi=None):
        self.lo, self.hi = lo, lo if hi is None else hi

    def _corners(self, other, f):
        vals = [f(x, y) for x in (self.lo, self.hi) for y in (other.lo, other.hi)]
        return _Interval(min(vals), max(vals))

    def __add__(self, o):
        return _Interval(self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o):
        return _Interval(self.lo - o.hi, self.hi - o.lo)

    def __mul__(self, o):
        return self._corners(o, lambda x, y: x * y)

    def __truediv__(self, o):
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError
        return self._corners(o, lambda x, y: x / y)

    def __pow__(self, n):
        vals = [self.lo ** n, self.hi ** n]
        if self.lo < 0 < self.hi and n % 2 == 0:
            vals.append(0.0)
        return _Interval(min(vals), max(vals))

    def __neg__(self):
        return _Interval(-self.hi, -self.lo)


def _number(token: str, rounded: bool = True) -> _Interval:
    """A printed number; ``rounded``: as the interval of values that print that way."""
    text = token.replace(",", "").replace("−", "-")
    percent = text.endswith("%")
    text = text.rstrip("%")
    mantissa, _, exponent = text.partition("e")
    value = float(text)
    if "." in mantissa:
        half = 0.5 * 10.0 ** -len(mantissa.split(".")[1]) * 10.0 ** int(exponent or 0)
    elif exponent or percent:
        half = 0.5 * 10.0 ** int(exponent or 0)
    else:
        half = 0.0
    if not rounded:
        half = 0.0
    scale = 0.01 if percent else 1.0
    return _Interval((value - half) * scale, (value + half) * scale)


def _evaluate(expr: str) -> _Interval:
    alone = re.fullmatch(rf"\s*[−-]?{_NUMBER}\s*", expr)
    if alone and not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", expr):
        return _number(expr.strip().lstrip("−-")) if expr.strip()[0] not in "−-" else \
            -_number(expr.strip()[1:])
    numbers = []

    def stash(m):
        base, sup = re.match(r"(.*?)([⁰¹²³⁴⁵⁶⁷⁸⁹]*)$", m.group(0)).groups()
        numbers.append(_number(base, rounded=False))
        power = f"**{sup.translate(_SUP)}" if sup else ""
        return f"(N{len(numbers) - 1}){power}"

    code = re.sub(_NUMBER, stash, expr)
    code = code.replace("−", "-").replace("×", "*").replace("·", "*")
    tree = ast.parse(code, mode="eval")

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Name) and node.id.startswith("N"):
            return numbers[int(node.id[1:])]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                exp = node.right
                if isinstance(exp, ast.Constant) and isinstance(exp.value, int):
                    return ev(node.left) ** exp.value
                raise ValueError("only whole powers")
            a, b = ev(node.left), ev(node.right)
            ops = {ast.Add: a.__add__, ast.Sub: a.__sub__, ast.Mult: a.__mul__,
                   ast.Div: a.__truediv__}
            return ops[type(node.op)](b)
        raise ValueError(f"not arithmetic: {ast.dump(node)}")

    return ev(tree)


def _plain(text: str) -> str:
    """Markdown emphasis and table bars out of the way."""
    return re.sub(r"\*+", "", text).replace("\\|", "|")


def claims(text: str) -> list[Claim]:
    """Every arithmetic claim in ``text`` (see the module docstring)."""
    text = _plain(text)
    out = []
    for m in _CHAIN.finditer(text):
        chunk = m.group(0).strip()
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        before, after = text[:start].rstrip(), text[m.end():]
        if _GLUED_BEFORE.search(before) or _GLUED_AFTER.search(after):
            continue
        parts = _SPLIT.split(chunk)
        try:
            sides = [_evaluate(p) for p in parts[0::2]]
        except (SyntaxError, ValueError, ZeroDivisionError, KeyError, OverflowError):
            continue
        for i, op in enumerate(parts[1::2]):
            out.append(Claim(f"{parts[2 * i]} {op} {parts[2 * i + 2]}",
                             (sides[i].lo, sides[i].hi), op,
                             (sides[i + 1].lo, sides[i + 1].hi)))
    return out


def false_claims(text: str) -> list[Claim]:
    return [c for c in claims(text) if not c.holds]
