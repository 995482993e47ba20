"""How the body flows: waiting figures, spanning photos, balanced last page, column extents.

Platypus fills frames strictly in story order, so a figure that does not fit under
the text of a column moves to the next one and leaves a hole; and the last page's
columns fill one after the other, the last one short. ``FlowControl`` (mixed into
the document template) lets such a figure wait for the top of the next column while
the text after it fills the hole; notes, for each page, how far down each column is
set (for the column rules); and remembers what was left to set when the columns of
the last page began. ``balanced_height`` then lays that rest out again in shorter
columns until it just fits, so the writer can set the last page with columns of
even length, as a newspaper does.

A ``SpanningFigure`` (a landscape photo, in a style that lets it span) is set as a
newspaper runs a wide photo: across all the columns, in a *band* at the top of a
page's columns, which then begin below it. When a page's columns begin, the next
figure of the story, if it spans and the text before it fits this page, is taken
out of the story and set in the band (it moves up, above the text before it on its
page; no text moves, and no figure passes another). One reached later, in a column,
waits for the next page's band while the text after it fills this page; when that
text does not fill the page (the story ends there), it is set in its column like any
figure. A page has at most one band; the document template says where it goes
(``band_for``); a template that has no say (a trial layout) sets none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import ActionFlowable, BaseDocTemplate, LayoutError, PageTemplate
from reportlab.platypus.flowables import Flowable, KeepTogether
from reportlab.platypus.frames import Frame
from reportlab.platypus.paragraph import Paragraph

from convert.writers.pdf.layout.flowables import Figure, FlushFigures, Photo, PhotoPlaceholder, SpanningFigure
from convert.writers.pdf.layout.keeping import KeepWith
from convert.writers.pdf.reportlab_internals.flow_marks import is_postponed, kept_content, kept_height, set_postponed
from convert.writers.pdf.reportlab_internals.frames import at_top, available_width, cursor, full_height, room_left, text_box

COLUMN: Final = "column"
BAND: Final = "band"
#: What a band's frame has beyond its figure's height, in points: a frame's extent is
#: recomputed from its corners, and platypus's KeepTogether sends a figure a rounding
#: error taller than its frame on to the next one.
BAND_SLACK: Final = 0.01


# These four are plain classes, not ``@dataclass``es: making a dataclass cost ~0.5 M
# instructions as ``vnconv pdf`` imported the writer (its methods' source written and
# looked up, its fields read), and nothing compares, hashes or prints them.


class Extent:
    """How far down a column is set on one page, in points from the page bottom."""

    __slots__ = ("x", "width", "top", "bottom")

    def __init__(self, x: float, width: float, top: float, bottom: float) -> None:
        self.x = x
        self.width = width
        self.top = top
        self.bottom = bottom


class Band:
    """A page's frames with a spanning figure's band (``BAND``) above its columns."""

    __slots__ = ("frames", "columns_top", "room")

    def __init__(self, frames: list[Frame], columns_top: float, room: float) -> None:
        self.frames = frames  # in the order they fill: the head (page 1), the band, the columns
        self.columns_top = columns_top  # where the columns below the band begin, from the page bottom
        self.room = room  # what those columns hold together at their full length, in points

    @property
    def frame(self) -> Frame:
        return next(frame for frame in self.frames if frame.id == BAND)


class ColumnsStart:
    """The flowables still to set when the first column of a page began, and the
    figures still waiting for a later page then."""

    __slots__ = ("page", "flowables", "postponed", "deferred", "for_page", "released")

    def __init__(
        self,
        page: int,
        flowables: list[Flowable],
        postponed: list[tuple[Flowable, bool]],  # each one's "moved on once" flag, as it was then
        deferred: list[Flowable] | None = None,
        for_page: list[Flowable] | None = None,
        released: list[Flowable] | None = None,
    ) -> None:
        self.page = page
        self.flowables = flowables
        self.postponed = postponed
        self.deferred: list[Flowable] = [] if deferred is None else deferred
        self.for_page: list[Flowable] = [] if for_page is None else for_page
        self.released: list[Flowable] = [] if released is None else released

    def restore(self) -> list[Flowable]:
        """The flowables as they were then (a layout marks the ones it moves on)."""
        for flowable, was in self.postponed:
            set_postponed(flowable, was)
        return list(self.flowables)


class FlowState:
    """What ``FlowControl`` keeps during one layout."""

    __slots__ = ("snapshots", "bands", "deferred", "for_page", "deferred_in", "released", "frames_seen", "pages_begun", "columns_tops", "last_columns", "extents")

    def __init__(
        self,
        snapshots: bool = False,
        bands: bool = False,
        deferred: list[Flowable] | None = None,
        for_page: list[Flowable] | None = None,
        released: list[Flowable] | None = None,
    ) -> None:
        self.snapshots = snapshots  # remember where each page's columns began (for balancing)
        self.bands = bands  # whether a spanning figure may take a page's band (``band_for`` says where)
        self.deferred: list[Flowable] = [] if deferred is None else deferred
        self.for_page: list[Flowable] = [] if for_page is None else for_page  # the deferred that wait for a page's band
        self.deferred_in: tuple[int, str] | None = None
        self.released: list[Flowable] = [] if released is None else released  # figures that wait no more
        self.frames_seen: set[tuple[int, str]] = set()
        self.pages_begun: set[int] = set()  # pages whose columns began (band decided)
        #: page -> where its columns begin below its band, on the pages that have one
        self.columns_tops: dict[int, float] = {}
        self.last_columns: ColumnsStart | None = None
        #: page -> column frame id -> extent
        self.extents: dict[int, dict[str, Extent]] = {}


class FlowControl:
    """Mixed into a BaseDocTemplate: figures wait for a fresh column instead of leaving
    a hole, and spanning figures take the band at the top of a page's columns."""

    flow: FlowState
    frame: Frame
    page: int
    canv: Canvas
    pageTemplate: PageTemplate

    def band_for(self, figure: Flowable) -> Band | None:
        """The current page's frames with ``figure`` across the text at the top of its
        columns, or None where it cannot be: here always, as this mixin knows no page
        (``page.ArticleDocTemplate`` does)."""
        return None

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if getattr(self, "frame", None) is None:  # between pages: nothing to arrange
            super().handle_flowable(flowables)  # type: ignore[misc]
            return
        state = self.flow
        if state.bands and self.frame.id == f"{COLUMN}0" and self.page not in state.pages_begun:
            state.pages_begun.add(self.page)
            if self._open_band(flowables):
                return  # the figure goes in the band, then the columns begin below it
        key = (self.page, self.frame.id)
        if state.deferred and key != state.deferred_in and at_top(self.frame) and self.frame.id.startswith(COLUMN):
            self._release(flowables)  # a new column: the waiting figures go first
        if key not in state.frames_seen:
            state.frames_seen.add(key)
            if state.snapshots and self.frame.id == f"{COLUMN}0":
                flags = list(_postponed_flags([*flowables, *state.deferred]))
                state.last_columns = ColumnsStart(
                    self.page, list(flowables), flags, list(state.deferred), list(state.for_page), list(state.released)
                )
        head = flowables[0]
        if isinstance(head, FlushFigures):
            del flowables[0]
            if self._fits_here(state.deferred[:1]):
                self._release(flowables, everything=True)
            # else they wait for the next column's top (the text before the byline fills this one)
        elif isinstance(head, Figure) and head not in state.released and self._defer(head, flowables):
            state.deferred_in = key
        else:
            super().handle_flowable(flowables)  # type: ignore[misc]
        if not flowables and state.deferred:
            self._release(flowables, everything=True)  # the story ends here: nothing is ever left behind

    def _open_band(self, flowables: list[Flowable]) -> bool:
        """At the top of a page's columns: set the figure that spans them in the band above
        them, if there is one: the first waiting figure if it waits for this band, else
        (nothing waiting) the story's next figure if it spans and the text before it fits
        this page's columns. A waiting one that finds no band here waits no more."""
        state = self.flow
        ahead = _next_figure(flowables)
        if state.deferred:
            figure = state.deferred[0]
            if not _holds(state.for_page, figure):
                return False
            if ahead is not None and (not isinstance(ahead, Figure) or ahead in state.released):
                return False  # a figure released before it is still to be set: it waits on
            band = self.band_for(figure)
            state.for_page = [f for f in state.for_page if f is not figure]
            if band is None:
                return False  # released at this column's top, to be set in it
            del state.deferred[0]
        else:
            if not isinstance(ahead, SpanningFigure):
                return False
            figure = ahead
            index = next(i for i, f in enumerate(flowables) if f is figure)
            band = self.band_for(figure)
            if band is None or content_height(flowables[:index], available_width(self.frame), self.canv) > band.room:
                return False
            del flowables[index]
        state.released.append(figure)
        flowables[0:0] = [figure, _EndOfBand()]
        self.pageTemplate = PageTemplate(f"{BAND}{self.page}", band.frames, autoNextPageTemplate=self.pageTemplate.autoNextPageTemplate)
        self.frame = band.frame
        self.handle_frameBegin()  # type: ignore[attr-defined]
        state.columns_tops[self.page] = band.columns_top
        return True

    def _release(self, flowables: list[Flowable], everything: bool = False) -> None:
        """Put the waiting figures back at the head of the story, to be set where they land:
        those before the first that waits for a page's band, or ``everything``.

        The flowable they go before loses its "moved on once" mark: platypus takes a
        second failure of a moved flowable for one too large for any column, but this
        one no longer starts its column, so it may simply move on again.
        """
        state = self.flow
        count = len(state.deferred)
        if not everything:  # up to the first that waits for a page's band
            count = next((i for i, f in enumerate(state.deferred) if _holds(state.for_page, f)), count)
        if not count:
            return
        going, state.deferred = state.deferred[:count], state.deferred[count:]
        if everything:
            state.for_page = []
        if flowables:
            set_postponed(flowables[0], False)
        state.released.extend(going)
        flowables[0:0] = [piece for figure in going for piece in (figure, *_taken_tail(figure))]

    def _defer(self, figure: Figure, flowables: list[Flowable]) -> bool:
        """Take ``figure`` out of the story to wait, if it should: for the next page's band
        (``_waits_for_page``), or for the next column (``_must_wait``)."""
        if self._waits_for_page(figure, flowables):
            self.flow.for_page.append(figure)
        elif not self._must_wait(figure, flowables):
            return False
        self.flow.deferred.append(flowables.pop(0))
        # The rest of an overlong caption waits with its figure, so it is not set first.
        while flowables and any(flowables[0] is piece for piece in getattr(figure, "tail", ())):
            figure.waiting_tail.append(flowables.pop(0))
        return True

    def _waits_for_page(self, figure: Figure, flowables: Sequence[Flowable]) -> bool:
        """Whether a spanning ``figure`` met in a column should wait for the next page's
        band: only when the text after it more than fills the rest of this page, so
        there is a next page (otherwise it is set in its column)."""
        frame = self.frame
        if not isinstance(figure, SpanningFigure) or not frame.id.startswith(COLUMN):
            return False
        frames = self.pageTemplate.frames
        later = frames[frames.index(frame) + 1 :]
        room = room_left(frame) + sum(full_height(f) for f in later if f.id.startswith(COLUMN))
        return _text_height(flowables[1:], available_width(frame), room) > room

    def _must_wait(self, figure: Figure, flowables: Sequence[Flowable]) -> bool:
        """Whether ``figure`` should wait for the next column while text fills this one:
        when it does not fit here and text follows it (which fills the room, or is all
        set here, the figure waiting for the next column's top or the story's end).
        """
        if self.flow.deferred:
            return True  # figures keep their order
        frame = self.frame
        if at_top(frame) or not frame.id.startswith(COLUMN):
            return False
        width = available_width(frame)
        room = room_left(frame) - figure.getSpaceBefore()
        if measured(figure, width, self.canv, room) <= room:
            return False
        return _text_height(flowables[1:], width, room) > 0

    def _fits_here(self, figures: Sequence[Flowable]) -> bool:
        """Whether the first of ``figures`` fits in what is left of the current column (or
        none is waiting, or the column has just begun: nowhere better to wait for)."""
        frame = self.frame
        if not figures or at_top(frame) or not frame.id.startswith(COLUMN):
            return True
        room = room_left(frame) - figures[0].getSpaceBefore()
        return measured(figures[0], available_width(frame), self.canv, room) <= room

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        frame = getattr(self, "frame", None)
        if frame is None or not frame.id.startswith(COLUMN):
            return
        bottom = cursor(frame) + flowable.getSpaceAfter()
        columns = self.flow.extents.setdefault(self.page, {})
        seen = columns.get(frame.id)
        x, width, top = text_box(frame)
        columns[frame.id] = Extent(x, width, top, bottom if seen is None else min(seen.bottom, bottom))


class _EndOfBand(ActionFlowable):
    """After a band's figure: the columns below it begin (the band is measured to hold
    the figure, so it is still the current frame; should platypus have moved anything
    on, the column it is in is left as it is)."""

    def apply(self, doc: Any) -> None:
        if doc.frame.id == BAND:
            doc.handle_frameEnd()


def _holds(flowables: Sequence[Flowable], flowable: Flowable) -> bool:
    return any(f is flowable for f in flowables)


def _next_figure(flowables: Sequence[Flowable]) -> Flowable | None:
    """The story's next figure, or a part of one (platypus sets a figure too tall for
    the rest of a column as its photo and caption, one after the other); None when no
    figure comes before the byline."""
    for flowable in flowables:
        if isinstance(flowable, FlushFigures):
            return None
        if isinstance(flowable, (Figure, Photo, PhotoPlaceholder)):
            return flowable
    return None


def _text_height(flowables: Sequence[Flowable], width: float, enough: float) -> float:
    """The height of the paragraphs that follow (and the groups ``keeping`` keeps; figures
    skipped), counted up to ``enough``."""
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, Figure):
            continue
        if not isinstance(flowable, (Paragraph, KeepWith)) or total > enough:
            break
        _, height = flowable.wrap(width, 1e9)
        total += flowable.getSpaceBefore() + height + flowable.getSpaceAfter()
    return total


def _postponed_flags(flowables: Sequence[Flowable]) -> Iterator[tuple[Flowable, bool]]:
    for flowable in flowables:
        yield flowable, is_postponed(flowable)
        if isinstance(flowable, KeepTogether):
            yield from _postponed_flags(kept_content(flowable))


class TrialCanvas(Canvas):
    """A canvas for layout only: it draws into memory and never writes a file."""

    #: What it draws is never written: its text operators are not even formatted
    #: (``reportlab_internals.kerned_text``).
    discards_drawing = True

    def outline_here(self, title: str, level: int, top: float) -> None:
        pass

    def drawImage(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802 - ReportLab's name
        pass  # a trial layout needs only the photo's size, not its pixels embedded

    def save(self) -> None:
        pass


class _Overflow(Exception):
    """The trial layout needs a second page."""


class _TrialTemplate(FlowControl, BaseDocTemplate):
    """One page of the given columns, from where ``start`` was; a second page stops the
    trial at once. It sets no band: the page's band, if any, was set before ``start``."""

    def __init__(self, frames: list[Frame], pagesize: tuple[float, float], steps: int, start: ColumnsStart) -> None:
        self.flow = FlowState(deferred=list(start.deferred), for_page=list(start.for_page), released=list(start.released))
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
    two or three trial layouts of the one page, and never tries columns shorter than
    a figure of the rest (platypus would part its photo from its caption to fit).
    None when only ``full`` holds it.
    """
    count = len(columns(full))
    measure = TrialCanvas(None, pagesize=pagesize)
    width = available_width(columns(full)[0])
    rest = [*start.deferred, *start.restore()]
    least = max((measured(f, width, measure) for f in rest if isinstance(f, Figure)), default=0.0)

    def overflow(height: float) -> float | None:
        """None if the rest fits in columns ``height`` long, else about how much did not."""
        trial = _TrialTemplate(columns(height), pagesize, 100 + 20 * len(start.flowables), start)
        try:
            trial.build(start.restore(), canvasmaker=TrialCanvas)
        except _Overflow:
            return content_height([*trial.flow.deferred, *trial.remaining], width, measure)
        except LayoutError:
            return 0.0
        return None if not trial.flow.deferred else 0.0

    try:
        height = min(full, max(least, content_height(rest, width, measure) / count))
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
        total += flowable.getSpaceBefore() + measured(flowable, width, canvas) + flowable.getSpaceAfter()
    return total


def measured(flowable: Flowable, width: float, canvas: Canvas, height: float = 1e9) -> float:
    """The height ``flowable`` needs ``width`` wide (its spaces before and after not
    counted), measured on ``canvas`` as ``Frame.add`` measures it."""
    flowable.canv = canvas
    try:
        _, taken = flowable.wrap(width, height)
        if isinstance(flowable, KeepTogether):
            taken = kept_height(flowable)  # its wrap answers "too tall" to force a split, and keeps the height its parts need
    finally:
        del flowable.canv
    return taken


__all__ = ["BAND", "BAND_SLACK", "COLUMN", "Band", "ColumnsStart", "Extent", "FlowControl", "FlowState", "TrialCanvas", "balanced_height", "measured"]


def _taken_tail(figure: Flowable) -> list[Flowable]:
    """The caption pieces a waiting figure took with it, handed back (once)."""
    tail: list[Flowable] = getattr(figure, "waiting_tail", [])
    taken, tail[:] = list(tail), []
    return taken

