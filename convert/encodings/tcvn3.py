"""TCVN3, the "ABC" encoding of the ``.VnTime`` fonts, and its capitals problem.

TCVN 5712:1993 (Vietnam's national standard, also ISO-IR-180, "VSCII") defines three
related 8-bit code tables, all keeping ASCII:

* **VN1** (TCVN 5712-1) holds all 134 precomposed Vietnamese letters; to fit them it
  puts capitals in the C0 control range (0x01-0x17) and in 0x80-0x9F. This is what
  glibc's ``iconv`` calls ``TCVN5712-1`` (it also reads the five combining tone marks).
* **VN2** keeps C0 and C1 free: the lower-case letters, the seven base capitals and
  the capitals that fit in 0xA0-0xFF, plus five combining tone marks (0xB0-0xB4) for
  the capitals that do not fit.
* **VN3** is VN2 without the combining marks and without any capital that carries a
  tone: NBSP, Ă Â Ê Ô Ơ Ư Đ, ă â ê ô ơ ư đ and the 60 toned lower-case letters.
  This is "TCVN3", the table of the ABC fonts (``.VnTime``, ``.VnArial``...) that
  filled northern newsrooms and government offices in the 1990s and 2000s.

A capital with a tone mark does not exist in VN3: ABC users switched to the
all-capital twin font (``.VnTimeH``), which draws the *lower-case* codes as capitals.
The bytes of a headline set in ``.VnTimeH`` therefore say "tỉnh" where the page
showed "TỈNH"; typists usually pressed Shift for the plain letters, so such a word
reads ``TØNH`` (T, ỉ, N, H). ``restore_capitals`` sets a word like that in capitals.

``tcvn3`` reads VN3 and its superset VN2 exactly as glibc's ``TCVN5712-1`` reads
0xA0-0xFF; 0x80-0x9F, which VN2 and VN3 leave to the C1 controls, is read as
Windows-1252 (the curly quotes and dashes Word saved beside ABC text), and C0 stays
ASCII. ``tcvn5712-1`` is VN1 exactly as glibc reads it, for files made by ``iconv``.

Sources: TCVN 5712:1993; the VSCII table in Wikipedia's "VSCII" article (VN1/VN2/VN3
repertoires); glibc ``iconvdata/tcvn5712-1.c`` (the VN1 byte table, and an
independent oracle in the tests); WinVNKey's notes on capital fonts (``...H`` fonts).
"""

from __future__ import annotations

import re
from typing import Final

from convert.encodings.charmap import ByteTableCodec, decoding_map, windows_1252_c1

#: 0xA0-0xFF, VN2 (VN3 plus the capitals in its gaps and the combining tone marks at
#: 0xB0-0xB4: grave, hook above, tilde, acute, dot below), per TCVN 5712:1993.
VN2_HIGH: Final = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)

#: 0x80-0x9F in VN1: the capitals that did not fit above 0xA0.
VN1_C1: Final = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
)

#: The C0 positions VN1 gives to capitals (TAB, LF, CR and the rest stay controls).
VN1_C0: Final = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ",
    0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}  # fmt: skip

TCVN3: Final = ByteTableCodec("tcvn3", decoding_map(windows_1252_c1() + VN2_HIGH))
TCVN5712_1: Final = ByteTableCodec("tcvn5712-1", decoding_map(VN1_C1 + VN2_HIGH, VN1_C0))


# --- the capitals of the .VnTimeH fonts ------------------------------------------------

_LETTER: Final = r"[^\W\d_]"
#: A whole word without ASCII lower-case letters (possessive: linear on any input).
_NO_ASCII_LOWER_WORD: Final = re.compile(rf"(?<!{_LETTER})[^\W\d_a-z]++(?!{_LETTER})")
_ANY_WORD: Final = re.compile(rf"{_LETTER}+")
_ASCII_LOWER: Final = re.compile("[a-z]")
#: The 67 lower-case letters of VN3 (ă â ê ô ơ ư đ and the toned vowels).
_VIETNAMESE_LOWER: Final = "".join(c for c in VN2_HIGH if c.islower())
#: The 60 of them whose capital VN3 lacks: the toned vowels.
_TONED_LOWER: Final = "".join(c for c in _VIETNAMESE_LOWER if c not in "ăâêôơưđ")
#: A paragraph's or sentence's first letter, when it is a toned vowel (after any quote).
_SENTENCE_START: Final = re.compile(
    rf"((?:\A|\n[ \t\r]*\n|[.!?…][\"'”’»)\]]*[ \t])[ \t]*[\"'“‘«(\[]*)([{_TONED_LOWER}])"
)


def restore_capitals(text: str) -> str:
    """Capitals a ``.VnTimeH`` font showed: whole words, and toned letters opening a sentence.

    A word is *sure* when it has an ASCII capital after its first letter, no ASCII
    lower-case letter, and a lower-case Vietnamese letter (``TØNH`` read "TỉNH",
    ``ñY`` read "ủY"): nobody types that mix except in a capital font. A word whose
    only capital is its first letter (``Hµ`` read "Hà", or a lone "ở") is *ambiguous*:
    it is set in capitals only on a line where some word is sure (or already all
    capitals) and no word has an ASCII lower-case letter, i.e. an all-capital line.
    A toned vowel that opens a paragraph (after a blank line) or a sentence (after
    ``.``, ``!``, ``?``) is set as a capital: Vietnamese always capitalises there, and
    in VN3 only the capital font could. Everything else is left exactly as read
    (``Ủy viên`` inside a sentence stays "ủy viên": nothing tells it apart).
    Text must be NFC (tone marks composed).
    """
    text = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    capital_lines: dict[int, bool] = {}

    def capitalise(match: re.Match[str]) -> str:
        word = match.group()
        kind = _kind(word)
        if kind == "sure":
            return word.upper()
        if kind == "ambiguous":
            start = text.rfind("\n", 0, match.start()) + 1
            if start not in capital_lines:
                end = text.find("\n", match.end())
                capital_lines[start] = _all_capitals(text[start : end if end >= 0 else len(text)])
            if capital_lines[start]:
                return word.upper()
        return word

    return _NO_ASCII_LOWER_WORD.sub(capitalise, text)


def _all_capitals(line: str) -> bool:
    """A line set in capitals: no ASCII lower-case letter, and a word that shows it."""
    if _ASCII_LOWER.search(line):
        return False
    return any(_kind(word) in ("sure", "capitals") for word in _ANY_WORD.findall(line))


def _kind(word: str) -> str:
    """How a word without ASCII lower-case letters was typed: see ``restore_capitals``."""
    if not any(c in _VIETNAMESE_LOWER for c in word):
        return "capitals" if not any(c.islower() for c in word) else "other"
    if any("A" <= c <= "Z" for c in word[1:]):
        return "sure"
    return "ambiguous"
