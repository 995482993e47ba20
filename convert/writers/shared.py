"""What several writers share: language tags, short labels, the timestamp policy,
whether the page can hold the text, reproducible ZIP packages, photos for the screen
formats, how a writer warns, and text as it is set (typographic quotes and dashes, the
markers of list items, table columns).

Like pandoc's ``Text.Pandoc.Writers.Shared``: a rule two formats must apply the same
way lives here once, so the PDF's title and the DOCX's core properties shorten a
headline alike, and a DOCX and an EPUB of one article carry the same moment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import re
import warnings
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from convert.options import Options

if TYPE_CHECKING:
    from convert.model import Article, Table
    from convert.photos.image import Prepared, Request
    from convert.styles import Style

# --- XML text, as lxml serializes it ------------------------------------------------------

#: What XML 1.0 cannot hold (§2.2 Char): lxml refuses such text with this message, and so
#: do the writers that write their XML as text (DOCX, EPUB), rather than write a file no
#: reader opens.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_XML_MESSAGE: Final = "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"


def text_content(value: str) -> str:
    """Text as an element's content, escaped as lxml (libxml2) serializes it (``&``,
    ``<``, ``>`` and a carriage return), so a part is the same bytes lxml would write."""
    if _NOT_XML.search(value):
        raise ValueError(_NOT_XML_MESSAGE)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def quoteattr(value: str) -> str:
    """An XML attribute value, quoted and escaped as lxml serializes one (``xml.sax.saxutils``
    would pull in urllib and ssl, a tenth of the command's start-up)."""
    value = text_content(value)
    for char, escaped in (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;")):
        if char in value:
            value = value.replace(char, escaped)
    return f'"{value}"'


# --- text as it is set -------------------------------------------------------------------

#: What may stand before an opening quotation mark: the start, a space, an opening
#: bracket, a dash or another opening mark. After anything else a mark closes.
_OPENS_AFTER: Final = frozenset(" \t\n([{“‘«—–-/")
#: `` - `` between words (or numbers, or a closing mark and a word): Vietnamese prints
#: an en dash there (kinh tế – xã hội, 2015 – 2020, Hà Nội – Hải Phòng); a hyphen
#: inside a word (héc-ta, COVID-19) has no spaces and stays.
_SPACED_HYPHEN: Final = re.compile(r"(?<=[\w.,;:!?)\]”’\"%]) - (?=[\w(\[“‘\"])")


def typographic(text: str, quotes: bool = True, dashes: bool = True) -> str:
    """``text`` as typeset: straight double and single quotes as “…” and ‘…’ (an
    apostrophe between letters as ’), and a spaced hyphen between words as an en dash.

    A straight mark opens at the start of the text or after a space, an opening
    bracket or a dash, when text follows it; it closes anywhere else.
    """
    if dashes and " - " in text:
        text = _SPACED_HYPHEN.sub(" – ", text)
    if not quotes or ('"' not in text and "'" not in text):
        return text
    out: list[str] = []
    previous = " "
    for index, ch in enumerate(text):
        if ch in "\"'":
            following = text[index + 1 : index + 2]
            opens = previous in _OPENS_AFTER and following not in ("", " ", "\n", "\t", '"', "'")
            if ch == '"':
                ch = "“" if opens else "”"
            elif previous.isalnum() and following.isalpha():
                ch = "’"  # an apostrophe: O'Neil, rock'n'roll
            else:
                ch = "‘" if opens else "’"
        out.append(ch)
        previous = ch
    return "".join(out)


def typeset(article: Article, style: Style) -> Article:
    """The article with every text as ``typographic`` sets it, as the style's
    ``[typography]`` asks; the print writers render this, the model stays as read."""
    switch = style.typography
    if not (switch.quotes or switch.dashes):
        return article
    return article.map_text(lambda text: typographic(text, switch.quotes, switch.dashes))


def item_marker(marker: str, depth: int, style: Style) -> str:
    """What a list item shows: its own number or letter (``1.``, ``đ)``); for a bulleted
    item, the style's bullet for its level of nesting (``[lists] bullets``, the last
    repeating), or the file's own mark when the style gives none."""
    bullets = style.lists.bullets
    if any(ch.isalnum() for ch in marker) or not bullets:
        return marker
    return bullets[min(depth, len(bullets) - 1)]


def column_shares(table: Table, minimum: float = 0.0) -> list[float]:
    """The share of a table's width each column gets: by how much it holds (its longest
    cell, or its longest word, counted up to a line's worth; a header cell at half its
    length), so that a column of names is wider than a column of numbers; and at least
    ``minimum`` each (room for a cell's padding). The shares add up to 1."""
    weights = []
    for column in zip(*table.grid(), strict=True):
        # A header cell may take two lines (it sits once, over the whole column): half counts.
        lengths = [len(cell) / 2 if table.header and row == 0 else len(cell) for row, cell in enumerate(column)]
        word = max((len(w) for cell in column for w in cell.split()), default=0)
        weights.append(min(max(*lengths, word, _MIN_CHARS), _CELL_CHARS))
    total = sum(weights)
    shares = [weight / total for weight in weights]
    if minimum * len(shares) >= 1:
        return [1 / len(shares)] * len(shares)
    short = sum(minimum - share for share in shares if share < minimum)
    spare = sum(share - minimum for share in shares if share > minimum)
    return [minimum if share <= minimum else share - (share - minimum) * short / spare for share in shares]


#: A cell holding more than this many characters wraps anyway: more counts no more;
#: and a column is never weighed as holding less than a short word.
_CELL_CHARS: Final = 40
_MIN_CHARS: Final = 4


# --- text in metadata --------------------------------------------------------------------


def language_tag(language: str) -> str:
    """The tag for a document's language (PDF /Lang, Word's w:lang): Vietnamese articles
    are ``vi-VN``, as Word wants a region; a tag with a region stays as it is."""
    return "vi-VN" if language == "vi" else language


#: Word keeps at most 255 characters in a core property; PDF metadata and bookmarks
#: are held to the same, so an overlong headline (a one-line file is all headline) is
#: not stored twice more, uncompressed, beside the page that keeps it whole.
LABEL_CHARS: Final = 255


def shortened(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` for a title, subject, property or bookmark: whole, or cut at a word with …"""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"


# --- the moment a document carries -------------------------------------------------------


def source_date_epoch(environ: os._Environ[str] | dict[str, str] = os.environ) -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) as an aware UTC datetime."""
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw.strip()), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds since 1970") from None


def moment(timestamp: dt.datetime | None, dates: Iterable[dt.date] = ()) -> dt.datetime:
    """When a document says it was made, in UTC to the second: ``timestamp``
    (``SOURCE_DATE_EPOCH``), else midnight UTC of the latest of ``dates`` (datelines),
    else now. The clock is read only when the input dates nothing, so the same
    input gives the same bytes."""
    if timestamp is not None:
        chosen = timestamp.astimezone(dt.timezone.utc)
    else:
        latest = max(dates, default=None)
        chosen = (
            dt.datetime.combine(latest, dt.time(), tzinfo=dt.timezone.utc)
            if latest is not None
            else dt.datetime.now(dt.timezone.utc)
        )
    return chosen.replace(microsecond=0)


# --- whether the page can hold the text (PDF, DOCX) -------------------------------------
#
# Some combinations of style values leave no layout: 40 columns on A4, a headline whose
# three lines are taller than a 60 mm page. ReportLab would end in a LayoutError deep in
# the layout, and Word would silently set a letter per line; both formats refuse such a
# style first, naming the values, as the error of the style it is.

#: The formats laid out on the style's pages (EPUB reflows to the reader's screen).
PAGED_FORMATS: Final = frozenset({"pdf", "docx"})
#: The roles not set in the page's columns: the margins' lines, and the credit, a run
#: inside a caption. Every other role (the headline block too, when it is too tall to
#: span, and any role added later) is.
MARGIN_ROLES: Final = frozenset({"header", "footer", "credit"})
#: A paragraph of three lines cannot be split between columns without leaving one of its
#: lines alone at the foot or the head of a column (writers allow no widows or orphans),
#: so a column must hold three lines of every role.
UNSPLIT_LINES: Final = 3
PT_PER_MM: Final = 72 / 25.4


def column_width_mm(style: Style) -> float:
    """The width of each column in mm (negative when the gaps take all the room): a
    figure, a table and a short rule are as wide as the column in every paged format."""
    page = style.page
    text_width = page.width - page.margin_left - page.margin_right
    return (text_width - (page.columns - 1) * page.column_gap) / page.columns


def column_width(style: Style) -> float:
    """The width of each column in points (negative when the gaps take all the room)."""
    return column_width_mm(style) * PT_PER_MM


def flowing_roles(style: Style) -> list[str]:
    """The text roles set in the columns."""
    return [role for role in style.text if role not in MARGIN_ROLES]


def tallest_block(style: Style) -> tuple[float, str]:
    """The height a column must hold in points (three lines of the role with the tallest
    lines), and that role."""
    role = max(flowing_roles(style), key=lambda name: style.text[name].line_height)
    return UNSPLIT_LINES * style.text[role].line_height, role


def page_problem(style: Style) -> str | None:
    """Why the style's page cannot hold its text, naming the values; None when it can."""
    page = style.page
    width = column_width(style)
    if page.columns > 1:
        cause = f"page.columns={page.columns}"
    else:
        cause = f"page.size={page.size!r} with page.margin_left={page.margin_left:g} and page.margin_right={page.margin_right:g} (mm)"
    if width <= 0:
        text_width = page.width - page.margin_left - page.margin_right
        return (
            f"{cause} leaves no room for the text: its {page.columns - 1} gaps of {page.column_gap:g} mm "
            f"(page.column_gap) take more than the {text_width:g} mm between the margins"
        )
    body = style.text["body"]
    needs = [(page.min_measure * body.size, f"page.min_measure = {page.min_measure:g} em of the {body.size:.3g} pt body text")]
    for role in flowing_roles(style):
        text = style.text[role]
        needs.append((text.first_indent + text.size, f"text.{role}.first_indent = {text.first_indent:.3g} pt and a letter at {text.size:.3g} pt"))
    narrowest, why = max(needs, key=lambda need: need[0])
    if width < narrowest:
        return f"{cause} leaves columns {width:.1f} pt wide; the narrowest the text can use is {narrowest:.1f} pt ({why})"
    height = (page.height - page.margin_top - page.margin_bottom) * PT_PER_MM
    tallest, role = tallest_block(style)
    if height < tallest:
        return (
            f"page.size={page.size!r} with page.margin_top={page.margin_top:g} and page.margin_bottom={page.margin_bottom:g} (mm) "
            f"leaves columns {height:.1f} pt tall; the {role} needs {tallest:.1f} pt "
            f"({UNSPLIT_LINES} lines of {style.text[role].line_height:.1f} pt: a paragraph of {UNSPLIT_LINES} lines "
            "cannot be split without leaving one line alone)"
        )
    return None


def check_page(style: Style) -> None:
    """Raise StyleError (``style: ...``) when the style's page cannot hold its text."""
    from convert.styles import StyleError

    problem = page_problem(style)
    if problem is not None:
        raise StyleError(f"style: {problem}")


# --- ZIP packages (DOCX, EPUB) -----------------------------------------------------------
#
# Both libraries that write them stamp entries with the current time and pick their
# own order. ``pack`` writes a package's entries so that the same content gives the same
# bytes: a fixed entry order (the entries a format wants first, then by name), one
# timestamp, Unix permissions 0644, and one compression level. Both writers now write
# their parts themselves and hand them to it (``docx/package.py``, ``epub/book.py``).

#: The earliest and latest moments a zip entry can carry.
ZIP_EPOCH: Final = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
ZIP_END: Final = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.timezone.utc)
#: ISA-L's best level (it has 0-3): ``deflate`` below.
COMPRESS_LEVEL: Final = 3


def zip_time(when: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    """The entries' timestamp: the moment (in UTC, within what ZIP can say) or, without
    one, 1980-01-01.

    A naive moment is refused: ``astimezone`` would read it as the machine's local
    time, and the same input would give other bytes in Hanoi than in UTC.
    """
    if when is not None and when.utcoffset() is None:
        raise ValueError(f"zip_time needs a moment with a time zone, not the naive {when.isoformat()}")
    moment = min(max(when.astimezone(dt.timezone.utc), ZIP_EPOCH), ZIP_END) if when is not None else ZIP_EPOCH
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def zip_entries(data: bytes) -> dict[str, bytes]:
    """Every entry of a zip, name to content, in the zip's order (a later entry of the
    same name wins, as in ``ZipFile.read``)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {info.filename: source.read(info) for info in source.infolist()}


def pack(entries: Mapping[str, bytes], when: dt.datetime | None, first: Sequence[str] = (), stored: Container[str] = ()) -> bytes:
    """The package of ``entries``: ``first`` entries first, the rest by name; ``stored``
    entries uncompressed (EPUB's ``mimetype``), every other one deflated. The bytes
    depend only on the names and contents, not on the order ``entries`` come in."""
    order = [name for name in first if name in entries] + sorted(name for name in entries if name not in first)
    from convert.writers import zip_writer

    stamp = zip_time(when)
    deflater = deflate()
    raw_deflate = functools.partial(deflater.compressobj, COMPRESS_LEVEL, deflater.DEFLATED, -15)  # as zipfile asks zlib
    written = zip_writer.write(order, entries, stamp, stored, _PERMISSIONS, raw_deflate)
    return written if written is not None else _pack_with_zipfile(order, entries, stamp, stored)


#: Every entry's external attributes: a regular file, rw-r--r--, as Unix stores them.
_PERMISSIONS: Final = 0o100644 << 16


def _pack_with_zipfile(order: Sequence[str], entries: Mapping[str, bytes], stamp: tuple[int, ...], stored: Container[str]) -> bytes:
    """``pack`` by ``zipfile``, which writes ZIP64 where a package needs it (more than 2 GB
    or 65,535 entries); ``zip_writer`` writes the same bytes for every other package
    without importing ``zipfile`` (and ``shutil``, ``bz2``, ``lzma`` with it)."""
    import zipfile

    out = io.BytesIO()
    with _deflating_in_zipfile(), zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, whatever system wrote it
            info.external_attr = _PERMISSIONS
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            target.writestr(info, entries[name], compresslevel=COMPRESS_LEVEL)
    return out.getvalue()


def repack(data: bytes, when: dt.datetime | None, first: Sequence[str] = (), stored: Container[str] = ()) -> bytes:
    """A zip written by a library again, as ``pack`` writes its entries."""
    return pack(zip_entries(data), when, first, stored)


@functools.cache
def deflate() -> Any:
    """zlib's module as the writers' libraries call it (``compress``, ``compressobj``,
    ``crc32``, ``decompress``...), deflating with ISA-L at ``COMPRESS_LEVEL``.

    With the system's zlib, deflating was a fifth of a new article's work: the PDF's
    streams (~140 kB of font programs and page contents) and the DOCX's and EPUB's
    entries (the EPUB's font subsets). Intel's ISA-L (``isal`` on PyPI, python-isal; x86-64 and Arm in assembly)
    writes the same formats (zlib, RFC 1950, around Deflate, RFC 1951: every PDF reader
    and unzip inflates them) about three times as fast as zlib-ng at level 6, for
    output about 2% larger. Per new article (19 of bench (e)'s, default style, a 2-core
    AMD EPYC), time and bytes out:

    - PDF streams: zlib 6 (the system's) 3.32 ms, 77,609 B; zlib-ng 6 1.68 ms, 78,842 B;
      ISA-L 3 0.61 ms, 80,486 B.
    - EPUB entries: zlib-ng 6 0.82 ms, 27,824 B; ISA-L 3 0.33 ms, 28,875 B.
    - DOCX entries: zlib-ng 6 0.31 ms, 7,894 B; ISA-L 3 0.17 ms, 8,462 B.

    Its output is fixed for a given ISA-L, so the same input still gives the same bytes.
    ``compress`` defaults to ``COMPRESS_LEVEL`` (ReportLab passes no level; ISA-L's own
    default is 2); ``zipfile`` passes ``pack``'s level to ``compressobj`` itself.
    """
    from types import SimpleNamespace

    from isal import isal_zlib

    module = SimpleNamespace(**{name: getattr(isal_zlib, name) for name in dir(isal_zlib) if not name.startswith("_")})
    module.compress = functools.partial(isal_zlib.compress, level=COMPRESS_LEVEL)
    return module


@contextlib.contextmanager
def _deflating_in_zipfile() -> Iterator[None]:
    """While a package is written, ``zipfile`` deflates (and sums, CRC-32) with ISA-L
    (``deflate``). ``zipfile`` has no compressor to pass, it calls its module's ``zlib``;
    that name points at ``deflate()``, which has zlib's functions under zlib's names,
    only inside this (and back after it)."""
    import zipfile

    previous = zipfile.zlib  # type: ignore[attr-defined]
    zipfile.zlib = deflate()  # type: ignore[attr-defined]
    try:
        yield
    finally:
        zipfile.zlib = previous  # type: ignore[attr-defined]


# --- photos ------------------------------------------------------------------------------


def screen_photo(path: str, style: Style, options: Options) -> Prepared:
    """A photo for a format read on screens (EPUB, DOCX): its long edge at most
    ``photos.long_edge`` pixels; the DOCX and the EPUB of one article share it."""
    from convert.photos.image import prepare

    return prepare(path, _screen_request(style, options))


def screen_photos(articles: Iterable[Article], style: Style, options: Options) -> None:
    """Make every photo of ``articles`` ready for ``screen_photo`` at once (in threads)."""
    from convert.model import Caption

    paths = [b.photo for a in articles for b in a.blocks if isinstance(b, Caption) and b.photo is not None]
    if not paths:
        return  # no photo: Pillow is not even imported (about 20 ms of a whole process)
    from convert.photos.image import prepare_all

    prepare_all(paths, _screen_request(style, options))


def _screen_request(style: Style, options: Options) -> Request:
    from convert.photos.image import Request

    settings = style.photos
    return Request(
        settings.long_edge,
        settings.long_edge,
        settings.max_pixels,
        settings.jpeg_quality,
        keep_metadata=options.keep_photo_metadata,
        max_decoded_bytes=round(settings.max_decoded_mb * 1_000_000),
    )


# --- warnings ----------------------------------------------------------------------------


class RenderWarning(UserWarning):
    """A writer's notice to a caller that gave ``Options`` no ``warn`` callback."""


def notify(options: Options, message: str) -> None:
    """Send a writer's warning to ``options.warn``, or raise it as a ``RenderWarning``."""
    if options.warn is not None:
        options.warn(message)
    else:
        warnings.warn(message, RenderWarning, stacklevel=3)


#: What a format does with a character no font it embeds has: the PDF must draw
#: something, so it draws a replacement mark (and keeps the character in the text
#: layer); a DOCX or an EPUB keeps the character, which the reader's fonts may have.
#: ``--strict-glyphs`` (``Options.strict_glyphs``) refuses such text in every format.
DRAWN_AS_REPLACEMENT: Final = "drawn as '\ufffd' (U+FFFD) and kept in the text layer"
KEPT_AS_TEXT: Final = "kept as text, so the reader's own fonts must show {them}"


def uncovered_message(chars: Iterable[str], outcome: str = KEPT_AS_TEXT) -> str:
    """The one warning per article about text no embedded font can show."""
    from convert.fonts import describe

    count = len(set(chars))
    return f"no embedded font has {describe(chars)}; " + outcome.format(them="it" if count == 1 else "them")


def refuse_or_warn(options: Options, chars: Iterable[str], faces: Iterable[str], outcome: str = KEPT_AS_TEXT) -> None:
    """The policy for characters no embedded font has: with ``strict_glyphs`` refuse
    (MissingGlyphs names them and the faces tried), else warn once."""
    from convert.fonts import MissingGlyphs

    chars = set(chars)
    if not chars:
        return
    if options.strict_glyphs:
        raise MissingGlyphs(chars, list(dict.fromkeys(faces)))
    notify(options, uncovered_message(chars, outcome))
