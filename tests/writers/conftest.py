"""Fixtures the writer tests share: the styles they render with (styles are immutable)."""

from __future__ import annotations

import pytest

from convert import styles
from convert.styles import Style


@pytest.fixture(scope="session")
def style() -> Style:
    return styles.load("default")


@pytest.fixture(scope="session")
def plain_style() -> Style:
    """No fonts embedded in the EPUB: the text path alone, fast."""
    return styles.load("default", ["epub.embed_fonts=false"])
