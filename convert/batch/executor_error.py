"""The error an executor raises when it cannot run a batch.

Apart from ``runner`` (which chooses the executor) so that ``cluster`` (an executor)
can raise it without importing ``runner``, which imports ``cluster``: no import cycle.
"""

from __future__ import annotations


class ExecutorError(RuntimeError):
    """The executor cannot run the batch (no cluster, a worker unlike this vnconv)."""


__all__ = ["ExecutorError"]
