"""Date lines in the forms exports and crawls write them, above or under the headline or
labelled at the end; a sentence that mentions a date is never one."""

from __future__ import annotations

import datetime as dt

import pytest

from convert.model import Dateline
from convert.readers.plaintext import read_text
from convert.readers.plaintext.datelines import dateline


@pytest.mark.parametrize(
    ("text", "date", "weekday"),
    [
        ("Chủ nhật, 9/12/2018, 11:46 (GMT+7)", dt.date(2018, 12, 9), "Chủ nhật"),
        ("22/11/2018 - 21:55", dt.date(2018, 11, 22), None),
        ("Cập nhật: 19/11/2018 05:53 GMT+7", dt.date(2018, 11, 19), None),
        ("Ngày đăng: 19-11-2018", dt.date(2018, 11, 19), None),
        ("Cập nhật lúc 21:55 ngày 22/11/2018", dt.date(2018, 11, 22), None),
        ("Thứ Sáu, 23/11/2018 15:32 (GMT+7)", dt.date(2018, 11, 23), "Thứ Sáu"),
        ("Thứ 5, 22/11/2018 | 15:32", dt.date(2018, 11, 22), "Thứ 5"),
        ("T5, 22.11.2018", dt.date(2018, 11, 22), "T5"),
        ("15:32 | 23/11/2018", dt.date(2018, 11, 23), None),
        ("Thứ bảy, 17/08/2019 08:00 AM", dt.date(2019, 8, 17), "Thứ bảy"),
        ("2018-11-22T21:55:00+07:00", dt.date(2018, 11, 22), None),
        ("Hà Nội, ngày 12 tháng 3 năm 2020", dt.date(2020, 3, 12), None),
        ("TP.HCM, 17/08/2019", dt.date(2019, 8, 17), None),
        ("19 tháng 11, 2018", dt.date(2018, 11, 19), None),
        ("Thứ Năm, ngày 12 tháng 3 năm 2020", dt.date(2020, 3, 12), "Thứ Năm"),
    ],
)
def test_date_line_forms(text: str, date: dt.date, weekday: str | None) -> None:
    found = dateline(text)
    assert found is not None and (found.text, found.date, found.weekday) == (text, date, weekday)


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 17/8/2019 trời mưa to ở Hà Nội",  # a sentence
        "17/8/2019 - 17/9/2019",  # two dates: a period, not a date line
        "hà nội, 17/08/2019",  # a place is written with capitals
        "31/02/2019",  # no such day
        "Sáng 16/10, tỉnh tổ chức hội nghị",
        "Năm 2019",
    ],
)
def test_not_date_lines(text: str) -> None:
    assert dateline(text) is None


def test_a_date_line_under_the_headline_is_the_date_line() -> None:
    article = read_text("Sạt lở bờ sông Tiền\n22/11/2018 - 21:55\n\n(TTO) - Chiều 22/11, bờ sông sạt lở.\n\nĐoạn hai.\n")
    assert article.headline == "Sạt lở bờ sông Tiền"
    assert article.dateline is not None and article.dateline.date == dt.date(2018, 11, 22)
    assert article.source == "TTO" and article.lead == "Chiều 22/11, bờ sông sạt lở."


def test_a_labelled_date_line_at_the_end_is_the_date_line_when_there_is_none_above() -> None:
    article = read_text("Tiêu đề bài\n\nMở đầu bài.\n\nĐoạn hai.\n\nQuốc Thắng\n\nCập nhật: 19/11/2018 05:53\n")
    assert article.dateline is not None and article.dateline.text == "Cập nhật: 19/11/2018 05:53"
    assert article.byline is not None and article.byline.text == "Quốc Thắng"
    assert [type(b).__name__ for b in article.blocks] == ["Paragraph"]


@pytest.mark.parametrize(
    ("lead", "where", "place", "source", "rest"),
    [
        ("HÀ NỘI (VOV) - Sáng nay, thành phố khánh thành cầu.", "HÀ NỘI", "HÀ NỘI", "VOV", "Sáng nay, thành phố khánh thành cầu."),
        ("ĐÀ NẴNG (TTXVN) – Sáng 15/9, thành phố đón khách.", "ĐÀ NẴNG", "ĐÀ NẴNG", "TTXVN", "Sáng 15/9, thành phố đón khách."),
        ("NGHỆ AN, 15/9 (TTXVN) — Mưa lớn gây ngập.", "NGHỆ AN, 15/9", "NGHỆ AN", "TTXVN", "Mưa lớn gây ngập."),
        ("TP.HCM (TTXVN) - Chiều nay, trời mưa.", "TP.HCM", "TP.HCM", "TTXVN", "Chiều nay, trời mưa."),
        ("WASHINGTON (TTXVN) - Tổng thống Mỹ phát biểu.", "WASHINGTON", "WASHINGTON", "TTXVN", "Tổng thống Mỹ phát biểu."),
        ("THỪA THIÊN - HUẾ (VOV) - Lũ lên nhanh.", "THỪA THIÊN - HUẾ", "THỪA THIÊN - HUẾ", "VOV", "Lũ lên nhanh."),
    ],
)
def test_a_place_before_the_agency_goes_to_the_date_line(lead: str, where: str, place: str, source: str, rest: str) -> None:
    article = read_text(f"Tiêu đề bài\n\n{lead}\n\nĐoạn hai của bài.\n")
    assert article.dateline == Dateline(text=where, place=place)
    assert (article.headline, article.source, article.lead) == ("Tiêu đề bài", source, rest)


def test_a_place_joins_the_date_line_found_above() -> None:
    article = read_text("Thứ hai, 15/09/2025\n\nTiêu đề bài\n\nHÀ NỘI (VOV) - Sáng nay.\n\nĐoạn hai.\n")
    assert article.dateline == Dateline("HÀ NỘI, Thứ hai, 15/09/2025", dt.date(2025, 9, 15), "Thứ hai", "HÀ NỘI")
    assert (article.source, article.lead) == ("VOV", "Sáng nay.")


@pytest.mark.parametrize(
    "lead",
    [
        "Hà Nội (VOV) - Sáng nay, thành phố khánh thành cầu.",  # not in capitals as wires write it
        "UBND (tỉnh) - Sáng nay, tỉnh họp.",  # not a place
        "HÀ NỘI ĐÓN KHÁCH (VOV) - Sáng nay.",  # not a place vnconv knows
    ],
)
def test_no_place_without_a_known_place_in_capitals(lead: str) -> None:
    article = read_text(f"Tiêu đề bài\n\n{lead}\n\nĐoạn hai của bài.\n")
    assert article.dateline is None or article.dateline.place is None
    assert "Sáng nay" in (article.lead or "")


def test_a_place_lead_is_no_headline() -> None:
    article = read_text("HÀ NỘI (TTXVN) - Sáng nay, thành phố khánh thành cầu.\n\nĐoạn hai của bài.\n")
    assert article.headline is None and article.source == "TTXVN" and article.dateline == Dateline("HÀ NỘI", place="HÀ NỘI")
