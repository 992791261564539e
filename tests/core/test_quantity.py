"""Expressions over named quantities (what lesson files check): what they compute, what they
refuse (adversarial texts, like the formula engine's), and that nothing is ever evaluated."""

import ast
import builtins
import time

import numpy as np
import pytest

from galton.core.expression import ExpressionError
from galton.core.quantity import MAX_RANGE, Undefined, parse

VALUES = {"accuracy": 0.93, "step": 120, "rows": 6, "row": 9, "lr": 0.9, "name": "red",
          "xs": np.array([4.0, -3.2, 2.56, -2.048]),
          "table": np.array([[3, 1], [2, 2]])}


def value(text, **extra):
    env = {**VALUES, **extra}

    def lookup(name):
        if name not in env:
            raise Undefined(f"{name!r} has no value yet")
        return env[name]
    share = {"share": lambda colour, cup: 0.9 if colour == cup else 0.05}
    return parse(text, functions={"share": 2}).evaluate(lookup, share)


@pytest.mark.parametrize("text,expected", [
    ("accuracy >= 0.9", True),
    ("accuracy >= 0.9 and step > 200", False),
    ("accuracy > 0.99 or step == 120", True),
    ("not accuracy < 0.5", True),
    ("0.5 < lr < 1", True),
    ("0.5 < lr < 0.8", False),
    ("min(row, rows - 1)", 5),
    ("max(2, 3.5)", 3.5),
    ("step // 7 + step % 7", 17 + 1),
    ("2 ** 10", 1024.0),
    ("step / 240", 0.5),
    ("-xs[0] + +1", -3.0),
    ("xs[-1]", -2.048),
    ("len(xs[1:])", 3),
    ("all(sign(xs[1:]) == -sign(xs[:-1]))", True),
    ("any(xs > 3) and not all(xs > 3)", True),
    ("table[0, 1] / sum(table[0])", 0.25),
    ("mean([1, 2, 3, 6])", 3.0),
    ("argmax(abs(xs))", 0),
    ("round(2.567, 2)", 2.57),
    ("round(2.5)", 2),
    ("'feature_' + name", "feature_red"),
    ("name == 'red' and name != 'blue'", True),
    ("name[0]", "r"),
    ("share('red', 'red') > share('red', 'blue')", True),
    ("1 if step > 100 else 2", 1),
    ("isclose(0.1 + 0.2, 0.3)", True),
    ("all(isclose(4 * 0.8 ** arange(3), [4, 3.2, 2.56]))", True),
    ("nan != nan and inf > 1e308", True),
    ("sigmoid(0) + exp(0) + log(e) + cos(pi)", 1.5),
])
def test_values(text, expected):
    got = value(text)
    if isinstance(expected, float):
        assert got == pytest.approx(expected)
    else:
        assert (got == expected and type(got) is type(expected)) or np.bool_(got) == expected


def test_whole_numbers_stay_whole_and_arrays_stay_arrays():
    assert isinstance(value("min(row, rows - 1)"), int)
    assert isinstance(value("step * 2 - 1"), int)
    np.testing.assert_array_equal(value("xs * 2"), VALUES["xs"] * 2)
    np.testing.assert_array_equal(value("arange(2, 8, 3)"), [2, 5])


def test_names_and_calls_are_reported_for_checking_in_advance():
    q = parse("accuracy > 0.9 and share(red, 'red') > mean(xs)", functions={"share": 2})
    assert q.names == {"accuracy", "red", "xs"} and q.calls == {"share"}


def test_a_name_without_a_value_is_undefined_not_an_error_of_the_text():
    with pytest.raises(Undefined, match="'later' has no value yet"):
        value("later > 1")
    assert issubclass(Undefined, ExpressionError)


def test_a_multi_line_check_reads_as_one_line():
    assert value("""0.5 < lr < 1
                    and step > 100""") is True


@pytest.mark.parametrize("text,match", [
    ("__import__('os').system('ls')", "only calls of plain function names are allowed"),
    ("__import__('os')", r"function '__import__' is not allowed at column 1"),
    ("open('/etc/passwd')", "function 'open' is not allowed"),
    ("eval('1')", "function 'eval' is not allowed"),
    ("().__class__", "Attribute is not allowed in an expression at column 1"),
    ("xs.sum()", "only calls of plain function names"),
    ("xs.real", "Attribute is not allowed"),
    ("'红色' + xs.real", "Attribute is not allowed in an expression at column 8"),
    ("(lambda: 1)()", "only calls of plain function names"),
    ("lambda: 1", "Lambda is not allowed"),
    ("[x for x in xs]", "ListComp is not allowed"),
    ("sum(t for t in xs)", "GeneratorExp is not allowed"),
    ("{1: 2}", "Dict is not allowed"),
    ("{1, 2}", "Set is not allowed"),
    ("(1, 2)", "Tuple is not allowed"),
    ("xs[::2]", "slices take no step"),
    ("table[0, 1, 2]", "at most two indices"),
    ("b'1'", "only numbers, text and True/False are allowed as constants"),
    ("1j", "only numbers, text and True/False are allowed as constants"),
    ("...", "only numbers, text and True/False are allowed as constants"),
    ("f'{xs}'", "JoinedStr is not allowed"),
    ("(y := 2)", "NamedExpr is not allowed"),
    ("max(*xs)", "takes plain arguments"),
    ("round(x=1)", "takes plain arguments"),
    ("len(xs, xs)", r"len\(\) takes 1 argument, got 2"),
    ("share(1)", r"share\(\) takes 2 arguments, got 1"),
    ("shar(1, 2)", "did you mean share"),
    ("xs is xs", "comparison Is is not allowed"),
    ("1 in xs", "comparison In is not allowed"),
    ("xs ^ 1", "operator BitXor is not allowed"),
    ("~step", "operator Invert is not allowed"),
    ("step << 900", "operator LShift is not allowed"),
    ("2 ** 5000", "exponent 5000 is too large"),
    ("1" + "0" * 40, "the number is too large"),
    ("1e999", "the number is too large"),
    ("'" + "a" * 1001 + "'", "too long"),
    ("[" + ", ".join(["1"] * 101) + "]", "a list of more than 100 values"),
    ("step +", "not an expression: invalid syntax"),
    ("import os", "not an expression"),
    ("x = 1", "not an expression"),
    ("x\0", "not an expression"),
    ("", "the expression is empty"),
    ("step + " * 200 + "1", "too long"),
    ("-" * 100 + "step", "nested too deeply"),
])
def test_unsafe_or_invalid_expressions_are_refused(text, match):
    with pytest.raises(ExpressionError, match=match):
        parse(text, functions={"share": 2})


def test_unknown_names_are_refused_with_a_suggestion_when_names_are_given():
    with pytest.raises(ExpressionError, match="unknown name 'acuracy' at column 1; did you "
                                              "mean accuracy"):
        parse("acuracy > 0.9", names={"accuracy", "step"})


@pytest.mark.parametrize("text,match", [
    ("'a' * 1000", "needs numbers, got the text"),
    ("'a' + 1", "text can only be joined to text"),
    ("name < 1", "cannot order text and numbers"),
    ("xs > 1 and True", "use all"),
    ("arange(10 ** 6)", f"at most {MAX_RANGE}"),
    ("arange(1, 10, 0)", "step must not be 0"),
    ("step // 0", "division by zero"),
    ("xs[1.5]", "must be a whole number"),
    ("xs[10]", "IndexError"),
    ("mean(xs[5:])", "of an empty list"),
    ("[xs, xs]", "a list holds single numbers"),
    ("len(step)", "len\\(\\) needs a list"),
])
def test_bad_values_are_clear_errors(text, match):
    with pytest.raises(ExpressionError, match=match):
        value(text)


def test_joined_text_is_bounded():
    with pytest.raises(ExpressionError, match="joined text longer than 1000"):
        value("s + s + s", s="x" * 400)


def test_whole_numbers_cannot_grow_without_bound():
    # Repeated multiplication of whole numbers turns into floating point, never a Python
    # integer of millions of digits.
    text = "*".join(["step"] * 60)
    start = time.perf_counter()
    out = value(text, step=10 ** 9)
    assert time.perf_counter() - start < 0.5
    assert isinstance(out, float)


def test_never_evaluates_text(monkeypatch):
    real_compile = builtins.compile

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec must not be used")

    def parse_only(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "expression text was compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "eval", refuse)
        patch.setattr(builtins, "exec", refuse)
        patch.setattr(builtins, "compile", parse_only)
        assert value("accuracy >= 0.9 and len(xs) == 4") is True
