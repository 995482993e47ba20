"""The txt writer: clean UTF-8 text in the reader's convention, read back to the same model."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings

from convert.model import Article
from convert.readers.plaintext import read_bytes, read_text
from convert.styles import Style
from convert.options import Options
from convert.text import letters_and_digits
from convert.writers import render
from tests.conftest import SAMPLES, SEED
from tests.support.hostile import hostile_models, read
from tests.support.conventions import Convention, convention_articles
from tests.support.strategies import articles
from tests.support.typist import legacy_bytes

SAMPLE_PATHS = sorted(SAMPLES.glob("*.txt"))


def txt(article: Article, style: Style) -> bytes:
    return render("txt", article, style, Options())


@settings(max_examples=60)
@given(articles())
def test_reading_the_output_gives_the_same_model(style: Style, article: Article) -> None:
    assert read_text(txt(article, style).decode("utf-8")) == article


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.name[:3])
def test_each_sample_reads_back_to_the_same_model(style: Style, path: Path) -> None:
    article = read_bytes(path.read_bytes())
    again = read_bytes(txt(article, style))
    assert again == article
    assert again.encoding == "utf-8"


def test_the_output_is_clean_utf8_nfc_with_lf(style: Style) -> None:
    source = unicodedata.normalize("NFD", SEED.read_text(encoding="utf-8")).replace("\n", "\r\n")
    data = txt(read_text(source), style)
    text = data.decode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n")
    assert unicodedata.is_normalized("NFC", text)
    assert text.startswith("Thứ bảy, 17/08/2019\n\nTỉnh ủy Lạng Sơn sơ kết")
    assert "\n\n\nĐồng chí Lâm Thị Phương Thanh" in text  # a caption, set off by two blank lines
    assert text.endswith("\n\nPHÙNG KHIÊM\n")


@settings(max_examples=40)
@given(hostile_models())
def test_every_letter_and_digit_reaches_the_output(style: Style, document: str) -> None:
    article = read(document)
    text = txt(article, style).decode("utf-8")
    expected = unicodedata.normalize("NFC", " ".join(article.texts()))
    assert unicodedata.is_normalized("NFC", text)
    if not text.startswith("---\n"):
        assert letters_and_digits(text) == letters_and_digits(expected)
        return
    # A header gives some parts first, after their keys: the same letters, every one.
    fence = text.index("\n---\n", 3)
    values = [line.partition(": ")[2] for line in text[4:fence].split("\n")]
    shown = " ".join([*values, text[fence + 5 :]])
    assert sorted(letters_and_digits(shown)) == sorted(letters_and_digits(expected))


def test_an_empty_model_is_an_empty_file(style: Style) -> None:
    assert txt(Article(), style) == b""


def test_command_writes_beside_the_input_under_another_name(run, tmp_path: Path) -> None:
    source = tmp_path / "bai.txt"
    source.write_bytes(legacy_bytes(SEED.read_text(encoding="utf-8"), "vni"))
    result = run(["txt", str(source)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"vnconv: warning: {source}: read as VNI (VNI-Windows fonts)\n"
    cleaned = (tmp_path / "bai.utf8.txt").read_bytes()
    assert read_bytes(cleaned) == read_bytes(SEED.read_bytes())
    assert read_bytes(cleaned).encoding == "utf-8"


def test_command_to_standard_output_and_convert_to_txt(run, tmp_path: Path) -> None:
    stdout = run(["txt", str(SEED), "-o", "-"])
    assert stdout.exit_code == 0 and stdout.stderr == ""
    assert read_bytes(stdout.stdout) == read_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    batch = run(["convert", "-q", str(SAMPLES), "--to", "txt", "-O", str(out)])
    assert batch.exit_code == 0, batch.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".utf8.txt" for p in SAMPLE_PATHS)


@settings(max_examples=60)
@given(convention_articles())
def test_articles_of_every_convention_read_back_to_the_same_model(style: Style, drawn: tuple[Article, Convention]) -> None:
    """Lists, tables, quotes, interviews, separators, captions in every form, bylines
    with agencies and (theo …): the txt writer's layout gives each back."""
    article, _ = drawn
    assert read_text(txt(article, style).decode("utf-8")) == article


def test_parts_the_layout_cannot_give_back_go_into_a_header(style: Style) -> None:
    article = Article(headline="TTXVN - Tiêu đề như một lời dẫn", lead="Mở đầu.", attribution="theo CNBC")
    text = txt(article, style).decode("utf-8")
    assert text.startswith("---\nheadline: TTXVN - Tiêu đề như một lời dẫn\n")
    assert "attribution: theo CNBC\n---\n" in text
    assert read_text(text) == article


@pytest.mark.parametrize(
    "head",
    [
        "HÀ NỘI (TTXVN) - Sáng nay, hội nghị khai mạc.",
        "ĐÀ NẴNG, 15/9 (TTXVN) – Sáng nay, hội nghị khai mạc.",
        "Thứ hai, 16/09/2024\n\nTiêu đề\n\nWASHINGTON (TTXVN) - Sáng nay, hội nghị khai mạc.",
        "Thứ hai, 16/09/2024\n\nTiêu đề\n\nĐÀ NẴNG, 15/9 (VOV) - Sáng nay, hội nghị khai mạc.",
    ],
    ids=["place", "place-and-day", "place-and-dateline", "place-day-and-dateline"],
)
def test_the_place_a_wire_filed_from_reads_back_with_the_date_line(style: Style, head: str) -> None:
    """A date line holding the place before the lead's slug (``HÀ NỘI (TTXVN) -``) is
    written back there, not as a header's ``date:`` (which reads a date, not a place,
    and warned), so the place, the source and the lead read back, without a warning."""
    source = head if "\n" in head else f"Tiêu đề\n\n{head}"
    article = read_text(f"{source}\n\nĐoạn thứ hai.\n")
    assert article.dateline is not None and article.dateline.place is not None
    warnings: list[str] = []
    text = txt(article, style).decode("utf-8")
    assert not text.startswith("---")
    assert read_text(text, warnings.append) == article
    assert warnings == []
