"""The DOCX package: the entries taken from python-docx are the ones its ``save`` writes.

``package_entries`` does what ``Document.save`` does with python-docx's internals, so that
a DOCX is deflated once (``convert/writers/docx/package.py`` names them). These tests
compare it with ``save`` itself on documents that hold every kind of part vnconv writes
(styles, numbering, a font table, obfuscated fonts, photos, headers and footers): a
python-docx that changes what they rely on fails here.
"""

from __future__ import annotations

import io

import pytest
from docx.document import Document

from convert import styles
from convert.options import Options
from convert.writers.docx.document import word_document
from convert.writers.docx.package import _FIRST_ENTRIES, package_entries, reproducible_zip
from convert.writers.shared import repack, zip_entries
from tests.support.docx import EPOCH
from tests.support.structure import STRUCTURED


def _seed() -> Document:
    from convert.io import load_article
    from tests.conftest import SEED

    return word_document(load_article(str(SEED)), styles.load("default"), Options(timestamp=EPOCH))


def _structured_newspaper_embedded() -> Document:
    return word_document(STRUCTURED, styles.load("newspaper"), Options(timestamp=EPOCH, embed_fonts=True))


def _photos_embedded() -> Document:
    from convert.jobs import load
    from tests.conftest import SAMPLES

    style = styles.load("default")
    article = load(str(SAMPLES / "004_hoi_hoa_ban.txt"), style).article
    return word_document(article, style, Options(timestamp=EPOCH, embed_fonts=True))


DOCUMENTS = {"seed": _seed, "structured, newspaper, fonts": _structured_newspaper_embedded, "photos, fonts": _photos_embedded}


@pytest.fixture(scope="module")
def saved() -> dict[str, tuple[Document, bytes]]:
    """Each document and the zip python-docx's own ``save`` makes of it."""
    out: dict[str, tuple[Document, bytes]] = {}
    for name, build in DOCUMENTS.items():
        document = build()
        zipped = io.BytesIO()
        document.save(zipped)
        out[name] = (document, zipped.getvalue())
    return out


@pytest.mark.parametrize("name", DOCUMENTS)
def test_entries_are_what_save_writes_in_its_order(saved: dict[str, tuple[Document, bytes]], name: str) -> None:
    document, zipped = saved[name]
    entries = package_entries(document)
    from_zip = zip_entries(zipped)
    assert list(entries) == list(from_zip)
    assert entries == from_zip
    assert all(type(blob) is bytes for blob in entries.values())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_docx_is_the_saved_zip_repacked(saved: dict[str, tuple[Document, bytes]], name: str) -> None:
    """The bytes vnconv wrote when it repacked ``save``'s zip, to the byte."""
    document, zipped = saved[name]
    assert reproducible_zip(document, EPOCH) == repack(zipped, EPOCH, first=_FIRST_ENTRIES)


def test_the_documents_hold_every_kind_of_part(saved: dict[str, tuple[Document, bytes]]) -> None:
    """Otherwise the comparisons above would not cover every part a python-docx change could touch."""
    names = {name for document, _ in saved.values() for name in package_entries(document)}
    expected = ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
                "word/fontTable.xml", "word/_rels/fontTable.xml.rels")
    assert set(expected) <= names
    for folder in ("word/media/", "word/fonts/", "word/header", "word/footer"):
        assert any(name.startswith(folder) for name in names), folder
