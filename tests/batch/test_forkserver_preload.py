"""A ``local:N`` cluster's fork server preloads the batch's writers and faces, as the
local pool's parent does before it forks: forked from vnconv's process where it can,
else a new interpreter preloading them from the environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
import os, sys
from convert import styles
from convert.batch import forkserver_preload
loaded = sorted(m for m in ("reportlab", "docx", "convert.writers.epub.book") if m in sys.modules)
pdf_fonts = sys.modules.get("convert.writers.pdf.fonts.faces")
faces = pdf_fonts is not None and len(pdf_fonts._LOADED) == len(styles.load("default").role_faces())
print(loaded, faces, forkserver_preload.VARIABLE in os.environ)
"""

ENCODE = """
import sys
from convert import styles
from convert.batch.forkserver_preload import encode
from convert.batch.job import Context
from convert.options import Options
print(encode(Context(styles.load("default"), Options()), sys.argv[1:]))
"""


def probe(payload: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "VNCONV_FORKSERVER_PRELOAD"}
    if payload is not None:
        env["VNCONV_FORKSERVER_PRELOAD"] = payload
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True).stdout.strip()


def test_the_fork_server_loads_the_batchs_writers_and_faces_and_passes_nothing_on() -> None:
    payload = subprocess.run([sys.executable, "-c", ENCODE, "pdf", "epub"], capture_output=True, text=True, check=True).stdout.strip()
    assert probe(payload) == "['convert.writers.epub.book', 'reportlab'] True False"


def test_without_the_variable_or_with_a_spoilt_one_importing_it_does_nothing() -> None:
    assert probe(None) == "[] False False"
    assert probe("not base64 of a pickle") == "[] False False"


#: Run in a worker the fork server forks: what it has loaded, whether it ignores Ctrl-C, and
#: whether what it inherited is kept out of its collections.
CHILD = (
    "import gc, signal, sys; "
    "print(sorted(m for m in ('distributed', 'docx', 'convert.writers.epub.book', 'reportlab') if m in sys.modules), "
    "signal.getsignal(signal.SIGINT) is signal.SIG_IGN, gc.get_freeze_count() > 0, flush=True)"
)

START = f"""
import multiprocessing, sys, threading
from multiprocessing import forkserver
from convert import styles
from convert.batch import forkserver_preload
from convert.batch.job import Context
from convert.options import Options
if sys.argv[1] == "with a thread":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
forkserver_preload.start(Context(styles.load("default"), Options()), ["pdf", "epub"])
server = open(f"/proc/{{forkserver._forkserver._forkserver_pid}}/cmdline", "rb").read()
print("a fork" if server == open("/proc/self/cmdline", "rb").read() else "a new interpreter", "reportlab" in sys.modules, flush=True)
child = multiprocessing.get_context("forkserver").Process(target=exec, args=({CHILD!r},))
child.start()
child.join()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the fork server's command line in /proc")
@pytest.mark.parametrize(("how", "server"), [("alone", "a fork"), ("with a thread", "a new interpreter")])
def test_the_fork_server_is_a_fork_of_a_single_threaded_process(how: str, server: str) -> None:
    """Forked after this process imported Dask, the fork server loads the writers (here
    they stay unloaded); a process with another thread must not fork, and starts a new
    interpreter, preloaded through the variable. Either way its workers have Dask, the
    writers and the faces, frozen for the collector, and ignore Ctrl-C."""
    env = {k: v for k, v in os.environ.items() if k != "VNCONV_FORKSERVER_PRELOAD"}
    out = subprocess.run([sys.executable, "-c", START, how], env=env, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [f"{server} False", "['convert.writers.epub.book', 'distributed', 'reportlab'] True True"]
