"""The navigation document's part that ebooklib does not write as EPUB Accessibility
asks: a landmarks list (where the text begins, and an edition's contents page).

ebooklib writes the contents (``nav epub:type="toc" role="doc-toc"``); its landmarks
come from an EPUB 2 guide and show on the contents page. They are appended here to
the document it wrote, ``hidden`` (reading systems offer them in their own menus;
EPUB 3.3 §7.4.1.3), with a heading; the landmarks type has no ARIA role to match.
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
    """A landmark: where it points (relative to the navigation document), its text,
    and its EPUB structural type."""

    href: str
    label: str
    kind: str | None = None


def complete(nav: bytes, landmarks_title: str, landmarks: Sequence[Entry]) -> bytes:
    """``nav`` (ebooklib's navigation document) with the landmarks appended after the contents."""
    root = etree.fromstring(nav, etree.XMLParser(remove_blank_text=True))
    body = root.find(f"{{{XHTML}}}body")
    element = etree.SubElement(body, f"{{{XHTML}}}nav", {f"{{{OPS}}}type": "landmarks", "id": "landmarks", "hidden": "hidden"})
    etree.SubElement(element, f"{{{XHTML}}}h2").text = landmarks_title
    ol = etree.SubElement(element, f"{{{XHTML}}}ol")
    for entry in landmarks:
        link = {f"{{{OPS}}}type": entry.kind, "href": entry.href} if entry.kind else {"href": entry.href}
        etree.SubElement(etree.SubElement(ol, f"{{{XHTML}}}li"), f"{{{XHTML}}}a", link).text = entry.label
    return etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True)
