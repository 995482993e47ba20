"""Tables from tab-separated cells or columns aligned with spaces; a header row when
the first row looks like one; prose with double spaces is no table."""

from __future__ import annotations

from convert.model import Paragraph, Table
from convert.readers.plaintext import read_text

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
