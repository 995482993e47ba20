"""The XHTML element maker: elements in the XHTML namespace, attribute names as HTML
spells them, and every piece of text noted with its role (for the font subsets)."""

from __future__ import annotations

from lxml import etree

from convert.writers.epub.builder import XHTML, Builder


def test_elements_attributes_and_pieces() -> None:
    build = Builder()
    root = etree.Element(f"{{{XHTML}}}div")
    build.text(root, "p", "lead", "Tin mới", class_="lead", aria_label="x")
    box = build.inline_container(root, "span")
    assert [child.tag for child in root] == [f"{{{XHTML}}}p", f"{{{XHTML}}}span"]
    assert root[0].attrib == {"class": "lead", "aria-label": "x"}
    assert box.text == ""
    assert build.pieces == [("lead", "Tin mới")]
