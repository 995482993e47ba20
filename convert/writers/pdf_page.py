"""Pages: the frames text flows through, and what is drawn around them.

Page 1 has a frame across the full text width for the headline block, sized to it,
and the columns beneath; later pages are all columns. The running header and the
footer ("Trang N/M") are drawn by ``DeferredCanvas`` once the page count is known: it
holds every finished page until ``save``, the classic ReportLab "page X of Y" canvas,
so the layout runs once. Bookmarks are held with their page for the same reason (a
page's PDF object exists only when it is finally shown).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from convert.styles import Page

#: Draws the header and footer of page ``page`` of ``pages`` on the canvas.
Decorate = Callable[[Canvas, int, int], None]

FIRST, REST = "first", "rest"


@dataclass(frozen=True)
class Geometry:
    """The page and its text area in points (ReportLab's unit), from the style's mm."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    columns: int
    gap: float

    @classmethod
    def of(cls, page: Page) -> Geometry:
        return cls(
            width=page.width * mm,
            height=page.height * mm,
            left=page.margin_left * mm,
            right=page.margin_right * mm,
            top=page.margin_top * mm,
            bottom=page.margin_bottom * mm,
            columns=page.columns,
            gap=page.column_gap * mm,
        )

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def text_top(self) -> float:
        return self.height - self.top

    @property
    def column_width(self) -> float:
        return (self.text_width - (self.columns - 1) * self.gap) / self.columns

    def columns_below(self, top: float, prefix: str) -> list[Frame]:
        """The column frames from the bottom margin up to ``top`` (a y coordinate)."""
        return [
            _frame(f"{prefix}{index}", self.left + index * (self.column_width + self.gap), self.bottom, self.column_width, top - self.bottom)
            for index in range(self.columns)
        ]


def _frame(frame_id: str, x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=frame_id)


def stacked_height(flowables: Sequence[Flowable], width: float) -> float:
    """The height a frame needs for these flowables, as platypus stacks them.

    A frame drops the space before its first flowable and the space after its last.
    """
    total = 0.0
    for index, flowable in enumerate(flowables):
        _, height = flowable.wrap(width, 1e9)
        total += height
        if index:
            total += flowable.getSpaceBefore()
        if index < len(flowables) - 1:
            total += flowable.getSpaceAfter()
    return total


class ArticleDocTemplate(BaseDocTemplate):
    """Page 1 with a full-width ``head`` frame (when ``head_height``) over the columns."""

    def __init__(self, target: Any, geometry: Geometry, head_height: float, head_gap: float, **kw: Any) -> None:
        super().__init__(
            target,
            pagesize=(geometry.width, geometry.height),
            leftMargin=geometry.left,
            rightMargin=geometry.right,
            topMargin=geometry.top,
            bottomMargin=geometry.bottom,
            **kw,
        )
        rest = PageTemplate(REST, geometry.columns_below(geometry.text_top, "column"), autoNextPageTemplate=REST)
        if head_height > 0:
            head = _frame("head", geometry.left, geometry.text_top - head_height, geometry.text_width, head_height)
            columns = geometry.columns_below(geometry.text_top - head_height - head_gap, "column")
            first = PageTemplate(FIRST, [head, *columns], autoNextPageTemplate=REST)
        else:
            first = PageTemplate(FIRST, geometry.columns_below(geometry.text_top, "column"), autoNextPageTemplate=REST)
        self.addPageTemplates([first, rest])


class DeferredCanvas(Canvas):
    """A canvas that shows its pages only at ``save``, when their number is known."""

    def __init__(self, *args: Any, decorate: Decorate, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._decorate = decorate
        self._held: list[dict[str, Any]] = []
        self._marks: list[list[tuple[str, int, float, float]]] = [[]]

    def outline_here(self, title: str, level: int, top: float) -> None:
        """Bookmark the current position, ``top`` points above it, as an outline entry."""
        x, y = self.absolutePosition(0, top)
        self._marks[-1].append((title, level, x, y))

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held.append(dict(self.__dict__))
        self._marks.append([])
        self._startPage()

    def save(self) -> None:
        held, marks = self._held, self._marks
        key = 0
        for number, state in enumerate(held, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, len(held))
            for title, level, x, y in marks[number - 1]:
                key += 1
                self.bookmarkPage(f"outline{key}", fit="XYZ", left=x, top=y)
                self.addOutlineEntry(title, f"outline{key}", level=level, closed=False)
            super().showPage()
        super().save()
