"""Public home of the ball datasets (implemented in galton.core.datasets).

``galton.datasets.colors(300)``, ``galton.datasets.from_csv("mine.csv")`` and so on; the public
names are the core module's ``__all__``, so the two can never drift apart.
"""

from galton.core.datasets import *  # noqa: F403
from galton.core.datasets import __all__  # noqa: F401
