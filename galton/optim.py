"""Public home of optimizers, step-size schedules and gradient clipping.

    from galton import optim
    opt = optim.Adam(lr=0.01)                      # or optim.make_optimizer("adam", lr=0.01)
    sched = optim.WarmUp(optim.CosineAnnealing(0.01, T=500), warmup_steps=50)
    clip = optim.ClipByNorm(1.0)
"""

from galton.core.clipping import (
    CLIPS,
    ClipByNorm,
    ClipByValue,
    clip_from_config,
    global_norm,
    make_clip,
)
from galton.core.optim import (
    OPTIMIZERS,
    SGD,
    AdaGrad,
    Adam,
    AdamW,
    Optimizer,
    RMSProp,
    from_config,
    make_optimizer,
)
from galton.core.schedules import (
    SCHEDULES,
    Constant,
    CosineAnnealing,
    Exponential,
    Schedule,
    StepDecay,
    WarmUp,
    make_schedule,
    schedule_from_config,
)

__all__ = [
    "CLIPS",
    "OPTIMIZERS",
    "SCHEDULES",
    "SGD",
    "AdaGrad",
    "Adam",
    "AdamW",
    "ClipByNorm",
    "ClipByValue",
    "Constant",
    "CosineAnnealing",
    "Exponential",
    "Optimizer",
    "RMSProp",
    "Schedule",
    "StepDecay",
    "WarmUp",
    "clip_from_config",
    "from_config",
    "global_norm",
    "make_clip",
    "make_optimizer",
    "make_schedule",
    "schedule_from_config",
]
