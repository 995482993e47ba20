"""The DOCX writer: a Word file whose paragraph styles carry the structure.

``document`` writes the document's parts, ``structure`` the paragraphs and tables of
the body's lists, tables, quotations and interviews; ``styles`` names the Word styles
and the roles they hold; ``oxml`` writes the Open XML itself (the style sheet,
paragraphs, fields, settings, the font table); ``fonts`` embeds obfuscated faces
(``--embed-fonts``), ``renaming`` names a subset after itself; ``package`` holds the
OPC package and the reproducible zip; ``skeleton`` what python-docx contributes (its
starting XML of headers, footers and pictures), made by python-docx once and kept in
vnconv's cache; ``settings`` declares the style's ``[docx]`` section.
python-docx is imported only to make that skeleton, once per installed python-docx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from convert.options import Options

if TYPE_CHECKING:
    from convert.model import Article
    from convert.styles import Style


def render(article: Article, style: Style, options: Options = Options()) -> bytes:
    """The article as DOCX bytes; byte-identical for the same input when ``options.timestamp`` is set."""
    from convert.writers.docx.document import render as render_document

    return render_document(article, style, options)


def preload(style: Style, options: Options) -> None:
    """The writer imported and python-docx's skeleton read (its fonts are read when it
    renders: a few OS/2 fields, and subsets only with ``--embed-fonts``)."""
    from convert.writers.docx.document import render as render_document  # noqa: F401
    from convert.writers.docx.skeleton import skeleton

    skeleton()
