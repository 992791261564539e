"""Public home of the ball datasets (implemented in galton.core.datasets)."""

from galton.core.datasets import (  # noqa: F401
    COLOR_BALLS,
    PALETTE,
    PICNIC_FEATURES,
    PICNIC_THRESHOLD,
    PICNIC_WEIGHTS,
    Dataset,
    DatasetError,
    colors,
    from_csv,
    picnic,
    xor,
)
from galton.core.datasets import __all__  # noqa: F401
