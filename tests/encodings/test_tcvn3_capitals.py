"""The .VnTimeH capitals: TCVN3 words typed in the all-capital font come back in capitals."""

from __future__ import annotations

import unicodedata

import pytest

from convert.encodings.tcvn3 import restore_capitals


def abc(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("tcvn3"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"T\xd8NH \xf1Y", "TỈNH ỦY"),  # the example
        (b"\xa7\xb9I H\xe9I \xa7\xb6NG B\xe9 T\xd8NH L\xb9NG S\xacN", "ĐẠI HỘI ĐẢNG BỘ TỈNH LẠNG SƠN"),
        (b"H\xb5 N\xe9I", "HÀ NỘI"),  # "Hà" alone is ambiguous; on an all-capital line it is a capital
        (b"\xeb H\xb5 N\xe9I", "Ở HÀ NỘI"),
        (b"B\xb5i v\xb5 \xb6nh: HO\xb5NG \xb8NH", "Bài và ảnh: HOÀNG ÁNH"),
        (b"\xf1y ban. \xeb \xae\xa9y.", "Ủy ban. Ở đây."),  # toned vowels opening a sentence
        (b"x.\n\n\xcan t\xad\xeeng", "x.\n\nẤn tượng"),  # and a paragraph
    ],
)
def test_capitals_come_back(data: bytes, expected: str) -> None:
    assert restore_capitals(abc(data)) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"H\xb5",  # "Hà": a name, nothing says capitals
        b"X\xb7 h\xe9i",  # "Xã hội"
        b"Chi\xd2u nay, \xf1y ban nh\xa9n d\xa9n",  # "ủy ban" inside a sentence: cannot be told apart
        b"UBND t\xd8nh L\xb9ng S\xacn",
        b"d\xa7ng\n\xf1y ban",  # a hard-wrapped line is not a new sentence
    ],
)
def test_everything_else_stays_as_read(data: bytes) -> None:
    assert restore_capitals(abc(data)) == abc(data)


def test_a_huge_word_is_linear() -> None:
    text = "x " + "ấ" * 200_000 + "a" + "B" * 200_000
    assert restore_capitals(text) == text
