"""The body's structure in the PDF: lists with hanging markers, tables that split across
pages with their header repeated, quotations set in, questions and answers in their
faces, section breaks, typographic quotes and dashes."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm

from convert.model import Article, Caption, Paragraph, Separator, Table
from convert.options import Options
from convert.writers import render
from tests.support.outputs import squeeze
from tests.support.pdf import TIMESTAMP, drawing, expected_parts, in_order, page_texts, reader, render_pdf, run_with, same_characters, split_pages, style
from tests.support.structure import STRUCTURED, long_table


@pytest.fixture(scope="module")
def structured() -> bytes:
    return render_pdf(STRUCTURED)


def test_every_text_of_every_block_is_set_in_order(structured: bytes) -> None:
    pages = split_pages(page_texts(structured))
    assert in_order(squeeze(pages.body), expected_parts(STRUCTURED, style()), squeeze)


def test_list_markers_hang_in_the_indent_and_nested_lists_go_a_level_in(structured: bytes) -> None:
    indent = style().lists.indent * mm
    body = run_with(structured, "Các nhóm hàng").x
    assert run_with(structured, "•").x == pytest.approx(body)  # the style's bullet for level 1...
    assert run_with(structured, "Gạo").x == pytest.approx(body + indent)
    assert run_with(structured, "–").x == pytest.approx(body + indent)  # ...and for level 2
    assert run_with(structured, "cà phê nhân").x == pytest.approx(body + 2 * indent)
    assert run_with(structured, "đ)").x == pytest.approx(body)  # the article's own letters
    assert run_with(structured, "Việc thứ 5").x == pytest.approx(body + indent)


def test_a_quotation_is_set_in_and_in_its_face(structured: bytes) -> None:
    quote = run_with(structured, "“Muốn")  # the straight quotes set typographically
    assert quote.x == pytest.approx(run_with(structured, "Các nhóm hàng").x + style().quotes.indent * mm)
    assert quote.font == "Spectral-Italic"


def test_a_question_is_set_apart_and_an_answer_opens_with_the_speaker(structured: bytes) -> None:
    assert run_with(structured, "PV: Thưa ông").font == "Spectral-Bold"
    assert run_with(structured, "TS Đặng Kim Sơn: ").font == "BeVietnamPro-Bold"
    assert run_with(structured, "Chuỗi liên kết").font == "Spectral-Regular"
    assert run_with(structured, "Đầu tư sau").font == "Spectral-Regular"  # more of the answer, no speaker


def test_a_table_has_a_header_row_in_its_face_and_rules(structured: bytes) -> None:
    header, cell = run_with(structured, "Năm 2018"), run_with(structured, "3,06")
    assert header.font == "BeVietnamPro-Bold" and cell.font == "Spectral-Regular"
    assert header.x == pytest.approx(cell.x) and header.y > cell.y
    drawn = drawing(reader(structured), reader(structured).pages[0])
    rules = [s for s in drawn.segments if s.width == pytest.approx(style().tables.rule_width)]
    across = [s for s in rules if s.y0 == pytest.approx(s.y1)]
    down = [s for s in rules if s.x0 == pytest.approx(s.x1)]
    assert len(across) == 4 and len(down) == 4  # a grid around and between three rows and three columns
    text_width = (style().page.width - style().page.margin_left - style().page.margin_right) * mm
    assert all(abs(s.x1 - s.x0) == pytest.approx(text_width, abs=0.1) for s in across)  # the table is the text's width
    assert any(box.filled and box.y <= header.y <= box.y + box.height for box in drawn.boxes)  # the header's fill


def test_a_table_longer_than_a_page_splits_and_repeats_its_header() -> None:
    article = long_table(120)
    data = render_pdf(article)
    texts = page_texts(data)
    assert len(texts) >= 3
    for text in texts:
        assert "Dân số" in text and "Tỷ lệ (%)" in text  # the header row on every page
    body = squeeze(split_pages(texts).body)
    table = article.blocks[0]
    assert isinstance(table, Table)
    positions = [body.find(squeeze("".join(row))) for row in table.rows[1:]]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)  # every row whole, in order


#: A row of words longer than a line: a table holding it runs onto a second page.
PAGE_OF_WORDS = " ".join(["ơđaưđcđơcưệđba" * 100] * 3)


def test_a_header_row_whose_text_stands_before_the_table_too_repeats_and_nothing_is_lost() -> None:
    article = Article(blocks=(Paragraph("Tỉnh"), Caption("Tỉnh bộ"), Table((("Tỉnh", ""), ("", PAGE_OF_WORDS)), header=True)))
    texts = page_texts(render_pdf(article))
    assert len(texts) == 2
    pages = split_pages(texts, running_header=False)
    first, second = (squeeze(text.rsplit("Trang", 1)[0]) for text in texts)
    assert first.startswith("TỉnhẢnhTỉnhbộTỉnh")  # paragraph, figure (placeholder, caption), header row
    assert second.startswith("Tỉnh") and "Tỉnh" not in second[4:]  # the header row again, over the rest of the row
    body = squeeze(pages.body)
    assert body.count("Tỉnh") == 4
    assert in_order(body, expected_parts(article, style()), squeeze, repeats=1)
    assert not in_order(body, expected_parts(article, style()), squeeze, repeats=0)  # the copy is counted


def test_a_right_to_left_header_row_no_face_has_repeats_with_its_characters() -> None:
    article = Article(blocks=(Table((("יב", ""), ("", f"{PAGE_OF_WORDS} {PAGE_OF_WORDS}")), header=True),))
    warnings: list[str] = []
    texts = page_texts(render("pdf", article, style(), Options(timestamp=TIMESTAMP, warn=warnings.append)))
    assert len(warnings) == 1 and "drawn as" in warnings[0]
    assert len(texts) == 2 and all(squeeze(text).startswith("בי") for text in texts)  # pypdf reads it left to right
    body = squeeze(split_pages(texts, running_header=False).body)
    assert same_characters(body, expected_parts(article, style()), squeeze, repeats=1)
    assert not same_characters(body, expected_parts(article, style()), squeeze, repeats=0)


def test_a_tall_row_after_a_short_one_splits_under_one_header_row_per_page() -> None:
    # Split between the rows first, the rest (header and tall row) went on in the same
    # column and split inside the row there: the header row twice on page 1.
    article = Article(blocks=(Table((("Cột",), ("", "một hai", "ba"), (f"bốn {PAGE_OF_WORDS}",)), header=True),))
    texts = page_texts(render_pdf(article))
    assert len(texts) == 2 and [text.count("Cột") for text in texts] == [1, 1]
    assert in_order(squeeze(split_pages(texts, running_header=False).body), expected_parts(article, style()), squeeze, repeats=1)


def test_a_section_break_is_the_ornament_centred_or_a_short_rule(structured: bytes) -> None:
    page_width = style().page.width * mm
    ornament = run_with(structured, "* * *")
    assert abs(ornament.x + 10 - page_width / 2) < 15  # centred (its start, a few points left of the middle)
    plain = style("section_break.ornament=\"\"")
    article = Article(blocks=(Paragraph("Trước."), Separator("***"), Paragraph("Sau.")))
    data = render_pdf(article, plain)
    assert "*" not in "".join(page_texts(data))
    text_width = (plain.page.width - plain.page.margin_left - plain.page.margin_right) * mm
    rules = [s for s in drawing(reader(data), reader(data).pages[0]).segments if s.width == pytest.approx(plain.section_break.rule_width)]
    (rule,) = [s for s in rules if abs(abs(s.x1 - s.x0) - text_width * plain.section_break.rule_length) < 1]
    assert (rule.x0 + rule.x1) / 2 == pytest.approx(page_width / 2, abs=1)


def test_quotes_and_dashes_are_set_typographically_unless_the_style_says_not(structured: bytes) -> None:
    text = "".join(page_texts(structured))
    assert "“thương hiệu”" in text and "hàng thô – chưa" in text and '"' not in text
    plain = render_pdf(STRUCTURED, style("typography.quotes=false", "typography.dashes=false"))
    text = "".join(page_texts(plain))
    assert '"thương hiệu"' in text and "hàng thô - chưa" in text and "“" not in text
