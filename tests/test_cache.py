"""The cache heals itself: a spoiled entry is made again with one warning, and entries
are written once, so processes racing on an empty cache leave one entry each."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from convert import cache
from tests.conftest import SEED

#: Every folder a PDF in the newspaper style fills: its Noto Serif faces are variable,
#: so it makes static instances too.
FOLDERS = ("registry", "instances", "pdf-faces", "pdf-ink", "pdf-glyphs", "pdf-tables", "styles")


def _truncate(entry: Path) -> None:
    with entry.open("r+b") as handle:
        handle.truncate(entry.stat().st_size // 2)


def _flip(entry: Path) -> None:
    data = bytearray(entry.read_bytes())
    for place in range(len(data) // 3, len(data) // 3 + 10):
        data[place] ^= 0xFF
    entry.write_bytes(bytes(data))


def _folder(entry: Path) -> None:
    entry.unlink()
    (entry / "inside").mkdir(parents=True)


def _dev_zero(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


SPOILS: dict[str, Callable[[Path], None]] = {"truncate": _truncate, "flip": _flip, "folder": _folder, "dev-zero": _dev_zero}


def _pdf(cache: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VNCONV_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "convert", "pdf", str(SEED), "--style", "newspaper", "-o", str(out)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("spoil", SPOILS)
def test_a_spoiled_entry_in_every_folder_is_made_again_with_a_warning(tmp_path: Path, spoil: str) -> None:
    cache = tmp_path / "cache"
    first = _pdf(cache, tmp_path / "first.pdf")
    assert first.returncode == 0 and first.stderr == "", first.stderr
    for folder in FOLDERS:
        entries = sorted((cache / folder).iterdir())
        assert entries, folder
        for entry in entries:
            SPOILS[spoil](entry)
    spoiled = _pdf(cache, tmp_path / "spoiled.pdf")
    assert spoiled.returncode == 0, spoiled.stderr
    assert (tmp_path / "spoiled.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
    lines = spoiled.stderr.splitlines()
    assert all(line.startswith("vnconv: warning: cache entry ") and line.endswith("; made again") for line in lines), lines
    for folder in FOLDERS:
        assert any(f"/{folder}/" in line for line in lines), (folder, lines)
    assert len(lines) == len(set(lines))  # once each
    if spoil == "flip":  # healed: the next run finds whole entries
        healed = _pdf(cache, tmp_path / "healed.pdf")
        assert healed.returncode == 0 and healed.stderr == "", healed.stderr
        assert (tmp_path / "healed.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()


def test_processes_racing_on_an_empty_cache_leave_one_entry_each(tmp_path: Path) -> None:
    """A static instance written again by each racing process got a new mtime each
    time, which names what is cached about it: 10 processes left 10-11 pdf-faces entries."""
    cache = tmp_path / "cache"
    env = {**os.environ, "VNCONV_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "convert", "pdf", str(SEED), "--style", "newspaper"]
    racing = [subprocess.Popen([*command, "-o", str(tmp_path / f"{n}.pdf")], env=env, stderr=subprocess.PIPE) for n in range(6)]
    assert [process.wait(timeout=180) for process in racing] == [0] * 6
    assert all(process.stderr is not None and process.stderr.read() == b"" for process in racing)
    assert len({(tmp_path / f"{n}.pdf").read_bytes() for n in range(6)}) == 1
    for folder in ("instances", "pdf-faces", "pdf-ink", "pdf-glyphs"):
        names = sorted(entry.name for entry in (cache / folder).iterdir())
        assert not [name for name in names if name.startswith(".")], names  # no temporary file left
        faces = [name.split("-")[0] + "-" + name.split("-")[1] for name in names if not name.endswith(".check")]
        assert len(faces) == len(set(faces)), names  # one entry a face
    shutil.rmtree(cache)


def test_an_entry_under_a_file_is_absent_and_not_called_a_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # VNCONV_CACHE_DIR=/dev/null/x, or a cache folder replaced by a file: no folder to read
    # (ENOTDIR), which is no entry, not a spoiled one; a symlink is still named as one.
    from convert.cache import read_entry

    (tmp_path / "file").write_bytes(b"")
    assert read_entry(tmp_path / "file" / "entry.marshal") is None
    assert capsys.readouterr().err == ""
    (tmp_path / "link").symlink_to(tmp_path / "file")
    assert read_entry(tmp_path / "link") is None
    assert "is a symlink, not a file" in capsys.readouterr().err


def test_sha256_is_hashlib_s_digest_without_loading_openssl() -> None:
    """``cache.sha256`` (cache keys, the PDF's subset tags) gives hashlib's SHA-256 from
    CPython's own module: hashlib, which loads OpenSSL, stays unimported."""
    code = "import sys\nfrom convert.cache import sha256\nprint(sha256(b'abc').hexdigest(), 'hashlib' in sys.modules, '_hashlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [hashlib.sha256(b"abc").hexdigest(), "False", "False"]


def test_a_file_s_fingerprint_follows_its_size_and_time_though_kept_for_the_process(tmp_path: Path) -> None:
    """``file_fingerprint`` is kept by path, size and mtime: the same file gives the same
    key, the file rewritten (another size, another time) a new one, and a relative path
    is resolved in the folder the process is in when asked."""
    from convert.cache import file_fingerprint

    face = tmp_path / "face.ttf"
    face.write_bytes(b"one")
    first = file_fingerprint(face)
    assert file_fingerprint(face) == first
    face.write_bytes(b"other")
    os.utime(face, ns=(1, 1))
    assert file_fingerprint(face) != first
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "face.ttf").write_bytes(b"same")
        os.utime(tmp_path / folder / "face.ttf", ns=(5, 5))
    keys = []
    cwd = os.getcwd()
    try:
        for folder in ("a", "b"):
            os.chdir(tmp_path / folder)
            keys.append(file_fingerprint(Path("face.ttf")))
    finally:
        os.chdir(cwd)
    assert keys[0] != keys[1]


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["vnconv", "parse", "bai.txt"], "parse"),
        (["vnconv", "--debug", "epub", "-o", "x.epub", "bai.txt"], "epub"),
        (["vnconv", "styles", "show"], "styles"),
        (["vnconv", "--help"], "other"),
        (["vnconv", "bai.txt"], "other"),  # not a command: one shared entry, not one a word
    ],
)
def test_each_command_keeps_its_code_apart(monkeypatch: pytest.MonkeyPatch, argv: list[str], name: str) -> None:
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(cache, "_command", None)
    assert cache.command_name() == name
    monkeypatch.setattr(sys, "argv", ["vnconv", "docx"])
    assert cache.command_name() == name  # named once a process: saved where it was read
