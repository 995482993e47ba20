"""What is drawn around the text of each page: running header, page number, column rules.

``PageDecoration`` is called for every page once the page count is known (see
``page.DeferredCanvas``). The running header is the headline on one line, from
page 2; the page number line (``page.footer``) goes in the bottom margin, or in the
top one (``page.footer_position = "top"``, as Decree 30/2020 wants), and may skip
page 1; column rules run down the gap between two columns as far as both are set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import Paragraph

from convert.styles import Style
from convert.writers.pdf.layout.flow import COLUMN, Extent
from convert.writers.pdf.layout.page import Geometry
from convert.writers.pdf.layout.story import StoryBuilder

_ELLIPSIS: Final = "…"
#: The running header measures at most this much of the headline: no line holds more,
#: and measuring a whole overlong headline (a one-line file is all headline) costs minutes.
_HEADER_CHARS: Final = 2000


class PageDecoration:
    """Draws the running header, the page number line and the column rules of a page.

    ``extents`` (page -> column id -> how far it is set) is filled while the pages
    are laid out, and read here when they are shown.
    """

    def __init__(
        self,
        style: Style,
        builder: StoryBuilder,
        headline: str | None,
        geometry: Geometry,
        extents: Mapping[int, Mapping[str, Extent]],
    ) -> None:
        self.style = style
        self.builder = builder
        self.geometry = geometry
        self.extents = extents
        self.header: Paragraph | None = None
        if headline and style.page.running_header:
            self.header = self._one_line(headline, "header")

    def __call__(self, canvas: Canvas, page: int, pages: int) -> None:
        if self.header is not None and page > 1:
            self._running_header(canvas, self.header)
        if self.style.page.footer and (page > 1 or self.style.page.footer_first_page):
            self._page_number(canvas, page, pages)
        if self.style.pdf.column_rule_width > 0:
            self._column_rules(canvas, self.extents.get(page, {}))

    def _running_header(self, canvas: Canvas, header: Paragraph) -> None:
        geometry = self.geometry
        # The rule sits the header's space_after above the text, the header half that above it.
        gap = self.style.text["header"].space_after
        rule_y = geometry.text_top + gap
        header.wrap(geometry.text_width, geometry.top)
        header.drawOn(canvas, geometry.left, rule_y + gap / 2)
        if self.style.pdf.rule_width > 0:
            self._line(canvas, self.style.pdf.rule_width, geometry.left, rule_y, geometry.left + geometry.text_width, rule_y)

    def _page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        geometry = self.geometry
        text = self.style.page.footer.replace("{pages}", str(pages)).replace("{page}", str(page))
        # Through the builder, like all other text: what no face has is a replacement mark
        # and one warning (or, with --strict-glyphs, the article's refusal), not a crash.
        line = Paragraph(self.builder.markup(text, self.builder.chain("footer")), self.builder.pstyle("footer"))
        if self.style.page.footer_position == "top":
            _, height = line.wrap(geometry.text_width, geometry.top)
            line.drawOn(canvas, geometry.left, geometry.text_top + max(0.0, (geometry.top - height) / 2))
        else:
            _, height = line.wrap(geometry.text_width, geometry.bottom)
            line.drawOn(canvas, geometry.left, max(0.0, (geometry.bottom - height) / 2))

    def _column_rules(self, canvas: Canvas, columns: Mapping[str, Extent]) -> None:
        """A rule in each gap whose two columns both hold text, as deep as the longer one."""
        for index in range(self.geometry.columns - 1):
            left, right = columns.get(f"{COLUMN}{index}"), columns.get(f"{COLUMN}{index + 1}")
            if left is None or right is None:
                continue
            x = (left.x + left.width + right.x) / 2
            self._line(canvas, self.style.pdf.column_rule_width, x, max(left.top, right.top), x, min(left.bottom, right.bottom))

    def _line(self, canvas: Canvas, width: float, x0: float, y0: float, x1: float, y1: float) -> None:
        canvas.saveState()
        canvas.setStrokeColor(self.builder.palette(self.style.pdf.rule_color))
        canvas.setLineWidth(width)
        canvas.line(x0, y0, x1, y1)
        canvas.restoreState()

    def _one_line(self, text: str, role: str) -> Paragraph:
        """``text`` as a one-line paragraph, cut at a word and marked with … if too long
        (within a word when not even the first word fits)."""
        width = self.geometry.text_width
        whole = len(text) <= _HEADER_CHARS
        words = text[:_HEADER_CHARS].split(" ")
        if not whole and len(words) > 1:
            words.pop()  # cut off in the middle

        def paragraph(shown: str) -> Paragraph:
            return Paragraph(self.builder.markup(shown, self.builder.chain(role)), self.builder.pstyle(role))

        def fits(candidate: Paragraph) -> bool:
            candidate.wrap(width, self.geometry.top)
            return len(candidate.blPara.lines) <= 1

        def longest(make: Callable[[int], Paragraph], most: int) -> Paragraph | None:
            """``make(n)`` for the largest n in 1..most that fits on one line, by bisection."""
            best, low, high = None, 1, most
            while low <= high:
                middle = (low + high) // 2
                candidate = make(middle)
                if fits(candidate):
                    best, low = candidate, middle + 1
                else:
                    high = middle - 1
            return best

        if whole:
            complete = paragraph(text)
            if fits(complete):
                return complete
        count = len(words) - 1 if whole else len(words)
        cut = longest(lambda n: paragraph(" ".join(words[:n]).rstrip(",;:.–—-") + _ELLIPSIS), count)
        first = words[0]
        return cut or longest(lambda n: paragraph(first[:n] + _ELLIPSIS), len(first)) or paragraph(_ELLIPSIS)
