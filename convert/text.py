"""Bytes to clean text: the decoding order and the clean-up every reader relies on.

Articles arrive from scrapers, old Windows archives and copy-paste, so the same words
come as UTF-8 with or without BOM, UTF-16, Windows-1258 with combining tone marks,
the pre-Unicode tables of old fonts (TCVN3, VNI, VISCII, VPS: ``convert.encodings``),
mojibake, or decomposed Unicode. Everything downstream assumes one form: NFC text with ``\\n``
line ends, single ordinary spaces, and no character an XML writer would choke on.
"""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from convert.encodings import LENIENT_UTF8, known_names, usual_name


class DecodeError(ValueError):
    """The bytes are not text vnconv can read; the message is the reason, for one line."""


# Signatures of files people drop into an article folder by mistake.
_MAGIC: Final[tuple[tuple[bytes, str], ...]] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/EPUB)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x00\x00\x01\x00", "an icon"),
)

_BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding it was read in, and what the user should know."""

    text: str
    encoding: str  # the usual name: utf-8, utf-16, windows-1258, tcvn3, vni, viscii, vps...
    note: str | None = None  # a warning: the bytes were legacy 8-bit text, mojibake, or garbage

    def tell(self, warn: Callable[[str], None] | None) -> None:
        """Pass the note, if there is one, to the reader's ``warn``."""
        if self.note is not None and warn is not None:
            warn(self.note)


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode an article's bytes (see ``decode_detailed``); only the text."""
    return decode_detailed(data, encoding).text


def decode_detailed(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode an article's bytes: the forced encoding, else BOM, UTF-8 (repairing
    mojibake), UTF-16, else the legacy 8-bit table that reads it as Vietnamese best.

    Raises DecodeError for binary files and for bytes the forced encoding cannot read.
    """
    if encoding is not None:
        return _forced(data, encoding)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"binary file ({what}), not a text article")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                # A lone surrogate in UTF-16 is kept here and removed, with a warning, by ``clean``.
                text = data.decode(codec, "surrogatepass" if codec != "utf-8-sig" else "strict").removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                damaged = _damaged(data[len(bom) :], exc.start) if codec == "utf-8-sig" else None
                if damaged is not None:
                    return damaged
                raise DecodeError(f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()}") from None
            return _unicode(text, usual_name(codec))
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _unicode(utf16, "utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _damaged(data, exc.start) or _legacy(data)
    if _looks_binary(text):
        raise DecodeError("binary data (too many control characters), not a text article")
    return _unicode(text, "utf-8")


def _forced(data: bytes, encoding: str) -> Decoded:
    try:
        name = usual_name(encoding)
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r} (known: {known_names()}, or any Python codec name)") from None
    if name == LENIENT_UTF8:
        from convert.encodings import damaged

        found = damaged.read_anyway(data)
        if found is None:
            return Decoded(data.decode("utf-8").removeprefix("\ufeff"), "utf-8")
        return Decoded(found.text.removeprefix("\ufeff"), damaged.ENCODING, found.note)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid {encoding} (byte {exc.start})") from None
    return Decoded(_restored(text.removeprefix("\ufeff"), name), name)


def _unicode(text: str, encoding: str) -> Decoded:
    """Unicode text as read, unless it is mojibake: then repaired, with a note."""
    from convert.encodings.mojibake import repair

    repaired = repair(text)
    if repaired is None:
        return Decoded(text, encoding)
    return Decoded(repaired.text, f"{encoding} (repaired mojibake)", repaired.note)


def _damaged(data: bytes, first_error: int) -> Decoded | None:
    """UTF-8 but for a few damaged places (``convert.encodings.damaged``): read as UTF-8,
    each place shown, with a warning; None when the bytes are some other encoding."""
    from convert.encodings import damaged

    found = damaged.read(data, first_error)
    if found is None or _looks_binary(found.text):
        return None
    decoded = _unicode(found.text, damaged.ENCODING)
    note = found.note if decoded.note is None else f"{found.note}; {decoded.note}"
    return Decoded(decoded.text, decoded.encoding, note)


def _legacy(data: bytes) -> Decoded:
    """Bytes that are not UTF-8: the candidate 8-bit table that reads them best."""
    from convert.encodings.detect import guess

    head = data[:8192]
    if len(_CONTROL_BYTES.findall(head)) > max(8, len(head) // 10):
        raise DecodeError("binary data (too many control characters), not a text article")
    tried: tuple[str, ...] = ()
    while True:
        chosen = guess(data, exclude=tried)
        try:
            text = data.decode(chosen.encoding)
        except UnicodeDecodeError:  # Windows-1258 read the sample but not the whole file
            tried += (chosen.encoding,)
            continue
        return Decoded(_restored(text, chosen.encoding), chosen.encoding, chosen.note)


def _restored(text: str, encoding: str) -> str:
    """TCVN3 headlines typed in the .VnTimeH capital fonts come out in capitals again."""
    if encoding != "tcvn3":
        return text
    from convert.encodings.tcvn3 import restore_capitals

    return restore_capitals(unicodedata.normalize("NFC", text))


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM shows as a NUL in every other byte of its ASCII letters."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) // 2)
    odd_nul = sample[1::2].count(0) / (len(sample) // 2)
    codec = "utf-16-le" if odd_nul > 0.4 and even_nul < 0.05 else "utf-16-be" if even_nul > 0.4 and odd_nul < 0.05 else None
    if codec is None:
        return None
    try:
        text = data.decode(codec, "surrogatepass")  # a lone surrogate: removed by ``clean``, with a warning
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text) else text


# C0 controls other than TAB, LF, VT, FF, CR, and DEL: checked on raw bytes, since
# the 8-bit tables give 0x80-0x9F (and VISCII and VPS a few C0 codes) to letters.
_CONTROL_BYTES: Final = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return len(_CONTROLS.findall(sample)) > max(8, len(sample) // 10)


# --- clean-up --------------------------------------------------------------------------

# Line separators other than \n that str.splitlines() would honour: made plain line ends.
_LINE_BREAKS: Final = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Whether a text has one: a single class, which ``re`` scans for quickly (the pattern
# above, an alternation, is tried at every position: ~0.8 M instructions on the seed).
_LINE_BREAK: Final = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Every kind of space (no-break, thin, ideographic...) but the tab becomes an ordinary
# space, one for one: runs of spaces and tabs may carry layout (columns, right-aligned
# bylines, indented paragraphs) that the reader wants to see before it folds them. The
# ordinary space is left alone rather than replaced by itself: that was every space of
# every article, most of ``clean``'s time (~1.9 M instructions on the seed, now 0.4 M).
_SPACES: Final = re.compile(r"[^\S\n\t ]")
# C0 controls other than tab and line breaks, DEL, and C1 controls other than NEL.
_CONTROL_CLASS: Final = "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
_CONTROLS: Final = re.compile(f"[{_CONTROL_CLASS}]")
# Controls, lone surrogates and noncharacters: not text, and XML 1.0 cannot carry them.
_ASTRAL_NONCHARACTERS: Final = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
_REMOVABLE: Final = re.compile(f"[{_CONTROL_CLASS}\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff{_ASTRAL_NONCHARACTERS}]")
# The same, in two parts for ``clean``, which removes them from every article: a class
# of the Basic Multilingual Plane alone is a table ``re`` looks each character up in, the
# whole one a list of ranges it walks for each (~2 M instructions on the seed, 0.3 M
# now); the noncharacters beyond it are looked for only in a text with characters there.
_REMOVABLE_BMP: Final = re.compile(f"[{_CONTROL_CLASS}\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")
_REMOVABLE_ASTRAL: Final = re.compile(f"[{_ASTRAL_NONCHARACTERS}]")


# A control character between two letters or digits (``có\x1fký``) separated two words:
# it becomes a space, not nothing, so the words stay two.
_BETWEEN_WORDS: Final = re.compile(f"(?<=\\w)[{_CONTROL_CLASS}]+(?=\\w)")


def _spaced_controls(text: str) -> tuple[str, int]:
    """``text`` with runs of controls between two word characters made one space, and
    how many control characters that took away."""
    count = 0

    def space(match: re.Match[str]) -> str:
        nonlocal count
        count += len(match.group())
        return " "

    return _BETWEEN_WORDS.sub(space, text), count


@dataclass(frozen=True)
class CleanText:
    """What ``clean`` leaves of a text, and how many characters it dropped (for the warning)."""

    text: str
    removed: int  # control characters (those between two words made a space), lone surrogates and noncharacters dropped


def clean(text: str) -> CleanText:
    """NFC, ``\\n`` line ends, odd spaces made ordinary, BOMs and non-characters removed
    (a control character between two words becomes a space).

    Each space becomes one ordinary space and tabs stay tabs, but runs are not
    collapsed: that is the reader's business, since they may carry layout it wants to
    see first (``fold`` collapses them).
    """
    spaced = 0
    if _CONTROLS.search(text) is not None:
        text, spaced = _spaced_controls(text)
    text, removed = _REMOVABLE_BMP.subn("", text)
    if _ASTRAL.search(text) is not None:
        text, astral = _REMOVABLE_ASTRAL.subn("", text)
        removed += astral
    removed += spaced
    text = text.replace("\ufeff", "")
    if _LINE_BREAK.search(text) is not None:
        text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    return CleanText(text=text, removed=removed)


def removable(text: str) -> str:
    """The code points ``clean`` would remove: controls, lone surrogates, noncharacters."""
    return "".join(_REMOVABLE.findall(text))


def fold(line: str) -> str:
    """One line's spaces collapsed to single spaces and trimmed."""
    return " ".join(line.split())


def letters_and_digits(text: str) -> str:
    """What must survive every step: the letters and digits, in order."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


# --- default-ignorable code points ------------------------------------------------------

#: Default_Ignorable_Code_Point, as the Unicode Character Database lists it in
#: DerivedCoreProperties.txt (Unicode 15.1; the same in 16.0): characters a renderer
#: "should ignore ... unless explicitly supported" (The Unicode Standard, §5.21,
#: "Ignoring Characters in Processing"). Variation selectors (the U+FE0F after ❤ in
#: ❤️), joiners, the zero-width space, bidi controls, tags, Hangul fillers: they never
#: need a glyph of their own, so no font "lacks" them.
DEFAULT_IGNORABLE: Final[tuple[tuple[int, int], ...]] = (
    (0x00AD, 0x00AD),  # SOFT HYPHEN
    (0x034F, 0x034F),  # COMBINING GRAPHEME JOINER
    (0x061C, 0x061C),  # ARABIC LETTER MARK
    (0x115F, 0x1160),  # HANGUL CHOSEONG FILLER..HANGUL JUNGSEONG FILLER
    (0x17B4, 0x17B5),  # KHMER VOWEL INHERENT AQ..AA
    (0x180B, 0x180F),  # MONGOLIAN FREE VARIATION SELECTORS, MONGOLIAN VOWEL SEPARATOR
    (0x200B, 0x200F),  # ZERO WIDTH SPACE..RIGHT-TO-LEFT MARK (ZWNJ, ZWJ)
    (0x202A, 0x202E),  # LEFT-TO-RIGHT EMBEDDING..RIGHT-TO-LEFT OVERRIDE
    (0x2060, 0x206F),  # WORD JOINER..NOMINAL DIGIT SHAPES (with reserved U+2065)
    (0x3164, 0x3164),  # HANGUL FILLER
    (0xFE00, 0xFE0F),  # VARIATION SELECTOR-1..16
    (0xFEFF, 0xFEFF),  # ZERO WIDTH NO-BREAK SPACE
    (0xFFA0, 0xFFA0),  # HALFWIDTH HANGUL FILLER
    (0xFFF0, 0xFFF8),  # reserved
    (0x1BCA0, 0x1BCA3),  # SHORTHAND FORMAT LETTER OVERLAP..UP STEP
    (0x1D173, 0x1D17A),  # MUSICAL SYMBOL BEGIN BEAM..END PHRASE
    (0xE0000, 0xE0FFF),  # LANGUAGE TAG, TAG SPACE..CANCEL TAG, VARIATION SELECTOR-17..256, reserved
)


_IGNORABLE_STARTS: Final = tuple(low for low, _ in DEFAULT_IGNORABLE)


def default_ignorable(ch: str) -> bool:
    """Whether ``ch`` is a Default_Ignorable_Code_Point (see ``DEFAULT_IGNORABLE``).

    Asked of every character a writer sets (``fonts.needs_glyph``), so the range is
    found by bisection, not by trying each in turn.
    """
    code = ord(ch)
    index = bisect.bisect_right(_IGNORABLE_STARTS, code) - 1
    return index >= 0 and code <= DEFAULT_IGNORABLE[index][1]
