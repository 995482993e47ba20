"""The PDF writer: text, fonts, metadata, pages and reproducibility, read back with pypdf."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from convert.fonts import VIETNAMESE_LETTERS, family
from convert.model import Article, Byline, Caption, Dateline, Paragraph, Subheading
from tests.support.pdf import (
    TIMESTAMP,
    base_name,
    check_pages,
    check_text,
    fonts,
    page_texts,
    reader,
    render_pdf,
    split_pages,
    style,
    unicode_of,
)


# --- text --------------------------------------------------------------------------------


def test_seed_text_comes_back_exactly(seed_pdf: bytes, seed_article: Article) -> None:
    pages = check_text(seed_pdf, seed_article, style())
    assert len(pages.footers) == 3
    assert pages.footers[0] == "Trang 1/3"
    assert pages.headers == ["", seed_article.headline, seed_article.headline]
    assert pages.body.startswith("Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI Thứ bảy, 17/08/2019 · LSO Chiều nay (16/10)")
    assert pages.body.endswith("các cấp năm 2018. PHÙNG KHIÊM")


def test_seed_in_three_columns_on_a3(seed_article: Article) -> None:
    a3 = style("page.size=A3", "page.columns=3")
    data = render_pdf(seed_article, a3)
    check_text(data, seed_article, a3)
    page = reader(data).pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [842, 1191]
    # Body lines start at the three column edges; the headline spans all three.
    starts: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: starts.append((tm[4] * cm[0] + cm[4], text)) if text.strip() else None)
    mm = 72 / 25.4
    width = (a3.page.width - a3.page.margin_left - a3.page.margin_right - 2 * a3.page.column_gap) / 3
    edges = [(a3.page.margin_left + i * (width + a3.page.column_gap)) * mm for i in range(3)]
    for edge in edges:
        assert any(abs(x - edge) < 1 for x, _ in starts), edge
    assert all(any(abs(x - edge) < width * mm for edge in edges) for x, _ in starts)


def test_markup_lookalikes_are_text() -> None:
    tricky = "<b>đậm</b> &amp; &lt; ]]> <font name=\"x\">y</font> <br/> & \\ ( ) %"
    article = Article(headline=tricky, lead=tricky, blocks=(Paragraph(tricky), Caption(tricky, tricky), Subheading(tricky)))
    check_text(render_pdf(article), article, style())


def test_every_part_and_every_credit_is_set(seed_article: Article) -> None:
    article = Article(
        headline="Tiêu đề",
        dateline=Dateline("Thứ Hai, 05/03/2018"),
        source="TTXVN",
        lead="Mở đầu.",
        blocks=(Paragraph("Đoạn một."), Subheading("Tiêu đề phụ"), Paragraph("Đoạn hai."), Caption("Chú thích", "Ảnh: TTXVN")),
        byline=Byline("Bài và ảnh: HOÀNG ÁNH", ("HOÀNG ÁNH",)),
        attribution="Theo TTXVN",
    )
    pages = check_text(render_pdf(article), article, style())
    assert pages.body == (
        "Tiêu đề Thứ Hai, 05/03/2018 · TTXVN Mở đầu. Đoạn một. Tiêu đề phụ Đoạn hai. "
        "Ảnh Chú thích Ảnh: TTXVN Bài và ảnh: HOÀNG ÁNH Theo TTXVN"
    )


EDGE_CASES = {
    "headline only": Article(headline="Chỉ có tiêu đề"),
    "dateline only": Article(dateline=Dateline("01/01/2020")),
    "source only": Article(source="LSO"),
    "headline too tall to span the page": Article(headline="Tiêu đề rất dài " * 60, lead="Mở đầu."),
    "caption over two pages": Article(blocks=(Caption("Chú thích dài " * 400, "Ảnh: PV"),)),
    "subheading last": Article(headline="X", blocks=(Subheading("Phụ"),)),
    "no headline, many pages": Article(blocks=tuple(Paragraph("Đoạn văn khá dài. " * 60) for _ in range(6))),
}


@pytest.mark.parametrize("overrides", [(), ("page.size=A3", "page.columns=3"), ("page.size=A6",)], ids=["A4", "A3x3", "A6"])
@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_odd_articles_keep_all_their_text(name: str, overrides: tuple[str, ...]) -> None:
    the_style = style(*overrides)
    check_text(render_pdf(EDGE_CASES[name], the_style), EDGE_CASES[name], the_style)


def test_empty_article_is_one_page_with_its_footer() -> None:
    pages = split_pages(page_texts(render_pdf(Article())))
    assert pages.footers == ["Trang 1/1"] and pages.body == ""


def test_no_placeholder_when_disabled(seed_article: Article) -> None:
    plain = style("placeholder.enabled=false")
    pages = check_text(render_pdf(seed_article, plain), seed_article, plain)
    assert "Ảnh" not in pages.body.split()


def test_long_headline_is_cut_to_one_line_in_the_running_header() -> None:
    headline = " ".join(["Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ, thực hiện Nghị quyết"] * 4)
    article = Article(headline=headline, blocks=tuple(Paragraph("Kinh tế tiếp tục phát triển. " * 40) for _ in range(8)))
    pages = check_text(render_pdf(article), article, style())
    assert len(pages.headers) > 1
    assert all(h.endswith("…") and len(h) < len(headline) for h in pages.headers[1:])


# --- fonts -------------------------------------------------------------------------------


def test_every_font_is_an_embedded_subset(seed_pdf: bytes) -> None:
    found = fonts(seed_pdf)
    assert found
    for font in found:
        assert font["/Subtype"] == "/TrueType"
        assert re.fullmatch(r"/[A-Z]{6}\+[A-Za-z0-9-]+", str(font["/BaseFont"])), font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
        assert "/ToUnicode" in font
    assert b"Helvetica" not in seed_pdf
    assert sorted(base_name(f) for f in found) == [
        "BeVietnamPro-Bold", "BeVietnamPro-Regular", "Spectral-Bold", "Spectral-Italic", "Spectral-Regular"
    ]


def test_whole_vietnamese_alphabet_needs_no_fallback() -> None:
    letters = " ".join(VIETNAMESE_LETTERS[i : i + 12] for i in range(0, len(VIETNAMESE_LETTERS), 12))
    article = Article(
        headline=letters,
        dateline=Dateline(letters),
        source=letters,
        lead=letters,
        blocks=(Paragraph(letters), Subheading(letters), Paragraph(letters), Caption(letters, letters)),
        byline=Byline(letters, (letters,)),
        attribution=letters,
    )
    data = render_pdf(article)
    check_text(data, article, style())
    names = {base_name(f) for f in fonts(data)}
    assert names <= {f"{fam}-{s}" for fam in ("Spectral", "BeVietnamPro") for s in ("Regular", "Bold", "Italic", "BoldItalic")}
    assert names >= {"Spectral-Regular", "Spectral-Bold", "Spectral-Italic", "BeVietnamPro-Bold", "BeVietnamPro-Regular"}
    for font in fonts(data):
        assert set(VIETNAMESE_LETTERS) <= unicode_of(font), base_name(font)


def test_character_the_face_lacks_is_set_in_the_fallback() -> None:
    assert not family("Spectral").regular.covers("Ω") and family("Noto Serif").regular.covers("Ω")
    article = Article(lead="Điện trở 5 Ω.", blocks=(Paragraph("Điện trở 5 Ω, khoảng 10 Ω."),))
    data = render_pdf(article)
    check_text(data, article, style())
    by_name = {base_name(f): unicode_of(f) for f in fonts(data)}
    assert "Ω" in by_name["NotoSerif-Regular"] and "Ω" in by_name["NotoSerif-Bold"]
    assert "Ω" not in by_name["Spectral-Regular"] | by_name["Spectral-Bold"]
    assert "Đ" in by_name["Spectral-Regular"] and "Đ" not in by_name["NotoSerif-Regular"]


def test_spaces_the_face_lacks_still_space_the_words() -> None:
    # Be Vietnam Pro has no thin space (U+2009) nor narrow no-break space (U+202F).
    assert not family("Be Vietnam Pro").bold.covers("\u2009")
    text = "5\u202f000 đồng và a\u2009b"
    data = render_pdf(Article(headline=text, lead=text))
    assert split_pages(page_texts(data)).body == "5 000 đồng và a b 5 000 đồng và a b"


def test_a_house_copy_with_the_same_name_keeps_its_own_glyphs(tmp_path: Path) -> None:
    # A house copy of Spectral without the euro sign, named like the installed one.
    from convert import fonts as vfonts
    from convert.styles import load

    for face in family("Spectral").faces:
        (tmp_path / f"Spectral-{face.style_name}.ttf").write_bytes(vfonts.subset(face, vfonts.VIETNAMESE_REPERTOIRE))
    article = Article(headline="A", blocks=(Paragraph("Giá 5 € một vé"),))
    installed = {base_name(f): unicode_of(f) for f in fonts(render_pdf(article))}
    house_style = load("default", [f'fonts.serif.family="{tmp_path}/Spectral-Regular.ttf"'])
    data = render_pdf(article, house_style)
    check_text(data, article, house_style)
    house = {base_name(f): unicode_of(f) for f in fonts(data)}
    assert "€" in installed["Spectral-Regular"]
    assert "€" not in house["Spectral-Regular"]  # its own glyphs, under its own name (not renamed: faces.register)
    assert "€" in house["NotoSerif-Regular"]


def test_strict_glyphs_fails_naming_every_character_no_face_has(tmp_path: Path, run) -> None:
    source = tmp_path / "bai.txt"
    source.write_text("Tiêu đề 中 😀\n\nTTXVN - Mở đầu ☃ và 文.\n", encoding="utf-8")
    out = tmp_path / "bai.pdf"
    result = run(["pdf", "--strict-glyphs", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"vnconv: error: {source}: no font has a glyph for '中' (U+4E2D) '文' (U+6587) (tried ")
    assert not out.exists()


def test_pt_serif_style_is_refused(seed: Path, tmp_path: Path, run) -> None:
    out = tmp_path / "x.pdf"
    result = run(["pdf", str(seed), "-o", str(out), "--set", 'fonts.serif.family="PT Serif"'])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert re.match(r'vnconv: error: --set fonts\.serif\.family="PT Serif": PT Serif lacks \d+ Vietnamese letters', result.stderr)
    assert not out.exists()


# --- metadata, outline, pages ------------------------------------------------------------


def test_metadata(seed_pdf: bytes, seed_article: Article) -> None:
    pdf = reader(seed_pdf)
    info = pdf.metadata
    assert info["/Title"] == seed_article.headline
    assert info["/Author"] == "PHÙNG KHIÊM"
    assert info["/Subject"] == seed_article.lead
    assert info["/Creator"].startswith("vnconv ") and info["/Producer"].startswith("vnconv ")
    assert info["/CreationDate"] == info["/ModDate"] == "D:20200102030405+00'00'"
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "vi-VN"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 - a pypdf BooleanObject


def test_outline_has_headline_and_subheadings() -> None:
    article = Article(
        headline="Tiêu đề chính",
        blocks=(Paragraph("Mở. " * 400), Subheading("Phần một"), Paragraph("Thân. " * 400), Subheading("Phần hai"), Paragraph("Kết.")),
    )
    pdf = reader(render_pdf(article))
    outline = pdf.outline
    assert [e.title for e in outline if not isinstance(e, list)] == ["Tiêu đề chính"]
    assert [e.title for e in outline[1]] == ["Phần một", "Phần hai"]
    pages = [pdf.get_destination_page_number(e) for e in (outline[0], *outline[1])]
    assert pages == sorted(pages) and pages[0] == 0 and pages[-1] > 0
    # Each bookmark lands on the page whose text holds its heading.
    for entry in outline[1]:
        assert entry.title in pdf.pages[pdf.get_destination_page_number(entry)].extract_text()


@pytest.mark.parametrize(("size", "points"), [("A4", (595, 842)), ("A5", (420, 595)), ("Letter", (612, 792))])
def test_page_size_from_style(size: str, points: tuple[int, int]) -> None:
    data = render_pdf(Article(headline="X", lead="Y"), style(f"page.size={size}"))
    for page in reader(data).pages:
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == points


# --- reproducibility ---------------------------------------------------------------------


def test_two_renders_are_byte_identical(seed_article: Article, seed_pdf: bytes) -> None:
    assert render_pdf(seed_article) == seed_pdf
    later = TIMESTAMP.replace(year=2021)
    assert render_pdf(seed_article, timestamp=later) != seed_pdf


def test_fresh_process_gives_the_same_bytes(seed: Path, seed_pdf: bytes, tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(TIMESTAMP.timestamp()))}
    outputs = []
    for name in ("a.pdf", "b.pdf"):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "convert", "pdf", str(seed), "-o", str(out)], env=env, check=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == seed_pdf


# --- the command -------------------------------------------------------------------------


def test_default_output_name_and_stdout(seed: Path, tmp_path: Path, run) -> None:
    copy = tmp_path / "bai.txt"
    shutil.copy(seed, copy)
    result = run(["pdf", str(copy)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "bai.pdf").read_bytes().startswith(b"%PDF-")
    to_stdout = run(["pdf", str(copy), "-o", "-"])
    assert to_stdout.exit_code == 0 and to_stdout.stdout.startswith(b"%PDF-") and to_stdout.stdout.rstrip().endswith(b"%%EOF")


def test_help_shows_examples(run) -> None:
    result = run(["pdf", "--help"])
    assert result.exit_code == 0
    assert "vnconv pdf bai.txt" in result.text and "--style" in result.text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is not installed")
def test_pdffonts_sees_only_embedded_subsets(seed_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "seed.pdf"
    path.write_bytes(seed_pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        emb, sub, uni = line.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_pdftotext_gives_the_vietnamese_back(seed_pdf: bytes, seed_article: Article, tmp_path: Path) -> None:
    path = tmp_path / "seed.pdf"
    path.write_bytes(seed_pdf)
    # -raw keeps the content stream's order, in which each page's header and footer come last.
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = check_pages(split_pages(text.split("\f")[:-1], True), seed_article, style())
    assert pages.footers == ["Trang 1/3", "Trang 2/3", "Trang 3/3"]
