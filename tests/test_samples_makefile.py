"""samples/Makefile: pattern rules that convert each article, safe with make -j."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def test_pattern_rules_name_every_output(tmp_path: Path) -> None:
    result = subprocess.run(
        ["make", "-n", "-C", str(SAMPLES), f"OUT={tmp_path}", "VNCONV=vnconv"], capture_output=True, text=True, check=True
    )
    for sample in sorted(SAMPLES.glob("*.txt")):
        for fmt in ("pdf", "docx", "epub"):
            assert f"vnconv {fmt} --style default {sample.name} -o {tmp_path}/{sample.stem}.{fmt}" in result.stdout


def test_make_j_converts_and_then_has_nothing_to_do(tmp_path: Path) -> None:
    vnconv = Path(sys.executable).with_name("vnconv")
    if not vnconv.exists():
        pytest.skip("the vnconv console script is not installed beside this Python")
    args = ["make", "-j2", "-C", str(SAMPLES), f"OUT={tmp_path}", f"VNCONV={vnconv}", "FORMATS=docx"]
    subprocess.run(args, capture_output=True, check=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{s.stem}.docx" for s in SAMPLES.glob("*.txt"))
    again = subprocess.run([*args, "--question"], capture_output=True)
    assert again.returncode == 0  # every target is up to date
