"""What the fork server of a ``local:N`` cluster loads before it forks any worker.

The local pool's parent reads the style's faces and imports the batch's writers before
it forks (``job.preload``), and its workers inherit them; a ``local:N`` cluster's
workers are forked from multiprocessing's fork server instead, which without this
would hand each of them a process that pays about 0.2 s of CPU in its first article.
The fork server takes only names of modules to import (``set_forkserver_preload``),
no arguments, so the batch's context travels pickled in an environment variable that
the fork server inherits when it starts: importing this module there preloads it.
Importing it anywhere the variable is unset does nothing.
"""

from __future__ import annotations

import base64
import os
import pickle
from collections.abc import Iterable

from convert.batch.job import Context, preload

#: Holds the pickled (context, formats) while the fork server starts, and only then.
VARIABLE = "VNCONV_FORKSERVER_PRELOAD"


def encode(context: Context, formats: Iterable[str]) -> str:
    """The variable's value for a batch writing ``formats`` in ``context``."""
    return base64.b64encode(pickle.dumps((context, tuple(formats)))).decode("ascii")


def _preload_from_environment() -> None:
    payload = os.environ.pop(VARIABLE, None)  # not passed on to the workers
    if not payload:
        return
    try:
        context, formats = pickle.loads(base64.b64decode(payload))  # noqa: S301 - written by our own parent
    except Exception:  # noqa: BLE001 - a head start only; a fork server must not die of it
        return
    preload(context, formats)


_preload_from_environment()
