"""Every preset sets the seed in DOCX and EPUB too (the PDF side is in test_presets.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from convert.model import Article
from convert.readers.plaintext import read_text
from convert.styles import load
from convert.options import Options
from convert.writers import render
from tests.conftest import SEED
from tests.writers.docx_helpers import EPOCH, NS, expected_paragraphs, part, reopened_paragraphs
from tests.writers.epub_support import Book, epubcheck

PRESETS = ("default", "newspaper", "a5", "nd30")


@pytest.fixture(scope="module")
def seed_article() -> Article:
    return read_text(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PRESETS)
def test_docx_of_every_preset_has_the_seed_in_its_styles(name: str, seed_article: Article) -> None:
    style = load(name)
    data = render("docx", seed_article, style, Options(timestamp=EPOCH))
    assert reopened_paragraphs(data) == expected_paragraphs(seed_article, placeholders=style.placeholder.enabled)
    section = part(data, "word/document.xml").findall(".//w:sectPr", NS)[-1]
    size = section.find("w:pgSz", NS)
    twips = 1440 / 25.4
    assert abs(int(size.get(f"{{{NS['w']}}}w")) - style.page.width * twips) < 2
    assert abs(int(size.get(f"{{{NS['w']}}}h")) - style.page.height * twips) < 2
    columns = section.find("w:cols", NS)
    assert int(columns.get(f"{{{NS['w']}}}num", "1")) == style.page.columns


def test_nd30_docx_asks_word_for_times_new_roman_and_numbers_pages_at_the_top_from_page_2(seed_article: Article) -> None:
    data = render("docx", seed_article, load("nd30"), Options(timestamp=EPOCH))
    fonts = part(data, "word/styles.xml").findall(".//w:rFonts", NS)
    assert fonts and {f.get(f"{{{NS['w']}}}ascii") for f in fonts} == {"Times New Roman"}
    settings = part(data, "word/document.xml").find(".//w:sectPr", NS)
    assert settings.find("w:titlePg", NS) is not None  # page 1 has its own (empty) header
    import docx

    section = docx.Document(io.BytesIO(data)).sections[0]
    assert "PAGE" in section.header._element.xml and not section.first_page_header.paragraphs[0].text
    assert "PAGE" not in section.footer._element.xml


def test_epub_of_every_preset_is_clean_and_carries_the_text(seed_article: Article, tmp_path: Path) -> None:
    paths = []
    variants = [(name, load(name)) for name in PRESETS]
    variants.append(("language-subsets", load("default", ["embedding.subset=language"])))
    for name, style in variants:
        data = render("epub", seed_article, style, Options(timestamp=EPOCH))
        book = Book(data)
        text = " ".join(" ".join(doc.itertext()) for doc in book.articles())
        assert all(" ".join(t.split()) in " ".join(text.split()) for t in seed_article.texts())
        path = tmp_path / f"{name}.epub"
        path.write_bytes(data)
        paths.append(path)
    results = epubcheck(paths)
    assert {p.name: r.clean for p, r in results.items()} == {p.name: True for p in paths}, results
