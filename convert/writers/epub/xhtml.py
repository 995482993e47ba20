"""One article as an XHTML content document: semantic HTML5, an element tree written as text (``markup``).

The markup says what each part is (``article``, ``header``, ``h1``, ``p.lead``,
``figure``/``figcaption``, lists, tables, ``blockquote`` and the rest of the body's
structure (``structure``), ``footer``) and leaves its look to the style sheet. The
tree is built element by element and serialised by ``markup`` (as lxml did), so text
that looks like markup (``<b>x</b>``, ``&amp;``, ``]]>``) stays text. While building, the document
notes which text role sets each piece of text: those notes decide the characters
each embedded font subset must hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from convert.model import Article, Caption, Paragraph, Subheading
from convert.styles import Style
from convert.writers.epub import structure
from convert.writers.epub.builder import XHTML, Builder
from convert.writers.epub.css import source_separator
from convert.writers.epub.markup import Element, document

#: The content documents' document type declaration (HTML's, as EPUB 3 XHTML allows).
DOCTYPE: Final = "<!DOCTYPE html>"


@dataclass
class Document:
    """A content document and the (role, text) pieces it sets, in reading order."""

    content: bytes
    pieces: list[tuple[str, str]] = field(default_factory=list)


def article_document(article: Article, style: Style, stylesheet: str, images: Mapping[str, str] | None = None) -> Document:
    """The XHTML of one article; ``stylesheet`` is the CSS URL relative to the document,
    ``images`` the URL of each caption's photo (by its path in the model)."""
    build = Builder()
    html = Element("html", {"xmlns": XHTML, "lang": article.language, "xml:lang": article.language})
    head = build.element(html, "head")
    build.element(head, "meta", charset="utf-8")  # for reading systems that parse it as HTML
    build.element(head, "title").text = article.title
    build.element(head, "link", rel="stylesheet", type="text/css", href=stylesheet)
    body = build.element(build.element(html, "body"), "article")
    _header(build, body, article, style)
    if article.lead:
        build.text(body, "p", "lead", article.lead, class_="lead")
    for block in article.blocks:
        if isinstance(block, Caption):
            _figure(build, body, block, style, (images or {}).get(block.photo) if block.photo else None)
        elif isinstance(block, Subheading):
            if block.text:
                build.text(body, "h2", "subheading", block.text)
        elif isinstance(block, Paragraph):
            if block.text:
                build.text(body, "p", "body", block.text)
        else:
            structure.add_block(build, body, block, style)  # lists, tables, quotations, turns, breaks
    _footer(build, body, article)
    return Document(document(html, DOCTYPE), build.pieces)


def _header(build: Builder, parent: Element, article: Article, style: Style) -> None:
    dateline, source = article.dateline, article.source
    if not (dateline and dateline.text) and not source and not article.headline:
        return
    header = build.element(parent, "header")
    if (dateline and dateline.text) or source:
        line = build.inline_container(header, "p", class_="dateline")
        date = None
        if dateline and dateline.text:
            when = {"datetime": dateline.date.isoformat()} if dateline.date is not None else {}
            date = build.text(line, "time" if when else "span", "dateline", dateline.text, class_="date", **when)
        if source:
            if date is not None:
                kept, generated = source_separator(style)
                date.tail = kept
                build.pieces.append(("dateline", kept + generated))  # the CSS draws all but the space
            build.text(line, "span", "dateline", source, class_="source")
    if article.headline:
        build.text(header, "h1", "headline", article.headline)


def _figure(build: Builder, parent: Element, caption: Caption, style: Style, image: str | None) -> None:
    """The photo (``image``: its URL), or the placeholder box; then the caption.

    A photo with a caption is presentation (``alt=""``) and the caption describes it;
    one with only a credit has the credit as its alternative text."""
    if not caption.text and not caption.credit and image is None:
        return
    figure = build.element(parent, "figure")
    placeholder = style.placeholder
    if image is not None:
        if caption.text:
            # The figcaption says what the photo shows: a screen reader reads it once,
            # as the figure's caption, not twice (WCAG technique H67, EPUB A11y Techniques).
            build.element(figure, "img", src=image, alt="", role="presentation")
        else:
            build.element(figure, "img", src=image, alt=caption.credit or "")
            build.pieces.append(("caption", caption.credit or ""))  # shown where the photo is not
    elif placeholder.enabled:
        # The photo's place: a box the style sheet draws, its label generated there too.
        box = build.element(figure, "div", class_="placeholder", role="img", aria_label=placeholder.label)
        box.text = ""  # <div></div>, not <div/>, for readers that parse XHTML as HTML
        build.pieces.append(("credit", placeholder.label))
    if not caption.text and not caption.credit:
        return
    figcaption = build.inline_container(figure, "figcaption")
    text = None
    if caption.text:
        text = build.text(figcaption, "span", "caption", caption.text, class_="text")
    if caption.credit:
        if text is not None:
            text.tail = style.separators.credit
            build.pieces.append(("caption", style.separators.credit))
        build.text(figcaption, "span", "credit", caption.credit, class_="credit")


def _footer(build: Builder, parent: Element, article: Article) -> None:
    byline = article.byline.text if article.byline else None
    if not byline and not article.attribution:
        return
    footer = build.element(parent, "footer")
    if byline:
        build.text(footer, "p", "byline", byline, class_="byline")
    if article.attribution:
        build.text(footer, "p", "attribution", article.attribution, class_="attribution")
