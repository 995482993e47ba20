"""The EPUB writer: an EPUB 3 book of one article, or an edition of several (ebooklib).

``book`` assembles the package and its metadata; ``xhtml`` writes each article's
content document, ``css`` the style sheet, and ``fonts`` picks the faces and the
characters each subset must hold; ``settings`` declares the style's ``[epub]``
section. ebooklib and lxml are imported only when a book is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from convert.options import Options, Warn

if TYPE_CHECKING:
    from convert.model import Article
    from convert.styles import Style


def render(article: Article, style: Style, options: Options = Options()) -> bytes:
    """One article as a book titled by its headline."""
    from convert.writers.epub.book import render as render_book

    return render_book(article, style, options)


def render_edition(
    articles: Sequence[Article],
    style: Style,
    options: Options = Options(),
    title: str | None = None,
    article_warnings: Sequence[Warn] | None = None,
) -> bytes:
    """Several articles as one edition, in the given order, with a contents page first
    (see ``book.render_edition``)."""
    from convert.writers.epub.book import render_edition as render_book_edition

    return render_book_edition(articles, style, options, title, article_warnings)
