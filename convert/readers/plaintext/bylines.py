"""The byline and the attribution at the end of an article.

Bylines: ``PHÙNG KHIÊM``, ``Quốc Thắng``, ``Minh Anh (TTXVN)``, ``Minh Hằng/VOV.VN``,
``Minh Anh - TTXVN`` (the agency apart from the authors), ``Nguyễn Văn A - Trần Thị B``,
``Bài và ảnh: HOÀNG ÁNH``, a team (``Ban Biên tập``, ``Nhóm PV``), often set right with spaces or tabs; the byline text is
kept as written and the author names are read from it. Attributions: ``Theo TTXVN``,
``(Theo CNBC)``, ``Nguồn: VnExpress``, also after the names on the byline's own line
(``Minh Anh (theo CNBC)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from convert.model import Byline
from convert.readers.plaintext import places
from convert.readers.plaintext.lines import ENDS_SENTENCE

RULE_BYLINE: Final = "byline: names at the end"
RULE_RIGHT: Final = "byline: set right at the end"
RULE_ATTRIBUTION: Final = "attribution: Theo … at the end"
RULE_WITH_BYLINE: Final = "attribution: (theo …) after the byline's names"

MAX_CHARS: Final = 90

_ROLE: Final = re.compile(
    r"^(?:bài và ảnh|bài, ảnh|bài & ảnh|bài/ảnh|ảnh và bài|tin và ảnh|tin, ảnh|tin/ảnh|bài|tin|"
    r"ghi chép|thực hiện|nhóm phóng viên|phóng viên|tác giả)\s*:\s*(?P<names>\S.*)$",
    re.IGNORECASE,
)
#: Bylines that name a newsroom's team rather than people.
_COLLECTIVE: Final = frozenset({"ban biên tập", "nhóm phóng viên", "nhóm pv", "nhóm ctv", "nhóm tác giả", "phóng viên", "ctv", "pv"})
#: What the author did, in brackets after the names: ``Minh Phương (thực hiện)``.
_ROLES_AFTER: Final = frozenset({"thực hiện", "ghi", "ghi chép", "lược dịch", "dịch", "biên dịch", "tổng hợp", "sưu tầm", "st", "th"})
_AUTHOR_SEPARATOR: Final = re.compile(r"\s*(?:,|;|&|\s[-–—]\s|\s+và\s+)\s*")
#: ``Minh Anh (TTXVN)``: the agency the author writes for, in brackets after the names.
_AGENCY: Final = re.compile(r"\s*\((?P<agency>[^()]{2,30})\)$")
#: ``Minh Hằng/VOV.VN``: the agency after a slash (any agency-like name: the slash says so).
_SLASH_AGENCY: Final = re.compile(r"\s*/\s*(?P<agency>[^/\s][^/]{0,29})$")
#: ``Minh Anh - TTXVN``: the agency after a dash (only a known one or a web address:
#: ``A - B`` is two authors as often).
_DASH_AGENCY: Final = re.compile(r"\s+[-–—]\s+(?P<agency>[^-–—]{2,30})$")
_ATTRIBUTION: Final = re.compile(r"^[(\[]?\s*(?P<text>(?:Theo|Nguồn:)\s+[^;()\[\]]{2,60}?)\s*[)\]]?$")
#: ``(theo CNBC)`` closing a byline's line.
_TRAILING_ATTRIBUTION: Final = re.compile(r"\s*[(\[]\s*(?P<text>[Tt]heo\s+[^;()\[\]]{2,60}?)\s*[)\]]$")


def byline(text: str) -> Byline | None:
    """The byline ``text`` is, or None: names (in capitals, or two or more capitalised
    words), perhaps after a role (``Bài và ảnh:``) and before an agency in brackets."""
    if len(text) > MAX_CHARS:
        return None
    if " ".join(text.lower().split()) in _COLLECTIVE:
        return Byline(text=text, authors=(text,))
    role = _ROLE.match(text)
    names = role["names"] if role else text
    agency: str | None = None
    bracket = _AGENCY.search(names)
    if bracket is not None and (_is_agency(bracket["agency"]) or bracket["agency"].lower() in _ROLES_AFTER):
        names = names[: bracket.start()]
        agency = None if bracket["agency"].lower() in _ROLES_AFTER else " ".join(bracket["agency"].split())
    elif (slash := _SLASH_AGENCY.search(names)) is not None and places.is_agency(slash["agency"]):
        names, agency = names[: slash.start()], slash["agency"].strip()
    elif (dash := _DASH_AGENCY.search(names)) is not None and places.is_known_agency(dash["agency"]):
        names, agency = names[: dash.start()], dash["agency"].strip()
    authors = _AUTHOR_SEPARATOR.split(names)
    if not authors or not all(_is_name(a, loose=role is not None) for a in authors):
        return None
    return Byline(text=text, authors=tuple(authors), agency=agency)


def _is_agency(text: str) -> bool:
    """``TTXVN``, ``Báo Tin tức``, ``Vietnam+``: a few words, the first a capital's (not ``Theo``)."""
    words = text.split()
    return 1 <= len(words) <= 5 and words[0][0].isupper() and words[0].lower() != "theo"


def split_authors(text: str) -> list[str]:
    """Names as a byline lists them: ``A, B``, ``A - B``, ``A và B``."""
    return _AUTHOR_SEPARATOR.split(text)


def _is_name(text: str, loose: bool) -> bool:
    """An author name: all capitals (``PHÙNG KHIÊM``) or two to six capitalised words."""
    words = text.split()
    if not 1 <= len(words) <= 6 or text.endswith("."):
        return False
    if not all(w.replace(".", "").replace("/", "").isalpha() for w in words):
        return False
    if text.upper() == text:
        return len(text.replace(" ", "").replace(".", "")) >= 2
    return (len(words) >= 2 or loose) and all(w[0].isupper() for w in words)


def attribution(text: str) -> str | None:
    """``Theo TTXVN`` or ``(Theo Báo Lạng Sơn)``: the text without its brackets."""
    match = _ATTRIBUTION.match(text)
    if match is None:
        return None
    words = match["text"].split()[1:]
    if not words or not (words[0][0].isupper() or words[0][0].isdigit()) or ENDS_SENTENCE.search(match["text"]):
        return None  # "Theo kế hoạch, ..." or a sentence: body text
    if "," in match["text"] and not all(part.strip()[:1].isupper() for part in match["text"].split(",")[1:]):
        return None  # "Theo ông A, ...": a clause
    return match["text"]


@dataclass(frozen=True)
class Signed:
    """A byline, and the ``(theo …)`` attribution on its line, if any."""

    byline: Byline
    attribution: str | None


def byline_and_attribution(text: str) -> Signed | None:
    """A byline, or a byline followed on its line by ``(theo …)``."""
    found = byline(text)
    if found is not None:
        return Signed(found, None)
    trailing = _TRAILING_ATTRIBUTION.search(text)
    if trailing is None:
        return None
    names = text[: trailing.start()]
    found = byline(names)
    if found is None or attribution(trailing["text"][0].upper() + trailing["text"][1:]) is None:
        return None
    return Signed(found, trailing["text"])


def signature_like(text: str) -> bool:
    """Whether ``text`` could close an article: a byline (perhaps with ``(theo …)``) or an attribution."""
    return attribution(text) is not None or byline_and_attribution(text) is not None
