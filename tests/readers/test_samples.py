"""Golden structure of the other samples: each shows a convention the seed does not."""

from __future__ import annotations

import datetime as dt

import pytest

from convert.model import Caption, Paragraph, Subheading
from convert.readers.plaintext import read_bytes
from tests.conftest import SAMPLES


def read(name: str):
    return read_bytes((SAMPLES / name).read_bytes())


def kinds(article) -> str:
    return "".join({Caption: "c", Paragraph: "p", Subheading: "s"}[type(b)] for b in article.blocks)


def test_ttxvn_sample_credit_subheading_two_authors_and_attribution() -> None:
    article = read("001_ttxvn_mua_lua.txt")
    assert (article.dateline.date, article.dateline.weekday) == (dt.date(2020, 10, 5), "Thứ Hai")
    assert article.source == "TTXVN"
    assert kinds(article) == "pcpspp"
    assert article.blocks[1] == Caption(
        "Nông dân xã Vĩnh Hanh, huyện Châu Thành thu hoạch lúa bằng máy gặt đập liên hợp", "Ảnh: TTXVN"
    )
    assert article.blocks[3] == Subheading("Liên kết tiêu thụ sản phẩm")
    assert article.byline.authors == ("Nguyễn Văn An", "Trần Thị Bình")
    assert article.attribution == "Theo Báo Tin tức"


def test_vov_sample_has_a_paragraph_per_line() -> None:
    article = read("002_vov_cau_moi.txt")
    assert article.dateline.date == dt.date(2019, 8, 17)
    assert article.headline == "Thông xe cầu mới bắc qua sông Kỳ Cùng"
    assert article.source == "VOV.VN"
    assert kinds(article) == "ppp"
    assert article.byline.authors == ("HOÀNG ÁNH",)


def test_windows_1258_crlf_sample_reads_as_clean_unicode() -> None:
    raw = (SAMPLES / "003_qdnd_khai_giang_cp1258.txt").read_bytes()
    assert b"\r\n" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the sample's point: an old archive file, not UTF-8
    warnings: list[str] = []
    article = read_bytes(raw, warn=warnings.append)
    assert (article.encoding, warnings) == ("windows-1258", [])  # an old archive file, but no alarm
    assert article.headline == "Học sinh vùng cao háo hức chào đón năm học mới"
    assert article.source == "QĐND"
    assert article.blocks[0] == Caption("Các em học sinh Trường Tiểu học Hoa Thám trong buổi khai giảng.", "Ảnh: PV")
    assert article.byline.text == "Bài và ảnh: LÂM TUẤN" and article.byline.authors == ("LÂM TUẤN",)
