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
  or changes (a default ignorable it hides, a mark), gets none. The pairs of the
  Vietnamese repertoire are shaped once per installation and face (``kern_tables``: one
  de Bruijn sequence holding every pair, kept in the cache), so the text of a new
  article is kerned by dictionary lookups at C speed (``map`` over its pairs), without
  HarfBuzz: a paragraph's words are measured at once before its lines are broken
  (``prepare_kerning``), a line's ``TJ`` numbers looked up at once when it is drawn.
  A run with other characters (a Greek letter in a face that has it) is shaped whole
  once (one question to HarfBuzz a run instead of one a new pair), and the pairs of
  its words with those characters are remembered per face for the life of the process
  (bounded). In both, each glyph's advance beyond its nominal one is the pair kerning
  before the next glyph, the same value as the pair alone (tested for the shipped
  faces, every pair of the repertoire), so the order in which articles are set never
  changes a value. The kerning of each word measured is remembered too.
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
from itertools import compress
from operator import add, attrgetter, sub
from typing import Any, Final

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

from convert.fonts import LANGUAGE_REPERTOIRE
from convert.writers.pdf.fonts.kern_tables import EMPTY, Table, de_bruijn, harfbuzz_version, index_size, repertoire_table, row, table_of, table_pairs, value_at

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
#: The same with kerning off: how a character is set with nothing moving it.
_UNKERNED: Final = {**FEATURES, "kern": False}
_CODEPOINT: Final = attrgetter("codepoint")
_X_ADVANCE: Final = attrgetter("x_advance")
_X_OFFSET: Final = attrgetter("x_offset")
_Y_OFFSET: Final = attrgetter("y_offset")
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


class RepertoirePairs(dict[str, float]):
    """The kerning of the repertoire's pairs (``kern_tables``) a process has looked up,
    0.0 for a pair the face does not kern: a pair not yet looked up is found in its
    row of the table (``__missing__``) and kept, so a word is summed by dictionary
    lookups at C speed (``map(pairs.__getitem__, ...)``). Making every pair of a row
    entries the first time a word held its character cost a process ~17,500 entries
    for the seed's five faces (~27 million instructions, a sixth of ``vnconv pdf``'s
    first render), where its words hold a few thousand pairs; a batch worker soon holds
    the pairs its articles use either way."""

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table
        #: Each row looked up, by its first character: where it is (``kern_tables.row``).
        self._rows: dict[str, tuple[int, int]] = {}
        self._seconds = table.seconds
        #: The values' places as bytes, when each is one byte: read without a call.
        self._places = table.values if index_size(table) == 1 else None

    def __missing__(self, pair: str) -> float:
        """``kern_tables.kern`` of the pair, its row's place kept for the next pair of the row."""
        first = pair[0]
        bounds = self._rows.get(first)
        if bounds is None:
            bounds = self._rows[first] = row(self.table, first)
        at = self._seconds.find(pair[1], bounds[0], bounds[1]) if bounds[1] > bounds[0] else -1
        if at < 0:
            found = self[pair] = 0.0
        elif self._places is not None:
            found = self[pair] = self.table.kerns[self._places[at]]
        else:
            found = self[pair] = value_at(self.table, at)
        return found


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
        self._numbers: dict[float, str] = {}
        self._totals: dict[str, float] = {}
        #: The kerning of each text ``total`` measured (cleared, never replaced, when full).
        self.totals = self._totals
        self._prepared: set[str] = set()
        self._glyphs: dict[str, int | None] = {}
        #: The repertoire's pairs (``kern_tables``), read the first time one is asked,
        #: each pair looked up in its row the first time a word holds it.
        self._table: RepertoirePairs | None = None
        self._known: frozenset[str] = frozenset()

    def load(self) -> RepertoirePairs:
        """The repertoire's table, from the cache or shaped (``kern_tables``): done the
        first time a pair is asked, or now (a bench warming the cache)."""
        table = repertoire_table(self.path, f"hb{harfbuzz_version()}", self._shaped_repertoire)
        self._known = frozenset(table.known) | _SPACES  # a pair with a word space is never kerned
        self._table = RepertoirePairs(table)
        return self._table

    def kerned_pairs(self) -> dict[str, float]:
        """Every pair of the repertoire this face kerns, and its kerning (not zero), as the table's rows hold them."""
        table = self._table if self._table is not None else self.load()
        return dict(table_pairs(table.table))

    def _shaped_repertoire(self) -> Table:
        """Every pair of the repertoire's characters this face kerns as themselves, shaped
        as one de Bruijn sequence (each pair side by side once) and read as ``prepare``
        reads a run. A character is left out (its pairs asked one by one, as any other
        character's) unless ReportLab draws it with the face's own glyph and HarfBuzz,
        kerning off, sets it as that glyph, at its nominal advance, unmoved."""
        import uharfbuzz as hb

        font = self._font or self._open()
        advance = font.get_glyph_h_advance
        glyphs = {char: glyph for char in sorted(LANGUAGE_REPERTOIRE - _SPACES) if (glyph := self._own_glyph(char)) is not None}
        alphabet = "".join(glyphs)
        buffer = self._buffer(alphabet, hb, _UNKERNED)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        if len(infos) == len(alphabet):  # one glyph a character: each can be checked
            alphabet = "".join(
                char
                for char, info, position in zip(alphabet, infos, positions)
                if info.codepoint == glyphs[char] and position.x_advance == advance(info.codepoint) and not (position.x_offset or position.y_offset)
            )
        else:
            alphabet = "".join(char for char in alphabet if self._alone_as_itself(char, glyphs[char], hb))
        sequence = de_bruijn(alphabet)
        buffer = self._buffer(sequence, hb, FEATURES)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        if list(map(_CODEPOINT, infos)) != [glyphs[char] for char in sequence]:
            return EMPTY  # not one glyph a character: every pair asked alone
        nominal = {char: advance(glyphs[char]) for char in alphabet}
        kerns = list(map(sub, map(_X_ADVANCE, positions), map(nominal.__getitem__, sequence)))
        kerns[-1] = 0  # the last glyph has none after it
        moved = set(compress(range(len(sequence)), map(_X_OFFSET, positions))) | set(compress(range(len(sequence)), map(_Y_OFFSET, positions)))
        scale = self._scale
        pairs = {
            sequence[index : index + 2]: kerns[index] * scale
            for index in compress(range(len(sequence)), kerns)
            if index not in moved and index + 1 not in moved
        }
        if moved:  # a pair next to a glyph HarfBuzz moved: asked alone
            pairs.update(self._alone(sequence, moved))
        return table_of(alphabet, pairs)

    def _own_glyph(self, char: str) -> int | None:
        """The glyph ReportLab draws ``char`` with, if it is the face's own for it."""
        glyph = self._glyph_of(ord(char))
        return None if glyph is None or glyph != self._font.get_nominal_glyph(ord(char)) else int(glyph)

    def _alone_as_itself(self, char: str, glyph: int, hb: Any) -> bool:
        """Whether HarfBuzz sets ``char`` alone as ``glyph``, at its advance, unmoved."""
        buffer = self._buffer(char, hb, _UNKERNED)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        return (
            len(infos) == 1
            and infos[0].codepoint == glyph
            and positions[0].x_advance == self._font.get_glyph_h_advance(glyph)
            and not (positions[0].x_offset or positions[0].y_offset)
        )

    def _alone(self, sequence: str, moved: set[int]) -> dict[str, float]:
        """The pairs of ``sequence`` beside a moved glyph, each shaped alone (``_shaped``)."""
        found = {}
        for index in moved:
            for start in (index - 1, index):
                if 0 <= start < len(sequence) - 1:
                    value = self._shaped(sequence[start], sequence[start + 1])
                    if value:
                        found[sequence[start : start + 2]] = value
        return found

    def _buffer(self, text: str, hb: Any, features: dict[str, bool]) -> Any:
        """``text`` shaped with ``features``."""
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(self._font, buffer, features)
        return buffer

    def _open(self) -> Any:
        import uharfbuzz as hb

        face = hb.Face(hb.Blob.from_file_path(self.path))
        self._font = hb.Font(face)  # scaled to its units per em: answers in font units
        self._scale = 1000 / face.upem
        return self._font

    def pair(self, first: str, second: str) -> float:
        """How much closer (negative) or further apart ``second`` is set after ``first``."""
        key = first + second
        if self._table is None:
            self.load()
        if first in self._known and second in self._known:
            return self._table[key]  # type: ignore[index]
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
        """Learn the pairs of the words of a run of text with a character beyond the
        repertoire's table, with one question to HarfBuzz for the whole run, not one a
        pair: the run shaped with ``FEATURES`` (whole, so each word is shaped as it
        stands in it), each glyph's advance beyond its nominal one is the kerning before
        the next (pair positioning changes the first glyph's advance: GPOS value format
        1, as Latin fonts kern). A pair it cannot answer for (glyphs not one a
        character, a stand-in, a mark placed) is left to ``pair``; a word of the table's
        characters needs nothing (pairs across a space are never kerned)."""
        pairs = self._pairs
        if len(text) < 2 or text in self._prepared:
            return  # a layout after the first sets the same paragraphs again
        if self._table is None:
            self.load()
        if len(self._prepared) >= _MAX_PREPARED:
            self._prepared.clear()
        self._prepared.add(text)
        known = self._known
        if known.issuperset(text):  # the repertoire's table answers for every pair
            self._measure_words(text)
            return
        spans: list[tuple[int, int]] = []  # where the words beyond the table stand
        start = 0
        for word in text.split(" "):
            end = start + len(word)
            if not known.issuperset(word) and not all(a + b in pairs for a, b in zip(word, word[1:])):
                spans.append((start, end))
            start = end + 1
        if not spans:
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
        for start, end in spans:
            before = -1  # the glyph before, when usable (a word's first has none: a space)
            for index in range(start, end):
                info, position = infos[index], positions[index]
                glyph = glyphs[text[index]]
                usable = glyph is not None and glyph == info.codepoint and not (position.x_offset or position.y_offset)
                if usable and before >= 0:
                    kern = positions[index - 1].x_advance - advance(before)
                    pairs.setdefault(text[index - 1 : index + 1], kern * self._scale if kern else 0.0)
                before = glyph if usable else -1

    def _measure_words(self, text: str) -> None:
        """The ``total`` of each word of ``text`` (its characters all in the table) not
        measured before, as ``total`` would find it (its pairs looked up at once and
        summed in the same order). The words measured before are set aside at once (a
        set difference): most of a paragraph's, once a process has set a few articles,
        so no Python step is taken for each of its words."""
        totals = self._totals
        get = self._table.__getitem__  # type: ignore[union-attr]
        if len(totals) + len(text) >= _MAX_KEPT:
            totals.clear()
        for word in set(text.split(" ")).difference(totals):
            totals[word] = sum(filter(None, map(get, map(add, word, word[1:]))), 0.0)

    def _kerned_glyph(self, char: str) -> int | None:
        """The glyph ReportLab draws ``char`` with, if it is the face's own for it and
        may be kerned (not a word space, not a stand-in)."""
        glyph = self._glyph_of(ord(char))
        if char in _SPACES or glyph is None or glyph != self._font.get_nominal_glyph(ord(char)):
            return None
        return int(glyph)

    def total(self, text: str) -> float:
        """The kerning of all of ``text``'s pairs (none across a space), word by word."""
        totals = self._totals
        found = totals.get(text)
        if found is not None:
            return found
        if self._table is None:
            self.load()
        if " " in text:
            value = 0.0
            for word in text.split(" "):
                found = totals.get(word)
                value += self.total(word) if found is None else found
        elif self._known.issuperset(text):  # the table's pairs at once; absent: zero
            value = sum(filter(None, map(self._table.__getitem__, map(add, text, text[1:]))), 0.0)  # type: ignore[union-attr]
        else:
            value = sum([kern for _, kern in self._kerns(text)], 0.0)
        if len(totals) >= _MAX_KEPT:
            totals.clear()
        totals[text] = value
        return value

    def _kerns(self, word: str) -> list[tuple[int, float]]:
        """Where ``word`` is kerned, and by how much: (index of the character set closer
        or further, its kerning), each pair asked of ``pair``."""
        return [(index, kern) for index, kern in enumerate(map(self.pair, word, word[1:]), 1) if kern]

    def _number(self, kern: float) -> str:
        """The ``TJ`` number that sets the next glyph ``kern`` closer (negative: further)."""
        found = self._numbers.get(kern)
        if found is None:
            found = self._numbers[kern] = fp_str(-kern)
        return found

    def adjustments(self, text: str) -> list[tuple[int, str]]:
        """Where a line's ``text`` is kerned (none across a space): (index of the character
        set closer or further, its ``TJ`` number), in order. The pairs of the table's
        characters are looked up at once; those beside another character asked of ``pair``."""
        if self._table is None:
            self.load()
        numbers, number = self._numbers, self._number
        if self._known.issuperset(text):  # the common case, at C speed
            kerns: list[float | None] = list(map(self._table.__getitem__, map(add, text, text[1:])))  # type: ignore[union-attr]
            return [(index, numbers.get(kern) or number(kern)) for index, kern in compress(enumerate(kerns, 1), kerns)]
        chars = set(text)
        others = chars.difference(self._known)
        known, table = self._known, self._table
        kerns = [table[pair] if known.issuperset(pair) else None for pair in map(add, text, text[1:])]  # type: ignore[index]
        if others:  # not in the table: their pairs, learned by ``prepare`` or shaped alone
            pair, last = self.pair, len(text) - 1
            for char in others:
                at = text.find(char)
                while at >= 0:
                    if at > 0:
                        kerns[at - 1] = pair(text[at - 1], char)
                    if at < last:
                        kerns[at] = pair(char, text[at + 1])
                    at = text.find(char, at + 1)
        return [(index, numbers.get(kern) or number(kern)) for index, kern in compress(enumerate(kerns, 1), kerns)]


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


__all__ = ["FEATURES", "KERNING", "PairKerning", "RepertoirePairs", "applied", "kerning_of", "prepare_kerning"]
