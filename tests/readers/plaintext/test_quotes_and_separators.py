"""Block quotations (``>`` lines; a paragraph wholly quoted after a colon) and section
separators."""

from __future__ import annotations

import pytest

from convert.model import Paragraph, Quote, Separator
from convert.readers.plaintext import read_text
from convert.readers.plaintext.separators import separator

HEAD = "Tiêu đề bài\n\nTTXVN - Mở đầu bài viết.\n\n"


def test_marked_lines_make_a_quotation_in_paragraphs() -> None:
    article = read_text(HEAD + "Tác giả viết:\n\n> Dòng một\n> của đoạn một.\n>\n> Đoạn hai.\n")
    assert article.blocks == (Paragraph("Tác giả viết:"), Quote("Dòng một của đoạn một."), Quote("Đoạn hai."))


def test_a_paragraph_wholly_quoted_after_a_colon_is_a_quotation() -> None:
    said = 'Thủ tướng nhấn mạnh:\n\n"Không để doanh nghiệp phải chờ."\n\n“Hai câu.” Không phải trích.\n'
    article = read_text(HEAD + said)
    assert article.blocks == (
        Paragraph("Thủ tướng nhấn mạnh:"),
        Quote('"Không để doanh nghiệp phải chờ."'),  # its quotation marks are text and stay
        Paragraph("“Hai câu.” Không phải trích."),  # not wholly quoted
    )
    not_after_a_colon = read_text(HEAD + 'Đoạn một.\n\n"Câu trích."\n')
    assert not_after_a_colon.blocks[-1] == Paragraph('"Câu trích."')


@pytest.mark.parametrize("text", ["* * *", "***", "---", "___", "o0o", "-o0o-", "~~~", "• • •"])
def test_separator_lines(text: str) -> None:
    assert separator(text)
    assert read_text(HEAD + f"Trước.\n\n{text}\n\nSau.\n").blocks[1] == Separator(text)


@pytest.mark.parametrize("text", ["**", "* a *", "- - x", "oOo là"])
def test_not_separators(text: str) -> None:
    assert not separator(text)
