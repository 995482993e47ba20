"""Decoding order and clean-up of raw article bytes."""

from __future__ import annotations

import io
import zipfile

import pytest

from convert.text import DecodeError, clean, decode, decode_detailed

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x" * 100)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "reason"), [(PNG, "PNG image"), (zip_bytes(), "ZIP archive"), (b"%PDF-1.7\n", "PDF")])
def test_binary_files_are_refused_by_signature(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_control_heavy_data_is_binary() -> None:
    with pytest.raises(DecodeError, match="binary data"):
        decode(bytes(range(0, 32)) * 20)


def test_random_high_bytes_are_read_as_the_best_guess_with_a_warning() -> None:
    decoded = decode_detailed(bytes([0xC3, 0x28, 0xA9, 0xFE, 0xD2, 0xDE, 0xCC, 0xF2, 0x21, 0xEC]) * 10)
    assert decoded.note is not None and decoded.note.startswith("the text may be mis-encoded")
    assert "Windows-1258, TCVN3 (ABC fonts), VNI (VNI-Windows fonts), VISCII, VPS, TCVN 5712 VN1" in decoded.note


def test_unknown_forced_encoding() -> None:
    with pytest.raises(DecodeError, match=r"unknown encoding 'klingon' \(known: utf-8, .*tcvn3, vni, viscii, vps"):
        decode(b"abc", encoding="klingon")


def test_wrong_forced_encoding() -> None:
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode("Tiếng Việt".encode("utf-16-le") + b"\xff\xfe\xff", encoding="utf-8")


def test_nul_inside_text_is_text_with_a_control_to_remove() -> None:
    text = decode("Tiêu đề\x00 bài báo\n".encode())
    assert clean(text).text == "Tiêu đề bài báo\n"
    assert clean(text).removed == 1


def test_clean_folds_spaces_and_line_ends_and_composes() -> None:
    result = clean("a\u00a0\u2009b\tc\r\nd\re\u2028f\u0065\u0301")
    assert result.text == "a b c\nd\ne\nfé"
    assert result.removed == 0


def test_clean_removes_surrogates_and_noncharacters() -> None:
    result = clean("a\ud800b\ufffec\U0010ffffd\ufdd0")
    assert (result.text, result.removed) == ("abcd", 4)
