"""Photos in the figures of every format: upright, without metadata, sized, alt text, CMYK.

One article with three photos the tests draw (a big landscape stored sideways with
a GPS position, a portrait PNG, and a tiny one for the low-resolution warning) is
rendered once per format; each test reads what it needs back.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

import pytest
from lxml import etree

from convert.model import Article, Caption, Dateline, Paragraph
from convert.options import Options
from convert.styles import Style, load
from convert.writers import render
from tests.support import pdf as pdf_support
from tests.support.docx import NS as DOCX_NS
from tests.support.docx import expected_paragraphs, reopened_paragraphs
from tests.support.epub import NS as EPUB_NS
from tests.support.epub import Book
from tests.support.photos import SIDEWAYS, decode, has_metadata, photo, upright

WHEN = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Rendered:
    article: Article
    style: Style
    pdf: bytes
    pdf_warnings: list[str]
    cmyk: bytes
    docx: bytes
    epub: bytes


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("photos")
    big = photo(folder / "bai-1.jpg", 2400, 1600, orientation=SIDEWAYS, label="1")
    portrait = photo(folder / "bai-2.png", 800, 1200, label="2")
    tiny = photo(folder / "bai-3.jpg", 100, 75)
    body = "Thân bài có đủ dấu tiếng Việt: ầ ẩ ẫ ấ ậ ề ể ễ ế ệ. " * 8
    article = Article(
        headline="Ảnh trong bài",
        dateline=Dateline("17/08/2019", dt.date(2019, 8, 17)),
        source="TTXVN",
        lead="Mở đầu bài viết.",
        blocks=(
            Caption("Ảnh ngang chụp nghiêng", "Ảnh: TTXVN", photo=str(big)),
            Paragraph(body),
            Caption("Ảnh đứng", photo=str(portrait)),
            Paragraph(body),
            Caption("Ảnh nhỏ", photo=str(tiny)),
            Caption("Chú thích không có ảnh"),
        ),
    )
    style = load("default")
    warnings: list[str] = []
    return Rendered(
        article,
        style,
        render("pdf", article, style, Options(timestamp=WHEN, warn=warnings.append)),
        warnings,
        render("pdf", article, style, Options(timestamp=WHEN, cmyk=True, warn=lambda _: None)),
        render("docx", article, style, Options(timestamp=WHEN)),
        render("epub", article, style, Options(timestamp=WHEN)),
    )


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_photos_upright_without_metadata_at_most_max_ppi(rendered: Rendered) -> None:
    images = pdf_support.images(rendered.pdf)
    assert len(images) == 3
    jpegs = [image for image in images if "/DCTDecode" in image.filters]
    assert len(jpegs) == 2  # the JPEGs stay JPEG; the PNG is deflated losslessly
    for image in jpegs:
        assert has_metadata(image.data) == [] and upright(decode(image.data))
    big = max(images, key=lambda image: image.width)
    geometry_width_pt = (rendered.style.page.width - rendered.style.page.margin_left - rendered.style.page.margin_right) / 25.4 * 72
    assert big.width <= round(geometry_width_pt / 72 * rendered.style.photos.max_ppi) + 1
    assert big.width > big.height  # the sideways landscape came out landscape


def test_pdf_figures_keep_their_captions_and_the_text(rendered: Rendered) -> None:
    pdf_support.check_text(rendered.pdf, rendered.article, rendered.style)  # placeholder label only where no photo


def test_pdf_warns_of_a_photo_below_min_ppi_naming_it(rendered: Rendered) -> None:
    assert len(rendered.pdf_warnings) == 1, rendered.pdf_warnings
    warning = rendered.pdf_warnings[0]
    assert warning.startswith(rendered.article.blocks[4].photo + ": ")  # type: ignore[union-attr,operator]
    assert " ppi where it is placed (100×75 px" in warning and "photos.min_ppi (200)" in warning


def test_pdf_cmyk_photos_are_cmyk(rendered: Rendered) -> None:
    images = pdf_support.images(rendered.cmyk)
    assert len(images) == 3 and {image.color_space for image in images} == {"/DeviceCMYK"}
    assert all(upright(decode(image.data)) for image in images)
    assert {image.color_space for image in pdf_support.images(rendered.pdf)} >= {"/DeviceRGB"}  # the check can fail
    assert not pdf_support.rgb_images(rendered.cmyk) and pdf_support.rgb_images(rendered.pdf)
    assert b"/DeviceRGB" not in rendered.cmyk


def test_pdfx_photos_are_cmyk_too(rendered: Rendered) -> None:
    data = render("pdf", rendered.article, rendered.style, Options(timestamp=WHEN, pdfx=True, warn=lambda _: None))
    assert data.startswith(b"%PDF-1.3")
    assert {image.color_space for image in pdf_support.images(data)} == {"/DeviceCMYK"}


# --- DOCX --------------------------------------------------------------------------------


def test_docx_pictures_in_photo_paragraphs_with_alt_text(rendered: Rendered) -> None:
    assert reopened_paragraphs(rendered.docx) == expected_paragraphs(rendered.article)
    with zipfile.ZipFile(io.BytesIO(rendered.docx)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        media = {name: package.read(name) for name in package.namelist() if name.startswith("word/media/")}
    described = [d.get("descr") for d in document.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert described == ["Ảnh ngang chụp nghiêng", "Ảnh đứng", "Ảnh nhỏ"]
    assert len(media) == 3
    for data in media.values():
        image = decode(data)
        assert has_metadata(data) == [] and upright(image) and max(image.size) <= rendered.style.photos.long_edge
    extents = [int(e.get("cx")) for e in document.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")]
    text_width_emu = (rendered.style.page.width - rendered.style.page.margin_left - rendered.style.page.margin_right) * 36000
    assert extents[0] == pytest.approx(text_width_emu, abs=1) and all(e <= text_width_emu + 1 for e in extents)
    assert document.findall(".//w:pStyle[@w:val='PhotoPlaceholder']", DOCX_NS)  # the caption without a photo


# --- EPUB --------------------------------------------------------------------------------


def test_epub_images_in_the_package_with_alt_text(rendered: Rendered) -> None:
    book = Book(rendered.epub)
    items = [i for i in book.manifest().values() if i.get("media-type", "").startswith("image/")]
    assert sorted(i.get("media-type") for i in items) == ["image/jpeg", "image/jpeg", "image/png"]
    (article,) = book.articles()
    figures = article.findall(".//x:figure", EPUB_NS)
    # Each photo is described by its caption, read once: the image itself is presentation.
    described = [("".join(f.find("x:figcaption", EPUB_NS).itertext()), f.find("x:img", EPUB_NS)) for f in figures]
    images = [(caption, img.get("alt"), img.get("role")) for caption, img in described if img is not None]
    assert [(c.split(" Ảnh:")[0], alt, role) for c, alt, role in images] == [
        (text, "", "presentation") for text in ("Ảnh ngang chụp nghiêng", "Ảnh đứng", "Ảnh nhỏ")
    ] and len(figures) == 4
    for item in items:
        data = book.files[book.path(item.get("href"))]
        image = decode(data)
        assert has_metadata(data) == [] and upright(image) and max(image.size) <= rendered.style.photos.long_edge
    assert "figure img" in book.css()


def test_same_input_same_bytes(rendered: Rendered) -> None:
    again = Options(timestamp=WHEN, warn=lambda _: None)
    for fmt in ("pdf", "docx", "epub"):
        assert render(fmt, rendered.article, rendered.style, again) == getattr(rendered, fmt)
