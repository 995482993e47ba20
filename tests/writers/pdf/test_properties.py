"""PDF writer properties: any article's text comes back, long paragraphs are set in
pieces, and any combination of style values gives a PDF or a style error, never a
LayoutError."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.platypus.doctemplate import LayoutError

from convert.model import Article, Paragraph
from convert.styles import ROLES, StyleError, load
from convert.writers.pdf import document
from convert.writers.pdf.layout.flowables import PIECE_CHARS, pieces
from convert.writers.pdf.layout.story import StoryBuilder
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


# --- any style values: a PDF or a style error ----------------------------------------------

#: Every role the property test may change, and the numeric values it draws for them.
_NUMBERS = {"size": st.floats(2, 96), "leading": st.floats(1, 3), "space_before": st.integers(0, 80),
            "space_after": st.integers(0, 80), "first_indent": st.integers(0, 120)}  # fmt: skip


@st.composite
def style_values(draw: st.DrawFn) -> list[str]:
    """``--set`` overrides for the page, the placeholder, rules and up to three roles."""
    values = [f'page.size="{draw(st.integers(20, 600))}x{draw(st.integers(20, 600))} mm"']
    values += [f"page.{side}={draw(st.integers(0, 60))}" for side in ("margin_top", "margin_bottom", "margin_left", "margin_right")]
    values += [f"page.columns={draw(st.integers(1, 12))}", f"page.column_gap={draw(st.integers(0, 20))}"]
    values += [f"page.min_measure={draw(st.integers(0, 12))}", f"placeholder.height={draw(st.integers(0, 300))}"]
    values += [f"pdf.head_rule_width={draw(st.integers(0, 40))}", f"pdf.rule_width={draw(st.integers(0, 20))}"]
    for role in draw(st.lists(st.sampled_from(ROLES), max_size=3, unique=True)):
        values += [f"text.{role}.{key}={draw(strategy)}" for key, strategy in _NUMBERS.items()]
    return values


def _short_seed() -> Article:
    from convert.io import load_article
    from tests.conftest import SEED

    seed = load_article(str(SEED))
    return replace(seed, blocks=seed.blocks[:5])  # a figure, paragraphs: every kind of block, quickly


SHORT_SEED = _short_seed()


@settings(max_examples=30)
@given(style_values(), st.sampled_from(["default", "newspaper", "a5", "nd30"]))
@example(["page.columns=40"], "default")  # the issue's: once a LayoutError, "please report it"
@example(['page.size="60x60 mm"'], "default")
@example(['page.size="500x84 mm"', "page.margin_top=0", "page.margin_bottom=43", "text.credit.space_after=81", "placeholder.height=190"], "default")  # a figure released before a moved paragraph
@example(['page.size="369x177 mm"', "page.margin_top=48", "page.margin_bottom=45", "page.columns=5", "page.column_gap=11", "placeholder.height=148", "text.headline.size=3"], "newspaper")  # a placeholder taller than page 1's columns
def test_any_style_values_give_a_pdf_or_a_style_error(values: list[str], base: str) -> None:
    try:
        the_style = load(base, values, check_fonts=False)
    except StyleError:
        return  # refused by the loader, naming file and key (tests/test_styles.py)
    try:
        data = render_pdf(SHORT_SEED, the_style, timestamp=None)
    except StyleError as exc:
        message = str(exc)
        assert message.startswith("style: ") and "\n" not in message, message
        return
    assert data.startswith(b"%PDF-")


def test_a_layout_error_that_gets_through_is_still_a_style_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks should leave ReportLab none; if one came, it is one line about the page."""

    def fail(*args: object) -> None:
        raise LayoutError("Flowable <Paragraph at 0x1 frame=column0>Tỉnh(56.69 x 649.44) too large on page 2 in frame 'column0'(56.69 x 56.69*) of template 'rest'")

    monkeypatch.setattr(document, "_write", fail)
    with pytest.raises(StyleError, match=r"^style: the page cannot hold a block 57 x 649 pt of this article on page 2, where the column is 57 x 57 pt"):
        render_pdf(SHORT_SEED)
