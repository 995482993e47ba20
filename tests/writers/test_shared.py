"""What the writers share (convert/writers/shared.py): labels, language tags, the moment, ZIP times."""

from __future__ import annotations

import datetime as dt

import pytest

from convert.writers.shared import LABEL_CHARS, language_tag, moment, shortened, zip_time


def test_a_short_label_stays_whole_and_a_long_one_is_cut_at_a_word() -> None:
    assert shortened("Tin ngắn") == "Tin ngắn"
    words = " ".join(["Lạng Sơn"] * 60)
    cut = shortened(words)
    assert len(cut) <= LABEL_CHARS and cut.endswith("Sơn…") and words.startswith(cut[:-1])
    assert shortened("Đ" * 300, limit=10) == "Đ" * 9 + "…"


def test_vietnamese_gets_a_region_and_other_tags_stay() -> None:
    assert language_tag("vi") == "vi-VN"
    assert language_tag("en-GB") == "en-GB"


def test_the_moment_is_the_timestamp_else_the_latest_date_in_utc_to_the_second() -> None:
    local = dt.datetime(2019, 8, 17, 16, 30, 5, 123456, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert moment(local, [dt.date(2020, 1, 1)]) == dt.datetime(2019, 8, 17, 9, 30, 5, tzinfo=dt.timezone.utc)
    dates = [dt.date(2019, 8, 17), dt.date(2019, 9, 1), dt.date(2019, 8, 1)]
    assert moment(None, dates) == dt.datetime(2019, 9, 1, tzinfo=dt.timezone.utc)
    now = moment(None, [])
    assert now.tzinfo == dt.timezone.utc and now.microsecond == 0
    assert abs(now - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("when", "stamp"),
    [
        (None, (1980, 1, 1, 0, 0, 0)),
        (dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc), (1980, 1, 1, 0, 0, 0)),
        (dt.datetime(2019, 8, 17, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))), (2019, 8, 17, 9, 30, 0)),
        (dt.datetime(2200, 1, 1, tzinfo=dt.timezone.utc), (2107, 12, 31, 23, 59, 58)),
    ],
)
def test_zip_times_stay_within_what_zip_can_say(when: dt.datetime | None, stamp: tuple[int, ...]) -> None:
    assert zip_time(when) == stamp
