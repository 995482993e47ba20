"""The EPUB writer: an EPUB 3 book of one article, or an edition of several.

``book`` assembles the package and its metadata; ``xhtml`` writes each article's
content document (``structure`` its lists, tables, quotations and interviews), ``css``
the style sheet, and ``fonts`` picks the faces and the
characters each subset must hold; ``accessibility`` the EPUB Accessibility 1.1
metadata and ``nav`` the navigation's landmarks; ``settings`` declares the style's
``[epub]`` section; ``package`` the container, the package document and the NCX, and
``markup`` writes every XML file as text, as ebooklib and lxml did (neither is imported).
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
    from convert.writers.epub.book import make_book

    return make_book([article], style, options, title=None, edition=False)


def preload(style: Style, options: Options) -> None:
    """The writer imported; with ``epub.embed_fonts``, every face a role
    may set text in opened for HarfBuzz, which cuts the subsets."""
    from convert import fonts
    from convert.writers.epub.book import make_book  # noqa: F401

    if style.epub.embed_fonts:
        fonts.open_faces(style.role_faces())


def render_edition(
    articles: Sequence[Article],
    style: Style,
    options: Options = Options(),
    title: str | None = None,
    article_warnings: Sequence[Warn] | None = None,
) -> bytes:
    """Several articles as one edition, in the given order, with a contents page first.

    The title defaults to the style's ``epub.edition_title`` with the articles'
    common date (``Số ra ngày 17/08/2019``), or their date range; a given title is
    cleaned like an article's text. ``article_warnings`` (one per article) receive
    what concerns one article, so a warning can name its input file; the rest goes
    to ``options.warn``.
    """
    from convert.text import clean, fold
    from convert.writers.epub.book import edition_title, make_book

    if not articles:
        raise ValueError("an edition needs at least one article")
    chosen = fold(clean(title).text) if title else ""
    return make_book(articles, style, options, chosen or edition_title(articles, style), True, article_warnings)
