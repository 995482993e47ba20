"""The PDF writer's own flowables: paragraphs whose lines vnconv sets (``lines``), outlined
headings, balanced headlines, photos and their placeholder, and long text.

Everything here is a platypus flowable, so frames, columns and page breaks place them;
nothing is positioned by hand on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.flowables import Flowable, KeepTogether
from reportlab.platypus.paragraph import Paragraph

from convert.writers.pdf.fonts.kerning import prepare_kerning
from convert.writers.pdf.layout.lines import has_address, ink_leading, line_ends_at_an_address, unstretch_before_urls
from convert.writers.pdf.reportlab_internals.paragraphs import keep_last_line_unjustified
from convert.writers.pdf.tagging.marking import marked, spaced
from convert.writers.pdf.tagging.spaces import line_end_spaces
from convert.writers.pdf.tagging.structure import Element

#: A paragraph longer than this is set as several Paragraph flowables. ReportLab lays
#: out and splits a paragraph in time that grows with the square of its length (80,000
#: characters take half a second, a 5 MB line would take half an hour); in pieces of
#: this size the cost grows linearly. Real paragraphs are far shorter, so a join is
#: rare, and it falls at a sentence end where one is near.
PIECE_CHARS: Final = 4000

#: A sentence end and the ordinary space after it (a no-break space is no place to cut).
_SENTENCE_END: Final = re.compile(r"[.!?…:;][”\")’»]* ")


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters; ``"".join`` gives it back.

    Each cut follows a space (the space stays at the end of the piece before it),
    preferably one after a sentence end in the second half of the window, else the
    last space in the window; a window without any space is cut at the limit.
    """
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _cut(window, limit)
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def _cut(window: str, limit: int) -> int:
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
    if sentence_ends:
        return sentence_ends[-1]
    space = window.rfind(" ")
    return space + 1 if space >= 0 else limit


def replace_style(style: ParagraphStyle, **changes: object) -> ParagraphStyle:
    """``style`` with some values changed, under its own name."""
    return ParagraphStyle(style.name, parent=style, **changes)  # type: ignore[arg-type]


class _Layout:
    """A paragraph's lines at one width: the style they were set in, as ReportLab's
    ``breakLines`` gave them, and their height. (A plain class, not a ``NamedTuple``:
    ~0.6 M instructions to make as ``vnconv pdf`` imported the writer.)"""

    __slots__ = ("width", "style", "lines", "height")

    def __init__(self, width: float, style: ParagraphStyle, lines: Any, height: float) -> None:
        self.width = width
        self.style = style
        self.lines = lines
        self.height = height


class TextParagraph(Paragraph):
    """A paragraph of the article: ReportLab's, with the line setting of ``lines``: no
    stretched line before an address, and leading enough that no tone mark touches
    the line above (for this paragraph only, and only when its glyphs need it)."""

    _given: ParagraphStyle | None = None  # the style it was made with
    _laid_out: _Layout | None = None  # the last layout
    _settled = False  # a piece of a split paragraph: set in the style the whole was set in
    _addresses: bool | None = None  # whether its text has a URL or an e-mail address
    #: The structure element its text belongs to (``tagging``): shared by the pieces and
    #: the split parts of one paragraph; a list item's is its LI (marker and body).
    element: Element | None = None
    #: A part of a split paragraph: whether each of its lines ends at a space, as the
    #: whole paragraph's text says (a part's own text is not kept by ReportLab).
    _spaces: list[bool] | None = None
    #: A piece of a long paragraph (``pieces``) whose text goes on, in the next, after a
    #: space (which ReportLab drops from the end of this one).
    continues_after_space = False

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab's name
        element, label = self.element, None
        if element is not None and element.tag == "LI":
            label_element, element = element.children[0], element.children[1]
            label = label_element if self.bulletText else None
        with marked(canvas, self, element, label), spaced(canvas, self.line_spaces):
            super().drawOn(canvas, x, y, _sW)

    def line_spaces(self) -> list[bool]:
        """Whether each line (as laid out, after ``wrap``) ends where the text has a space
        (``tagging.spaces``)."""
        lines = self.blPara.lines
        if self.blPara.kind == 0:
            texts = [" ".join(words) for _, words in lines]
        else:
            texts = ["".join(getattr(word, "text", "") for word in line.words) for line in lines]
        if self._spaces is not None and len(self._spaces) == len(texts):
            return self._spaces
        spaces = line_end_spaces(self.getPlainText(), texts)
        if spaces and self.continues_after_space:
            spaces[-1] = True
        return spaces

    def layout_style(self, availWidth: float) -> ParagraphStyle:  # noqa: N803 - ReportLab's names
        """The style its lines are broken in at this width (a subclass may narrow it)."""
        assert self._given is not None
        return self._given

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._given is None:
            self._given = self.style
        if self._settled:
            self.style = self._given
        elif self._laid_out is not None and self._laid_out.width == availWidth:
            # Platypus wraps again and again (a head measured, then placed; a column
            # that had no room, then the next): the lines are those of the last layout.
            laid_out = self._laid_out
            self.style, self.blPara, self.width, self.height = laid_out.style, laid_out.lines, availWidth, laid_out.height
            self._unstretch()
            return availWidth, laid_out.height
        else:
            prepare_kerning(self.frags)
            self.style = self.layout_style(availWidth)
            width, height = super().wrap(availWidth, availHeight)
            leading = ink_leading(self)
            if leading > self.style.leading:
                self.style = ParagraphStyle(self.style.name, parent=self.style, leading=leading)
                height = self.height = len(self.blPara.lines) * leading
            self._laid_out = _Layout(availWidth, self.style, self.blPara, height)
            self._unstretch()
            return width, height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._unstretch()
        return size

    def _unstretch(self) -> None:
        if self._addresses is None:
            self._addresses = has_address(self.getPlainText())
        if self._addresses:
            unstretch_before_urls(self)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Its pieces keep the style its lines were set in (leading, measure); the first
        does not stretch its last line if that line ends at an address."""
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, TextParagraph):
                part._given, part._settled, part._addresses = part.style, True, self._addresses
                part.element = self.element
        if len(parts) == 2 and isinstance(parts[0], Paragraph) and hasattr(self, "blPara"):
            if line_ends_at_an_address(self, len(parts[0].blPara.lines) - 1):
                keep_last_line_unjustified(parts[0])
            if isinstance(parts[0], TextParagraph) and isinstance(parts[1], TextParagraph):
                spaces, at = self.line_spaces(), len(parts[0].blPara.lines)
                parts[0]._spaces, parts[1]._spaces = spaces[:at], spaces[at:]
        return parts


class OutlineCanvas(Protocol):
    """What a heading needs of the canvas: a bookmark here, with an outline entry."""

    def outline_here(self, title: str, level: int, top: float) -> None: ...


class OutlinedParagraph(TextParagraph):
    """A paragraph that adds an outline entry (a bookmark) where it is drawn.

    ``outline`` is set after construction, so the pieces ReportLab's ``split`` makes
    through the constructor carry none; ``split`` hands it to the first piece only:
    one heading, one bookmark, even for a heading taller than a column.
    """

    outline: tuple[str, int] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if parts and self.outline is not None and isinstance(parts[0], OutlinedParagraph):
            parts[0].outline = self.outline
        return parts

    def draw(self) -> None:
        if self.outline is not None:
            title, level = self.outline
            canvas: OutlineCanvas = self.canv
            canvas.outline_here(title, level, top=self.height)
        super().draw()


#: A headline of more lines than this is text, set as text (a one-line file is all headline).
BALANCED_LINES: Final = 8
#: The advance of the narrowest character in ems (an ``i``, a ``.``), for a quick bound on lines.
NARROWEST_GLYPH: Final = 0.2


class BalancedParagraph(OutlinedParagraph):
    """A headline, set as newspapers set them: in the narrowest measure that keeps its
    number of lines, so its lines are of near-equal length and the last is never one
    short word alone ("...sông Kỳ / Cùng"). The measure is found by halving the
    interval between the narrowest and the full width; the paragraph still takes the
    full width, its alignment applied within it."""

    def layout_style(self, availWidth: float) -> ParagraphStyle:  # noqa: N803 - ReportLab's names
        given = super().layout_style(availWidth)
        self.style = given
        if len(self.getPlainText()) * NARROWEST_GLYPH * given.fontSize > BALANCED_LINES * availWidth:
            return given  # surely more lines than a headline has: not worth counting them
        lines = self._count_lines(given, availWidth)
        if not 2 <= lines <= BALANCED_LINES:
            return given
        low, high = availWidth / (lines + 1), availWidth
        while high - low > 0.5:
            middle = (low + high) / 2
            if self._count_lines(given, middle) <= lines:
                high = middle
            else:
                low = middle
        inset = availWidth - high
        if inset < 0.5:
            return given
        if given.alignment == TA_RIGHT:
            return ParagraphStyle(given.name, parent=given, leftIndent=given.leftIndent + inset)
        if given.alignment == TA_CENTER:
            return ParagraphStyle(given.name, parent=given, leftIndent=given.leftIndent + inset / 2, rightIndent=given.rightIndent + inset / 2)
        return ParagraphStyle(given.name, parent=given, rightIndent=given.rightIndent + inset)

    def _count_lines(self, style: ParagraphStyle, width: float) -> int:
        measure = width - style.leftIndent - style.rightIndent
        return len(self.breakLines([measure - style.firstLineIndent, measure]).lines)


class PhotoPlaceholder(Flowable):
    """A light framed box marked with a label, standing where the photo will go.

    It takes the full width it is offered (the column), so a figure is always as wide
    as the text it sits in.
    """

    def __init__(self, height: float, fill: Color, stroke: Color, stroke_width: float, label: Paragraph | None) -> None:
        super().__init__()
        self.box_height = height
        self.fill = fill
        self.stroke = stroke
        self.stroke_width = stroke_width
        self.label = label

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        self.width, self.height = availWidth, self.box_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.fill)
        canvas.setStrokeColor(self.stroke)
        canvas.setLineWidth(self.stroke_width)
        inset = self.stroke_width / 2  # keep the stroke inside the box
        canvas.rect(inset, inset, self.width - 2 * inset, self.height - 2 * inset, stroke=1 if self.stroke_width else 0, fill=1)
        canvas.restoreState()
        if self.label is not None:
            _, label_height = self.label.wrap(self.width, self.height)
            self.label.drawOn(canvas, 0, (self.height - label_height) / 2)


class Photo(Flowable):
    """A photo as wide as the frame, its aspect kept; narrower and centred when that
    would make it taller than ``max_height``. ``image(width)`` gives what
    ``canvas.drawImage`` takes, its pixels prepared for a frame ``width`` points wide
    (a spanning photo set in a column after all gets the column's)."""

    def __init__(
        self, image: Callable[[float], object], pixel_width: int, pixel_height: int, max_height: float, element: Element | None = None
    ) -> None:
        super().__init__()
        self.element = element  # its Figure (``tagging``)
        self.image = image
        self.aspect = pixel_height / pixel_width
        self.max_height = max_height
        self.image_width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        self.image_width = min(availWidth, self.max_height / self.aspect)
        self.width, self.height = availWidth, self.image_width * self.aspect
        return self.width, self.height

    def draw(self) -> None:
        with marked(self.canv, self, self.element):
            self._draw()

    def _draw(self) -> None:
        self.canv.drawImage(self.image(self.width), (self.width - self.image_width) / 2, 0, self.image_width, self.height)


class Rule(Flowable):
    """A horizontal rule centred in the frame, ``share`` of its width long: a hairline
    across it under the headline block of a page, a short one for a section break."""

    def __init__(self, width: float, color: Color, share: float = 1.0) -> None:
        super().__init__()
        self.line_width = width
        self.color = color
        self.share = share

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.line_width

    def draw(self) -> None:
        length = self.width * self.share
        start = (self.width - length) / 2
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(self.line_width)
        canvas.line(start, self.line_width / 2, start + length, self.line_width / 2)
        canvas.restoreState()


class Figure(KeepTogether):
    """A photo (or its placeholder) and its caption, kept together; it may wait for the next column.

    ``tail``: the rest of an overlong caption, the flowables that follow the figure in
    the story (a caption taller than a column is set in pieces, the photo with the
    first). Whatever makes the figure wait takes its tail along (``flow``), so the
    caption is never read before its own beginning.
    """

    def __init__(self, flowables: list[Flowable], tail: Sequence[Flowable] = (), **kwargs: Any) -> None:
        super().__init__(flowables, **kwargs)
        self.tail: tuple[Flowable, ...] = tuple(tail)
        self.waiting_tail: list[Flowable] = []  # the tail taken out of the story with it


class SpanningFigure(Figure):
    """A figure whose (landscape) photo spans all the columns, set above them at the
    top of a page (``flow``); where it cannot be, it is set in its column like any other."""


class FlushFigures(Flowable):
    """Where figures still waiting for a column must be set at the latest (before the byline).

    The document template takes it out of the story; it is never drawn.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass
