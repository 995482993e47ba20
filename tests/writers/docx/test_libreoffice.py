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

from convert.io import load_article
from tests.support.docx import docx_bytes, expected_paragraphs

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
