"""Unicode text as a typist of each legacy encoding would have typed it, and its bytes.

A legacy table lacks some characters a modern article has (VISCII has no en dash,
VN3 no toned capitals); the typist used what the keyboard driver gave. ``typed``
spells the text that way, ``legacy_bytes`` encodes it: the inputs of the detection
tests, built from the samples by the tests themselves.
"""

from __future__ import annotations

import unicodedata

import convert.encodings  # noqa: F401 - registers the codecs

#: What a typist put where the table had no character.
PLAIN: dict[str, str] = {
    "\u2013": "-", "\u2014": "-", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
    "\u2026": "...", "\u00a0": " ",
}  # fmt: skip

TONES = "\u0300\u0301\u0303\u0309\u0323"


def typed(text: str, encoding: str) -> str:
    """NFC text with each character the table lacks replaced as a typist would.

    TCVN3 (VN3) has no capital with a tone mark: the ABC typist set it in the ``.VnTimeH``
    capital font, which draws the lower-case code, so the bytes hold the lower-case letter.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode(encoding)
            out.append(ch)
        except UnicodeEncodeError:
            out.append(PLAIN.get(ch, ch.lower()))
    return "".join(out)


def legacy_bytes(text: str, encoding: str) -> bytes:
    if encoding == "windows-1258":
        return cp1258(text.replace("\u00a0", " "))
    return typed(text, encoding).encode(encoding)


def cp1258(text: str) -> bytes:
    """Windows-1258 spells tones as combining marks after a precomposed base."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def mojibake(text: str, codec: str = "sloppy-windows-1252", times: int = 1) -> bytes:
    """UTF-8 read as ``codec`` (as a browser reads Windows-1252) and saved as UTF-8, ``times`` over."""
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    for _ in range(times):
        text = text.encode("utf-8").decode(codec)
    return text.encode("utf-8")
