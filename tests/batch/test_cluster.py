"""The Dask executor: the same bytes as the local pool, a dead worker loses nothing,
a worker unlike this vnconv stops the batch, Ctrl-C cancels and exits 130.

The cluster tests share one LocalCluster of 2 worker processes (``dask_scheduler``);
the test writers reach its workers through a Dask preload (tests/support/dask_worker).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import convert
from convert import batch
from convert.styles import load
from convert.options import Options
from tests.conftest import SEED
from tests.support.articles import make_articles
from tests.support.dask_worker import set_environment
from tests.support.fragile_writer import ANNOUNCE
from tests.support.process import processes
from tests.support.slow_writer import slow_batch
from tests.support.typist import legacy_bytes

pytest.importorskip("distributed", reason="needs the dask extra: pip install 'vnconv[dask]' (make test installs it)")

from convert.batch.cluster import DaskCluster, _errors_only  # noqa: E402 - after the skip
from convert.batch.on_worker import convert_on_worker  # noqa: E402

#: Where a Dask scheduler puts its dashboard (its HTTP server) unless told otherwise.
DASHBOARD_PORT = 8787


def slow_output(path: Path) -> bytes:
    """What tests/support/slow_writer.py writes for an article made by make_articles."""
    return path.read_text(encoding="utf-8").split("\n", 1)[0].encode() * 1000


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".*.part")]


def test_dask_gives_the_local_pools_bytes(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1566000000")
    make_articles(tmp_path / "in" / "2019" / "08", 2)
    make_articles(tmp_path / "in" / "2019" / "09", 1)
    legacy = tmp_path / "in" / "2019" / "10" / "cu.txt"  # an old ABC-font file: one warning, on either executor
    legacy.parent.mkdir()
    legacy.write_bytes(legacy_bytes(SEED.read_text(encoding="utf-8"), "tcvn3"))
    results = {}
    for name, how in {"pool": ["-j", "2"], "dask": ["--scheduler", "local:2"]}.items():
        report = tmp_path / f"{name}.jsonl"
        command = ["convert", str(tmp_path / "in"), "--to", "pdf,docx,epub,txt", "-O", str(tmp_path / name), "--report", str(report)]
        results[name] = run([*command, *how])
        assert results[name].exit_code == 0, results[name].stderr
        records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
        assert {r["input"]: r["warnings"] for r in records if r["warnings"]} == {str(legacy): [f"{legacy}: read as TCVN3 (ABC fonts)"]}
    names = sorted(p.relative_to(tmp_path / "pool").as_posix() for p in (tmp_path / "pool").rglob("*.*"))
    assert len(names) == 16 and "2019/10/cu.utf8.txt" in names
    assert names == sorted(p.relative_to(tmp_path / "dask").as_posix() for p in (tmp_path / "dask").rglob("*.*"))
    for name in names:
        assert (tmp_path / "pool" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    # The same warning and summary lines, from either executor.
    for result in results.values():
        warning, summary = result.stderr.splitlines()
        assert warning == f"vnconv: warning: {legacy}: read as TCVN3 (ABC fonts)"
        assert summary.startswith("vnconv: converted 4 of 4 article(s) to 16 file(s) in "), result.stderr


@contextlib.contextmanager
def port_taken(port: int) -> Iterator[None]:
    """The loopback port held by a listening socket for the block; if it cannot be bound,
    another process holds it already, which serves as well."""
    with socket.socket() as holder:
        with contextlib.suppress(OSError):
            holder.bind(("127.0.0.1", port))
            holder.listen()
        yield


def test_a_taken_dashboard_port_leaves_stderr_to_vnconv(tmp_path: Path) -> None:
    """Another cluster's dashboard on 8787: a ``local:N`` batch neither takes the port nor
    says so. In a process of its own, as a user runs it (in-process, pytest would record
    distributed's warning instead of letting it reach stderr)."""
    make_articles(tmp_path / "in", 2)
    command = [sys.executable, "-m", "convert", "convert", str(tmp_path / "in"), "--to", "json", "-O", str(tmp_path / "out")]
    root = Path(__file__).resolve().parents[2]
    with port_taken(DASHBOARD_PORT):
        done = subprocess.run([*command, "--scheduler", "local:1"], cwd=root, capture_output=True, timeout=120, check=False)
    stderr = done.stderr.decode()
    assert done.returncode == 0, stderr
    (summary,) = stderr.splitlines()
    assert summary.startswith("vnconv: converted 2 of 2 article(s) to 2 file(s) in "), stderr


def test_only_distributeds_errors_reach_stderr_while_a_batch_runs() -> None:
    """Its loggers with levels of their own (distributed.client, .gc) as well as the rest,
    its Python warnings too; and everything as it was afterwards."""
    names = ["distributed", "distributed.client", "distributed.gc", "distributed.scheduler"]
    before = {name: logging.getLogger(name).level for name in names}
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        with _errors_only():
            for name in names:
                assert not logging.getLogger(name).isEnabledFor(logging.WARNING), name
                assert logging.getLogger(name).isEnabledFor(logging.ERROR), name
            warnings.warn_explicit("Port 8787 is already in use.", UserWarning, "node.py", 1, module="distributed.node")
            warnings.warn_explicit("vnconv's own", UserWarning, "job.py", 1, module="convert.batch.job")
        assert [str(w.message) for w in shown] == ["vnconv's own"]
    assert {name: logging.getLogger(name).level for name in names} == before
    assert logging.getLogger("distributed.client").isEnabledFor(logging.WARNING)


def test_failures_on_the_cluster_read_as_on_the_pool(tmp_path: Path, run, test_writers, dask_scheduler: str) -> None:
    make_articles(tmp_path, 4, broken=(2,))
    result = run(["convert", str(tmp_path), "--to", "fail", "-k", "--scheduler", dask_scheduler])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("vnconv: error:")] == [
        f"vnconv: error: {tmp_path / 'bai02.txt'}: internal error in the fail writer: RuntimeError: writer broke midway (please report it)"
    ]
    assert "converted 3 of 4 article(s) to 3 file(s), 1 failed in " in result.stderr


def test_a_worker_killed_mid_batch_loses_nothing(
    tmp_path: Path, test_writers, dask_scheduler: str, dask_client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed converting an article (the fragile writer's TREO article waits
    there for the test to kill it): that article is converted again on a fresh worker,
    with a warning; the others, of its task or waiting on that worker, once, silently."""
    dask_client.wait_for_workers(2, timeout=60)  # a worker killed by an earlier test is back
    articles = make_articles(tmp_path / "in", 10, marked={3: "TREO"})
    announce = tmp_path / "announce"
    announce.mkdir()
    monkeypatch.setenv(ANNOUNCE, str(announce))  # for the workers started from now on (the killed one's successor)
    dask_client.run(set_environment, {ANNOUNCE: str(announce)})
    planned = batch.plan([str(tmp_path / "in")], ["fragile"], str(tmp_path / "out"))
    killed: list[int] = []

    def kill_the_treo_worker() -> None:
        deadline = time.monotonic() + 60
        while not any(announce.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.01)
        for path in announce.iterdir():
            killed.append(int(path.name))
            os.kill(killed[-1], signal.SIGKILL)

    killer = threading.Thread(target=kill_the_treo_worker)
    killer.start()
    with batch.ReportFile(str(tmp_path / "r.jsonl")) as report:
        summary = batch.run(planned, batch.Context(load("default"), Options()), DaskCluster(dask_scheduler), keep_going=True, on_outcome=report.write)
    killer.join()
    assert len(killed) == 1
    assert (summary.converted, summary.failed) == (10, 0)
    for article in articles:
        headline = article.read_text(encoding="utf-8").split("\n", 1)[0]
        assert (tmp_path / "out" / f"{article.stem}.fragile").read_bytes() == headline.encode() * 100
    assert leftovers(tmp_path / "out") == []
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 10 and all(r["status"] == "ok" for r in records)
    (retried,) = [r for r in records if r.get("retried")]
    note = f"{articles[3]}: worker killed by signal 9 (SIGKILL) while converting it; converted again on a fresh worker"
    assert retried["input"] == str(articles[3]) and retried["warnings"] == [note]


def test_a_worker_with_another_version_stops_the_batch(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch, dask_scheduler: str, dask_client) -> None:
    make_articles(tmp_path / "in", 2)
    dask_client.wait_for_workers(2, timeout=60)  # a worker killed by an earlier test is back
    monkeypatch.setattr(convert, "__version__", "0.0.0+other")  # this client; the workers run the real one
    result = run(["convert", str(tmp_path / "in"), "--to", "json", "-O", str(tmp_path / "out"), "--scheduler", dask_scheduler])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("vnconv: error: worker tcp://127.0.0.1:")
    assert line.endswith(
        f"runs vnconv {_installed_version()}, this is vnconv 0.0.0+other: "
        "install the same version on every worker (and 1 more worker(s))"
    )
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def _installed_version() -> str:
    from importlib.metadata import version

    return version("vnconv")


def test_each_task_checks_the_version_too(tmp_path: Path, dask_client) -> None:
    """A worker that joins after the check still refuses to convert with another version."""
    (article,) = make_articles(tmp_path, 1)
    job = batch.Job(str(article), (("json", str(tmp_path / "bai00.json")),), (str(article),))
    ((outcome, died_on),) = dask_client.submit(convert_on_worker, (job,), batch.Context(load("default"), Options()), "0.0.0+other", pure=False).result()
    assert died_on == ()
    assert outcome.status == "failed"
    assert outcome.errors[0].endswith(f"runs vnconv {_installed_version()}, this is vnconv 0.0.0+other: install the same version on every worker")
    assert not (tmp_path / "bai00.json").exists()


def test_ctrl_c_cancels_the_batch_and_exits_130(tmp_path: Path, dask_scheduler: str, dask_client) -> None:
    """The tasks queued are cancelled; a task under way on a worker (which vnconv cannot
    stop) converts no more articles after the one it is on, as the batch stops at a
    failure: the two running tasks hold 4 articles each here, and ran to their end."""
    make_articles(tmp_path, 24)
    process = slow_batch([str(tmp_path), "--scheduler", dask_scheduler])
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob("*.slow")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.decode().strip().splitlines()[-1] == "vnconv: interrupted"
    assert "Traceback" not in stderr.decode()
    # The articles under way finish on their workers, after the scheduler has forgotten
    # their tasks (its processing() was empty at once, and the files came after the test
    # had counted them): wait until nothing has been written for a second.
    seen: list[str] = []
    while time.monotonic() < deadline:
        now = sorted(p.name for p in tmp_path.glob(".*.part")) + sorted(p.name for p in tmp_path.glob("*.slow"))
        if now == seen and not leftovers(tmp_path):
            break
        seen = now
        time.sleep(1.0)
    written = list(tmp_path.glob("*.slow"))
    assert 1 <= len(written) < 8
    assert all(p.read_bytes() == slow_output(p.with_suffix(".txt")) for p in written)
    assert leftovers(tmp_path) == []


def test_without_dask_the_option_says_how_to_install_it(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    make_articles(tmp_path, 1)
    monkeypatch.setitem(sys.modules, "distributed", None)  # what `import distributed` meets without the extra
    monkeypatch.delitem(sys.modules, "convert.batch.cluster")
    result = run(["convert", str(tmp_path), "--to", "json", "--scheduler", "local:2"])
    assert result.exit_code == 1
    assert result.stderr == "vnconv: error: --scheduler needs Dask: pip install 'vnconv[dask]'\n"
    assert list(tmp_path.glob("*.json")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "local:0"], "local:N needs a number of worker processes"),
        (["--scheduler", "nowhere"], "give tcp://HOST:PORT"),
        (["--scheduler", "local:2", "-j", "2"], "-j is the local pool's size"),
    ],
)
def test_scheduler_usage_errors(tmp_path: Path, run, args: list[str], message: str) -> None:
    make_articles(tmp_path, 1)
    result = run(["convert", str(tmp_path), "--to", "json", *args])
    assert result.exit_code == 2 and message in result.stderr


def test_standard_output_is_refused_on_a_cluster(run, seed: Path) -> None:
    result = run(["convert", "-", "--to", "json", "--scheduler", "local:1"], input=seed.read_bytes())
    assert result.exit_code == 1
    assert result.stderr == "vnconv: error: a cluster cannot write to standard output: give -O OUTDIR\n"


class _Workers:
    """A client stand-in whose workers answer the connect check as given."""

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers = answers

    def run(self, function: object, *args: object, on_error: str = "raise") -> dict[str, object]:
        return self.answers


def test_a_worker_without_the_fonts_or_without_vnconv_is_named() -> None:
    from convert.batch.cluster import check_workers

    context = batch.Context(load("default"), Options())
    version = convert.__version__
    fine = {"version": version, "fonts": []}
    no_fonts = {"version": version, "fonts": ["no installed font family 'Spectral'"]}
    with pytest.raises(batch.ExecutorError, match=r"^worker tcp://b:1 lacks the style's fonts: no installed font family 'Spectral'$"):
        check_workers(_Workers({"tcp://a:1": fine, "tcp://b:1": no_fonts}), context)
    missing = ModuleNotFoundError("No module named 'convert'")
    with pytest.raises(batch.ExecutorError, match=r"^worker tcp://a:1 cannot run vnconv \(ModuleNotFoundError: No module named 'convert'\)$"):
        check_workers(_Workers({"tcp://a:1": missing}), context)
    check_workers(_Workers({"tcp://a:1": fine}), context)


class _Threads:
    """A client stand-in with ``count`` single-threaded workers."""

    def __init__(self, count: int) -> None:
        self.count = count

    def nthreads(self) -> dict[str, int]:
        return {f"tcp://w{n}:1": 1 for n in range(self.count)}


def test_tasks_shrink_towards_the_end_so_the_workers_finish_together() -> None:
    from convert.batch.cluster import ARTICLES_PER_TASK, PER_THREAD, SHARE, _Window

    read: list[int] = []

    def jobs() -> Iterator[int]:  # stand-ins for the jobs, counting what was read
        for n in range(200):
            read.append(n)
            yield n

    window = _Window(_Threads(2), jobs(), None)  # type: ignore[arg-type]
    assert window.tasks() == PER_THREAD * 2
    chunks = [window.chunk()]
    assert len(read) == SHARE * 2 * ARTICLES_PER_TASK  # read ahead only as far as the share needs
    while chunks[-1]:
        chunks.append(window.chunk())
    sizes = [len(chunk) for chunk in chunks[:-1]]
    assert [n for chunk in chunks for n in chunk] == list(range(200))  # each once, in order
    assert sizes[0] == ARTICLES_PER_TASK and sizes == sorted(sizes, reverse=True)
    assert sizes[-SHARE * 2 :] == [1] * SHARE * 2  # the last ones a single article each
    assert len(sizes) < 200 / 4


def test_a_local_cluster_sizes_its_tasks_for_the_workers_still_starting() -> None:
    from convert.batch.cluster import ARTICLES_PER_TASK, PER_THREAD, _Window

    window = _Window(_Threads(0), iter(range(100)), 2)  # type: ignore[arg-type]
    assert window.tasks() == PER_THREAD * 2
    assert len(window.chunk()) == ARTICLES_PER_TASK


def test_local_n_is_capped_at_4_workers_per_cpu_with_a_message(run, seed: Path) -> None:
    result = run(["convert", "-", "--to", "json", "--scheduler", "local:100000"], input=seed.read_bytes())
    capped = f"local:{4 * (os.cpu_count() or 1)}"
    assert result.stderr.splitlines() == [
        f"vnconv: warning: --scheduler local:100000: more workers than 4 per CPU; using {capped}",
        "vnconv: error: a cluster cannot write to standard output: give -O OUTDIR",
    ]


def _group(pgid: int) -> list[int]:
    """The live processes of process group ``pgid`` (Linux's /proc)."""
    return [process.pid for process in processes() if process.group == pgid and process.state not in ("Z", "X")]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in Linux's /proc")
def test_ctrl_c_is_honoured_while_the_workers_of_a_huge_local_n_start(tmp_path: Path, start_batch) -> None:
    make_articles(tmp_path, 120)  # 0.25 s each: the batch is still running when Ctrl-C comes
    errors = tmp_path / "stderr"
    with errors.open("wb") as sink:
        process = start_batch([str(tmp_path), "--scheduler", "local:100000"], stderr=sink.fileno())
    deadline = time.monotonic() + 30
    while not (b"using local:" in errors.read_bytes() and len(_group(process.pid)) > 1):
        assert time.monotonic() < deadline, errors.read_text()
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    assert process.returncode == 130
    assert errors.read_text().strip().splitlines()[-1] == "vnconv: interrupted"
    deadline = time.monotonic() + 30
    while _group(process.pid):  # the scheduler's workers and the fork server, stopped in order
        assert time.monotonic() < deadline, _group(process.pid)
        time.sleep(0.05)


def test_the_cluster_starts_no_article_after_the_first_failure(tmp_path: Path, test_writers, dask_scheduler: str, dask_client) -> None:
    """As with -j 1 and -j N: after a failure, without --keep-going, no task starts another
    article (tasks of 4 articles here); what is under way finishes."""
    dask_client.wait_for_workers(2, timeout=60)
    make_articles(tmp_path, 24)
    (tmp_path / "bai00.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # fails as it is read
    planned = batch.plan([str(tmp_path)], ["slow"], None)
    summary = batch.run(planned, batch.Context(load("default"), Options()), DaskCluster(dask_scheduler))
    assert summary.failed == 1
    written = list(tmp_path.glob("*.slow"))
    assert summary.converted == len(written) <= 2  # at most the article each other worker thread had begun
    assert summary.not_attempted == 23 - len(written)
    assert all(p.read_bytes() == slow_output(p.with_suffix(".txt")) for p in written)


# --- a worker that dies: one more attempt for its article, and only for it (as -j N) ---
# Real processes and real signals: the fragile test writer (tests/support/fragile_writer.py)
# kills the worker converting a CHẾT article, and has a TREO article's worker wait to be killed.


def _records(report: Path) -> dict[str, dict]:
    return {Path(r["input"]).name: r for r in map(json.loads, report.read_text(encoding="utf-8").splitlines())}


@pytest.mark.skipif(sys.platform == "win32", reason="kills a worker with SIGKILL")
def test_on_local_n_a_dead_worker_costs_one_retry_and_two_fail_the_article(tmp_path: Path, start_batch) -> None:
    """``--scheduler local:2 -k``: the TREO article's worker is killed by the test, once
    (converted again on a fresh worker); the CHẾT article kills every worker converting
    it (failed after two, named with the signal); every other article is converted once."""
    articles = make_articles(tmp_path / "in", 8, marked={2: "TREO", 5: "CHẾT"})
    (tmp_path / "announce").mkdir()
    report = tmp_path / "r.jsonl"
    args = [str(tmp_path / "in"), "-O", str(tmp_path / "out"), "--scheduler", "local:2", "-k", "--report", str(report)]
    process = start_batch(args, to="fragile", env={"VNCONV_TEST_ANNOUNCE": str(tmp_path / "announce")})
    deadline = time.monotonic() + 60
    while not any((tmp_path / "announce").iterdir()):
        assert time.monotonic() < deadline and process.poll() is None, "no worker took the TREO article"
        time.sleep(0.02)
    (pid,) = [int(p.name) for p in (tmp_path / "announce").iterdir()]
    os.kill(pid, signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    lines = stderr.decode().splitlines()
    assert process.returncode == 1, lines
    treo, chet = articles[2], articles[5]
    note = f"{treo}: worker killed by signal 9 (SIGKILL) while converting it; converted again on a fresh worker"
    reason = f"{chet}: worker killed by signal 9 (SIGKILL) while converting it, and the worker before it too (it may crash the converter)"
    assert [line for line in lines if line.startswith("vnconv: error: ")] == [f"vnconv: error: {reason}"]
    assert f"vnconv: warning: {note}" in lines
    assert "converted 7 of 8 article(s) to 7 file(s), 1 failed in " in stderr.decode()
    records = _records(report)
    assert sorted(records) == [a.name for a in articles]
    assert records[chet.name]["status"] == "failed" and records[chet.name]["reason"] == reason and records[chet.name]["retried"]
    assert records[treo.name]["status"] == "ok" and records[treo.name]["warnings"] == [note] and records[treo.name]["retried"]
    assert sorted(name for name, r in records.items() if r.get("retried")) == [treo.name, chet.name]
    for article in articles:
        if article != chet:
            headline = article.read_text(encoding="utf-8").split("\n", 1)[0]
            assert (tmp_path / "out" / f"{article.stem}.fragile").read_bytes() == headline.encode() * 100
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{a.stem}.fragile" for a in articles if a != chet]


def test_without_keep_going_an_article_that_kills_two_workers_stops_the_batch_cleanly(
    tmp_path: Path, run, test_writers, dask_scheduler: str, dask_client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As with -j N: the article is failed, named, in the report; what was under way
    finishes, nothing more starts, the rest are not attempted; and every article whose
    output was written is in the report. The client here is slow to gather each task's
    result (as on a loaded machine), so that the worker that finished a task has died
    on the failing article before its result is gathered: Dask runs that task again,
    with the batch stopping by then (this test failed so once in a while before)."""
    from convert.batch import cluster

    gather = cluster._outcomes

    def slowly(*args: object) -> object:
        time.sleep(0.3)  # the client busy (reporting) as it comes to a task that has ended
        return gather(*args)

    monkeypatch.setattr(cluster, "_outcomes", slowly)
    dask_client.wait_for_workers(2, timeout=60)  # a worker killed by an earlier test is back
    make_articles(tmp_path / "in", 12, marked={0: "CHẾT"})
    report = tmp_path / "r.jsonl"
    result = run(["convert", str(tmp_path / "in"), "--to", "fragile", "-O", str(tmp_path / "out"), "--report", str(report), "--scheduler", dask_scheduler])
    assert result.exit_code == 1
    reason = (
        f"{tmp_path / 'in' / 'bai00.txt'}: worker killed by signal 9 (SIGKILL) while converting it, "
        "and the worker before it too (it may crash the converter)"
    )
    assert [line for line in result.stderr.splitlines() if line.startswith("vnconv: error: ")] == [f"vnconv: error: {reason}"]
    records = _records(report)
    assert records["bai00.txt"]["status"] == "failed" and records["bai00.txt"]["reason"] == reason
    written = sorted(p.name for p in (tmp_path / "out").iterdir()) if (tmp_path / "out").exists() else []
    assert len(written) < 11 and "not attempted" in result.stderr
    assert sorted(records) == sorted(["bai00.txt", *(f"{Path(name).stem}.txt" for name in written)])


def test_a_task_lays_each_death_on_the_article_its_worker_was_converting(tmp_path: Path, dask_client) -> None:
    """The ledger as a task's next attempt reads it: two dead workers were on article 1,
    one on article 0; a worker that ended the task, and one on another task, count for
    nothing. Article 1 is not converted again (failed, for the client to word), article 0
    is, and says who died on it; article 2 is converted as if nothing had happened."""
    articles = make_articles(tmp_path, 3)
    jobs = tuple(batch.Job(str(a), (("json", str(a.with_suffix(".json"))),), (str(a),)) for a in articles)
    ledger = (f"vnconv-test-{os.getpid()}-", "task-7")
    positions = {
        "tcp://10.0.0.1:1": ["task-7", 1],
        "tcp://10.0.0.2:2": ["task-7", 1],
        "tcp://10.0.0.3:3": ["task-7", 0],
        "tcp://10.0.0.4:4": ["task-7", -1],  # ended the task
        "tcp://10.0.0.5:5": ["task-8", 2],  # on another task
    }
    for address, position in positions.items():
        dask_client.set_metadata([ledger[0], address], position)
    context = batch.Context(load("default"), Options())
    converted = dask_client.submit(convert_on_worker, jobs, context, _installed_version(), None, ledger, pure=False).result()
    dask_client.set_metadata([ledger[0]], None)
    (first, on_first), (second, on_second), (third, on_third) = converted
    assert (first.status, on_first) == ("ok", ("tcp://10.0.0.3:3",))
    assert (second.status, second.errors, second.retried, sorted(on_second)) == ("failed", (), True, ["tcp://10.0.0.1:1", "tcp://10.0.0.2:2"])
    assert (third.status, on_third) == ("ok", ())
    assert [p.name for p in sorted(tmp_path.glob("*.json"))] == ["bai00.json", "bai02.json"]


def test_a_stopping_batch_hears_again_of_what_an_undone_attempt_wrote(tmp_path: Path, dask_client) -> None:
    """A task Dask runs again after a worker died, once the batch is stopping (its event
    set): the articles the undone attempt went through are converted again and reported
    (their outputs were written): all it was to convert when it had ended (the ledger's
    record of the task's end: its worker died before the client had its result), those
    before the one its worker died on otherwise; none after them is started (the
    temporary file its worker left of the one it died on removed), and a task no
    attempt of which ran starts none."""
    import distributed

    articles = make_articles(tmp_path, 4)
    jobs = tuple(batch.Job(str(a), (("json", str(a.with_suffix(".json"))),), (str(a),)) for a in articles)
    name = f"vnconv-test-{os.getpid()}-stopping-"
    stop = f"{name}stop"
    context = batch.Context(load("default"), Options())
    distributed.Event(stop, client=dask_client).set()
    try:
        dask_client.set_metadata([f"{name}finished", "1"], [f"{name}1", 3])  # task 1 ended after 3 articles
        dask_client.set_metadata([name, "tcp://10.0.0.9:9"], [f"{name}2", 2])  # task 2's worker died on its third

        def attempt(task: int) -> list[str]:
            converted = dask_client.submit(convert_on_worker, jobs, context, _installed_version(), stop, (name, f"{name}{task}"), pure=False).result()
            assert all(outcome.status == "ok" for outcome, _ in converted)
            return [Path(outcome.input).name for outcome, _ in converted]

        assert attempt(1) == ["bai00.txt", "bai01.txt", "bai02.txt"]
        (tmp_path / ".bai02.json.k1ll3d00.part").write_bytes(b"{")  # what the dead worker left of the third
        assert attempt(2) == ["bai00.txt", "bai01.txt"]
        assert leftovers(tmp_path) == []  # removed, as the local pool removes a dead worker's
        assert attempt(3) == []
    finally:
        distributed.Event(stop, client=dask_client).clear()
        dask_client.set_metadata([name], None)
        dask_client.set_metadata([f"{name}finished"], None)
    assert [p.name for p in sorted(tmp_path.glob("*.json"))] == ["bai00.json", "bai01.json", "bai02.json"]


def test_a_worker_that_died_before_its_nanny_knew_its_address_is_told_by_its_nanny() -> None:
    """The nanny's word comes with its own address when it did not know its worker's yet
    (a fresh worker killed at once: the race the death tests met on a loaded machine);
    the client finds it through the nanny named in the worker's ledger entry."""
    from convert.batch.cluster import _how_worker_ended
    from convert.batch.on_worker import EXITS, WorkerExits

    logged: list[tuple[str, dict[str, object]]] = []

    class Nanny:
        address = "tcp://127.0.0.1:1000"
        worker_address = None
        process = None

        def _on_worker_exit_sync(self, exitcode: int) -> None:
            pass

        def log_event(self, topic: str, message: dict[str, object]) -> None:
            logged.append((topic, message))

    nanny = Nanny()
    WorkerExits().setup(nanny)
    nanny._on_worker_exit_sync(-9)
    assert logged == [(EXITS, {"worker": None, "nanny": "tcp://127.0.0.1:1000", "exitcode": -9})]
    exits: dict[str, int | None] = {}
    by_nanny = {"tcp://127.0.0.1:1000": -9}
    assert _how_worker_ended("tcp://127.0.0.1:2000", exits, by_nanny, "tcp://127.0.0.1:1000") == "killed by signal 9 (SIGKILL)"
    assert _how_worker_ended("tcp://127.0.0.1:2000", {"tcp://127.0.0.1:2000": 3}, by_nanny, "tcp://127.0.0.1:1000") == "exited with status 3"
