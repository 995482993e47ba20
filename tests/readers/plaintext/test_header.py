"""The ``---`` header: the parts it gives are taken, never guessed; a block that is not
wholly ``key: value`` lines is read as text, and the reader says why."""

from __future__ import annotations

import datetime as dt

from convert.model import Byline, Paragraph, Separator
from convert.readers.plaintext import read_text


def read_warned(text: str) -> tuple[object, list[str]]:
    warnings: list[str] = []
    return read_text(text, warnings.append), warnings


def test_the_header_gives_parts_and_the_text_below_fills_the_rest() -> None:
    text = (
        "---\nheadline: Tiêu đề đúng\nngày: Thứ bảy, 17/08/2019\nnguồn: LSO\ntác giả: Hoàng Ánh, Minh Anh\n---\n\n"
        "LSO - Mở đầu bài.\n\nĐoạn một.\n\nPHẠM VĂN MINH\n"
    )
    article, warnings = read_warned(text)
    assert warnings == []
    assert article.headline == "Tiêu đề đúng"
    assert article.dateline is not None and (article.dateline.date, article.dateline.weekday) == (dt.date(2019, 8, 17), "Thứ bảy")
    assert (article.source, article.lead) == ("LSO", "Mở đầu bài.")  # the slug the header names is dropped
    assert article.byline == Byline("Hoàng Ánh, Minh Anh", ("Hoàng Ánh", "Minh Anh"))
    assert article.blocks == (Paragraph("Đoạn một."), Paragraph("PHẠM VĂN MINH"))  # the byline was given: no guess


def test_an_empty_value_says_there_is_no_such_part() -> None:
    article, _ = read_warned("---\nbyline:\n---\nTiêu đề\n\nMở đầu.\n\nĐoạn cuối.\n\nQuốc Thắng\n")
    assert article.byline is None and article.blocks[-1] == Paragraph("Quốc Thắng")


def test_a_header_naming_another_source_keeps_the_slug_in_the_lead() -> None:
    article, _ = read_warned("---\nsource: Báo Lạng Sơn\n---\nTiêu đề\n\nLSO - Mở đầu.\n")
    assert (article.source, article.lead) == ("Báo Lạng Sơn", "LSO - Mở đầu.")


def test_a_date_vnconv_cannot_read_is_kept_as_written_with_a_warning() -> None:
    article, warnings = read_warned("---\ndate: hôm qua\n---\nTiêu đề\n\nMở đầu.\n")
    assert article.dateline is not None and (article.dateline.text, article.dateline.date) == ("hôm qua", None)
    assert warnings == ["line 2: header date 'hôm qua' is no date vnconv reads; kept as the date line's text"]


def test_a_block_that_is_no_header_is_read_as_text_and_the_reader_says_why() -> None:
    article, warnings = read_warned("---\nheadline: Tiêu đề\nmàu: đỏ\n---\n\nMở đầu.\n")
    assert len(warnings) == 1 and "line 3: 'màu: đỏ' is not 'key: value' with a header key" in warnings[0]
    assert article.blocks[0] == Separator("---") or article.headline == "---"
    assert "màu: đỏ" in " ".join(article.texts())  # nothing dropped


def test_rules_alone_are_separators_not_a_header() -> None:
    article, warnings = read_warned("Tiêu đề\n\nMở đầu.\n\nĐoạn.\n\n---\n\nĐoạn sau.\n")
    assert warnings == [] and Separator("---") in article.blocks
