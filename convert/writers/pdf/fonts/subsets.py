"""TrueType subsets as ReportLab embeds them, with the two things it gets wrong put right.

ReportLab cuts a TrueType face into simple-font subsets of up to 256 glyphs, each a
``/TrueType`` font with a ToUnicode CMap so that text can be extracted. Two faults
made our PDFs fail in print-shop workflows:

- **The ToUnicode CMap is malformed.** ReportLab writes all of a subset's mappings
  in one ``beginbfchar`` block (up to 256 entries), but a CMap block may hold at
  most 100 (Adobe Technical Note #5014, *Adobe CMap and CIDFont Files Specification*,
  and #5411, *ToUnicode Mapping File Tutorial*: "the number of entries in each group
  of mappings cannot exceed 100"). Poppler and most viewers read it anyway;
  Ghostscript's ``pdfwrite`` rejects the whole CMap and writes the font without one,
  so after ``gs -sDEVICE=pdfwrite`` every character outside ASCII extracted as nothing
  ("T nh y L ng S n"). Splitting the blocks is the whole fix: the simple-font
  embedding itself survives Ghostscript (tested), so there is no need to re-embed
  as CID fonts. ReportLab also writes a character beyond U+FFFF as five hex digits
  instead of a UTF-16 surrogate pair (ISO 32000-1 §9.10.3), and maps unused codes
  to U+0000; both are fixed here too.
- **Every subset is tagged ``AAAAAA+``** (the second one ``AAAAAB+``), in every face,
  where ISO 32000-1 §9.6.4 asks for tags that differ between the subsets of a file.
  Here a tag is derived from the face's name and the characters of the subset, so
  it is the same for the same input (SOURCE_DATE_EPOCH builds stay byte-identical)
  and made unique within the document.

``SubsetFont.draw_as`` also lets the writer give a character the face lacks another
glyph of the face (a blank one, or a replacement mark) while the ToUnicode map keeps
the character itself: the page shows the stand-in, copying the text gives the original.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc
from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

from convert.cache import sha256
from convert.writers.pdf.fonts.kerning import KERNING, PairKerning
from convert.writers.pdf.reportlab_internals.parsed_faces import glyph_metrics, parsed_face
from convert.writers.pdf.reportlab_internals.programs import cut_with_program_cutter
from convert.writers.pdf.reportlab_internals.truetype_fonts import set_ascii_readable, shapable, subset_state

#: Adobe TN #5014 / #5411: at most 100 mappings between ``beginbfchar`` and ``endbfchar``.
CMAP_BLOCK: Final = 100
_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: The subset tags used in each document being written (a tag must not repeat in a file).
_TAGS: Final[WeakKeyDictionary[pdfdoc.PDFDocument, set[str]]] = WeakKeyDictionary()


def subset_tag(font_name: str, codes: Sequence[int], taken: set[str]) -> str:
    """Six capital letters (ISO 32000-1 §9.6.4) from the face's name and the subset's
    characters, not in ``taken``; the tag is added to ``taken``."""
    salt = 0
    while True:
        key = f"{font_name}|{salt}|{','.join(map(str, codes))}".encode()
        number = int.from_bytes(sha256(key).digest()[:8], "big")
        tag = ""
        for _ in range(6):
            number, digit = divmod(number, 26)
            tag += _LETTERS[digit]
        if tag not in taken:
            taken.add(tag)
            return tag
        salt += 1


#: ``<XX> <`` for each of a simple font's 256 codes.
_CODES: Final = [f"<{code:02X}> <" for code in range(256)]
#: A character's UTF-16BE code units in hex, by code point, as the maps ask for them (a
#: process sets a few thousand characters, each in several subsets of every article).
_UTF16_HEX: Final[dict[int, str]] = {}


def _utf16_hex(char: int) -> str:
    found = _UTF16_HEX.get(char)  # looked up, not tried: most are new to a process's first article
    if found is None:
        found = _UTF16_HEX[char] = chr(char).encode("utf-16-be").hex().upper()
    return found


def to_unicode_cmap(codes: Sequence[int]) -> str:
    """The ToUnicode CMap of a simple-font subset: code ``i`` is character ``codes[i]``.

    Code 0 (.notdef) and unused codes (0) get no entry; each ``bfchar`` block holds at
    most ``CMAP_BLOCK`` entries; characters beyond the BMP are UTF-16BE surrogate pairs.
    The header is the one ISO 32000-1 §9.10.3 shows (Adobe-Identity-UCS).
    """
    entries = [f"{_CODES[code]}{_utf16_hex(char)}>" for code, char in enumerate(codes) if char]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), CMAP_BLOCK):
        block = entries[start : start + CMAP_BLOCK]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


#: Widths as the PDF writes them (``pdfdoc.format`` of a number), by value: formatted
#: once per process, not once per subset of every article.
_NUMBERS: Final[dict[float, bytes]] = {}


def _number(value: float) -> bytes:
    found = _NUMBERS.get(value)  # looked up, not tried: most are new to a process's first article
    if found is None:
        found = _NUMBERS[value] = pdfdoc.format(value, None)
    return found


class SubsetFont(TTFont):
    """A ReportLab TrueType font whose subsets carry unique tags and a valid ToUnicode
    CMap, their font programs cut by ``programs.ProgramCutter`` (ReportLab's bytes, faster)."""

    def __init__(self, name: str, filename: str) -> None:
        # What ``TTFont.__init__(name, filename)`` does, but with the face as
        # ``parsed_faces`` reads it: from the cache when it can (tests/writers/pdf/
        # test_parsed_faces.py checks the font is the one ReportLab would make).
        self.fontName = name
        self.face = parsed_face(filename)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        set_ascii_readable(self)
        self.shapable = shapable(name)
        cut_with_program_cutter(self.face)  # the face's makeSubset, replaced
        # ReportLab's getAscentDescent, asked for every word a paragraph with markup
        # sets, tries font.ascent first and reads the face's only after an
        # AttributeError (~1.4 µs a call, ~600 calls an article); the face's values here.
        self.ascent: float = self.face.ascent
        self.descent: float = self.face.descent
        #: Its pair kerning (``kerning``), for the glyphs ReportLab draws.
        self.kerning = PairKerning(filename, self.face.charToGlyph.get)
        self._kern_totals = self.kerning.totals

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802 - ReportLab's name
        """ReportLab's width of ``text`` (``TTFont.stringWidth``), kerned when the rendering kerns (``kerning``)."""
        width: float = instanceStringWidthTTF(self, text, size, encoding)
        if KERNING.get() and len(text) > 1:
            if not isinstance(text, str):
                text = text.decode(encoding)
            total = self._kern_totals.get(text)  # a word measured before: most are
            width += (self.kerning.total(text) if total is None else total) * size / 1000
        return width

    def draw_as(self, ch: str, glyph: int, width: float) -> None:
        """Set ``ch`` with glyph number ``glyph`` of this face, ``width`` units wide
        (of 1000), while the text layer keeps the character itself."""
        self.face.charToGlyph[ord(ch)] = glyph
        self.face.charWidths[ord(ch)] = width

    def glyph_of(self, ch: str) -> int | None:
        return self.face.charToGlyph.get(ord(ch))

    def width_of(self, ch: str) -> float:
        return float(self.face.getCharWidth(ord(ch)))

    def notdef_width(self) -> float:
        """The width of glyph 0 (.notdef), in units of 1000."""
        return glyph_metrics(self.face)[0][0] * 1000 / self.face.unitsPerEm

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:  # noqa: N802 - ReportLab's name
        """The Font, FontDescriptor, font program and ToUnicode objects of every subset
        this document used (ReportLab calls it once per font when the file is written)."""
        state = subset_state(self, doc)
        state.frozen = 1
        taken = _TAGS.setdefault(doc, set())
        postscript = (self.face.name + self.face.subfontNameX).decode("latin-1")
        fonts = doc.idToObject["BasicFonts"].dict
        for number, codes in enumerate(state.subsets):
            internal = self.getSubsetInternalName(number, doc)[1:]
            base_font = f"{subset_tag(postscript, codes, taken)}+{postscript}"
            cmap = pdfdoc.PDFStream()
            cmap.content = to_unicode_cmap(codes)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {number}"
            font.Name = internal
            font.BaseFont = base_font
            font.FirstChar = 0
            font.LastChar = len(codes) - 1
            font.Widths = pdfdoc.PDFArray([_number(self.face.getCharWidth(code)) for code in codes])
            font.ToUnicode = doc.Reference(cmap, f"toUnicodeCMap:{base_font}")
            font.FontDescriptor = self.face.addSubsetObjects(doc, base_font, codes)
            doc.Reference(font, internal)
            fonts[internal] = font
        del self.state[doc]


__all__ = ["CMAP_BLOCK", "SubsetFont", "subset_tag", "to_unicode_cmap"]
