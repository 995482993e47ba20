"""The EPUB's XML as text: every tree serializes to the bytes lxml's pretty printer gives
for the same tree (lxml wrote the books before; it stays the reference here)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from convert.writers.epub.markup import Element, document

#: XML 1.0's characters (§2.2), which lxml accepts; the rest are refused by both.
_XML_CHAR = st.characters(codec="utf-8").filter(lambda ch: not re.match("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", ch))
_TEXT = st.one_of(st.none(), st.just(""), st.text(st.one_of(st.sampled_from("<>&\"' \t\r\n]"), _XML_CHAR), max_size=8))
_ATTRS = st.dictionaries(st.sampled_from(["a", "class", "href", "aria-label"]), st.text(_XML_CHAR, max_size=6), max_size=3)


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> tuple[Element, etree._Element]:
    """The same random tree twice: as ``markup`` elements and as lxml's."""
    tag, attrs, text = draw(st.sampled_from(["p", "div", "li"])), draw(_ATTRS), draw(_TEXT)
    ours, theirs = Element(tag, dict(attrs), text), etree.Element(tag, dict(attrs))
    theirs.text = text
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        child, lxml_child = draw(trees(depth + 1))
        child.tail = lxml_child.tail = draw(st.one_of(st.none(), st.none(), _TEXT))
        ours.children.append(child)
        theirs.append(lxml_child)
    return ours, theirs


@settings(max_examples=100, deadline=None)
@given(trees())
def test_a_tree_is_the_bytes_lxml_writes(pair: tuple[Element, etree._Element]) -> None:
    ours, theirs = pair
    assert document(ours) == etree.tostring(theirs, xml_declaration=True, encoding="utf-8", pretty_print=True)


def test_the_rules_by_example() -> None:
    root = Element("html", {"xmlns": "http://www.w3.org/1999/xhtml", "lang": "vi"})
    root.add("meta", {"charset": "utf-8"})
    root.add("div", text="")
    p = root.add("p", text="a <b> & c\r")
    p.add("span", {"alt": 'x"\t\n<&>'}, "d").tail = " e"
    assert document(root, "<!DOCTYPE html>").decode() == (
        "<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">\n'
        '  <meta charset="utf-8"/>\n  <div></div>\n'
        '  <p>a &lt;b&gt; &amp; c&#13;<span alt="x&quot;&#9;&#10;&lt;&amp;&gt;">d</span> e</p>\n'
        "</html>\n"
    )


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\ufffe", "\uffff"])
def test_text_xml_cannot_hold_is_refused_as_lxml_refuses_it(char: str) -> None:
    with pytest.raises(ValueError, match="XML compatible"):
        etree.Element("p").text = char
    with pytest.raises(ValueError, match="XML compatible"):
        document(Element("p", text=char))
    with pytest.raises(ValueError, match="XML compatible"):
        document(Element("p", {"alt": char}))
