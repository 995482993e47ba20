"""The ``txt`` writer: the article as clean plain text, in the convention vnconv reads.

An archive of TCVN3, VNI or mojibake files can be cleaned once and kept: the output is
UTF-8 (no byte-order mark), NFC, with LF line ends, laid out the way the plain-text
reader expects an article (README, "What the reader recognises"):

    date line
    <blank>
    headline
    <blank>
    SLUG - lead
    <blank>
    paragraph, or subheading
    <blank><blank>
    caption (Ảnh: credit)
    <blank>
    byline
    <blank>
    (Theo ...)

so reading the output gives the same model (tested over generated articles and the
samples). Each part is one line: a model's own line breaks and runs of spaces become
one space, as the reader would have folded them. Nothing here is typographic, so the
style is not consulted.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from convert.model import Article, Caption

if TYPE_CHECKING:
    from convert.styles import Style
    from convert.options import Options


def render(article: Article, style: Style, options: Options) -> bytes:
    return text(article).encode("utf-8")


def text(article: Article) -> str:
    """The article as plain text: one part a line, blank lines between parts."""
    parts: list[tuple[int, str]] = []  # (blank lines before, the part's line)
    if article.dateline is not None:
        parts.append((1, article.dateline.text))
    if article.headline is not None:
        parts.append((1, article.headline))
    if article.lead is not None or article.source is not None:
        slug = f"{article.source} - " if article.source is not None else ""
        parts.append((1, (slug + (article.lead or "")).rstrip()))
    for block in article.blocks:
        if isinstance(block, Caption):
            credit = f" ({block.credit})" if block.credit else ""
            parts.append((2, block.text + credit))  # two blank lines set a caption off
        else:
            parts.append((1, block.text))
    if article.byline is not None:
        parts.append((1, article.byline.text))
    if article.attribution is not None:
        parts.append((1, f"({article.attribution})"))
    lines: list[str] = []
    for blanks, part in parts:
        if lines:
            lines.extend([""] * blanks)
        lines.append(" ".join(part.split()))
    return unicodedata.normalize("NFC", "\n".join(lines) + "\n") if lines else ""


__all__ = ["render", "text"]
