"""VNI-Windows: the encoding of the ``VNI-Times`` fonts, a letter followed by its marks.

VNI, dominant in the south, was ordinary Windows-1252 text that the VNI fonts drew
differently: a Vietnamese letter is its base letter followed by one byte that the font
draws as the diacritics to stack on it. "Thứ bảy" is ``Thöù baûy``: ``ö`` is the font's
ư, ``ù`` its acute accent, ``û`` its hook above. A few letters are one byte of their
own (ơ ư đ, and i and ỵ with a tone, whose marks sit differently), and every code
has a capital twin 0x20 below it, as in Windows-1252.

Decoding maps each byte to its letter or to combining marks (``ù`` → U+0301); the
composition to NFC, done by the reader for all text, joins a base letter and its
marks into the precomposed letter. A mark byte with no letter before it (a truncated
sequence) stays a lone combining mark: visible, never lost. Bytes VNI does not use
keep their Windows-1252 meaning (curly quotes, dashes, ``©``).

Sources: the VNI table of Wikipedia's "VNI" article; xvnkb's ``vni.h`` (the VNI
spelling of all 134 letters), which this module reproduces byte for byte (tested).
"""

from __future__ import annotations

import unicodedata
from typing import Final

from convert.encodings.charmap import ByteTableCodec, decoding_map, windows_1252_c1

ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE = "\u0302", "\u0306"

#: VNI's lower-case codes; each has a capital twin at ``code - 0x20``.
VNI_LOWER: Final = {
    # tone marks, after a e o u y, ô (oâ), ơ and ư
    0xF9: ACUTE, 0xF8: GRAVE, 0xFB: HOOK, 0xF5: TILDE, 0xEF: DOT,
    # circumflex (â ê ô), alone or with a tone
    0xE2: CIRCUMFLEX, 0xE1: CIRCUMFLEX + ACUTE, 0xE0: CIRCUMFLEX + GRAVE,
    0xE5: CIRCUMFLEX + HOOK, 0xE3: CIRCUMFLEX + TILDE, 0xE4: CIRCUMFLEX + DOT,
    # breve (ă), alone or with a tone
    0xEA: BREVE, 0xE9: BREVE + ACUTE, 0xE8: BREVE + GRAVE,
    0xFA: BREVE + HOOK, 0xFC: BREVE + TILDE, 0xEB: BREVE + DOT,
    # letters of their own
    0xF4: "ơ", 0xF6: "ư", 0xF1: "đ",
    0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ",
}  # fmt: skip

_LATIN_1_HIGH: Final = bytes(range(0xA0, 0x100)).decode("latin-1")  # Windows-1252 agrees here


def _decoding() -> dict[int, str]:
    table = decoding_map(windows_1252_c1() + _LATIN_1_HIGH)
    for code, text in VNI_LOWER.items():
        table[code] = text
        table[code - 0x20] = text.upper()  # combining marks have no case; letters do
    return table


def _encoding(decoding: dict[int, str]) -> dict[int, int | bytes]:
    """Each character's VNI spelling, found by decoding every candidate spelling, so that
    encoding is the decoding's inverse by construction.

    First choice: a letter byte of VNI's own (ơ, í...); then a base letter and one code
    whose case follows the letter's (``AÙ``, never ``Aù``); then a Windows-1252 byte VNI
    leaves alone (``ç``, ``©``; ``ý`` is ``yù`` as in VNI, not the Windows byte 0xFD).
    """
    reserved = set(VNI_LOWER) | {code - 0x20 for code in VNI_LOWER}
    own_letters = [bytes([b]) for b in sorted(reserved) if not unicodedata.combining(decoding[b][0])]
    bases = [*b"aeiouyAEIOUY", 0xF4, 0xF6, 0xD4, 0xD6]  # ơ ư Ơ Ư take tone codes too
    pairs = [bytes([base, code - 0x20 if decoding[base].isupper() else code]) for base in bases for code in VNI_LOWER]
    others = [bytes([b]) for b in range(0x100) if b not in reserved]
    encoding: dict[int, int | bytes] = {}
    for spelling in reversed(own_letters + pairs + others):  # earlier choices overwrite later ones
        text = unicodedata.normalize("NFC", "".join(decoding[b] for b in spelling))
        if len(text) == 1:
            encoding[ord(text)] = spelling[0] if len(spelling) == 1 else spelling
    return encoding


_DECODING: Final = _decoding()
VNI: Final = ByteTableCodec("vni", _DECODING, _encoding(_DECODING))
