"""EPUB Accessibility 1.1: the package's metadata and language, and the markup Ace
and a screen reader rely on (alternative text, headings, table headers, landmarks,
EPUB types with their ARIA roles); and Ace itself where it is installed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from lxml import etree

from convert import styles
from convert.model import Article, Caption, Dateline, List, ListItem, Paragraph, Subheading, Table
from convert.styles import Style
from convert.writers import epub as writer
from convert.writers.epub.accessibility import CONFORMS_TO, conformance_failures, contrast
from tests.support import ace
from tests.support.epub import NS, XML_LANG, Book
from tests.support.photos import photo

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
#: The ARIA role each EPUB structural type vnconv writes must carry (DPUB-ARIA 1.1);
#: ``landmarks`` has none.
ROLES = {"toc": "doc-toc", "page-list": "doc-pagelist", "pagebreak": "doc-pagebreak"}  # the last two for a page list


def article(*blocks: object, headline: str = "Lễ hội Hoa Ban", language: str = "vi") -> Article:
    return Article(
        headline=headline,
        dateline=Dateline("Thứ bảy, 17/08/2019"),
        lead="Sáng nay, lễ hội khai mạc.",
        blocks=tuple(blocks),  # type: ignore[arg-type]
        language=language,
    )


def structured() -> Article:
    """Every kind of block a screen reader must be told apart: subheadings, a list, a table."""
    return article(
        Paragraph("Đoạn mở đầu."),
        Subheading("Những con số"),
        List((ListItem("1.", "Một"), ListItem("2.", "Hai"))),
        Table((("Chỉ tiêu", "2023", "2024"), ("Lúa", "1", "2")), header=True),
        Caption("Quang cảnh lễ hội.", "Ảnh: TTXVN"),
    )


@pytest.fixture(scope="module")
def photo_book(plain_style: Style) -> Book:
    with tempfile.TemporaryDirectory() as tmp:
        captioned = str(photo(Path(tmp) / "a.jpg"))
        credited = str(photo(Path(tmp) / "b.jpg", label="b"))
        model = article(Caption("Du khách xem hoa ban.", "Ảnh: TTXVN", captioned), Caption("", "Ảnh: QUANG HƯNG", credited))
        return Book(writer.render(model, plain_style))


def meta(book: Book, name: str) -> list[str]:
    return book.meta_property(name)


def documents(book: Book) -> list[etree._Element]:
    return [*book.articles(), book.xml(book.nav_href())]


# --- the package -----------------------------------------------------------------------


def test_the_package_names_its_language(plain_style: Style) -> None:
    assert Book(writer.render(article(), plain_style)).opf.get(XML_LANG) == "vi"
    assert Book(writer.render(article(language="en-GB"), plain_style)).opf.get(XML_LANG) == "en-GB"


def test_a_book_without_photos_is_textual(plain_style: Style) -> None:
    book = Book(writer.render(structured(), plain_style))
    assert meta(book, "schema:accessMode") == ["textual"]
    assert meta(book, "schema:accessModeSufficient") == ["textual"]
    features = meta(book, "schema:accessibilityFeature")
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"} <= set(features)
    assert "alternativeText" not in features  # nothing to give alternative text to
    assert "printPageNumbers" not in features  # no page list (not built yet)
    assert meta(book, "schema:accessibilityHazard") == ["none"]
    assert meta(book, "schema:accessibilitySummary") == [plain_style.epub.accessibility_summary]


def test_a_book_with_photos_is_visual_too(photo_book: Book, plain_style: Style, tmp_path: Path) -> None:
    assert meta(photo_book, "schema:accessMode") == ["textual", "visual"]
    # One photo has only a credit: it names who took it, not what it shows.
    assert meta(photo_book, "schema:accessModeSufficient") == ["textual,visual"]
    assert meta(photo_book, "dcterms:conformsTo") == []
    assert "alternativeText" in meta(photo_book, "schema:accessibilityFeature")
    captioned = Book(writer.render(article(Caption("Hoa ban.", "Ảnh: TTXVN", str(photo(tmp_path / "a.jpg")))), plain_style))
    assert meta(captioned, "schema:accessModeSufficient") == ["textual", "textual,visual"]
    assert meta(captioned, "dcterms:conformsTo") == [CONFORMS_TO]


def test_the_summary_comes_from_the_style() -> None:
    style = styles.load("default", ["epub.embed_fonts=false", "epub.accessibility_summary=Tóm tắt riêng"])
    assert meta(Book(writer.render(article(), style)), "schema:accessibilitySummary") == ["Tóm tắt riêng"]


def test_conformance_is_claimed_only_when_the_text_contrast_holds(plain_style: Style) -> None:
    book = Book(writer.render(article(), plain_style))
    assert meta(book, "dcterms:conformsTo") == [CONFORMS_TO]
    assert meta(book, "a11y:certifiedBy") == ["vnconv"]
    pale = styles.load("default", ["epub.embed_fonts=false", "text.body.color=#AAAAAA"])
    assert conformance_failures(pale) == ["text.body: #AAAAAA on #FFFFFF has contrast 2.32:1, below 4.5:1"]
    pale_book = Book(writer.render(article(), pale))
    assert meta(pale_book, "dcterms:conformsTo") == meta(pale_book, "a11y:certifiedBy") == []
    assert meta(pale_book, "schema:accessibilitySummary")  # the rest is still said


def test_a_photo_with_no_words_at_all_is_not_claimed(plain_style: Style, tmp_path: Path) -> None:
    mute = article(Caption("", None, str(photo(tmp_path / "a.jpg"))))
    book = Book(writer.render(mute, plain_style))
    assert meta(book, "dcterms:conformsTo") == []
    assert meta(book, "schema:accessModeSufficient") == ["textual,visual"]
    assert book.articles()[0].find(".//x:img", NS).get("alt") == ""
    assert conformance_failures(plain_style, [mute]) == [f"a photo without a caption ({mute.blocks[0].photo})"]


@pytest.mark.parametrize("name", ["default", "newspaper", "nd30", "a5"])
def test_every_preset_meets_the_contrast_it_claims(name: str) -> None:
    assert conformance_failures(styles.load(name)) == []


def test_contrast_is_wcags_ratio() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes on white
    assert contrast("#FFFFFF", "#767676") == contrast("#767676", "#FFFFFF")


# --- the markup ------------------------------------------------------------------------


def test_a_captioned_photo_is_described_by_its_caption_once(photo_book: Book) -> None:
    figures = photo_book.articles()[0].findall(".//x:figure", NS)
    captioned, credited = (figure.find("x:img", NS) for figure in figures)
    assert captioned.get("alt") == "" and captioned.get("role") == "presentation"
    assert "".join(figures[0].find("x:figcaption", NS).itertext()).startswith("Du khách xem hoa ban.")
    assert credited.get("alt") == "Ảnh: QUANG HƯNG" and credited.get("role") is None


def test_every_image_has_alternative_text(photo_book: Book) -> None:
    for image in photo_book.articles()[0].iter(f"{{{NS['x']}}}img"):
        assert image.get("alt") is not None
        if image.get("alt") == "":
            assert image.get("role") == "presentation"
            assert image.getparent().find("x:figcaption", NS) is not None


def test_headings_never_skip_a_level(plain_style: Style) -> None:
    book = Book(writer.render_edition([structured(), article(Subheading("Phần hai"), headline="Bài hai")], plain_style))
    for document in documents(book):
        levels = [int(etree.QName(h).localname[1]) for h in document.iter() if etree.QName(h).localname in ("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels
        for before, after in zip([levels[0] - 1, *levels], levels, strict=False):
            assert after <= before + 1, levels


def test_table_headers_have_their_scope(plain_style: Style) -> None:
    cells = Book(writer.render(structured(), plain_style)).articles()[0].findall(".//x:th", NS)
    assert [c.text for c in cells] == ["Chỉ tiêu", "2023", "2024"]
    assert {c.get("scope") for c in cells} == {"col"}


def test_every_epub_type_has_its_aria_role(plain_style: Style) -> None:
    book = Book(writer.render_edition([structured(), article()], plain_style))
    typed = 0
    for document in documents(book):
        for element in document.iter():
            kind = element.get(EPUB_TYPE)
            if kind is None or any(a.get(EPUB_TYPE) == "landmarks" for a in element.iterancestors()):
                continue  # the landmarks' links name the part they point to, not a role
            typed += 1
            assert kind in ROLES or kind == "landmarks", kind
            if kind in ROLES:
                assert element.get("role") == ROLES[kind]
    assert typed >= 2  # the contents and the landmarks


# --- Ace by DAISY ----------------------------------------------------------------------


def test_ace_finds_no_violation(tmp_path: Path, style: Style) -> None:
    """Ace on a book with every kind of block and a photo, in the default style (with
    its fonts): the check ``make a11y`` runs on the samples, kept to one book here."""
    reason = ace.missing()
    if reason is not None:
        pytest.skip(reason)
    picture = str(photo(tmp_path / "a.jpg"))
    book = tmp_path / "book.epub"
    book.write_bytes(writer.render(article(*structured().blocks, Caption("Hoa ban.", "Ảnh: TTXVN", picture)), style))
    assert ace.check(book, tmp_path / "report") == []
