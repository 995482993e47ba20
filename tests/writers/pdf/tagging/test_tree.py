"""The tagged PDF read back: every drawing marked (Matterhorn 01-005), the structure
tree holding the article's words in the model's order, pdfua's checks, the catalog.

Every sample in every preset is rendered once (``tagged``) and shared by the tests.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pikepdf
import pytest

from convert.model import Answer, Article, Caption, List, Paragraph, Question, Quote, Separator, Subheading, Table
from convert.options import Options
from convert.styles import Style, load
from convert.writers import render
from tests.conftest import SAMPLES
from tests.support.pdf import TIMESTAMP
from tests.support.structure import as_set, shown_items
from tests.support.tagged import Node, structure, walk

PRESETS = sorted(path.stem for path in (Path(__file__).parents[4] / "styles").glob("*.toml"))
SAMPLE_FILES = sorted(path.name for path in SAMPLES.glob("*.txt"))
CASES = Path(__file__).parents[3] / "cases"


@cache
def _style(preset: str) -> Style:
    return load(preset)


@cache
def _article(path: str, preset: str) -> Article:
    from convert.jobs import load as load_article

    return load_article(path, _style(preset)).article


@cache
def tagged(path: str, preset: str, pdfx: bool = False) -> bytes:
    """The PDF of the article at ``path`` in ``preset``, rendered once for all the tests."""
    return render("pdf", _article(path, preset), _style(preset), Options(timestamp=TIMESTAMP, pdfx=pdfx))


def expected_words(article: Article, style: Style) -> list[str]:
    """The article's words in the model's order, as the PDF sets them: the dateline with
    its source, a caption with its credit, a list's markers as shown, a speaker's name
    before what they say; no section-break ornament (an artifact)."""
    article = as_set(article, style)
    texts: list[str] = [article.headline or ""]
    dateline = article.dateline.text if article.dateline is not None else ""
    texts.append(style.separators.source.join(t for t in (dateline, article.source or "") if t))
    texts.append(article.lead or "")
    for block in article.blocks:
        if isinstance(block, Caption):
            texts.append(block.text + (style.separators.credit + block.credit if block.credit else ""))
        elif isinstance(block, List):
            texts.extend(f"{marker} {text}" for _, marker, text in shown_items(block.items, style))
        elif isinstance(block, Table):
            texts.extend(cell for row in block.grid() for cell in row)
        elif isinstance(block, (Question, Answer)):
            texts.append((block.speaker + style.separators.speaker if block.speaker else "") + block.text)
        elif isinstance(block, (Paragraph, Subheading, Quote)):
            texts.append(block.text)
        else:
            assert isinstance(block, Separator)
    texts.append(article.byline.text if article.byline is not None else "")
    texts.append(article.attribution or "")
    return " ".join(texts).split()


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_every_drawing_is_marked_and_the_tree_reads_the_article_in_order(sample: str, preset: str) -> None:
    """Matterhorn 01-005 on every page: nothing painted outside a sequence of a structure
    element or an artifact; and the tree, read from its root, is the article word for
    word (a line break glues no two words; a figure that waited, a photo across the
    columns, a balanced column change nothing of the order)."""
    path = str(SAMPLES / sample)
    data = tagged(path, preset)
    found = walk(data)
    assert found.painted > 0
    assert found.unmarked == []
    assert structure(data, found).words() == expected_words(_article(path, preset), _style(preset))


def test_the_walker_finds_untagged_drawing() -> None:
    """The check can fail: ReportLab's own drawing, unmarked, is reported."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 72, "Tiếng Việt")
    canvas.line(0, 0, 100, 100)
    canvas.save()
    assert {op for _, op in walk(buffer.getvalue()).unmarked} == {"Tj", "S"}


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_pdfua_finds_no_error(sample: str, preset: str, tmp_path: Path) -> None:
    """pdfua (the machine-checkable part of PDF/UA-1): no finding at all."""
    from pdfua import validate

    target = tmp_path / "a.pdf"
    target.write_bytes(tagged(str(SAMPLES / sample), preset))
    report = validate(str(target))
    assert [(f.rule_id, f.message) for f in report.findings] == []


def _case(name: str, preset: str = "default") -> tuple[Article, bytes]:
    path = str(CASES / name)
    return _article(path, preset), tagged(path, preset)


def test_lists_tables_quotes_and_interviews_are_their_elements() -> None:
    """L › LI › Lbl + LBody (the marker its own), Table › THead/TBody › TR › TH
    (scope Column)/TD, BlockQuote › P; a question and an answer are paragraphs."""
    article, data = _case("numbered_list_and_table.txt")
    document = structure(data).children[0]
    items = document.find("/LI")
    assert items and all([child.tag for child in item.children][:2] == ["/Lbl", "/LBody"] for item in items)
    assert all(item.children[0].text.strip() for item in items)  # the marker is drawn as the label
    table = document.find("/Table")[0]
    assert [child.tag for child in table.children] == ["/THead", "/TBody"]
    headers = table.children[0].find("/TH")
    assert headers and {h.scope for h in headers} == {"/Column"}
    assert all(len(row.children) == len(table.children[0].children[0].children) for row in table.find("/TR"))
    _, quoted = _case("quote_marked.txt")
    assert [child.tag for child in structure(quoted).children[0].find("/BlockQuote")[0].children] == ["/P"]
    _, interview = _case("interview_pv.txt")
    assert "/P" in {child.tag for child in structure(interview).children[0].children}


def test_a_header_row_repeated_on_the_next_page_is_an_artifact() -> None:
    """A table split across pages draws its header row again: the tree has it once."""
    rows = tuple((f"Hàng {n}", f"Giá trị {n} " * 3) for n in range(90))
    article = Article(headline="Bảng dài", blocks=(Table((("Tên", "Giá trị"), *rows), header=True),))
    style = _style("a5")
    data = render("pdf", article, style, Options(timestamp=TIMESTAMP))
    assert len(pikepdf.open(io.BytesIO(data)).pages) > 1
    found = walk(data)
    assert found.unmarked == []
    assert structure(data, found).words() == expected_words(article, style)


def test_a_figure_has_its_caption_as_alternate_text_and_the_photo_inside() -> None:
    data = tagged(str(SAMPLES / "004_hoi_hoa_ban.txt"), "newspaper")
    found = walk(data)
    figures = structure(data, found).children[0].find("/Figure")
    assert len(figures) == 3
    for figure in figures:
        assert figure.alt and figure.children[0].tag == "/Caption"
        assert figure.children[0].text.startswith(figure.alt)
    assert sorted(tag for tag in found.tags.values() if tag == "/Figure") == ["/Figure"] * 3  # the photos


def test_the_catalog_says_tagged_with_language_title_and_pdfua() -> None:
    data = tagged(str(SAMPLES / "000_ad5a731278720d44.txt"), "default")
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "vi-VN"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert all(page.obj.Tabs == pikepdf.Name.S and "/StructParents" in page.obj for page in pdf.pages)
    xmp = root.Metadata.read_bytes().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert re.search(r'<rdf:li xml:lang="x-default">Tỉnh ủy Lạng Sơn sơ kết', xmp)
    assert "pikepdf" not in xmp


def test_a_pdfx_file_keeps_its_tags_and_claims_no_pdfua() -> None:
    """PDF/X-1a is PDF 1.3, which has logical structure; PDF/UA-1 (PDF 1.7) is not claimed."""
    data = tagged(str(SAMPLES / "004_hoi_hoa_ban.txt"), "default", pdfx=True)
    assert data.startswith(b"%PDF-1.3")
    found = walk(data)
    assert found.unmarked == []
    pdf = pikepdf.open(io.BytesIO(data))
    assert "pdfuaid" not in pdf.Root.Metadata.read_bytes().decode("utf-8")
    path = str(SAMPLES / "004_hoi_hoa_ban.txt")
    assert structure(data, found).words() == expected_words(_article(path, "default"), _style("default"))


def test_the_same_input_gives_the_same_bytes() -> None:
    path = str(SAMPLES / "004_hoi_hoa_ban.txt")
    assert render("pdf", _article(path, "newspaper"), _style("newspaper"), Options(timestamp=TIMESTAMP)) == tagged(path, "newspaper")


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
@pytest.mark.parametrize("sample", ["004_hoi_hoa_ban.txt", "000_ad5a731278720d44.txt"])
def test_pdfinfo_struct_text_reads_the_newspaper_in_order(sample: str, tmp_path: Path) -> None:
    """Poppler's reading of the tree (``pdfinfo -struct-text``), three columns and floated
    photos: the article word for word."""
    path = str(SAMPLES / sample)
    target = tmp_path / "a.pdf"
    target.write_bytes(tagged(path, "newspaper"))
    out = subprocess.run(["pdfinfo", "-struct-text", str(target)], check=True, capture_output=True, text=True).stdout
    texts = [line.strip()[1:-1] for line in out.splitlines() if line.strip().startswith('"')]
    assert " ".join(texts).split() == expected_words(_article(path, "newspaper"), _style("newspaper"))


def test_long_paragraphs_addresses_symbols_and_nested_lists_read_word_for_word() -> None:
    """A paragraph longer than a piece (``PIECE_CHARS``) split across pages, addresses
    broken inside (no space added there), symbols from fallback faces at line ends, a
    nested list, an item without text, a section break, a caption without a photo."""
    from convert.model import ListItem

    sentence = "Câu số {} nói về Tiếng Việt tại https://baochinhphu.vn/tin-tuc/bai-viet-{}.htm 😀 ★ Ω."
    long = " ".join(sentence.format(n, n) for n in range(100))
    items = (ListItem("-", "một", (ListItem("-", "hai"),)), ListItem("-", ""))
    article = Article(headline="Thử", blocks=(Paragraph(long), List(items), Separator(), Quote("trích dẫn"), Caption("Ảnh không có", "TTXVN")))
    style = _style("default")
    data = render("pdf", article, style, Options(timestamp=TIMESTAMP))
    found = walk(data)
    assert found.unmarked == []
    assert structure(data, found).words() == expected_words(article, style)


def test_crop_marks_and_the_moved_page_stay_marked() -> None:
    """With bleed and crop marks the page's drawing is moved onto the sheet and the marks
    drawn after it: they are artifacts, and the page's marked content is intact."""
    path = str(SAMPLES / "000_ad5a731278720d44.txt")
    data = render("pdf", _article(path, "default"), _style("default"), Options(timestamp=TIMESTAMP, bleed=3, crop_marks=True, cmyk=True))
    found = walk(data)
    assert found.unmarked == []
    assert structure(data, found).words() == expected_words(_article(path, "default"), _style("default"))


def test_a_caption_of_only_a_credit_gives_the_figure_the_credit_as_alternate_text() -> None:
    article = Article(headline="Ảnh", blocks=(Caption("", "Hải Đường"), Paragraph("Một đoạn.")))
    data = render("pdf", article, _style("default"), Options(timestamp=TIMESTAMP))
    assert [figure.alt for figure in structure(data).children[0].find("/Figure")] == ["Hải Đường"]
