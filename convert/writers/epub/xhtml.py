"""One article as an XHTML content document: semantic HTML5 built with lxml.

The markup says what each part is (``article``, ``header``, ``h1``, ``p.lead``,
``figure``/``figcaption``, lists, tables, ``blockquote`` and the rest of the body's
structure (``structure``), ``footer``) and leaves its look to the style sheet. The
tree is built element by element and serialised by lxml, so text that looks like
markup (``<b>x</b>``, ``&amp;``, ``]]>``) stays text. While building, the document
notes which text role sets each piece of text: those notes decide the characters
each embedded font subset must hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from convert.model import Article, Caption, Paragraph, Subheading
from convert.styles import Style
from convert.writers.epub import structure
from convert.writers.epub.builder import XHTML, Builder
from convert.writers.epub.css import source_separator

XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class Document:
    """A content document and the (role, text) pieces it sets, in reading order."""

    content: bytes
    pieces: list[tuple[str, str]] = field(default_factory=list)


def article_document(article: Article, style: Style, stylesheet: str, images: Mapping[str, str] | None = None) -> Document:
    """The XHTML of one article; ``stylesheet`` is the CSS URL relative to the document,
    ``images`` the URL of each caption's photo (by its path in the model)."""
    build = Builder()
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML})
    html.set("lang", article.language)
    html.set(XML_LANG, article.language)
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
    content = etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>", pretty_print=True)
    return Document(content, build.pieces)


def _header(build: Builder, parent: etree._Element, article: Article, style: Style) -> None:
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


def _figure(build: Builder, parent: etree._Element, caption: Caption, style: Style, image: str | None) -> None:
    """The photo (``image``: its URL) with the caption as its alternative text, or the
    placeholder box; then the caption."""
    if not caption.text and not caption.credit and image is None:
        return
    figure = build.element(parent, "figure")
    placeholder = style.placeholder
    if image is not None:
        build.element(figure, "img", src=image, alt=caption.text or caption.credit or "")
        build.pieces.append(("caption", caption.text))  # the alt text is shown where the photo is not
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


def _footer(build: Builder, parent: etree._Element, article: Article) -> None:
    byline = article.byline.text if article.byline else None
    if not byline and not article.attribution:
        return
    footer = build.element(parent, "footer")
    if byline:
        build.text(footer, "p", "byline", byline, class_="byline")
    if article.attribution:
        build.text(footer, "p", "attribution", article.attribution, class_="attribution")
