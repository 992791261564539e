"""An in-memory checkpoint timeline: scrub back through training and branch from any point.

Memory stays bounded: once ``size`` checkpoints are held, every other one is dropped and the
spacing doubles, so the timeline always spans the whole run at a coarser resolution.
"""

from __future__ import annotations

import bisect


class Timeline:
    def __init__(self, every: int = 10, size: int = 200):
        self.every = every  # 0 disables the timeline
        self.size = size
        self._spacing = every
        self._steps: list[int] = []
        self._states: list[dict] = []

    def __len__(self) -> int:
        return len(self._steps)

    @property
    def steps(self) -> list[int]:
        return list(self._steps)

    def offer(self, trainer) -> None:
        """Record the trainer's state if its step falls on the current spacing."""
        if self.every <= 0:
            return
        step = trainer.step_count
        if step % self._spacing or (self._steps and self._steps[-1] >= step):
            return
        self._steps.append(step)
        self._states.append(trainer.state())
        if len(self._steps) > self.size:
            self._spacing *= 2
            keep = [i for i, s in enumerate(self._steps) if s % self._spacing == 0]
            self._steps = [self._steps[i] for i in keep]
            self._states = [self._states[i] for i in keep]

    def at(self, step: int) -> dict:
        """The latest state at or before ``step``."""
        i = bisect.bisect_right(self._steps, step) - 1
        if i < 0:
            raise ValueError(
                f"no checkpoint at or before step {step}; the timeline holds steps "
                f"{self._steps[:3]}{'...' if len(self._steps) > 3 else ''}"
            )
        return self._states[i]

    def truncate(self, step: int) -> None:
        """Forget checkpoints after ``step``."""
        i = bisect.bisect_right(self._steps, step)
        del self._steps[i:]
        del self._states[i:]
