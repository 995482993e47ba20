"""A writer for tests: slow enough that a batch can be interrupted while it runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from convert.model import Article
from convert.options import Options
from convert.styles import Style


def render(article: Article, style: Style, options: Options) -> bytes:
    time.sleep(0.25)
    return (article.headline or "").encode() * 1000


def slow_batch(
    args: Sequence[str], stderr: int = subprocess.PIPE, to: str = "slow", env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """``vnconv convert ARGS --to slow`` (or another test writer: ``to``) in a process of
    its own, in a process group of its own (a test sends the group SIGINT or SIGKILL, as
    a terminal or an OOM killer would); ``env``: variables added to its environment."""
    # Python keeps SIGINT ignored when it starts with it ignored, as a job sent to the
    # background of a non-interactive shell does (`make test &`): vnconv started from a
    # terminal has Python's own handler, which the test needs whoever started pytest.
    script = (
        "import signal\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from convert.writers import FORMATS\n"
        "from tests.support.dask_worker import TEST_WRITERS\n"
        "FORMATS.update(TEST_WRITERS)\n"
        "from convert.cli import main\n"
        f"main(['convert', *{list(args)!r}, '--to', {to!r}])\n"
    )
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
