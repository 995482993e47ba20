"""Decoding order and clean-up of raw article bytes."""

from __future__ import annotations

import io
import zipfile

import pytest

from convert import text
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


def test_clean_makes_spaces_ordinary_and_line_ends_plain_and_composes() -> None:
    # Each space one ordinary space, tabs kept, runs not collapsed: layout the reader reads.
    result = clean("a\u00a0\u2009b\tc\r\nd\re\u2028f\u0065\u0301")
    assert result.text == "a  b\tc\nd\ne\nfé"
    assert result.removed == 0


def test_clean_removes_surrogates_and_noncharacters() -> None:
    result = clean("a\ud800b\ufffec\U0010ffffd\ufdd0")
    assert (result.text, result.removed) == ("abcd", 4)


def test_the_parts_clean_removes_with_are_the_removable_class() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert text._REMOVABLE_BMP.findall(every) + text._REMOVABLE_ASTRAL.findall(every) == text._REMOVABLE.findall(every)


def _clean_as_before(raw: str) -> tuple[str, int]:
    """``clean`` as it was written before its patterns were split for speed: one class for
    every removable code point, every space (the ordinary one too) replaced, every text
    searched for line breaks."""
    import re
    import unicodedata

    spaced = 0
    if text._CONTROLS.search(raw) is not None:
        raw, spaced = text._spaced_controls(raw)
    raw, removed = text._REMOVABLE.subn("", raw)
    raw = re.sub("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]", "\n", raw.replace("\ufeff", ""))
    return re.sub(r"[^\S\n\t]", " ", unicodedata.normalize("NFC", raw)), removed + spaced


@pytest.mark.parametrize(
    "raw",
    [
        "Tiêu đề\r\nbài\u00a0báo\u3000mới\u2028\x85kết\x1fthúc\ud800\U0001fffe\U0010ffff 😀\ufeff\tx\u202f",
        "chỉ chữ thường, không gì lạ",
        "\r\r\n\n\v\f\x1c\x1d\x1e \u2000\u200a\u205f\U0001F600\U000E0001\U0002FFFF",
        "".join(chr(c) for c in range(0, 0x3100, 7)) + "".join(chr(c) for c in range(0xFFF0, 0x110000, 4093)),
    ],
)
def test_clean_is_what_it_was_before_its_patterns_were_split(raw: str) -> None:
    cleaned = clean(raw)
    assert (cleaned.text, cleaned.removed) == _clean_as_before(raw)


def test_a_lone_surrogate_in_utf16_is_removed_with_the_count_not_refused() -> None:
    # As the README's error table says (and as a JSON model's are): removed, with a warning.
    for data in ("\ufeffTiêu đề".encode("utf-16-le") + b"\x00\xd8" + " bài".encode("utf-16-le"),
                 "Tiêu đề bài báo mới".encode("utf-16-le") + b"\x00\xdc" + " hôm nay".encode("utf-16-le")):
        text = decode(data)
        result = clean(text)
        assert result.removed == 1
        assert "\ud800" not in result.text and "\udc00" not in result.text
        assert result.text.endswith(" bài") or result.text.endswith(" hôm nay")


def test_a_lone_surrogate_in_utf16_warns_through_the_reader() -> None:
    from convert.readers.plaintext import read_bytes

    warnings: list[str] = []
    article = read_bytes("\ufeffTiêu đề\n\nMột đoạn".encode("utf-16-le") + b"\x3d\xd8" + " văn.".encode("utf-16-le"), warn=warnings.append)
    assert warnings == ["removed 1 control or non-character code point(s)"]
    assert article.headline == "Tiêu đề" and article.lead == "Một đoạn văn."


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [("có\x1fký", "có ký"), ("có\x01\x02ký", "có ký"), ("2019\x7f2020", "2019 2020"), ("có \x1fký", "có ký"), ("có\x1f", "có")],
)
def test_a_control_between_two_words_becomes_a_space(raw: str, cleaned: str) -> None:
    result = clean(raw)
    assert result.text.replace("  ", " ") == cleaned
    assert result.removed == len(raw) - len(raw.translate({c: None for c in range(0x20) if c != 0x20}).replace("\x7f", ""))
