"""``vnconv epub``: one article gives a book, several an edition; names, stdout, errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.epub import NS, Book

EPOCH = "1715000000"


@pytest.fixture
def two_articles(tmp_path: Path, seed: Path) -> tuple[Path, Path]:
    first = tmp_path / "bai1.txt"
    shutil.copy(seed, first)
    second = tmp_path / "bai2.txt"
    second.write_text("18/08/2019\n\nTin thứ hai\n\nTTXVN - Mở đầu của tin thứ hai.\n\nThân bài.\n", encoding="utf-8")
    return first, second


def test_one_article_gives_a_book_beside_it(run, tmp_path: Path, seed: Path) -> None:
    source = tmp_path / "bai.txt"
    shutil.copy(seed, source)
    result = run(["epub", str(source)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" and result.stdout == b""
    book = Book((tmp_path / "bai.epub").read_bytes())
    assert book.metadata("title")[0].startswith("Tỉnh ủy Lạng Sơn")


def test_standard_output_gives_the_same_bytes(run, tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "bai.epub"
    assert run(["epub", str(seed), "-o", str(out)]).exit_code == 0
    piped = run(["epub", "-", "-o", "-"], input=seed.read_bytes())
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == out.read_bytes()
    assert Book(piped.stdout).meta_property("dcterms:modified") == ["2024-05-06T12:53:20Z"]


def test_several_articles_give_an_edition(run, tmp_path: Path, two_articles: tuple[Path, Path]) -> None:
    out = tmp_path / "so.epub"
    result = run(["epub", *map(str, two_articles), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    book = Book(out.read_bytes())
    nav = book.xml(book.nav_href())
    assert [a.text for a in nav.iterfind(".//x:nav[@id='id']/x:ol/x:li/x:a", NS)] == [
        "Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI",
        "Tin thứ hai",
    ]
    assert book.metadata("title") == ["Số ra ngày 17/08/2019–18/08/2019"]
    assert book.metadata("publisher") == ["LSO", "TTXVN"]


def test_edition_title_option(run, tmp_path: Path, two_articles: tuple[Path, Path]) -> None:
    out = tmp_path / "so.epub"
    assert run(["epub", *map(str, two_articles), "--title", "Báo cuối tuần", "-o", str(out)]).exit_code == 0
    assert Book(out.read_bytes()).metadata("title") == ["Báo cuối tuần"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["A", "B"], "several ARTICLEs make one edition: name its file with -o FILE.epub"),
        (["-", "-", "-o", "x.epub"], "standard input ('-') can be read only once"),
    ],
)
def test_usage_errors(run, two_articles: tuple[Path, Path], args: list[str], message: str) -> None:
    names = {"A": str(two_articles[0]), "B": str(two_articles[1])}
    result = run(["epub", *(names.get(a, a) for a in args)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_title_makes_an_edition_of_one_article(run, two_articles: tuple[Path, Path]) -> None:
    result = run(["epub", str(two_articles[1]), "--title", "Số đặc biệt"])
    assert result.exit_code == 0, result.stderr
    book = Book(two_articles[1].with_suffix(".epub").read_bytes())
    assert book.metadata("title") == ["Số đặc biệt"]
    assert book.spine()[0] == book.nav_href()  # the contents page opens the edition


def test_a_character_no_font_has_in_an_edition_is_a_warning_naming_its_input(
    tmp_path: Path, two_articles: tuple[Path, Path]
) -> None:
    two_articles[1].write_text("Tin có chữ Hán 中 😀\n\nTTXVN - Mở đầu.\n", encoding="utf-8")
    out = tmp_path / "so.epub"
    result = subprocess.run(
        [sys.executable, "-m", "convert", "epub", *map(str, two_articles), "-o", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"vnconv: warning: {two_articles[1]}: no embedded font has '中' (U+4E2D);")
    assert len(result.stderr.splitlines()) == 1 and out.exists()


def test_an_edition_refuses_to_overwrite_an_input(run, two_articles: tuple[Path, Path]) -> None:
    before = two_articles[1].read_bytes()
    result = run(["epub", *map(str, two_articles), "-o", str(two_articles[1])])
    assert result.exit_code == 1 and "is also the input" in result.stderr
    assert two_articles[1].read_bytes() == before


def test_a_missing_input_of_an_edition_is_named(run, tmp_path: Path, two_articles: tuple[Path, Path]) -> None:
    missing = tmp_path / "khong-co.txt"
    result = run(["epub", str(two_articles[0]), str(missing), "-o", str(tmp_path / "so.epub")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"vnconv: error: {missing}: no such file"


def test_help_shows_examples(run) -> None:
    result = run(["epub", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.text and "--title" in result.text


def test_reproducible_from_the_command_line(tmp_path: Path, seed: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    outputs = []
    for name in ("a.epub", "b.epub"):
        subprocess.run([sys.executable, "-m", "convert", "epub", str(seed), "-o", str(tmp_path / name)], env=env, check=True)
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
