"""The DOCX as another program reads it: LibreOffice converts it to PDF.

Skipped without ``soffice`` (and poppler's ``pdftotext``/``pdffonts``). The fonts
vnconv uses live inside the virtualenv, not in the system's font directories, so
LibreOffice can only set Spectral and Be Vietnam Pro if it took them from the file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from convert.io import load_article
from convert.model import Article, Paragraph
from convert.options import Options
from convert.styles import load
from convert.writers import render
from tests.conftest import SEED
from tests.support.docx import EPOCH, docx_bytes, expected_paragraphs
from tests.support.pdf import bbox_words, find_words

TOOLS = ("soffice", "pdftotext", "pdffonts")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in TOOLS), reason=f"needs LibreOffice and poppler ({', '.join(TOOLS)})"
)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private LibreOffice profile, so parallel runs do not share (and lock) one."""
    return (tmp_path_factory.mktemp("lo-profile")).as_uri()


def to_pdf(docx: bytes, directory: Path, profile: str) -> Path:
    source = directory / "article.docx"
    source.write_bytes(docx)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(directory), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = directory / "article.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_fonts(pdf: Path) -> set[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:] if line.strip()]
    return {name.split("+", 1)[-1] for name in names}


def test_libreoffice_reads_every_text_in_order(seed: Path, tmp_path: Path, profile: str) -> None:
    article = load_article(str(seed))
    pdf = to_pdf(docx_bytes(article), tmp_path, profile)
    raw = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = raw.count("\f")
    assert pages >= 2
    footers = re.findall(r"Trang (\d+)/(\d+)", raw)
    assert footers == [(str(n), str(pages)) for n in range(1, pages + 1)]
    # Take the running headers and footers out, so that paragraphs broken across pages join.
    headline = article.headline
    assert headline is not None
    text = squeeze(raw)
    assert text.count(headline) == pages  # the headline, then the header of every later page
    first = text.index(headline) + len(headline)
    text = squeeze(text[:first] + re.sub(r"Trang \d+/\d+", " ", text[first:]).replace(headline, " "))
    position = 0
    for _, piece in expected_paragraphs(article, placeholders=False):
        found = text.find(squeeze(piece), position)
        assert found >= 0, f"missing or out of order: {piece[:60]!r}"
        position = found


def test_libreoffice_sets_the_embedded_fonts(seed: Path, tmp_path: Path, profile: str) -> None:
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if "Spectral" in installed or "Be Vietnam Pro" in installed:
        pytest.skip("Spectral or Be Vietnam Pro is installed system-wide, so the PDF cannot show where it came from")
    article = load_article(str(seed))
    embedded = pdf_fonts(to_pdf(docx_bytes(article, embed_fonts=True), tmp_path, profile))
    assert {"Spectral-Regular", "Spectral-Bold", "Spectral-Italic", "BeVietnamPro-Regular", "BeVietnamPro-Bold"} <= embedded
    assert not {f for f in embedded if not f.startswith(("Spectral", "BeVietnamPro"))}, embedded


# --- layout, as LibreOffice sets it: one soffice run for every file below -------------------

PRESETS = ("default", "newspaper", "a5", "nd30")
#: Headline sizes the DOCX must set without lines running into each other.
HEADLINE_SIZES = (14, 40, 64)
LONG_HEADLINE = (
    "Ấn định lộ trình giảm nghèo bền vững ở vùng cao: Ổn định đời sống, Ủy ban tỉnh gặp gỡ "
    "đồng bào các dân tộc Lạng Sơn, Ẩm thực xứ Lạng và Ỗ Quỷ Hồ được giới thiệu ở hội chợ"
)


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory, profile: str) -> dict[str, Path]:
    """The PDFs LibreOffice makes of each preset's seed DOCX and of the default style's
    long headline at each of ``HEADLINE_SIZES`` (fonts embedded, so it sets the real face)."""
    directory = tmp_path_factory.mktemp("lo-layout")
    seed_article = load_article(str(SEED))
    sources = {f"preset-{name}": render("docx", seed_article, load(name), Options(timestamp=EPOCH)) for name in PRESETS}
    headline = Article(headline=LONG_HEADLINE, lead="Mở đầu.")
    for size in HEADLINE_SIZES:
        style = load("default", [f"text.headline.size={size}"])
        sources[f"headline-{size}"] = render("docx", headline, style, Options(timestamp=EPOCH, embed_fonts=True))
    for stem, data in sources.items():
        (directory / f"{stem}.docx").write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(directory)]
        + [str(directory / f"{stem}.docx") for stem in sources],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {stem: directory / f"{stem}.pdf" for stem in sources}


@pytest.mark.parametrize("name", PRESETS)
def test_libreoffice_indents_only_what_the_preset_indents(name: str, laid_out: dict[str, Path]) -> None:
    """Every left-aligned or justified paragraph starts at its column's edge plus its
    role's first-line indent: the headline, dateline, lead, caption and byline at the
    edge (they once inherited the body's indent from vnconv Base)."""
    style = load(name)
    page = style.page
    mm = 72 / 25.4
    column = (page.width - page.margin_left - page.margin_right - (page.columns - 1) * page.column_gap) / page.columns
    edges = [(page.margin_left + index * (column + page.column_gap)) * mm for index in range(page.columns)]
    roles = {"Headline": "headline", "Dateline": "dateline", "Lead": "lead", "Body Text": "body", "Subheading": "subheading", "Caption": "caption"}
    words = bbox_words(laid_out[f"preset-{name}"])
    position, checked = 0, 0
    for style_name, text in expected_paragraphs(load_article(str(SEED)), placeholders=False):
        role = roles.get(style_name)
        found = find_words(words, text, position)
        assert found >= 0, (style_name, text[:40])
        position = found + 1
        if role is None or style.text[role].align not in ("left", "justify"):
            continue
        x = words[found].x0
        indent = style.text[role].first_indent
        assert min(abs(x - (edge + indent)) for edge in edges) < 1.0, (style_name, x, indent, text[:30])
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize("size", HEADLINE_SIZES)
def test_libreoffice_headline_lines_never_overlap_at_any_size(size: int, laid_out: dict[str, Path]) -> None:
    """The headline's lines stand at least the style's line height apart (1.23 times the
    size, whatever the size) and at least the font's own line height (ascent to descent,
    which holds its stacked tone marks): their line boxes never overlap. Exact spacing,
    or an absolute leading, fails at 40 pt."""
    style = load("default", [f"text.headline.size={size}"])
    face = style.family(style.text["headline"].font).face(bold=True, italic=False)
    metrics = TTFont(str(face.path), lazy=True)
    font_height = (metrics["hhea"].ascent - metrics["hhea"].descent) / metrics["head"].unitsPerEm * size
    words = bbox_words(laid_out[f"headline-{size}"])
    headline = [w for w in words[: len(LONG_HEADLINE.split())] if w.page == 1]
    tops = sorted({round(w.y0, 1) for w in headline})
    assert len(tops) >= 3, tops
    pitches = [b - a for a, b in zip(tops, tops[1:])]
    assert min(pitches) >= style.text["headline"].line_height - 0.3, pitches
    assert min(pitches) >= font_height - 0.3, (pitches, font_height)


def test_libreoffice_shows_the_photos(tmp_path: Path, profile: str) -> None:
    """The sample's three photos, as LibreOffice lays the DOCX out: three images in its
    PDF, the first upright (its red corner marker top left) and as wide as the text."""
    from PIL import Image

    from convert.jobs import load
    from convert.styles import load as load_style
    from tests.conftest import SAMPLES
    from tests.support.photos import upright

    if not shutil.which("pdfimages"):
        pytest.skip("needs poppler's pdfimages")
    style = load_style("default")
    article = load(str(SAMPLES / "004_hoi_hoa_ban.txt"), style).article
    pdf = to_pdf(docx_bytes(article), tmp_path, profile)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert len(rows) == 3, listing
    subprocess.run(["pdfimages", "-f", rows[0][0], "-l", rows[0][0], "-png", str(pdf), str(tmp_path / "img")], check=True)
    first = Image.open(sorted(tmp_path.glob("img-*.png"))[0])
    assert upright(first) and first.width > first.height
    x_ppi = float(rows[0][12])
    text_width_in = (style.page.width - style.page.margin_left - style.page.margin_right) / 25.4
    assert first.width / x_ppi == pytest.approx(text_width_in, rel=0.02)  # placed across the text width


def test_libreoffice_renders_lists_the_table_and_the_interview(tmp_path: Path, profile: str) -> None:
    """LibreOffice lays out what Word would: the numbering's bullets and markers before
    their items, the table's cells row by row, the speaker before the answer."""
    from tests.support.structure import STRUCTURED

    pdf = to_pdf(docx_bytes(STRUCTURED), tmp_path, profile)
    raw = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    text = "".join(raw.split())  # compared without spaces: pdftotext guesses them from the gaps
    for piece in [
        "• Gạo, chủ yếu sang Philippines",
        "– cà phê nhân",
        "d) Việc thứ 4 đ) Việc thứ 5 e) Việc thứ 6",
        "1. Bước một 2. Bước hai 3. Bước ba",
        "Mặt hàng Năm 2018 Năm 2019 Gạo 3,06 2,81 Cà phê 3,54 2,86",
        "“Muốn đi xa, nông sản phải có thương hiệu.”",
        "thương hiệu.” * * * PV:",
        "PV: Thưa ông, vì sao vẫn xuất khẩu thô? TS Đặng Kim Sơn: Chuỗi liên kết còn lỏng lẻo.",
    ]:
        assert "".join(piece.split()) in text, piece


def test_subsets_of_several_documents_in_one_run_keep_their_own_letters(tmp_path: Path, profile: str) -> None:
    """LibreOffice keeps a document's embedded fonts by name for the rest of its run:
    subsets under the plain family name made the second file borrow the first one's
    subset and set the letters it lacked (ầ ỗ ỳ ỹ) in a system font. Subsets named
    by their content (``fonts.subset_name``), and whole faces, do not collide."""
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if "Spectral" in installed or "Be Vietnam Pro" in installed:
        pytest.skip("Spectral or Be Vietnam Pro is installed system-wide, so the PDF cannot show where it came from")
    first = Article(headline="Bai mot", lead="Mot bai ngan ve lua.", blocks=(Paragraph("Lua chin vang dong."),))
    second = Article(headline="Cầu mới", lead="Ầm ầm, ỗ ỳ ỹ.", blocks=(Paragraph("Những chữ lạ: Ỗ Quỷ Hồ, ỹ ỳ."),))
    names = []
    for mode, options in (("whole", {}), ("subset", {"subset_fonts": True})):
        for number, model in enumerate((first, second), start=1):
            name = tmp_path / f"{mode}-{number}.docx"
            name.write_bytes(docx_bytes(model, embed_fonts=True, **options))
            names.append(name)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, names)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for mode in ("whole", "subset"):
        embedded = pdf_fonts(tmp_path / f"{mode}-2.pdf")
        assert embedded and all(f.startswith(("Spectral", "BeVietnamPro")) for f in embedded), (mode, embedded)
