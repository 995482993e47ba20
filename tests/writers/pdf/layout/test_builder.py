"""``story.StoryBuilder`` has every part ``builder.Builder`` names (what ``blocks`` uses)."""

from __future__ import annotations

from convert.styles import load
from convert.writers.pdf.layout.builder import Builder
from convert.writers.pdf.layout.story import StoryBuilder


def test_the_story_builder_has_what_blocks_use() -> None:
    builder = StoryBuilder(load(), 100.0)
    for name in [*Builder.__annotations__, *(n for n in vars(Builder) if not n.startswith("_"))]:
        assert hasattr(builder, name), f"StoryBuilder lacks {name}, which blocks uses"
