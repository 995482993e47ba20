"""UTF-8 with a few damaged bytes is read as UTF-8, each damaged place shown and warned
about; legacy files are still detected as before; ``--encoding utf-8`` stays strict."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from convert.encodings import damaged
from convert.model import from_dict
from convert.readers.plaintext import read_bytes
from convert.text import DecodeError, decode_detailed, letters_and_digits
from tests.conftest import SAMPLES, SEED
from tests.support.typist import legacy_bytes

#: Stray bytes as they come: a Windows-1252 quote, a lone continuation byte, a cut
#: lead byte, bytes UTF-8 never uses.
STRAY = (b"\x93", b"\x81", b"\xe1\xbb", b"\xff", b"\xc3", b"\x94", b"\xa9")
SAMPLE_PATHS = sorted(SAMPLES.glob("*.txt"))
#: The samples in UTF-8 (the Windows-1258 one has no UTF-8 to damage).
UTF8_SAMPLES = [path for path in SAMPLE_PATHS if decode_detailed(path.read_bytes()).encoding == "utf-8"]


def inject(data: bytes, count: int, seed: int) -> bytes:
    """``count`` stray bytes inserted at character boundaries chosen at random."""
    rng = random.Random(seed)
    boundaries = [i for i in range(1, len(data)) if data[i] < 0x80 or data[i] >= 0xC0]
    out = bytearray(data)
    for at in sorted(rng.sample(boundaries, count), reverse=True):
        out[at:at] = rng.choice(STRAY)
    return bytes(out)


def words_right(original: str, read: str) -> float:
    """The share of the original's words found, in order, in what was read."""
    import difflib

    a, b = original.split(), read.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


@pytest.mark.parametrize("count", [1, 6, 30])
def test_injected_bad_bytes_in_a_real_article_keep_it_utf8(run, tmp_path: Path, count: int) -> None:
    original = "\n".join(read_bytes(SEED.read_bytes()).texts())
    path = tmp_path / "bai.txt"
    path.write_bytes(inject(SEED.read_bytes(), count, seed=count))
    result = run(["parse", str(path)])
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    places = f"{count} damaged place" + ("s" if count > 1 else "")
    assert warning.startswith(f"vnconv: warning: {path}: read as UTF-8 but for {places} (")
    model = json.loads(result.text)
    assert model["encoding"] == damaged.ENCODING
    read = "\n".join(from_dict(model).texts())
    # Every letter and digit is there, in order; a stray byte costs the word it fell into
    # (and, when it breaks a slug such as ``LSO-``, the word beside it).
    assert letters_and_digits(read) == letters_and_digits(original)
    share = words_right(original, read)
    assert share >= 1 - 2 * count / len(original.split())
    assert share >= (0.99 if count <= 6 else 0.97)
    assert read.count("\ufffd") + read.count("“") + read.count("”") >= count


@pytest.mark.parametrize("path", UTF8_SAMPLES, ids=lambda p: p.name[:3])
def test_every_sample_keeps_its_words_with_six_bad_bytes(path: Path) -> None:
    data = path.read_bytes()
    original = decode_detailed(data).text
    decoded = decode_detailed(inject(data, 6, seed=len(data)))
    assert decoded.encoding == damaged.ENCODING
    assert decoded.note is not None and "6 damaged places" in decoded.note
    assert words_right(original, decoded.text) >= 1 - 6 / len(original.split())
    assert letters_and_digits(decoded.text) == letters_and_digits(original)


def test_a_pasted_windows_quote_is_the_quote_meant() -> None:
    sentence = "Chủ tịch tỉnh phát biểu tại hội nghị sơ kết giữa nhiệm kỳ.\n"
    data = sentence.encode() + "Ông nói: ".encode() + b"\x93T\xe1\xbb\x91t l\xe1\xba\xafm\x94.\n"
    decoded = decode_detailed(data)
    assert decoded.text == sentence + "Ông nói: “Tốt lắm”.\n"
    assert decoded.note == (
        "read as UTF-8 but for 2 damaged places (read as the Windows-1252 punctuation meant), at line:column 2:10, 2:18"
    )


def test_a_lone_continuation_byte_inside_a_word_is_a_replacement_not_a_quote() -> None:
    # 0x93 between two letters may be what is left of "ồ" (E1 BB 93): not a quote.
    decoded = decode_detailed("Hồ Chí Minh, Thủ Đức, ".encode() + b"Ph\x93ng nay" + " tháng mười".encode())
    assert decoded.text == "Hồ Chí Minh, Thủ Đức, Ph\ufffdng nay tháng mười"
    assert decoded.note is not None and "(shown as \ufffd)" in decoded.note


def test_a_file_cut_inside_its_last_character_loses_only_that_character() -> None:
    text = "Sáng nay, UBND tỉnh tổ chức lễ thông xe cầu mới" * 3
    data = text.encode()
    decoded = decode_detailed(data[:-1] + "ấ".encode()[:2])
    assert decoded.text == text[:-1] + "\ufffd"
    assert decoded.note is not None and decoded.note.endswith("the file ends inside a character (cut short?)")


def test_a_cut_file_never_goes_through_legacy_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    import convert.encodings.detect as detect

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("legacy detection asked about a file that is UTF-8 but for its cut end")

    monkeypatch.setattr(detect, "guess", refuse)
    data = SEED.read_bytes() * 20
    decoded = decode_detailed(data[: data.rindex("ệ".encode()) + 1])
    assert decoded.encoding == damaged.ENCODING


@pytest.mark.parametrize("encoding", ["windows-1258", "tcvn3", "vni", "viscii", "vps"])
def test_legacy_files_are_not_taken_for_damaged_utf8(encoding: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert decode_detailed(legacy_bytes(text, encoding)).encoding == encoding


def test_forced_utf8_stays_strict_and_utf8_replace_reads_leniently(run, tmp_path: Path) -> None:
    path = tmp_path / "bai.txt"
    path.write_bytes(inject(SEED.read_bytes(), 1, seed=7))
    strict = run(["parse", "--encoding", "utf-8", str(path)])
    assert strict.exit_code == 1 and "not valid utf-8" in strict.stderr
    lenient = run(["parse", "--encoding", "utf-8:replace", str(path)])
    assert lenient.exit_code == 0
    assert "read as UTF-8 but for 1 damaged place" in lenient.stderr
    assert json.loads(lenient.text)["encoding"] == damaged.ENCODING


def test_utf8_replace_reads_even_heavy_damage() -> None:
    data = b"\xff\xfe\xfd abc \x81\x82" * 30
    with pytest.raises(DecodeError):
        decode_detailed(data, "utf-8")
    decoded = decode_detailed(data, "utf-8:replace")
    assert decoded.text.count("abc") == 30 and decoded.note is not None and "31 damaged places" in decoded.note
    assert decode_detailed("Thứ bảy".encode(), "UTF8:replace").text == "Thứ bảy"


def test_a_bom_utf8_file_with_a_damaged_byte_is_read_too() -> None:
    decoded = decode_detailed(b"\xef\xbb\xbf" + "Thứ bảy ".encode() * 5 + b"\xff")
    assert decoded.text == "Thứ bảy " * 5 + "\ufffd"
    assert decoded.note is not None and "line:column 1:41" in decoded.note


@pytest.mark.parametrize("count", [1, 6, 30])
def test_overwritten_bytes_in_the_shortest_sample_keep_it_utf8(count: int) -> None:
    # Overwriting a letter's lead byte leaves its continuation bytes stray: one damaged
    # place, not three, so even the shortest article takes thirty.
    path = min(UTF8_SAMPLES, key=lambda p: p.stat().st_size)
    data = bytearray(path.read_bytes())
    rng = random.Random(count)
    for at in rng.sample([i for i in range(len(data)) if data[i] >= 0xC0], count):
        data[at] = 0xFF
    decoded = decode_detailed(bytes(data))
    assert decoded.encoding == damaged.ENCODING
    assert decoded.note is not None
    places = int(decoded.note.split("but for ")[1].split()[0])
    assert 1 <= places <= count and "Windows-1252" not in decoded.note  # a stray byte of a damaged letter is no quote
    original = decode_detailed(path.read_bytes()).text
    assert words_right(original, decoded.text) >= 1 - count / len(original.split())


def test_bytes_damaged_one_after_another_are_one_place() -> None:
    decoded = decode_detailed("Thứ bảy, ngày mười bảy tháng tám ".encode() + b"\xff\xba\xa5" + " năm nay".encode())
    assert decoded.text == "Thứ bảy, ngày mười bảy tháng tám \ufffd\ufffd\ufffd năm nay"
    assert decoded.note == "read as UTF-8 but for 1 damaged place (shown as \ufffd), at line:column 1:34"
