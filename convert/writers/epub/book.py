"""EPUB 3 books: one article, or an edition of several, with subset Vietnamese fonts.

The book is the content documents (``xhtml``), the style sheet (``css``), the font
subsets (``fonts``), the photos, the navigation document (``nav``) and the package
(``package``: container, OPF metadata, manifest and spine, NCX) with the
accessibility metadata (``accessibility``), every file written as text: the bytes
ebooklib and lxml wrote when they assembled it (importing them was 37 M of the 570 M
instructions of a whole ``vnconv epub``; ``tests/writers/epub`` has ebooklib read
every book back). Metadata depends only on the input (a UUID derived from the model
and the photos, ``dcterms:modified`` from ``SOURCE_DATE_EPOCH`` or the dateline, never the clock when either is known) and a
reproducible ZIP (``shared.pack``: ``mimetype`` first and stored, fixed entry order,
times and permissions), so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from convert import __version__
from convert.fonts import Face
from convert.model import Article, Caption, to_json
from convert.options import Options, Warn
from convert.styles import Style
from convert.writers.epub import nav as navigation
from convert.writers.epub.accessibility import Description, conformance_failures, uncaptioned_photos
from convert.writers.epub.css import stylesheet
from convert.writers.epub.fonts import characters_by_face, subsets
from convert.writers.epub.package import (
    CONTAINER,
    CONTAINER_PATH,
    FOLDER,
    NCX_NAME,
    PACKAGE_PATH,
    Item,
    Metadata,
    ncx_document,
    package_document,
)
from convert.writers.epub.xhtml import Document, article_document
from convert.writers.shared import moment, pack, refuse_or_warn, screen_photo, screen_photos, typeset, uncovered_message

#: uuid5 namespace of vnconv books: the identifier is a function of the content alone.
#: ``uuid.uuid5(uuid.NAMESPACE_URL, BOOK_NAMESPACE_URL)``, written out (the test checks it):
#: working it out at import loaded hashlib (below).
BOOK_NAMESPACE: Final = uuid.UUID("bdceedd3-03df-52c7-8e3d-4fa62f266b66")
BOOK_NAMESPACE_URL: Final = "https://vnconv.invalid/epub"
STYLESHEET: Final = "styles/vnconv.css"


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
    items, digests = _images(articles, style, options)
    images = {path: f"../{item.file_name}" for path, item in items.items()}
    items_list = list(items.values())
    models, articles = articles, [typeset(a, style) for a in articles]  # as set; the identifier is the model's
    title = title if title is not None else articles[0].title
    description = Description(
        photos=bool(images), conforms=not conformance_failures(style, models), described=not uncaptioned_photos(models)
    )
    documents = [article_document(a, style, f"../{STYLESHEET}", images) for a in articles]
    nav_title = title if edition else style.epub.toc_title
    nav_pieces = [("headline", nav_title), *(("subheading", a.title) for a in articles)]

    css_fonts: list[tuple[Face, str]] = []
    if style.epub.embed_fonts:
        names: set[str] = set()
        usage = _characters(documents, nav_pieces, style, options, article_warnings if edition else None)
        for face, data in subsets(usage, style):
            item = _font_item(face, data, names)
            items_list.append(item)
            css_fonts.append((face, f"../{item.file_name}"))
    items_list.append(Item(STYLESHEET, "css", "text/css", stylesheet(style, css_fonts).encode()))

    chapters = []
    for index, document in enumerate(documents, start=1):
        uid = f"article-{index:03d}"
        chapters.append(Item(f"text/{uid}.xhtml", uid, "application/xhtml+xml", document.content))
    items_list += chapters
    # dcterms:modified and the entries' times, in UTC.
    modified = moment(options.timestamp, _dates(articles))
    metadata = _metadata(models, title, edition, digests, modified, description.properties(style))
    # Where the text begins, and the contents page when it is a page of the book (an
    # edition's: EPUB links only to what the spine holds).
    contents = [navigation.Entry(c.file_name, a.title) for c, a in zip(chapters, articles, strict=True)]
    landmarks = [navigation.Entry(f"{navigation.FILE_NAME}#{navigation.TOC_ID}", nav_title, "toc")] if edition else []
    landmarks.append(navigation.Entry(chapters[0].file_name, articles[0].title, "bodymatter"))
    nav = navigation.navigation_document(
        metadata.language, nav_title or title, STYLESHEET, contents, style.epub.landmarks_title, landmarks
    )
    items_list.append(Item(navigation.FILE_NAME, "nav", "application/xhtml+xml", nav, "nav"))
    ncx = ncx_document(metadata.identifier, title, [(f"toc-{c.id}", a.title, c.file_name) for c, a in zip(chapters, articles, strict=True)])
    items_list.append(Item(NCX_NAME, "ncx", "application/x-dtbncx+xml", ncx))
    spine = [c.id for c in chapters]
    entries = {
        "mimetype": b"application/epub+zip",
        CONTAINER_PATH: CONTAINER.encode(),
        PACKAGE_PATH: package_document(metadata, items_list, ["nav", *spine] if edition else spine),
    }
    entries.update((f"{FOLDER}/{item.file_name}", item.content) for item in items_list)
    return pack(entries, modified, first=("mimetype",), stored=("mimetype",))


def _images(articles: Sequence[Article], style: Style, options: Options) -> tuple[dict[str, Item], list[str]]:
    """Each caption's photo in the package, resampled for the screen (``images/NNN-MM.jpg``,
    article and photo numbers; one item per file however often it appears), by photo
    path, and a digest of each, in order."""
    items: dict[str, Item] = {}
    digests: list[str] = []
    screen_photos(articles, style, options)
    for number, article in enumerate(articles, start=1):
        for block in article.blocks:
            if not isinstance(block, Caption) or block.photo is None or block.photo in items:
                continue
            photo = screen_photo(block.photo, style, options)
            name = f"{number:03d}-{len(items) + 1:02d}"
            items[block.photo] = Item(f"images/{name}.{photo.extension}", f"photo-{name}", photo.media_type, photo.data)
            digests.append(_sha256(photo.data))
    return items, digests


def _metadata(
    articles: Sequence[Article],
    title: str,
    edition: bool,
    photos: Sequence[str],
    modified: dt.datetime,
    properties: Iterable[tuple[str, str]],
) -> Metadata:
    # The identifier: the models (and an edition's title) and the photos' pixels, never
    # the style, the time or where the photos were found.
    content = [title] if edition else []
    content += [to_json(replace(_without_photos(a), encoding=None), indent=None) for a in articles]  # the text, not its provenance
    content += photos
    dates = _dates(articles)
    return Metadata(
        identifier=f"urn:uuid:{name_based_uuid(BOOK_NAMESPACE, chr(10).join(content))}",
        title=title,
        language=articles[0].language,
        generator=f"vnconv {__version__}",
        modified=modified,
        authors=list(dict.fromkeys(name for a in articles for name in a.authors)),
        date=dates[-1].isoformat() if dates else None,  # an edition spanning several days: its latest article's
        publishers=list(dict.fromkeys(a.source for a in articles if a.source)),
        properties=list(properties),
    )


def name_based_uuid(namespace: uuid.UUID, name: str) -> uuid.UUID:
    """``uuid.uuid5(namespace, name)`` (RFC 4122, 4.3: the name's SHA-1 in the namespace),
    its SHA-1 from CPython's own ``_sha1``, the module hashlib falls back to without
    OpenSSL: ``uuid5`` imports hashlib, which loads OpenSSL (~11 M instructions, a
    fortieth of a whole ``vnconv epub``) for one short digest. The same digest, so the
    same identifier; hashlib's where ``_sha1`` is absent (another Python)."""
    try:
        from _sha1 import sha1
    except ImportError:
        from hashlib import sha1
    return uuid.UUID(bytes=sha1(namespace.bytes + name.encode()).digest()[:16], version=5)


def _sha256(data: bytes) -> str:
    import hashlib  # only for a book with photos, which loads Pillow too

    return hashlib.sha256(data).hexdigest()


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


def _font_item(face: Face, data: bytes, taken: set[str]) -> Item:
    """``fonts/Spectral-Regular.ttf``: a name safe as a file name and an XML id, and unused."""
    base = name = re.sub(r"[^A-Za-z0-9._-]", "_", face.name)
    number = 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    taken.add(name)
    return Item(f"fonts/{name}.ttf", f"font-{name}", "font/ttf", data)
