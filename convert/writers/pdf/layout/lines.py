"""How a paragraph's lines are set, beyond ReportLab's own line breaking.

- **URLs and e-mail addresses** break after ``/``, ``.`` and ``@`` and before ``-``,
  with no hyphen added, instead of between any two letters (ReportLab's
  ``splitLongWords``) or only after the slashes of a URL with a scheme (its own
  URI rule). Before, not after, a hyphen: ``pdftotext`` and other extractors join a
  line that ends in a hyphen to the next one and drop the hyphen as a hyphenation,
  which would change the address in the text layer. Nothing is added to the text:
  the break is a line break, as between any two lines.
- **The line before a URL is not stretched**: a line that ends inside an address, or
  where one could not start, is set flush left instead of justified with the gaps
  taking up what the address left over ("Xem   chi   tiết   tại").
- **Headlines are balanced** (``BalancedParagraph``): set in the narrowest measure
  that keeps their number of lines, so the lines are of near-equal length and the
  last is not one word alone, as newspapers set headlines.
- **Tone marks never touch the line above**: Vietnamese capitals stack two marks (Ẩ,
  Ỗ, Ệ) that rise well above the capitals; under a descender of the line before
  (g, y, ạ) at a tight leading they would touch. A paragraph's leading grows, for that
  paragraph only, by what the glyphs set one above the other actually need.

ReportLab has no hook for where a long word may break: ``install_url_breaks`` wraps the
module function it asks when a word does not fit (``reportlab_internals.paragraphs``);
every other word is left to it as before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, NamedTuple

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import Paragraph

from convert.writers.pdf.reportlab_internals import fragments  # noqa: F401 - installs the faster sameFrag
from convert.writers.pdf.reportlab_internals import measures  # noqa: F401 - installs the remembered space widths and ascents
from convert.writers.pdf.reportlab_internals.paragraphs import install_word_breaks, is_split_word_end, is_split_word_head, justifies_last_line
from convert.writers.pdf.fonts.ink_tables import Measured, repertoire_table
from convert.writers.pdf.fonts.kerning import kerning_of
from convert.writers.pdf.fonts.outlines import Outlines

# --- URLs ------------------------------------------------------------------------------

#: An address: with a scheme, from ``www.``, an e-mail address, or a domain with a path.
URL: Final = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"]+"
    r"|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>\"]*",
    re.IGNORECASE,
)
#: Trailing punctuation that closes the sentence, not the address.
_TRAILING: Final = ".,;:!?)]}»”’'\""


def url_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every address in ``text``, its closing punctuation left out."""
    for match in URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING:
            end -= 1
        yield match.start(), end


def url_breaks(word: str, spans: Iterable[tuple[int, int]] | None = None) -> list[int]:
    """Where ``word`` may break inside an address (or inside ``spans`` of it): after
    ``/`` (not inside ``//``), ``.`` and ``@``, and before ``-``; offsets, in order."""
    breaks: list[int] = []
    for start, end in url_spans(word) if spans is None else spans:
        for index in range(start + 1, end):
            before, after = word[index - 1], word[index]
            if (before == "/" and after != "/") or before in ".@" or after == "-":
                breaks.append(index)
    return breaks


def has_address(text: str) -> bool:
    """Whether ``text`` holds a URL or an e-mail address."""
    return bool(_ADDRESS_CHARS.intersection(text)) and URL.search(text) is not None


def starts_url(word: str) -> bool:
    """Whether a line that begins with ``word`` begins with an address (after an opening bracket)."""
    return any(start <= 1 for start, _ in url_spans(word))


#: An address has one of these; a word without any is never looked at twice.
_ADDRESS_CHARS: Final = frozenset("./@")
#: The rests of addresses broken at a line's end, most recent last, a bounded number.
_TAILS: Final[dict[str, None]] = {}
_MAX_TAILS: Final = 4096


def _remember_tail(tail: str) -> None:
    _TAILS[tail] = None
    if len(_TAILS) > _MAX_TAILS:
        del _TAILS[next(iter(_TAILS))]


def _breaking_urls(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def pair(hyphenator: Any, s: str, ww: float, newWidth: float, maxWidth: float, fontName: str, fontSize: float, *rest: Any) -> Any:  # noqa: N803 - ReportLab's names
        """ReportLab's answer for a word that does not fit (head, tail, widths), for an
        address: the longest head that fits after one of its break points; or, when none
        does on a line that has text, an empty head, so the address starts the next line."""
        word = str(s)
        # The rest of a word broken at a line's end (ReportLab rejoins the pieces of a
        # paragraph split between columns into plain words, so the text is remembered too).
        tail = is_split_word_end(s) or word in _TAILS
        breaks: list[int] = []
        if _ADDRESS_CHARS.intersection(word):
            breaks = url_breaks(word, [(0, len(word))] if tail else None)
        if not breaks and not tail:
            if hyphenator is None and not any(rest[1:2]):  # no hyphenation asked: nothing to break
                return None
            return original(hyphenator, s, ww, newWidth, maxWidth, fontName, fontSize, *rest)
        used = newWidth - ww  # the line so far and the space before the word (0 at a line's start)
        for cut in reversed(breaks):
            width = stringWidth(word[:cut], fontName, fontSize)
            if used + width <= maxWidth:
                _remember_tail(word[cut:])
                return "", 0, width, ww - width, word[:cut], word[cut:]
        if used > 0:
            return "", 0, 0.0, ww, "", word
        # A piece wider than a whole line: cut it between letters (ReportLab would not cut
        # the rest of a broken word again, and let it run past the column).
        cut = 1
        while cut < len(word) - 1 and stringWidth(word[: cut + 1], fontName, fontSize) <= maxWidth:
            cut += 1
        width = stringWidth(word[:cut], fontName, fontSize)
        _remember_tail(word[cut:])
        return "", 0, width, ww - width, word[:cut], word[cut:]

    pair.vnconv_url_breaks = True  # type: ignore[attr-defined]
    return pair


def install_url_breaks() -> None:
    """Teach ReportLab's line breaking where addresses break (once per process)."""
    install_word_breaks(_breaking_urls, "vnconv_url_breaks")


install_url_breaks()

#: ReportLab asks where a long word breaks only when a style tries hyphenation, URIs
#: included; any value above 0 turns that on (the wrapper above decides).
URI_WASTE_REDUCE: Final = 0.01


# --- the lines of a laid-out paragraph -------------------------------------------------


def _word_text(word: Any) -> str:
    """A line's word as text: a string (one font) or a list of fragments (several)."""
    if isinstance(word, str):
        return word
    return "".join(getattr(part, "text", "") for part in (word if isinstance(word, list) else [word]))


def _line_words(blpara: Any, index: int) -> list[Any]:
    line = blpara.lines[index]
    return list(line[1]) if blpara.kind == 0 else list(getattr(line, "words", []))


def _ended_inside_a_word(word: Any) -> bool:
    """Whether a line's last word is the head of a word ReportLab broke at the line's end."""
    return is_split_word_head(word)


def _ends_at_an_address(last: Any, first: Any) -> bool:
    """Whether a line ending in word ``last``, before a line starting with ``first``,
    ends inside an address or just before one."""
    if not _ended_inside_a_word(last):
        return starts_url(_word_text(first))
    head = _word_text(last)
    return any(start < len(head) < end for start, end in url_spans(head + _word_text(first)))


def line_ends_at_an_address(paragraph: Paragraph, index: int) -> bool:
    """Whether line ``index`` of a laid-out paragraph ends inside an address or just before one."""
    blpara = paragraph.blPara
    if index + 1 >= len(blpara.lines):
        return False
    words, following = _line_words(blpara, index), _line_words(blpara, index + 1)
    return bool(words and following) and _ends_at_an_address(words[-1], following[0])


def unstretch_before_urls(paragraph: Paragraph) -> None:
    """Set flush left, not justified, each line that ends inside an address or where one
    could not start: its gaps would otherwise take up what the address left over."""
    blpara = paragraph.blPara
    if paragraph.style.alignment != TA_JUSTIFY or not blpara.lines:
        return
    for index in range(len(blpara.lines) - 1):
        if not line_ends_at_an_address(paragraph, index):
            continue
        if blpara.kind == 0:
            blpara.lines[index] = (0, blpara.lines[index][1])
        else:
            blpara.lines[index].extraSpace = 0


# --- ink: how far glyphs reach above and below the baseline ---------------------------


class Glyph(NamedTuple):
    """A character's advance and ink box, in ems."""

    advance: float
    left: float
    right: float
    bottom: float
    top: float


#: Words whose extent an ``Ink`` remembers before it starts again (a batch worker lives long).
_MAX_EXTENTS: Final = 20_000
#: How high and deep a character the font does not map reaches: below any glyph.
_NONE: Final = float("-inf")


class Ink:
    """The glyphs of one font file, read through HarfBuzz as they are asked for
    (``outlines.Outlines``: character map, advances, exact outline bounds); those of the
    Vietnamese repertoire from a table measured once per installation (``ink_tables``)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._outlines: Outlines | None = None
        self.glyphs: dict[str, Glyph | None] = {}
        self.extents: dict[str, tuple[float, float]] = {}
        #: Each character read, and how high and how deep its glyph reaches, in ems
        #: (``_NONE`` for a character the font does not map: never the highest).
        self._tops: dict[str, float] = {}
        self._depths: dict[str, float] = {}
        table = repertoire_table(path, self._measure, lambda: (self.outlines.units, self.outlines.height))
        self.units = table.units
        #: The font's own bounds: leading at least this tall needs no closer look.
        self.reach = table.height / table.units
        #: The repertoire's glyphs as measured, each made a ``Glyph`` the first time it is
        #: asked for: an article sets a third of the repertoire in its body face, and a
        #: few characters in the others (making all of them took ~1 ms of a ``vnconv pdf``).
        self._measured = table.glyphs

    @property
    def outlines(self) -> Outlines:
        """The face opened through HarfBuzz, the first time a glyph the table lacks is asked for."""
        if self._outlines is None:
            self._outlines = Outlines(self.path)
        return self._outlines

    def extent(self, text: str) -> tuple[float, float]:
        """The highest and the deepest any glyph of ``text`` reaches, in ems: asked of
        every word of a paragraph in several fonts, and words recur, so remembered
        (a bounded number of them)."""
        try:
            return self.extents[text]
        except KeyError:
            pass
        extent = self.reaches(set(text))
        if len(self.extents) >= _MAX_EXTENTS:
            self.extents.clear()
        self.extents[text] = extent
        return extent

    def reaches(self, chars: set[str]) -> tuple[float, float]:
        """The highest and the deepest any glyph of ``chars`` reaches, in ems (0 for none)."""
        tops = self._tops
        for char in chars.difference(tops):
            self.glyph(char)
        top = max(map(tops.__getitem__, chars), default=0.0)
        depth = max(map(self._depths.__getitem__, chars), default=0.0)
        return (0.0, 0.0) if top == _NONE else (top, depth)

    def glyph(self, char: str) -> Glyph | None:
        glyphs = self.glyphs
        if char in glyphs:  # not tried: a process's first article asks each of its characters once
            return glyphs[char]
        if char in self._measured:
            measured = self._measured[char]
            found = None if measured is None else Glyph(*measured)
        else:
            found = self._read(char)
        self._remember(char, found)
        return found

    def _remember(self, char: str, found: Glyph | None) -> None:
        self.glyphs[char] = found
        self._tops[char], self._depths[char] = (_NONE, _NONE) if found is None else (found.top, -found.bottom)

    def _measure(self, char: str) -> Measured:
        found = self._read(char)
        return None if found is None else (found.advance, found.left, found.right, found.bottom, found.top)

    def _read(self, char: str) -> Glyph | None:
        """The glyph's advance and exact ink box, in ems (None: the font does not map ``char``)."""
        outlines = self.outlines
        gid = outlines.glyph_id(char)
        if gid is None:
            return None
        units = outlines.units
        bounds = outlines.bounds(gid)
        advance = outlines.advance(gid) / units
        if bounds is None:  # a space
            return Glyph(advance, 0, 0, 0, 0)
        left, bottom, right, top = (value / units for value in bounds)
        return Glyph(advance, left, right, bottom, top)


@functools.cache
def ink(font_name: str) -> Ink | None:
    """The ink of a registered ReportLab font, by its name (None: no font file to read)."""
    path = getattr(getattr(pdfmetrics.getFont(font_name), "face", None), "filename", None)
    return Ink(str(path)) if isinstance(path, (str, bytes)) or hasattr(path, "__fspath__") else None


#: A glyph placed on a line: from ``left`` to ``right`` points along it, reaching ``top``
#: above and ``depth`` below the baseline.
Placed = tuple[float, float, float, float]


def _placed(paragraph: Paragraph, index: int, fonts: Ink) -> list[Placed]:
    """The glyphs of one line as ReportLab draws them (alignment, justified spaces,
    first-line indent), in points."""
    style = paragraph.style
    blpara = paragraph.blPara
    extra, words = blpara.lines[index]
    size = blpara.fontSize
    x = style.leftIndent + (style.firstLineIndent if index == 0 else 0)
    space = stringWidth(" ", blpara.fontName, size)
    # As ReportLab's _leftDrawParaLine and its siblings draw a line: an overfull one
    # (extra < 0, a word wider than the measure left) in any alignment, and a justified
    # one but the last, have their word spacing changed by extra over the spaces
    # (no-break ones counted too); otherwise the line moves by its alignment's share.
    last = index == len(blpara.lines) - 1 and not justifies_last_line(paragraph)
    spaces = len(words) - 1 + sum(str(word).count("\xa0") for word in words)
    justified = style.alignment == TA_JUSTIFY and not (last and extra > -1e-8)
    if spaces > 0 and (extra < -1e-8 or (justified and extra > 1e-8)):
        space += extra / spaces
    elif style.alignment == TA_RIGHT:
        x += extra
    elif style.alignment == TA_CENTER:
        x += extra / 2
    placed: list[Placed] = []
    glyph = fonts.glyph
    pair = kerning_of(blpara.fontName)
    for number, word in enumerate(words):
        if number:
            x += space
        previous = ""
        for char in str(word):
            if pair is not None and previous:
                x += pair(previous, char) * size / 1000  # as ``kerning`` draws it
            previous = char
            found = glyph(char)
            if found is None:
                continue
            advance, left, right, bottom, top = found
            if top > bottom:
                placed.append((x + left * size, x + right * size, top * size, -bottom * size))
            x += advance * size
    return placed


def _reach(fonts: Ink, words: Any) -> tuple[float, float]:
    """The highest and the deepest any glyph of a line reaches, in ems."""
    return fonts.reaches(set("".join(map(str, words))))


#: Clear space between the ink of two lines, in ems: they may come close, never touch.
INK_CLEARANCE: Final = 0.02


def ink_leading(paragraph: Paragraph) -> float:
    """The leading a laid-out paragraph needs so that no glyph touches one of the line
    above: the style's, or more. Two lines are compared glyph by glyph only where the
    tallest glyph of one and the deepest of the other could meet; a paragraph in
    several fonts, line by line (see ``_frag_lines_leading``)."""
    blpara = paragraph.blPara
    leading = float(paragraph.style.leading)
    if len(blpara.lines) < 2:
        return leading
    if blpara.kind != 0:
        return max(leading, _frag_lines_leading(paragraph))
    fonts = ink(blpara.fontName)
    size = blpara.fontSize
    clear = INK_CLEARANCE * size
    if fonts is None or fonts.reach * size + clear <= leading:
        return leading  # no two glyphs of this font can reach each other at this leading
    top, depth = _reach(fonts, [word for _, words in blpara.lines for word in words])
    if (top + depth) * size + clear <= leading:
        return leading  # nor any two of this paragraph's characters
    reach = [_reach(fonts, words) for _, words in blpara.lines]
    needed = leading
    for index in range(len(blpara.lines) - 1):
        (_, depth), (top, _) = reach[index], reach[index + 1]
        if (depth + top) * size + clear <= needed:
            continue  # even the deepest above the tallest below would not touch
        # Only glyphs deep (tall) enough to meet the tallest (deepest) of the other line.
        upper = [g for g in _placed(paragraph, index, fonts) if g[3] + top * size + clear > needed]
        lower = [g for g in _placed(paragraph, index + 1, fonts) if g[2] + depth * size + clear > needed]
        for left, right, _, low in upper:
            for other_left, other_right, high, _ in lower:
                if other_left < right and left < other_right:
                    needed = max(needed, low + high + clear)
    return needed


def _frag_lines_leading(paragraph: Paragraph) -> float:
    """For a paragraph of several fonts: the tallest ink of each line over the deepest of
    the line above (the fragments' positions are not followed)."""
    extents: list[tuple[float, float]] = []
    largest = 0.0
    for line in paragraph.blPara.lines:
        top = depth = 0.0
        for word in getattr(line, "words", []):
            for part in word if isinstance(word, list) else [word]:
                fonts = ink(part.fontName) if hasattr(part, "fontName") else None
                if fonts is None:
                    continue
                size = part.fontSize
                largest = max(largest, size)
                high, deep = fonts.extent(getattr(part, "text", ""))
                top, depth = max(top, high * size), max(depth, deep * size)
        extents.append((top, depth))
    needed = max((above[1] + below[0] for above, below in zip(extents, extents[1:])), default=0.0)
    return needed + INK_CLEARANCE * largest if needed else 0.0


__all__ = [
    "URL",
    "URI_WASTE_REDUCE",
    "ink_leading",
    "install_url_breaks",
    "line_ends_at_an_address",
    "starts_url",
    "unstretch_before_urls",
    "url_breaks",
    "url_spans",
]
