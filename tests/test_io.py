"""Reading inputs and writing outputs: limits, atomic replacement, standard streams."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from convert.io import InputError, OutputError, read_input, write_output


def test_write_output_replaces_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "bai.pdf"
    target.write_bytes(b"old")
    write_output(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["bai.pdf"]


def test_write_output_into_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_output(str(tmp_path / "nope" / "bai.pdf"), b"x")


def test_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "bai.pdf"
    target.write_bytes(b"good")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output(str(target), b"partial")
    assert target.read_bytes() == b"good"
    assert os.listdir(tmp_path) == ["bai.pdf"]


def test_write_to_stdout_stream() -> None:
    stream = io.BytesIO()
    write_output("-", b"abc", stdout=stream)
    assert stream.getvalue() == b"abc"


def test_output_mode_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_output(str(tmp_path / "a"), b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o644


def test_size_limit_for_files_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="larger than the 0.0001 MB limit"):
        read_input(str(path), limit_bytes=100)
    with pytest.raises(InputError, match="<stdin>: larger than"):
        read_input("-", limit_bytes=100, stdin=io.BytesIO(b"x" * 101))
    assert read_input("-", limit_bytes=100, stdin=io.BytesIO(b"x" * 100)) == b"x" * 100


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file, so permissions cannot be tested")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_input(str(path))


@pytest.mark.parametrize("stem", ["b" * 247, "bài-" + "ạ" * 80 + "x"], ids=["ascii", "vietnamese"])
def test_an_output_name_at_the_length_limit_is_written(tmp_path: Path, stem: str) -> None:
    """A 251-byte name is legal; its temporary name once added 15 bytes and failed."""
    name = stem + ".pdf"
    assert 250 <= len(name.encode()) <= 255
    write_output(str(tmp_path / name), b"new")
    assert os.listdir(tmp_path) == [name]
    assert (tmp_path / name).read_bytes() == b"new"


class _ShortWrites(io.RawIOBase):
    """A raw stream that takes at most ``step`` bytes a call, as a pipe's write(2) may."""

    def __init__(self, step: int) -> None:
        self.step, self.taken = step, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        chunk = bytes(data[: self.step])
        self.taken += chunk
        return len(chunk)


def test_write_to_a_raw_stream_that_takes_part_writes_the_rest() -> None:
    # sys.stdout.buffer under PYTHONUNBUFFERED is such a stream: one write would end short.
    stream = _ShortWrites(7)
    data = bytes(range(256)) * 40
    write_output("-", data, stdout=stream)  # type: ignore[arg-type]
    assert bytes(stream.taken) == data


def test_a_reader_that_leaves_is_a_failure_also_unbuffered(seed: Path) -> None:
    """``vnconv pdf x -o - | (sleep; head -c 10)`` with PYTHONUNBUFFERED: the PDF is
    larger than the pipe, the reader leaves while vnconv waits; write(2) then returns
    short, and vnconv must not end 0 with half the PDF written (it did), but as a
    buffered stream ends it: the reader gone, status 1 (``cli._run``)."""
    import subprocess
    import sys
    import time

    env = {**os.environ, "PYTHONUNBUFFERED": "1", "VNCONV_SERVER": "off"}
    process = subprocess.Popen([sys.executable, "-m", "convert", "pdf", str(seed), "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None
    head = process.stdout.read(10)
    time.sleep(0.5)  # the rest of the PDF waits on the full pipe
    process.stdout.close()
    process.wait(timeout=60)
    assert head.startswith(b"%PDF-")
    assert process.returncode == 1
