"""The ``json`` writer: the article model itself, for archives and other tools.

``vnconv convert --to json`` turns a folder of plain-text articles into
``vnconv.article/1`` files that any writer (or another program) can read back.
"""

from __future__ import annotations

from convert.model import Article, to_json
from convert.options import Options
from convert.styles import Style


def render(article: Article, style: Style, options: Options) -> bytes:
    return (to_json(article) + "\n").encode("utf-8")
