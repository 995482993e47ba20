"""EPUB 3 books: one article, or an edition of several, with subset Vietnamese fonts.

ebooklib assembles the package (OPF metadata, manifest, spine, navigation document
and NCX); vnconv supplies the content documents (``xhtml``), the style sheet (``css``),
the font subsets (``fonts``), the accessibility metadata (``accessibility``; the
package's ``xml:lang`` through ``_Writer``) and what the navigation document lacks
(``nav``). Two things ebooklib does not do are done here: metadata that depends only
on the input (a UUID derived from the model and the photos, ``dcterms:modified`` from
``SOURCE_DATE_EPOCH`` or the dateline, never the clock when either is known) and a
reproducible ZIP (``shared.pack``: ``mimetype`` first and stored, fixed entry order,
times and permissions), so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Final

from ebooklib import epub

from convert import __version__
from convert.fonts import Face
from convert.model import Article, Caption, to_json
from convert.options import Options, Warn
from convert.styles import Style
from convert.writers.epub import nav as navigation
from convert.writers.epub.accessibility import Description, conformance_failures, uncaptioned_photos
from convert.writers.epub.css import stylesheet
from convert.writers.epub.fonts import characters_by_face, subsets
from convert.writers.epub.xhtml import Document, article_document
from convert.writers.shared import moment, pack, refuse_or_warn, screen_photo, screen_photos, typeset, uncovered_message

#: uuid5 namespace of vnconv books: the identifier is a function of the content alone.
BOOK_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://vnconv.invalid/epub")
STYLESHEET: Final = "styles/vnconv.css"
_WRITER_OPTIONS: Final[dict[str, Any]] = {
    "epub2_guide": False,
    "epub3_landmark": False,
    "epub3_pages": False,  # would re-parse every document for page breaks we never make
    "raise_exceptions": True,
}


def edition_title(articles: Sequence[Article], style: Style) -> str:
    """The style's ``epub.edition_title`` with the articles' common date, or their date
    range (``Số ra ngày 17/08/2019``); ``edition_title_undated`` when none is dated."""
    dates = _dates(articles)
    if not dates:
        return style.epub.edition_title_undated.replace("{count}", str(len(articles)))
    span = _date(dates[0]) if len(dates) == 1 else f"{_date(dates[0])}–{_date(dates[-1])}"
    return style.epub.edition_title.replace("{date}", span)


def _date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _dates(articles: Sequence[Article]) -> list[dt.date]:
    """The distinct dateline dates, earliest first."""
    return sorted({a.dateline.date for a in articles if a.dateline is not None and a.dateline.date is not None})


# --- the book --------------------------------------------------------------------------


def make_book(
    articles: Sequence[Article],
    style: Style,
    options: Options,
    title: str | None,
    edition: bool,
    article_warnings: Sequence[Warn] | None = None,
) -> bytes:
    """The book of ``articles`` titled ``title`` (None: the first article's title, as
    set): an edition (a contents page first, the title in the navigation) or a single
    article's book."""
    book = epub.EpubBook()
    images, digests = _images(book, articles, style, options)
    models, articles = articles, [typeset(a, style) for a in articles]  # as set; the identifier is the model's
    title = title if title is not None else articles[0].title
    _metadata(book, models, title, edition, digests)
    description = Description(
        photos=bool(images), conforms=not conformance_failures(style, models), described=not uncaptioned_photos(models)
    )
    for prop, value in description.properties(style):
        book.add_metadata(None, "meta", value, {"property": prop})
    documents = [article_document(a, style, f"../{STYLESHEET}", images) for a in articles]
    nav_title = title if edition else style.epub.toc_title
    nav_pieces = [("headline", nav_title), *(("subheading", a.title) for a in articles)]

    css_fonts: list[tuple[Face, str]] = []
    if style.epub.embed_fonts:
        names: set[str] = set()
        usage = _characters(documents, nav_pieces, style, options, article_warnings if edition else None)
        for face, data in subsets(usage, style):
            item = book.add_item(_font_item(face, data, names))
            css_fonts.append((face, f"../{item.file_name}"))
    css = stylesheet(style, css_fonts).encode()
    book.add_item(epub.EpubItem(uid="css", file_name=STYLESHEET, media_type="text/css", content=css))

    chapters = []
    for index, (article, document) in enumerate(zip(articles, documents, strict=True), start=1):
        uid = f"article-{index:03d}"
        chapter = epub.EpubItem(
            uid=uid, file_name=f"text/{uid}.xhtml", media_type="application/xhtml+xml", content=document.content
        )
        book.add_item(chapter)
        book.toc.append(epub.Link(chapter.file_name, article.title, f"toc-{uid}"))
        chapters.append(chapter)
    nav = epub.EpubNav(title=nav_title)
    nav.add_link(href=STYLESHEET, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.spine = [nav, *chapters] if edition else chapters

    # dcterms:modified and the entries' times, in UTC. The repacker gets the aware
    # moment; ebooklib only formats its mtime with a literal "Z", so it gets it naive.
    modified = moment(options.timestamp, _dates(articles))
    # Where the text begins, and the contents page when it is a page of the book (an
    # edition's: EPUB links only to what the spine holds).
    landmarks = [navigation.Entry(f"{nav.file_name}#{navigation.TOC_ID}", nav_title, "toc")] if edition else []
    landmarks.append(navigation.Entry(chapters[0].file_name, articles[0].title, "bodymatter"))
    finish_nav = functools.partial(navigation.complete, landmarks_title=style.epub.landmarks_title, landmarks=landmarks)
    writer = _Writer(None, book, {**_WRITER_OPTIONS, "mtime": modified.replace(tzinfo=None)}, finish_nav)
    writer.process()
    return pack(writer.entries(), modified, first=("mimetype",), stored=("mimetype",))


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer, with the book's language on the OPF ``package`` (EPUB
    Accessibility 1.1 asks for it; ebooklib sets it on ``dc:language`` only), the
    navigation document completed by ``finish_nav`` (``nav.complete``), and its entries
    kept (``entries``) instead of zipped."""

    def __init__(self, name: Any, book: epub.EpubBook, options: dict[str, Any], finish_nav: Callable[[bytes], bytes]) -> None:
        super().__init__(name, book, options)
        self.finish_nav = finish_nav

    def _write_opf_file(self, root: Any) -> None:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)

    def _get_nav(self, item: Any) -> bytes:
        return self.finish_nav(super()._get_nav(item))

    def entries(self) -> dict[str, bytes]:
        """The entries ``write`` would zip, name to bytes, for ``shared.pack`` to zip once.

        ``write`` zipped them only for ``shared.repack`` to read them back and zip them
        again, its way: a third of a new article's EPUB (1.3 ms writing, 1.2 ms
        repacking, of 6.9, on a loaded machine). This does what ebooklib 0.20's
        ``EpubWriter.write`` does (``mimetype``, then ``_write_container``,
        ``_write_opf`` and ``_write_items``, each calling ``self.out.writestr``) with an
        ``out`` that keeps what it is given; ``tests/writers/epub/test_book.py``
        compares the result with ``write``'s zip, so an ebooklib that changes this fails
        there."""
        self.out = _Entries()
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()
        return self.out.written


class _Entries:
    """A stand-in for the ``zipfile.ZipFile`` ebooklib writes to: keeps each entry, a
    string encoded as ``writestr`` encodes one (UTF-8)."""

    def __init__(self) -> None:
        self.written: dict[str, bytes] = {}

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        self.written[name] = data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _images(book: epub.EpubBook, articles: Sequence[Article], style: Style, options: Options) -> tuple[dict[str, str], list[str]]:
    """Each caption's photo in the package, resampled for the screen (``images/NNN-MM.jpg``,
    article and photo numbers; one item per file however often it appears): their
    URLs from a content document, by photo path, and a digest of each, in order."""
    urls: dict[str, str] = {}
    digests: list[str] = []
    screen_photos(articles, style, options)
    for number, article in enumerate(articles, start=1):
        for block in article.blocks:
            if not isinstance(block, Caption) or block.photo is None or block.photo in urls:
                continue
            photo = screen_photo(block.photo, style, options)
            name = f"{number:03d}-{len(urls) + 1:02d}"
            item = epub.EpubItem(uid=f"photo-{name}", file_name=f"images/{name}.{photo.extension}", media_type=photo.media_type, content=photo.data)
            book.add_item(item)
            urls[block.photo] = f"../{item.file_name}"
            digests.append(hashlib.sha256(photo.data).hexdigest())
    return urls, digests


def _metadata(book: epub.EpubBook, articles: Sequence[Article], title: str, edition: bool, photos: Sequence[str]) -> None:
    # The identifier: the models (and an edition's title) and the photos' pixels, never
    # the style, the time or where the photos were found.
    content = [title] if edition else []
    content += [to_json(replace(_without_photos(a), encoding=None), indent=None) for a in articles]  # the text, not its provenance
    content += photos
    book.set_identifier(f"urn:uuid:{uuid.uuid5(BOOK_NAMESPACE, chr(10).join(content))}")
    book.set_title(title)
    book.set_language(articles[0].language)
    book.set_unique_metadata("OPF", "generator", "", {"name": "generator", "content": f"vnconv {__version__}"})
    authors = dict.fromkeys(name for a in articles for name in a.authors)
    for number, name in enumerate(authors, start=1):
        book.add_author(name, uid=f"creator-{number}")
    dates = _dates(articles)
    if dates:  # an edition spanning several days is dated by its latest article
        book.add_metadata("DC", "date", dates[-1].isoformat())
    for source in dict.fromkeys(a.source for a in articles if a.source):
        book.add_metadata("DC", "publisher", source)


def _without_photos(article: Article) -> Article:
    return replace(article, blocks=tuple(replace(b, photo=None) if isinstance(b, Caption) else b for b in article.blocks))


def _characters(
    documents: Sequence[Document],
    nav_pieces: list[tuple[str, str]],
    style: Style,
    options: Options,
    article_warnings: Sequence[Warn] | None,
) -> dict[Face, frozenset[str]]:
    """Characters per face over the whole book, warning once about those no face has.

    Such characters stay in the text for the reading system's own fonts. With
    ``article_warnings`` (an edition), each article's are reported to its own callback.
    """
    usage: dict[Face, set[str]] = {}
    reported: set[str] = set()
    unreported: set[str] = set()
    for index, pieces in [*enumerate(d.pieces for d in documents), (None, nav_pieces)]:
        found, lacking = characters_by_face(pieces, style)
        for face, chars in found.items():
            usage.setdefault(face, set()).update(chars)
        if lacking and index is not None and article_warnings is not None and not options.strict_glyphs:
            article_warnings[index](uncovered_message(lacking))
            reported |= lacking
        else:
            unreported |= lacking
    refuse_or_warn(options, unreported - reported, (f"{face.family} {face.style_name}" for face in sorted(usage, key=lambda f: f.name)))
    return {face: frozenset(usage[face]) for face in sorted(usage, key=lambda f: f.name)}


def _font_item(face: Face, data: bytes, taken: set[str]) -> epub.EpubItem:
    """``fonts/Spectral-Regular.ttf``: a name safe as a file name and an XML id, and unused."""
    base = name = re.sub(r"[^A-Za-z0-9._-]", "_", face.name)
    number = 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    taken.add(name)
    return epub.EpubItem(uid=f"font-{name}", file_name=f"fonts/{name}.ttf", media_type="font/ttf", content=data)

