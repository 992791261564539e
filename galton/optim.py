"""Public home of optimizers, step-size schedules and gradient clipping."""

from galton.core.clipping import CLIPS, ClipByNorm, ClipByValue, clip_from_config, make_clip
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

__all__ = ["Optimizer", "SGD", "AdaGrad", "RMSProp", "Adam", "AdamW", "OPTIMIZERS",
           "make_optimizer", "from_config", "Schedule", "Constant", "StepDecay", "Exponential",
           "CosineAnnealing", "WarmUp", "SCHEDULES", "make_schedule", "schedule_from_config",
           "ClipByNorm", "ClipByValue", "CLIPS", "make_clip", "clip_from_config"]
