"""The style's ``[epub]`` section: what only the EPUB writer needs (fonts, titles).

A new key is a field here and its value in ``styles/default.toml`` (``convert.sections``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Epub:
    """What only the EPUB writer needs: whether it embeds fonts, and its titles."""

    embed_fonts: bool
    toc_title: str  # heading of a single article's navigation document
    edition_title: str  # "{date}" is replaced by the articles' date or date range
    edition_title_undated: str  # "{count}" is replaced by the number of articles
