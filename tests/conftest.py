"""Shared fixtures. Tests under tests/core need no Qt and no display."""

import faulthandler

import numpy as np
import pytest

faulthandler.enable()


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
