"""The navigation document's parts that ebooklib does not write as EPUB Accessibility
asks: a landmarks list (where the contents and the text begin) and, with a page list,
the print edition's pages.

ebooklib writes the contents (``nav epub:type="toc" role="doc-toc"``); its landmarks
come from an EPUB 2 guide and show on the contents page, and its page list reads
page breaks from the documents again. Both are appended here to the document it
wrote, ``hidden`` (reading systems offer them in their own menus; EPUB 3.3 §7.4.1.3),
each with a heading, and the page list with the ARIA role matching its EPUB type
(``doc-pagelist``; the landmarks type has none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
TOC_ID = "id"  # the id ebooklib gives its contents nav


@dataclass(frozen=True)
class Entry:
    """A link of a navigation list: where it points (relative to the navigation
    document), its text, and its EPUB structural type (landmarks only)."""

    href: str
    label: str
    kind: str | None = None


def complete(nav: bytes, landmarks_title: str, landmarks: Sequence[Entry], page_list_title: str, pages: Sequence[Entry]) -> bytes:
    """``nav`` (ebooklib's navigation document) with the landmarks and, when ``pages``
    are given, the page list appended after the contents."""
    root = etree.fromstring(nav, etree.XMLParser(remove_blank_text=True))
    body = root.find(f"{{{XHTML}}}body")
    _list(body, "landmarks", None, landmarks_title, landmarks)
    if pages:
        _list(body, "page-list", "doc-pagelist", page_list_title, pages)
    return etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True)


def _list(body: etree._Element, kind: str, role: str | None, title: str, entries: Sequence[Entry]) -> None:
    attributes = {f"{{{OPS}}}type": kind, "id": kind, "hidden": "hidden"}
    if role is not None:
        attributes["role"] = role
    nav = etree.SubElement(body, f"{{{XHTML}}}nav", attributes)
    etree.SubElement(nav, f"{{{XHTML}}}h2").text = title
    ol = etree.SubElement(nav, f"{{{XHTML}}}ol")
    for entry in entries:
        link = {"href": entry.href} if entry.kind is None else {f"{{{OPS}}}type": entry.kind, "href": entry.href}
        etree.SubElement(etree.SubElement(ol, f"{{{XHTML}}}li"), f"{{{XHTML}}}a", link).text = entry.label
