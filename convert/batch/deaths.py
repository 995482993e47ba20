"""What a batch says when a worker dies converting an article, on either executor.

The local pool (``local``) and a Dask cluster (``cluster``) both give an article whose
worker died one more attempt on a fresh worker, and fail it after ``ATTEMPTS`` deaths;
their warnings, errors and report lines are built here so that they read the same.
"""

from __future__ import annotations

import signal

from convert.io import display_name

#: An article is converted at most this many times by workers that then die.
ATTEMPTS = 2


def how_it_ended(exitcode: int | None) -> str:
    """``killed by signal 9 (SIGKILL)``, or ``exited with status 1``, from a process's exit
    code as ``multiprocessing`` gives it (minus the signal for a process killed by one)."""
    if exitcode is not None and exitcode < 0:
        try:
            name = f" ({signal.Signals(-exitcode).name})"
        except ValueError:
            name = ""
        return f"killed by signal {-exitcode}{name}"
    return f"exited with status {exitcode}"


def converted_again(article: str, how: str) -> str:
    """The warning of an article converted after a worker died converting it."""
    return f"{display_name(article)}: worker {how} while converting it; converted again on a fresh worker"


def failed(article: str, how: str) -> str:
    """The error of an article whose last ``ATTEMPTS`` workers all died converting it."""
    return f"{display_name(article)}: worker {how} while converting it, and the worker before it too (it may crash the converter)"
