"""The shipped presets (default, newspaper, a5, nd30): they load, set the seed in full, and
look as promised, read back from the PDF; --set and extends work on them; and every
preset sets the seed in DOCX and EPUB too."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert import styles
from convert.model import Article
from convert.options import Options
from convert.readers.plaintext import read_text
from convert.styles import Style, StyleError, load
from convert.writers import render
from tests.support.docx import EPOCH, NS, expected_paragraphs, part, reopened_paragraphs, style_chain_value, w
from tests.support.epub import Book
from tests.support.pdf import TIMESTAMP, base_name, check_text, drawing, fonts, page_texts, reader
from tests.support.strategies import articles

PRESETS = ("default", "newspaper", "a5", "nd30")
MM = 72 / 25.4
_LOADED: dict[tuple[str, tuple[str, ...]], Style] = {}


def preset(name: str, *overrides: str) -> Style:
    if (name, overrides) not in _LOADED:
        _LOADED[name, overrides] = load(name, overrides)
    return _LOADED[name, overrides]


def pdf(article: Article, the_style: Style, **options: object) -> bytes:
    return render("pdf", article, the_style, Options(timestamp=TIMESTAMP, **options))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def seed_article() -> Article:
    from tests.conftest import SEED

    return read_text(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_pdfs(seed_article: Article) -> dict[str, bytes]:
    return {name: pdf(seed_article, preset(name)) for name in PRESETS}


def line_starts(data: bytes, page: int) -> list[tuple[float, float]]:
    pdf_reader = reader(data)
    return drawing(pdf_reader, pdf_reader.pages[page]).text


def column_edges(the_style: Style) -> list[float]:
    page = the_style.page
    width = (page.width - page.margin_left - page.margin_right - (page.columns - 1) * page.column_gap) / page.columns
    return [(page.margin_left + i * (width + page.column_gap)) * MM for i in range(page.columns)]


def column_width(the_style: Style) -> float:
    page = the_style.page
    return (page.width - page.margin_left - page.margin_right - (page.columns - 1) * page.column_gap) / page.columns * MM


# --- all presets ---------------------------------------------------------------------------


def test_the_presets_are_shipped_with_a_description() -> None:
    assert set(PRESETS) <= set(styles.available())
    for name in PRESETS:
        the_style = preset(name)  # fonts checked too: installed, full Vietnamese coverage
        assert the_style.description and "\n" not in the_style.description


def test_styles_command_lists_them(run) -> None:
    result = run(["styles"])
    assert result.exit_code == 0
    for name in PRESETS:
        assert re.search(rf"^{name}\s+\S", result.text, re.MULTILINE), name
    shown = run(["styles", "show", "newspaper"]).text
    assert 'size = "A3"' in shown and "columns = 3" in shown


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_sets_the_seed_in_full(name: str, seed_pdfs: dict[str, bytes], seed_article: Article) -> None:
    check_text(seed_pdfs[name], seed_article, preset(name))
    for font in fonts(seed_pdfs[name]):
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), base_name(font)


@pytest.mark.parametrize(
    ("name", "points"),
    [("default", (595.28, 841.89)), ("newspaper", (841.89, 1190.55)), ("a5", (419.53, 595.28)), ("nd30", (595.28, 841.89))],
)
def test_page_size_and_press_boxes(name: str, points: tuple[float, float], seed_article: Article) -> None:
    plain = pdf(seed_article, preset(name))
    for page in reader(plain).pages:
        for box in (page.mediabox, page.trimbox, page.bleedbox):
            assert [float(v) for v in box] == pytest.approx([0, 0, *points], abs=0.01)
    bleed = 3 * MM
    bled = pdf(seed_article, preset(name), bleed=3)
    w, h = points
    for page in reader(bled).pages:
        assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, w + 2 * bleed, h + 2 * bleed], abs=0.01)
        assert [float(v) for v in page.trimbox] == pytest.approx([bleed, bleed, w + bleed, h + bleed], abs=0.01)
        assert [float(v) for v in page.bleedbox] == pytest.approx([float(v) for v in page.mediabox], abs=0.01)


@pytest.mark.parametrize("name", PRESETS)
def test_text_starts_at_the_left_margin(name: str, seed_pdfs: dict[str, bytes]) -> None:
    left = preset(name).page.margin_left * MM
    xs = [x for x, _ in line_starts(seed_pdfs[name], 0)]
    assert min(xs) == pytest.approx(left, abs=0.5)


def test_presets_are_reproducible(seed_article: Article, seed_pdfs: dict[str, bytes]) -> None:
    for name in PRESETS:
        assert pdf(seed_article, preset(name)) == seed_pdfs[name], name


# --- newspaper -----------------------------------------------------------------------------


def test_newspaper_headline_spans_the_page_over_three_columns(seed_pdfs: dict[str, bytes]) -> None:
    the_style = preset("newspaper")
    data = seed_pdfs["newspaper"]
    page = the_style.page
    assert (page.size, page.columns) == ("A3", 3)
    edges = column_edges(the_style)
    starts = line_starts(data, 0)
    for edge in edges:
        assert any(abs(x - edge) < 0.5 for x, _ in starts), edge
    pdf_reader = reader(data)
    segments = drawing(pdf_reader, pdf_reader.pages[0]).segments
    text_width = (page.width - page.margin_left - page.margin_right) * MM
    heavy = [s for s in segments if s.width == the_style.pdf.head_rule_width]
    assert len(heavy) == 1 and abs(heavy[0].x1 - heavy[0].x0 - text_width) < 0.5  # the rule over the headline
    headline_top = max(y for _, y in starts)
    assert heavy[0].y0 > headline_top
    # The headline is wider than a column: its first line runs past the first gap.
    headline = pdf_reader.pages[0].extract_text().split("\n")[0]
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from convert.writers.pdf.fonts.faces import chain

    face = chain(the_style, the_style.text["headline"]).name
    assert stringWidth(headline, face, the_style.text["headline"].size) > column_width(the_style) * 1.5


def test_newspaper_figures_are_the_column_width(seed_pdfs: dict[str, bytes]) -> None:
    the_style = preset("newspaper")
    pdf_reader = reader(seed_pdfs["newspaper"])
    boxes = [b for page in pdf_reader.pages for b in drawing(pdf_reader, page).boxes if b.filled]
    assert len(boxes) == 3
    for box in boxes:
        assert box.width == pytest.approx(column_width(the_style) - the_style.placeholder.stroke_width, abs=0.01)
        assert any(abs(box.x - the_style.placeholder.stroke_width / 2 - edge) < 0.01 for edge in column_edges(the_style))


def test_newspaper_last_page_columns_end_level(seed_pdfs: dict[str, bytes]) -> None:
    the_style = preset("newspaper")
    data = seed_pdfs["newspaper"]
    last = len(reader(data).pages) - 1
    edges = column_edges(the_style)
    width = column_width(the_style)
    starts = [(x, y) for x, y in line_starts(data, last) if y > the_style.page.margin_bottom * MM]  # not the footer
    lowest = [min(y for x, y in starts if edge - 0.5 <= x < edge + width) for edge in edges]
    # Balanced: the three columns end within about two body lines of each other
    # (unbalanced, the seed fills the first two columns and leaves the third half empty).
    assert max(lowest) - min(lowest) <= 2.5 * the_style.text["body"].line_height


def test_newspaper_rules_run_down_the_gaps(seed_pdfs: dict[str, bytes]) -> None:
    the_style = preset("newspaper")
    pdf_reader = reader(seed_pdfs["newspaper"])
    rules = [s for s in drawing(pdf_reader, pdf_reader.pages[0]).segments if s.width == the_style.pdf.column_rule_width]
    gaps = [edge - the_style.page.column_gap * MM / 2 for edge in column_edges(the_style)[1:]]
    assert sorted(round(r.x0, 2) for r in rules) == [round(g, 2) for g in gaps]
    assert all(r.x0 == r.x1 and r.y0 - r.y1 > 100 for r in rules)


# --- a5 ------------------------------------------------------------------------------------


def test_a5_is_a_booklet_page(seed_pdfs: dict[str, bytes]) -> None:
    the_style = preset("a5")
    assert (the_style.page.width, the_style.page.height, the_style.page.columns) == (148, 210, 1)
    assert the_style.text["body"].size < preset("default").text["body"].size
    assert the_style.page.margin_left < preset("default").page.margin_left
    texts = page_texts(seed_pdfs["a5"])
    assert [t.strip().split("\n")[-1].strip() for t in texts] == [str(n) for n in range(1, len(texts) + 1)]


# --- nd30 ----------------------------------------------------------------------------------


def test_nd30_follows_decree_30_where_a_style_can_say_it() -> None:
    the_style = preset("nd30")
    page = the_style.page
    assert page.size == "A4" and page.columns == 1
    assert 20 <= page.margin_top <= 25 and 20 <= page.margin_bottom <= 25
    assert 30 <= page.margin_left <= 35 and 15 <= page.margin_right <= 20
    assert set(the_style.docx.fonts.values()) == {"Times New Roman"}
    assert {the_style.text[role].font for role in styles.ROLES} == {"serif"}
    assert the_style.fonts["serif"].family == "Noto Serif"
    assert not the_style.placeholder.enabled
    for role in ("headline", "lead", "body", "subheading", "byline"):
        text = the_style.text[role]
        assert 13 <= text.size <= 14, role
        assert text.size <= text.line_height <= 1.5 * text.size * 1.15, role  # single to 1.5 lines
        assert text.color == "#000000", role
    body = the_style.text["body"]
    assert body.align == "justify" and body.space_after >= 6
    assert 1 / 2.54 * 72 <= body.first_indent <= 1.27 / 2.54 * 72 + 0.01
    assert the_style.text["headline"].bold and the_style.text["headline"].align == "center"
    assert the_style.text["dateline"].italic
    assert (page.footer, page.footer_position, page.footer_first_page) == ("{page}", "top", False)
    assert 13 <= the_style.text["footer"].size <= 14


def test_nd30_numbers_pages_in_the_top_margin_from_page_2(seed_pdfs: dict[str, bytes], seed_article: Article) -> None:
    the_style = preset("nd30")
    data = seed_pdfs["nd30"]
    pages = check_text(data, seed_article, the_style)
    assert len(pages.footers) >= 2 and pages.footers[0] == "" and pages.footers[1:] == [str(n) for n in range(2, len(pages.footers) + 1)]
    text_top = (the_style.page.height - the_style.page.margin_top) * MM
    for index in range(1, len(pages.footers)):
        number_y = line_starts(data, index)[-1][1]  # drawn last
        assert number_y > text_top
    assert {base_name(f).split("-")[0] for f in fonts(data)} <= {"NotoSerif", "NotoSerifItalic"}


# --- --set and extends on presets -------------------------------------------------------------


def test_set_changes_one_value_of_a_preset(seed: Path, tmp_path: Path, run, seed_article: Article) -> None:
    out = tmp_path / "two.pdf"
    result = run(["pdf", str(seed), "-o", str(out), "--style", "newspaper", "--set", "page.columns=2"])
    assert result.exit_code == 0, result.stderr
    two = preset("newspaper", "page.columns=2")
    data = out.read_bytes()
    check_text(data, seed_article, two)
    starts = line_starts(data, 0)
    for edge in column_edges(two):
        assert any(abs(x - edge) < 0.5 for x, _ in starts), edge
    assert round(float(reader(data).pages[0].mediabox[3])) == 1191  # still A3


def test_a_house_style_extends_a_preset(tmp_path: Path, seed_article: Article) -> None:
    path = tmp_path / "house.toml"
    path.write_text('extends = "newspaper"\ndescription = "our paper, A4"\n[page]\nsize = "A4"\n', encoding="utf-8")
    house = load(str(path))
    assert (house.page.width, house.page.columns, house.fonts["serif"].family) == (210, 3, "Noto Serif")
    assert house.pdf.column_rule_width == preset("newspaper").pdf.column_rule_width
    data = pdf(seed_article, house)
    check_text(data, seed_article, house)
    assert "NotoSerif-Regular" in {base_name(f) for f in fonts(data)}


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('[page]\nfooter_position = "middle"\n', "page.footer_position"),
        ("[pdf]\ncmyk_solid_black = 2\n", "pdf.cmyk_solid_black"),
        ('[pdf]\ncolumn_rule_width = "thin"\n', "pdf.column_rule_width"),
        ("[pdf]\ncrop_mark_lenght = 5\n", "pdf.crop_mark_lenght"),
    ],
)
def test_a_bad_value_in_a_style_built_on_a_preset_names_file_and_key(tmp_path: Path, body: str, key: str, run, seed: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'extends = "nd30"\n{body}', encoding="utf-8")
    with pytest.raises(StyleError, match=rf"^{re.escape(str(path))}: {re.escape(key)}: "):
        load(str(path))
    result = run(["pdf", str(seed), "-o", str(tmp_path / "x.pdf"), "--style", str(path)])
    assert result.exit_code == 1 and result.stderr.startswith(f"vnconv: error: {path}: {key}: ")
    assert not (tmp_path / "x.pdf").exists()


@settings(max_examples=8)
@given(articles(), st.sampled_from(["newspaper", "a5", "nd30"]))
def test_any_article_in_any_preset_keeps_its_text_also_for_the_press(article: Article, name: str) -> None:
    the_style = preset(name)
    check_text(pdf(article, the_style, bleed=3, crop_marks=True, cmyk=True), article, the_style)


# --- DOCX and EPUB ---------------------------------------------------------------------


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


#: The paragraph styles each preset indents: body paragraphs, and in an administrative
#: document (nd30) every paragraph of the text, as Decree 30/2020 asks.
INDENTED = {
    "default": set(),
    "newspaper": {"Body Text"},
    "a5": {"Body Text"},
    "nd30": {"Body Text", "Lead", "Subheading", "Caption"},
}
#: DOCX paragraph style -> the text role it is made from.
STYLE_ROLES = {
    "Headline": "headline", "Dateline": "dateline", "Lead": "lead", "Body Text": "body", "Subheading": "subheading",
    "Caption": "caption", "Byline": "byline", "Attribution": "attribution", "Header": "header", "Footer": "footer",
}  # fmt: skip


@pytest.mark.parametrize("name", PRESETS)
def test_docx_of_every_preset_indents_only_the_paragraphs_it_means_to(name: str, seed_article: Article) -> None:
    """Each style carries its own first-line indent; none inherits vnconv Base's (the body's)."""
    the_style = load(name)
    data = render("docx", seed_article, the_style, Options(timestamp=EPOCH))
    sheet = part(data, "word/styles.xml")
    names = {s.get(w("styleId")): s.find("w:name", NS).get(w("val")) for s in sheet.findall("w:style", NS)}
    ids = {value.lower(): key for key, value in names.items()}
    for style_name, role in STYLE_ROLES.items():
        indent = int(style_chain_value(sheet, ids[style_name.lower()], "w:pPr/w:ind", "firstLine") or 0)
        assert indent == round(the_style.text[role].first_indent * 20), style_name
        assert (indent > 0) == (style_name in INDENTED[name]), style_name
    indented = set()
    for paragraph in part(data, "word/document.xml").iter(w("p")):
        style_id = paragraph.find("w:pPr/w:pStyle", NS).get(w("val"))
        if int(style_chain_value(sheet, style_id, "w:pPr/w:ind", "firstLine") or 0):
            indented.add(names[style_id])
    wanted = {n.lower() for n in INDENTED[name]}
    assert {n.lower() for n in indented} <= wanted and ("body text" in {n.lower() for n in indented}) == bool(wanted)


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


@pytest.mark.parametrize("name", [*PRESETS, "language-subsets"])
def test_epub_of_every_preset_carries_the_text(seed_article: Article, name: str) -> None:
    """Each preset's book holds the seed's every text. That EPUBCheck finds nothing in
    them is checked in ``epub/test_check.py``, in the one EPUBCheck run of the suite
    (a JVM start costs several seconds)."""
    style = load("default", ["embedding.subset=language"]) if name == "language-subsets" else preset(name)
    book = Book(render("epub", seed_article, style, Options(timestamp=EPOCH)))
    text = " ".join(" ".join(doc.itertext()) for doc in book.articles())
    assert all(" ".join(t.split()) in " ".join(text.split()) for t in seed_article.texts())
