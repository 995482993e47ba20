"""The PDF writer: an Article and a Style in, a print-ready PDF out (ReportLab platypus).

The pieces: ``fonts`` registers faces and turns text into safe markup with
fallback runs; ``story`` makes the flowables; ``page`` holds the page frames
and the canvas that draws "Trang N/M" (``decoration``) once the page count is
known; ``flow`` lets figures wait for a column and balances the last page's
columns; ``color`` and ``press`` do CMYK, bleed and crop marks, ``pdfx`` PDF/X-1a;
``tagging`` marks what is drawn and adds the structure tree before ReportLab writes the file.
This module puts them together and writes the metadata. Every font is a subset
TrueType font with a ToUnicode map (ReportLab's TTF embedding, corrected in
``subsets``), and the canvas starts in the body face, so no unembedded standard font
(Helvetica) is ever referenced.
"""

from __future__ import annotations

import datetime as dt
import hashlib  # its md5 is CPython's own while hashlib stands in (reportlab_internals.deferred_modules)
import io
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Final

import reportlab
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import FrameBreak, LayoutError, NextPageTemplate
from reportlab.platypus.flowables import Flowable

from convert import __version__
from convert.fonts import MissingGlyphs
from convert.model import Article, Caption
from convert.options import Options
from convert.styles import Style, StyleError
from convert.writers.pdf.press.color import Palette
from convert.writers.pdf.layout.decoration import PageDecoration
from convert.writers.pdf.layout.flow import TrialCanvas, balanced_height, measured
from convert.writers.pdf.layout.flowables import Figure, Rule, SpanningFigure
from convert.writers.pdf.layout.page import REST, ArticleDocTemplate, Balance, DeferredCanvas, Geometry, stacked_height
from convert.writers.pdf.reportlab_internals import compression  # noqa: F401 - installs ISA-L for the document's streams
from convert.writers.pdf.reportlab_internals import kerned_text  # noqa: F401 - installs kerned lines
from convert.writers.pdf.reportlab_internals.canvas_state import pdf_document
from convert.writers.pdf.reportlab_internals.flow_marks import kept_content
from convert.writers.pdf.reportlab_internals.pdf_document import set_time_stamp
from convert.writers.pdf.fonts import kerning
from convert.writers.pdf.layout.photos import PdfPhotos
from convert.writers.pdf.press.bleed import Press
from convert.writers.pdf.settings import Pdf
from convert.writers.pdf.layout.story import StoryBuilder
from convert.writers.pdf.tagging.structure import Element
from convert.writers.shared import DRAWN_AS_REPLACEMENT, check_page, language_tag, notify, refuse_or_warn, shortened, tallest_block, typeset

CREATOR: Final = f"vnconv {__version__}"
PRODUCER: Final = f"vnconv {__version__} (ReportLab {reportlab.Version})"
#: The headline block spans page 1 only while it leaves the columns at least this share.
_MAX_HEAD_SHARE: Final = 0.5
#: A figure never takes more than this share of a column's height, so it always fits.
_MAX_FIGURE_SHARE: Final = 0.5


def render(article: Article, style: Style, options: Options = Options()) -> bytes:
    """The article as PDF bytes; byte-identical for the same input when ``options.timestamp`` is set.

    With several columns the pages are laid out once first, to find the last page and
    balance its columns; then they are set for real. Should a band with a spanning
    photo leave columns too short for some block (a table row taller than they are),
    the article is set again with every photo in its column.
    """
    check_page(style)  # a page that cannot hold the text is the style's error, not a LayoutError
    with kerning.applied(style.pdf.kerning):  # measured and drawn kerned, or neither
        return _render(article, style, options)


def _render(article: Article, style: Style, options: Options) -> bytes:
    article = typeset(article, style)
    geometry = Geometry.of(style.page)
    palette = Palette(cmyk=options.cmyk or options.pdfx, solid_black=style.pdf.cmyk_solid_black)
    photos = PdfPhotos(style, geometry.column_width, geometry.text_height * style.photos.max_height, options, geometry.text_width)
    photos.prepare_all(article)  # each photo once, in threads, before any layout
    builder = StoryBuilder(style, geometry.text_height * _MAX_FIGURE_SHARE, palette, photos)
    problem = ""
    for spans in (True, False) if photos.span_width is not None else (False,):
        try:
            data = _set(article, style, builder, geometry, options, spans)
            break
        except LayoutError as exc:  # check_page and _tallest leave none known; still never a traceback
            problem = str(exc)
    else:
        raise StyleError(f"style: the page cannot hold {_too_large(problem)}; make the page larger, or the margins or the type smaller")
    for warning in photos.low_resolution(article):  # where the layout placed each one
        notify(options, warning)
    _report_lacking(builder, options)
    return data


def _set(article: Article, style: Style, builder: StoryBuilder, geometry: Geometry, options: Options, spans: bool) -> bytes:
    """The PDF, its last page balanced when it has columns; photos span them if ``spans``."""
    balance = _balance(article, style, builder, geometry, spans) if style.page.columns > 1 else None
    data, pages = _write(article, style, builder, geometry, options, balance, spans)
    if balance is not None and pages != balance.page:  # never expected: the plain layout is the safe one
        data, _ = _write(article, style, builder, geometry, options, None, spans)
    return data


_TOO_LARGE: Final = re.compile(r"\(([\d.]+) x ([\d.]+)\) too large on page (\d+) in frame '([^']+)'\(([-\d.]+) x ([-\d.]+)")


def _too_large(message: str) -> str:
    """What ReportLab's LayoutError says did not fit, without its object names."""
    found = _TOO_LARGE.search(message)
    if found is None:
        return "a block of this article"
    width, height, page, frame, frame_width, frame_height = found.groups()
    return (
        f"a block {float(width):.0f} x {float(height):.0f} pt of this article on page {page}, "
        f"where the {frame.rstrip('0123456789')} is {float(frame_width):.0f} x {float(frame_height):.0f} pt"
    )


def _report_lacking(builder: StoryBuilder, options: Options) -> None:
    """One warning naming every character no face of the style has (drawn as a
    replacement mark, kept in the text layer); if strict, ``_write`` refused those of
    the story, and those of the page number line, set last, are refused here."""
    try:
        builder.check()
    except MissingGlyphs as exc:
        refuse_or_warn(options, exc.chars, exc.faces, DRAWN_AS_REPLACEMENT)


class _Layout:
    """The story laid out for the page: its flowables, the head's height and gap, the
    band's columns. (A plain class, as ``flow.Extent`` is: a dataclass cost ~0.5 M
    instructions to make.)"""

    __slots__ = ("flowables", "head_height", "head_gap", "band_columns", "structure")

    def __init__(self, flowables: list[Flowable], head_height: float, head_gap: float, band_columns: float | None, structure: Element) -> None:
        self.flowables = flowables
        self.head_height = head_height  # 0: the head flows with the body
        self.head_gap = head_gap
        self.band_columns = band_columns  # what columns below a spanning photo's band must keep (None: no band)
        self.structure = structure  # the story's structure tree (``tagging``)


def _layout(article: Article, style: Style, builder: StoryBuilder, geometry: Geometry, spans: bool) -> _Layout:
    """A fresh story (a layout marks the flowables it moves, so each layout needs its own)."""
    story = builder.build(article)
    head: list[Flowable] = list(story.head)
    head_height = 0.0
    head_gap = 0.0
    if head:
        rule_color = builder.palette(style.pdf.rule_color)
        if style.pdf.head_rule_width > 0:
            head.insert(0, Rule(style.pdf.head_rule_width, rule_color))
        if style.pdf.rule_width > 0 and style.page.columns > 1:
            rule = Rule(style.pdf.rule_width, rule_color)
            rule.spaceBefore = head[-1].getSpaceAfter() / 2
            head.append(rule)
        head_height = stacked_height(head, geometry.text_width)
        head_gap = story.head[-1].getSpaceAfter()
        below = geometry.text_height - head_height - head_gap  # what the columns of page 1 keep
        if head_height > geometry.text_height * _MAX_HEAD_SHARE or below < _tallest(article, style, builder):
            head, head_height = list(story.head), 0.0  # too tall to span: it flows like the body, without rules
    flowables: list[Flowable] = [NextPageTemplate(REST), *head]
    if head_height:
        flowables.append(FrameBreak())
    body, column = _figures(story.body, style, geometry, spans)
    flowables.extend(body)
    return _Layout(flowables, head_height, head_gap, column, story.structure)


def _figures(body: Sequence[Flowable], style: Style, geometry: Geometry, spans: bool) -> tuple[list[Flowable], float | None]:
    """The body with the figures that may span the columns, and the least the columns
    below such a figure's band must keep (None: none spans): three lines of the role
    with the tallest lines, and every figure of the story at column width (a column
    holds them whole).

    A spanning figure whose band would leave even a whole page's columns shorter than
    that (a long caption on a small page) stays in its column, as all do unless ``spans``.
    """
    if not spans or not any(isinstance(f, SpanningFigure) for f in body):  # no band on any page
        return [Figure(kept_content(f), tail=f.tail) if isinstance(f, SpanningFigure) else f for f in body], None
    canvas = TrialCanvas(None, pagesize=(geometry.width, geometry.height))
    column = max([tallest_block(style)[0], *(measured(f, geometry.column_width, canvas) for f in body if isinstance(f, Figure))])
    kept: list[Flowable] = []
    for flowable in body:
        if isinstance(flowable, SpanningFigure):
            band = measured(flowable, geometry.text_width, canvas) + flowable.getSpaceAfter()
            if geometry.text_height - band < column:
                flowable = Figure(kept_content(flowable), tail=flowable.tail)
        kept.append(flowable)
    return kept, column


def _tallest(article: Article, style: Style, builder: StoryBuilder) -> float:
    """The tallest thing a column must hold whole: three lines of the role with the
    tallest lines, a photo placeholder, or a photo."""
    box = min(style.placeholder.height * mm, builder.max_figure_height) if style.placeholder.enabled else 0.0
    if builder.photos is not None and any(isinstance(block, Caption) and block.photo for block in article.blocks):
        box = max(box, builder.photos.box_height)
    return max(tallest_block(style)[0], box)


def _balance(article: Article, style: Style, builder: StoryBuilder, geometry: Geometry, spans: bool) -> Balance | None:
    """Lay the article out once and find the column length that evens out its last page."""
    layout = _layout(article, style, builder, geometry, spans)
    document = ArticleDocTemplate(None, geometry, layout.head_height, layout.head_gap, snapshots=True, band_columns=layout.band_columns)
    document.build(layout.flowables, canvasmaker=TrialCanvas)
    start, pages = document.flow.last_columns, document.page
    if start is None or start.page != pages:
        return None
    top = document.columns_top(pages)
    full = top - geometry.bottom
    columns = partial(geometry.columns_below, top)
    height = balanced_height(start, columns, full, style.text["body"].line_height, (geometry.width, geometry.height))
    return Balance(pages, height) if height is not None and height < full else None


def _write(
    article: Article, style: Style, builder: StoryBuilder, geometry: Geometry, options: Options, balance: Balance | None, spans: bool
) -> tuple[bytes, int]:
    """The PDF and its page count."""
    layout = _layout(article, style, builder, geometry, spans)
    if builder.photos is not None:
        builder.photos.drawn.clear()  # what this layout draws, for the low-resolution check
    buffer = io.BytesIO()
    document = ArticleDocTemplate(
        buffer,
        geometry,
        layout.head_height,
        layout.head_gap,
        balance,
        band_columns=layout.band_columns,
        title=shortened(article.title),
        author=", ".join(article.authors),
        subject=shortened(article.lead or ""),
        creator=CREATOR,
        producer=PRODUCER,
        keywords=[],
        lang=language_tag(article.language),
        displayDocTitle=True,
        invariant=options.timestamp is not None,
        pageCompression=1,
        enforceColorSpace=builder.palette.enforce,
        initialFontName=builder.chain("body").name,
        initialFontSize=style.text["body"].size,
        initialLeading=style.text["body"].line_height,
    )
    decorate = PageDecoration(style, builder, article.headline, geometry, document.flow.extents)
    press = Press.of(geometry.width, geometry.height, options.bleed, options.crop_marks, style.pdf, always_trim=options.pdfx)
    if options.strict_glyphs:
        builder.check()  # every character no face has, in one error, before any layout
    pdfx_settings = style.pdf if options.pdfx else None
    marked: list[list[Element]] = []  # per page, the element of each MCID
    tag = partial(_tag, article=article, structure=layout.structure, pages=marked, options=options)
    if pdfx_settings is not None:
        from convert.writers.pdf.press import pdfx  # only for PDF/X-1a (--pdfx): a plain PDF never imports it

        before_save = _both(tag, pdfx.check)
    else:
        before_save = tag
    document.build(
        layout.flowables,
        canvasmaker=partial(_canvas, decorate=decorate, press=press, timestamp=options.timestamp, pdfx_settings=pdfx_settings, pages=marked, before_save=before_save),
    )
    return buffer.getvalue(), document.page


def _tag(canvas: Canvas, article: Article, structure: Element, pages: list[list[Element]], options: Options) -> None:
    """Add the structure tree to the canvas's document once every page is closed
    (``tagging.tree``). A PDF/X-1a file keeps its tags (PDF 1.3 has logical structure)
    but claims no PDF/UA, which is based on PDF 1.7."""
    from convert.writers.pdf.tagging.tree import write_structure

    moment = options.timestamp.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if options.timestamp is not None else None
    write_structure(
        pdf_document(canvas),
        structure,
        pages,
        title=shortened(article.title),
        language=language_tag(article.language),
        creator=CREATOR,
        producer=PRODUCER,
        moment=moment,
        claim_ua=not options.pdfx,
    )


def _both(first: Callable[[Canvas], None], second: Callable[[Canvas], None]) -> Callable[[Canvas], None]:
    """One call of ``first`` and then ``second`` on the same canvas."""

    def both(canvas: Canvas) -> None:
        first(canvas)
        second(canvas)

    return both


def _canvas(
    *args: object,
    decorate: PageDecoration,
    press: Press,
    timestamp: dt.datetime | None,
    pdfx_settings: Pdf | None,
    before_save: Callable[[Canvas], None],
    **kw: object,
) -> Canvas:
    canvas = DeferredCanvas(*args, decorate=decorate, press=press, before_save=before_save, **kw)
    if timestamp is not None:
        _set_timestamp(canvas, timestamp)
    if pdfx_settings is not None:
        from convert.writers.pdf.press import pdfx

        pdfx.mark(canvas, pdfx_settings)
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
    document = pdf_document(canvas)
    set_time_stamp(document, stamp)
    document.signature = hashlib.md5(b"vnconv " + utc.isoformat().encode(), usedforsecurity=False)
