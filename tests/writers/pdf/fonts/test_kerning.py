"""Pair kerning: the font's own values, drawn as TJ adjustments, measured in the lines.

The values are read independently of the writer, from the font's GPOS table with
fontTools (``tests.support.kerning.gpos_kern``), and the positions from the PDF's content
stream (``tests.support.pdf.glyphs``: the text matrices, ``TJ`` numbers and the
subsets' ``/Widths``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from convert.model import Article, Paragraph
from convert.options import Options
from convert.styles import Style
from convert.writers import render
from convert.writers.pdf.fonts import kerning
from convert.writers.pdf.fonts.faces import chain
from tests.support.kerning import gpos_kern
from tests.support.pdf import TIMESTAMP, check_text, glyphs, norm, page_texts, reader, render_pdf, style

#: Pairs Spectral Bold kerns (its GPOS, read below): the issue's examples.
PAIRS = ("Tr", "Vă", "Yê")
SIZE = 40


def _spectral_bold() -> tuple[str, str]:
    """Its ReportLab name (registered as a rendering registers it: family first) and file."""
    face_chain = chain(style(), style().text["body"], bold=True)
    assert face_chain.face.style_name == "Bold" and face_chain.face.family == "Spectral"
    return face_chain.name, str(face_chain.face.path)


@pytest.mark.parametrize("pair", PAIRS)
def test_pair_values_are_the_fonts(pair: str) -> None:
    name, path = _spectral_bold()
    from reportlab.pdfbase import pdfmetrics

    expected = gpos_kern(path, *pair)
    assert expected < 0, f"Spectral Bold no longer kerns {pair!r}: pick pairs it kerns"
    assert pdfmetrics.getFont(name).kerning.pair(*pair) == pytest.approx(expected)


def test_widths_are_kerned_only_while_a_rendering_kerns() -> None:
    name, path = _spectral_bold()
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(name)
    plain = font.stringWidth("Tr", SIZE)
    with kerning.applied(True):
        kerned = font.stringWidth("Tr", SIZE)
        spaced = font.stringWidth("T r", SIZE)
    assert kerned - plain == pytest.approx(gpos_kern(path, "T", "r") * SIZE / 1000)
    assert spaced == pytest.approx(font.stringWidth("T r", SIZE))  # never across a space


def _headline_glyphs(on: bool) -> list[Any]:
    the_style = style("text.headline.font=serif", f"text.headline.size={SIZE}", "text.headline.bold=true", f"pdf.kerning={str(on).lower()}")
    article = Article(headline=" ".join(PAIRS), blocks=(Paragraph("Thân bài."),))
    return [g for g in glyphs(render_pdf(article, the_style)) if g.font == "Spectral-Bold" and g.size == SIZE and g.char != " "]


def test_kerned_pairs_are_set_closer_by_the_fonts_value() -> None:
    _, path = _spectral_bold()
    kerned, plain = _headline_glyphs(True), _headline_glyphs(False)
    assert "".join(g.char for g in kerned) == "".join(g.char for g in plain) == "".join(PAIRS)
    for index in range(0, len(kerned), 2):
        first, second = kerned[index].char, kerned[index + 1].char
        gap = kerned[index + 1].x - kerned[index].x
        plain_gap = plain[index + 1].x - plain[index].x
        assert plain_gap == pytest.approx(plain[index].advance, abs=0.01)  # unkerned: the nominal advance
        assert gap - plain_gap == pytest.approx(gpos_kern(path, first, second) * SIZE / 1000, abs=0.01), first + second


def test_text_layer_is_unchanged() -> None:
    article = Article(headline="Trường Yên: Văn hoá", blocks=(Paragraph("Tôi Trở về Yên Bái, “Tây” Văn Tường AV To."),))
    texts = [norm(" ".join(page_texts(render_pdf(article, style(f"pdf.kerning={on}"))))) for on in ("true", "false")]
    assert texts[0] == texts[1]
    assert "Trường Yên: Văn hoá" in texts[0] and "“Tây” Văn Tường AV To." in texts[0]


# --- every sample in every preset: the text layer is the model's, word for word -------------

PRESETS = ("default", "a5", "nd30", "newspaper")


def _samples() -> list[Path]:
    from tests.conftest import SAMPLES

    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Article, Style, Path]]:
    """Every sample set kerned in every preset (its photos beside it), once for the module."""
    from convert import styles
    from convert.jobs import attach_photos
    from convert.readers import read

    folder = tmp_path_factory.mktemp("kerned")
    found = {}
    for sample in _samples():
        article = attach_photos(read(sample.read_bytes(), str(sample)), str(sample)).article
        for name in PRESETS:
            the_style = styles.load(name)
            assert the_style.pdf.kerning, name  # every preset kerns
            path = folder / f"{sample.stem}-{name}.pdf"
            path.write_bytes(render("pdf", article, the_style, Options(timestamp=TIMESTAMP)))
            found[sample.stem, name] = article, the_style, path
    return found


@pytest.mark.parametrize("name", PRESETS)
def test_every_sample_keeps_its_text_in_every_preset(name: str, sample_pdfs: dict[tuple[str, str], tuple[Article, Style, Path]]) -> None:
    """pypdf's text is the model's word for word (``check_text``), and poppler's
    ``pdftotext`` reads the same words (no letter merged, split or lost by a TJ number)."""
    for (stem, preset), (article, the_style, path) in sample_pdfs.items():
        if preset != name:
            continue
        data = path.read_bytes()
        check_text(data, article, the_style)
        if shutil.which("pdftotext") is None:
            continue
        poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout
        assert Counter(poppler.split()) == Counter(" ".join(page_texts(data)).split()), stem


def test_pdftotext_is_there_for_the_word_check() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the samples' text was read by pypdf only")


def test_a_stand_in_or_an_ignorable_is_never_kerned() -> None:
    """HarfBuzz hides a default ignorable (a zero-width space glyph): what it takes from
    the advance before it is no kerning (it drew "a⁠b" as "ba" in the text layer)."""
    name, _ = _spectral_bold()
    from reportlab.pdfbase import pdfmetrics

    pair = pdfmetrics.getFont(name).kerning.pair
    assert pair("a", "\u2060") == pair("\u2060", "b") == pair("T", "\u200d") == 0
    assert pair("T", " ") == pair(" ", "T") == pair("T", "\u00a0") == 0


def _alone(font: Any) -> kerning.PairKerning:
    """A ``PairKerning`` of ``font`` that asks HarfBuzz every pair alone (no table, no run)."""
    found = kerning.PairKerning(font.kerning.path, font.face.charToGlyph.get)
    found._table = {}  # never read: every pair is shaped alone (``_shaped``)
    return found


@pytest.mark.parametrize("role", ["body", "headline", "caption"])
def test_a_run_shaped_at_once_gives_each_pair_its_own_value(role: str, seed_article: Article) -> None:
    """``prepare`` (one question to HarfBuzz a paragraph with a character beyond the
    repertoire's table) learns what ``pair`` alone (one question a pair) would."""
    from reportlab.pdfbase import pdfmetrics

    the_style = style()
    face_chain = chain(the_style, the_style.text[role])
    font = pdfmetrics.getFont(face_chain.name)
    words = " ".join([seed_article.headline or "", seed_article.lead or "", "“Tây” Văn Tường AV To ỵg Yê Trường"]).split(" ")
    beyond = "ŵŴŸ"  # Latin letters outside the Vietnamese repertoire: not in the table
    text = " ".join(f"{word}{beyond[index % 3]}" if index % 2 else word for index, word in enumerate(words))
    at_once = kerning.PairKerning(font.kerning.path, font.face.charToGlyph.get)
    at_once.prepare(text)
    assert not at_once._known.issuperset(text) and at_once._known.issuperset(" ".join(words))
    learned = dict(at_once._pairs)  # the pairs of the words with a letter beyond the table
    assert len(learned) > 50 and any(learned.values()) and any(beyond[0] in key for key in learned)
    alone = _alone(font)
    assert learned == {key: alone.pair(*key) for key in learned}


@pytest.mark.parametrize("role", ["body", "headline", "caption"])
def test_the_repertoires_table_gives_each_pair_its_own_value(role: str, seed_article: Article) -> None:
    """The table (``kern_tables``: the repertoire shaped as one sequence) holds what
    HarfBuzz gives each pair alone: every pair it kerns, and every pair of the seed."""
    from reportlab.pdfbase import pdfmetrics

    the_style = style()
    font = pdfmetrics.getFont(chain(the_style, the_style.text[role]).name)
    kerned = kerning.PairKerning(font.kerning.path, font.face.charToGlyph.get)
    kerned.load()
    table = kerned.kerned_pairs()
    assert len(table) > 1000 and len(kerned._known) > 250
    alone = _alone(font)
    assert table == {key: value for key in table if (value := alone.pair(*key))}
    text = " ".join([seed_article.headline or "", seed_article.lead or "", *(block.text for block in seed_article.blocks if isinstance(block, Paragraph))])
    assert kerned._known.issuperset(text)
    pairs = set(map("".join, zip(text, text[1:])))
    assert {key: kerned.pair(*key) for key in pairs} == {key: alone.pair(*key) for key in pairs}
    words = text.split(" ")
    assert [kerned.total(word) for word in words] == [alone.total(word) for word in words]
    assert kerned.adjustments(text) == alone.adjustments(text)


@pytest.mark.parametrize("name", PRESETS)
def test_no_kerned_line_runs_past_its_column(name: str, sample_pdfs: dict[tuple[str, str], tuple[Article, Style, Path]]) -> None:
    """Lines are broken and justified in kerned widths: every body glyph ends inside the
    column it is set in (a justified line exactly at its edge)."""
    from convert.writers.pdf.layout.page import Geometry

    for (stem, preset), (article, the_style, path) in sample_pdfs.items():
        if preset != name:
            continue
        geometry = Geometry.of(the_style.page)
        lefts = [geometry.left + index * (geometry.column_width + geometry.gap) for index in range(geometry.columns)]
        data = path.read_bytes()
        for number in range(len(reader(data).pages)):
            for glyph in glyphs(data, number):
                if glyph.size != the_style.text["body"].size or glyph.char == " ":
                    continue
                left = max((x for x in lefts if x <= glyph.x + 0.01), default=lefts[0])
                assert glyph.x + glyph.advance <= left + geometry.column_width + 0.01, (stem, number, glyph)
