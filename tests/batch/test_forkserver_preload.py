"""A ``local:N`` cluster's fork server preloads the batch's writers and faces from the
environment, as the local pool's parent does before it forks."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import os, sys
from convert import styles
from convert.batch import forkserver_preload
loaded = sorted(m for m in ("reportlab", "docx", "ebooklib") if m in sys.modules)
pdf_fonts = sys.modules.get("convert.writers.pdf.fonts")
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
    assert probe(payload) == "['ebooklib', 'reportlab'] True False"


def test_without_the_variable_or_with_a_spoilt_one_importing_it_does_nothing() -> None:
    assert probe(None) == "[] False False"
    assert probe("not base64 of a pickle") == "[] False False"
