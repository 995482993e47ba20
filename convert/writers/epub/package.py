"""The EPUB's package: ``META-INF/container.xml``, the package document
(``EPUB/content.opf``: metadata, manifest, spine) and the EPUB 2 NCX (``EPUB/toc.ncx``).

They are the files ebooklib 0.20 wrote for vnconv's books (``EpubWriter._write_container``,
``_write_opf``, ``_get_ncx``; ``EpubBook.reset`` for the defaults: the folder ``EPUB``,
the identifier's id ``id``, the ``rendition`` prefix), written as text (``markup``) so
that neither ebooklib nor lxml is imported to write a book; the metadata in ebooklib's
order (the generator, then Dublin Core: identifier, title, language, creators, date,
publishers; then the ``meta`` properties), the package's ``xml:lang`` last (EPUB
Accessibility 1.1 asks for it; vnconv added it to ebooklib's). ``tests/writers/epub``
has ebooklib read every book back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from convert.writers.epub.markup import Element, document

FOLDER: Final = "EPUB"
CONTAINER_PATH: Final = "META-INF/container.xml"
PACKAGE_PATH: Final = f"{FOLDER}/content.opf"
NCX_NAME: Final = "toc.ncx"
_OPF: Final = "http://www.idpf.org/2007/opf"
_DC: Final = "http://purl.org/dc/elements/1.1/"
_NCX: Final = "http://www.daisy.org/z3986/2005/ncx/"
#: ebooklib's ``CONTAINER_XML``, as it wrote it (its own text, not lxml's).
CONTAINER: Final = f"""<?xml version="1.0" encoding="utf-8"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
  <rootfiles>
    <rootfile media-type="application/oebps-package+xml" full-path="{PACKAGE_PATH}"/>
  </rootfiles>
</container>
"""


@dataclass(frozen=True)
class Item:
    """A file of the book: its name in ``EPUB/``, its manifest id and media type, its bytes."""

    file_name: str
    id: str
    media_type: str
    content: bytes
    properties: str | None = None


@dataclass(frozen=True)
class Metadata:
    """What the package says of the book (OPF ``metadata``)."""

    identifier: str
    title: str
    language: str
    generator: str
    modified: dt.datetime
    authors: Sequence[str] = ()
    date: str | None = None
    publishers: Sequence[str] = ()
    properties: Sequence[tuple[str, str]] = ()  # (property, value) of each ``meta``


def package_document(metadata: Metadata, items: Sequence[Item], spine: Sequence[str]) -> bytes:
    """``content.opf``: the metadata, every item in the order given, the spine's ids."""
    package = Element(
        "package",
        {
            "xmlns": _OPF,
            "unique-identifier": "id",
            "version": "3.0",
            "prefix": "rendition: http://www.idpf.org/vocab/rendition/#",
            "xml:lang": metadata.language,
        },
    )
    meta = package.add("metadata", {"xmlns:dc": _DC, "xmlns:opf": _OPF})
    meta.add("meta", {"property": "dcterms:modified"}, metadata.modified.strftime("%Y-%m-%dT%H:%M:%SZ"))
    meta.add("meta", {"name": "generator", "content": metadata.generator})
    meta.add("dc:identifier", {"id": "id"}, metadata.identifier)
    meta.add("dc:title", text=metadata.title)
    meta.add("dc:language", text=metadata.language)
    for number, name in enumerate(metadata.authors, start=1):
        meta.add("dc:creator", {"id": f"creator-{number}"}, name)
    if metadata.date is not None:
        meta.add("dc:date", text=metadata.date)
    for publisher in metadata.publishers:
        meta.add("dc:publisher", text=publisher)
    for prop, value in metadata.properties:
        meta.add("meta", {"property": prop}, value)
    manifest = package.add("manifest")
    for item in items:
        attributes = {"href": item.file_name, "id": item.id, "media-type": item.media_type}
        if item.properties:
            attributes["properties"] = item.properties
        manifest.add("item", attributes)
    spine_element = package.add("spine", {"toc": "ncx"})
    for idref in spine:
        spine_element.add("itemref", {"idref": idref})
    return document(package)


def ncx_document(identifier: str, title: str, points: Sequence[tuple[str, str, str]]) -> bytes:
    """``toc.ncx`` (EPUB 2's navigation, for older reading systems): one navPoint per
    (id, label, file name)."""
    ncx = Element("ncx", {"xmlns": _NCX, "version": "2005-1"})
    head = ncx.add("head")
    for name, content in (("dtb:uid", identifier), ("dtb:depth", "0"), ("dtb:totalPageCount", "0"), ("dtb:maxPageNumber", "0")):
        head.add("meta", {"content": content, "name": name})
    ncx.add("docTitle").add("text", text=title)
    nav_map = ncx.add("navMap")
    for uid, label, src in points:
        point = nav_map.add("navPoint", {"id": uid})
        point.add("navLabel").add("text", text=label)
        point.add("content", {"src": src})
    return document(ncx)
