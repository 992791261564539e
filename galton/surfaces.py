"""Public home of the classic 2-D surfaces and ``descend``."""

from galton.core.expression import Expression, ExpressionError
from galton.core.surfaces import (
    POND,
    SURFACES,
    Path,
    Surface,
    bowl,
    descend,
    elongated_bowl,
    from_expression,
    get,
    himmelblau,
    plateau,
    pond,
    rastrigin,
    refine_minimum,
    rosenbrock,
    saddle,
)

__all__ = [
    "POND",
    "SURFACES",
    "Expression",
    "ExpressionError",
    "Path",
    "Surface",
    "bowl",
    "descend",
    "elongated_bowl",
    "from_expression",
    "get",
    "himmelblau",
    "plateau",
    "pond",
    "rastrigin",
    "refine_minimum",
    "rosenbrock",
    "saddle",
]
