"""The local executor through the CLI: planning basics, workers, failures, interruption."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from convert import batch
from tests.conftest import SEED
from tests.support.articles import make_articles
from tests.support.process import processes
from tests.support.slow_writer import slow_batch

# --- planning --------------------------------------------------------------------------


def test_directories_expand_to_their_txt_files_recursively(tmp_path: Path) -> None:
    make_articles(tmp_path / "a", 2)
    make_articles(tmp_path / "a" / "sub", 1)
    (tmp_path / "a" / "notes.md").write_text("x")
    found = batch.expand([str(tmp_path / "a")])
    assert [Path(s.path).relative_to(tmp_path).as_posix() for s in found] == ["a/bai00.txt", "a/bai01.txt", "a/sub/bai00.txt"]
    assert [s.folder for s in found] == ["", "", "sub"]


def test_outputs_go_beside_inputs_or_into_outdir(tmp_path: Path) -> None:
    (source,) = make_articles(tmp_path / "in", 1)
    (job,) = batch.plan([str(source)], ["json", "pdf"], None)
    assert job.outputs == (("json", str(source.with_suffix(".json"))), ("pdf", str(source.with_suffix(".pdf"))))
    (tmp_path / "out").mkdir()
    (job,) = batch.plan([str(source)], ["json"], str(tmp_path / "out"))
    assert job.outputs == (("json", str(tmp_path / "out" / "bai00.json")),)


def test_collisions_are_refused_before_any_work(tmp_path: Path, run) -> None:
    make_articles(tmp_path / "a", 1)
    make_articles(tmp_path / "b", 1)
    (tmp_path / "out").mkdir()
    result = run(["convert", str(tmp_path / "a"), str(tmp_path / "b"), "--to", "json", "-O", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "would both write" in result.stderr and "bai00.json" in result.stderr
    assert os.listdir(tmp_path / "out") == []


def test_the_same_file_twice_is_converted_once(tmp_path: Path) -> None:
    (source,) = make_articles(tmp_path, 1)
    assert len(batch.plan([str(source), str(source)], ["json"], None)) == 1


def test_missing_outdir_is_created_once_the_plan_is_sound(tmp_path: Path) -> None:
    batch.plan([str(SEED)], ["json"], str(tmp_path / "new" / "out"))
    assert (tmp_path / "new" / "out").is_dir()


def test_outdir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(batch.PlanError, match="not a directory"):
        batch.plan([str(SEED)], ["json"], str(tmp_path / "file"))


def test_stdin_needs_outdir_when_it_makes_several_files() -> None:
    with pytest.raises(batch.PlanError, match="give -O OUTDIR"):
        batch.plan(["-"], ["json", "pdf"], None)
    (job,) = batch.plan(["-"], ["json"], None, stdin=b"x")
    assert job.outputs == (("json", "-"),) and job.data == b"x"


# --- running ---------------------------------------------------------------------------


def test_convert_a_directory(tmp_path: Path, run) -> None:
    make_articles(tmp_path / "in", 5)
    (tmp_path / "out").mkdir()
    result = run(["convert", str(tmp_path / "in"), "--to", "json", "-O", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(tmp_path / "out")) == [f"bai{n:02d}.json" for n in range(5)]
    assert result.stderr.startswith("vnconv: converted 5 of 5 article(s) to 5 file(s) in ")


def test_stdin_to_stdout(run, seed: Path) -> None:
    result = run(["convert", "-", "--to", "json", "-q"], input=seed.read_bytes())
    assert result.exit_code == 0
    assert result.text == run(["parse", str(seed)]).text
    assert result.stderr == ""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_keep_going_converts_the_rest_and_lists_each_failure(tmp_path: Path, run, test_writers, workers: str) -> None:
    make_articles(tmp_path, 6, broken=(1, 4))
    result = run(["convert", str(tmp_path), "--to", "fail", "-k", "-j", workers])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("vnconv: error: ")]
    assert sorted(errors) == [
        f"vnconv: error: {tmp_path / f'bai0{n}.txt'}: internal error in the fail writer: "
        "RuntimeError: writer broke midway (please report it)"
        for n in (1, 4)
    ]
    assert sorted(p.name for p in tmp_path.glob("*.fail")) == [f"bai0{n}.fail" for n in (0, 2, 3, 5)]
    assert "converted 4 of 6 article(s) to 4 file(s), 2 failed" in result.stderr


def test_without_keep_going_the_batch_stops_at_the_first_failure(tmp_path: Path, run, test_writers) -> None:
    make_articles(tmp_path, 6, broken=(1,))
    result = run(["convert", str(tmp_path), "--to", "fail", "-j", "1"])
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.glob("*.fail")) == ["bai00.fail"]
    assert "4 not attempted" in result.stderr


def test_failed_conversion_keeps_the_existing_output(tmp_path: Path, run, test_writers) -> None:
    (source,) = make_articles(tmp_path, 1, broken=(0,))
    existing = source.with_suffix(".fail")
    existing.write_bytes(b"the good old file")
    assert run(["convert", str(source), "--to", "fail"]).exit_code == 1
    assert existing.read_bytes() == b"the good old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai00.fail", "bai00.txt"]


def test_bad_input_among_good_ones(tmp_path: Path, run) -> None:
    make_articles(tmp_path, 2)
    (tmp_path / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run(["convert", str(tmp_path), "--to", "json", "-k", "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"vnconv: error: {tmp_path / 'anh.txt'}: binary file (a PNG image), not a text article\n"
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_parallel_results_equal_serial_results(tmp_path: Path, run) -> None:
    make_articles(tmp_path / "in", 6)
    for workers in ("1", "2"):
        (tmp_path / workers).mkdir()
        assert run(["convert", str(tmp_path / "in"), "--to", "json", "-O", str(tmp_path / workers), "-j", workers, "-q"]).exit_code == 0
    for one in sorted((tmp_path / "1").iterdir()):
        assert one.read_bytes() == (tmp_path / "2" / one.name).read_bytes()


def test_ctrl_c_stops_cleanly_without_partial_files(tmp_path: Path) -> None:
    make_articles(tmp_path, 12)
    process = slow_batch([str(tmp_path), "-j", "2"])
    time.sleep(1.0)  # let the workers start and write a few files
    os.killpg(process.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C: the whole group
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.decode().strip().splitlines()[-1] == "vnconv: interrupted"
    assert "Traceback" not in stderr.decode()
    leftovers = [p.name for p in tmp_path.iterdir() if p.suffix not in (".txt", ".slow")]
    assert leftovers == []
    written = list(tmp_path.glob("*.slow"))
    assert all(len(p.read_bytes()) > 0 for p in written)
    assert len(written) < 12


def test_parallel_print_formats_equal_serial_ones(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1566000000")
    make_articles(tmp_path / "in", 3)
    for workers in ("1", "2"):
        result = run(["convert", str(tmp_path / "in"), "-O", str(tmp_path / workers), "-j", workers, "-q"])
        assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert names == sorted(f"bai0{n}.{fmt}" for n in range(3) for fmt in ("pdf", "docx", "epub"))
    for name in names:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


PRELOAD_PROBE = """
import sys
from convert import styles
from convert.batch.job import Context, preload
from convert.options import Options

style = styles.load("default")
preload(Context(style, Options()), sys.argv[1:])
# The DOCX writer is vnconv's own (python-docx only makes its skeleton, once per installation).
heavy = sorted(m for m in ("reportlab", "convert.writers.docx.document", "ebooklib") if m in sys.modules)
pdf_fonts = sys.modules.get("convert.writers.pdf.fonts.faces")
print(heavy, pdf_fonts is not None and len(pdf_fonts._LOADED) == len(style.role_faces()))
"""


@pytest.mark.parametrize(
    ("formats", "loaded"),
    [(["docx", "json"], "['convert.writers.docx.document'] False"), (["pdf", "epub", "txt"], "['ebooklib', 'reportlab'] True")],
)
def test_a_forking_pool_loads_the_writers_of_its_formats_first(formats: list[str], loaded: str) -> None:
    """Before it forks, the parent imports the writers of the formats being written, and
    no others, and reads every face of the style into ReportLab for a PDF."""
    import subprocess
    import sys

    probe = subprocess.run([sys.executable, "-c", PRELOAD_PROBE, *formats], capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == loaded


# --- faults: the first failure, dead workers, a dead parent, signals --------------------
# Real processes and real signals: `vnconv convert` in a process of its own
# (tests/support/slow_writer.slow_batch), its workers found among the system's processes.


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux's /proc)."""
    return [process.pid for process in processes() if process.parent == pid]


def gone(pid: int) -> bool:
    """Ended: no such process, or a zombie nobody has reaped yet."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return True


def poll(condition, seconds: float = 30.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in Linux's /proc")


def test_j_n_starts_no_article_after_the_first_failure(tmp_path: Path, start_batch) -> None:
    """As with -j 1: once an article has failed, no worker is given another; the one
    under way finishes. (The failure is instant, the other articles take 0.25 s each.)"""
    make_articles(tmp_path, 13)
    (tmp_path / "bai00.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # fails as it is read
    process = start_batch([str(tmp_path), "-j", "2"])
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    written = sorted(p.name for p in tmp_path.glob("*.slow"))
    assert len(written) <= 1, written  # the other worker's first article, at most
    assert f"{len(written)} of 13 article(s)" in stderr.decode()
    assert f"1 failed, {12 - len(written)} not attempted" in stderr.decode()


@needs_proc
def test_a_killed_worker_costs_its_article_one_retry(tmp_path: Path, start_batch) -> None:
    articles = make_articles(tmp_path / "in", 6, marked={2: "TREO"})
    (tmp_path / "announce").mkdir()
    report = tmp_path / "r.jsonl"
    process = start_batch(
        [str(tmp_path / "in"), "-O", str(tmp_path / "out"), "-j", "2", "-k", "--report", str(report)],
        to="fragile",
        env={"VNCONV_TEST_ANNOUNCE": str(tmp_path / "announce")},
    )
    poll(lambda: any((tmp_path / "announce").iterdir()), what="a worker to take the TREO article")
    (pid,) = [int(p.name) for p in (tmp_path / "announce").iterdir()]
    assert pid in children(process.pid)
    os.kill(pid, signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr.decode()
    for article in articles:
        headline = article.read_text(encoding="utf-8").split("\n", 1)[0]
        assert (tmp_path / "out" / f"{article.stem}.fragile").read_bytes() == headline.encode() * 100
    records = {Path(r["input"]).name: r for r in map(json.loads, report.read_text(encoding="utf-8").splitlines())}
    assert sorted(records) == [a.name for a in articles] and all(r["status"] == "ok" for r in records.values())
    assert [name for name, r in records.items() if r.get("retried")] == ["bai02.txt"]
    note = f"{articles[2]}: worker killed by signal 9 (SIGKILL) while converting it; converted again on a fresh worker"
    assert records["bai02.txt"]["warnings"] == [note]
    assert f"vnconv: warning: {note}" in stderr.decode()
    assert list((tmp_path / "out").rglob("*.part")) == []


@pytest.mark.parametrize("keep_going", [True, False])
def test_an_article_that_kills_two_workers_fails_and_the_batch_goes_on(tmp_path: Path, start_batch, keep_going: bool) -> None:
    make_articles(tmp_path / "in", 12, marked={1: "CHẾT"})
    report = tmp_path / "r.jsonl"
    args = [str(tmp_path / "in"), "-O", str(tmp_path / "out"), "-j", "2", "--report", str(report)]
    process = start_batch(args + (["-k"] if keep_going else []), to="fragile")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    reason = f"{tmp_path / 'in' / 'bai01.txt'}: worker killed by signal 9 (SIGKILL) while converting it, and the worker before it too"
    errors = [line for line in stderr.decode().splitlines() if line.startswith("vnconv: error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"vnconv: error: {reason}")
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    (failed,) = [r for r in records if r["status"] == "failed"]
    assert failed["input"].endswith("bai01.txt") and failed["reason"].startswith(reason)
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    if keep_going:
        assert written == [f"bai{n:02d}.fragile" for n in range(12) if n != 1]
        assert "converted 11 of 12 article(s) to 11 file(s), 1 failed in " in stderr.decode()
    else:  # stops cleanly: what was under way finishes, nothing more starts
        assert len(written) < 11 and "not attempted" in stderr.decode()
        assert len(records) == 1 + len(written)


@needs_proc
def test_workers_die_with_a_killed_parent(tmp_path: Path, start_batch) -> None:
    make_articles(tmp_path, 24)
    process = start_batch([str(tmp_path), "-j", "2"])
    poll(lambda: len(children(process.pid)) == 2 and any(tmp_path.glob("*.slow")), what="two busy workers")
    workers = children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    poll(lambda: all(gone(pid) for pid in workers), what="the workers to end with their parent")
    written = sorted(tmp_path.glob("*.slow"))
    assert len(written) < 24
    assert all(p.read_bytes() == p.with_suffix(".txt").read_text(encoding="utf-8").split("\n", 1)[0].encode() * 1000 for p in written)
    assert [p.name for p in tmp_path.iterdir() if p.suffix not in (".txt", ".slow")] == []


@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_a_batch_as_ctrl_c_does(tmp_path: Path, start_batch, signum: int) -> None:
    make_articles(tmp_path / "in", 24)
    report = tmp_path / "r.jsonl"
    process = start_batch([str(tmp_path / "in"), "-j", "2", "--report", str(report)])
    poll(lambda: len(children(process.pid)) == 2 and report.exists() and report.stat().st_size > 0, what="a report line")
    workers = children(process.pid)
    os.kill(process.pid, signum)  # the parent alone, as `kill PID` or a closing terminal's session leader
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signum
    assert stderr.decode().strip().splitlines()[-1] == f"vnconv: stopped by {signal.Signals(signum).name}"
    assert "Traceback" not in stderr.decode()
    assert all(gone(pid) for pid in workers)
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    written = sorted((tmp_path / "in").glob("*.slow"))
    # Each line whole, for an output written whole (one finished as the signal came may have none).
    assert {Path(r["input"]).with_suffix(".slow") for r in records} <= set(written) and records
    assert all(p.read_bytes() == p.with_suffix(".txt").read_text(encoding="utf-8").split("\n", 1)[0].encode() * 1000 for p in written)
    assert [p.name for p in (tmp_path / "in").iterdir() if p.suffix not in (".txt", ".slow")] == []
