"""Press-ready PDF: --bleed (MediaBox, TrimBox, BleedBox), --crop-marks, --cmyk, read back with pypdf."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.colors import HexColor

from convert.model import Article
from convert.options import Options
from convert.styles import Style
from convert.writers import render
from convert.writers.pdf.press.color import to_cmyk
from tests.support.pdf import RGB_OPERATORS, TIMESTAMP, check_text, color_operators, color_spaces, drawing, reader, style

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


def press_pdf(article: Article, the_style: Style | None = None, **options: object) -> bytes:
    return render("pdf", article, the_style or style(), Options(timestamp=TIMESTAMP, **options))  # type: ignore[arg-type]


def boxes(data: bytes) -> list[dict[str, tuple[float, ...]]]:
    """Each page's MediaBox, TrimBox and BleedBox, in points, rounded to 0.01."""
    out = []
    for page in reader(data).pages:
        out.append({name: tuple(round(float(v), 2) for v in getattr(page, name)) for name in ("mediabox", "trimbox", "bleedbox")})
    return out


def approx_box(*values: float) -> tuple[float, ...]:
    return tuple(round(v, 2) for v in values)


def gap_to(box: tuple[float, ...], x: float, y: float) -> float:
    """How far the point lies outside the box (0 inside or on it)."""
    x0, y0, x1, y1 = box
    dx, dy = max(x0 - x, 0.0, x - x1), max(y0 - y, 0.0, y - y1)
    return float((dx * dx + dy * dy) ** 0.5)


# --- bleed -------------------------------------------------------------------------------


def test_bleed_grows_the_page_and_sets_trim_and_bleed_boxes(seed_article: Article) -> None:
    data = press_pdf(seed_article, bleed=3)
    w, h, b = A4[0], A4[1], 3 * MM
    expected = {
        "mediabox": approx_box(0, 0, w + 2 * b, h + 2 * b),  # 612.28 x 858.9
        "trimbox": approx_box(b, b, b + w, b + h),  # the finished A4 page
        "bleedbox": approx_box(0, 0, w + 2 * b, h + 2 * b),
    }
    pages = boxes(data)
    assert len(pages) == 3
    assert all(page == expected for page in pages)
    assert expected["mediabox"] == (0, 0, 612.28, 858.9) and expected["trimbox"] == (8.5, 8.5, 603.78, 850.39)


def test_without_press_options_the_page_is_the_trimmed_page(seed_article: Article) -> None:
    for page in boxes(press_pdf(seed_article)):
        assert page["mediabox"] == page["trimbox"] == page["bleedbox"] == approx_box(0, 0, *A4)


def test_content_is_placed_on_the_trimmed_page(seed_article: Article) -> None:
    """Everything moves by the bleed: the layout is the same, relative to the trim."""
    plain, bled = press_pdf(seed_article), press_pdf(seed_article, bleed=5)
    for page_plain, page_bled in zip(reader(plain).pages, reader(bled).pages, strict=True):
        spots = drawing(reader(plain), page_plain).text
        moved = drawing(reader(bled), page_bled).text
        assert len(spots) == len(moved) > 0
        assert all(abs(x1 - x0 - 5 * MM) < 0.01 and abs(y1 - y0 - 5 * MM) < 0.01 for (x0, y0), (x1, y1) in zip(spots, moved))
    check_text(bled, seed_article, style())


def test_bookmarks_follow_the_content(seed_article: Article) -> None:
    plain, bled = reader(press_pdf(seed_article)).outline[0], reader(press_pdf(seed_article, bleed=3)).outline[0]
    assert abs(float(bled["/Top"]) - float(plain["/Top"]) - 3 * MM) < 0.01
    assert abs(float(bled["/Left"]) - float(plain["/Left"]) - 3 * MM) < 0.01


# --- crop marks --------------------------------------------------------------------------


def test_crop_marks_stand_outside_the_bleed_in_registration_colour(seed_article: Article) -> None:
    the_style = style()
    data = press_pdf(seed_article, bleed=3, crop_marks=True)
    offset, length = the_style.pdf.crop_mark_offset * MM, the_style.pdf.crop_mark_length * MM
    slug = max(3 * MM, offset) + length
    pdf = reader(data)
    for page, page_boxes in zip(pdf.pages, boxes(data), strict=True):
        assert page_boxes["mediabox"] == approx_box(0, 0, A4[0] + 2 * slug, A4[1] + 2 * slug)
        assert page_boxes["trimbox"] == approx_box(slug, slug, slug + A4[0], slug + A4[1])
        assert page_boxes["bleedbox"] == approx_box(slug - 3 * MM, slug - 3 * MM, slug + A4[0] + 3 * MM, slug + A4[1] + 3 * MM)
        marks = [s for s in drawing(pdf, page).segments if s.colour_space == "/All"]
        assert len(marks) == 8  # two at each corner
        for mark in marks:
            ends = ((mark.x0, mark.y0), (mark.x1, mark.y1))
            # From the bleed's edge (offset = max(bleed, crop_mark_offset) = 3 mm) outwards, inside the sheet.
            assert min(gap_to(page_boxes["trimbox"], x, y) for x, y in ends) == pytest.approx(max(3 * MM, offset), abs=0.01)
            assert all(gap_to(page_boxes["bleedbox"], x, y) >= -0.01 for x, y in ends)
            assert all(-0.01 <= x <= A4[0] + 2 * slug + 0.01 and -0.01 <= y <= A4[1] + 2 * slug + 0.01 for x, y in ends)
            assert abs(abs(mark.x1 - mark.x0) + abs(mark.y1 - mark.y0) - length) < 0.01
        # Each mark lines up with a trim edge.
        trim_x, trim_y = {round(slug, 2), round(slug + A4[0], 2)}, {round(slug, 2), round(slug + A4[1], 2)}
        assert all(round(m.x0, 2) in trim_x or round(m.y0, 2) in trim_y for m in marks)
    assert color_spaces(data)["/All"] == "/Separation"
    check_text(data, seed_article, style())


def test_crop_marks_without_bleed_keep_their_distance(seed_article: Article) -> None:
    the_style = style()
    data = press_pdf(seed_article, crop_marks=True)
    slug = (the_style.pdf.crop_mark_offset + the_style.pdf.crop_mark_length) * MM
    page = boxes(data)[0]
    assert page["trimbox"] == page["bleedbox"] == approx_box(slug, slug, slug + A4[0], slug + A4[1])
    marks = [s for s in drawing(reader(data), reader(data).pages[0]).segments if s.colour_space == "/All"]
    assert len(marks) == 8
    for mark in marks:
        nearest = min(gap_to(page["trimbox"], mark.x0, mark.y0), gap_to(page["trimbox"], mark.x1, mark.y1))
        assert nearest == pytest.approx(the_style.pdf.crop_mark_offset * MM, abs=0.01)


def test_no_marks_without_the_option(seed_article: Article) -> None:
    data = press_pdf(seed_article, bleed=3)
    assert not [s for s in drawing(reader(data), reader(data).pages[0]).segments if s.colour_space == "/All"]


# --- CMYK ----------------------------------------------------------------------------------


def test_cmyk_leaves_no_rgb_colour_in_any_content_stream(seed_article: Article) -> None:
    # A chromatic headline and dateline, so real conversion happens, not only greys.
    coloured = style("text.headline.color=\"#C0392B\"", "text.dateline.color=\"#1F5F8B\"", "page.size=A3", "page.columns=3")
    rgb = press_pdf(seed_article, coloured)
    assert {op for _, op, _ in color_operators(rgb)} & RGB_OPERATORS  # the check below can fail
    data = press_pdf(seed_article, coloured, cmyk=True, crop_marks=True, bleed=3)
    seen = list(color_operators(data))
    assert seen
    spaces = color_spaces(data)
    for page, op, operands in seen:
        assert op not in RGB_OPERATORS and op not in (b"g", b"G"), (page, op, operands)
        if op in (b"cs", b"CS"):
            assert spaces.get(str(operands[0])) == "/Separation", operands
        if op in (b"sc", b"SC", b"scn", b"SCN"):
            assert len(operands) == 1, operands  # a tint in a Separation, never three RGB values
    assert all(family != "/ICCBased" and "RGB" not in family for family in spaces.values())
    assert b"/DeviceRGB" not in data
    fills = {tuple(round(float(v), 4) for v in operands) for _, op, operands in seen if op == b"k"}
    assert (0, 0, 0, 1) in fills  # the body text: solid black ink, not four-colour black
    red = tuple(round(v, 4) for v in to_cmyk(HexColor("#C0392B")).cmyk())
    assert red in fills and red[0] == 0 and red[1] > 0.6
    check_text(data, seed_article, coloured)


@pytest.mark.parametrize(
    ("colour", "cmyk"),
    [
        ("#000000", (0, 0, 0, 1)),
        ("#1A1A1A", (0, 0, 0, 1)),  # dark enough for solid black (pdf.cmyk_solid_black)
        ("#5A5A5A", (0, 0, 0, 0.6471)),  # a grey: black ink only
        ("#EEEEEE", (0, 0, 0, 0.0667)),
        ("#FFFFFF", (0, 0, 0, 0)),
        ("#FF0000", (0, 1, 1, 0)),
        ("#1F5F8B", (0.777, 0.3165, 0, 0.4549)),
    ],
)
def test_style_colours_convert_to_cmyk(colour: str, cmyk: tuple[float, ...]) -> None:
    converted = to_cmyk(HexColor(colour), style().pdf.cmyk_solid_black)
    assert tuple(round(v, 4) for v in converted.cmyk()) == cmyk


def test_solid_black_threshold_comes_from_the_style() -> None:
    assert to_cmyk(HexColor("#1A1A1A"), 1.0).cmyk() == (0, 0, 0, 0.898)


# --- reproducibility and the command -------------------------------------------------------


def test_press_output_is_reproducible(seed: Path, seed_article: Article, tmp_path: Path) -> None:
    options = dict(bleed=3.0, crop_marks=True, cmyk=True)
    first = press_pdf(seed_article, **options)
    assert press_pdf(seed_article, **options) == first
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(TIMESTAMP.timestamp()))}
    out = tmp_path / "press.pdf"
    subprocess.run(
        [sys.executable, "-m", "convert", "pdf", str(seed), "-o", str(out), "--bleed", "3", "--crop-marks", "--cmyk"],
        env=env,
        check=True,
    )
    assert out.read_bytes() == first


def test_command_line_press_options(seed: Path, tmp_path: Path, run) -> None:
    out = tmp_path / "bai.pdf"
    result = run(["pdf", str(seed), "-o", str(out), "--bleed", "3", "--crop-marks", "--cmyk"])
    assert result.exit_code == 0, result.stderr
    page = boxes(out.read_bytes())[0]
    assert page["trimbox"][2] - page["trimbox"][0] == pytest.approx(A4[0], abs=0.02)
    assert page["mediabox"][2] > page["bleedbox"][2] > page["trimbox"][2]
    assert not {op for _, op, _ in color_operators(out.read_bytes())} & RGB_OPERATORS


@pytest.mark.parametrize("bad", ["-1", "x", "51"])
def test_bad_bleed_is_a_usage_error(seed: Path, tmp_path: Path, run, bad: str) -> None:
    result = run(["pdf", str(seed), "-o", str(tmp_path / "x.pdf"), "--bleed", bad])
    assert result.exit_code == 2
    assert "--bleed" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_help_names_the_press_options(run) -> None:
    text = run(["pdf", "--help"]).text
    assert "--bleed MM" in text and "--crop-marks" in text and "--cmyk" in text


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler's pdfinfo is not installed")
def test_poppler_reads_the_same_boxes(seed_article: Article, tmp_path: Path) -> None:
    path = tmp_path / "press.pdf"
    path.write_bytes(press_pdf(seed_article, bleed=3, crop_marks=True))
    info = subprocess.run(["pdfinfo", "-box", str(path)], capture_output=True, text=True, check=True).stdout
    read = {line.split(":")[0]: [float(v) for v in line.split(":")[1].split()] for line in info.splitlines() if "Box:" in line}
    slug = (3 + 5) * MM  # the bleed (3 mm = crop_mark_offset) and the mark length
    assert read["TrimBox"] == pytest.approx([slug, slug, slug + A4[0], slug + A4[1]], abs=0.01)
    assert read["BleedBox"] == pytest.approx([slug - 3 * MM, slug - 3 * MM, slug + A4[0] + 3 * MM, slug + A4[1] + 3 * MM], abs=0.01)
    assert read["MediaBox"] == pytest.approx([0, 0, A4[0] + 2 * slug, A4[1] + 2 * slug], abs=0.01)
