"""Landscape computations off the UI thread: the one job runner (galton.qt.jobs).

Kept as a name of its own for the landscape's callers; see galton/qt/jobs.py.
"""

from galton.qt.jobs import KEEP, Job, Jobs

__all__ = ["KEEP", "Job", "Jobs"]
