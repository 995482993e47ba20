"""Output naming and the refusals every writer command shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from convert import jobs
from convert.io import OutputError


@pytest.mark.parametrize(
    ("input_path", "outdir", "expected"),
    [
        ("bai.txt", None, "bai.pdf"),
        ("dir/bai.txt", None, "dir/bai.pdf"),
        ("dir/bai.json", None, "dir/bai.pdf"),
        ("dir/bai.md", None, "dir/bai.md.pdf"),
        ("dir/bai.txt", "out", "out/bai.pdf"),
        ("-", None, "-"),
        ("-", "out", "out/stdin.pdf"),
    ],
)
def test_default_output(input_path: str, outdir: str | None, expected: str) -> None:
    assert jobs.default_output(input_path, "pdf", outdir) == expected


def test_output_equal_to_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "bai.txt"
    source.write_text("x")
    with pytest.raises(OutputError, match="is also the input"):
        jobs.check_output([str(source)], str(tmp_path / "." / "bai.txt"))
