"""Articles with the body's structure (lists, tables, quotations, interviews, section
breaks) for the writers' tests, and what a writer shows of it.

``STRUCTURED`` has one of every block: a bulleted list with a nested list, a list
lettered in the Vietnamese alphabet (which no Word counter gives), a numbered list, a
table with a header row, a quotation in straight quotes, questions and answers, a
separator. ``long_table`` is a table taller than any page. ``as_set`` is the text as
the print writers set it (typographic quotes and dashes, ``convert.writers.shared``,
whose own tests fix its examples); ``shown_items`` the markers and texts of a list as
shown (the style's bullets, the article's numbers and letters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from convert.model import (
    Answer,
    block_texts,
    Article,
    Byline,
    Dateline,
    List,
    ListItem,
    Paragraph,
    Question,
    Quote,
    Separator,
    Table,
)
from convert.styles import Style
from convert.writers.shared import item_marker, typeset

STRUCTURED = Article(
    headline='Nông sản Việt cần "thương hiệu" để đi xa',
    dateline=Dateline("Thứ Bảy, 05/10/2019", dt.date(2019, 10, 5), "Thứ Bảy"),
    source="TTXVN",
    lead="Xuất khẩu nông sản năm 2019 dự kiến đạt 40 tỷ USD, phần lớn vẫn là hàng thô - chưa có thương hiệu.",
    blocks=(
        Paragraph("Các nhóm hàng chính gồm:"),
        List(
            (
                ListItem("-", "Gạo, chủ yếu sang Philippines"),
                ListItem("-", "Cà phê:", (ListItem("+", "cà phê nhân"), ListItem("+", "cà phê chế biến"))),
                ListItem("-", "Rau quả"),
            )
        ),
        Paragraph("Các địa phương cần:"),
        List(tuple(ListItem(f"{letter})", f"Việc thứ {n}") for n, letter in enumerate("abcdđe", start=1))),
        List((ListItem("1.", "Bước một"), ListItem("2.", "Bước hai"), ListItem("3.", "Bước ba"))),
        Table((("Mặt hàng", "Năm 2018", "Năm 2019"), ("Gạo", "3,06", "2,81"), ("Cà phê", "3,54", "2,86")), header=True),
        Quote('"Muốn đi xa, nông sản phải có thương hiệu."'),
        Separator("***"),
        Question("Thưa ông, vì sao vẫn xuất khẩu thô?", "PV"),
        Answer("Chuỗi liên kết còn lỏng lẻo.", "TS Đặng Kim Sơn"),
        Answer("Đầu tư sau thu hoạch còn hạn chế."),
        Question("Xin cảm ơn ông!", "PV"),
    ),
    byline=Byline("Minh Phương", ("Minh Phương",)),
)


def long_table(rows: int = 120) -> Article:
    """A table of ``rows`` rows under a header: taller than any page of any style."""
    body = tuple((f"Xã số {n}", f"{n * 137 % 1000}.{n:03d}", f"{n % 97},{n % 10}") for n in range(1, rows + 1))
    return Article(
        headline="Dân số các xã",
        lead="Số liệu sơ bộ.",
        blocks=(Table((("Xã", "Dân số", "Tỷ lệ (%)"), *body), header=True), Paragraph("Hết bảng.")),
    )


def as_set(article: Article, style: Style) -> Article:
    """The article's text as a print writer sets it with ``style``."""
    return typeset(article, style)


def shown_texts(article: Article, style: Style) -> Iterator[str]:
    """Every text a writer shows of the article as set: a list's markers as shown (the
    style's bullets), a section break as the style's ornament; the rest as the model has it."""
    article = as_set(article, style)
    for block in article.blocks:
        if isinstance(block, List):
            yield from (t for _, marker, text in shown_items(block.items, style) for t in (marker, text))
        elif isinstance(block, Separator):
            yield style.section_break.ornament
        else:
            yield from block_texts(block)
    yield from Article(
        headline=article.headline, dateline=article.dateline, source=article.source, lead=article.lead,
        byline=article.byline, attribution=article.attribution,
    ).texts()


def shown_items(items: tuple[ListItem, ...], style: Style, depth: int = 0) -> Iterator[tuple[int, str, str]]:
    """(depth, the marker shown, the text) of every item, nested ones after their item."""
    for item in items:
        yield depth, item_marker(item.marker, depth, style), item.text
        yield from shown_items(item.items, style, depth + 1)
