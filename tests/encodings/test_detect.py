"""Detection: every sample, typed in every legacy encoding or turned into mojibake, is
read in the right encoding and gives its text back; clean input raises no alarm."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert.encodings import LABELS
from convert.encodings.detect import CANDIDATES, sample
from convert.model import Article
from convert.readers.plaintext import read_bytes
from convert.text import DecodeError, decode_detailed
from tests.conftest import SAMPLES
from tests.support.strategies import articles, spell
from tests.support.typist import PLAIN, cp1258, legacy_bytes, mojibake, typed

SAMPLE_PATHS = sorted(SAMPLES.glob("*.txt"))
NOTES = {
    "tcvn3": "read as TCVN3 (ABC fonts)",
    "vni": "read as VNI (VNI-Windows fonts)",
    "viscii": "read as VISCII",
    "vps": "read as VPS",
    "tcvn5712-1": "read as TCVN 5712 VN1",
    "windows-1258": None,
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n")


@cache
def original(path: Path) -> str:
    """A sample's text as Unicode (the Windows-1258 sample decoded by the reader)."""
    return nfc(decode_detailed(path.read_bytes()).text)


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", ["windows-1258", "tcvn3", "vni", "viscii", "vps"])
def test_each_sample_in_each_legacy_encoding_is_detected_and_reads_back(path: Path, encoding: str) -> None:
    text = original(path)
    decoded = decode_detailed(legacy_bytes(text, encoding))
    assert (decoded.encoding, decoded.note) == (encoding, NOTES[encoding])
    expected = text.replace("\u00a0", " ") if encoding == "windows-1258" else typed(text, encoding)
    if encoding == "tcvn3":  # the .VnTimeH capitals: some come back, the rest are case-folded
        assert nfc(decoded.text).casefold() == expected.casefold()
        assert nfc(decoded.text) == text or _capitals_only(nfc(decoded.text), text)
    else:
        assert nfc(decoded.text) == expected


def _capitals_only(got: str, want: str) -> bool:
    """Where the TCVN3 reading differs, it is a capital read as its lower-case letter."""
    return len(got) == len(want) and all(g == w or g == w.lower() for g, w in zip(got, want, strict=True))


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(
    ("codec", "times", "note"),
    [
        ("sloppy-windows-1252", 1, "read as Windows-1252 and saved again"),
        ("sloppy-windows-1252", 2, "read as Windows-1252 and saved again twice"),
        ("latin-1", 1, "read as Latin-1 and saved again"),
    ],
)
def test_mojibake_is_repaired_with_a_note(path: Path, codec: str, times: int, note: str) -> None:
    text = original(path)
    decoded = decode_detailed(mojibake(text, codec, times))
    assert decoded.encoding == "utf-8 (repaired mojibake)"
    assert decoded.note == f"repaired mojibake: UTF-8 text that had been {note}"
    assert nfc(decoded.text) == text


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.name[:3])
def test_the_samples_raise_no_alarm(path: Path) -> None:
    decoded = decode_detailed(path.read_bytes())
    expected = "windows-1258" if "cp1258" in path.name else "utf-8"
    assert (decoded.encoding, decoded.note) == (expected, None)


@settings(max_examples=25)
@given(articles(), st.booleans())
def test_generated_articles_raise_no_alarm_in_utf8_or_windows_1258(article: Article, legacy: bool) -> None:
    text = spell(article)
    data = cp1258(text) if legacy else text.encode("utf-8")
    decoded = decode_detailed(data)
    assert decoded.note is None
    assert decoded.encoding == ("windows-1258" if legacy and not data.isascii() else "utf-8")


@settings(max_examples=25)
@given(articles(), st.sampled_from(["tcvn3", "vni", "viscii", "vps"]))
def test_generated_articles_in_legacy_encodings_are_detected(article: Article, encoding: str) -> None:
    data = legacy_bytes(spell(article), encoding)
    decoded = decode_detailed(data)
    if data.isascii():  # no Vietnamese letter at all: it is plain UTF-8
        assert decoded.encoding == "utf-8"
    else:
        assert decoded.encoding == encoding
        assert nfc(decoded.text).casefold() == typed(spell(article), encoding).casefold()


ICONV = shutil.which("iconv")


@pytest.mark.skipif(ICONV is None, reason="glibc's iconv is not installed")
@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(("glibc", "ours"), [("VISCII", "viscii"), ("TCVN5712-1", "tcvn5712-1"), ("TCVN5712-1", "tcvn3")])
def test_files_made_by_iconv_are_detected_and_read_back(path: Path, glibc: str, ours: str) -> None:
    """glibc writes the same bytes as vnconv's tables, and vnconv reads glibc's files.

    For TCVN3 the text is typed as in VN3 (toned capitals as lower-case letters), which
    glibc's TCVN5712-1 then writes with VN3's codes only.
    """
    text = "".join(PLAIN.get(ch, ch) for ch in original(path))
    if ours == "tcvn3":
        text = typed(text, "tcvn3")
    made = subprocess.run([ICONV, "-f", "UTF-8", "-t", glibc], input=text.encode(), capture_output=True, check=True).stdout
    assert made == text.encode(ours)
    decoded = decode_detailed(made)
    assert decoded.encoding == ours
    assert nfc(decoded.text).casefold() == text.casefold()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"Th\xf8 b\xb6y", "tcvn3"),  # the example: two words are enough when both read right
        (b"Th\xf6\xf9 ba\xfby", "vni"),
        (b"caf\xe9 \xa9 2019", "windows-1258"),  # a word or two that no table makes Vietnamese
        (b"Chu\xd2 nh\xe2\xf2t", "windows-1258"),
    ],
)
def test_short_texts(data: bytes, encoding: str) -> None:
    assert decode_detailed(data).encoding == encoding


def test_garbage_is_the_best_guess_with_a_note_naming_every_candidate() -> None:
    decoded = decode_detailed(bytes((i * 37 + 11) % 128 + 128 for i in range(400)))
    assert decoded.note is not None
    assert decoded.note.startswith("the text may be mis-encoded: it reads as Vietnamese in none of Windows-1258, TCVN3")
    assert decoded.note.endswith("(name the right one with --encoding)")
    assert all(LABELS[name] in decoded.note for name in CANDIDATES)
    assert decoded.text  # read, not refused


def test_binary_bytes_are_still_refused() -> None:
    with pytest.raises(DecodeError, match="binary data"):
        decode_detailed(bytes(range(256)) * 4)


def test_a_clean_text_quoting_mojibake_is_left_alone() -> None:
    text = "Lỗi phông: chữ “Ã©” hiện ra thay cho “é” khi đọc sai bảng mã.\n"
    assert decode_detailed(text.encode()) == decode_detailed(text.encode("utf-8"))
    assert decode_detailed(text.encode()).note is None


def test_windows_1258_that_fails_past_the_sample_falls_back_to_another_table() -> None:
    text = original(SAMPLE_PATHS[0])
    data = cp1258(text.replace("\u00a0", " ")) * 20 + b"\x81"  # 0x81 is not Windows-1258, far past the sample
    assert b"\x81" not in sample(data)
    decoded = decode_detailed(data)
    assert decoded.encoding != "windows-1258" and decoded.note is not None


def test_detection_reads_a_bounded_sample_of_a_big_file() -> None:
    data = legacy_bytes(original(SAMPLE_PATHS[1]), "vni") * 1000
    assert len(sample(data)) <= 2048
    assert decode_detailed(data).encoding == "vni"


@given(st.binary(max_size=300))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    try:
        decoded = decode_detailed(data)
    except DecodeError:
        return
    assert isinstance(decoded.text, str)


@settings(max_examples=50)
@given(st.binary(max_size=300), st.sampled_from(["tcvn3", "vni", "viscii", "vps", "tcvn5712-1"]))
def test_any_bytes_read_in_any_legacy_encoding(data: bytes, encoding: str) -> None:
    article = read_bytes(data, encoding=encoding)
    assert article.encoding == encoding


def test_a_short_mojibake_headline_is_repaired() -> None:
    decoded = decode_detailed(mojibake("Thứ bảy"))  # two telltale pairs are enough to ask ftfy
    assert (decoded.text, decoded.encoding) == ("Thứ bảy", "utf-8 (repaired mojibake)")
