"""The server's warm-up (convert/server/warmup.py): its article reaches every kind of
block the commands set, in text holding every Vietnamese letter, and running it leaves
nothing behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from convert.fonts import VIETNAMESE_LETTERS
from convert.server.warmup import _CONSONANTS, article_text, warm


def test_the_article_has_every_kind_of_block_and_every_letter() -> None:
    from convert.readers import read

    article = read(article_text().encode("utf-8"), "warmup.txt")
    assert article.headline and article.lead and article.dateline and article.byline and article.attribution
    assert {type(block).__name__ for block in article.blocks} >= {"Paragraph", "Subheading", "Caption"}
    text = article_text()
    assert set(VIETNAMESE_LETTERS + _CONSONANTS + _CONSONANTS.upper()) <= set(text)


def test_warm_runs_each_command_and_leaves_no_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ran: list[list[str]] = []

    def command(argv: Sequence[str]) -> None:
        ran.append(list(argv))
        assert Path(argv[-1] if argv[0] == "parse" else argv[1]).read_text(encoding="utf-8") == article_text()
        raise SystemExit(0)

    warm(command, formats=("pdf", "docx"))
    assert [argv[0] for argv in ran] == ["pdf", "docx", "convert", "parse", "parse"]
    assert os.listdir(tmp_path) == []
