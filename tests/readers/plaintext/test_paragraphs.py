"""Paragraphs: tab-indented without blank lines, hard-wrapped at a width without blank
lines, a line each; a short file of short lines is not taken for a wrapped one."""

from __future__ import annotations

import textwrap

from convert.model import Paragraph
from convert.readers.plaintext import read_text
from convert.readers.plaintext.chunks import wrap_width
from convert.readers.plaintext.lines import groups, split_lines

PARAGRAPHS = [
    "Cơn mưa lớn kéo dài hơn hai giờ chiều 9/5 khiến nhiều tuyến phố ở các quận ngập sâu, giao thông ùn tắc kéo dài.",
    "Theo Trung tâm Chống ngập thành phố, lượng mưa đo được tại trạm Tân Sơn Hòa lên tới 95 mm, cao nhất từ đầu năm nay.",
    "Nhiều người dân phải dắt bộ xe máy qua các đoạn đường ngập, không ít phương tiện chết máy giữa dòng nước.",
]


def test_tab_indented_paragraphs_without_blank_lines() -> None:
    text = "Tiêu đề bài\n\tTTXVN - Mở đầu bài viết.\n" + "".join(f"\t{p}\n" for p in PARAGRAPHS)
    article = read_text(text)
    assert (article.headline, article.source, article.lead) == ("Tiêu đề bài", "TTXVN", "Mở đầu bài viết.")
    assert article.blocks == tuple(Paragraph(p) for p in PARAGRAPHS)


def test_an_indented_line_in_mid_sentence_continues_the_paragraph() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\nThân bài dài\n  được ngắt dòng giữa chừng.\n")
    assert article.blocks == (Paragraph("Thân bài dài được ngắt dòng giữa chừng."),)


def test_hard_wrapped_at_72_columns_without_blank_lines() -> None:
    lines = ["Tiêu đề bài về mưa ngập ở thành phố", *textwrap.wrap("SGGP - " + PARAGRAPHS[0], 72)]
    for paragraph in PARAGRAPHS[1:]:
        lines += textwrap.wrap(paragraph, 72)
    text = "\n".join(lines) + "\n"
    assert wrap_width(groups(split_lines(text))) in range(66, 73)
    article = read_text(text)
    assert article.lead == PARAGRAPHS[0] and article.blocks == tuple(Paragraph(p) for p in PARAGRAPHS[1:])


def test_short_lines_a_paragraph_each_are_not_taken_for_wrapped_ones() -> None:
    text = "Tiêu đề\nTTXVN - Mở đầu ngắn.\n" + "\n".join(p.split(",")[0] + "." for p in PARAGRAPHS) + "\n"
    assert wrap_width(groups(split_lines(text))) is None
    assert len(read_text(text).blocks) == len(PARAGRAPHS)
