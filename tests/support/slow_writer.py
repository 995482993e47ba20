"""A writer for tests: slow enough that a batch can be interrupted while it runs."""

from __future__ import annotations

import time

from convert.model import Article
from convert.options import Options
from convert.styles import Style


def render(article: Article, style: Style, options: Options) -> bytes:
    time.sleep(0.25)
    return (article.headline or "").encode() * 1000
