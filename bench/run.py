"""vnconv's benchmark: `make bench`. Measures; asserts nothing (speed is not a test).

(a) whole-process time of `vnconv pdf|docx|epub` on the seed;
(b) batch throughput, articles/s for all formats, on N varied articles, -j 1 and -j 2;
(c) peak resident memory of the largest process (main or worker) in that batch;
(d) pandoc on the same articles to DOCX and EPUB (one process per file, two at a time),
    beside `vnconv convert --to docx,epub -j 2`, when pandoc is on PATH;
(e) a 1 MB and a 10 MB article, to show that cost grows linearly;
(f) the same batch on Dask, `--scheduler local:2`, beside `-j 2` (the engine's overhead),
    and the CPU seconds one article costs (pdf+docx+epub), for the README's estimate;
(g) `--update` on a finished batch of 1,000 articles (stat only: nothing read or rendered).

Prints one Markdown table (and the machine it ran on) to standard output.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
SEED = ROOT / "samples" / "000_ad5a731278720d44.txt"
VNCONV = str(Path(sys.executable).with_name("vnconv"))
PRINT_FORMATS = ("pdf", "docx", "epub")

Row = tuple[str, str, str]


def available_formats() -> tuple[str, ...]:
    from convert.writers import FORMATS

    return tuple(f for f in PRINT_FORMATS if f in FORMATS)


def timed(command: Sequence[str], timeout: float | None = None, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout, env=env)
    return time.perf_counter() - started


def timed_cpu(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system) of the command and every process it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(command, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fresh_cache(work: Path, extra: Sequence[str] = ()) -> dict[str, str]:
    """An environment whose font cache knows the installation (character maps, font
    registry, the reduced faces subsets are cut from) and the seed, but none of the
    batch's articles: each is new, as in a real archive. ``extra`` style options apply
    to the warming run too (one subset per face is made there with ``language``)."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    env = {**os.environ, "VNCONV_CACHE_DIR": str(cache)}
    subprocess.run([VNCONV, "convert", str(SEED), "-O", str(cache), "-q", *extra], check=True, env=env)
    return env


def peak_rss_mb(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """The largest resident set of any process the command runs (its workers included)."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True, env=env)
    return int(out.stdout.strip()) / 1024


# --- the corpus ------------------------------------------------------------------------


def corpus(folder: Path, count: int) -> list[Path]:
    """`count` articles varied from the samples: rotated paragraphs, numbered headlines, lengths."""
    from convert.text import clean, decode

    texts = [clean(decode(p.read_bytes())).text for p in SAMPLES]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        text = texts[n % len(texts)]
        separator = "\n\n" if "\n\n" in text else "\n"  # one sample has a paragraph a line
        blocks = text.split(separator)
        head, body = blocks[:3], blocks[3:-1]
        shift = n % max(len(body), 1)
        body = body[shift:] + body[:shift]
        body = body[: max(1, len(body) - n % 3)] + body[: n % 4]
        head[min(1, len(head) - 1)] += f" (số {n + 1})"
        path = folder / f"bai{n:04d}.txt"
        path.write_text(separator.join([*head, *body, blocks[-1]]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def big_article(path: Path, size: int) -> Path:
    """An article of about `size` bytes: the seed's body paragraphs repeated."""
    text = SEED.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n\n\n")
    body, _, byline = rest.rpartition("\n\n")
    parts = [head]
    length = len(head.encode())
    while length < size:
        parts.append(body)
        length += len(body.encode()) + 2
    parts.append(byline)
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


# --- the measurements -----------------------------------------------------------------


def whole_process(formats: Sequence[str], repeat: int, work: Path) -> list[Row]:
    rows = []
    for fmt in formats:
        command = [VNCONV, fmt, str(SEED), "-o", str(work / f"seed.{fmt}")]
        timed(command)  # warm the font cache and the OS page cache
        runs = [timed(command) for _ in range(repeat)]
        rows.append(
            (f"(a) `vnconv {fmt}` on the seed, whole process", f"{statistics.median(runs):.3f} s median", f"{min(runs):.3f} s best of {repeat}")
        )
    help_runs = [timed([VNCONV, "--help"]) for _ in range(repeat)]
    rows.append(("(a) `vnconv --help`, whole process", f"{statistics.median(help_runs):.3f} s median", ""))
    return rows


def batch(
    paths: list[Path],
    formats: Sequence[str],
    workers: int,
    out: Path,
    extra: Sequence[str] = (),
    how: Sequence[str] | None = None,
    rss: bool = True,
) -> tuple[float, float, float]:
    """Articles per second with cold subsets, CPU seconds per article, and the peak RSS of
    a second, warm run. ``how`` replaces ``-j N`` (``--scheduler local:2``)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    executor = list(how) if how is not None else ["-j", str(workers)]
    command = [VNCONV, "convert", str(paths[0].parent), "--to", ",".join(formats), "-O", str(out), *executor, "-q", *extra]
    env = fresh_cache(out.parent, extra)
    seconds, cpu = timed_cpu(command, env=env)
    shutil.rmtree(out)
    out.mkdir()
    return len(paths) / seconds, cpu / len(paths), peak_rss_mb(command, env) if rss else 0.0


def update_time(formats: Sequence[str], count: int, work: Path, repeat: int) -> Row:
    """`--update` on a finished batch: every output exists and is newer than its article."""
    paths = corpus(work / "finished", count)
    out = work / "finished-out"
    subprocess.run(
        [VNCONV, "convert", str(paths[0].parent), "--to", ",".join(formats), "-O", str(out), "-j", "2", "-q"], check=True
    )
    command = [VNCONV, "convert", str(paths[0].parent), "--to", ",".join(formats), "-O", str(out), "--update", "-q"]
    runs = [timed(command) for _ in range(repeat)]
    return (
        f"(g) `--update` on a finished batch of {count} articles, whole process",
        f"{statistics.median(runs):.2f} s median",
        f"best {min(runs):.2f} s of {repeat}; target <= 2 s; stat only",
    )


def pandoc_rate(paths: list[Path], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)

    def one(path: Path) -> None:
        for fmt in ("docx", "epub"):
            subprocess.run(
                ["pandoc", "-f", "markdown", "-t", fmt, "--metadata", f"title={path.stem}", str(path), "-o", str(out / f"{path.stem}.{fmt}")],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, paths))
    return len(paths) / (time.perf_counter() - started)


def large(formats: Sequence[str], work: Path, timeout: float) -> list[Row]:
    rows = []
    sizes = {"1 MB": 1_000_000, "10 MB": 10_000_000}
    files = {label: big_article(work / f"big-{label.replace(' ', '')}.txt", size) for label, size in sizes.items()}
    for fmt in formats:
        times: dict[str, float | None] = {}
        for label, path in files.items():
            try:
                times[label] = timed([VNCONV, fmt, str(path), "-o", str(work / f"big.{fmt}")], timeout=timeout)
            except subprocess.TimeoutExpired:
                times[label] = None
        small, huge = times["1 MB"], times["10 MB"]
        ratio = f"{huge / small:.1f}x" if small and huge else "n/a"
        shown = " / ".join(f"{t:.1f} s" if t is not None else f"> {timeout:.0f} s" for t in times.values())
        rows.append((f"(e) `vnconv {fmt}` on 1 MB / 10 MB", shown, f"10 MB = {ratio} the 1 MB time"))
    return rows


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles in the batch corpus (default 200)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per whole-process timing (default 7)")
    parser.add_argument("--large-timeout", type=float, default=300, help="seconds allowed for each large article")
    parser.add_argument("--skip-large", action="store_true", help="skip the 1 MB / 10 MB articles")
    parser.add_argument("--update-articles", type=int, default=1000, help="finished batch for the --update row (0 skips it)")
    parser.add_argument("--no-dask", dest="dask", action="store_false", help="skip the --scheduler local:2 row")
    args = parser.parse_args(argv)

    formats = available_formats()
    if not formats:
        sys.exit("bench: no print writer is installed yet")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="vnconv-bench-") as tmp:
        work = Path(tmp)
        print(f"bench: {len(formats)} format(s), {args.articles} articles, on {machine()}", file=sys.stderr)
        rows += whole_process(formats, args.repeat, work)
        paths = corpus(work / "corpus", args.articles)
        rates = {}
        for workers in (1, 2):
            rate, cpu, rss = batch(paths, formats, workers, work / "out")
            rates[workers] = rate
            rows.append((f"(b) batch, {'+'.join(formats)}, `-j {workers}`", f"{rate:.1f} articles/s", f"{args.articles} new articles, fonts subset to each"))
            rows.append((f"(c) peak RSS, largest process, `-j {workers}`", f"{rss:.0f} MB", ""))
            if workers == 1:
                rows.append((f"(f) CPU per article, {'+'.join(formats)}, `-j 1`", f"{cpu * 1000:.0f} ms", "user + system, whole batch / articles"))
        if args.dask and importlib.util.find_spec("distributed") is None:
            rows.append(("(f) batch on Dask", "not installed", "pip install 'vnconv[dask]'"))
        elif args.dask:
            rate, _, _ = batch(paths, formats, 2, work / "out", how=["--scheduler", "local:2"], rss=False)
            share = f"{rate / rates[2]:.0%} of `-j 2`'s rate (target >= 85%), cluster start included"
            rows.append((f"(f) batch on Dask, {'+'.join(formats)}, `--scheduler local:2`", f"{rate:.1f} articles/s", share))
        language = ["--set", "embedding.subset=language"]
        rate, cpu, _ = batch(paths, formats, 2, work / "out", language, rss=False)
        note = f"one subset per face for the whole batch; {cpu * 1000:.0f} ms CPU per article"
        rows.append((f"(b) batch, {'+'.join(formats)}, `-j 2`, `embedding.subset=language`", f"{rate:.1f} articles/s", note))
        print_formats = [f for f in ("docx", "epub") if f in formats]
        if print_formats:
            ours, _, _ = batch(paths, print_formats, 2, work / "out", rss=False)
            rows.append((f"(d) vnconv {'+'.join(print_formats)}, `-j 2`", f"{ours:.1f} articles/s", "fonts subset to each article"))
            ours_language, _, _ = batch(paths, print_formats, 2, work / "out", language, rss=False)
            rows.append((f"(d) vnconv {'+'.join(print_formats)}, `-j 2`, `embedding.subset=language`", f"{ours_language:.1f} articles/s", ""))
            if shutil.which("pandoc"):
                theirs = pandoc_rate(paths, work / "pandoc")
                ratio = f"vnconv/pandoc = {ours / theirs:.1f}x (fonts subset to each), {ours_language / theirs:.1f}x (language subsets)"
                rows.append(("(d) pandoc docx+epub, 2 processes at a time (embeds no fonts)", f"{theirs:.1f} articles/s", ratio))
            else:
                rows.append(("(d) pandoc", "not on PATH", "skipped"))
        if args.update_articles:
            rows.append(update_time(formats, args.update_articles, work, 3))
        if not args.skip_large:
            rows += large(formats, work, args.large_timeout)
    print(f"Machine: {machine()}\n")
    print("| measure | result | note |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
