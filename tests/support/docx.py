"""What the DOCX tests share: rendering, reopening, and the model's expected paragraphs.

The expected (style, text) sequence is written here from the model and the issue's
rules, independently of the writer's own code, so a test compares two accounts.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from convert import styles
from convert.model import Answer, Article, Caption, List, ListItem, Paragraph, Question, Quote, Separator, Subheading, Table
from convert.options import Options
from convert.writers import render
from tests.support.structure import as_set

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
EPOCH = dt.datetime(2019, 8, 17, 9, 30, tzinfo=dt.timezone.utc)


def docx_bytes(article: Article, overrides: tuple[str, ...] = (), **options: Any) -> bytes:
    options.setdefault("timestamp", EPOCH)
    return render("docx", article, styles.load("default", overrides), Options(**options))


def expected_paragraphs(article: Article, placeholders: bool = True, overrides: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph the model should give, in order, its
    text as set (typographic quotes and dashes) with the default style and ``overrides``.
    A table's cells are paragraphs of its cells, not of the body."""
    the_style = styles.load("default", overrides)
    article = as_set(article, the_style)
    out: list[tuple[str, str]] = []
    if article.headline is not None:
        out.append(("Headline", no_break_before_last_word(article.headline)))
    dateline = [t for t in (article.dateline.text if article.dateline else None, article.source) if t is not None]
    if dateline:
        out.append(("Dateline", " · ".join(dateline)))
    if article.lead is not None:
        out.append(("Lead", article.lead))
    for block in article.blocks:
        if isinstance(block, Caption):
            if block.photo is not None:
                out.append(("Photo", ""))
            elif placeholders:
                out.append(("Photo Placeholder", ""))
            credit = "" if block.credit is None else (" " + block.credit if block.text else block.credit)
            out.append(("Caption", block.text + credit))
        elif isinstance(block, Subheading):
            out.append(("Subheading", block.text))
        elif isinstance(block, List):
            out += list(_list_paragraphs(block.items))
        elif isinstance(block, (Question, Answer)):
            label = f"{block.speaker}: " if block.speaker else ""
            out.append(("Question" if isinstance(block, Question) else "Answer", label + block.text))
        elif isinstance(block, Quote):
            out.append(("Quote", block.text))
        elif isinstance(block, Separator):
            out.append(("Section Break", the_style.section_break.ornament))
        elif not isinstance(block, Table):
            assert isinstance(block, Paragraph)
            out.append(("Body Text", block.text))
    if article.byline is not None:
        out.append(("Byline", article.byline.text))
    if article.attribution is not None:
        out.append(("Attribution", article.attribution))
    return out


def _list_paragraphs(items: tuple[ListItem, ...]) -> Iterator[tuple[str, str]]:
    """List Number for the items of a numbered (or lettered) list, List Bullet for
    bullets; a nested list's items after their item."""
    name = "List Number" if any(item.ordered for item in items) else "List Bullet"
    for item in items:
        yield name, item.text
        yield from _list_paragraphs(item.items)


def no_break_before_last_word(headline: str) -> str:
    """A headline of three or more words as the DOCX keeps it: its last ordinary space
    a no-break space (U+00A0), so Word never sets the last word alone on a line."""
    words = headline.split(" ")
    if len(words) < 3 or not all(word.strip() for word in words[-2:]) or len(headline.split()) < 3:
        return headline  # a short headline, or one whose last space is not between two words
    return " ".join(words[:-1]) + "\u00a0" + words[-1]


def reopened_paragraphs(data: bytes) -> list[tuple[str, str]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def style_chain_value(styles_root: etree._Element, style_id: str, path: str, attribute: str) -> str | None:
    """A paragraph property as Word resolves it: the style's own, else the nearest
    ``basedOn`` ancestor's (ECMA-376 Part 1 §17.7.2), else None."""
    by_id = {s.get(w("styleId")): s for s in styles_root.findall("w:style", NS)}
    current: str | None = style_id
    while current is not None:
        element = by_id[current].find(path, NS)
        if element is not None and element.get(w(attribute)) is not None:
            return str(element.get(w(attribute)))
        based = by_id[current].find("w:basedOn", NS)
        current = based.get(w("val")) if based is not None else None
    return None
