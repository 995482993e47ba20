"""The XHTML element maker: elements of the document (its root declares the XHTML
namespace), attribute names as HTML spells them, and every piece of text noted with its role (for the font subsets)."""

from __future__ import annotations

from convert.writers.epub.builder import Builder
from convert.writers.epub.markup import Element


def test_elements_attributes_and_pieces() -> None:
    build = Builder()
    root = Element("div")
    build.text(root, "p", "lead", "Tin mới", class_="lead", aria_label="x")
    box = build.inline_container(root, "span")
    assert [child.tag for child in root.children] == ["p", "span"]
    assert root.children[0].attrib == {"class": "lead", "aria-label": "x"}
    assert box.text == ""
    assert build.pieces == [("lead", "Tin mới")]
