"""The article as platypus flowables: the headline block and the body that flows after it.

The headline block (headline, then the dateline with the source) spans the page on
page 1; the body (lead, paragraphs, subheadings, figures, the structure ``blocks``
sets: lists, tables, quotations, interview turns, section breaks; byline,
attribution) flows through the columns. Every paragraph style comes from the Style's text roles; every
text goes through ``fonts.markup`` (fallback faces, escaping).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph

from convert.fonts import MissingGlyphs
from convert.model import Article, Block, Caption, Quote, Subheading
from convert.model import List as ModelList
from convert.model import Paragraph as ModelParagraph
from convert.model import Table as ModelTable
from convert.styles import Style, TextStyle
from convert.writers.pdf.layout import blocks
from convert.writers.pdf.layout.builder import Marker, Segment
from convert.writers.pdf.press.color import Palette
from convert.writers.pdf.layout.flowables import (
    PIECE_CHARS,
    BalancedParagraph,
    Figure,
    FlushFigures,
    OutlinedParagraph,
    Photo,
    PhotoPlaceholder,
    SpanningFigure,
    TextParagraph,
    pieces,
    replace_style,
)
from convert.writers.pdf.fonts.faces import Chain, chain, markup
from convert.writers.pdf.layout.keeping import KeepWith
from convert.writers.pdf.layout.lines import URI_WASTE_REDUCE
from convert.writers.pdf.layout.photos import PdfPhotos
from convert.writers.pdf.tagging.structure import Element, document
from convert.writers import shared
from convert.writers.shared import shortened

_ALIGN: Final = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}


def paragraph_style(role: str, text: TextStyle, face_chain: Chain, palette: Palette, **changes: object) -> ParagraphStyle:
    """A ParagraphStyle for a role: the Style's values, the chain's face; no widows or
    orphans unless ``changes`` allow them (the style's ``[pdf]`` values, ``pstyle``)."""
    values: dict[str, object] = dict(
        fontName=face_chain.name,
        fontSize=text.size,
        leading=text.line_height,
        textColor=palette(text.color),
        alignment=_ALIGN[text.align],
        spaceBefore=text.space_before,
        spaceAfter=text.space_after,
        firstLineIndent=text.first_indent,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
        uriWasteReduce=URI_WASTE_REDUCE,  # addresses break at their punctuation (lines.py)
    )
    values.update(changes)
    return ParagraphStyle(role, **values)  # type: ignore[arg-type]


class Story:
    """An article as flowables: the head over the columns, the body through them. (A
    plain class, as ``flow.Extent`` is: a dataclass cost ~0.5 M instructions to make.)"""

    __slots__ = ("head", "body", "structure")

    def __init__(self, head: tuple[Flowable, ...], body: tuple[Flowable, ...], structure: Element) -> None:
        self.head = head  # spans the page on page 1
        self.body = body  # flows through the columns
        self.structure = structure  # the article's structure tree, its elements on the flowables (``tagging``)


class StoryBuilder:
    """Turns one article into flowables for one style; ``max_figure_height`` (of a
    placeholder) is in points; ``photos`` places the captions' photos."""

    def __init__(
        self,
        style: Style,
        max_figure_height: float,
        palette: Palette | None = None,
        photos: PdfPhotos | None = None,
        column_width: float | None = None,
    ) -> None:
        self.style = style
        #: The narrowest frame the body flows through, in points (a table must fit it).
        self.column_width = column_width or shared.column_width(style)
        self.max_figure_height = max_figure_height
        self.palette = palette if palette is not None else Palette()
        self.photos = photos
        self._chains: dict[tuple[str, bool | None, bool | None], Chain] = {}
        self._styles: dict[str, ParagraphStyle] = {}
        self._lacking: set[str] = set()
        self._tried: dict[str, None] = {}  # the faces tried for them, in order

    def chain(self, role: str, bold: bool | None = None, italic: bool | None = None) -> Chain:
        key = (role, bold, italic)
        if key not in self._chains:
            self._chains[key] = chain(self.style, self.style.text[role], bold, italic)
        return self._chains[key]

    def pstyle(self, role: str) -> ParagraphStyle:
        if role not in self._styles:
            pdf = self.style.pdf
            widows = {"allowWidows": int(pdf.allow_widows), "allowOrphans": int(pdf.allow_orphans)}
            self._styles[role] = paragraph_style(role, self.style.text[role], self.chain(role), self.palette, **widows)
        return self._styles[role]

    def markup(self, text: str, face_chain: Chain, explicit: bool = False) -> str:
        """``fonts.markup``, noting the characters no face has (drawn as a replacement
        mark) instead of stopping at the first text with one, so that ``check`` can
        name every one of them at once."""
        try:
            return markup(text, face_chain, explicit)
        except MissingGlyphs as exc:
            self._lacking.update(exc.chars)
            self._tried.update((f"{f.family} {f.style_name}", None) for f in (face_chain.face, *face_chain.fallbacks))
            return markup(text, face_chain, explicit, strict=False)

    def check(self) -> None:
        """Raise MissingGlyphs for every character no face could set, if there were any."""
        if self._lacking:
            raise MissingGlyphs(self._lacking, list(self._tried))

    # --- the parts ---------------------------------------------------------------------

    def build(self, article: Article) -> Story:
        """The flowables, and the structure tree their elements form, in the model's order."""
        root = document()
        head = tuple(self._head(article, root))
        return Story(head=head, body=tuple(self._body(article, root)), structure=root)

    def _head(self, article: Article, root: Element) -> Iterator[Flowable]:
        if article.headline:
            outline = (shortened(article.headline), 0)
            yield from self._pieces([(article.headline, self._marker("headline"))], "headline", outline, BalancedParagraph, element=root.add("H1"))
        yield from self._pieces(self._dateline(article), "dateline", element=root.add("P"))

    def _dateline(self, article: Article) -> list[Segment]:
        parts: list[Segment] = []
        plain = self._marker("dateline")
        if article.dateline is not None and article.dateline.text:
            parts.append((article.dateline.text, plain))
        if article.source:
            if parts:
                parts.append((self.style.separators.source, plain))
            parts.append((article.source, self._marker("dateline", bold=True, explicit=True)))
        return parts

    def _marker(self, role: str, bold: bool | None = None, explicit: bool = False) -> Marker:
        face_chain = self.chain(role, bold=bold)
        return lambda text: self.markup(text, face_chain, explicit=explicit)

    def inline_marker(self, role: str) -> Marker:
        """Text of one role inside a paragraph of another (a credit in a caption, a
        speaker's name in an answer): its own face, size and colour."""
        text_style = self.style.text[role]
        in_face = self._marker(role, explicit=True)
        return lambda text: f'<font size="{text_style.size}" color="{self.palette.markup(text_style.color)}">{in_face(text)}</font>'

    def _body(self, article: Article, root: Element) -> Iterator[Flowable]:
        """The body's flowables, each subheading kept with the first lines of what follows
        it, a paragraph ending with a colon with the start of the list, table or
        quotation it introduces, and the byline and attribution with the last lines of
        the text before them (``keeping``); their structure elements under ``root`` in
        the model's order, even where a figure is set after the text it stood before."""
        lines = self.style.pdf.keep_lines
        parts: list[tuple[Block | None, list[Flowable]]] = []
        if article.lead:
            parts.append((None, list(self._paragraphs(article.lead, "lead", root.add("P")))))
        subheading_level = 1 if article.headline else 0
        start = len(root.children)
        elements: dict[int, list[Element]] = {}  # a block's model index -> its elements
        for index, block in _figures_after_headed_text(list(enumerate(article.blocks))):
            before = len(root.children)
            if isinstance(block, Caption):
                parts.append((block, list(self._figure(block, root))))
            elif isinstance(block, Subheading):
                tag = "H2" if article.headline else "H1"
                heading = list(self._paragraphs(block.text, "subheading", root.add(tag), outline=(shortened(block.text), subheading_level)))
                if heading:
                    heading[-1].keepWithNext = 1  # with a figure (the figure may wait for a column; see flow)
                parts.append((block, heading))
            else:
                parts.append((block, list(blocks.flowables(self, block, root))))  # paragraphs, lists, tables, quotes, turns, breaks
            elements[index] = root.children[before:]
        root.children[start:] = [element for index in sorted(elements) for element in elements[index]]
        body = _kept_together([flowables for _, flowables in parts], [_introduces(block, parts[i + 1][0] if i + 1 < len(parts) else None) for i, (block, _) in enumerate(parts)], lines)
        tail: list[Flowable] = []
        if article.byline is not None and article.byline.text:
            tail.extend(self._paragraphs(article.byline.text, "byline", root.add("P")))
        if article.attribution:
            tail.extend(self._paragraphs(article.attribution, "attribution", root.add("P")))
        flush: list[Flowable] = [FlushFigures()] if any(isinstance(block, Caption) for block in article.blocks) else []
        # The rest of an overlong caption goes where its figure goes (``flow``): never in
        # the byline's group, which may be set before a figure that waits.
        captions = {id(piece) for flowable in body if isinstance(flowable, Figure) for piece in flowable.tail}
        if tail and body and isinstance(body[-1], (Paragraph, KeepWith)) and id(body[-1]) not in captions:
            # The byline never stands alone at the head of a column: the last lines of the
            # text go with it (of the paragraph before too, when the last is short).
            two = len(body) > 1 and isinstance(body[-2], Paragraph) and isinstance(body[-1], Paragraph) and id(body[-2]) not in captions
            count = 2 if two else 1
            yield from [*body[:-count], *flush, KeepWith(body[-count:], tail, lines)]
            return
        yield from [*body, *flush, *tail]

    def _paragraphs(self, text: str, role: str, element: Element, outline: tuple[str, int] | None = None) -> Iterator[Paragraph]:
        """One paragraph of one role; an outline entry (headline, subheading) on its first piece."""
        yield from self._pieces([(text, self._marker(role))], role, outline=outline, element=element)

    def _pieces(
        self,
        segments: Sequence[Segment],
        role: str,
        outline: tuple[str, int] | None = None,
        outlined: type[OutlinedParagraph] = OutlinedParagraph,
        style: ParagraphStyle | None = None,
        bullet: str | None = None,
        element: Element | None = None,
    ) -> Iterator[Paragraph]:
        """One paragraph made of segments, as several flowables when it is long (see ``pieces``).

        The pieces share the paragraph's style (the role's, or ``style``), except that
        only the first has its space before, its indent and its ``bullet`` (markup) and
        only the last its space after, so they read as one; all are drawn as ``element``'s
        content (none: an artifact).
        """
        parts = split_segments(segments)
        if not parts:
            return
        style = style if style is not None else self.pstyle(role)
        if len(parts) == 1:
            styles = [style]
        else:
            first = replace_style(style, spaceAfter=0)
            middle = replace_style(style, spaceBefore=0, spaceAfter=0, firstLineIndent=0)
            last = replace_style(style, spaceBefore=0, firstLineIndent=0)
            styles = [first, *[middle] * (len(parts) - 2), last]
        for index, (part, piece_style) in enumerate(zip(parts, styles, strict=True)):
            text = "".join(mark(piece) for piece, mark in part)
            if bullet is not None and index == 0:
                text = f"<bullet>{bullet}</bullet>{text}"
            paragraph = TextParagraph(text, piece_style) if outline is None else outlined(text, piece_style)
            paragraph.element = element
            paragraph.continues_after_space = index < len(parts) - 1 and part[-1][0][-1:].isspace()
            if outline is not None and index == 0:
                paragraph.outline = outline
            yield paragraph

    def _figure(self, caption: Caption, root: Element) -> Iterator[Flowable]:
        """The photo (or its placeholder), the caption in italic and the credit after it,
        on one page (an overlong caption: the photo with its first piece). Its element is
        a Figure whose alternate text is the caption (else the credit, else the
        placeholder's label), holding the photo and a Caption."""
        segments: list[Segment] = [(caption.text, self._marker("caption"))]
        if caption.credit:
            segments.append((self.style.separators.credit, self._marker("caption")))
            segments.append((caption.credit, self.inline_marker("credit")))
        figure = root.add("Figure", alt=next((t for t in (caption.text, caption.credit, self.style.placeholder.label) if t and t.strip()), ""))
        paragraphs: list[Flowable] = list(self._pieces(segments, "caption", element=figure.add("Caption")))
        if caption.photo is not None and self.photos is not None:
            photos, path = self.photos, caption.photo
            photo = photos.get(path)
            kind = SpanningFigure if photos.spans(path) else Figure
            image = Photo(lambda width: photos.image(path, width), photo.width, photo.height, photos.box_height, element=figure)
            yield kind([image, *paragraphs[:1]], tail=paragraphs[1:])
            yield from paragraphs[1:]
            return
        placeholder = self.style.placeholder
        if not placeholder.enabled:
            yield from paragraphs
            return
        label_style = paragraph_style(
            "placeholder",
            self.style.text["credit"],
            self.chain("credit"),
            self.palette,
            textColor=self.palette(placeholder.label_color),
            alignment=TA_CENTER,
            spaceBefore=0,
            spaceAfter=0,
            firstLineIndent=0,
        )
        label = Paragraph(self.markup(placeholder.label, self.chain("credit")), label_style) if placeholder.label else None
        box = PhotoPlaceholder(
            min(placeholder.height * mm, self.max_figure_height),
            self.palette(placeholder.fill),
            self.palette(placeholder.stroke),
            placeholder.stroke_width,
            label,
        )
        yield Figure([box, *paragraphs[:1]], tail=paragraphs[1:])
        yield from paragraphs[1:]

    # What ``blocks`` uses to set the body's structure in the same faces and pieces.
    segment_marker = _marker
    pieces_in = _pieces


def _figures_after_headed_text(body: Sequence[tuple[int, Block]]) -> list[tuple[int, Block]]:
    """The body (each block with its index in the model) with the figures that come
    between a subheading and its text moved after that text's first block: a figure may
    wait for a column (``flow``), a subheading may not wait without its text, so the
    subheading stands with its text and the figure floats after it."""
    out = list(body)
    index = 0
    while index < len(out) - 2:
        if isinstance(out[index][1], Subheading) and isinstance(out[index + 1][1], Caption):
            end = index + 1
            while end < len(out) and isinstance(out[end][1], Caption):
                end += 1
            if end < len(out) and not isinstance(out[end][1], Subheading):
                out[index + 1 : end + 1] = [out[end], *out[index + 1 : end]]
        index += 1
    return out


def _introduces(block: Block | None, following: Block | None) -> bool:
    """Whether ``block`` must stand with the start of ``following``: a subheading with
    what it heads (but a figure: platypus keeps them, ``keepWithNext``), a paragraph
    ending with a colon with the list, table or quotation it introduces."""
    if following is None or isinstance(following, Caption):
        return False
    if isinstance(block, Subheading):
        return True
    return isinstance(block, ModelParagraph) and block.text.rstrip().endswith(":") and isinstance(following, (ModelList, ModelTable, Quote))


def _kept_together(groups: list[list[Flowable]], introduces: list[bool], lines: int) -> list[Flowable]:
    """The groups' flowables in order, each group that ``introduces`` the next one kept,
    by its last flowables, with the first flowable of the next (``KeepWith``); a chain
    (a subheading, then a paragraph ending with a colon, then a list) nests."""
    out: list[Flowable] = []
    carried: list[Flowable] | None = None  # the lead waiting for the next group's first flowable
    for index, flowables in enumerate(groups):
        if carried is not None and flowables:
            first: Flowable = KeepWith(carried, flowables[:1], lines)
            flowables = [first, *flowables[1:]]
            carried = None
        elif carried is not None:
            out.extend(carried)
            carried = None
        if introduces[index] and flowables and index + 1 < len(groups) and groups[index + 1]:
            out.extend(flowables[:-1])
            carried = flowables[-1:]
            if hasattr(carried[0], "keepWithNext"):
                carried[0].keepWithNext = 0  # kept by KeepWith, not by platypus
        else:
            out.extend(flowables)
    if carried is not None:
        out.extend(carried)
    return out


def split_segments(segments: Sequence[Segment], limit: int = PIECE_CHARS) -> list[list[Segment]]:
    """The segments' text cut by ``pieces``, each piece as the segments it spans.

    Joining every piece's texts gives the segments' text back; empty segments vanish,
    and no segments (or only empty ones) give no pieces.
    """
    text = "".join(t for t, _ in segments)
    if not text:
        return []
    out: list[list[Segment]] = []
    queue = [(t, mark) for t, mark in segments if t]
    index, offset = 0, 0
    for part in pieces(text, limit):
        need = len(part)
        current: list[Segment] = []
        while need:
            segment_text, mark = queue[index]
            take = min(need, len(segment_text) - offset)
            current.append((segment_text[offset : offset + take], mark))
            need -= take
            offset += take
            if offset == len(segment_text):
                index, offset = index + 1, 0
        out.append(current)
    return out


__all__ = ["Story", "StoryBuilder", "paragraph_style", "replace_style"]
