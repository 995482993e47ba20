"""Byte-table codecs: a legacy encoding as a decoding map, run by Python's C charmap codec.

Every legacy Vietnamese encoding vnconv reads maps each byte to a fixed piece of text:
one character for TCVN3, VISCII and VPS, a letter or a run of combining marks for VNI.
``codecs.charmap_decode`` and ``charmap_encode`` apply such maps in C, so decoding a
5 MB archive file costs milliseconds, and the maps themselves stay plain data that a
test can compare, byte for byte, with an independent implementation (glibc's iconv).
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Mapping
from typing import Final


def windows_1252_c1() -> str:
    """The 32 characters Windows-1252 puts at 0x80-0x9F (curly quotes, dashes, ellipsis).

    Old Vietnamese fonts (the ABC and VNI families) were ordinary Windows fonts, so
    the punctuation Word typed into a ``.VnTime`` or ``VNI-Times`` paragraph was saved
    at these Windows-1252 positions. The five bytes Windows-1252 leaves undefined
    (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay the C1 control of the same number, which
    the clean-up later removes with a warning instead of failing the whole file.
    """
    out = []
    for byte in range(0x80, 0xA0):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def decoding_map(high: str, low: Mapping[int, str] | None = None) -> dict[int, str]:
    """Byte → text for a code page that keeps ASCII: ``high`` holds 0x80-0xFF in order;
    ``low`` replaces the few C0 control positions some encodings give to letters."""
    if len(high) != 128:
        raise ValueError(f"a code page's upper half has 128 positions, not {len(high)}")
    table = {byte: chr(byte) for byte in range(0x80)}
    table.update(zip(range(0x80, 0x100), high))
    table.update(low or {})
    return table


def encoding_map(decoding: Mapping[int, str]) -> dict[int, int | bytes]:
    """The inverse of a decoding map, by composed (NFC) text: what ``str.encode`` needs.

    Where two byte strings decode to the same text, the shorter one (then the lower
    byte) is the one written, so encoding is deterministic.
    """
    inverse: dict[int, int | bytes] = {}
    for byte in sorted(decoding, key=lambda b: (len(decoding[b]), b), reverse=True):
        text = unicodedata.normalize("NFC", decoding[byte])
        if len(text) == 1:
            inverse[ord(text)] = byte
    return inverse


class ByteTableCodec:
    """A Python codec from a decoding map (and the encoding map derived from it).

    Decoding never fails when the map covers all 256 bytes (every vnconv map does):
    an archive file is read whatever it holds. Encoding takes the NFC form of the
    text, since the tables hold precomposed letters.
    """

    def __init__(self, name: str, decoding: Mapping[int, str], encoding: Mapping[int, int | bytes] | None = None) -> None:
        self.name = name
        self.decoding: Final = dict(decoding)
        self.encoding: Final = dict(encoding) if encoding is not None else encoding_map(decoding)

    def decode(self, data: bytes, errors: str = "strict") -> tuple[str, int]:
        return codecs.charmap_decode(data, errors, self.decoding)

    def encode(self, text: str, errors: str = "strict") -> tuple[bytes, int]:
        encoded, _ = codecs.charmap_encode(unicodedata.normalize("NFC", text), errors, self.encoding)
        return encoded, len(text)

    def codec_info(self) -> codecs.CodecInfo:
        codec = self

        class IncrementalEncoder(codecs.IncrementalEncoder):
            def encode(self, input: str, final: bool = False) -> bytes:
                return codec.encode(input, self.errors)[0]

        class IncrementalDecoder(codecs.BufferedIncrementalDecoder):
            def _buffer_decode(self, input: bytes, errors: str, final: bool) -> tuple[str, int]:
                return codec.decode(input, errors)

        class StreamWriter(codecs.StreamWriter):
            def encode(self, input: str, errors: str = "strict") -> tuple[bytes, int]:
                return codec.encode(input, errors)

        class StreamReader(codecs.StreamReader):
            def decode(self, input: bytes, errors: str = "strict") -> tuple[str, int]:
                return codec.decode(input, errors)

        return codecs.CodecInfo(
            name=self.name,
            encode=self.encode,
            decode=self.decode,
            incrementalencoder=IncrementalEncoder,
            incrementaldecoder=IncrementalDecoder,
            streamwriter=StreamWriter,
            streamreader=StreamReader,
        )
