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

import _signal
import contextlib
import threading
from collections.abc import Iterator

# Why ``_signal`` (the C module under ``signal``): ``signal`` makes an enum of every signal,
# handler and mask as it is imported (3 M instructions, 0.75 ms), and every ``vnconv
# convert`` comes here, one article's for a make rule too. What this needs of it is the
# C module's: the numbers, ``getsignal`` and ``signal`` (``signal``'s own wrap their
# answers in its enums, and a handler given back to ``_signal.signal`` is the same), and
# two names, which the system's ``signal.Signals`` gives the same.

#: The signals handled like Ctrl-C, where the system has them, and their names.
NAMES = {getattr(_signal, name): name for name in ("SIGTERM", "SIGHUP") if hasattr(_signal, name)}
SIGNALS = tuple(NAMES)


#: The signal ``_raise`` last raised as ``Stopped``.
_last: list[int] = []


class Stopped(KeyboardInterrupt):
    """The batch was stopped by ``signum``.

    A library may catch it and raise its type again with a message of its own:
    ReportLab's paragraph parser does, ``annotateException``'s
    ``raise t(f"paragraph text ... caused exception {v}")``
    (reportlab/lib/utils.py). That ``Stopped`` is made from a text and stands for the
    signal ``_raise`` last raised, and says only its name ("stopped by SIGTERM", not
    the paragraph's text): made as an int it was ``NAMES[text]``, a KeyError,
    and a SIGTERM that came while a paragraph was parsed failed the article as the
    PDF writer's internal error, and the batch did not stop."""

    def __init__(self, signum: int | str) -> None:
        if isinstance(signum, str):  # the library's text is dropped: the message names the signal
            signum = _last[-1] if _last else SIGNALS[0]
        super().__init__(NAMES[signum])
        self.signum = signum


def _raise(signum: int, frame: object) -> None:
    _last[:] = [signum]
    raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP raise ``Stopped`` in the main thread (handlers can only be set there)."""
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            if _signal.getsignal(signum) != _signal.SIG_IGN:
                previous[signum] = _signal.signal(signum, _raise)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            _signal.signal(signum, handler)
