"""SIGTERM and SIGHUP stop a batch as Ctrl-C does.

A batch runs for hours, and is stopped by more than Ctrl-C: ``kill PID`` and service
managers send SIGTERM, a closed terminal or SSH session SIGHUP. Left to their default
action they end the parent at once, leaving its own temporary file and its workers to
run on. Raised as ``Stopped``, a ``KeyboardInterrupt``, they go the way Ctrl-C goes:
the executor stops its workers (which remove their temporary files), the report keeps
whole lines, and the command says why it stopped and exits with 128 + the signal's
number (143, 129), as a shell reports a process ended by it. A signal this process was
started ignoring (``nohup`` ignores SIGHUP) stays ignored.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

#: The signals handled like Ctrl-C, where the system has them.
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """The batch was stopped by ``signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise(signum: int, frame: object) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP raise ``Stopped`` in the main thread (handlers can only be set there)."""
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:
                previous[signum] = signal.signal(signum, _raise)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
