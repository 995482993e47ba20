"""The article's logical structure: the elements of a tagged PDF's structure tree.

The story builder makes one tree per layout from the model, in the model's order
(ISO 32000-1 §14.8.4's standard structure types), so the logical reading order is the
model's whatever the layout does (figures that wait for a column, photos across the
columns, balanced columns). While the pages are drawn, each element collects the
marked-content sequences (page, MCID) that show it, in drawing order; ``tree`` turns
the whole into PDF objects. Nothing here knows ReportLab.
"""

from __future__ import annotations

from typing import Final

#: Elements kept in the tree even with nothing drawn: a table's cells keep its grid regular.
KEPT_EMPTY: Final = frozenset({"TD", "TH", "TR"})


class Element:
    """A structure element: its standard type (``tag``), alternate text (``alt``: a
    Figure's), a header cell's ``scope`` (``Column`` or ``Row``), its children, and
    the marked content drawn for it (``marks``: page index, MCID), in drawing order.

    The kids of the PDF element are the marks first, then the children: a Figure's
    photo before its Caption, an LBody's text before the list nested in it.
    (A plain class, as ``layout.flow.Extent`` is: a dataclass cost ~0.5 M instructions to make.)
    """

    __slots__ = ("tag", "alt", "scope", "children", "marks")

    def __init__(self, tag: str, alt: str | None = None, scope: str | None = None) -> None:
        self.tag = tag
        self.alt = alt
        self.scope = scope
        self.children: list[Element] = []
        self.marks: list[tuple[int, int]] = []

    def add(self, tag: str, alt: str | None = None, scope: str | None = None) -> Element:
        """A new child of this element, after the ones it has."""
        child = Element(tag, alt=alt, scope=scope)
        self.children.append(child)
        return child

    @property
    def empty(self) -> bool:
        """Nothing drawn for it or for any of its children (kept cells aside)."""
        return not self.marks and all(child.empty for child in self.children)

    def walk(self) -> list[Element]:
        """This element and every element under it, in reading order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def document() -> Element:
    """The root of an article's tree."""
    return Element("Document")


__all__ = ["KEPT_EMPTY", "Element", "document"]
