"""PDF writer properties: any article's text comes back, and long paragraphs are set in pieces."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from convert.model import Article, Paragraph
from convert.writers.pdf.flowables import PIECE_CHARS, pieces
from convert.writers.pdf.story import StoryBuilder
from tests.support.pdf import check_text, render_pdf, style
from tests.support.strategies import articles


@settings(max_examples=25)
@given(articles())
def test_any_article_text_comes_back_exactly(article: Article) -> None:
    check_text(render_pdf(article), article, style())


@settings(max_examples=10)
@given(articles())
def test_any_article_in_three_columns_on_a3(article: Article) -> None:
    a3 = style("page.size=A3", "page.columns=3")
    check_text(render_pdf(article, a3), article, a3)


text_with_spaces = st.text(st.sampled_from("ab đệ.!? …\u00a0"), max_size=400)


@given(text_with_spaces, st.integers(8, 60))
@example(" ????????", 8)  # the only space first in the window: cut after it
def test_pieces_give_the_text_back_within_the_limit(text: str, limit: int) -> None:
    parts = pieces(text, limit)
    assert "".join(parts) == text
    assert all(0 < len(p) <= limit for p in parts) or parts == [""]
    for part in parts[:-1]:
        assert part.endswith(" ") or (" " not in part and len(part) == limit)


def test_pieces_prefer_a_sentence_end() -> None:
    text = "Câu đầu tiên ở đây nhé. Câu thứ hai dài hơn nữa đấy và tiếp tục mãi"
    first, *rest = pieces(text, 40)
    assert first == "Câu đầu tiên ở đây nhé. "
    assert "".join([first, *rest]) == text
    assert pieces("Không có dấu chấm nào trong câu dài này cả đâu", 20)[0] == "Không có dấu chấm "
    assert pieces("word " * 3, 40) == ["word " * 3]


def test_a_long_paragraph_is_several_flowables_and_loses_nothing() -> None:
    sentence = "Kinh tế tiếp tục phát triển, cơ cấu chuyển dịch đúng hướng; hạ tầng được đầu tư. "
    text = (sentence * (3 * PIECE_CHARS // len(sentence))).strip()
    article = Article(headline="Dài", blocks=(Paragraph(text), Paragraph("Kết.")))
    story = StoryBuilder(style(), max_figure_height=100).build(article)
    assert len(story.body) >= 4  # three or more pieces, then the closing paragraph
    check_text(render_pdf(article), article, style())
