"""Pages: the frames text flows through, and what is drawn around them.

Page 1 has a frame across the full text width for the headline block, sized to it,
and the columns beneath; later pages are all columns. Any page may also get a band
across the text width at the top of its columns, holding a photo that spans them
(``band_for``; ``flow`` decides which photo and when), the columns beginning below
it. The running header and the footer ("Trang N/M") are drawn by ``DeferredCanvas``
once the page count is known: it holds every finished page until ``save``, the
classic ReportLab "page X of Y" canvas, so the layout runs once. Bookmarks are held
with their page for the same reason (a page's PDF object exists only when it is
finally shown).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.frames import Frame

from convert.styles import Page
from convert.writers.pdf.layout.flow import BAND, BAND_SLACK, COLUMN, Band, FlowControl, FlowState, measured
from convert.writers.pdf.press.bleed import Press
from convert.writers.pdf.reportlab_internals.canvas_state import begin_next_page, page_state, restore_page_state
from convert.writers.pdf.reportlab_internals.marked_content import MarkingCanvas

#: Draws the header and footer of page ``page`` of ``pages`` on the canvas.
Decorate = Callable[[Canvas, int, int], None]

FIRST, REST = "first", "rest"


class Geometry:
    """The page and its text area in points (ReportLab's unit), from the style's mm.
    (A plain class, as ``layout.flow.Extent`` is: a dataclass cost ~0.5 M instructions to make.)"""

    __slots__ = ("width", "height", "left", "right", "top", "bottom", "columns", "gap")

    def __init__(self, width: float, height: float, left: float, right: float, top: float, bottom: float, columns: int, gap: float) -> None:
        self.width = width
        self.height = height
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        self.columns = columns
        self.gap = gap

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

    def columns_below(self, top: float, height: float | None = None) -> list[Frame]:
        """The column frames hanging from ``top`` (a y coordinate), to the bottom margin or ``height`` long."""
        height = top - self.bottom if height is None else height
        return [
            _frame(f"{COLUMN}{index}", self.left + index * (self.column_width + self.gap), top - height, self.column_width, height)
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


class Balance:
    """Set page ``page`` (the last) with columns only ``height`` points long. (A plain
    class, as ``flow.Extent`` is: a dataclass cost ~0.5 M instructions to make.)"""

    __slots__ = ("page", "height")

    def __init__(self, page: int, height: float) -> None:
        self.page = page
        self.height = height


class ArticleDocTemplate(FlowControl, BaseDocTemplate):
    """Page 1 with a full-width ``head`` frame (when ``head_height``) over the columns.

    With ``balance``, the columns of that page are shortened to even length; with
    ``snapshots``, the layout remembers where the last page's columns began. With
    ``band_columns`` (points), a page may have a band for a spanning photo that leaves
    the columns below it at least that long; None: no page has one.
    """

    def __init__(
        self,
        target: Any,
        geometry: Geometry,
        head_height: float,
        head_gap: float,
        balance: Balance | None = None,
        snapshots: bool = False,
        band_columns: float | None = None,
        **kw: Any,
    ) -> None:
        self.flow = FlowState(snapshots=snapshots, bands=band_columns is not None and geometry.columns > 1)
        self.geometry = geometry
        self.balance = balance
        self.band_columns = band_columns or 0.0
        self.first_columns_top = geometry.text_top - head_height - head_gap if head_height > 0 else geometry.text_top
        super().__init__(
            target,
            pagesize=(geometry.width, geometry.height),
            leftMargin=geometry.left,
            rightMargin=geometry.right,
            topMargin=geometry.top,
            bottomMargin=geometry.bottom,
            **kw,
        )
        self.head = _frame("head", geometry.left, geometry.text_top - head_height, geometry.text_width, head_height) if head_height > 0 else None
        rest = PageTemplate(REST, self.frames_for(2), autoNextPageTemplate=REST)
        first = PageTemplate(FIRST, self.frames_for(1), autoNextPageTemplate=REST)
        self.addPageTemplates([first, rest])

    def columns_top(self, page: int) -> float:
        """Where page ``page``'s columns begin: below its band if it has one (known once
        the layout has reached them), else below the head on page 1, else at the top."""
        if page in self.flow.columns_tops:
            return self.flow.columns_tops[page]
        return self.first_columns_top if page == 1 else self.geometry.text_top

    def band_for(self, figure: Flowable) -> Band | None:
        """This page's frames with ``figure`` across the text width where its columns
        would begin, and the columns below it (as long as the balanced ones, on the
        balanced page); None if they would keep less than ``band_columns``."""
        geometry = self.geometry
        top = self.columns_top(self.page)
        height = measured(figure, geometry.text_width, self.canv) + BAND_SLACK
        below = top - height - figure.getSpaceAfter()  # the caption's space after parts it from the columns
        if below - geometry.bottom < self.band_columns:
            return None
        length = self.balance.height if self.balance is not None and self.balance.page == self.page else None
        columns = geometry.columns_below(below, length)
        band = _frame(BAND, geometry.left, top - height, geometry.text_width, height)
        head = [self.head] if self.page == 1 and self.head is not None else []
        return Band([*head, band, *columns], below, (below - geometry.bottom) * geometry.columns)

    def frames_for(self, page: int, column_height: float | None = None) -> list[Frame]:
        """Page ``page``'s frames: the head on page 1, then the columns (``column_height`` long)."""
        columns = self.geometry.columns_below(self.columns_top(page), column_height)
        return [self.head, *columns] if page == 1 and self.head is not None else columns

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab's name
        if self.balance is not None and self.page + 1 == self.balance.page:
            self.pageTemplate = PageTemplate(
                "balanced", self.frames_for(self.balance.page, self.balance.height), autoNextPageTemplate=REST
            )
        super().handle_pageBegin()


class DeferredCanvas(MarkingCanvas):
    """A canvas that shows its pages only at ``save``, when their number is known.

    At ``save`` each page gets its header and footer, its bookmarks, and then its place
    on the press sheet (``press``: bleed, boxes, crop marks); ``before_save`` may then
    check the whole drawing (PDF/X) before the file is written. What is drawn at
    ``save`` is an artifact (``MarkingCanvas``); each page's marked content is closed
    before the press moves it.
    """

    def __init__(self, *args: Any, decorate: Decorate, press: Press, before_save: Callable[[Canvas], None] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._decorate = decorate
        self._press = press
        self._before_save = before_save
        self._held: list[dict[str, Any]] = []
        self._marks: list[list[tuple[str, int, float, float]]] = [[]]

    def outline_here(self, title: str, level: int, top: float) -> None:
        """Bookmark the current position, ``top`` points above it, as an outline entry."""
        x, y = self.absolutePosition(0, top)
        self._marks[-1].append((title, level, x, y))

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held.append(page_state(self))
        self._marks.append([])
        begin_next_page(self)

    def save(self) -> None:
        held, marks = self._held, self._marks
        key = 0
        shift = self._press.slug
        for number, state in enumerate(held, start=1):
            restore_page_state(self, state)
            self._decorate(self, number, len(held))
            for title, level, x, y in marks[number - 1]:
                key += 1
                self.bookmarkPage(f"outline{key}", fit="XYZ", left=x + shift, top=y + shift)
                self.addOutlineEntry(title, f"outline{key}", level=level, closed=False)
            self.close_page()
            self._press.finish_page(self)
            super().showPage()
        if self._before_save is not None:
            self._before_save(self)
        super().save()
