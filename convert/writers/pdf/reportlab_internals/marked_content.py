"""Marked content on ReportLab's canvas: the canvas side of a tagged PDF (``tagging``).

``MarkingCanvas`` keeps every page in an artifact by default (``/Artifact BMC``, ISO
32000-1 §14.8.2.2), so whatever is drawn outside a tagged flowable is an artifact
without anyone marking it; ``begin`` and ``end`` put a flowable's drawing in a
``/Tag <</MCID n>> BDC … EMC`` sequence of its structure element and note the element
of each MCID, page by page. A list item's marker, which ReportLab draws as a text
object of its own before the item's text, becomes the item's ``Lbl``. Its text objects
end a paragraph's line with the space the line break swallowed, where
``spaced_lines`` says there was one (``tagging.spaces``).

ReportLab's private parts this leans on (checked in
``tests/writers/pdf/reportlab_internals/test_private_parts.py``): the canvas's list of
content-stream operators of the current page (``Canvas._code``, the list
``addLiteral`` appends to), its page counter (``_pageNumber``), ``_startPage`` (which
begins every page after the first), and the text object's ``_textOut(text, TStar)``
(which paragraphs call with ``TStar`` once at the end of each line), ``_canvas`` and
``_fontname``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from convert.writers.pdf.tagging.structure import Element

ARTIFACT: Final = "/Artifact BMC"
END: Final = "EMC"


class MarkingCanvas(Canvas):
    """A canvas whose pages are artifacts except where ``begin``/``end`` mark an element.

    ``pages`` (given, or its own) receives, as each page is closed (``close_page``),
    the elements of its MCIDs in order: MCID n is ``pages[page][n]``.
    """

    def __init__(self, *args: Any, pages: list[list[Element]] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.tagged_pages: list[list[Element]] = pages if pages is not None else []
        self._drawn: dict[int, object] = {}  # id -> flowable, for every flowable marked so far
        self.line_spaces: list[bool] | None = None  # the paragraph being drawn: a space after line n?
        self.line_index = 0
        self._open_page()

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:  # noqa: N802 - ReportLab's name
        return _SpacedText(self, x, y, direction=direction)

    @contextmanager
    def spaced_lines(self, spaces: list[bool]) -> Iterator[None]:
        """While a paragraph is drawn: a space at the end of line n where ``spaces[n]``."""
        self.line_spaces, self.line_index = spaces, 0
        try:
            yield
        finally:
            self.line_spaces = None

    def _startPage(self) -> None:  # noqa: N802 - ReportLab's name
        super()._startPage()
        self._open_page()

    def _open_page(self) -> None:
        self._mcids: list[Element] = []
        self._label: tuple[Element, Element] | None = None
        self._code.append(ARTIFACT)
        self._in_artifact = True

    def _leave_artifact(self) -> None:
        code: list[str] = self._code
        if self._in_artifact:
            if code and code[-1] == ARTIFACT:
                code.pop()  # nothing drawn in it
            else:
                code.append(END)
            self._in_artifact = False

    def _enter_artifact(self) -> None:
        if not self._in_artifact:
            self._code.append(ARTIFACT)
            self._in_artifact = True

    def _open(self, element: Element) -> None:
        mcid = len(self._mcids)
        self._mcids.append(element)
        element.marks.append((self._pageNumber - 1, mcid))
        self._code.append(f"/{element.tag} <</MCID {mcid}>> BDC")

    def first_drawing(self, flowable: object) -> bool:
        """Whether ``flowable`` is drawn for the first time on this canvas (noting it)."""
        if id(flowable) in self._drawn:
            return False
        self._drawn[id(flowable)] = flowable  # kept, so that its id is not reused
        return True

    def begin(self, element: Element, label: Element | None = None) -> None:
        """Mark what is drawn next as ``element``'s; with ``label``, the first text
        object drawn is that element's (a list item's marker) and the rest ``element``'s."""
        self._leave_artifact()
        if label is not None:
            self._label = (label, element)
        else:
            self._open(element)

    def end(self) -> None:
        """Close the element's sequence; the page is an artifact again."""
        if self._label is not None:  # the marker was never drawn: the text is the body's
            self._label = None
        else:
            self._code.append(END)
        self._enter_artifact()

    def drawText(self, aTextObject: Any) -> None:  # noqa: N802, N803 - ReportLab's names
        if self._label is None:
            super().drawText(aTextObject)
            return
        label, body = self._label
        self._label = None
        self._open(label)
        super().drawText(aTextObject)
        self._code.append(END)
        self._open(body)

    def close_page(self) -> None:
        """End the page's artifact and hand its MCIDs' elements to ``tagged_pages``
        (call it once for every page, in order, after its last drawing)."""
        self._leave_artifact()
        self.tagged_pages.append(self._mcids)

    def save(self) -> None:
        if self._code == [ARTIFACT]:  # the page begun after the last one: nothing drawn
            self._code.clear()
        super().save()

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Draw an artifact after ``close_page`` (crop marks, around the moved page)."""
        self._code.append(ARTIFACT)
        try:
            yield
        finally:
            self._code.append(END)


_HAS_SPACE: dict[str, bool] = {}


def _has_space(font_name: str) -> bool:
    """Whether the face draws a space (a glyph for U+0020): a face without one would show
    its .notdef box."""
    if font_name not in _HAS_SPACE:
        face = getattr(getFont(font_name), "face", None)
        _HAS_SPACE[font_name] = face is None or 32 in face.charToGlyph
    return _HAS_SPACE[font_name]


class _SpacedText(PDFTextObject):
    """A text object that ends a paragraph's line with the space its break swallowed."""

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N802, N803 - ReportLab's names
        canvas = self._canvas
        if TStar and isinstance(canvas, MarkingCanvas) and canvas.line_spaces is not None:
            index = canvas.line_index
            canvas.line_index += 1
            if index < len(canvas.line_spaces) and canvas.line_spaces[index] and _has_space(self._fontname):
                text += " "
        super()._textOut(text, TStar)


__all__ = ["ARTIFACT", "END", "MarkingCanvas"]
