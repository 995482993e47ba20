"""``[separators]`` in the style reach all three writers alike."""

from __future__ import annotations

import io

from convert.model import Article, Caption, Dateline
from convert.options import Options
from convert.styles import load
from convert.writers import render
from tests.support.docx import EPOCH, reopened_paragraphs
from tests.support.epub import Book

ARTICLE = Article(
    headline="Tiêu đề",
    dateline=Dateline("17/08/2019"),
    source="LSO",
    lead="Mở đầu.",
    blocks=(Caption("Quang cảnh hội nghị", "Ảnh: TTXVN"),),
)
STYLE = load("default", ['separators.source=" / "', 'separators.credit=" — "'])


def test_pdf_uses_the_style_separators() -> None:
    from pypdf import PdfReader

    data = render("pdf", ARTICLE, STYLE, Options(timestamp=EPOCH))
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "17/08/2019 / LSO" in text
    assert "Quang cảnh hội nghị — Ảnh: TTXVN" in text


def test_docx_uses_the_style_separators() -> None:
    paragraphs = dict(reopened_paragraphs(render("docx", ARTICLE, STYLE, Options(timestamp=EPOCH))))
    assert paragraphs["Dateline"] == "17/08/2019 / LSO"
    assert paragraphs["Caption"] == "Quang cảnh hội nghị — Ảnh: TTXVN"


def test_epub_uses_the_style_separators() -> None:
    book = Book(render("epub", ARTICLE, STYLE, Options(timestamp=EPOCH)))
    assert '.dateline .date + .source::before {\n  content: "/\u00a0";\n}' in book.css()
    (document,) = book.articles()
    figcaption = next(el for el in document.iter() if el.tag.endswith("figcaption"))
    assert "".join(figcaption.itertext()) == "Quang cảnh hội nghị — Ảnh: TTXVN"
