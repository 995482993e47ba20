"""The ``txt`` writer: the article as clean plain text, in the convention vnconv reads.

An archive of TCVN3, VNI or mojibake files can be cleaned once and kept: the output is
UTF-8 (no byte-order mark), NFC, with LF line ends, laid out the way the plain-text
reader expects an article (the manual, docs/reader.md):

    date line
    <blank>
    headline
    <blank>
    SLUG - lead            (PLACE (SLUG) - lead: the place a wire filed from)
    <blank>
    paragraph, or subheading
    <blank><blank>
    caption (Ảnh: credit)
    <blank>
    - list item            (nested items two spaces further in; each keeps its marker)
    cell<TAB>cell          (a table, a row a line)
    > quotation
    PV: question           (a speaker's label, then a colon)
    * * *                  (a separator, as the file had it)
    <blank>
    byline (theo …)
    <blank>
    (Theo ...)

so reading the output gives the same model (tested over generated articles in every
convention and the samples). Each part is one line: a model's own line breaks and
runs of spaces become one space, as the reader would have folded them. A part of the
head or the end that this layout would not give back (a headline that reads as a
slug, an attribution in lower case without a byline) goes into a ``---`` header at
the top, which the reader takes as given. Nothing here is typographic, so the style
is not consulted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Final

from convert.model import Answer, Article, Block, Byline, Caption, Dateline, List, ListItem, Question, Quote, Table

if TYPE_CHECKING:
    from convert.styles import Style
    from convert.options import Options


def render(article: Article, style: Style, options: Options) -> bytes:
    return text(article).encode("utf-8")


def text(article: Article) -> str:
    """The article as plain text: one part a line, blank lines between parts, and a
    header for the parts the layout alone would not give back.

    A date line with the place a wire story was filed from (``HÀ NỘI``, from ``HÀ NỘI
    (TTXVN) - ...``) is written back the way the wire wrote it, before the lead's slug:
    a header's ``date:`` can say a date, not a place."""
    from convert.readers.plaintext import read_text  # the reader decides what reads back

    for where in (*_wheres(article), None):
        plain = _text(article, given=frozenset(), where=where)
        if not plain:
            return ""
        again = read_text(plain)
        wrong = frozenset(part for part in HEADER_PARTS if _part(again, part) != _part(article, part))
        if not wrong:
            return plain
        if where is None or not wrong & _PLACED_PARTS:
            return _text(article, given=wrong, where=where)
    raise AssertionError("unreachable: the last try has no place")  # pragma: no cover


#: The parts a header can give (``convert.readers.plaintext.header``), by model field.
HEADER_PARTS: Final = ("headline", "date", "source", "lead", "byline", "attribution")


#: The parts a wire's ``PLACE (AGENCY) - lead`` gives: none of them may be in the header.
_PLACED_PARTS: Final = frozenset({"date", "source", "lead"})


def _part(article: Article, part: str) -> object:
    return article.dateline if part == "date" else getattr(article, part)


def _wheres(article: Article) -> tuple[str, ...]:
    """How the date line's place may have stood before the lead's slug: the place,
    or the place and a day (``ĐÀ NẴNG, 15/9``), as the date line's text begins
    (``convert.readers.plaintext.leads``); none without a place, a source and a lead."""
    dateline = article.dateline
    if dateline is None or dateline.place is None or article.source is None or not article.lead:
        return ()
    place, text = dateline.place, dateline.text
    day = re.match(re.escape(place) + r", \d{1,2}/\d{1,2}(?:/\d{4})?(?=,|$)", text)
    return tuple(where for where in (day[0] if day else None, place) if where is not None and text.startswith(where))


def _text(article: Article, given: frozenset[str], where: str | None = None) -> str:
    parts: list[tuple[int, str]] = []  # (blank lines before, the part's line)
    if given:
        header = ["---"]
        for part in HEADER_PARTS:
            if part in given:
                value = _part(article, part)
                shown = value.text if isinstance(value, (Dateline, Byline)) else value
                header.append(f"{part}: {'' if shown is None else _line(str(shown))}")
        parts.append((0, "\n".join([*header, "---"])))
    if article.dateline is not None and "date" not in given:
        # With the place before the slug, the rest of the date line (if any) stands alone.
        rest = article.dateline.text if where is None else article.dateline.text[len(where) :].removeprefix(", ")
        if rest:
            parts.append((1, _line(rest)))
    if article.headline is not None and "headline" not in given:
        parts.append((1, _line(article.headline)))
    if where is not None:
        parts.append((1, _line(f"{where} ({article.source}) - {article.lead}")))
    elif "lead" not in given and (article.lead is not None or (article.source is not None and "source" not in given)):
        slug = f"{article.source} - " if article.source is not None and "source" not in given else ""
        parts.append((1, _line(slug + (article.lead or ""))))
    for block in article.blocks:
        parts.append((2 if isinstance(block, Caption) else 1, _block(block)))  # two blank lines set a caption off
    inline = article.attribution is not None and article.attribution.startswith("theo ") and article.byline is not None
    if article.byline is not None and "byline" not in given:
        attribution = f" ({article.attribution})" if inline and "attribution" not in given else ""
        parts.append((1, _line(article.byline.text + attribution)))
    if article.attribution is not None and "attribution" not in given and not (inline and "byline" not in given):
        parts.append((1, f"({_line(article.attribution)})"))
    lines: list[str] = []
    for blanks, part in parts:
        if lines:
            lines.extend([""] * blanks)
        lines.append(part)
    return unicodedata.normalize("NFC", "\n".join(lines) + "\n") if lines else ""


def _line(text: str) -> str:
    """A part as one line, its spaces folded, as the reader would fold them."""
    return " ".join(text.split())


def _block(block: Block) -> str:
    """A body block in the reader's convention (lines of a list or a table kept apart)."""
    if isinstance(block, Caption):
        return _line(block.text + (f" ({block.credit})" if block.credit else ""))
    if isinstance(block, List):
        return "\n".join(_items(block.items, 0))
    if isinstance(block, Table):
        return "\n".join("\t".join(_line(cell) for cell in row) for row in block.grid())
    if isinstance(block, Quote):
        return "> " + _line(block.text)
    if isinstance(block, (Question, Answer)):
        return (f"{_line(block.speaker)}: " if block.speaker else "") + _line(block.text)
    return _line(block.text)


def _items(items: tuple[ListItem, ...], depth: int) -> list[str]:
    out = []
    for item in items:
        out.append("  " * depth + f"{_line(item.marker)} {_line(item.text)}")
        out.extend(_items(item.items, depth + 1))
    return out


__all__ = ["render", "text"]
