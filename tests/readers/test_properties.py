"""Property tests: the reader never raises, never loses a letter, and round-trips articles."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from convert.model import Article, Caption, Paragraph
from convert.readers.plaintext import read_bytes, read_text
from convert.text import clean, letters_and_digits
from tests.support.conventions import Convention, convention_articles, spell_in, unambiguous
from tests.support.strategies import articles, spell

# Text that stresses the reader: its own markers, odd spaces, every kind of line end.
MARKERS = ["\n", "\n\n", "\n\n\n", "\r\n", "\r", " ", "\u00a0", "\t", "-", " - ", "(", ")", ":",
           "Ảnh: ", "Theo ", "Bài và ảnh: ", "LSO-", "TTXVN - ", "17/08/2019", "Thứ bảy, ", ".", "…",
           # the structure of the body: list markers, table cells, quotes, interviews, separators
           "\n- ", "\n• ", "\n1. ", "\n2) ", "\na) ", "\n  + ", "\t\t", "   ", "\n> ", "\n>\n", "\n* * *\n",
           "\n---\n", "\nPV: ", "\nHỏi: ", "\nÔng Nguyễn An: ", "?", "Cập nhật: ", "(theo ", ". Ảnh: AP. ", '"']
# The labels a reader consumes (a header's keys, "Sapo:") only say which part a text is;
# they are left out of the soup, since they rightly do not reach the model.
article_soup = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(MARKERS)), max_size=60).map("".join)


def model_text(article: Article) -> str:
    return "".join(article.texts())


@settings(max_examples=300)
@given(st.one_of(st.text(), article_soup))
@example("Ảnh: TTXVN")
@example("\n\n\nẢnh: TTXVN\n\nx")
@example("a\n\n(Theo X)\n\nB C")
@example("\n2) \n\n17/08/2019")
def test_no_letter_or_digit_is_lost_on_any_text(text: str) -> None:
    article = read_text(text)
    assert same_letters_in_order(article, clean(text).text)


def same_letters_in_order(article: Article, text: str) -> bool:
    """The model's letters and digits are the text's, in order; but the date line, which
    the model holds first, may stand anywhere in the text (under the headline, at the end)."""
    found, expected = letters_and_digits(model_text(article)), letters_and_digits(text)
    if article.dateline is None:
        return found == expected
    date = letters_and_digits(article.dateline.text)
    rest = found[len(date) :] if found.startswith(date) else found
    start = expected.find(date)
    while start >= 0:
        if expected[:start] + expected[start + len(date) :] == rest:
            return True
        start = expected.find(date, start + 1)
    return False


@given(st.binary(max_size=400))
def test_any_bytes_read_or_fail_cleanly(data: bytes) -> None:
    """Bytes are refused with a DecodeError (binary data) or read into clean text: NFC,
    no control characters, lone surrogates or noncharacters, and every part (a cell, an
    item) one line."""
    from convert.text import DecodeError, removable

    try:
        article = read_bytes(data)
    except DecodeError:
        return
    for text in article.texts():
        assert removable(text) == "" and "\r" not in text and "\n" not in text, repr(text)
        assert unicodedata.is_normalized("NFC", text), repr(text)


# Wrapped at 40 columns, the credit breaks inside its brackets: ``… (Ảnh: Hoàng`` / ``Ánh)``.
CREDIT_BROKEN = Article(
    headline="Tỉnh ủy Lạng Sơn sơ kết",
    lead="Hội nghị đồng chí phát biểu.",
    blocks=(
        Paragraph("Kinh tế tiếp tục phát triển."),
        Caption("Kinh tế tiếp tục phát triển cơ cấu chuyển dịch đúng tại thôn", "Ảnh: Hoàng Ánh"),
        Paragraph("Kinh tế tiếp tục phát triển."),
    ),
)

# Wrapped at 72 columns, a sentence ending with a number puts ``1.`` at a line's head:
# ``… tỉnh ủy`` / ``1. Tỉnh …``, one paragraph (the file is too short to show its width).
NUMBER_WRAPPED = Article(
    headline="Tỉnh Tỉnh Tỉnh Tỉnh",
    lead="Tỉnh Tỉnh Tỉnh Tỉnh.",
    blocks=(
        Paragraph("Tỉnh Tỉnh Tỉnh Tỉnh."),
        Paragraph("Tỉnh Tỉnh Tỉnh 1, tỉnh tỉnh. Tỉnh Tỉnh Tỉnh Tỉnh, tỉnh tỉnh tỉnh tỉnh ủy 1. Tỉnh Tỉnh Tỉnh Tỉnh."),
    ),
)


@given(articles(), st.sampled_from([None, 40, 72]), st.booleans())
@example(CREDIT_BROKEN, 40, False)
@example(NUMBER_WRAPPED, 72, False)
def test_spelled_articles_read_back_to_the_same_model(article: Article, wrap: int | None, crlf: bool) -> None:
    assert read_text(spell(article, wrap=wrap, crlf=crlf)) == article


@given(articles())
def test_decomposed_text_reads_as_composed(article: Article) -> None:
    text = spell(article)
    assert read_text(unicodedata.normalize("NFD", text)) == read_text(text)


# --- every convention ---------------------------------------------------------------------


@settings(max_examples=80)
@given(convention_articles())
def test_articles_spelled_in_each_convention_read_back_to_their_model(drawn: tuple[Article, Convention]) -> None:
    article, convention = drawn
    assume(unambiguous(article, convention))
    assert read_text(spell_in(article, convention)) == article
