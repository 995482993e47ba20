"""(l) the server, one article and a Makefile: bench/run.py's section for issue 24.

- One article (the seed), whole process, warm: ``vnconv pdf|docx|epub`` with the server
  off and on; pandoc's DOCX and EPUB of the same text; Typst's PDF of the same text as
  plain paragraphs in vnconv's own text face (the ``typst`` package from PyPI, in a
  virtual environment of the bench's own, ``bench/.venv-typst``, made on first use:
  vnconv does not depend on it).
- The client's CPU per request through ``vnconv server client``'s quick client (a
  Python without ``site``), which samples/Makefile uses while a server runs.
- ``make -j2`` with samples/Makefile on the batch's articles in every format, each with
  the server off and on (on: the Makefile's rules call the quick client), against
  ``vnconv convert -j 2`` on the same articles: the Makefile's default, a call per chunk
  of articles (``CALL_PER=chunk``), which issue 24's goal is for, and a call per article
  (``CALL_PER=article``, ``ONE_CALL=yes``), the way the issue measured, in ``ROUNDS``
  rounds of the five; a call per output (``CALL_PER=output``) once.
- The server's resident memory and its children's own before and after 10,000
  requests (one in ten a conversion, the others ``status`` requests: the children
  serve them in turn and end after ``MAX_REQUESTS``, so the row sees them replaced).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPST_VENV = ROOT / "bench" / ".venv-typst"

Row = tuple[str, str, str]


def _timed(command: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    return time.perf_counter() - started


def _median(call: Callable[[], float], repeat: int) -> float:
    call()  # warm: caches, the page cache
    return statistics.median(call() for _ in range(repeat))


def _cpu_per_request(command: Sequence[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """CPU seconds per request through the running server: the client's own, and the
    server's side (the server, its children that have ended, and those still serving),
    from /proc/PID/stat in clock ticks (hence many requests)."""
    import resource

    code = "from convert.server.daemon import info; print(info()['pid'])"
    pid = int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout)

    def ticks(process: int | str, reaped: bool) -> int:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a child that has just ended: counted in the server's cutime once reaped
            return 0
        return sum(int(f) for f in fields[11 : 15 if reaped else 13])  # utime stime (cutime cstime)

    def server() -> float:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return (ticks(pid, True) + sum(ticks(child, False) for child in children)) / os.sysconf("SC_CLK_TCK")

    count = max(repeat * 4, 20)
    _timed(command, env)
    time.sleep(0.5)
    before, started = server(), resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(count):
        _timed(command, env)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    time.sleep(1.0)  # the last child is done with its request
    client = (ended.ru_utime - started.ru_utime) + (ended.ru_stime - started.ru_stime)
    return client / count, (server() - before) / count


def _typst_python() -> Path | None:
    """The bench's own Python with ``typst`` installed (made here once), or None."""
    python = TYPST_VENV / "bin" / "python"
    try:
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(TYPST_VENV)], check=True, capture_output=True)
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", "typst"], check=True, capture_output=True)
        subprocess.run([str(python), "-c", "import typst"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return python


def _typst_source(article: Path, folder: Path) -> tuple[Path, str, str]:
    """The article as plain Typst paragraphs in vnconv's text face: the source, the
    face's family name and its folder."""
    from convert import styles
    from convert.text import clean, decode

    style = styles.load()
    family = style.family(style.text["body"].font)
    text = clean(decode(article.read_bytes())).text
    paragraphs = [" ".join(block.split()) for block in text.split("\n") if block.strip()]
    special = set("\\#*_`$@<>[]~-=+/'\"")
    escaped = ["".join("\\" + ch if ch in special else ch for ch in p) for p in paragraphs]
    source = folder / "article.typ"
    source.write_text(f'#set text(font: "{family.name}", lang: "vi")\n#set par(justify: true)\n\n' + "\n\n".join(escaped) + "\n", encoding="utf-8")
    return source, family.name, str(Path(family.regular.path).parent)


def one_article(vnconv: str, seed: Path, work: Path, repeat: int, env: dict[str, str]) -> list[Row]:
    """The seed in each format, whole process: server off, server on, pandoc, Typst."""
    rows: list[Row] = []
    off = {**env, "VNCONV_SERVER": "off"}
    with _server(vnconv, env):
        for fmt in ("pdf", "docx", "epub"):
            command = [vnconv, fmt, str(seed), "-o", str(work / f"seed.{fmt}")]

            def timings(command: list[str] = command, fmt: str = fmt) -> list[Row]:
                without = _median(lambda: _timed(command, off), repeat)
                served = _median(lambda: _timed(command, env), repeat)
                client, server = _cpu_per_request(command, env, repeat)
                return [
                    (f"`vnconv {fmt}` on the seed, whole process, server off / on", f"{without:.3f} / {served:.3f} s", f"medians of {repeat}, warm"),
                    (f"`vnconv {fmt}` through the server, CPU per request: client / server", f"{client * 1000:.1f} / {server * 1000:.1f} ms", "server: it and its children (/proc/PID/stat)"),
                ]

            rows += _kept(f"`vnconv {fmt}` on the seed, server off / on", timings)

        def quick() -> list[Row]:
            """samples/Makefile's command while a server runs (`vnconv server client`)."""
            words = subprocess.run([vnconv, "server", "client"], check=True, capture_output=True, text=True, env=env).stdout.split()
            if not words:
                return [("quick client (`vnconv server client`)", "failed", "it named no command while a server ran")]
            command = [*words, "pdf", str(seed), "-o", str(work / "seed.pdf")]
            client, server = _cpu_per_request(command, env, repeat)
            return [("`vnconv pdf` through the quick client, CPU per request: client / server", f"{client * 1000:.1f} / {server * 1000:.1f} ms", "`vnconv server client`: python -S, no site")]

        rows += _kept("quick client (`vnconv server client`)", quick)
    if shutil.which("pandoc"):
        for fmt in ("docx", "epub"):
            command = ["pandoc", "-f", "markdown", "-t", fmt, "--metadata", "title=seed", str(seed), "-o", str(work / f"pandoc.{fmt}")]
            rows.append((f"pandoc {fmt} on the seed, whole process", f"{_median(lambda: _timed(command, env), repeat):.3f} s", "embeds no fonts"))
    else:
        rows.append(("pandoc", "not on PATH", "skipped"))
    python = _typst_python()
    if python is None:
        rows.append(("typst", "not installed (pip install typst failed)", "skipped"))
    else:
        source, name, fonts = _typst_source(seed, work)
        code = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])"
        command = [str(python), "-c", code, str(source), str(work / "typst.pdf"), fonts]
        seconds = _median(lambda: _timed(command, env), repeat)
        rows.append(("Typst PDF of the seed as plain paragraphs, whole process", f"{seconds:.3f} s", f"typst from PyPI, `{name}` from vnconv's fonts"))
    return rows


#: Rounds of the make rows: the batch, then make with the server off, and on, a call
#: per chunk and a call per article, one after another in each round, so that a busy
#: moment of the machine falls on the five of a round alike; each row gives the median
#: of the rounds' ratios, and their range (one run each differed by 1.4x to 1.8x from
#: run to run).
ROUNDS = 3


def makefile(vnconv: str, paths: list[Path], work: Path, env: dict[str, str]) -> list[Row]:
    """samples/Makefile with `make -j2` (server off, on) against `vnconv convert -j 2`."""
    folder = paths[0].parent
    shutil.copy(ROOT / "samples" / "Makefile", folder / "Makefile")
    formats = "pdf,docx,epub"

    def batch() -> float:
        out = work / "convert-out"
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([vnconv, "convert", str(folder), "--to", formats, "-O", str(out), "-j", "2", "-q"], check=True, env=env)
        return time.perf_counter() - started

    def make(server: bool, call_per: str) -> float:
        target = work / f"make-{'on' if server else 'off'}-{call_per}"
        shutil.rmtree(target, ignore_errors=True)
        run_env = env if server else {**env, "VNCONV_SERVER": "off"}
        started = time.perf_counter()
        command = ["make", "-j2", "-s", "-C", str(folder), f"OUT={target}", f"VNCONV={vnconv}", f"CALL_PER={call_per}"]
        subprocess.run(command, check=True, env=run_env, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

    def served(call_per: str) -> float:
        with _server(vnconv, env):
            return make(True, call_per)

    first = batch()
    rows: list[Row] = [(f"`vnconv convert -j 2`, {len(paths)} articles × 3 formats", f"{first:.1f} s", "one process and its pool")]
    label = f"`make -j2` samples/Makefile, {len(paths)} articles × 3 formats"

    def per_output() -> list[Row]:
        without, on = make(False, "output"), served("output")
        return [(f"{label}, a call per output (CALL_PER=output), server off / on", f"{without:.1f} / {on:.1f} s", f"{without / first:.1f}× / {on / first:.1f}× the batch")]

    def row(name: str, rounds: list[tuple[float, float, float]]) -> Row:
        off = [without / alone for alone, without, _ in rounds]
        on = [with_server / alone for alone, _, with_server in rounds]
        seconds = " / ".join(f"{statistics.median(r[i] for r in rounds):.1f}" for i in (1, 2))
        spread = f"rounds {min(off):.1f}–{max(off):.1f}× / {min(on):.1f}–{max(on):.1f}×"
        ratios = f"{statistics.median(off):.1f}× / {statistics.median(on):.1f}× the batch"
        return (f"{label}, {name}, server off / on", f"{seconds} s", f"{ratios} (medians of {len(rounds)} rounds, each its own batch: {spread})")

    def chunks_and_articles() -> list[Row]:
        chunks: list[tuple[float, float, float]] = []
        articles: list[tuple[float, float, float]] = []
        for n in range(ROUNDS):
            alone = first if n == 0 else batch()
            chunks.append((alone, make(False, "chunk"), served("chunk")))
            articles.append((alone, make(False, "article"), served("article")))
        return [
            row("the default: a call per chunk of articles (CALL_PER=chunk)", chunks),
            row("a call per article (CALL_PER=article, ONE_CALL=yes)", articles),
        ]

    rows += _kept(f"{label}, chunks and a call per article", chunks_and_articles)
    rows += _kept(f"{label}, a call per output", per_output)
    return rows


def memory(vnconv: str, seed: Path, work: Path, env: dict[str, str], requests: int = 10_000) -> list[Row]:
    """The server's resident memory, and what its children hold of their own, after
    100 requests and after ``requests``: one in ten runs ``vnconv txt`` on the seed
    (through ``client.served``, in this one process: no Python start each), the
    others are ``status`` requests; the children serve them in turn, and end after
    their ``MAX_REQUESTS``."""
    code = (
        "import sys, time\nfrom convert.server.daemon import info\nfrom convert.client import served\n"
        "n, seed, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]\nfirst = None\n"
        "deadline = time.monotonic() + 30\n"
        "while info() is None and time.monotonic() < deadline:  # the server may still be loading\n    time.sleep(0.05)\n"
        "for i in range(n):\n"
        "    if i % 10 == 0 and served(['txt', seed, '-o', out]) != 0:\n        raise SystemExit('the server did not run it')\n"
        "    known = info()\n    if i == 99: first = known\n"
        "print(first['rss_kb'], known['rss_kb'], first['children_kb'], known['children_kb'], len(known['children']))"
    )
    command = [sys.executable, "-c", code, str(requests), str(seed), str(work / "memory.txt")]
    with _server(vnconv, env):
        out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    first, last, children_first, children_last, children = (int(v) for v in out.split())
    return [
        (f"server RSS after 100 and {requests:,} requests", f"{first / 1024:.1f} / {last / 1024:.1f} MB", "1 in 10 a `vnconv txt`, the others status requests"),
        (f"its children's own memory after 100 and {requests:,} requests", f"{children_first / 1024:.1f} / {children_last / 1024:.1f} MB", f"{children} children at the end (private pages, smaps_rollup)"),
    ]


class _server:
    """A server for the bench, in its own runtime folder (``env`` gets it), stopped after."""

    def __init__(self, vnconv: str, env: dict[str, str]) -> None:
        self.vnconv, self.env = vnconv, env

    def __enter__(self) -> None:
        subprocess.run([self.vnconv, "server", "start"], check=True, env=self.env, capture_output=True)

    def __exit__(self, *exc: object) -> None:
        subprocess.run([self.vnconv, "server", "stop"], env=self.env, capture_output=True)


def _kept(name: str, part: Callable[[], list[Row]]) -> list[Row]:
    """A part's rows, or one row that says why it failed: the other parts' rows stay."""
    try:
        return part()
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired, ValueError, KeyError, TypeError) as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()[-1:] if isinstance(getattr(exc, "stderr", None), bytes) else []
        return [(name, "failed", f"{type(exc).__name__}: {' '.join([str(exc), *detail])[:200]}")]


def rows(vnconv: str, seed: Path, corpus: list[Path], work: Path, repeat: int) -> list[Row]:
    runtime = Path(tempfile.mkdtemp(prefix="vnrt-", dir="/tmp"))
    runtime.chmod(0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("VNCONV_SERVER", None)
    try:
        return [
            *_kept("one article, server off / on", lambda: one_article(vnconv, seed, work, repeat, env)),
            *_kept("`make -j2` samples/Makefile", lambda: makefile(vnconv, corpus, work, env)),
            *_kept("server RSS over many requests", lambda: memory(vnconv, seed, work, env)),
        ]
    finally:
        subprocess.run([vnconv, "server", "stop"], env=env, capture_output=True)  # one a failed part left running
        shutil.rmtree(runtime, ignore_errors=True)
