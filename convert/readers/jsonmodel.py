"""The JSON model reader: a ``vnconv.article/1`` document, validated and cleaned.

A model written by another tool is trusted for its structure (``from_json`` checks
that) but not for its characters: it gets the same clean-up as plain text, so no
control character or lone surrogate ever reaches a writer.
"""

from __future__ import annotations

from convert.model import Article, from_json
from convert.readers.plaintext import Warn
from convert.text import clean, fold


def read_model(text: str, warn: Warn | None = None) -> Article:
    removed = 0

    def tidy(value: str) -> str:
        nonlocal removed
        cleaned = clean(value)
        removed += cleaned.removed
        return fold(cleaned.text)

    article = from_json(text).map_text(tidy)
    if removed and warn is not None:
        warn(f"removed {removed} control or non-character code point(s)")
    return article
