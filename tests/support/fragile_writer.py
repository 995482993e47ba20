"""A writer for tests whose worker dies on cue, by a real signal.

- An article whose headline says CHẾT kills the process converting it (SIGKILL, as the
  kernel's out-of-memory killer or a crash in a C library ends a worker), every time.
- An article whose headline says TREO, the first time it is converted, writes the
  converting process's id into the folder ``$VNCONV_TEST_ANNOUNCE`` and waits there to
  be killed by the test; converted again (the folder is no longer empty), it is written
  like any other.

Any other article takes 0.25 s, as with the slow writer: a batch can be watched, and
stops while articles are still to do.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from convert.model import Article
from convert.options import Options
from convert.styles import Style

#: The variable naming the folder where a TREO article's first converter says who it is.
ANNOUNCE = "VNCONV_TEST_ANNOUNCE"


def render(article: Article, style: Style, options: Options) -> bytes:
    headline = article.headline or ""
    if "CHẾT" in headline:
        os.kill(os.getpid(), signal.SIGKILL)
    if "TREO" in headline:
        folder = Path(os.environ[ANNOUNCE])
        if not any(folder.iterdir()):
            (folder / str(os.getpid())).write_text(headline, encoding="utf-8")
            time.sleep(60)  # the test kills this process long before
            return b""
    time.sleep(0.25)
    return headline.encode() * 100
