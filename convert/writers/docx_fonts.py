"""Fonts in a DOCX: the font table, and embedded obfuscated subsets (``--embed-fonts``).

A Word file names its fonts; the machine that opens it supplies them, and one
without Spectral or Be Vietnam Pro swaps in whatever it has. Embedding (ECMA-376
Part 1 §17.8.1) carries the faces inside the file: each face the document's styles
use is cut down to the characters the document contains (HarfBuzz), obfuscated by
XORing its first 32 bytes with a GUID key, stored as ``word/fonts/fontN.odttf`` and
listed in ``fontTable.xml`` under ``w:embedRegular``/``Bold``/``Italic``/``BoldItalic``
with that key. The key is derived from the subset's bytes, so the same input gives
the same file.

A style may ask Word for a family other than the one vnconv renders with (a newsroom
may want "Times New Roman" in Word). Embedding Spectral under the name "Times New
Roman" would be a lie, so embedding refuses such a style instead of guessing.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from convert import fonts
from convert.styles import Style
from convert.writers.docx_styles import quoteattr

#: ECMA-376 names the four embeddable faces by (bold, italic).
EMBED_ELEMENTS: Final = {
    (False, False): "embedRegular",
    (True, False): "embedBold",
    (False, True): "embedItalic",
    (True, True): "embedBoldItalic",
}
_FACE_ORDER: Final = tuple(EMBED_ELEMENTS.values())  # the order CT_Font lists them in
OBFUSCATED_FONT_TYPE: Final = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RELATIONSHIP: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
#: The namespace the font keys are made in, so that a key depends on the font bytes only.
_KEY_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://vnconv/docx/embedded-font")
_OBFUSCATED_BYTES: Final = 32


class EmbeddingRefused(fonts.FontError):
    """The style asks Word for a family under another family's name."""


@dataclass(frozen=True)
class EmbeddedFace:
    """One face to embed: which DOCX font it belongs to, its key, its obfuscated bytes."""

    docx_name: str
    bold: bool
    italic: bool
    font_key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    data: bytes  # obfuscated subset

    @property
    def element(self) -> str:
        return EMBED_ELEMENTS[(self.bold, self.italic)]


def font_key(data: bytes) -> str:
    """A GUID key for a font, derived from its bytes (reproducible, unlike uuid4)."""
    key = uuid.uuid5(_KEY_NAMESPACE, hashlib.sha256(data).hexdigest())
    return "{" + str(key).upper() + "}"


def _key_bytes(key: str) -> bytes:
    """The XOR key of §17.8.1: the GUID's 16 bytes, read from its text in reverse order."""
    digits = key.strip("{}").replace("-", "")
    if len(digits) != 32:
        raise ValueError(f"not a GUID font key: {key!r}")
    return bytes.fromhex(digits)[::-1]


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key (twice over); its own inverse."""
    mask = _key_bytes(key) * 2
    head = bytes(b ^ m for b, m in zip(data[:_OBFUSCATED_BYTES], mask))
    return head + data[_OBFUSCATED_BYTES:]


def faces_to_embed(style: Style, used: Iterable[tuple[str, bool, bool]], chars: Iterable[str]) -> list[EmbeddedFace]:
    """The faces the document uses (font key, bold, italic), subset to ``chars``.

    Raises EmbeddingRefused for a style whose DOCX name is not the family's name. A
    character no face has is no reason to refuse: the text keeps it, and Word sets it
    in a font of the reader's machine (``uncovered`` lists such characters).
    """
    text = "".join(sorted(set(chars)))
    out: list[EmbeddedFace] = []
    for font, bold, italic in sorted(set(used)):
        family = style.family(font)
        name = style.docx_fonts[font]
        if name != family.name:
            raise EmbeddingRefused(
                f"{style.origin}: docx.fonts.{font}: Word is asked for {name!r} but the {font} font is "
                f"{family.name!r}; --embed-fonts embeds a family only under its own name "
                f"(set docx.fonts.{font} = {family.name!r}, or leave out --embed-fonts)"
            )
        face = family.face(bold, italic)
        subset = fonts.subset(face, (c for c in text if face.covers(c)), style.embedding.subset)
        key = font_key(subset)
        out.append(EmbeddedFace(name, bold, italic, key, obfuscate(subset, key)))
    return out


def uncovered(style: Style, used: Iterable[tuple[str, bool, bool]], chars: Iterable[str]) -> set[str]:
    """The characters needing a glyph that none of the embedded faces has."""
    return fonts.uncovered(chars, [style.family(font).face(bold, italic) for font, bold, italic in sorted(set(used))])


@functools.lru_cache(maxsize=None)
def _metrics(path: Path) -> str:
    """``w:panose1`` (when the font has one) and ``w:sig`` from a face's OS/2 table:
    Word uses them to pick a look-alike on a machine without the font."""
    os2 = fonts.classification(path)
    if os2 is None:
        return ""
    panose = os2.panose.hex().upper()
    sig = " ".join([*(f'w:usb{i}="{v:08X}"' for i, v in enumerate(os2.unicode_ranges)),
                    *(f'w:csb{i}="{v:08X}"' for i, v in enumerate(os2.code_page_ranges))])  # fmt: skip
    panose_xml = f'<w:panose1 w:val="{panose}"/>' if panose.strip("0") else ""
    return f'{panose_xml}<w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/><w:sig {sig}/>'


_PLAIN_METRICS: Final = '<w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'


def font_table_xml(style: Style, used_fonts: Sequence[str], embeds: Sequence[tuple[EmbeddedFace, str]]) -> bytes:
    """``fontTable.xml``: one ``w:font`` per DOCX font the styles name, in order of use.

    ``embeds`` pairs each embedded face with the relationship id of its part. An
    embedded font also gets its panose and signature (read from the font file, opened
    for embedding anyway); the plain table stays quick to write, and a style that
    names another family never gets that family's metrics.
    """
    names: dict[str, str] = {}  # DOCX name -> font key it comes from
    for font in used_fonts:
        names.setdefault(style.docx_fonts[font], font)
    entries = []
    for name, font in names.items():
        embedded = sorted(
            ((face, rid) for face, rid in embeds if face.docx_name == name), key=lambda pair: _FACE_ORDER.index(pair[0].element)
        )
        metrics = (_metrics(style.family(font).regular.path) if embedded else "") or _PLAIN_METRICS
        links = "".join(f'<w:{face.element} r:id="{rid}" w:fontKey="{face.font_key}"/>' for face, rid in embedded)
        entries.append(f"<w:font w:name={quoteattr(name)}>{metrics}{links}</w:font>")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + "".join(entries)
        + "</w:fonts>"
    ).encode("utf-8")
