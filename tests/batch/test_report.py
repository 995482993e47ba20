"""--report: one whole JSON line per article, appended safely, even when the batch is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from convert import batch
from tests.support.articles import make_articles
from tests.support.slow_writer import slow_batch


def lines(report: Path) -> list[dict[str, object]]:
    text = report.read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_ok_failed_and_skipped_lines(tmp_path: Path, run, test_writers) -> None:
    paths = make_articles(tmp_path / "in", 3, broken=(1,))
    report = tmp_path / "report.jsonl"
    out = tmp_path / "out"
    first = run(["convert", str(tmp_path / "in"), "--to", "fail", "-O", str(out), "-k", "-j", "1", "--report", str(report)])
    assert first.exit_code == 1
    again = run(["convert", str(tmp_path / "in"), "--to", "fail", "-O", str(out), "-k", "-j", "1", "-u", "--report", str(report)])
    assert again.exit_code == 1
    records = lines(report)
    assert [(Path(str(r["input"])).name, r["status"]) for r in records] == [
        ("bai00.txt", "ok"),
        ("bai01.txt", "failed"),
        ("bai02.txt", "ok"),
        ("bai00.txt", "skipped"),
        ("bai01.txt", "failed"),
        ("bai02.txt", "skipped"),
    ]
    ok, failed, _, skipped = records[:4]
    assert ok["outputs"] == [str(out / "bai00.fail")] and "reason" not in ok
    assert failed["outputs"] == []
    assert failed["reason"] == f"{paths[1]}: internal error in the fail writer: RuntimeError: writer broke midway (please report it)"
    assert skipped["reason"] == "up to date" and skipped["outputs"] == [str(out / "bai00.fail")]
    for record in records:
        assert set(record) >= {"input", "outputs", "status", "warnings", "seconds", "finished"}
        assert isinstance(record["seconds"], float) and record["seconds"] >= 0


def test_warnings_are_reported(tmp_path: Path, run) -> None:
    article = tmp_path / "bai.txt"
    article.write_text("Tiêu đề\n\nTTXVN - Mở\x07 đầu.\n", encoding="utf-8")
    report = tmp_path / "r.jsonl"
    assert run(["convert", str(article), "--to", "json", "--report", str(report), "-q"]).exit_code == 0
    (record,) = lines(report)
    assert record["status"] == "ok" and len(record["warnings"]) == 1
    assert str(record["warnings"][0]).startswith(f"{article}: ")


def test_appending_after_a_cut_line_starts_a_fresh_line(tmp_path: Path, run) -> None:
    make_articles(tmp_path / "in", 1)
    report = tmp_path / "r.jsonl"
    report.write_text('{"input": "old", "status": "ok"}\n{"input": "cut', encoding="utf-8")
    assert run(["convert", str(tmp_path / "in"), "--to", "json", "--report", str(report), "-q"]).exit_code == 0
    text = report.read_text(encoding="utf-8").splitlines()
    assert text[:2] == ['{"input": "old", "status": "ok"}', '{"input": "cut']
    assert json.loads(text[2])["status"] == "ok" and len(text) == 3


def test_a_report_in_an_object_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(batch.ReportError, match="must be a local file"):
        batch.ReportFile("s3://bucket/report.jsonl")


def test_a_killed_batch_leaves_only_whole_lines(tmp_path: Path) -> None:
    make_articles(tmp_path / "in", 40)
    report = tmp_path / "r.jsonl"
    process = slow_batch([str(tmp_path / "in"), "-j", "2", "--report", str(report)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while (not report.exists() or report.read_bytes().count(b"\n") < 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the batch and its workers, mid-batch
    process.wait(timeout=30)
    records = lines(report)
    assert 3 <= len(records) < 40
    assert all(r["status"] == "ok" for r in records)
