"""Fixtures the PDF tests share: the seed article and its PDF in the default style."""

from __future__ import annotations

import pytest

from convert.model import Article
from convert.readers.plaintext import read_text
from tests.support.pdf import render_pdf


@pytest.fixture(scope="session")
def seed_article() -> Article:
    from tests.conftest import SEED

    return read_text(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_pdf(seed_article: Article) -> bytes:
    return render_pdf(seed_article)
