"""The plain-text article reader: recovers an article's structure from layout conventions.

Vietnamese news archives share a loose convention: a date line, the headline, a lead
that opens with the agency slug (``LSO-``, ``TTXVN -``), body paragraphs separated by
blank lines, photo captions set off by two blank lines or ending in a photo credit,
and the byline (and perhaps ``Theo ...``) at the end. The reader recognises those
conventions and nothing more: anything it does not recognise stays a paragraph, so
text is never dropped, only possibly mislabelled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Final

from convert.model import Article, Block, Byline, Caption, Dateline, Paragraph, Subheading
from convert.options import Warn
from convert.text import Decoded, clean, decode_detailed, fold


def read_bytes(data: bytes, encoding: str | None = None, warn: Warn | None = None) -> Article:
    """Decode (see convert.text.decode_detailed) and read; DecodeError for binary or unreadable bytes.
    How unusual bytes were read goes to ``warn``, as ``convert.readers.read`` says it."""
    decoded = decode_detailed(data, encoding)
    decoded.tell(warn)
    return read_decoded(decoded, warn)


def read_decoded(decoded: Decoded, warn: Warn | None = None) -> Article:
    """Read decoded text, recording the encoding it was read in."""
    return replace(read_text(decoded.text, warn), encoding=decoded.encoding)


def recognises(name: str, text: str) -> bool:
    """Any text: what no other reader recognises is read as a plain-text article."""
    return True


def read_text(text: str, warn: Warn | None = None) -> Article:
    """Read an article from text; never raises, whatever the text."""
    cleaned = clean(text)
    if cleaned.removed and warn is not None:
        warn(f"removed {cleaned.removed} control or non-character code point(s)")
    return _Parser(_chunks(cleaned.text)).article()


# --- chunks: the file cut into blocks of lines ---------------------------------------


@dataclass(frozen=True)
class _Chunk:
    text: str
    blank_before: int  # blank lines before it: two or more set off a caption


def _chunks(text: str) -> list[_Chunk]:
    """Cut the text into blocks, joining hard-wrapped lines.

    A file with no blank line between its lines has one paragraph per line. Otherwise
    blocks are separated by blank lines and a block's lines are one hard-wrapped
    paragraph, unless every line of it ends a sentence (then each line is a paragraph).
    """
    groups: list[tuple[list[str], int]] = []
    blanks = 0
    for raw in text.split("\n"):
        line = fold(raw)
        if not line:
            blanks += 1
            continue
        if groups and blanks == 0:
            groups[-1][0].append(line)
        else:
            groups.append(([line], blanks if groups else 0))
        blanks = 0
    if len(groups) <= 1:
        return [_Chunk(line, 0) for group in groups for line in group[0]]
    chunks: list[_Chunk] = []
    first_lines = groups[0][0]
    if len(first_lines) > 1 and _dateline(first_lines[0]) is not None:
        # A date line typed right above the headline is still the date line.
        chunks.append(_Chunk(first_lines.pop(0), 0))
    for index, (lines, blank_before) in enumerate(groups):
        last = index == len(groups) - 1
        if last:
            lines, tail = _split_tail(lines)
        else:
            tail = []
        if len(lines) > 1 and all(_ENDS_SENTENCE.search(line) for line in lines[:-1]):
            chunks.append(_Chunk(lines[0], blank_before))
            chunks.extend(_Chunk(line, 0) for line in lines[1:])
        elif lines:
            chunks.append(_Chunk(" ".join(lines), blank_before))
        chunks.extend(_Chunk(line, 0) for line in tail)
    return chunks


def _split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """A byline or ``Theo ...`` typed right under the last paragraph is its own block."""
    tail: list[str] = []
    while len(lines) > 1 and len(tail) < 2 and (_attribution(lines[-1]) or _byline(lines[-1])):
        tail.insert(0, lines[-1])
        lines = lines[:-1]
    return lines, tail


# --- recognisers: each answers "is this text that part?" -----------------------------

_ENDS_SENTENCE: Final = re.compile(r"[.!?…][\"'”’»)\]]*$")
_ENDS_CLAUSE: Final = re.compile(r"[.,;:!?…][\"'”’»)\]]*$")

_WEEKDAY: Final = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t[2-7])"
_TIME: Final = r"(?:\d{1,2}\s*[:hg]\s*\d{2}(?:\s*(?:am|pm|sa|ch))?(?:\s*\(?\s*gmt\s*[+-]\s*\d{1,2}\s*\)?)?)"
_DATE: Final = (
    r"(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|ngày\s+(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})\s*(?:năm|,)\s*(?P<wy>\d{4}))"
)
_DATELINE: Final = re.compile(
    rf"^(?:(?P<weekday>{_WEEKDAY})\s*[,\-–|]?\s*)?(?:{_TIME}\s*[,\-–|]?\s*)?(?:ngày\s+)?{_DATE}"
    rf"(?:\s*[,\-–|]?\s*{_TIME})?$",
    re.IGNORECASE,
)


def _dateline(text: str) -> Dateline | None:
    match = _DATELINE.match(text)
    if match is None:
        return None
    day, month, year = (
        (match["d"], match["m"], match["y"])
        if match["d"]
        else (match["id"], match["im"], match["iy"])
        if match["iy"]
        else (match["wd"], match["wm"], match["wy"])
    )
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    weekday = " ".join(match["weekday"].split()) if match["weekday"] else None
    return Dateline(text=text, date=date, weekday=weekday)


# ``LSO-``, ``TTXVN -``, ``(TTXVN) -``, ``VOV.VN-``, ``(Dân trí) -``, ``QĐND –``.
_SLUG: Final = re.compile(
    r"^(?:\((?P<paren>[^()]{2,30})\)|(?P<bare>[^\s()\-–—]{2,20}))(?P<sep>\s*[-–—]\s*)(?P<rest>\S.*)$"
)


def _split_slug(text: str) -> tuple[str, str] | None:
    """``(source, rest)`` when the text opens with an agency slug."""
    match = _SLUG.match(text)
    if match is None:
        return None
    rest = match["rest"]
    if match["sep"] == match["sep"].strip() and not (rest[0].isupper() or rest[0] in "\"'“‘«(["):
        return None  # "COVID-19 ...": a hyphenated word, not a slug
    if match["paren"] is not None:
        source = " ".join(match["paren"].split())
        words = source.split()
        if len(words) > 4 or not words[0][0].isupper():
            return None
        return source, rest
    source = match["bare"]
    head = source.split(".")[0]
    if not (head.isalnum() and head.upper() == head and any(c.isalpha() for c in head)):
        return None
    if not all(part.isalnum() for part in source.split(".")):
        return None
    return source, rest


_CREDIT: Final = re.compile(
    r"(?:^|(?<=[\s.,;:!?…)\]]))[(\[]?\s*(?P<credit>(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ)\s*:\s*[^()\[\]:]{1,80}?"
    r"|Ảnh minh họa|Ảnh minh hoạ|Ảnh chụp màn hình|Ảnh tư liệu)\s*[)\]]?$"
)
_CREDIT_SEPARATOR: Final = re.compile(r"\s*[-–—|/]?\s*$")


def _split_credit(text: str) -> tuple[str, str] | None:
    """``(caption, credit)`` when the text ends in a photo credit."""
    match = _CREDIT.search(text)
    if match is None:
        return None
    caption = _CREDIT_SEPARATOR.sub("", text[: match.start()])
    return caption, match["credit"].rstrip()


_BYLINE_ROLE: Final = re.compile(
    r"^(?:bài và ảnh|bài, ảnh|bài & ảnh|bài/ảnh|ảnh và bài|tin và ảnh|tin, ảnh|tin/ảnh|bài|tin|"
    r"ghi chép|thực hiện|nhóm phóng viên|phóng viên|tác giả)\s*:\s*(?P<names>\S.*)$",
    re.IGNORECASE,
)
_AUTHOR_SEPARATOR: Final = re.compile(r"\s*(?:,|;|&|\s[-–—]\s|\s+và\s+)\s*")


def _byline(text: str) -> Byline | None:
    if len(text) > 90:
        return None
    role = _BYLINE_ROLE.match(text)
    names = role["names"] if role else text
    authors = [a for a in _AUTHOR_SEPARATOR.split(names)]
    if not authors or not all(_is_name(a, loose=role is not None) for a in authors):
        return None
    return Byline(text=text, authors=tuple(authors))


def _is_name(text: str, loose: bool) -> bool:
    """An author name: all capitals (``PHÙNG KHIÊM``) or two to six capitalised words."""
    words = text.split()
    if not 1 <= len(words) <= 6 or text.endswith("."):
        return False
    if not all(w.replace(".", "").isalpha() for w in words):
        return False
    if text.upper() == text:
        return len(text.replace(" ", "").replace(".", "")) >= 2
    return (len(words) >= 2 or loose) and all(w[0].isupper() for w in words)


_ATTRIBUTION: Final = re.compile(r"^[(\[]?\s*(?P<text>(?:Theo|Nguồn:)\s+[^,;()\[\]]{2,60}?)\s*[)\]]?$")


def _attribution(text: str) -> str | None:
    """``Theo TTXVN`` or ``(Theo Báo Lạng Sơn)``: the text without its brackets."""
    match = _ATTRIBUTION.match(text)
    if match is None:
        return None
    words = match["text"].split()[1:]
    if not words or not (words[0][0].isupper() or words[0][0].isdigit()) or _ENDS_SENTENCE.search(match["text"]):
        return None  # "Theo kế hoạch, ..." or a sentence: body text
    return match["text"]


def _is_subheading_like(text: str) -> bool:
    """Short, one clause, no closing punctuation: a crosshead, if paragraphs surround it."""
    return len(text) <= 100 and len(text.split()) <= 16 and not _ENDS_CLAUSE.search(text)


# --- the parser: chunks to article ---------------------------------------------------


class _Parser:
    """Assigns each chunk its part, front to back for the head, back to front for the tail."""

    def __init__(self, chunks: list[_Chunk]) -> None:
        self.chunks = chunks

    def article(self) -> Article:
        chunks = self.chunks
        start, end = 0, len(chunks)

        dateline = _dateline(chunks[0].text) if chunks else None
        if dateline is not None:
            start += 1

        headline = None
        if start < end and _split_slug(chunks[start].text) is None:
            headline = chunks[start].text
            start += 1

        attribution = _attribution(chunks[end - 1].text) if end - start > 1 else None
        if attribution is not None:
            end -= 1
        byline = _byline(chunks[end - 1].text) if end - start > 1 else None
        if byline is not None:
            end -= 1

        source = lead = None
        if start < end and not self._is_caption(start):
            slug = _split_slug(chunks[start].text)
            source, lead = slug if slug is not None else (None, chunks[start].text)
            start += 1

        return Article(
            headline=headline,
            dateline=dateline,
            source=source,
            lead=lead,
            blocks=tuple(self._body(start, end, after_lead=lead is not None)),
            byline=byline,
            attribution=attribution,
        )

    def _is_caption(self, index: int) -> bool:
        chunk = self.chunks[index]
        return chunk.blank_before >= 2 or _split_credit(chunk.text) is not None

    def _body(self, start: int, end: int, after_lead: bool) -> list[Block]:
        captions = [self._is_caption(i) for i in range(start, end)]
        short = [not c and _is_subheading_like(self.chunks[i].text) for i, c in zip(range(start, end), captions)]
        blocks: list[Block] = []
        for offset, index in enumerate(range(start, end)):
            text = self.chunks[index].text
            if captions[offset]:
                blocks.append(self._caption(text, blocks))
                continue
            before_is_paragraph = (
                not captions[offset - 1] and not short[offset - 1] if offset > 0 else after_lead
            )
            after_is_paragraph = offset + 1 < len(captions) and not captions[offset + 1] and not short[offset + 1]
            if short[offset] and before_is_paragraph and after_is_paragraph:
                blocks.append(Subheading(text))
            else:
                blocks.append(Paragraph(text))
        return blocks

    @staticmethod
    def _caption(text: str, blocks: list[Block]) -> Caption:
        split = _split_credit(text)
        if split is None:
            return Caption(text=text)
        caption, credit = split
        if not caption and blocks and isinstance(blocks[-1], Caption) and blocks[-1].credit is None:
            # A credit on its own line belongs to the caption just above it.
            return Caption(text=blocks.pop().text, credit=credit)
        return Caption(text=caption, credit=credit)
