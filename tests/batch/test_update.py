"""--update: make's rule on modification times; no article read, nothing rendered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from convert import batch
from convert.batch.update import Stamps, up_to_date
from tests.support.articles import make_articles


def convert(run, folder: Path, out: Path, *extra: str):
    return run(["convert", str(folder), "--to", "json,pdf", "-O", str(out), "-j", "1", *extra])


def age(path: Path, seconds: float) -> None:
    """Make a file look ``seconds`` older than now (os.utime: no sleeping)."""
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


def test_update_skips_exactly_the_up_to_date_articles(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = make_articles(tmp_path / "in" / "2019", 4)
    out = tmp_path / "out"
    assert convert(run, tmp_path / "in", out).exit_code == 0
    (out / "2019" / "bai01.pdf").unlink()  # interrupted before its PDF
    changed = articles[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    for output in (out / "2019").glob("bai02.*"):
        age(output, 60)  # older than the edited article
    rendered: list[str] = []
    real_run_job = batch.run_job
    monkeypatch.setattr("convert.batch.local.run_job", lambda job, context: rendered.append(job.input) or real_run_job(job, context))
    result = convert(run, tmp_path / "in", out, "--update")
    assert result.exit_code == 0, result.stderr
    assert sorted(Path(p).name for p in rendered) == ["bai01.txt", "bai02.txt"]
    assert "vnconv: converted 2 of 4 article(s) to 4 file(s), 2 skipped (up to date) in " in result.stderr
    assert "Đoạn mới" in (out / "2019" / "bai02.json").read_text(encoding="utf-8")
    assert (out / "2019" / "bai01.pdf").exists()


def test_update_reads_no_article(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    make_articles(tmp_path / "in", 3)
    assert convert(run, tmp_path / "in", tmp_path / "out").exit_code == 0

    def no_reading(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("an up-to-date article was read")

    monkeypatch.setattr("convert.batch.storage.read_input", no_reading)
    result = convert(run, tmp_path / "in", tmp_path / "out", "--update")
    assert result.exit_code == 0
    assert "converted 0 of 3 article(s) to 0 file(s), 3 skipped (up to date)" in result.stderr


def test_make_rule_output_as_new_as_the_article_is_up_to_date(tmp_path: Path) -> None:
    (article,) = make_articles(tmp_path, 1)
    output = tmp_path / "bai00.json"
    output.write_text("{}")
    job = batch.Job(str(article), (("json", str(output)),), (str(article),))
    stamp = article.stat().st_mtime_ns
    os.utime(output, ns=(stamp, stamp))
    assert up_to_date(job, Stamps())
    os.utime(article, ns=(stamp + 1, stamp + 1))
    assert not up_to_date(job, Stamps())


def test_every_dependency_counts(tmp_path: Path) -> None:
    """A photo (or any other file the job lists) newer than the output makes it stale."""
    (article,) = make_articles(tmp_path, 1)
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8")
    output = tmp_path / "bai00.pdf"
    output.write_bytes(b"%PDF")
    age(article, 60)
    age(photo, 60)
    job = batch.Job(str(article), (("pdf", str(output)),), (str(article), str(photo)))
    assert up_to_date(job, Stamps())
    age(photo, -120)
    assert not up_to_date(job, Stamps())
    photo.unlink()
    assert not up_to_date(job, Stamps())


def test_standard_input_is_never_skipped() -> None:
    job = batch.Job("-", (("json", "out/stdin.json"),), ("-",), data=b"x")
    assert not up_to_date(job, Stamps())


def test_a_prerequisite_newer_than_the_outputs_remakes_every_article(tmp_path: Path, run) -> None:
    # samples/Makefile's style stamp: a new one (another style) is newer than every output.
    make_articles(tmp_path / "in", 3)
    out, stamp = tmp_path / "out", tmp_path / "stamp"
    stamp.touch()
    age(stamp, 60)
    assert convert(run, tmp_path / "in", out, "--update", "--prerequisite", str(stamp)).exit_code == 0
    assert "3 skipped (up to date)" in convert(run, tmp_path / "in", out, "--update", "--prerequisite", str(stamp)).stderr
    stamp.touch()
    again = convert(run, tmp_path / "in", out, "--update", "--prerequisite", str(stamp))
    assert again.exit_code == 0 and "converted 3 of 3 article(s) to 6 file(s) in " in again.stderr


def test_a_prerequisite_needs_update_and_a_file(tmp_path: Path, run) -> None:
    make_articles(tmp_path / "in", 1)
    without = convert(run, tmp_path / "in", tmp_path / "out", "--prerequisite", str(tmp_path / "in" / "bai00.txt"))
    assert without.exit_code == 2 and "--prerequisite counts with --update only" in without.stderr
    missing = convert(run, tmp_path / "in", tmp_path / "out", "--update", "--prerequisite", str(tmp_path / "none"))
    assert (missing.exit_code, missing.stderr) == (1, f"vnconv: error: {tmp_path / 'none'}: --prerequisite names no file\n")
    assert list((tmp_path / "out").rglob("*")) == []  # refused before any article
