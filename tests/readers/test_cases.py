"""Golden cases, in the style of pandoc's test/command: each input beside its expected
``vnconv parse --outline`` (``NAME.outline``), checked by one test.

Every sample in ``samples/`` has its pair; ``tests/cases/`` holds an input for each
convention the samples do not show. A new input convention is one pair of files: the
input, and the outline it must give (``vnconv parse --outline IN > NAME.outline``,
read and corrected by hand). The outline is the structure and the start of each text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

CASES_DIR = ROOT / "tests" / "cases"
GOLDEN = ".outline"


def inputs() -> list[Path]:
    """The samples' articles and every file of tests/cases that is not an outline or its README."""
    extra = [p for p in CASES_DIR.iterdir() if p.suffix != GOLDEN and p.name != "README.md"]
    return sorted(SAMPLES.glob("*.txt")) + sorted(extra)


@pytest.mark.parametrize("source", inputs(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_outline_read_is_the_golden_one(source: Path, run) -> None:
    golden = source.with_suffix(GOLDEN)
    assert golden.is_file(), f"{golden} is missing; write it with: vnconv parse --outline {source} > {golden}"
    result = run(["parse", "--outline", str(source)])
    assert result.exit_code == 0, result.stderr
    assert result.text == golden.read_text(encoding="utf-8")


def test_every_golden_outline_has_its_input() -> None:
    stems = {path.with_suffix("") for path in inputs()}
    orphans = [path for path in [*SAMPLES.glob(f"*{GOLDEN}"), *CASES_DIR.glob(f"*{GOLDEN}")] if path.with_suffix("") not in stems]
    assert orphans == []
