"""Play, as the window sees it: a thin Qt face of the Session's owner of training.

Training itself runs in the Session's own thread (galton.playing, no Qt): this object only
says whether it runs and forwards Play, Pause and the speed. The views draw what the session
publishes on the UI thread (galton.qt.bridge).
"""

from __future__ import annotations

from PySide6.QtCore import QObject


class Trainer(QObject):
    """``start()`` is Play, ``stop()`` is Pause; ``running`` says whether Play trains."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session

    @property
    def running(self) -> bool:
        """Play is on, or its thread is still finishing its last step."""
        return self.session.playing or self.session.owner.running

    @property
    def steps_per_second(self) -> float:
        return self.session.speed

    @steps_per_second.setter
    def steps_per_second(self, value) -> None:
        self.session.speed = value

    def start(self) -> None:
        self.session.play()

    def stop(self, wait: bool = True) -> None:
        self.session.pause()
