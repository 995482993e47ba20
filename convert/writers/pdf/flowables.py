"""The PDF writer's own flowables: photos and their placeholder, outlined headings, and long text.

Everything here is a platypus flowable, so frames, columns and page breaks place them;
nothing is positioned by hand on the page.
"""

from __future__ import annotations

import re
from typing import Final, Protocol

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, KeepTogether, Paragraph

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


class OutlineCanvas(Protocol):
    """What a heading needs of the canvas: a bookmark here, with an outline entry."""

    def outline_here(self, title: str, level: int, top: float) -> None: ...


class OutlinedParagraph(Paragraph):
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
    would make it taller than ``max_height``."""

    def __init__(self, image: object, pixel_width: int, pixel_height: int, max_height: float) -> None:
        super().__init__()
        self.image = image  # what canvas.drawImage takes
        self.aspect = pixel_height / pixel_width
        self.max_height = max_height
        self.image_width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        self.image_width = min(availWidth, self.max_height / self.aspect)
        self.width, self.height = availWidth, self.image_width * self.aspect
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, (self.width - self.image_width) / 2, 0, self.image_width, self.height)


class Rule(Flowable):
    """A horizontal hairline across the frame, e.g. under the headline block of a page."""

    def __init__(self, width: float, color: Color) -> None:
        super().__init__()
        self.line_width = width
        self.color = color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.line_width

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(self.line_width)
        canvas.line(0, self.line_width / 2, self.width, self.line_width / 2)
        canvas.restoreState()


class Figure(KeepTogether):
    """A photo (or its placeholder) and its caption, kept together; it may wait for the next column."""


class FlushFigures(Flowable):
    """Where figures still waiting for a column must be set at the latest (before the byline).

    The document template takes it out of the story; it is never drawn.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass
