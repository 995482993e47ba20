"""Bylines in capitals or not, with an agency or what the author did, set right with
spaces or tabs; attributions before or after them, or on their line."""

from __future__ import annotations

import pytest

from convert.model import Byline
from convert.readers.plaintext import read_text
from convert.readers.plaintext.bylines import attribution, byline

BODY = "Tiêu đề bài\n\nTTXVN - Mở đầu bài viết.\n\nĐoạn hai của bài.\n"


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("Quốc Thắng", ("Quốc Thắng",)),
        ("PHÙNG KHIÊM", ("PHÙNG KHIÊM",)),
        ("Minh Anh (TTXVN)", ("Minh Anh",)),
        ("Minh Anh (Báo Tin tức)", ("Minh Anh",)),
        ("Minh Phương (thực hiện)", ("Minh Phương",)),
        ("Nguyễn Văn A - Trần Thị B", ("Nguyễn Văn A", "Trần Thị B")),
        ("Bài và ảnh: Hoàng Ánh", ("Hoàng Ánh",)),
        ("Hoàng Hà/TTXVN", ("Hoàng Hà/TTXVN",)),
    ],
)
def test_byline_forms(text: str, authors: tuple[str, ...]) -> None:
    assert byline(text) == Byline(text, authors)


@pytest.mark.parametrize("text", ["Tỉnh ủy họp.", "Hội nghị kết thúc", "Theo kế hoạch, năm nay", "A"])
def test_not_bylines(text: str) -> None:
    assert byline(text) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [("Theo VnExpress", "Theo VnExpress"), ("(Theo CNBC, Reuters)", "Theo CNBC, Reuters"), ("Nguồn: Báo Nhân Dân", "Nguồn: Báo Nhân Dân")],
)
def test_attribution_forms(text: str, found: str) -> None:
    assert attribution(text) == found


def test_theo_opening_a_clause_is_no_attribution() -> None:
    assert attribution("Theo ông A, năm nay giá tăng") is None and attribution("Theo kế hoạch") is None


@pytest.mark.parametrize("setting_right", [" " * 40, "\t\t\t\t\t", "\t\t  \t"])
def test_a_byline_set_right_under_the_last_paragraph(setting_right: str) -> None:
    article = read_text(BODY.rstrip("\n") + f"\n{setting_right}Quốc Thắng\n")
    assert article.byline == Byline("Quốc Thắng", ("Quốc Thắng",))
    assert article.blocks[-1].text == "Đoạn hai của bài."  # type: ignore[union-attr]


def test_attribution_then_byline_and_byline_then_attribution() -> None:
    for tail in ("Minh Anh\n\nTheo VnExpress", "(Theo VnExpress)\n\nMinh Anh", "Minh Anh\nTheo VnExpress"):
        article = read_text(BODY + "\n" + tail + "\n")
        assert (article.byline, article.attribution) == (Byline("Minh Anh", ("Minh Anh",)), "Theo VnExpress"), tail


def test_an_attribution_on_the_bylines_line() -> None:
    article = read_text(BODY + "\nMinh Anh (theo CNBC)\n")
    assert (article.byline, article.attribution) == (Byline("Minh Anh", ("Minh Anh",)), "theo CNBC")
