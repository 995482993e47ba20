"""How the body flows: figures wait for the next column instead of leaving a hole, the last
page's columns are balanced, and nothing is lost or reordered beyond that."""

from __future__ import annotations

import re

import pytest

from convert.model import Article, Byline, Caption, Paragraph
from convert.styles import Style, load
from tests.support.pdf import check_text, expected_body, norm, page_texts, reader, render_pdf, run_with, split_pages, style
from tests.support.pdf import drawing

MM = 72 / 25.4
SENTENCE = "Kinh tế tiếp tục phát triển, cơ cấu kinh tế chuyển dịch đúng hướng, hạ tầng được đầu tư. "


def filler(lines: int, the_style: Style) -> list[Paragraph]:
    """Paragraphs about ``lines`` body lines long in all (at about 12 words a line)."""
    return [Paragraph((SENTENCE * 2).strip()) for _ in range(max(1, lines // 3))]


def figure_boxes(data: bytes) -> list[tuple[int, float, float]]:
    """(page index, top, bottom) of each photo placeholder."""
    pdf = reader(data)
    return [(i, b.y + b.height, b.y) for i, page in enumerate(pdf.pages) for b in drawing(pdf, page).boxes if b.filled]


def lowest_text(data: bytes, page: int, the_style: Style) -> float:
    pdf = reader(data)
    footer_top = the_style.page.margin_bottom * MM
    return min(y for _, y in drawing(pdf, pdf.pages[page]).text if y > footer_top)


def test_a_figure_that_does_not_fit_waits_for_the_next_page_while_text_fills_the_hole() -> None:
    the_style = style()
    text_top = (the_style.page.height - the_style.page.margin_top) * MM
    closing = tuple(Paragraph((SENTENCE * 3).strip()) for _ in range(6))
    caption = Caption("Ảnh chụp tại hội nghị", "Ảnh: TTXVN")
    moved = 0
    for count in range(4, 12):  # the figure falls at different heights of page 1
        opening = tuple(Paragraph((SENTENCE * 3).strip()) for _ in range(count))
        article = Article(headline="Tiêu đề", blocks=(*opening, caption, *closing))
        data = render_pdf(article)
        pages = check_text(data, article, the_style)  # every word there, the figure whole
        [(page, top, _)] = figure_boxes(data)
        if page == 0:
            assert pages.body == expected_body(article, the_style)
            continue
        moved += 1
        assert pages.body != expected_body(article, the_style)  # text from after it came first
        assert page == 1 and abs(top - text_top) < 1  # at the top of page 2
        # No hole the figure's size at the foot of page 1: the text runs down to the bottom
        # margin, but for what the widow and orphan rules leave (up to two lines and a space).
        hole = lowest_text(data, 0, the_style) - the_style.page.margin_bottom * MM
        assert hole < 3 * the_style.text["body"].line_height < the_style.placeholder.height * MM
    assert moved


def test_a_figure_near_the_end_keeps_its_place_before_the_last_words() -> None:
    """Waiting would put the figure after the story's end; it moves on with its text instead."""
    opening = tuple(Paragraph((SENTENCE * 3).strip()) for _ in range(8))
    article = Article(
        headline="Tiêu đề",
        blocks=(*opening, Caption("Ảnh cuối bài", "Ảnh: PV"), Paragraph("Lời kết ngắn.")),
        byline=Byline("HOÀNG ÁNH", ("HOÀNG ÁNH",)),
    )
    data = render_pdf(article)
    pages = split_pages(page_texts(data))
    assert pages.body == expected_body(article, style())  # exactly the article's order


def test_the_last_page_of_a_long_article_is_balanced() -> None:
    the_style = style("page.size=A3", "page.columns=3", "placeholder.enabled=false")
    blocks = tuple(Paragraph((SENTENCE * (2 + i % 4)).strip()) for i in range(70))
    article = Article(headline="Bài dài", blocks=blocks)
    data = render_pdf(article, the_style)
    check_text(data, article, the_style)
    count = len(reader(data).pages)
    assert count >= 2
    page = the_style.page
    width = (page.width - page.margin_left - page.margin_right - 2 * page.column_gap) / 3 * MM
    edges = [(page.margin_left * MM + i * (width + page.column_gap * MM)) for i in range(3)]
    pdf = reader(data)
    leading = the_style.text["body"].line_height
    for index in range(count):
        spots = [(x, y) for x, y in drawing(pdf, pdf.pages[index]).text if y > page.margin_bottom * MM]
        lowest = [min((y for x, y in spots if edge - 0.5 <= x < edge + width), default=None) for edge in edges]
        assert all(low is not None for low in lowest), f"page {index + 1} has an empty column"
        if index < count - 1:  # full pages run down to the bottom margin (widow and orphan rules aside)
            assert all(low < page.margin_bottom * MM + 3 * leading for low in lowest)
        else:  # the last page's columns end level, well above the margin unless the page is full
            assert max(lowest) - min(lowest) <= 2.5 * leading


def test_balancing_and_waiting_figures_lose_nothing_in_two_columns() -> None:
    the_style = style("page.columns=2")
    blocks: list[Paragraph | Caption] = []
    for i in range(12):
        blocks.extend(filler(6 + i % 5, the_style))
        blocks.append(Caption(f"Chú thích ảnh số {i + 1}", f"Ảnh: PV{i + 1}"))
    article = Article(headline="Nhiều ảnh", blocks=tuple(blocks), byline=Byline("PV", ("PV",)))
    data = render_pdf(article, the_style)
    check_text(data, article, the_style)
    assert len(figure_boxes(data)) == 12
    # The byline stays last, after every figure.
    assert norm(split_pages(page_texts(data)).body).endswith("PV")


def test_balancing_never_parts_a_figure_from_its_caption() -> None:
    """A short article in three columns: the balanced columns are never shorter than
    its figure, which platypus would otherwise set as a box at the foot of one column
    and its caption at the head of the next."""
    from convert.readers.plaintext import read_text
    from tests.conftest import SAMPLES

    article = read_text((SAMPLES / "001_ttxvn_mua_lua.txt").read_text(encoding="utf-8"))
    newspaper = load("newspaper")
    data = render_pdf(article, newspaper)
    check_text(data, article, newspaper)
    [(page, top, bottom)] = figure_boxes(data)
    caption = run_with(data, "Nông dân xã Vĩnh Hanh", page)
    box = next(b for b in drawing(reader(data), reader(data).pages[page]).boxes if b.filled)
    assert box.x - 0.5 <= caption.x < box.x + box.width  # in the box's column...
    assert bottom - 3 * newspaper.text["caption"].line_height < caption.y < bottom  # ...right under it


@pytest.mark.parametrize("preset", ["default", "newspaper"])
def test_an_overlong_caption_is_read_in_its_own_order(preset: str) -> None:
    """A caption of thousands of characters is set in pieces, the photo with the first;
    when the figure waits for a later column or page, the rest waits with it (issue 28
    item 7: words 822-1670 had come out on page 1, above the figure with words 0-821)."""
    words = "Người dân phấn khởi đón mừng công trình mới hoàn thành sau nhiều năm chờ đợi của cả vùng".split()
    caption = " ".join(f"{words[n % len(words)]}{n}" for n in range(1700))
    article = Article(
        headline="Tiêu đề bài báo",
        source="LSO",
        lead="Mở đầu bài báo.",
        blocks=(Paragraph("Đoạn văn thứ nhất."), Caption(caption, credit="TTXVN"), Paragraph("Đoạn văn cuối.")),
        byline=Byline("PHÙNG KHIÊM", ("PHÙNG KHIÊM",)),
    )
    text = " ".join(page_texts(render_pdf(article, load(preset))))
    numbers = [int(found) for found in re.findall(r"[^\W\d]+(\d+)", text)]
    assert numbers == list(range(1700))
