"""The style's ``[epub]`` section: what only the EPUB writer needs (fonts, titles, the
accessibility summary).

A new key is a field here and its value in ``styles/default.toml`` (``convert.sections``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Epub:
    """What only the EPUB writer needs: whether it embeds fonts, its titles, and the
    words it tells readers about the book's accessibility."""

    embed_fonts: bool
    toc_title: str  # heading of a single article's navigation document
    edition_title: str  # "{date}" is replaced by the articles' date or date range
    edition_title_undated: str  # "{count}" is replaced by the number of articles
    landmarks_title: str  # heading of the (hidden) landmarks navigation
    #: schema:accessibilitySummary, in the book's language: what a reader can rely on.
    accessibility_summary: str
