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
    # optimizers
    "Optimizer", "SGD", "AdaGrad", "RMSProp", "Adam", "AdamW", "OPTIMIZERS",
    "make_optimizer", "from_config",
    # step-size schedules
    "Schedule", "Constant", "StepDecay", "Exponential", "CosineAnnealing", "WarmUp",
    "SCHEDULES", "make_schedule", "schedule_from_config",
    # gradient clipping
    "ClipByNorm", "ClipByValue", "CLIPS", "make_clip", "clip_from_config", "global_norm",
]
