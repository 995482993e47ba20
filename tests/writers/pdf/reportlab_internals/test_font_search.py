"""The writer imports ReportLab without its walk of the system's font folders, and every
other ``os.walk`` is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from convert.writers.pdf.reportlab_internals.font_search import skipping_font_walk

#: In a fresh process: who walked folders while the writer was imported, and ``os.walk`` after.
_WALKS = """
import os, sys
calls = []
real = os.walk
def recording(top, *args, **kwargs):
    calls.append(sys._getframe(1).f_globals.get('__name__'))
    return real(top, *args, **kwargs)
os.walk = recording
from convert.writers import pdf
pdf._document()
import reportlab.rl_settings
print(calls.count('reportlab.rl_settings'), os.walk is recording)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ReportLab walks the font folders on Linux only")
def test_the_writer_imports_reportlab_without_walking_the_font_folders() -> None:
    out = subprocess.run([sys.executable, "-c", _WALKS], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "True"]


def test_any_other_walk_is_the_real_one(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f.ttf").write_bytes(b"")
    with skipping_font_walk():
        found = [(Path(root).name, files) for root, _, files in os.walk(tmp_path)]
    assert found == [(tmp_path.name, []), ("a", ["f.ttf"])]
    assert os.walk.__module__ == "os"
