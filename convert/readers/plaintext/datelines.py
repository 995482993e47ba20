"""Date lines, in the forms newsroom exports and crawls write them.

``17/08/2019``, ``Thứ bảy, 17/08/2019``, ``Chủ nhật, 9/12/2018, 11:46 (GMT+7)``,
``22/11/2018 - 21:55``, ``Cập nhật: 19/11/2018 05:53 GMT+7``, ``Ngày đăng: 19-11-2018``,
``lúc 10:30 ngày 19/11/2018``, ``Hà Nội, ngày 12 tháng 3 năm 2020``,
``2018-11-22T21:55:00+07:00``. A line is a date line when, once one date is found
in it, everything else is a label, a place, a weekday, a time, a time zone or
punctuation: so a sentence that mentions a date is never one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from convert.model import Dateline

#: A date line is short; longer text that holds a date is a sentence.
MAX_CHARS: Final = 90

RULE_FIRST: Final = "dateline: the first line is a date"
RULE_UNDER_HEADLINE: Final = "dateline: a date line under the headline"
RULE_AT_END: Final = "dateline: a labelled date line at the end"

_DATE: Final = re.compile(
    r"(?<![\d/.-])(?:(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})\s*(?:,\s*|\s+năm\s+|\s+)(?P<wy>\d{4}))(?![\d/])",
    re.IGNORECASE,
)
#: What a date line may open with: ``Cập nhật:``, ``Ngày đăng:``, ``Đăng lúc``...
_LABEL: Final = re.compile(
    r"^(?:cập nhật(?:\s+lúc)?|ngày cập nhật|ngày đăng|đăng ngày|đăng lúc|đăng|ngày xuất bản|xuất bản(?:\s+lúc)?"
    r"|thời gian(?:\s+đăng)?|updated|posted|published)\s*:?\s*",
    re.IGNORECASE,
)
#: A place before the date: ``Hà Nội, ngày ...``, ``TP.HCM, 17/08/2019`` (words with capitals).
_PLACE: Final = re.compile(r"^(?P<words>(?:\w[\w.]*\s*){1,4}),\s*(?=ngày\b|\d)", re.IGNORECASE)
_WEEKDAY: Final = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t[2-7])"
_TIME: Final = r"(?:t?\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:am|pm|sa|ch))?|\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}\s*(?:phút|')?)?)"
_ZONE: Final = r"(?:(?:gmt|utc)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|z\b)"
#: Everything a date line may hold besides its date.
_FILLER: Final = re.compile(
    rf"^(?:\s+|[,|·•/–—()\-]|ngày\b|lúc\b|vào\b|{_WEEKDAY}\b|{_TIME}|{_ZONE})*$",
    re.IGNORECASE,
)
_WEEKDAY_AT: Final = re.compile(rf"(?<!\w){_WEEKDAY}(?!\w)", re.IGNORECASE)


def dateline(text: str) -> Dateline | None:
    """The date line ``text`` is, or None; the text stays as written."""
    if len(text) > MAX_CHARS or not any(ch.isdigit() for ch in text):
        return None
    label = _LABEL.match(text)
    rest = text[label.end() :] if label is not None else text
    place = _PLACE.match(rest)
    words = place["words"].split() if place is not None else []
    if place is not None and all(w[0].isupper() for w in words) and not _WEEKDAY_AT.fullmatch(" ".join(words)):
        rest = rest[place.end() :]
    match = _DATE.search(rest)
    if match is None or not _FILLER.match(rest[: match.start()]) or not _FILLER.match(rest[match.end() :]):
        return None
    day, month, year = (
        (match["d"], match["m"], match["y"])
        if match["d"]
        else (match["id"], match["im"], match["iy"])
        if match["iy"]
        else (match["wd"], match["wm"], match["wy"])
    )
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    weekday = _WEEKDAY_AT.search(rest[: match.start()]) or _WEEKDAY_AT.search(rest[match.end() :])
    return Dateline(text=text, date=date, weekday=" ".join(weekday.group().split()) if weekday else None)


def labelled(text: str) -> bool:
    """``Cập nhật: ...``, ``Ngày đăng: ...``: a date line that says it is one."""
    return _LABEL.match(text) is not None
