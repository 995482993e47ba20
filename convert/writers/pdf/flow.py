"""How the body flows through the columns: waiting figures, balanced last page, column extents.

Platypus fills frames strictly in story order, so a figure that does not fit under
the text of a column moves to the next one and leaves a hole; and the last page's
columns fill one after the other, the last one short. ``FlowControl`` (mixed into
the document template) lets such a figure wait for the top of the next column while
the text after it fills the hole; notes, for each page, how far down each column is
set (for the column rules); and remembers what was left to set when the columns of
the last page began. ``balanced_height`` then lays that rest out again in shorter
columns until it just fits, so the writer can set the last page with columns of
even length, as a newspaper does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from convert.writers.pdf.flowables import Figure, FlushFigures

COLUMN: Final = "column"


@dataclass(frozen=True)
class Extent:
    """How far down a column is set on one page, in points from the page bottom."""

    x: float
    width: float
    top: float
    bottom: float


@dataclass
class ColumnsStart:
    """The flowables still to set when the first column of a page began."""

    page: int
    flowables: list[Flowable]
    postponed: list[tuple[Flowable, bool]]  # each one's "moved on once" flag, as it was then

    def restore(self) -> list[Flowable]:
        """The flowables as they were then (a layout marks the ones it moves on)."""
        for flowable, was in self.postponed:
            if was:
                flowable._postponed = 1
            elif hasattr(flowable, "_postponed"):
                del flowable._postponed
        return list(self.flowables)


@dataclass
class FlowState:
    """What ``FlowControl`` keeps during one layout."""

    snapshots: bool = False  # remember where each page's columns began (for balancing)
    deferred: list[Flowable] = field(default_factory=list)
    deferred_in: tuple[int, str] | None = None
    released: list[Flowable] = field(default_factory=list)  # figures that wait no more
    frames_seen: set[tuple[int, str]] = field(default_factory=set)
    last_columns: ColumnsStart | None = None
    #: page -> column frame id -> extent
    extents: dict[int, dict[str, Extent]] = field(default_factory=dict)


class FlowControl:
    """Mixed into a BaseDocTemplate: figures wait for a fresh column instead of leaving a hole."""

    flow: FlowState
    frame: Frame
    page: int
    canv: Canvas

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if getattr(self, "frame", None) is None:  # between pages: nothing to arrange
            super().handle_flowable(flowables)  # type: ignore[misc]
            return
        state = self.flow
        key = (self.page, self.frame.id)
        if state.deferred and key != state.deferred_in and self.frame._atTop:
            self._release(flowables)  # a new column: the waiting figures go first
        if key not in state.frames_seen:
            state.frames_seen.add(key)
            if state.snapshots and self.frame.id == f"{COLUMN}0":
                state.last_columns = ColumnsStart(self.page, list(flowables), list(_postponed_flags(flowables)))
        head = flowables[0]
        if isinstance(head, FlushFigures):
            del flowables[0]
            self._release(flowables)
        elif isinstance(head, Figure) and head not in state.released and self._must_wait(head, flowables):
            state.deferred.append(flowables.pop(0))
            state.deferred_in = key
        else:
            super().handle_flowable(flowables)  # type: ignore[misc]
        if not flowables and state.deferred:
            self._release(flowables)  # the story ends here: nothing is ever left behind

    def _release(self, flowables: list[Flowable]) -> None:
        """Put the waiting figures back at the head of the story, to be set where they land.

        The flowable they go before loses its "moved on once" mark: platypus takes a
        second failure of a moved flowable for one too large for any column, but this
        one no longer starts its column, so it may simply move on again.
        """
        state = self.flow
        if flowables and hasattr(flowables[0], "_postponed"):
            del flowables[0]._postponed
        state.released.extend(state.deferred)
        flowables[0:0] = state.deferred
        state.deferred = []

    def _must_wait(self, figure: Figure, flowables: Sequence[Flowable]) -> bool:
        """Whether ``figure`` should wait for the next column while text fills this one.

        Only when it does not fit here and the text after it more than fills the room:
        otherwise the figure would end up after the story's last words.
        """
        if self.flow.deferred:
            return True  # figures keep their order
        frame = self.frame
        if frame._atTop or not frame.id.startswith(COLUMN):
            return False
        width = frame._getAvailableWidth()
        room = frame._y - frame._y1p - figure.getSpaceBefore()
        figure.canv = self.canv  # as Frame.add does, for the measuring
        try:
            figure.wrap(width, room)  # KeepTogether answers "too tall" to force a split...
        finally:
            del figure.canv
        if figure._H <= room:  # ...and keeps the height its parts need
            return False
        return _text_height(flowables[1:], width, room) > room

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        frame = getattr(self, "frame", None)
        if frame is None or not frame.id.startswith(COLUMN):
            return
        bottom = frame._y + flowable.getSpaceAfter()
        columns = self.flow.extents.setdefault(self.page, {})
        seen = columns.get(frame.id)
        top = frame._y2 - frame._topPadding
        columns[frame.id] = Extent(frame._x1, frame._width, top, bottom if seen is None else min(seen.bottom, bottom))


def _text_height(flowables: Sequence[Flowable], width: float, enough: float) -> float:
    """The height of the paragraphs that follow (figures skipped), counted up to ``enough``."""
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, Figure):
            continue
        if not isinstance(flowable, Paragraph) or total > enough:
            break
        _, height = flowable.wrap(width, 1e9)
        total += flowable.getSpaceBefore() + height + flowable.getSpaceAfter()
    return total


def _postponed_flags(flowables: Sequence[Flowable]) -> Iterator[tuple[Flowable, bool]]:
    for flowable in flowables:
        yield flowable, hasattr(flowable, "_postponed")
        if isinstance(flowable, KeepTogether):
            yield from _postponed_flags(flowable._content)


class TrialCanvas(Canvas):
    """A canvas for layout only: it draws into memory and never writes a file."""

    def outline_here(self, title: str, level: int, top: float) -> None:
        pass

    def drawImage(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802 - ReportLab's name
        pass  # a trial layout needs only the photo's size, not its pixels embedded

    def save(self) -> None:
        pass


class _Overflow(Exception):
    """The trial layout needs a second page."""


class _TrialTemplate(FlowControl, BaseDocTemplate):
    """One page of the given columns; a second page stops the trial at once."""

    def __init__(self, frames: list[Frame], pagesize: tuple[float, float], steps: int) -> None:
        self.flow = FlowState()
        self.steps_left = steps
        self.remaining: list[Flowable] = []
        super().__init__(None, pagesize=pagesize)
        self.addPageTemplates([PageTemplate("trial", frames)])

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self.remaining = flowables  # what is left when the page overflows
        # Columns too short for a line can send platypus round in circles (a block kept
        # with the next, split and kept again): such a trial simply does not fit.
        self.steps_left -= 1
        if self.steps_left < 0:
            raise _Overflow
        super().handle_flowable(flowables)

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab's name
        if self.page >= 1:
            raise _Overflow
        super().handle_pageBegin()

    def handle_nextPageTemplate(self, pt: Any) -> None:  # noqa: N802 - ReportLab's name
        pass  # there is only the one page


def balanced_height(
    start: ColumnsStart,
    columns: Callable[[float], list[Frame]],
    full: float,
    step: float,
    pagesize: tuple[float, float],
) -> float | None:
    """A column height, near the least, that sets ``start``'s rest on one page.

    ``columns(height)`` makes the page's column frames, hanging from their usual top;
    ``full`` is their usual height. The search starts from the rest's height shared
    out evenly and grows by what did not fit (at least ``step``, a line), so it takes
    two or three trial layouts of the one page. None when only ``full`` holds it.
    """
    count = len(columns(full))
    measure = TrialCanvas(None, pagesize=pagesize)
    width = columns(full)[0]._getAvailableWidth()

    def overflow(height: float) -> float | None:
        """None if the rest fits in columns ``height`` long, else about how much did not."""
        trial = _TrialTemplate(columns(height), pagesize, steps=100 + 20 * len(start.flowables))
        try:
            trial.build(start.restore(), canvasmaker=TrialCanvas)
        except _Overflow:
            return content_height([*trial.flow.deferred, *trial.remaining], width, measure)
        except LayoutError:
            return 0.0
        return None if not trial.flow.deferred else 0.0

    try:
        height = min(full, content_height(start.restore(), width, measure) / count)
        while height < full:
            left = overflow(height)
            if left is None:
                return height
            height = min(full, height + max(left / count, step))
        return None
    finally:
        start.restore()


def content_height(flowables: Sequence[Flowable], width: float, canvas: Canvas) -> float:
    """The height of ``flowables`` stacked in one column ``width`` wide, spaces and all."""
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, ActionFlowable):
            continue
        flowable.canv = canvas
        try:
            _, height = flowable.wrap(width, 1e9)
            if isinstance(flowable, KeepTogether):
                height = flowable._H  # its wrap answers "too tall" to force a split
        finally:
            del flowable.canv
        total += flowable.getSpaceBefore() + height + flowable.getSpaceAfter()
    return total


__all__ = ["COLUMN", "ColumnsStart", "Extent", "FlowControl", "FlowState", "TrialCanvas", "balanced_height"]
