"""Fonts embedded in a DOCX (``--embed-fonts``): obfuscated faces, whole or subset.

A Word file names its fonts; the machine that opens it supplies them, and one
without Spectral or Be Vietnam Pro swaps in whatever it has. Embedding (ECMA-376
Part 1 §17.8.1) carries the faces inside the file: each face the document's styles
use is obfuscated by XORing its first 32 bytes with a GUID key, stored as
``word/fonts/fontN.odttf`` and listed in ``fontTable.xml`` (``oxml.font_table_xml``)
under ``w:embedRegular``/``Bold``/``Italic``/``BoldItalic`` with that key. The key is
derived from the face's bytes, so the same input gives the same file.

By default a face goes in whole, as Word does unless "embed only the characters
used" is ticked: whoever opens the file can type any letter in it. With
``--embed-fonts=subset`` each face is cut down to the characters the document
contains (HarfBuzz) and renamed, family and PostScript names, with a tag made from
the subsets' bytes (``Spectral QKDVMA``, as a PDF tags its subsets, ISO 32000-1
§9.6.4): LibreOffice keeps a document's embedded fonts by name for the rest of its
run, so a second document's subset under the plain name would be set in the first
one's, lacking letters the first did not use.

A style may ask Word for a family other than the one vnconv renders with (a newsroom
may want "Times New Roman" in Word). Embedding Spectral under the name "Times New
Roman" would be a lie, so embedding refuses such a style instead of guessing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from convert import fonts
from convert.styles import Style

if TYPE_CHECKING:
    import uuid

#: ECMA-376 names the four embeddable faces by (bold, italic).
EMBED_ELEMENTS: Final = {
    (False, False): "embedRegular",
    (True, False): "embedBold",
    (False, True): "embedItalic",
    (True, True): "embedBoldItalic",
}
#: The order CT_Font lists them in.
FACE_ORDER: Final = tuple(EMBED_ELEMENTS.values())
OBFUSCATED_FONT_TYPE: Final = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RELATIONSHIP: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
#: The URL the font keys' namespace is made from (``_key_namespace``).
_KEY_NAMESPACE_URL: Final = "https://vnconv/docx/embedded-font"
_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_OBFUSCATED_BYTES: Final = 32


class EmbeddingRefused(fonts.FontError):
    """The style asks Word for a family under another family's name."""


@dataclass(frozen=True)
class EmbeddedFace:
    """One face to embed: which DOCX font it belongs to, its key, its obfuscated bytes."""

    docx_name: str  # the family's name, or a subset's own name
    bold: bool
    italic: bool
    font_key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    data: bytes  # obfuscated face

    @property
    def element(self) -> str:
        return EMBED_ELEMENTS[(self.bold, self.italic)]


def font_key(data: bytes) -> str:
    """A GUID key for a font, derived from its bytes (reproducible, unlike uuid4)."""
    import hashlib  # only with --embed-fonts: hashlib loads OpenSSL (~11 M instructions)
    import uuid  # (and uuid platform's helpers) as it is imported

    key = uuid.uuid5(_key_namespace(), hashlib.sha256(data).hexdigest())
    return "{" + str(key).upper() + "}"


@functools.cache
def _key_namespace() -> uuid.UUID:
    """The namespace the font keys are made in, so that a key depends on the font bytes only."""
    import uuid

    return uuid.uuid5(uuid.NAMESPACE_URL, _KEY_NAMESPACE_URL)


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


def faces_to_embed(
    style: Style, used: Iterable[tuple[str, bool, bool]], chars: Iterable[str], subset: bool = False
) -> list[EmbeddedFace]:
    """The faces the document uses (font key, bold, italic): whole, or with ``subset``
    cut down to ``chars`` and renamed (``subset_name``).

    Raises EmbeddingRefused for a style whose DOCX name is not the family's name. A
    character no face has is no reason to refuse: the text keeps it, and Word sets it
    in a font of the reader's machine (``uncovered`` lists such characters).
    """
    text = "".join(sorted(set(chars)))
    faces: list[tuple[str, bool, bool, bytes]] = []
    for font, bold, italic in sorted(set(used)):
        family = style.family(font)
        name = style.docx.fonts[font]
        if name != family.name:
            raise EmbeddingRefused(
                f"{style.origin}: docx.fonts.{font}: Word is asked for {name!r} but the {font} font is "
                f"{family.name!r}; --embed-fonts embeds a family only under its own name "
                f"(set docx.fonts.{font} = {family.name!r}, or leave out --embed-fonts)"
            )
        face = family.face(bold, italic)
        data = fonts.subset(face, (c for c in text if face.covers(c)), style.embedding.subset) if subset else face.path.read_bytes()
        faces.append((name, bold, italic, data))
    if subset:
        names = {name: subset_name(name, [data for n, _, _, data in faces if n == name]) for name, _, _, _ in faces}
        from convert.writers.docx.renaming import renamed

        faces = [(names[name], bold, italic, renamed(data, names[name])) for name, bold, italic, data in faces]
    out = []
    for name, bold, italic, data in faces:
        key = font_key(data)
        out.append(EmbeddedFace(name, bold, italic, key, obfuscate(data, key)))
    return out


def subset_name(family: str, subsets: Iterable[bytes]) -> str:
    """``family`` and a tag of six capitals derived from its subsets' bytes: the same
    subsets, the same name; others, another name (26^6 of them)."""
    import hashlib  # only for subsets (font_key)

    digest = hashlib.sha256()
    for data in sorted(subsets):
        digest.update(hashlib.sha256(data).digest())
    number = int.from_bytes(digest.digest()[:8], "big")
    tag = ""
    for _ in range(6):
        number, letter = divmod(number, 26)
        tag += _LETTERS[letter]
    return f"{family} {tag}"


def uncovered(style: Style, used: Iterable[tuple[str, bool, bool]], chars: Iterable[str]) -> set[str]:
    """The characters needing a glyph that none of the embedded faces has. Each is a
    text face of the style, never a fallback, so a private-use character one of them
    defines counts as covered."""
    return fonts.uncovered(chars, [style.family(font).face(bold, italic) for font, bold, italic in sorted(set(used))])
