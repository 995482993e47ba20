"""Which line ends swallowed a space (``tagging.spaces``)."""

from __future__ import annotations

from convert.writers.pdf.tagging.spaces import line_end_spaces


def test_a_break_at_a_space_gives_it_back() -> None:
    assert line_end_spaces("Tiếng Việt là tiếng", ["Tiếng", "Việt là", "tiếng"]) == [True, True, False]


def test_blanks_collapsed_by_the_layout_still_count_as_one() -> None:
    assert line_end_spaces("Tiếng  Việt\u00a0ơi", ["Tiếng", "Việt\u00a0ơi"]) == [True, False]


def test_an_address_broken_inside_gets_no_space() -> None:
    assert line_end_spaces("xem https://baochinhphu.vn/tin/a-b ngay", ["xem https://", "baochinhphu.vn/", "tin/a-b ngay"]) == [False, False, False]


def test_a_split_word_gets_no_space() -> None:
    assert line_end_spaces("Nghiêngnghiêng", ["Nghiêng", "nghiêng"]) == [False, False]


def test_a_piece_keeps_the_space_after_it_and_a_whole_paragraph_ends_without() -> None:
    assert line_end_spaces("một hai ", ["một", "hai"]) == [True, True]
    assert line_end_spaces("một hai", ["một", "hai"]) == [True, False]
