"""Pair kerning: what the font says two letters need ("Tr", "Vă", "Yê"), in the PDF.

ReportLab sets every glyph at its nominal advance. Its own shaping (HarfBuzz, through
``ShapedStr``) merges letters and breaks the text layer, so it stays off; here only the
font's pair kerning is taken, and each glyph keeps its own character code:

- **The values** come from HarfBuzz (``PairKerning``): the two characters shaped with
  the ``kern`` feature alone (GPOS ``kern`` lookups, or the font's ``kern`` table
  where that is all it has; every substituting feature off, so no ligature, no
  contextual form), the first glyph's advance minus its nominal advance. A pair
  whose shaped glyphs are not the ones ReportLab draws (a stand-in glyph, a
  substitution HarfBuzz could not be kept from), or whose second glyph HarfBuzz moves
  or changes (a default ignorable it hides, a mark), gets none. Values are remembered per
  face and pair, and per word, for the life of the process (bounded). A paragraph's runs
  are shaped whole before its lines are broken (``prepare_kerning``): one question to
  HarfBuzz a run instead of one a new pair (~200 a new article), each glyph's advance
  beyond its nominal one being the pair kerning before the next glyph, the same value
  as the pair alone (tested for the shipped faces), so the order in which articles
  are set never changes a value.
- **The widths**: ``SubsetFont.stringWidth`` adds the kerning of the text it measures
  (``PairKerning.total``), so ReportLab's line breaking, justification and the headline's
  balancing measure what is drawn, and no line overflows its column by what it gained.
- **The drawing**: ``reportlab_internals.kerned_text`` writes a line as a ``TJ``
  array, the kerning as numbers between the glyphs' strings (``PairKerning.adjustments``),
  where ReportLab's text object formats its text (a private part). Extraction,
  search and copy see the same character codes as before.

Pairs across a space are not kerned: ReportLab measures a line word by word and draws
its words joined by spaces, so a kern against a space would be drawn and never
measured. Pairs across two runs of a paragraph (two faces, a size or colour change)
are neither measured nor drawn. The style switches it (``[pdf] kerning``) for each
rendering (``applied``): fonts are shared by the process, the switch is per context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

#: Whether the rendering under way kerns (``[pdf] kerning``); off outside one.
KERNING: Final[ContextVar[bool]] = ContextVar("vnconv_pdf_kerning", default=False)

#: HarfBuzz's features for a pair: kerning only. Every default feature that substitutes
#: or moves glyphs otherwise is turned off (HarfBuzz's default set: hb-ot-shape.cc,
#: ``horizontal_features`` and ``common_features``), so a shaped pair is the two glyphs
#: ReportLab draws, only their distance changed.
FEATURES: Final = {
    "kern": True,
    **dict.fromkeys(("abvm", "blwm", "ccmp", "locl", "mark", "mkmk", "rlig", "calt", "clig", "curs", "dist", "liga", "rclt"), False),
}
#: Characters a pair is never kerned with (ReportLab's word spaces).
_SPACES: Final = frozenset(" \u00a0")
#: Pairs and words remembered per face before starting again (a batch worker lives long).
_MAX_KEPT: Final = 50_000
#: Runs of text ``prepare`` remembers having seen (a layout sets the same ones again).
_MAX_PREPARED: Final = 2_000


@contextmanager
def applied(on: bool) -> Iterator[None]:
    """Kern (``on``) or not, for what is measured and drawn inside the block."""
    token = KERNING.set(on)
    try:
        yield
    finally:
        KERNING.reset(token)


class PairKerning:
    """The pair kerning of one font file, in thousandths of an em (ReportLab's widths'
    unit): ``pair("T", "r")``, or the sum over a word's pairs, ``total("Trăm")``.

    ``glyph_of`` is the character map ReportLab draws with (its face's ``charToGlyph``,
    stand-ins included); the face is opened through HarfBuzz the first time a pair is asked.
    """

    def __init__(self, path: str, glyph_of: Callable[[int], int | None]) -> None:
        self.path = path
        self._glyph_of = glyph_of
        self._font: Any = None
        self._scale = 1.0
        self._pairs: dict[str, float] = {}
        self._words: dict[str, tuple[tuple[int, str], ...]] = {}
        self._totals: dict[str, float] = {}
        self._prepared: set[str] = set()
        self._glyphs: dict[str, int | None] = {}

    def _open(self) -> Any:
        import uharfbuzz as hb

        face = hb.Face(hb.Blob.from_file_path(self.path))
        self._font = hb.Font(face)  # scaled to its units per em: answers in font units
        self._scale = 1000 / face.upem
        return self._font

    def pair(self, first: str, second: str) -> float:
        """How much closer (negative) or further apart ``second`` is set after ``first``."""
        key = first + second
        try:
            return self._pairs[key]
        except KeyError:
            pass
        value = 0.0 if first in _SPACES or second in _SPACES else self._shaped(first, second)
        if len(self._pairs) >= _MAX_KEPT:
            self._pairs.clear()
        self._pairs[key] = value
        return value

    def _shaped(self, first: str, second: str) -> float:
        import uharfbuzz as hb

        font = self._font or self._open()
        expected = [self._glyph_of(ord(first)), self._glyph_of(ord(second))]
        if None in expected or expected != [font.get_nominal_glyph(ord(first)), font.get_nominal_glyph(ord(second))]:
            return 0.0  # a stand-in for a character the face lacks (``fonts.stand_ins``): never kerned
        buffer = hb.Buffer()
        buffer.add_str(first + second)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, FEATURES)
        glyphs = [info.codepoint for info in buffer.glyph_infos]
        if glyphs != expected:  # not the glyphs ReportLab draws (or not two of them)
            return 0.0
        positions = buffer.glyph_positions
        if any(p.x_offset or p.y_offset for p in positions) or positions[1].x_advance != font.get_glyph_h_advance(glyphs[1]):
            return 0.0  # a mark placed, or the second glyph changed: not a pair kerned
        kern = positions[0].x_advance - font.get_glyph_h_advance(glyphs[0])
        return kern * self._scale if kern else 0.0

    def prepare(self, text: str) -> None:
        """Learn the pairs of a run of text not yet known with one question to HarfBuzz
        for the whole run, not one a pair: the run shaped with ``FEATURES``, each glyph's
        advance beyond its nominal one is the kerning before the next (pair positioning
        changes the first glyph's advance: GPOS value format 1, as Latin fonts kern). A
        pair it cannot answer for (glyphs not one a character, a stand-in, a mark
        placed) is left to ``pair``."""
        pairs = self._pairs
        if len(text) < 2 or text in self._prepared:
            return  # a layout after the first sets the same paragraphs again
        if len(self._prepared) >= _MAX_PREPARED:
            self._prepared.clear()
        self._prepared.add(text)
        if all(a + b in pairs for a, b in zip(text, text[1:])):
            return
        import uharfbuzz as hb

        font = self._font or self._open()
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, FEATURES)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        if len(infos) != len(text):
            return
        glyphs = self._glyphs
        for char in set(text).difference(glyphs):
            glyphs[char] = self._kerned_glyph(char)
        advance = font.get_glyph_h_advance
        if len(pairs) + len(text) >= _MAX_KEPT:
            pairs.clear()
        before = -1  # the glyph before, when usable
        for index, (info, position) in enumerate(zip(infos, positions)):
            glyph = glyphs[text[index]]
            usable = glyph is not None and glyph == info.codepoint and not (position.x_offset or position.y_offset)
            if usable and before >= 0:
                kern = positions[index - 1].x_advance - advance(before)
                pairs.setdefault(text[index - 1 : index + 1], kern * self._scale if kern else 0.0)
            before = glyph if usable else -1

    def _kerned_glyph(self, char: str) -> int | None:
        """The glyph ReportLab draws ``char`` with, if it is the face's own for it and
        may be kerned (not a word space, not a stand-in)."""
        glyph = self._glyph_of(ord(char))
        if char in _SPACES or glyph is None or glyph != self._font.get_nominal_glyph(ord(char)):
            return None
        return int(glyph)

    def total(self, text: str) -> float:
        """The kerning of all of ``text``'s pairs (none across a space)."""
        try:
            return self._totals[text]
        except KeyError:
            pass
        if " " not in text:
            self._adjusted(text)
            return self._totals[text]
        value = 0.0
        totals = self._totals
        for word in text.split(" "):
            found = totals.get(word)
            value += self.total(word) if found is None else found
        if len(totals) >= _MAX_KEPT:
            totals.clear()
        totals[text] = value
        return value

    def _adjusted(self, word: str) -> tuple[tuple[int, str], ...]:
        """Where ``word`` is kerned: (index of the character set closer or further, the
        ``TJ`` number that does it); its total kerning is kept in ``_totals``."""
        try:
            return self._words[word]
        except KeyError:
            pass
        pairs = self._pairs
        kerns: list[tuple[int, float]] = []
        for index in range(1, len(word)):
            kern = pairs.get(word[index - 1 : index + 1])
            if kern is None:
                kern = self.pair(word[index - 1], word[index])
            if kern:
                kerns.append((index, kern))
        if len(self._words) >= _MAX_KEPT:
            self._words.clear()
            self._totals.clear()
        found = self._words[word] = tuple((index, fp_str(-kern)) for index, kern in kerns)
        self._totals[word] = sum([kern for _, kern in kerns]) if kerns else 0.0
        return found

    def adjustments(self, text: str) -> list[tuple[int, str]]:
        """Where a line's ``text`` is kerned, word by word (its words recur, its lines do
        not): (index of the character set closer or further, its ``TJ`` number), in order."""
        found: list[tuple[int, str]] = []
        offset = 0
        words = self._words
        for word in text.split(" "):
            adjusted = words.get(word)
            if adjusted is None:
                adjusted = self._adjusted(word)
            if adjusted:
                found.extend([(offset + index, number) for index, number in adjusted])
            offset += len(word) + 1
        return found


def prepare_kerning(frags: Any) -> None:
    """Learn the pairs of a paragraph's runs (ReportLab's fragments) at once, one
    question to HarfBuzz a run (``PairKerning.prepare``), before its lines are broken."""
    if not KERNING.get():
        return
    for frag in frags:
        text, name = getattr(frag, "text", ""), getattr(frag, "fontName", None)
        kerning = getattr(pdfmetrics.getFont(name), "kerning", None) if name and len(text) > 1 else None
        if kerning is not None:
            kerning.prepare(text)


def kerning_of(font_name: str) -> Callable[[str, str], float] | None:
    """The pair kerning of a registered font (``PairKerning.pair``) while the rendering
    kerns; None when it does not, or the font has none."""
    if not KERNING.get():
        return None
    found = getattr(pdfmetrics.getFont(font_name), "kerning", None)
    return None if found is None else found.pair


__all__ = ["FEATURES", "KERNING", "PairKerning", "applied", "kerning_of", "prepare_kerning"]
