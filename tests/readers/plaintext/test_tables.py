"""Tables from tab-separated cells or columns aligned with spaces; a header row when
the first row looks like one; prose with double spaces is no table."""

from __future__ import annotations

import pytest

from convert.model import Paragraph, Table
from convert.readers.plaintext import explain_text, read_text
from convert.readers.plaintext.tables import RULE_PIPES
from convert.text import letters_and_digits

HEAD = "Tiêu đề bài\n\nTTXVN - Mở đầu bài viết.\n\n"


def test_tab_separated_rows_with_a_header_of_words_over_numbers() -> None:
    article = read_text(HEAD + "Tỉnh\tDân số\t\tDiện tích\nLạng Sơn\t781.655\t\t8.310,2\nCao Bằng\t530.341\t\t6.700,3\n")
    assert article.blocks == (
        Table((("Tỉnh", "Dân số", "Diện tích"), ("Lạng Sơn", "781.655", "8.310,2"), ("Cao Bằng", "530.341", "6.700,3")), True),
    )


def test_no_header_when_the_first_row_holds_numbers() -> None:
    article = read_text(HEAD + "Lạng Sơn\t781.655\nCao Bằng\t530.341\n")
    assert article.blocks == (Table((("Lạng Sơn", "781.655"), ("Cao Bằng", "530.341")), False),)


def test_columns_aligned_with_spaces_and_an_empty_cell() -> None:
    rows = ["Loại          Mua vào       Bán ra", "SJC           41.700.000    42.150.000", "Nhẫn 9999                   41.900.000"]
    article = read_text(HEAD + "\n".join(rows) + "\n")
    assert article.blocks == (
        Table((("Loại", "Mua vào", "Bán ra"), ("SJC", "41.700.000", "42.150.000"), ("Nhẫn 9999", "", "41.900.000")), True),
    )


def test_prose_with_double_spaces_is_no_table() -> None:
    prose = "Kinh tế  tiếp tục phát triển đúng hướng.\nCơ cấu  chuyển dịch đúng hướng.\n"
    assert read_text(HEAD + prose).blocks == (Paragraph("Kinh tế tiếp tục phát triển đúng hướng."), Paragraph("Cơ cấu chuyển dịch đúng hướng."))


@pytest.mark.parametrize(
    "typed",
    [
        "| Chỉ tiêu | 2023 | 2024 |\n|:---|---:|:-:|\n| GRDP (%) | 6,5 | 7,2 |\n| Thu ngân sách | 10.120 | 11.350 |",
        "Chỉ tiêu | 2023 | 2024\n:--- | ---: | :-:\nGRDP (%) | 6,5 | 7,2\nThu ngân sách | 10.120 | 11.350",
        "| Chỉ tiêu | 2023 | 2024\n|:-|-:|:-:\n| GRDP (%) | 6,5 | 7,2 |\nThu ngân sách | 10.120 | 11.350 |",
    ],
)
def test_a_pipe_table_with_its_header_and_alignment(typed: str) -> None:
    article = read_text(f"Tiêu đề\n\nMở đầu bài.\n\n{typed}\n\nĐoạn cuối.\n")
    assert article.blocks[0] == Table(
        (("Chỉ tiêu", "2023", "2024"), ("GRDP (%)", "6,5", "7,2"), ("Thu ngân sách", "10.120", "11.350")),
        header=True,
        align=("left", "right", "center"),
    )


def test_a_pipe_table_without_alignment_escaped_pipes_and_ragged_rows_keeps_every_cell() -> None:
    typed = "| Loại | Số |\n|---|---|\n| Nhà nước \\| địa phương | 25 |\n| Tư nhân |\n| Khác | 3 | ghi chú |"
    article = read_text(f"Tiêu đề\n\nMở đầu bài.\n\n{typed}\n\nĐoạn cuối.\n")
    assert article.blocks[0] == Table(
        (("Loại", "Số", ""), ("Nhà nước | địa phương", "25", ""), ("Tư nhân", "", ""), ("Khác", "3", "ghi chú")),
        header=True,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "Giá vàng | SJC tăng mạnh\n---",  # a pipe in a sentence, then a separator
        "| a | b |\n|---|\n| c | d |",  # the rule row has fewer cells than the header
        "Một | hai\nba | bốn",  # no rule row
    ],
)
def test_no_pipe_table_without_a_matching_rule_row(typed: str) -> None:
    article, decisions = explain_text(f"Tiêu đề\n\nMở đầu bài.\n\n{typed}\n\nĐoạn cuối.\n")
    assert RULE_PIPES not in [decision.rule for decision in decisions]
    assert letters_and_digits("".join(article.texts())) == letters_and_digits(f"Tiêu đề Mở đầu bài. {typed} Đoạn cuối.")
