"""The DOCX package: what the writer writes is what python-docx writes.

The writer writes every part itself (``convert/writers/docx/package.py``, ``document``,
``oxml``), as python-docx 1.2 wrote them when it built the document. Here python-docx
reads each DOCX back and saves it: it re-serializes every part it has a class for (the
document, the style sheet, settings, headers, footers, numbering, core properties) and
writes the content types and every relationship part afresh. Saving must change
nothing, on documents that hold every kind of part vnconv writes (styles, numbering,
a font table, obfuscated fonts, photos, headers and footers, two sections).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import pytest

from convert import styles
from convert.model import Article
from convert.options import Options
from convert.writers import render
from convert.writers.shared import zip_entries
from tests.support.docx import EPOCH
from tests.support.structure import STRUCTURED


def _seed() -> tuple[Article, str, Options]:
    from convert.io import load_article
    from tests.conftest import SEED

    return load_article(str(SEED)), "default", Options(timestamp=EPOCH)


def _structured_newspaper_embedded() -> tuple[Article, str, Options]:
    return STRUCTURED, "newspaper", Options(timestamp=EPOCH, embed_fonts=True)


def _photos_subset() -> tuple[Article, str, Options]:
    from convert.jobs import load
    from tests.conftest import SAMPLES

    return load(str(SAMPLES / "004_hoi_hoa_ban.txt"), styles.load("default")).article, "default", Options(timestamp=EPOCH, embed_fonts=True, subset_fonts=True)


def _page_number_on_top() -> tuple[Article, str, Options]:
    return STRUCTURED, "nd30", Options(timestamp=EPOCH)


DOCUMENTS: dict[str, Callable[[], tuple[Article, str, Options]]] = {
    "seed": _seed,
    "structured, newspaper, fonts": _structured_newspaper_embedded,
    "photos, subset fonts": _photos_subset,
    "page number on top": _page_number_on_top,
}


@pytest.fixture(scope="module")
def written() -> dict[str, bytes]:
    out = {}
    for name, make in DOCUMENTS.items():
        article, style, options = make()
        out[name] = render("docx", article, styles.load(style), options)
    return out


@pytest.mark.parametrize("name", DOCUMENTS)
def test_python_docx_saves_what_it_reads_unchanged(written: dict[str, bytes], name: str) -> None:
    saved = io.BytesIO()
    docx.Document(io.BytesIO(written[name])).save(saved)
    ours, theirs = zip_entries(written[name]), zip_entries(saved.getvalue())
    assert sorted(ours) == sorted(theirs)
    for part in ours:
        assert ours[part] == theirs[part], part


def test_the_documents_hold_every_kind_of_part(written: dict[str, bytes]) -> None:
    """Otherwise the comparison above would not cover every part a python-docx change could touch."""
    names = {name for data in written.values() for name in zip_entries(data)}
    expected = ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
                "word/fontTable.xml", "word/_rels/fontTable.xml.rels")  # fmt: skip
    assert set(expected) <= names
    for folder in ("word/media/", "word/fonts/", "word/header", "word/footer"):
        assert any(name.startswith(folder) for name in names), folder
    assert any(zip_entries(data)["word/document.xml"].count(b"<w:sectPr>") == 2 for data in written.values())


def test_entries_come_first_then_by_name(written: dict[str, bytes]) -> None:
    names = list(zip_entries(written["seed"]))
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
