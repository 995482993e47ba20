"""Legacy encodings through the command line: the warning lines, --encoding, the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convert.encodings import known_names
from tests.conftest import SEED
from tests.support.typist import legacy_bytes, mojibake

SEED_TEXT = SEED.read_text(encoding="utf-8")
HEADLINE = "Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI"


def article(tmp_path: Path, data: bytes, name: str = "bai.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("tcvn3", "TCVN3 (ABC fonts)"), ("vni", "VNI (VNI-Windows fonts)"), ("viscii", "VISCII"), ("vps", "VPS")],
)
def test_parse_warns_once_and_shows_the_encoding(run, tmp_path: Path, encoding: str, label: str) -> None:
    path = article(tmp_path, legacy_bytes(SEED_TEXT, encoding))
    result = run(["parse", str(path)])
    assert result.exit_code == 0
    assert result.stderr == f"vnconv: warning: {path}: read as {label}\n"
    model = json.loads(result.text)
    assert model["encoding"] == encoding
    assert model["headline"].casefold() == HEADLINE.casefold()


def test_mojibake_warning_line(run, tmp_path: Path) -> None:
    path = article(tmp_path, mojibake(SEED_TEXT, times=2))
    result = run(["parse", str(path)])
    assert result.stderr == (
        f"vnconv: warning: {path}: repaired mojibake: UTF-8 text that had been read as Windows-1252 and saved again twice\n"
    )
    assert json.loads(result.text)["headline"] == HEADLINE


def test_garbage_warning_line_names_the_candidates(run, tmp_path: Path) -> None:
    path = article(tmp_path, bytes((i * 37 + 11) % 128 + 128 for i in range(400)))
    result = run(["parse", str(path)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"vnconv: warning: {path}: the text may be mis-encoded: it reads as Vietnamese in none of ")
    assert "Windows-1258, TCVN3 (ABC fonts), VNI (VNI-Windows fonts), VISCII, VPS, TCVN 5712 VN1" in lines[0]


def test_clean_input_has_no_warning_and_says_utf8(run) -> None:
    result = run(["parse", str(SEED)])
    assert result.stderr == ""
    assert json.loads(result.text)["encoding"] == "utf-8"


@pytest.mark.parametrize("name", ["tcvn3", "ABC", "vni", "VNI-Windows", "viscii", "vps", "tcvn5712-1", "windows-1258"])
def test_forced_encoding_reads_without_warning(run, tmp_path: Path, name: str) -> None:
    from convert.encodings import usual_name

    encoding = usual_name(name)
    path = article(tmp_path, legacy_bytes(SEED_TEXT, encoding))
    result = run(["parse", "--encoding", name, str(path)])
    assert (result.exit_code, result.stderr) == (0, "")
    model = json.loads(result.text)
    assert model["encoding"] == encoding
    assert model["headline"].casefold() == HEADLINE.casefold()


@pytest.mark.parametrize("command", ["parse", "pdf", "docx", "epub", "txt", "convert"])
def test_unknown_encoding_is_one_line_naming_it_and_the_known_ones(run, tmp_path: Path, command: str) -> None:
    path = article(tmp_path, SEED.read_bytes())
    result = run([command, "--encoding", "klingon", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"vnconv: error: --encoding: unknown encoding 'klingon' (known: {known_names()}, or any Python codec name)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.txt"]


def test_a_batch_warns_once_per_legacy_file(run, tmp_path: Path) -> None:
    folder = tmp_path / "kho"
    folder.mkdir()
    article(folder, legacy_bytes(SEED_TEXT, "tcvn3"), "a.txt")
    article(folder, SEED.read_bytes(), "b.txt")
    article(folder, legacy_bytes(SEED_TEXT, "vni"), "c.txt")
    result = run(["convert", "-q", "-j", "1", str(folder), "--to", "txt,json", "-O", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"vnconv: warning: {folder / 'a.txt'}: read as TCVN3 (ABC fonts)",
        f"vnconv: warning: {folder / 'c.txt'}: read as VNI (VNI-Windows fonts)",
    ]
    models = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").glob("*.json")}
    assert {name: model["encoding"] for name, model in models.items()} == {"a.json": "tcvn3", "b.json": "utf-8", "c.json": "vni"}


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xf9\xd9\xe1 ti\xeau \xf1e\xe0\n\nTTXVN - \xe4\xe4a\xfb.\n", "vni"),  # marks with no letter before them
        (b"Ti\xeau \xf1e\xe0 a", "vni"),
        (bytes(range(0x20, 0x100)), "tcvn3"),
        (bytes(range(0x20, 0x100)), "viscii"),
    ],
)
def test_hostile_bytes_in_a_legacy_encoding_never_crash(run, tmp_path: Path, data: bytes, encoding: str) -> None:
    path = article(tmp_path, data)
    for args in (["parse", "--encoding", encoding, str(path)], ["txt", "--encoding", encoding, str(path), "-o", "-"]):
        result = run(args)
        assert result.exit_code == 0, result.stderr
        assert "Traceback" not in result.stderr


def test_every_byte_value_is_refused_as_binary_in_one_line(run, tmp_path: Path) -> None:
    path = article(tmp_path, bytes(range(256)))
    result = run(["txt", str(path)])
    assert (result.exit_code, result.stderr) == (1, f"vnconv: error: {path}: binary data (too many control characters), not a text article\n")


def test_models_without_an_encoding_still_load_and_a_stated_one_is_kept(run, tmp_path: Path) -> None:
    old = {"schema": "vnconv.article/1", "headline": "Tiêu đề", "lead": "Mở đầu."}
    result = run(["parse", str(article(tmp_path, json.dumps(old).encode(), "old.json"))])
    assert "encoding" not in json.loads(result.text)  # unknown: absent, as it was
    stated = {**old, "encoding": "tcvn3"}
    result = run(["parse", str(article(tmp_path, json.dumps(stated).encode(), "new.json"))])
    assert json.loads(result.text)["encoding"] == "tcvn3"


@pytest.mark.parametrize(
    ("value", "message"),
    [(3, "encoding: expected a string, got int"), ("tcvn3\n<x>", "encoding: expected an encoding name such as 'utf-8'")],
)
def test_a_bad_encoding_in_a_model_is_named(run, tmp_path: Path, value: object, message: str) -> None:
    model = {"schema": "vnconv.article/1", "headline": "Tiêu đề", "encoding": value}
    path = article(tmp_path, json.dumps(model).encode(), "bad.json")
    result = run(["parse", str(path)])
    assert result.exit_code == 1
    assert message in result.stderr
