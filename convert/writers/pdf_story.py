"""The article as platypus flowables: the headline block and the body that flows after it.

The headline block (headline, then the dateline with the source) spans the page on
page 1; the body (lead, paragraphs, subheadings, figures, byline, attribution) flows
through the columns. Every paragraph style comes from the Style's text roles; every
text goes through ``pdf_fonts.markup`` (fallback faces, escaping).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from convert.model import Article, Caption, Subheading
from convert.styles import Style, TextStyle
from convert.writers.pdf_colour import Palette
from convert.writers.pdf_flowables import Figure, FlushFigures, OutlinedParagraph, PhotoPlaceholder, pieces
from convert.writers.pdf_fonts import Chain, chain, markup

_ALIGN: Final = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}


def paragraph_style(role: str, text: TextStyle, face_chain: Chain, palette: Palette, **changes: object) -> ParagraphStyle:
    """A ParagraphStyle for a role: the Style's values, the chain's face; no widows or orphans."""
    values: dict[str, object] = dict(
        fontName=face_chain.name,
        fontSize=text.size,
        leading=text.leading,
        textColor=palette(text.color),
        alignment=_ALIGN[text.align],
        spaceBefore=text.space_before,
        spaceAfter=text.space_after,
        firstLineIndent=text.first_indent,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
    )
    values.update(changes)
    return ParagraphStyle(role, **values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Story:
    head: tuple[Flowable, ...]  # spans the page on page 1
    body: tuple[Flowable, ...]  # flows through the columns


class StoryBuilder:
    """Turns one article into flowables for one style; ``max_figure_height`` is in points."""

    def __init__(self, style: Style, max_figure_height: float, palette: Palette | None = None) -> None:
        self.style = style
        self.max_figure_height = max_figure_height
        self.palette = palette if palette is not None else Palette()
        self._chains: dict[tuple[str, bool | None, bool | None], Chain] = {}
        self._styles: dict[str, ParagraphStyle] = {}

    def chain(self, role: str, bold: bool | None = None, italic: bool | None = None) -> Chain:
        key = (role, bold, italic)
        if key not in self._chains:
            self._chains[key] = chain(self.style, self.style.text[role], bold, italic)
        return self._chains[key]

    def pstyle(self, role: str) -> ParagraphStyle:
        if role not in self._styles:
            self._styles[role] = paragraph_style(role, self.style.text[role], self.chain(role), self.palette)
        return self._styles[role]

    # --- the parts ---------------------------------------------------------------------

    def build(self, article: Article) -> Story:
        return Story(head=tuple(self._head(article)), body=tuple(self._body(article)))

    def _head(self, article: Article) -> Iterator[Flowable]:
        if article.headline:
            headline = OutlinedParagraph(markup(article.headline, self.chain("headline")), self.pstyle("headline"))
            headline.outline = (article.headline, 0)
            yield headline
        line = self._dateline(article)
        if line:
            yield Paragraph(line, self.pstyle("dateline"))

    def _dateline(self, article: Article) -> str:
        parts = []
        if article.dateline is not None and article.dateline.text:
            parts.append(markup(article.dateline.text, self.chain("dateline")))
        if article.source:
            if parts:
                parts.append(markup(self.style.pdf.source_separator, self.chain("dateline")))
            parts.append(markup(article.source, self.chain("dateline", bold=True), explicit=True))
        return "".join(parts)

    def _body(self, article: Article) -> Iterator[Flowable]:
        if article.lead:
            yield from self._paragraphs(article.lead, "lead")
        subheading_level = 1 if article.headline else 0
        for block in article.blocks:
            if isinstance(block, Caption):
                yield self._figure(block)
            elif isinstance(block, Subheading):
                heading = OutlinedParagraph(markup(block.text, self.chain("subheading")), self.pstyle("subheading"))
                heading.outline = (block.text, subheading_level)
                heading.keepWithNext = 1
                yield heading
            else:
                yield from self._paragraphs(block.text, "body")
        if any(isinstance(block, Caption) for block in article.blocks):
            yield FlushFigures()
        if article.byline is not None and article.byline.text:
            yield from self._paragraphs(article.byline.text, "byline")
        if article.attribution:
            yield from self._paragraphs(article.attribution, "attribution")

    def _paragraphs(self, text: str, role: str) -> Iterator[Paragraph]:
        """One paragraph, as several flowables when it is long (see ``pieces``)."""
        parts = pieces(text)
        style = self.pstyle(role)
        if len(parts) == 1:
            yield Paragraph(markup(text, self.chain(role)), style)
            return
        first = replace_style(style, spaceAfter=0)
        middle = replace_style(style, spaceBefore=0, spaceAfter=0, firstLineIndent=0)
        last = replace_style(style, spaceBefore=0, firstLineIndent=0)
        for index, part in enumerate(parts):
            piece_style = first if index == 0 else last if index == len(parts) - 1 else middle
            yield Paragraph(markup(part, self.chain(role)), piece_style)

    def _figure(self, caption: Caption) -> Flowable:
        """The placeholder, the caption in italic and the credit after it, on one page."""
        text = markup(caption.text, self.chain("caption"))
        if caption.credit:
            credit = self.style.text["credit"]
            text += (
                f' <font size="{credit.size}" color="{self.palette.markup(credit.color)}">'
                f"{markup(caption.credit, self.chain('credit'), explicit=True)}</font>"
            )
        paragraph = Paragraph(text, self.pstyle("caption"))
        placeholder = self.style.placeholder
        if not placeholder.enabled:
            return paragraph
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
        label = Paragraph(markup(placeholder.label, self.chain("credit")), label_style) if placeholder.label else None
        box = PhotoPlaceholder(
            min(placeholder.height * mm, self.max_figure_height),
            self.palette(placeholder.fill),
            self.palette(placeholder.stroke),
            placeholder.stroke_width,
            label,
        )
        return Figure([box, paragraph])


def replace_style(style: ParagraphStyle, **changes: object) -> ParagraphStyle:
    return ParagraphStyle(style.name, parent=style, **changes)  # type: ignore[arg-type]


__all__ = ["Story", "StoryBuilder", "paragraph_style", "replace_style"]
