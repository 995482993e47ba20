"""The DOCX writer: paragraph styles, language and fonts, page set-up, metadata, bytes."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from hypothesis import given, settings

from convert import styles
from convert.io import load_article
from convert.model import Article, Caption, Paragraph, Subheading
from convert.options import Options
from convert.writers import render
from tests.support.docx import EPOCH, NS, docx_bytes, expected_paragraphs, part, reopened_paragraphs, w
from tests.support.strategies import articles

SEED_EPOCH = "1566034200"  # 2019-08-17 09:30 UTC, the same moment as EPOCH


@pytest.fixture(scope="module")
def seed_article() -> Article:
    from tests.conftest import SEED

    return load_article(str(SEED))


@pytest.fixture(scope="module")
def seed_docx(seed_article: Article) -> bytes:
    return docx_bytes(seed_article)


CREDITED = Article(
    headline="Thử <b>chú thích</b> &amp; ảnh",
    source="TTXVN",
    lead="Mở đầu ]]> bài viết.",
    blocks=(
        Caption("Đồng chí Bí thư phát biểu tại hội nghị", "Ảnh: TTXVN"),
        Paragraph("Đoạn văn <w:t>x</w:t> và \"ngoặc\" 'đơn'."),
        Caption("Ảnh không ghi nguồn"),
    ),
    attribution="Theo TTXVN",
)


# --- structure: the sequence of (style, text) is the model ------------------------------


def test_seed_paragraphs_are_the_model_in_order(seed_article: Article, seed_docx: bytes) -> None:
    assert reopened_paragraphs(seed_docx) == expected_paragraphs(seed_article)
    assert seed_article.blocks and any(isinstance(b, Caption) for b in seed_article.blocks)


def test_markup_lookalikes_and_credits_survive(seed_article: Article) -> None:
    data = docx_bytes(CREDITED)
    assert reopened_paragraphs(data) == expected_paragraphs(CREDITED)
    assert reopened_paragraphs(data)[0] == ("Headline", "Thử <b>chú thích</b> &amp;\u00a0ảnh")  # no last word alone


def test_credit_is_its_own_run_in_the_character_style() -> None:
    import docx

    document = docx.Document(io.BytesIO(docx_bytes(CREDITED)))
    caption = next(p for p in document.paragraphs if p.style.name == "Caption")
    assert [(r.text, r.style.name) for r in caption.runs] == [
        ("Đồng chí Bí thư phát biểu tại hội nghị", "Default Paragraph Font"),
        (" Ảnh: TTXVN", "Photo Credit"),
    ]
    assert document.styles["Photo Credit"].type == docx.enum.style.WD_STYLE_TYPE.CHARACTER


def test_no_direct_formatting(seed_docx: bytes) -> None:
    body = part(docx_bytes(CREDITED), "word/document.xml").find("w:body", NS)
    for document_body in (body, part(seed_docx, "word/document.xml").find("w:body", NS)):
        for ppr in document_body.iter(w("pPr")):
            assert [c.tag for c in ppr] == [w("pStyle")]
        for rpr in document_body.iter(w("rPr")):
            assert [c.tag for c in rpr] == [w("rStyle")]


def test_placeholders_can_be_switched_off() -> None:
    data = docx_bytes(CREDITED, ("placeholder.enabled=false",))
    assert reopened_paragraphs(data) == expected_paragraphs(CREDITED, placeholders=False)


@settings(max_examples=25)
@given(articles())
def test_any_article_reopens_as_its_model(article: Article) -> None:
    assert reopened_paragraphs(docx_bytes(article)) == expected_paragraphs(article)


def test_an_article_with_nothing_but_a_paragraph() -> None:
    article = Article(blocks=(Paragraph("Chỉ một đoạn."),))
    assert reopened_paragraphs(docx_bytes(article)) == [("Body Text", "Chỉ một đoạn.")]


# --- the style sheet ---------------------------------------------------------------------

ROLE_STYLES = {
    "Headline": "headline",
    "Dateline": "dateline",
    "Lead": "lead",
    "Body Text": "body",
    "Subheading": "subheading",
    "caption": "caption",
    "Byline": "byline",
    "Attribution": "attribution",
    "header": "header",
    "footer": "footer",
    "Photo Credit": "credit",
}


def _styles_by_name(data: bytes) -> dict[str, object]:
    sheet = part(data, "word/styles.xml")
    return {s.find("w:name", NS).get(w("val")): s for s in sheet.findall("w:style", NS)}


def test_language_and_all_four_font_slots_everywhere(seed_docx: bytes) -> None:
    style = styles.load()
    sheet = part(seed_docx, "word/styles.xml")
    defaults = sheet.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:lang", NS).get(w("val")) == "vi-VN"
    assert defaults.find("w:lang", NS).get(w("eastAsia")) == "vi-VN"
    by_name = _styles_by_name(seed_docx)
    for name, role in ROLE_STYLES.items():
        rpr = by_name[name].find("w:rPr", NS)
        assert rpr.find("w:lang", NS).get(w("val")) == "vi-VN", name
        fonts = rpr.find("w:rFonts", NS)
        wanted = style.docx.fonts[style.text[role].font]
        assert {a: fonts.get(w(a)) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == dict.fromkeys(
            ("ascii", "hAnsi", "cs", "eastAsia"), wanted
        ), name
    assert not sheet.xpath("//@*[contains(local-name(), 'Theme')]")  # theme fonts would win over rFonts


def test_every_paragraph_style_is_based_on_the_base_style(seed_docx: bytes) -> None:
    by_name = _styles_by_name(seed_docx)
    base = by_name["vnconv Base"].get(w("styleId"))
    for name in [*ROLE_STYLES, "Photo Placeholder"]:
        if name != "Photo Credit":
            assert by_name[name].find("w:basedOn", NS).get(w("val")) == base, name


def test_style_values_come_from_the_style() -> None:
    data = docx_bytes(
        CREDITED,
        ("text.body.size=13", "text.body.leading=18pt", "text.headline.color=\"#AA0011\"", "text.lead.align=\"center\"",
         "docx.fonts.serif=\"Times New Roman\"", "placeholder.height=40", "placeholder.fill=\"#DDEEFF\""),
    )  # fmt: skip
    by_name = _styles_by_name(data)
    body = by_name["Body Text"]
    assert body.find("w:rPr/w:sz", NS).get(w("val")) == "26"
    assert body.find("w:pPr/w:spacing", NS).get(w("line")) == "360"
    assert body.find("w:pPr/w:spacing", NS).get(w("lineRule")) == "atLeast"
    assert body.find("w:rPr/w:rFonts", NS).get(w("ascii")) == "Times New Roman"
    assert by_name["Headline"].find("w:rPr/w:color", NS).get(w("val")) == "AA0011"
    assert by_name["Lead"].find("w:pPr/w:jc", NS).get(w("val")) == "center"
    box = by_name["Photo Placeholder"].find("w:pPr", NS)
    assert box.find("w:shd", NS).get(w("fill")) == "DDEEFF"
    assert box.find("w:spacing", NS).get(w("line")) == str(round(40 / 25.4 * 1440))
    assert box.find("w:spacing", NS).get(w("lineRule")) == "exact"
    assert {b.tag for b in box.find("w:pBdr", NS)} == {w("top"), w("left"), w("bottom"), w("right")}
    font_names = [f.get(w("name")) for f in part(data, "word/fontTable.xml").findall("w:font", NS)]
    assert "Times New Roman" in font_names and "Spectral" not in font_names


def test_credit_style_toggles_what_differs_from_the_caption(seed_docx: bytes) -> None:
    """Bold and italic are toggles in a character style (ECMA-376 §17.7.3)."""
    credit = _styles_by_name(seed_docx)["Photo Credit"].find("w:rPr", NS)
    style = styles.load()
    caption, wanted = style.text["caption"], style.text["credit"]
    for tag, differs in (("i", caption.italic != wanted.italic), ("b", caption.bold != wanted.bold)):
        element = credit.find(f"w:{tag}", NS)
        assert (element.get(w("val")) != "0") == differs


# --- page set-up ------------------------------------------------------------------------


def test_page_size_and_margins(seed_article: Article) -> None:
    import docx

    document = docx.Document(io.BytesIO(docx_bytes(seed_article, ("page.size=\"A5 landscape\"", "page.margin_left=30"))))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 148
    assert round(section.left_margin.mm) == 30 and round(section.top_margin.mm) == 22
    assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE


def test_footer_numbers_pages_and_header_repeats_the_headline(seed_article: Article, seed_docx: bytes) -> None:
    import docx

    section = docx.Document(io.BytesIO(seed_docx)).sections[0]
    assert section.different_first_page_header_footer
    for footer in (section.footer, section.first_page_footer):
        fields = [f.get(w("instr")).strip() for f in footer._element.iter(w("fldSimple"))]
        assert fields == ["PAGE", "NUMPAGES"]
        texts = "".join(t.text for t in footer._element.iter(w("t")))
        assert texts == "Trang 1/1"  # text runs and the fields' cached results
        assert footer.paragraphs[0].style.name == "Footer"
    assert [(p.style.name, p.text) for p in section.header.paragraphs] == [("Header", seed_article.headline)]
    assert [p.text for p in section.first_page_header.paragraphs] == [""]


def test_no_running_header_when_the_style_says_so(seed_article: Article) -> None:
    import docx

    section = docx.Document(io.BytesIO(docx_bytes(seed_article, ("page.running_header=false",)))).sections[0]
    assert not section.different_first_page_header_footer
    assert section.header.is_linked_to_previous  # no header part at all
    assert not section.footer.is_linked_to_previous


def test_columns_after_the_headline_block(seed_article: Article) -> None:
    data = docx_bytes(seed_article, ("page.columns=2", "page.column_gap=6"))
    assert reopened_paragraphs(data) == expected_paragraphs(seed_article)
    body = part(data, "word/document.xml").find("w:body", NS)
    sections = body.findall(".//w:sectPr", NS)
    assert len(sections) == 2
    first, last = sections
    assert first.getparent().getparent().find("w:pPr/w:pStyle", NS).get(w("val")) == "Lead"
    assert first.find("w:cols", NS).get(w("num")) is None
    assert last.find("w:type", NS).get(w("val")) == "continuous"
    assert last.find("w:cols", NS).get(w("num")) == "2"
    assert last.find("w:cols", NS).get(w("space")) == str(round(6 / 25.4 * 1440))
    assert last.find("w:headerReference", NS) is None and first.find("w:headerReference", NS) is not None


# --- metadata ------------------------------------------------------------------------------


def test_core_properties(seed_article: Article, seed_docx: bytes) -> None:
    import docx

    core = docx.Document(io.BytesIO(seed_docx)).core_properties
    assert core.title == seed_article.headline
    assert core.author == "PHÙNG KHIÊM"
    assert core.subject == seed_article.lead
    assert core.language == "vi-VN"
    assert core.created == core.modified == EPOCH
    assert core.revision == 1
    assert "python-docx" not in (core.comments or "") + (core.author or "")
    app = part(seed_docx, "docProps/app.xml")
    assert app.findtext("{*}Application").startswith("vnconv")


def test_long_properties_are_shortened_but_the_text_is_whole() -> None:
    import docx

    lead = " ".join(["Tỉnh ủy Lạng Sơn tổ chức hội nghị sơ kết giữa nhiệm kỳ."] * 8)
    article = Article(headline="Tiêu đề", lead=lead, blocks=(Paragraph("Đoạn."),))
    document = docx.Document(io.BytesIO(docx_bytes(article)))
    subject = document.core_properties.subject
    assert len(subject) <= 255 and subject.endswith("…") and lead.startswith(subject[:-1].rstrip())
    assert document.paragraphs[1].text == lead


def test_dates_come_from_the_dateline_without_a_timestamp(seed_article: Article) -> None:
    import docx

    data = docx_bytes(seed_article, timestamp=None)
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.created == dt.datetime(2019, 8, 17, tzinfo=dt.timezone.utc)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert data == docx_bytes(seed_article, timestamp=None)  # the dateline makes it reproducible too


def test_no_template_leftovers(seed_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as package:
        names = package.namelist()
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    for leftover in ("thumbnail", "stylesWithEffects", "customXml", "theme", "numbering", "webSettings"):
        assert not any(leftover in n for n in names), leftover
    settings_xml = part(seed_docx, "word/settings.xml")
    assert settings_xml.find("w:embedTrueTypeFonts", NS) is None
    mode = settings_xml.find("w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    assert mode.get(w("val")) == "15"  # current Word layout, not "Compatibility Mode"


# --- reproducibility --------------------------------------------------------------------------


def test_two_renders_are_byte_identical(seed_article: Article, seed_docx: bytes) -> None:
    assert docx_bytes(seed_article) == seed_docx
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as package:
        assert {i.date_time for i in package.infolist()} == {(2019, 8, 17, 9, 30, 0)}


def test_a_fresh_process_writes_the_same_bytes(seed: Path, tmp_path: Path, run, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SEED_EPOCH)
    in_process = tmp_path / "a.docx"
    assert run(["docx", str(seed), "-o", str(in_process)]).exit_code == 0
    fresh = tmp_path / "b.docx"
    env = {**os.environ, "SOURCE_DATE_EPOCH": SEED_EPOCH, "PYTHONHASHSEED": "random"}
    subprocess.run([sys.executable, "-m", "convert", "docx", str(seed), "-o", str(fresh)], env=env, check=True)
    assert fresh.read_bytes() == in_process.read_bytes()


# --- the command --------------------------------------------------------------------------------


def test_command_writes_beside_the_input_and_to_stdout(seed: Path, tmp_path: Path, run, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SEED_EPOCH)
    source = tmp_path / "bai.txt"
    source.write_bytes(seed.read_bytes())
    assert run(["docx", str(source)]).exit_code == 0
    written = (tmp_path / "bai.docx").read_bytes()
    result = run(["docx", str(source), "-o", "-"])
    assert result.exit_code == 0 and result.stdout == written
    assert reopened_paragraphs(written)[0][0] == "Headline"


def test_command_help_shows_embed_fonts(run) -> None:
    result = run(["docx", "--help"])
    assert result.exit_code == 0
    assert "--embed-fonts" in result.text and "Examples" in result.text
    assert "docx" in run(["--help"]).text


def test_font_names_are_escaped_in_attributes() -> None:
    data = docx_bytes(CREDITED, ('docx.fonts.sans="A & B <\\"Sans\\">"',))
    by_name = _styles_by_name(data)
    assert by_name["Headline"].find("w:rPr/w:rFonts", NS).get(w("ascii")) == 'A & B <"Sans">'
    assert [f.get(w("name")) for f in part(data, "word/fontTable.xml").findall("w:font", NS)][0] == 'A & B <"Sans">'


@pytest.mark.parametrize("name", ["default", "newspaper", "a5", "nd30"])
def test_text_styles_never_use_exact_line_spacing(name: str) -> None:
    """Exact spacing clips stacked tone marks (Ẩ, Ỗ, Ệ) that rise above the line in Word;
    only the photo placeholder, an empty paragraph, has an exact height."""
    data = render("docx", CREDITED, styles.load(name), Options(timestamp=EPOCH))
    rules = {
        s.find("w:name", NS).get(w("val")): s.find("w:pPr/w:spacing", NS).get(w("lineRule"))
        for s in part(data, "word/styles.xml").findall("w:style[@w:type='paragraph']", NS)
        if s.find("w:pPr/w:spacing", NS) is not None
    }
    assert rules.pop("Photo Placeholder") == "exact"
    assert len(rules) >= 10 and set(rules.values()) <= {"atLeast", "auto"}, rules


def test_forty_columns_are_refused_not_set_a_letter_wide() -> None:
    from convert.styles import StyleError

    with pytest.raises(StyleError, match=r"^style: page\.columns=40 leaves columns 11\.8 pt wide"):
        docx_bytes(CREDITED, ("page.columns=40", "page.column_gap=0"))


# --- accessibility (issue 23) --------------------------------------------------------------


DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def test_every_picture_has_alternative_text_and_a_title(tmp_path: Path) -> None:
    from tests.support.photos import photo

    long_caption = " ".join(["Du khách chụp ảnh bên những cành hoa ban trắng muốt"] * 12)
    model = Article(
        headline="Lễ hội Hoa Ban",
        blocks=(
            Caption(long_caption, "Ảnh: TTXVN", str(photo(tmp_path / "a.jpg"))),
            Caption("", "Ảnh: QUANG HƯNG", str(photo(tmp_path / "b.jpg", label="b"))),
        ),
    )
    document = part(docx_bytes(model), "word/document.xml")
    pictures = [(d.get("descr"), d.get("title")) for d in document.iter(f"{DRAWING_NS}docPr")]
    assert [descr for descr, _ in pictures] == [long_caption, "Ảnh: QUANG HƯNG"]  # the caption, else the credit
    assert pictures[1][1] == "Ảnh: QUANG HƯNG"
    title = pictures[0][1]
    assert title.endswith("…") and long_caption.startswith(title[:-1]) and len(title) < len(long_caption)


def test_the_language_comes_from_the_article() -> None:
    sheet = part(docx_bytes(Article(headline="Lang Son", blocks=(Paragraph("A review."),), language="en-GB")), "word/styles.xml")
    assert sheet.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(w("val")) == "en-GB"


def test_only_headings_have_outline_levels(seed_docx: bytes) -> None:
    levels = {name: s.find("w:pPr/w:outlineLvl", NS) for name, s in _styles_by_name(seed_docx).items()}
    assert {name: int(level.get(w("val"))) for name, level in levels.items() if level is not None} == {"Headline": 0, "Subheading": 1}
    model = Article(headline="Lễ hội", blocks=(Subheading("Phần một"), Paragraph("Đoạn.")))
    document = part(docx_bytes(model), "word/document.xml")
    used = [p.get(w("val")) for p in document.iterfind(".//w:pStyle", NS)]
    assert used[0] == "Headline" and "Subheading" in used  # so Word's navigation pane lists them


def test_no_empty_paragraph_stands_for_space(seed_article: Article, tmp_path: Path) -> None:
    """Space comes from the paragraph styles; an empty paragraph is only a picture's,
    the placeholder's box or a section break's rule, each in its own style."""
    from tests.support.photos import photo

    model = Article(
        headline="Lễ hội",
        blocks=(*seed_article.blocks, Caption("Hoa ban.", None, str(photo(tmp_path / "a.jpg"))), Caption("Không ảnh.")),
    )
    body = part(docx_bytes(model), "word/document.xml").find("w:body", NS)
    drawn = {"Photo", "PhotoPlaceholder", "SectionBreak"}
    for paragraph in body.iter(w("p")):
        if "".join(paragraph.itertext()).strip():
            continue
        style = paragraph.find("w:pPr/w:pStyle", NS)
        assert style is not None and style.get(w("val")) in drawn, etree.tostring(paragraph)
        if style.get(w("val")) == "Photo":
            assert paragraph.find(f".//{DRAWING_NS}inline", NS) is not None
