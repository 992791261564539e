"""Test doubles: the smallest optimizers the Trainer accepts, so core tests stand alone."""

import numpy as np


class PlainGD:
    """The smallest optimizer the Trainer accepts (duck typing), so these tests stand alone."""

    name = "PlainGD"

    def __init__(self, lr):
        self.lr = lr
        self.steps = 0

    def step(self, params, grad, mask=None):
        update = self.lr * grad if mask is None else np.where(mask, self.lr * grad, 0.0)
        params -= update
        self.steps += 1

    def state_dict(self):
        return {"step": self.steps}

    def load_state_dict(self, state):
        self.steps = int(state["step"])

    def reset(self):
        self.steps = 0
