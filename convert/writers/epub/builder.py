"""The element maker of an article's XHTML, shared by ``xhtml`` (the article) and
``structure`` (the body's lists, tables, quotations, turns and breaks).

It lives apart from both so that ``structure`` need not import ``xhtml``, which
imports ``structure``: no import cycle.
"""

from __future__ import annotations

from typing import Final

from convert.writers.epub.markup import Element

XHTML: Final = "http://www.w3.org/1999/xhtml"


class Builder:
    """Makes a document's elements and notes the (role, text) of each piece of text it
    sets, for the font subsets; ``structure`` builds the body's structure with it."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, str]] = []

    def element(self, parent: Element, tag: str, **attributes: str) -> Element:
        return parent.add(tag, _attrs(attributes))

    def inline_container(self, parent: Element, tag: str, **attributes: str) -> Element:
        """An element holding inline elements: an empty text keeps the serialization
        (``markup``) from indenting inside it."""
        element = self.element(parent, tag, **attributes)
        element.text = ""
        return element

    def text(self, parent: Element, tag: str, role: str, text: str, **attributes: str) -> Element:
        element = self.element(parent, tag, **attributes)
        element.text = text
        self.pieces.append((role, text))
        return element


def _attrs(attributes: dict[str, str]) -> dict[str, str]:
    """``class_`` → ``class``, ``aria_label`` → ``aria-label``."""
    return {key.rstrip("_").replace("_", "-"): value for key, value in attributes.items()}


__all__ = ["XHTML", "Builder"]
