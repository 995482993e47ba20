"""Font subsets that survive the print shop: unique tags, valid ToUnicode maps, and text
that still extracts exactly after Ghostscript's ``pdfwrite`` and ``qpdf --linearize``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from convert.fonts import VIETNAMESE_LETTERS, family
from convert.model import Article, Paragraph
from convert.writers.pdf.fonts.subsets import CMAP_BLOCK, subset_tag, to_unicode_cmap
from tests.support.pdf import check_pages, fonts, render_pdf, split_pages, style, unicode_of


def _many_letters() -> str:
    """More than 256 characters Spectral has, so its regular face needs two subsets."""
    spectral = family("Spectral").regular
    extra = "".join(chr(c) for c in range(0x100, 0x250) if spectral.covers(chr(c)))
    return " ".join([VIETNAMESE_LETTERS, extra, "".join(map(chr, range(0x21, 0x7F)))])


@pytest.fixture(scope="module")
def many_subsets_pdf() -> bytes:
    return render_pdf(Article(headline="Nhiều chữ", blocks=(Paragraph(_many_letters()),)))


def _tags(data: bytes) -> list[str]:
    return [str(font["/BaseFont"]).lstrip("/").split("+")[0] for font in fonts(data)]


def test_every_subset_has_its_own_tag(seed_pdf: bytes, many_subsets_pdf: bytes) -> None:
    for data in (seed_pdf, many_subsets_pdf):
        tags = _tags(data)
        assert all(re.fullmatch(r"[A-Z]{6}", tag) for tag in tags), tags
        assert len(set(tags)) == len(tags), tags
    spectral = [f for f in fonts(many_subsets_pdf) if str(f["/BaseFont"]).endswith("+Spectral-Regular")]
    assert len(spectral) == 2  # the case ReportLab tags AAAAAA and AAAAAB


def test_tags_come_from_the_content_and_never_repeat() -> None:
    taken: set[str] = set()
    first = subset_tag("Spectral-Regular", [0, 65, 66], taken)
    assert subset_tag("Spectral-Regular", [0, 65, 66], set()) == first  # reproducible
    again = subset_tag("Spectral-Regular", [0, 65, 66], taken)  # same content, same file
    assert again != first and taken == {first, again}


def test_to_unicode_blocks_hold_at_most_100_mappings(many_subsets_pdf: bytes) -> None:
    for font in fonts(many_subsets_pdf):
        cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
        assert counts and max(counts) <= CMAP_BLOCK, counts
        assert "<0000>" not in cmap  # unused codes are left out, not mapped to U+0000


def test_to_unicode_writes_surrogate_pairs_and_skips_unused_codes() -> None:
    cmap = to_unicode_cmap([0, 0x41, 0, 0x1F44D])
    assert "<01> <0041>" in cmap and "<03> <D83DDC4D>" in cmap
    assert "<00>" not in cmap.split("endcodespacerange")[1] and "<02>" not in cmap


def test_many_subsets_map_every_character(many_subsets_pdf: bytes) -> None:
    mapped = set().union(*(unicode_of(f) for f in fonts(many_subsets_pdf)))
    assert set(_many_letters()) - {" "} <= mapped


# --- round trips through the print shop's tools -----------------------------------------

_GS = ("gs", "pdftotext")
_QPDF = ("qpdf", "pdftotext")


def _missing(tools: tuple[str, ...]) -> bool:
    return not all(shutil.which(tool) for tool in tools)


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _ghostscript(source: Path, target: Path) -> None:
    subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={target}", str(source)],
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(_missing(_GS), reason=f"needs Ghostscript and poppler ({', '.join(_GS)})")
def test_text_survives_ghostscript(seed_pdf: bytes, seed_article: Article, many_subsets_pdf: bytes, tmp_path: Path) -> None:
    source, target = tmp_path / "seed.pdf", tmp_path / "seed-gs.pdf"
    source.write_bytes(seed_pdf)
    _ghostscript(source, target)
    text = _pdftotext(target)
    assert text == _pdftotext(source)
    check_pages(split_pages(text.split("\f")[:-1], True), seed_article, style())
    many, many_gs = tmp_path / "many.pdf", tmp_path / "many-gs.pdf"
    many.write_bytes(many_subsets_pdf)
    _ghostscript(many, many_gs)
    assert _pdftotext(many_gs) == _pdftotext(many)


@pytest.mark.skipif(_missing(_QPDF), reason=f"needs qpdf and poppler ({', '.join(_QPDF)})")
def test_text_survives_qpdf_linearize(seed_pdf: bytes, seed_article: Article, tmp_path: Path) -> None:
    source, target = tmp_path / "seed.pdf", tmp_path / "seed-linear.pdf"
    source.write_bytes(seed_pdf)
    subprocess.run(["qpdf", "--linearize", str(source), str(target)], check=True, capture_output=True)
    text = _pdftotext(target)
    assert text == _pdftotext(source)
    check_pages(split_pages(text.split("\f")[:-1], True), seed_article, style())
