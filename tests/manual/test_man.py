"""The man pages: one per command, made from the Click commands, readable by man."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from convert.cli import cli
from manual import man

pytest.importorskip("click_man", reason="the docs extra is not installed (make install installs it)")


def test_a_page_for_vnconv_and_each_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1565222400")
    written = man.write(tmp_path)
    names = {path.name for path in written}
    assert names == {path.name for path in tmp_path.iterdir()}
    assert {"vnconv.1", "vnconv-pdf.1", "vnconv-convert.1", "vnconv-styles-show.1"} <= names
    assert len(names) == 1 + sum(1 + len(getattr(c, "commands", {})) for c in cli.commands.values() if not c.hidden)
    pdf = (tmp_path / "vnconv-pdf.1").read_text(encoding="utf-8")
    assert '.TH "VNCONV PDF" "1" "2019-08-08"' in pdf and r"\-\-bleed" in pdf
    assert ".nf\nExamples:" in pdf  # the examples keep their lines


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_man_renders_the_pages(tmp_path: Path) -> None:
    man.write(tmp_path)
    shown = subprocess.run(["man", "-l", str(tmp_path / "vnconv-convert.1")], capture_output=True, text=True, env={"MANPAGER": "cat", "PATH": "/usr/bin:/bin", "COLUMNS": "100"})
    assert shown.returncode == 0, shown.stderr
    assert "vnconv-convert - Convert files and folders" in shown.stdout and "--scheduler" in shown.stdout
