"""A writer for tests: fails, after doing some work, for articles whose headline says HỎNG."""

from __future__ import annotations

from convert.model import Article
from convert.options import Options
from convert.styles import Style


def render(article: Article, style: Style, options: Options) -> bytes:
    if article.headline and "HỎNG" in article.headline:
        raise RuntimeError("writer broke midway")
    return (article.headline or "").encode()
