"""Which 8-bit encoding is this file in? Scored by well-formed Vietnamese syllables.

When bytes are neither UTF-8 nor UTF-16, each candidate table (Windows-1258 first,
then TCVN3, VNI, VISCII, VPS, and TCVN 5712 VN1, which reads like TCVN3 but for the
capitals ``iconv -t TCVN5712-1`` puts in C0 and C1) reads a sample of the file, and the share of its words
that are well-formed Vietnamese syllables (``convert.encodings.syllables``) decides.
Only words holding a byte above 0x7F are judged: ASCII words read the same in every
table and say nothing. The sample is bounded (the start, then a few windows spread
through the file), so detection costs the same on a 5 MB file as on a 10 kB one;
only the chosen table then decodes the whole file, at C speed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

import convert.encodings  # noqa: F401 - registers the legacy codecs
from convert.encodings import LABELS
from convert.encodings.syllables import well_formed

#: The tables tried, in order of preference when they score the same.
CANDIDATES: Final = ("windows-1258", "tcvn3", "vni", "viscii", "vps", "tcvn5712-1")
#: Below this share of well-formed syllables no table reads the file as Vietnamese.
PLAUSIBLE: Final = 0.5
#: Bytes of judged words needed before a poor score means "mis-encoded", not "too short".
_EVIDENCE_BYTES: Final = 12
_HEAD_BYTES: Final = 1024
_WINDOW_BYTES: Final = 256
_WINDOWS: Final = 4
_JUDGED_WORDS: Final = re.compile(rb"\S*[\x80-\xff]\S*")


@dataclass(frozen=True)
class Guess:
    """The table chosen, how well each table read the sample, and what to tell the user."""

    encoding: str
    shares: dict[str, float]  # table → share of well-formed syllables (a table that cannot read it is absent)
    plausible: bool

    @property
    def note(self) -> str | None:
        """The warning line, or None when the file is plausible Windows-1258 (not news)."""
        if not self.plausible:
            tried = ", ".join(LABELS[name] for name in CANDIDATES)
            return (
                f"the text may be mis-encoded: it reads as Vietnamese in none of {tried}; "
                f"read as {LABELS[self.encoding]} (name the right one with --encoding)"
            )
        if self.encoding == "windows-1258":
            return None
        return f"read as {LABELS[self.encoding]}"


def guess(data: bytes, exclude: tuple[str, ...] = ()) -> Guess:
    """Score every candidate on a sample of ``data`` and pick the best.

    ``exclude`` drops tables already found unable to read the whole file.
    """
    words = b" ".join(_JUDGED_WORDS.findall(sample(data)))
    shares: dict[str, float] = {}
    verdicts: dict[str, bool | None] = {}
    for name in CANDIDATES:
        if name in exclude:
            continue
        try:
            text = unicodedata.normalize("NFC", words.decode(name))
        except UnicodeDecodeError:
            continue  # Windows-1258 leaves a few bytes undefined
        good, judged = well_formed(text.split(), verdicts)
        shares[name] = good / judged if judged else 0.0
    if not shares:
        raise LookupError("no candidate table reads these bytes")
    best = max(shares.values())
    if len(words) < _EVIDENCE_BYTES:
        # A word or two: leave Windows-1258 (which reads "café ©" too) only for a table
        # that makes every one of them Vietnamese ("Thø b¶y" is TCVN3's "Thứ bảy").
        if "windows-1258" in shares and best < 1.0:
            return Guess("windows-1258", shares, plausible=True)
        return Guess(next(name for name in shares if shares[name] == best), shares, plausible=True)
    if best >= PLAUSIBLE:
        return Guess(next(name for name in shares if shares[name] == best), shares, plausible=True)
    return Guess(max(shares, key=lambda name: _letters(words.decode(name))), shares, plausible=False)


def _letters(text: str) -> int:
    """How much of a garbage reading is at least letters: the best guess shows words."""
    return sum(1 for ch in text if ch.isalpha())


def sample(data: bytes) -> bytes:
    """The start of the file and a few windows spread through the rest, cut at spaces
    so that no multi-byte VNI letter is split; the whole file when it is small."""
    total = _HEAD_BYTES + _WINDOWS * _WINDOW_BYTES
    if len(data) <= total:
        return data
    pieces = [_whole_words(data[:_HEAD_BYTES], at_start=True)]
    stride = (len(data) - _HEAD_BYTES) // _WINDOWS
    for index in range(1, _WINDOWS + 1):
        start = _HEAD_BYTES + index * stride - _WINDOW_BYTES
        pieces.append(_whole_words(data[start : start + _WINDOW_BYTES], at_start=False))
    return b"\n".join(pieces)


def _whole_words(chunk: bytes, at_start: bool) -> bytes:
    first = 0 if at_start else _first_space(chunk)
    last = max(chunk.rfind(b" "), chunk.rfind(b"\n"))
    return chunk[first:last] if last > first else b""


def _first_space(chunk: bytes) -> int:
    spaces = [i for i in (chunk.find(b" "), chunk.find(b"\n")) if i >= 0]
    return min(spaces) + 1 if spaces else len(chunk)
