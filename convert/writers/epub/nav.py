"""The navigation document (EPUB 3.3 §7.4): the contents, and the landmarks EPUB
Accessibility asks for (where the text begins, and an edition's contents page).

The contents are ``nav epub:type="toc" role="doc-toc"``, a heading and a list of the
articles. The landmarks follow, ``hidden`` (reading systems offer them in their own
menus; EPUB 3.3 §7.4.1.3), with a heading; the landmarks type has no ARIA role to match.

The document is the one ebooklib 0.20 wrote (``EpubWriter._get_nav``, its ``NAV_XML``
template) and vnconv completed with the landmarks, read back without its blank text
(``remove_blank_text``) and serialized again by lxml: so no document type declaration,
and an empty title is an empty element (``<a href="..."/>``), as a parser that drops
empty text leaves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from convert.writers.epub.markup import Element, document

XHTML: Final = "http://www.w3.org/1999/xhtml"
OPS: Final = "http://www.idpf.org/2007/ops"
FILE_NAME: Final = "nav.xhtml"
TOC_ID: Final = "id"  # the id ebooklib gave its contents nav


@dataclass(frozen=True)
class Entry:
    """A link of the navigation: where it points (relative to the navigation document),
    its text, and its EPUB structural type (a landmark's)."""

    href: str
    label: str
    kind: str | None = None


def navigation_document(
    language: str, title: str, stylesheet: str, contents: Sequence[Entry], landmarks_title: str, landmarks: Sequence[Entry]
) -> bytes:
    """The navigation document of a book in ``language``: ``title`` heads the page and
    its contents list, each article one entry of ``contents``; then the landmarks."""
    html = Element("html", {"xmlns": XHTML, "xmlns:epub": OPS, "lang": language, "xml:lang": language})
    head = html.add("head")
    head.add("title", text=title or None)
    head.add("link", {"href": stylesheet, "rel": "stylesheet", "type": "text/css"})
    body = html.add("body")
    toc = body.add("nav", {"epub:type": "toc", "id": TOC_ID, "role": "doc-toc"})
    toc.add("h2", text=title or None)
    entries = toc.add("ol")
    for entry in contents:
        entries.add("li").add("a", {"href": entry.href}, entry.label or None)
    marks = body.add("nav", {"epub:type": "landmarks", "id": "landmarks", "hidden": "hidden"})
    marks.add("h2", text=landmarks_title or None)
    entries = marks.add("ol")
    for entry in landmarks:
        link = {"epub:type": entry.kind, "href": entry.href} if entry.kind else {"href": entry.href}
        entries.add("li").add("a", link, entry.label or None)
    return document(html)
