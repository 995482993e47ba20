"""Property tests: the reader never raises, never loses a letter, and round-trips articles."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from convert.model import Article
from convert.readers.plaintext import read_bytes, read_text
from convert.text import clean, letters_and_digits
from tests.support.strategies import articles, spell

# Text that stresses the reader: its own markers, odd spaces, every kind of line end.
MARKERS = ["\n", "\n\n", "\n\n\n", "\r\n", "\r", " ", "\u00a0", "\t", "-", " - ", "(", ")", ":",
           "Ảnh: ", "Theo ", "Bài và ảnh: ", "LSO-", "TTXVN - ", "17/08/2019", "Thứ bảy, ", ".", "…"]
article_soup = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(MARKERS)), max_size=60).map("".join)


def model_text(article: Article) -> str:
    return "".join(article.texts())


@given(st.one_of(st.text(), article_soup))
@example("Ảnh: TTXVN")
@example("\n\n\nẢnh: TTXVN\n\nx")
@example("a\n\n(Theo X)\n\nB C")
def test_no_letter_or_digit_is_lost_on_any_text(text: str) -> None:
    article = read_text(text)
    assert letters_and_digits(model_text(article)) == letters_and_digits(clean(text).text)


@given(st.binary(max_size=400))
def test_any_bytes_read_or_fail_cleanly(data: bytes) -> None:
    from convert.text import DecodeError

    try:
        read_bytes(data)
    except DecodeError:
        pass


@given(articles(), st.sampled_from([None, 40, 72]), st.booleans())
def test_spelled_articles_read_back_to_the_same_model(article: Article, wrap: int | None, crlf: bool) -> None:
    assert read_text(spell(article, wrap=wrap, crlf=crlf)) == article


@given(articles())
def test_decomposed_text_reads_as_composed(article: Article) -> None:
    text = spell(article)
    assert read_text(unicodedata.normalize("NFD", text)) == read_text(text)
