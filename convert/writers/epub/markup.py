"""The EPUB's XML as text: a small element tree and its serialization, byte for byte as
lxml's ``tostring(..., pretty_print=True)`` wrote the book's documents when ebooklib
and lxml made them.

lxml was on every ``vnconv epub``'s path for this alone (with ebooklib, 37 M of the
570 M instructions of the whole command, callgrind), so the writer keeps the rules libxml2 applies
(``xmlsave.c``: ``xmlNodeDumpOutputInternal``) and nothing else:

- an element with neither text nor children is written ``<tag/>``; an empty text
  (``""``) is still a text node, so ``<tag></tag>``;
- an element whose content is only elements has each child on its own line, indented
  two spaces a level (at most 30 levels: libxml2's indentation string is 60 spaces);
  one that holds any text (its own, or a child's tail, even empty) is written as it
  is, with its descendants, on one line;
- text and attribute values escaped as ``shared.text_content`` and ``shared.quoteattr``
  say, and text XML 1.0 cannot hold refused with lxml's own message.

Attributes are written in the order given, their names as they appear in the file
(``xmlns:epub``, ``epub:type``, ``xml:lang``): the documents declare their namespaces
themselves, as the serialized files did.
"""

from __future__ import annotations

from typing import Final

from convert.writers.shared import quoteattr, text_content

#: lxml's declaration, its quotes and the encoding's spelling as ``tostring`` writes them.
DECLARATION: Final = "<?xml version='1.0' encoding='utf-8'?>\n"
_MAX_LEVEL: Final = 30


class Element:
    """An element: its tag, attributes in order, text, tail and children (lxml's model
    of mixed content, which the serialization rules are stated in)."""

    __slots__ = ("tag", "attrib", "text", "tail", "children")

    def __init__(self, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> None:
        self.tag = tag
        self.attrib = attrib if attrib is not None else {}
        self.text = text
        self.tail: str | None = None
        self.children: list[Element] = []

    def add(self, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> Element:
        """A new last child (lxml's ``SubElement``)."""
        child = Element(tag, attrib, text)
        self.children.append(child)
        return child

    def set(self, name: str, value: str) -> None:
        self.attrib[name] = value


def document(root: Element, doctype: str | None = None) -> bytes:
    """``root`` as a whole file: the XML declaration, ``doctype`` if any, the element, a newline."""
    out = [DECLARATION]
    if doctype is not None:
        out.append(doctype + "\n")
    _write(out, root, 0, True)
    out.append("\n")
    return "".join(out).encode("utf-8")


def _write(out: list[str], element: Element, level: int, formatted: bool) -> None:
    out.append("<" + element.tag)
    for name, value in element.attrib.items():
        out.append(f" {name}={quoteattr(value)}")
    children = element.children
    if element.text is None and not children:
        out.append("/>")
        return
    out.append(">")
    indent = formatted and element.text is None and all(child.tail is None for child in children)
    if element.text:
        out.append(text_content(element.text))
    if indent:
        out.append("\n")
    inner = "  " * min(level + 1, _MAX_LEVEL)
    for child in children:
        if indent:
            out.append(inner)
        _write(out, child, level + 1, indent)
        if child.tail:
            out.append(text_content(child.tail))
        if indent:
            out.append("\n")
    if indent:
        out.append("  " * min(level, _MAX_LEVEL))
    out.append(f"</{element.tag}>")
