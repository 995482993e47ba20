"""The made-up articles of the keeping test (``tests/writers/pdf/layout/test_keeping.py``)
and of the newspaper pictures in ``docs/`` (``manual/newspaper_pictures.py``).

Paragraphs of varied length, two subheadings, a portrait photo early, a landscape one in
the middle and a portrait one late, a paragraph ending with a colon before a list of ten
items, and a last paragraph before the byline: lengths that put each of these at a
column's foot or head in some preset. It imports nothing but ``convert.model``, so the
pictures' script can load it by its path beside an older vnconv (the "before" pictures).
"""

from __future__ import annotations

from pathlib import Path

from convert.model import Article, Byline, Caption, List, ListItem, Paragraph, Subheading

WORDS = (
    "Ủy ban nhân dân tỉnh đã tổ chức hội nghị tổng kết công tác năm qua với sự tham dự của "
    "đại biểu các sở ngành huyện thành phố cùng đông đảo người dân địa phương trong không khí "
    "phấn khởi tin tưởng vào những kết quả đạt được trên mọi lĩnh vực kinh tế văn hóa xã hội"
).split()
HEADLINE = "Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết"
BYLINE = "NGUYỄN VĂN AN – TRẦN THỊ BÌNH"
ATTRIBUTION = "(Theo Báo Lạng Sơn)"
COLON = "Những yếu tố chính dẫn đến kết quả trên trong tuần qua:"
SUBHEADINGS = ("Kết quả nổi bật", "Nhiệm vụ thời gian tới")


def text(words: int, seed: int) -> str:
    """A sentence-like run of ``words`` Vietnamese words, the same for the same seed."""
    picked = [WORDS[(seed * 7 + index * 3) % len(WORDS)] for index in range(words)]
    return " ".join(picked).capitalize() + "."


def article(portrait: Path, landscape: Path, paragraphs: int, tail_words: int) -> Article:
    """``paragraphs`` paragraphs of varied length and a last one of ``tail_words`` words
    before the byline, with the photos ``portrait`` (early and late) and ``landscape``
    (in the middle, after the colon paragraph's list)."""
    blocks: list[object] = []
    for index in range(paragraphs):
        if index == 2:
            blocks.append(Caption("Ảnh chân dung đặt sớm trong bài, cao hơn phần cột còn lại.", "Ảnh: TTXVN", str(portrait)))
        if index == paragraphs // 2:
            blocks.append(Subheading(SUBHEADINGS[0]))
            blocks.append(Paragraph(COLON))
            blocks.append(List(tuple(ListItem(f"{n}.", text(12 + 5 * (n % 3), n)) for n in range(1, 11))))
            blocks.append(Caption("Ảnh ngang giữa bài.", "Ảnh: Quang Hưng", str(landscape)))
        if index == paragraphs - 3:
            blocks.append(Subheading(SUBHEADINGS[1]))
            blocks.append(Caption("Ảnh chân dung gần cuối bài.", "Ảnh: Minh Anh", str(portrait)))
        blocks.append(Paragraph(text(30 + (index * 37) % 70, index)))
    blocks.append(Paragraph(text(tail_words, 99)))
    return Article(
        headline=HEADLINE,
        lead=text(40, 1000),
        blocks=tuple(blocks),  # type: ignore[arg-type]
        byline=Byline(BYLINE),
        attribution=ATTRIBUTION,
    )


__all__ = ["ATTRIBUTION", "BYLINE", "COLON", "HEADLINE", "SUBHEADINGS", "WORDS", "article", "text"]
