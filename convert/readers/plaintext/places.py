"""Place names a wire story is filed from, and the agencies that sign bylines.

VNA (TTXVN) and VOV open a story with the city it was filed from, in capitals, before
the agency: ``HÀ NỘI (TTXVN) -``, ``ĐÀ NẴNG, 15/9 (TTXVN) -``, ``WASHINGTON (TTXVN) -``.
Only a name listed here is taken for such a place, so a lead that opens with a word in
capitals and a bracket (``UBND (tỉnh) - ...``) is not. The list: Vietnam's provinces
and centrally-run cities (the 63 before the 2025 merger, which wires still use, with
their usual short forms), other big cities, and the foreign capitals and cities the
wires file from, in the spellings Vietnamese wires give them (``MOSKVA``, ``BẮC KINH``).

Bylines name an agency after the author (``Minh Hằng/VOV.VN``, ``Minh Anh - TTXVN``):
besides a web address and a short name in capitals, the agencies listed here are known
to be one (a byline with a name in capitals, ``PHÙNG KHIÊM - TTXVN``, is told apart by
the list, not by its case).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_PROVINCES: Final = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Cạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh",
    "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hoà Bình", "Hưng Yên", "Khánh Hòa", "Khánh Hoà", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thanh Hoá", "Thừa Thiên - Huế",
    "Thừa Thiên Huế", "Tiền Giang", "TP Hồ Chí Minh", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Hồ Chí Minh",
    "TP.HCM", "TPHCM", "TP HCM", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
_CITIES: Final = (
    "Huế", "Vinh", "Nha Trang", "Đà Lạt", "Buôn Ma Thuột", "Hạ Long", "Quy Nhơn", "Phan Thiết", "Vũng Tàu",
    "Biên Hòa", "Biên Hoà", "Thủ Đức", "Pleiku", "Rạch Giá", "Phú Quốc", "Long Xuyên", "Mỹ Tho", "Cà Mau",
    "Móng Cái", "Sa Pa", "Điện Biên Phủ", "Trường Sa", "Hoàng Sa", "Côn Đảo",
)
_ABROAD: Final = (
    "Washington", "New York", "Los Angeles", "San Francisco", "Ottawa", "Mexico City", "La Habana", "Havana",
    "Brasilia", "Buenos Aires", "Santiago", "Lima", "Caracas", "London", "Luân Đôn", "Paris", "Berlin", "Rome",
    "Roma", "Madrid", "Lisbon", "Brussels", "Bruxelles", "Geneva", "Genève", "Giơnevơ", "Vienna", "Viên",
    "Amsterdam", "La Haye", "The Hague", "Stockholm", "Oslo", "Helsinki", "Copenhagen", "Warsaw", "Vácsava",
    "Praha", "Prague", "Budapest", "Bucharest", "Sofia", "Athens", "Aten", "Kiev", "Kyiv", "Moskva", "Moscow",
    "Minsk", "Ankara", "Istanbul", "Tehran", "Baghdad", "Damascus", "Beirut", "Jerusalem", "Tel Aviv", "Gaza",
    "Cairo", "Cairô", "Riyadh", "Doha", "Dubai", "Abu Dhabi", "New Delhi", "Niu Đêli", "Mumbai", "Islamabad",
    "Kabul", "Dhaka", "Colombo", "Bắc Kinh", "Beijing", "Thượng Hải", "Shanghai", "Hong Kong", "Hồng Kông",
    "Đài Bắc", "Tokyo", "Seoul", "Xơun", "Bình Nhưỡng", "Pyongyang", "Ulan Bator", "Bangkok", "Băng Cốc",
    "Viêng Chăn", "Vientiane", "Phnom Penh", "Phnôm Pênh", "Yangon", "Nay Pyi Taw", "Kuala Lumpur", "Singapore",
    "Xinhgapo", "Jakarta", "Giacácta", "Manila", "Bandar Seri Begawan", "Dili", "Canberra", "Sydney",
    "Wellington", "Nairobi", "Pretoria", "Johannesburg", "Addis Ababa", "Liên hợp quốc",
)

#: Agencies and papers known to sign bylines after the author's name.
AGENCIES: Final = (
    "TTXVN", "VNA", "VOV", "VOV.VN", "VTV", "VTC", "TTO", "TN", "Dân trí", "VnExpress", "VNE", "Zing", "Tuổi Trẻ",
    "Thanh Niên", "Nhân Dân", "QĐND", "Báo Tin tức", "Tin tức", "Vietnam+", "Vietnamplus", "VietnamPlus", "Lao Động",
    "Tiền Phong", "Người Lao Động", "NLĐ", "SGGP", "CAND", "VietNamNet", "Vietnamnet", "LSO", "Reuters", "AFP", "AP",
    "Bloomberg", "CNN", "BBC", "Xinhua", "Tân Hoa xã", "Yonhap", "Kyodo", "Sputnik", "TASS", "RIA Novosti",
)


_PUNCTUATION: Final = re.compile(r"[\s.\-–—]+")


def _key(name: str) -> str:
    """A name compared without case, dots, hyphens and spaces: ``TP.HCM`` is ``TP HCM``."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFC", name).casefold())


_PLACE_KEYS: Final = frozenset(_key(name) for name in (*_PROVINCES, *_CITIES, *_ABROAD))
_AGENCY_KEYS: Final = frozenset(_key(name) for name in AGENCIES)
#: A web address as an agency: ``VOV.VN``, ``dantri.com.vn``.
_DOMAIN: Final = re.compile(r"^\w[\w-]*(?:\.\w[\w-]*)*\.(?:vn|com|net|org|info)$", re.IGNORECASE)


def is_place(text: str) -> bool:
    """Whether ``text`` is a place a wire files from, in capitals as wires write it."""
    return text.upper() == text and any(ch.isalpha() for ch in text) and _key(text) in _PLACE_KEYS


def is_agency(text: str) -> bool:
    """Whether ``text`` names an agency: a known one, a web address, or a short
    name all in capitals (``TTXVN``, ``VOV``, ``QĐND``; one word, as no person's name is)."""
    text = text.strip()
    if not text:
        return False
    if _key(text) in _AGENCY_KEYS or _DOMAIN.match(text):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    return " " not in text and len(letters) >= 2 and text.upper() == text and len(text) <= 12


def is_known_agency(text: str) -> bool:
    """A listed agency or a web address: what may follow a byline's dash (``A - B`` is
    as often two authors, one of them perhaps a pen name in capitals)."""
    return _key(text) in _AGENCY_KEYS or _DOMAIN.match(text.strip()) is not None
