"""Bylines in capitals or not, with an agency or what the author did, set right with
spaces or tabs; attributions before or after them, or on their line."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from convert.model import Byline
from convert.readers.plaintext import read_text
from convert.readers.plaintext.bylines import attribution, byline

BODY = "Tiêu đề bài\n\nTTXVN - Mở đầu bài viết.\n\nĐoạn hai của bài.\n"


@pytest.mark.parametrize(
    ("text", "authors", "agency"),
    [
        ("Quốc Thắng", ("Quốc Thắng",), None),
        ("PHÙNG KHIÊM", ("PHÙNG KHIÊM",), None),
        ("Minh Anh (TTXVN)", ("Minh Anh",), "TTXVN"),
        ("Minh Anh (Báo Tin tức)", ("Minh Anh",), "Báo Tin tức"),
        ("Minh Phương (thực hiện)", ("Minh Phương",), None),
        ("Nguyễn Văn A - Trần Thị B", ("Nguyễn Văn A", "Trần Thị B"), None),
        ("PHÙNG KHIÊM - NGỌC", ("PHÙNG KHIÊM", "NGỌC"), None),
        ("Bài và ảnh: Hoàng Ánh", ("Hoàng Ánh",), None),
        ("Hoàng Hà/TTXVN", ("Hoàng Hà",), "TTXVN"),
        ("Minh Hằng/VOV.VN", ("Minh Hằng",), "VOV.VN"),
        ("Minh Hằng / VOV", ("Minh Hằng",), "VOV"),
        ("Minh Anh - TTXVN", ("Minh Anh",), "TTXVN"),
        ("Nguyễn Văn A, Trần Thị B – Dân trí", ("Nguyễn Văn A", "Trần Thị B"), "Dân trí"),
        ("PHÙNG KHIÊM — dantri.com.vn", ("PHÙNG KHIÊM",), "dantri.com.vn"),
    ],
)
def test_byline_forms(text: str, authors: tuple[str, ...], agency: str | None) -> None:
    assert byline(text) == Byline(text, authors, agency)


def test_the_agency_is_no_author_in_the_epub_creator(run, tmp_path: Path) -> None:
    source = "Tiêu đề bài\n\nHÀ NỘI (VOV) - Mở đầu bài viết.\n\nĐoạn hai của bài.\n\nMinh Hằng/VOV.VN\n"
    article = read_text(source)
    assert article.authors == ("Minh Hằng",)
    assert article.byline is not None and article.byline.agency == "VOV.VN"
    (tmp_path / "bai.txt").write_text(source, encoding="utf-8")
    assert run(["epub", str(tmp_path / "bai.txt"), "-o", str(tmp_path / "bai.epub")]).exit_code == 0
    with zipfile.ZipFile(tmp_path / "bai.epub") as book:
        opf = next(book.read(name).decode() for name in book.namelist() if name.endswith(".opf"))
    assert re.findall(r"<dc:creator[^>]*>([^<]*)</dc:creator>", opf) == ["Minh Hằng"]
    assert re.findall(r"<dc:publisher[^>]*>([^<]*)</dc:publisher>", opf) == ["VOV"]


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
