"""The local executor through the CLI: planning basics, workers, failures, interruption."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from convert import batch
from tests.conftest import SEED
from tests.support.articles import make_articles
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
heavy = sorted(m for m in ("reportlab", "docx", "ebooklib") if m in sys.modules)
pdf_fonts = sys.modules.get("convert.writers.pdf.fonts.faces")
print(heavy, pdf_fonts is not None and len(pdf_fonts._LOADED) == len(style.role_faces()))
"""


@pytest.mark.parametrize(
    ("formats", "loaded"),
    [(["docx", "json"], "['docx'] False"), (["pdf", "epub", "txt"], "['ebooklib', 'reportlab'] True")],
)
def test_a_forking_pool_loads_the_writers_of_its_formats_first(formats: list[str], loaded: str) -> None:
    """Before it forks, the parent imports the writers of the formats being written, and
    no others, and reads every face of the style into ReportLab for a PDF."""
    import subprocess
    import sys

    probe = subprocess.run([sys.executable, "-c", PRELOAD_PROBE, *formats], capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == loaded
