"""The ``json`` writer: the article model itself, for archives and other tools.

``vnconv convert --to json`` turns a folder of plain-text articles into
``vnconv.article`` files (version 1, or 2 when the body has lists, tables, quotations,
interviews or separators) that any writer (or another program) can read back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from convert.model import Article, to_json
from convert.options import Options

if TYPE_CHECKING:
    from convert.styles import Style


def render(article: Article, style: Style, options: Options = Options()) -> bytes:
    """The model as ``vnconv.article`` JSON, one object and a newline; the style plays no part."""
    return (to_json(article) + "\n").encode("utf-8")
