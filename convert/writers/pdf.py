"""The PDF writer: an Article and a Style in, a print-ready PDF out (ReportLab platypus).

The pieces: ``pdf_fonts`` registers faces and turns text into safe markup with
fallback runs; ``pdf_story`` makes the flowables; ``pdf_page`` holds the page frames
and the canvas that draws "Trang N/M" once the page count is known. This module puts
them together and writes the metadata. Every font is a subset TrueType font with a
ToUnicode map (ReportLab's TTF embedding), and the canvas starts in the body face,
so no unembedded standard font (Helvetica) is ever referenced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from functools import partial
from typing import Final

import reportlab
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, FrameBreak, NextPageTemplate, Paragraph

from convert import __version__
from convert.model import Article
from convert.styles import Style
from convert.writers import Options
from convert.writers.pdf_flowables import Rule, shortened
from convert.writers.pdf_fonts import markup
from convert.writers.pdf_page import REST, ArticleDocTemplate, DeferredCanvas, Geometry, stacked_height
from convert.writers.pdf_story import StoryBuilder

CREATOR: Final = f"vnconv {__version__}"
PRODUCER: Final = f"vnconv {__version__} (ReportLab {reportlab.Version})"
#: The headline block spans page 1 only while it leaves the columns at least this share.
_MAX_HEAD_SHARE: Final = 0.5
#: A figure never takes more than this share of a column's height, so it always fits.
_MAX_FIGURE_SHARE: Final = 0.5
_ELLIPSIS: Final = "…"
#: The running header measures at most this much of the headline: no line holds more,
#: and measuring a whole overlong headline (a one-line file is all headline) costs minutes.
_HEADER_CHARS: Final = 2000


def render(article: Article, style: Style, options: Options = Options()) -> bytes:
    """The article as PDF bytes; byte-identical for the same input when ``options.timestamp`` is set."""
    geometry = Geometry.of(style.page)
    builder = StoryBuilder(style, max_figure_height=geometry.text_height * _MAX_FIGURE_SHARE)
    story = builder.build(article)

    head: list[Flowable] = list(story.head)
    head_height = 0.0
    head_gap = 0.0
    if head:
        if style.pdf.rule_width > 0 and style.page.columns > 1:
            rule = Rule(style.pdf.rule_width, style.pdf.rule_color)
            rule.spaceBefore = head[-1].getSpaceAfter() / 2
            head.append(rule)
        head_height = stacked_height(head, geometry.text_width)
        head_gap = story.head[-1].getSpaceAfter()
        if head_height > geometry.text_height * _MAX_HEAD_SHARE:
            head, head_height = list(story.head), 0.0  # too tall to span: it flows like the body
    flowables: list[Flowable] = [NextPageTemplate(REST), *head]
    if head_height:
        flowables.append(FrameBreak())
    flowables.extend(story.body)

    buffer = io.BytesIO()
    document = ArticleDocTemplate(
        buffer,
        geometry,
        head_height,
        head_gap,
        title=shortened(article.title),
        author=", ".join(article.authors),
        subject=shortened(article.lead or ""),
        creator=CREATOR,
        producer=PRODUCER,
        keywords=[],
        lang=_language_tag(article.language),
        displayDocTitle=True,
        invariant=options.timestamp is not None,
        pageCompression=1,
        initialFontName=builder.chain("body").name,
        initialFontSize=style.text["body"].size,
        initialLeading=style.text["body"].leading,
    )
    decorate = PageDecoration(style, builder, article.headline, geometry)
    builder.check()  # every character no face has, in one error, before any layout
    document.build(flowables, canvasmaker=partial(_canvas, decorate=decorate, timestamp=options.timestamp))
    return buffer.getvalue()


def _language_tag(language: str) -> str:
    """BCP 47 for the catalog's /Lang: Vietnamese articles are ``vi-VN``."""
    return "vi-VN" if language == "vi" else language


def _canvas(*args: object, decorate: PageDecoration, timestamp: dt.datetime | None, **kw: object) -> Canvas:
    canvas = DeferredCanvas(*args, decorate=decorate, **kw)
    if timestamp is not None:
        _set_timestamp(canvas, timestamp)
    return canvas


def _set_timestamp(canvas: Canvas, moment: dt.datetime) -> None:
    """CreationDate and ModDate from ``moment`` (SOURCE_DATE_EPOCH), in UTC.

    ReportLab's invariant mode fixes the dates at 2000-01-01 unless SOURCE_DATE_EPOCH
    is in the environment, and seeds the signature the document /ID is made from with
    that. The writer takes the moment from Options instead, for both, so an in-process
    caller gets the same file as the command line whatever the environment holds.
    """
    utc = moment.astimezone(dt.timezone.utc)
    stamp = TimeStamp(invariant=True)
    stamp.t = utc.timestamp()
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    document = canvas._doc
    document._timeStamp = stamp
    document.signature = hashlib.md5(b"vnconv " + utc.isoformat().encode(), usedforsecurity=False)


class PageDecoration:
    """The running header (from page 2, the headline on one line) and the footer."""

    def __init__(self, style: Style, builder: StoryBuilder, headline: str | None, geometry: Geometry) -> None:
        self.style = style
        self.builder = builder
        self.geometry = geometry
        self.header: Paragraph | None = None
        if headline and style.page.running_header:
            self.header = self._one_line(headline, "header")

    def __call__(self, canvas: Canvas, page: int, pages: int) -> None:
        geometry = self.geometry
        if self.header is not None and page > 1:
            # The rule sits the header's space_after above the text, the header half that above it.
            gap = self.style.text["header"].space_after
            rule_y = geometry.text_top + gap
            self.header.wrap(geometry.text_width, geometry.top)
            self.header.drawOn(canvas, geometry.left, rule_y + gap / 2)
            if self.style.pdf.rule_width > 0:
                canvas.saveState()
                canvas.setStrokeColor(HexColor(self.style.pdf.rule_color))
                canvas.setLineWidth(self.style.pdf.rule_width)
                canvas.line(geometry.left, rule_y, geometry.left + geometry.text_width, rule_y)
                canvas.restoreState()
        template = self.style.page.footer
        if template:
            text = template.replace("{pages}", str(pages)).replace("{page}", str(page))
            footer = Paragraph(markup(text, self.builder.chain("footer")), self.builder.pstyle("footer"))
            _, height = footer.wrap(geometry.text_width, geometry.bottom)
            footer.drawOn(canvas, geometry.left, max(0.0, (geometry.bottom - height) / 2))

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
