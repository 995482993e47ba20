"""``--pdfx``: the PDF/X-1a:2001 requirements of ISO 15930-1:2001 that can be checked
from the file itself, read back with pypdf, one assertion each.

What cannot be checked from the file (that the CMYK values suit the declared press,
that the named condition is the one the printer runs) is the user's to agree with
the print shop; the README says so.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from convert.model import Article
from convert.options import Options
from convert.writers import render
from tests.support.pdf import RGB_OPERATORS, TIMESTAMP, color_operators, style

#: Colour spaces PDF/X-1a allows: CMYK, grey, and spot colours (Separation, DeviceN).
_ALLOWED_SPACES = {"/DeviceCMYK", "/DeviceGray", "/Separation", "/DeviceN", "/Pattern", "/Indexed"}


def _pdfx(article: Article, **options: Any) -> bytes:
    return render("pdf", article, style(), Options(timestamp=TIMESTAMP, pdfx=True, **options))


@pytest.fixture(scope="module", params=["plain", "bleed and crop marks"])
def pdfx_file(request: pytest.FixtureRequest, seed_article: Article) -> tuple[bytes, pypdf.PdfReader]:
    options = {"bleed": 3.0, "crop_marks": True} if request.param != "plain" else {}
    data = _pdfx(seed_article, **options)
    return data, pypdf.PdfReader(io.BytesIO(data))


# --- walking the file ---------------------------------------------------------------------


def _objects(reader: pypdf.PdfReader) -> Iterator[DictionaryObject]:
    """Every dictionary (and stream) reachable from the trailer, once each."""
    seen: set[int] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(value for key, value in item.items() if key not in ("/Parent", "/P"))
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _info(reader: pypdf.PdfReader) -> DictionaryObject:
    return reader.trailer["/Info"].get_object()


def _intents(reader: pypdf.PdfReader) -> list[DictionaryObject]:
    intents = reader.trailer["/Root"].get_object().get("/OutputIntents", [])
    return [i.get_object() for i in intents if i.get_object().get("/S") == "/GTS_PDFX"]


def _box(page: pypdf.PageObject, name: str) -> tuple[float, ...] | None:
    value = page.get(name)
    return tuple(float(v) for v in value) if value is not None else None


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    eps = 0.01
    return inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps and inner[2] <= outer[2] + eps and inner[3] <= outer[3] + eps


def _space_family(value: Any) -> str:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return str(value[0]) if isinstance(value, ArrayObject) else str(value)


# --- the requirements, one assertion each ---------------------------------------------------


def pdf_version_is_1_3(data: bytes, reader: pypdf.PdfReader) -> None:
    """PDF/X-1a:2001 is based on PDF 1.3."""
    assert data.startswith(b"%PDF-1.3")


def one_pdfx_output_intent(data: bytes, reader: pypdf.PdfReader) -> None:
    assert len(_intents(reader)) == 1


def intent_names_its_condition(data: bytes, reader: pypdf.PdfReader) -> None:
    assert str(_intents(reader)[0].get("/OutputConditionIdentifier", "")) == style().pdf.output_condition == "FOGRA39"


def intent_is_registered_or_carries_a_profile(data: bytes, reader: pypdf.PdfReader) -> None:
    """A registered characterization (RegistryName) needs no DestOutputProfile."""
    intent = _intents(reader)[0]
    assert intent.get("/RegistryName") == "http://www.color.org" or "/DestOutputProfile" in intent


def intent_has_info(data: bytes, reader: pypdf.PdfReader) -> None:
    assert str(_intents(reader)[0].get("/Info", "")).strip()


def info_has_pdfx_version(data: bytes, reader: pypdf.PdfReader) -> None:
    assert _info(reader).get("/GTS_PDFXVersion") == "PDF/X-1:2001"


def info_has_pdfx_conformance(data: bytes, reader: pypdf.PdfReader) -> None:
    assert _info(reader).get("/GTS_PDFXConformance") == "PDF/X-1a:2001"


def info_has_a_title(data: bytes, reader: pypdf.PdfReader) -> None:
    assert str(_info(reader).get("/Title", "")).strip()


def info_has_creation_date(data: bytes, reader: pypdf.PdfReader) -> None:
    assert str(_info(reader).get("/CreationDate", "")).startswith("D:")


def info_has_modification_date(data: bytes, reader: pypdf.PdfReader) -> None:
    assert str(_info(reader).get("/ModDate", "")).startswith("D:")


def trapped_is_true_or_false(data: bytes, reader: pypdf.PdfReader) -> None:
    assert _info(reader).get("/Trapped") in ("/True", "/False")


def trailer_has_a_document_id(data: bytes, reader: pypdf.PdfReader) -> None:
    ids = reader.trailer.get("/ID")
    assert ids is not None and len(ids) == 2 and all(len(getattr(part, "original_bytes", part)) >= 16 for part in ids)


def not_encrypted(data: bytes, reader: pypdf.PdfReader) -> None:
    assert "/Encrypt" not in reader.trailer


def every_page_has_a_trim_box(data: bytes, reader: pypdf.PdfReader) -> None:
    assert all("/TrimBox" in page or "/ArtBox" in page for page in reader.pages)


def page_boxes_are_nested(data: bytes, reader: pypdf.PdfReader) -> None:
    """TrimBox within BleedBox (when there is one), both within the MediaBox."""
    nested = []
    for page in reader.pages:
        media, trim = _box(page, "/MediaBox"), _box(page, "/TrimBox")
        bleed = _box(page, "/BleedBox") or media
        nested.append(media is not None and trim is not None and bleed is not None and _inside(trim, bleed) and _inside(bleed, media))
    assert all(nested)


def every_font_is_embedded(data: bytes, reader: pypdf.PdfReader) -> None:
    descriptors = [o for o in _objects(reader) if o.get("/Type") == "/FontDescriptor"]
    fonts = [o for o in _objects(reader) if o.get("/Type") == "/Font" and o.get("/Subtype") != "/Type0"]
    embedded = [d for d in descriptors if {"/FontFile", "/FontFile2", "/FontFile3"} & set(d)]
    assert fonts and len(embedded) == len(descriptors) == len([f for f in fonts if "/FontDescriptor" in f]) == len(fonts)


def only_cmyk_grey_or_spot_colour_spaces(data: bytes, reader: pypdf.PdfReader) -> None:
    used = set()
    for obj in _objects(reader):
        for space in obj.get("/ColorSpace", {}).values() if isinstance(obj.get("/ColorSpace"), DictionaryObject) else []:
            used.add(_space_family(space))
        if obj.get("/Subtype") == "/Image":
            used.add(_space_family(obj.get("/ColorSpace")))
    assert used <= _ALLOWED_SPACES and b"/DeviceRGB" not in data and b"/ICCBased" not in data and b"/Lab" not in data


def no_rgb_colour_operators(data: bytes, reader: pypdf.PdfReader) -> None:
    assert not {op for _, op, _ in color_operators(data)} & RGB_OPERATORS


def no_transparency(data: bytes, reader: pypdf.PdfReader) -> None:
    """No alpha, blend mode or soft mask in a graphics state, no transparency group, no SMask image."""
    offending = []
    for obj in _objects(reader):
        for key in ("/CA", "/ca"):
            if key in obj and float(obj[key]) != 1:
                offending.append(key)
        if obj.get("/BM") not in (None, "/Normal", "/Compatible") or obj.get("/SMask") not in (None, "/None"):
            offending.append("blend or mask")
        if isinstance(obj.get("/Group"), DictionaryObject) and obj["/Group"].get("/S") == "/Transparency":
            offending.append("/Group")
    assert not offending


def no_lzw_jbig2_or_jpeg2000(data: bytes, reader: pypdf.PdfReader) -> None:
    filters = set()
    for obj in _objects(reader):
        value = obj.get("/Filter")
        if value is not None:
            filters |= {str(f) for f in value} if isinstance(value, ArrayObject) else {str(value)}
    assert not filters & {"/LZWDecode", "/JBIG2Decode", "/JPXDecode"}


def no_actions_or_javascript(data: bytes, reader: pypdf.PdfReader) -> None:
    keys = {"/OpenAction", "/AA", "/JS", "/JavaScript", "/A"}
    assert not any(keys & set(obj) for obj in _objects(reader))


def no_annotations_or_forms(data: bytes, reader: pypdf.PdfReader) -> None:
    """Annotations and form fields are forbidden inside the BleedBox and TrimBox; vnconv makes none."""
    root = reader.trailer["/Root"].get_object()
    assert "/AcroForm" not in root and not any(page.get("/Annots") for page in reader.pages)


def no_postscript_transfer_functions_halftones_or_opi(data: bytes, reader: pypdf.PdfReader) -> None:
    keys = {"/TR", "/TR2", "/HT", "/OPI"}
    postscript = [o for o in _objects(reader) if o.get("/Subtype") == "/PS"]
    assert not postscript and not any(keys & set(obj) for obj in _objects(reader)) and b" PS\n" not in data


def no_alternate_images_or_file_specifications(data: bytes, reader: pypdf.PdfReader) -> None:
    keys = {"/Alternates", "/EmbeddedFiles", "/EF", "/FileSpec"}
    assert not any(keys & set(obj) or obj.get("/Type") == "/Filespec" for obj in _objects(reader))


REQUIREMENTS: list[Callable[[bytes, pypdf.PdfReader], None]] = [
    pdf_version_is_1_3,
    one_pdfx_output_intent,
    intent_names_its_condition,
    intent_is_registered_or_carries_a_profile,
    intent_has_info,
    info_has_pdfx_version,
    info_has_pdfx_conformance,
    info_has_a_title,
    info_has_creation_date,
    info_has_modification_date,
    trapped_is_true_or_false,
    trailer_has_a_document_id,
    not_encrypted,
    every_page_has_a_trim_box,
    page_boxes_are_nested,
    every_font_is_embedded,
    only_cmyk_grey_or_spot_colour_spaces,
    no_rgb_colour_operators,
    no_transparency,
    no_lzw_jbig2_or_jpeg2000,
    no_actions_or_javascript,
    no_annotations_or_forms,
    no_postscript_transfer_functions_halftones_or_opi,
    no_alternate_images_or_file_specifications,
]


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=lambda r: r.__name__)
def test_pdfx_1a_requirement(requirement: Callable[[bytes, pypdf.PdfReader], None], pdfx_file: tuple[bytes, pypdf.PdfReader]) -> None:
    requirement(*pdfx_file)


# --- the checks can fail: a plain PDF breaks the PDF/X-only ones ---------------------------


def test_a_plain_pdf_fails_the_pdfx_checks(seed_article: Article) -> None:
    data = render("pdf", seed_article, style(), Options(timestamp=TIMESTAMP))
    plain = pypdf.PdfReader(io.BytesIO(data))
    failing = []
    for requirement in REQUIREMENTS:
        try:
            requirement(data, plain)
        except (AssertionError, IndexError):
            failing.append(requirement.__name__)
    assert {
        "pdf_version_is_1_3",
        "one_pdfx_output_intent",
        "info_has_pdfx_version",
        "every_page_has_a_trim_box",
        "no_rgb_colour_operators",
    } <= set(failing)


def test_an_rgb_image_fails_the_colour_space_check() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawImage(ImageReader(Image.new("RGB", (4, 4), (200, 30, 30))), 10, 10, 40, 40)
    canvas.save()
    with pytest.raises(AssertionError):
        only_cmyk_grey_or_spot_colour_spaces(out.getvalue(), pypdf.PdfReader(io.BytesIO(out.getvalue())))


def test_output_condition_is_a_style_value(seed_article: Article) -> None:
    newsprint = style("pdf.output_condition=IFRA26", 'pdf.output_condition_info="ISO 12647-3:2004 newsprint"')
    data = render("pdf", seed_article, newsprint, Options(timestamp=TIMESTAMP, pdfx=True))
    intent = _intents(pypdf.PdfReader(io.BytesIO(data)))[0]
    assert (intent["/OutputConditionIdentifier"], intent["/Info"]) == ("IFRA26", "ISO 12647-3:2004 newsprint")


def test_pdfx_is_reproducible(seed_article: Article) -> None:
    assert _pdfx(seed_article) == _pdfx(seed_article)


def test_pdfx_implies_cmyk_on_the_command_line(run, seed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.pdf"
    result = run(["pdf", str(seed), "--pdfx", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-1.3") and b"GTS_PDFX" in data
    no_rgb_colour_operators(data, pypdf.PdfReader(io.BytesIO(data)))


def test_a_blank_output_condition_is_refused(run, seed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run(["pdf", str(seed), "--pdfx", "--set", 'pdf.output_condition=" "', "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "pdf.output_condition" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_the_writer_refuses_transparency_in_a_pdfx_file() -> None:
    from reportlab.pdfgen.canvas import Canvas

    from convert.writers.pdf.press import pdfx

    canvas = Canvas(io.BytesIO())
    pdfx.mark(canvas, style().pdf)
    canvas.setFillAlpha(1)
    pdfx.check(canvas)  # an opaque alpha is no transparency
    canvas.setFillAlpha(0.5)
    with pytest.raises(pdfx.PdfxError, match="transparency"):
        pdfx.check(canvas)
