"""The newspaper pictures' script (``manual/newspaper_pictures.py``): its cases are the
pictures the manual shows, and it frames, in a PDF of this code, the places each case is
about (the "before" side needs an older checkout and is made by hand; see its docstring)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::convert.writers.shared.RenderWarning")  # small test photos print soft

from manual import newspaper_pictures
from manual.newspaper_pictures import CASES, DOCS_PAGE, ROOT
from tests.support.photos import photo


def test_every_picture_is_in_docs_and_shown_by_the_manual() -> None:
    page = (ROOT / "docs" / DOCS_PAGE).read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(([^)]+\.png)\)", page))
    for case in CASES:
        assert (ROOT / "docs" / case.name).is_file(), case.name
        assert case.name in shown, f"docs/{DOCS_PAGE} does not show {case.name}"
        assert (ROOT / "docs" / case.name).stat().st_size < 150_000, f"{case.name}: keep the pictures small"


def test_the_colon_case_is_framed_where_the_paragraph_and_its_list_stand_together(tmp_path: Path) -> None:
    portrait = photo(tmp_path / "portrait.jpg", 300, 420, label="dọc")
    landscape = photo(tmp_path / "landscape.jpg", 480, 300, label="ngang")
    case = next(case for case in CASES if case.mark == "colon")
    out = tmp_path / "after.pdf"
    newspaper_pictures.render(portrait, landscape, case.paragraphs, case.tail, out)
    boxes = newspaper_pictures._marked(out.read_bytes(), case)
    assert len(boxes) == 2
    (left, _, right, top), (left2, _, right2, top2) = boxes
    assert (left, right) == (left2, right2) and top > top2  # one column, the list's first line under the colon's
