"""vnconv's benchmark: `make bench`. Measures; asserts nothing (speed is not a test).

The sections run in this order, quick ones first, and each row of the printed table
carries its section's letter (`--only` and `--skip` take letters):

(a) start-up: `vnconv --help`, `vnconv parse` and `vnconv pdf|docx|epub` on the seed, whole process;
(b) the first run after an install, with an empty font cache: `vnconv convert SEED
    --to pdf,docx,epub`, plain and with `--style newspaper` (which instances Noto Serif);
(c) a batch of N articles varied from the samples, every format: articles/s with `-j 1`
    and `-j 2`, the CPU one article costs, the peak RSS of the largest process, and
    `embedding.subset=language`;
(d) pandoc side by side: vnconv's DOCX+EPUB with `-j 2` against pandoc's (one process
    per file, two at a time) on the same articles, when pandoc is on PATH;
(e) new articles: N generated articles whose character sets all differ (syllables with
    varied tone marks, punctuation, symbols only the fallback faces have), every format
    with `-j 2`, beside pandoc's DOCX+EPUB in the same run; the in-process floor (the
    writers' ms per article) and how far the batch is from it; `vnconv epub` and `vnconv
    docx --embed-fonts=subset` on one new article, whole process (the subsets are cut anew);
(f) the engine's overhead: N new articles, made as (e)'s are, with `-j 2` and with Dask's
    `--scheduler local:2`, alternating (several pairs, medians);
(g) `--update` on a finished batch of 1,000 articles (stat only: nothing read or rendered);
(h) photos: the seed with three 12-megapixel JPEGs (drawn here, with grain so they weigh
    what a camera's do), every format in one process; the EPUB and DOCX sizes; where a
    photo's time goes (decoding, resampling, encoding), in-process;
(i) the reader's encoding detection on a 10 kB and a 5 MB TCVN3 file, in-process, beside
    the whole read in TCVN3, in UTF-8 and as mojibake;
(j) the plain-text reader's structure alone, in-process: the seed, and 5 MB as one line,
    as an article, hard-wrapped at 72 columns, and of lists, tables and glued captions;
(k) a 1 MB and a 10 MB article in each format, to show that cost grows linearly;
(l) the server (`bench/server_rows.py`): one article, whole process, server off and on,
    beside pandoc and Typst; `make -j2` with samples/Makefile against `vnconv convert
    -j 2` on the batch of (c); the server's memory over 10,000 requests.
(m) what tagging costs a PDF: the structure tree written after ReportLab (pikepdf),
    against the whole render, per sample, in `default` and `newspaper`, in-process.
(n) what pair kerning costs the PDF: new articles set with and without it, in a fresh
    process, alternating, and the time spent asking HarfBuzz for pairs.
(q) what the cache's checks cost (`bench/cache_rows.py`): the seed in a fresh process and
    new articles after it, with every entry's check and with them bypassed, alternating.

Every batch starts from a font cache that knows the installation but none of its
articles. vnconv's own modules are compiled to bytecode first, as an install has them
(``compile_bytecode``: otherwise, with PYTHONDONTWRITEBYTECODE set, every process of an
editable install compiles them from source). `--quick` makes every section small (a sanity run: the figures mean little).
Prints one Markdown table, and the machine it ran on, to standard output; what runs
goes to standard error.
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
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
SEED = ROOT / "samples" / "000_ad5a731278720d44.txt"
VNCONV = str(Path(sys.executable).with_name("vnconv"))
PRINT_FORMATS = ("pdf", "docx", "epub")

#: One row of the table: what was measured, the result, a note (the section adds its letter).
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
    """An environment whose font cache knows the installation (the font registry with
    the character maps, the static instances of the fallback faces, ReportLab's reading
    of every face, the ink check's table and the pair kerning of every face, made once after an install,
    or by the first batch) and the seed, but none of the batch's articles: each is new,
    as in a real archive. ``extra`` style options apply to the warming run too."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    env = {**os.environ, "VNCONV_CACHE_DIR": str(cache)}
    subprocess.run([VNCONV, "convert", str(SEED), "-O", str(cache), "-q", *extra], check=True, env=env)
    read_every_face = (
        "from convert import styles\n"
        "from convert.writers.pdf.layout.lines import Ink\n"
        "from convert.writers.pdf.reportlab_internals.parsed_faces import parsed_face\n"
        "from convert.writers.pdf.fonts.kerning import PairKerning\n"
        "style = styles.load()\n"
        "for font in style.fonts:\n"
        "    for family in (style.family(font), *style.fallbacks(font)):\n"
        "        for face in family.faces:\n"
        "            parsed_face(str(face.path))\n"
        "            Ink(str(face.path))\n"
        "            PairKerning(str(face.path), parsed_face(str(face.path)).charToGlyph.get).load()\n"
    )
    subprocess.run([sys.executable, "-c", read_every_face], check=True, env=env)
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


#: Vietnamese syllables are built from these (an onset, a vowel with one of six tones,
#: a coda): not all are real words, but every one is spelled with Vietnamese letters.
_ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x")
_CODAS = ("", "", "c", "m", "n", "ng", "nh", "p", "t", "i", "o", "u")
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng
_TRAILING = ";:…!?"  # after a word
_AROUND = ("“”", "‘’", "()", "«»")  # around a word
_BETWEEN = "–—/"  # between two words
#: Characters Spectral and Be Vietnam Pro lack and Noto Serif and Noto Sans have: each
#: article uses a few, so the fallback faces are subset too.
_FALLBACK_SYMBOLS = "ΩαβγσλΛΣΦΨ₿"


def new_articles(folder: Path, count: int) -> list[Path]:
    """``count`` articles whose character sets differ, as a newsroom's new articles do.

    Each draws its syllables from its own part of the toned vowels (so its letters
    differ), its own punctuation and one to three symbols only the fallback faces have;
    about the seed's length, with the parts the reader recognises (date line, headline,
    lead with an agency slug, paragraphs, byline).
    """
    import random
    import unicodedata

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        rng = random.Random(n)
        vowels = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES]
        vowels = rng.sample(vowels, rng.randint(25, 60))
        trailing = rng.sample(_TRAILING, rng.randint(1, 3))
        around = rng.sample(_AROUND, rng.randint(1, 2))
        between = rng.choice(_BETWEEN)
        symbols = rng.sample(_FALLBACK_SYMBOLS, rng.randint(1, 3))

        def word() -> str:
            return rng.choice(_ONSETS) + rng.choice(vowels) + rng.choice(_CODAS)

        def sentence(words: int) -> str:
            parts = [word() for _ in range(words)]
            for _ in range(words // 5):
                at = rng.randrange(1, words - 1)
                mark = rng.choice([",", ",", *trailing, "around", "between"])
                if mark == "around":
                    opening, closing = rng.choice(around)
                    parts[at] = opening + parts[at] + closing
                elif mark == "between":
                    parts[at] = f"{between} {parts[at]}"
                else:
                    parts[at] += mark
            if rng.random() < 0.4:
                parts.insert(rng.randrange(words), f"{rng.randint(2, 999)} {rng.choice(symbols)}")
            text = " ".join(parts)
            return text[0].upper() + text[1:] + "."

        def paragraph() -> str:
            return " ".join(sentence(rng.randint(8, 22)) for _ in range(rng.randint(2, 4)))

        headline = sentence(rng.randint(8, 14)).rstrip(".")
        body = [paragraph() for _ in range(rng.randint(8, 14))]
        byline = f"{word()} {word()} {word()}".upper()
        text = "\n\n".join([f"Thứ hai, {1 + n % 28:02d}/{1 + n % 12:02d}/2024", headline, f"TTXVN - {paragraph()}", *body, byline])
        path = folder / f"moi{n:04d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
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




# --- what the sections share ----------------------------------------------------------


@dataclass
class Bench:
    """The run's settings, its scratch folder, and what one section measures for another."""

    args: argparse.Namespace
    work: Path
    formats: tuple[str, ...]
    _corpus: list[Path] | None = None

    @property
    def corpus(self) -> list[Path]:
        """The batch of (c) and (d): articles varied from the samples, made once."""
        if self._corpus is None:
            self._corpus = corpus(self.work / "corpus", self.args.articles)
        return self._corpus

    @property
    def joined(self) -> str:
        return "+".join(self.formats)


def batch(
    paths: list[Path],
    formats: Sequence[str],
    workers: int,
    out: Path,
    extra: Sequence[str] = (),
    how: Sequence[str] | None = None,
    rss: bool = True,
) -> tuple[float, float, float | None]:
    """Articles per second with a font cache that knows the installation but not the
    articles, CPU seconds per article, and (``rss``) the peak RSS of a second run.
    ``how`` replaces ``-j N`` (``--scheduler local:2``)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    executor = list(how) if how is not None else ["-j", str(workers)]
    command = [VNCONV, "convert", str(paths[0].parent), "--to", ",".join(formats), "-O", str(out), *executor, "-q", *extra]
    env = fresh_cache(out.parent, extra)
    seconds, cpu = timed_cpu(command, env=env)
    shutil.rmtree(out)
    out.mkdir()
    return len(paths) / seconds, cpu / len(paths), peak_rss_mb(command, env) if rss else None


def in_process_ms(paths: list[Path], formats: Sequence[str], env: dict[str, str]) -> dict[str, float]:
    """Median CPU milliseconds each writer takes per article, rendering in this process
    after the seed has warmed it (libraries imported, fonts registered): the floor a
    batch approaches if starting processes and reading files cost nothing."""
    from convert import styles
    from convert.io import load_article
    from convert.options import Options
    from convert.writers import render

    saved = os.environ.get("VNCONV_CACHE_DIR")
    os.environ["VNCONV_CACHE_DIR"] = env["VNCONV_CACHE_DIR"]
    try:
        style = styles.load()
        articles = [load_article(str(p)) for p in paths]
        warm = load_article(str(SEED))
        times: dict[str, list[float]] = {fmt: [] for fmt in formats}
        for fmt in formats:
            render(fmt, warm, style, Options())
            for article in articles:
                started = time.process_time()  # CPU: a busy machine does not inflate it
                render(fmt, article, style, Options())
                times[fmt].append((time.process_time() - started) * 1000)
    finally:
        if saved is None:
            del os.environ["VNCONV_CACHE_DIR"]
        else:
            os.environ["VNCONV_CACHE_DIR"] = saved
    return {fmt: statistics.median(runs) for fmt, runs in times.items()}


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


def median_and_best(runs: Sequence[float], digits: int = 3) -> tuple[str, str]:
    return f"{statistics.median(runs):.{digits}f} s median", f"best {min(runs):.{digits}f} s of {len(runs)}"


def _best(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


# --- the sections ------------------------------------------------------------------------


def start_up(bench: Bench) -> list[Row]:
    """(a) `vnconv --help`, and each format on the seed, whole process."""
    repeat = bench.args.repeat
    help_runs = [timed([VNCONV, "--help"]) for _ in range(repeat)]
    rows = [("`vnconv --help`, whole process", *median_and_best(help_runs))]
    # The start every command shares, with no writer: Click, the style, the reader, the model.
    parse = [VNCONV, "parse", str(SEED)]
    timed(parse)
    runs = [timed_cpu(parse) for _ in range(repeat)]
    rows.append(("`vnconv parse` on the seed, whole process", *median_and_best([wall for wall, _ in runs])))
    # CPU time as well: on a loaded machine the wall clock says little, the CPU a command took more.
    cpu = {"parse": statistics.median(cpu for _, cpu in runs)}
    for fmt in bench.formats:
        command = [VNCONV, fmt, str(SEED), "-o", str(bench.work / f"seed.{fmt}")]
        timed(command)  # warm the font cache and the OS page cache
        runs = [timed_cpu(command) for _ in range(repeat)]
        rows.append((f"`vnconv {fmt}` on the seed, whole process", *median_and_best([wall for wall, _ in runs])))
        cpu[fmt] = statistics.median(cpu for _, cpu in runs)
    names = " / ".join(f"`{name}`" for name in cpu)
    rows.append((f"CPU of `vnconv` {names} on the seed (user + system)", " / ".join(f"{seconds * 1000:.0f}" for seconds in cpu.values()) + " ms median", f"of {repeat} runs each, the runs above"))
    return rows


def first_run(bench: Bench) -> list[Row]:
    """(b) the seed with an empty font cache, as right after `pip install`."""
    rows = []
    for extra in ([], ["--style", "newspaper"]):
        runs = []
        for number in range(min(bench.args.repeat, 5)):
            cache = Path(tempfile.mkdtemp(prefix="first-run-", dir=bench.work))
            env = {**os.environ, "VNCONV_CACHE_DIR": str(cache)}
            out = bench.work / f"first-{number}"
            runs.append(timed([VNCONV, "convert", str(SEED), "--to", ",".join(bench.formats), "-O", str(out), "-q", *extra], env=env))
            shutil.rmtree(cache)
        label = " ".join(["convert SEED --to", ",".join(bench.formats), *extra])
        rows.append((f"first run, empty font cache: `vnconv {label}`", *median_and_best(runs)))
    return rows


def batches(bench: Bench) -> list[Row]:
    """(c) the batch of varied articles, `-j 1` and `-j 2`, and with language subsets."""
    paths, count = bench.corpus, bench.args.articles
    rows: list[Row] = []
    for workers in (1, 2):
        rate, cpu, rss = batch(paths, bench.formats, workers, bench.work / "out")
        rows.append((f"batch, {bench.joined}, `-j {workers}`", f"{rate:.1f} articles/s", f"{count} articles varied from the samples, fonts subset to each"))
        if workers == 1:
            rows.append((f"CPU per article, {bench.joined}, `-j 1`", f"{cpu * 1000:.0f} ms", "user + system of the whole batch / articles (the manual's estimate, docs/batches.md)"))
        rows.append((f"peak RSS, largest process, `-j {workers}`", f"{rss:.0f} MB", ""))
    rate, cpu, _ = batch(paths, bench.formats, 2, bench.work / "out", LANGUAGE_SUBSETS, rss=False)
    note = f"one subset per face for the whole batch; {cpu * 1000:.0f} ms CPU per article"
    rows.append((f"batch, {bench.joined}, `-j 2`, `embedding.subset=language`", f"{rate:.1f} articles/s", note))
    return rows


#: The style override that subsets each face to the whole Vietnamese repertoire.
LANGUAGE_SUBSETS = ("--set", "embedding.subset=language")


def pandoc_side_by_side(bench: Bench) -> list[Row]:
    """(d) vnconv's DOCX+EPUB against pandoc's, on the batch of (c)."""
    screen = [f for f in ("docx", "epub") if f in bench.formats]
    if not screen:
        return [("vnconv DOCX+EPUB", "no DOCX or EPUB writer", "skipped")]
    paths, joined = bench.corpus, "+".join(screen)
    ours, _, _ = batch(paths, screen, 2, bench.work / "out", rss=False)
    ours_language, _, _ = batch(paths, screen, 2, bench.work / "out", LANGUAGE_SUBSETS, rss=False)
    rows: list[Row] = [
        (f"vnconv {joined}, `-j 2`", f"{ours:.1f} articles/s", "fonts subset to each article"),
        (f"vnconv {joined}, `-j 2`, `embedding.subset=language`", f"{ours_language:.1f} articles/s", ""),
    ]
    if not shutil.which("pandoc"):
        return [*rows, ("pandoc", "not on PATH", "skipped")]
    theirs = pandoc_rate(paths, bench.work / "pandoc")
    ratio = f"vnconv/pandoc = {ours / theirs:.1f}x (fonts subset to each), {ours_language / theirs:.1f}x (language subsets)"
    return [*rows, ("pandoc docx+epub, 2 processes at a time (embeds no fonts)", f"{theirs:.1f} articles/s", ratio)]


def new_article_rows(bench: Bench) -> list[Row]:
    """(e) what a newsroom does all day: converting articles vnconv has never seen; with
    pandoc on the same articles in alternating runs (the machine's drift falls on both
    alike: one run of either moved by ±5% between runs, now and then by 30%), the ratio
    the median of the pairs' ratios."""
    count, formats, work = bench.args.new_articles, bench.formats, bench.work
    paths = new_articles(work / "new", count)
    has_pandoc = shutil.which("pandoc") is not None
    rates: list[float] = []
    theirs: list[float] = []
    for _ in range(NEW_PAIRS if has_pandoc else 1):
        rates.append(batch(paths, formats, 2, work / "out-new", rss=False)[0])
        if has_pandoc:
            theirs.append(pandoc_rate(paths, work / "pandoc-new"))
    rate = statistics.median(rates)
    env = fresh_cache(work)
    floor = in_process_ms(paths, formats, env)
    floor_ms = sum(floor.values())
    floor_rate = 2 * 1000 / floor_ms  # two workers, each rendering back to back
    parts = " + ".join(f"{fmt.upper()} {ms:.1f}" for fmt, ms in floor.items())
    runs = f"median of {len(rates)} runs ({', '.join(f'{r:.1f}' for r in rates)})"
    rows: list[Row] = [
        (f"new articles, {bench.joined}, `-j 2`", f"{rate:.1f} articles/s", f"{count} articles, every one with its own characters; {runs}"),
        (
            "in-process floor per new article",
            f"{floor_ms:.1f} ms ({parts})",
            f"= {floor_rate:.0f} articles/s on 2 workers; the batch reaches {rate / floor_rate:.0%} of it",
        ),
    ]
    if has_pandoc:
        ratios = [ours / pandoc for ours, pandoc in zip(rates, theirs, strict=True)]
        rows.append(
            (
                "pandoc docx+epub on the same new articles, 2 at a time",
                f"{statistics.median(theirs):.1f} articles/s",
                f"vnconv ({bench.joined}) / pandoc = {statistics.median(ratios):.1f}x "
                f"(median of {len(ratios)} alternating pairs: {', '.join(f'{x:.2f}x' for x in ratios)})",
            )
        )
    else:
        rows.append(("pandoc", "not on PATH", "skipped"))
    for fmt, extra in (("epub", []), ("docx", ["--embed-fonts=subset"])):
        if fmt in formats:
            command = [VNCONV, fmt, *extra, str(paths[0]), "-o", str(work / f"new.{fmt}")]
            timed(command, env=env)  # the OS page cache, not vnconv's: every subset is cut anew
            runs = [timed(command, env=env) for _ in range(bench.args.repeat)]
            rows.append((f"`vnconv {' '.join([fmt, *extra])}` on a new article, whole process", *median_and_best(runs)))
    return rows


def dask(bench: Bench) -> list[Row]:
    """(f) the engine's overhead: N new articles (made as (e)'s are, so every subset is cut
    anew) with `-j 2` and with `--scheduler local:2`, in alternating pairs (the machine's
    drift falls on both alike); the share is the median of the pairs' shares."""
    if importlib.util.find_spec("distributed") is None:
        return [("batch on Dask", "not installed", "pip install 'vnconv[dask]'")]
    count = bench.args.articles
    paths = new_articles(bench.work / "new-dask", count)
    pool: list[float] = []
    engine: list[float] = []
    for _ in range(DASK_PAIRS):
        pool.append(batch(paths, bench.formats, 2, bench.work / "out-dask", rss=False)[0])
        engine.append(batch(paths, bench.formats, 2, bench.work / "out-dask", how=["--scheduler", "local:2"], rss=False)[0])
    shares = [e / p for p, e in zip(pool, engine, strict=True)]
    share = statistics.median(shares)
    pairs = f"median of {DASK_PAIRS} alternating pairs"
    return [
        (f"new articles, {bench.joined}, `-j 2`", f"{statistics.median(pool):.1f} articles/s", f"{count} new articles; {pairs}"),
        (
            "the same on Dask, `--scheduler local:2`",
            f"{statistics.median(engine):.1f} articles/s",
            f"{share:.0%} of `-j 2` (median of the pairs' shares: {', '.join(f'{x:.0%}' for x in shares)}), cluster start and close included",
        ),
    ]


#: (e) runs vnconv's batch and pandoc this many times each, one after the other.
NEW_PAIRS = 5
#: (f) runs `-j 2` and `local:2` this many times each, one after the other.
DASK_PAIRS = 5


def update(bench: Bench) -> list[Row]:
    """(g) `--update` on a finished batch: every output exists and is newer than its article."""
    count = bench.args.update_articles
    paths = corpus(bench.work / "finished", count)
    out = bench.work / "finished-out"
    command = [VNCONV, "convert", str(paths[0].parent), "--to", ",".join(bench.formats), "-O", str(out), "-q"]
    subprocess.run([*command, "-j", "2"], check=True)
    runs = [timed([*command, "--update"]) for _ in range(3)]
    median, best = median_and_best(runs, 2)
    return [(f"`--update` on a finished batch of {count} articles, whole process", median, f"{best}; stat only")]


PHOTO_SIZE = (4000, 3000)  # 12 megapixels


def camera_photo(path: Path, seed: int) -> Path:
    """A 12 MP JPEG that weighs what a camera's does (about 5 MB): a drawn picture with
    grain, with an EXIF GPS position; the second stored sideways with an orientation
    tag, as phones do."""
    from PIL import Image

    sys.path.insert(0, str(ROOT))
    from tests.support.photos import SIDEWAYS, draw, save

    width, height = PHOTO_SIZE
    grain = Image.effect_noise((width, height), 40 + seed).convert("RGB")
    picture = Image.blend(draw(width, height, f"bench {seed}", seed), grain, 0.25)
    return save(path, picture, orientation=SIDEWAYS if seed == 2 else 1, quality=92)


def photos(bench: Bench) -> list[Row]:
    """(h) the seed with three 12 MP photos beside it, every format in one process."""
    repeat = bench.args.repeat
    with tempfile.TemporaryDirectory(prefix="vnconv-bench-photos-") as tmp:
        folder = Path(tmp)
        article = folder / "bai.txt"
        shutil.copy(SEED, article)
        paths = [camera_photo(folder / f"bai-{n}.jpg", n) for n in (1, 2, 3)]
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        out = folder / "out"
        command = [VNCONV, "convert", str(article), "--to", "pdf,docx,epub", "-O", str(out), "-q", "-j", "1"]
        timed(command)  # warm the font cache
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs = [timed(command) for _ in range(repeat)]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / repeat
        sizes = {fmt: (out / f"bai.{fmt}").stat().st_size / 1e6 for fmt in PRINT_FORMATS}
        plain = [timed([VNCONV, "convert", str(SEED), "--to", "pdf,docx,epub", "-O", str(folder / "plain"), "-q", "-j", "1"]) for _ in range(repeat)]
        rows = [
            ("seed + three 12 MP JPEGs, PDF+DOCX+EPUB, one process", f"{statistics.median(runs):.2f} s median", f"best {min(runs):.2f} s of {repeat}; CPU (user+system) {cpu:.2f} s a run, photos prepared on every CPU; photos {megabytes:.1f} MB; without photos {statistics.median(plain):.2f} s"),
            ("output sizes: EPUB + DOCX", f"{sizes['epub'] + sizes['docx']:.2f} MB", f"EPUB {sizes['epub']:.2f} MB, DOCX {sizes['docx']:.2f} MB (PDF {sizes['pdf']:.2f} MB)"),
        ]
        return rows + photo_steps(paths[0])


def photo_steps(path: Path) -> list[Row]:
    """Where one photo's time goes, step by step, as ``convert.photos.image`` does them
    for the default A4 column (300 ppi) and for the screen formats (1600 px)."""
    import io

    from PIL import Image

    data = path.read_bytes()

    def decoded(scale: int) -> Image.Image:
        image = Image.open(io.BytesIO(data))
        if scale > 1:
            image.draft("RGB", (image.width // scale, image.height // scale))
        image.load()
        return image

    half = decoded(2)
    screen = half.resize((1600, 1200), Image.Resampling.LANCZOS)
    steps = [
        ("decode, full size", _best(lambda: decoded(1), 3)),
        ("decode at 1/2 (draft: what the PDF column and the screen formats need)", _best(lambda: decoded(2), 3)),
        ("resample 2000 → 1600 px (EPUB, DOCX)", _best(lambda: half.resize((1600, 1200), Image.Resampling.LANCZOS), 3)),
        ("encode 2000 px JPEG (PDF)", _best(lambda: half.save(io.BytesIO(), "JPEG", quality=85), 3)),
        ("encode 1600 px JPEG (EPUB and DOCX share it)", _best(lambda: screen.save(io.BytesIO(), "JPEG", quality=85), 3)),
    ]
    return [(f"one 12 MP photo: {name}", f"{seconds * 1000:.0f} ms", "best of 3, in-process") for name, seconds in steps]




def detection(bench: Bench) -> list[Row]:
    """(i) detection alone (a bounded sample, so the same on 5 MB as on 10 kB), and the
    whole read (decode, detect, restore .VnTimeH capitals, parse) against reading UTF-8
    and mojibake."""
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252, to make mojibake

    from convert.encodings.detect import guess
    from convert.readers.plaintext import read_bytes
    from convert.text import decode_detailed

    seed = SEED.read_text(encoding="utf-8")
    rows: list[Row] = []
    for label, size in (("10 kB", 10_000), ("5 MB", 5_000_000)):
        text = (seed * (size // len(seed) + 1))[:size]  # TCVN3 has one byte a letter
        text = text[: text.rfind("\n")]
        lowered = {ord(c): c.lower() for c in set(text) if not _encodable(c, "tcvn3")}  # the .VnTimeH typist
        legacy, utf8 = text.translate(lowered).encode("tcvn3"), text.encode("utf-8")
        assert decode_detailed(legacy).encoding == "tcvn3"
        runs = bench.args.repeat if size < 1_000_000 else max(1, bench.args.repeat // 3)
        detect = _best(lambda: guess(legacy), runs)
        read_legacy = _best(lambda: read_bytes(legacy), runs)
        read_utf8 = _best(lambda: read_bytes(utf8), runs)
        rows.append(
            (
                f"detection on {label} (TCVN3, {len(legacy) / 1000:,.0f} kB)",
                f"{detect * 1000:.2f} ms",
                f"whole read {read_legacy * 1000:.1f} ms vs {read_utf8 * 1000:.1f} ms for the same article in UTF-8",
            )
        )
        mojibake = utf8.decode("sloppy-windows-1252").encode("utf-8")
        assert decode_detailed(mojibake).encoding.endswith("(repaired mojibake)")
        read_mojibake = _best(lambda: read_bytes(mojibake), runs)
        rows.append((f"mojibake on {label} (UTF-8 read as Windows-1252)", f"whole read {read_mojibake * 1000:.1f} ms", "ftfy learns the repair from the first 8000 characters"))
    return rows


def reader(bench: Bench) -> list[Row]:
    """(j) the plain-text reader alone (structure, not decoding), in process, best of
    ``repeat`` on the seed and one run on 5 MB in the layouts that cost most: one line,
    an article of paragraphs and captions, hard-wrapped at 72 columns without blank
    lines, and lists, tables and glued captions. Each should take a few seconds at most,
    and grow linearly with the text."""
    import textwrap

    from convert.readers.plaintext import read_text

    seed = SEED.read_text(encoding="utf-8")
    sentence = "Kinh tế tiếp tục phát triển, cơ cấu chuyển dịch đúng hướng; hạ tầng được đầu tư. "
    size = 5_000_000

    def grown(unit: str, joiner: str = "") -> str:
        return joiner.join([unit] * (size // len(unit.encode()) + 1))

    structures = "- Mục một\n- Mục hai\n\nTỉnh\t781.655\nHuyện\t8.310\n\nNhà máy. Ảnh: AP. Đoạn tiếp theo.\n\n"
    texts = {
        "the seed": seed,
        "5 MB, one line": grown(sentence),
        "5 MB article (the seed's paragraphs)": grown(seed, "\n\n"),
        "5 MB hard-wrapped at 72, no blank line": "\n".join(textwrap.wrap(grown(sentence), 72)),
        "5 MB of lists, tables, glued captions": "Tiêu đề\n\nMở đầu.\n\n" + grown(structures),
    }
    rows: list[Row] = []
    for label, text in texts.items():
        seconds = _best(lambda text=text: read_text(text), bench.args.repeat if label == "the seed" else 1)
        blocks = len(read_text(text).blocks)
        shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
        rows.append((f"reader: structure of {label}", shown, f"{blocks:,} blocks"))
    return rows


def large(bench: Bench) -> list[Row]:
    """(k) a 1 MB and a 10 MB article in each format: the second should take about ten times the first."""
    timeout = bench.args.large_timeout
    sizes = {"1 MB": 1_000_000, "10 MB": 10_000_000}
    files = {label: big_article(bench.work / f"big-{label.replace(' ', '')}.txt", size) for label, size in sizes.items()}
    rows: list[Row] = []
    for fmt in bench.formats:
        times: dict[str, float | None] = {}
        for label, path in files.items():
            try:
                times[label] = timed([VNCONV, fmt, str(path), "-o", str(bench.work / f"big.{fmt}")], timeout=timeout)
            except subprocess.TimeoutExpired:
                times[label] = None
        small, huge = times["1 MB"], times["10 MB"]
        ratio = f"{huge / small:.1f}x" if small and huge else "n/a"
        shown = " / ".join(f"{t:.1f} s" if t is not None else f"> {timeout:.0f} s" for t in times.values())
        rows.append((f"`vnconv {fmt}` on 1 MB / 10 MB", shown, f"10 MB = {ratio} the 1 MB time"))
    return rows


def server(bench: Bench) -> list[Row]:
    """(l) see bench/server_rows.py."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import server_rows

    return server_rows.rows(VNCONV, SEED, bench.corpus, bench.work, bench.args.repeat)


def tagging(bench: Bench) -> list[Row]:
    """(m) the share of a PDF's render spent on its structure tree (``tagging.tree``: the
    StructTreeRoot, its elements and the ParentTree made as ReportLab objects, and
    ReportLab formatting the objects they add, timed again on their own after the tree
    is made), in-process, after a warm render; the marked content drawn on the canvas is
    in the render's time, not apart. Then the PDF floor per new article by part, and the
    writer's share of a process's start (``pdf_rows``)."""
    from reportlab.pdfbase.pdfdoc import PDFIndirectObject

    from convert import styles
    from convert.io import load_article
    from convert.options import Options
    from convert.writers import render
    from convert.writers.pdf.tagging import tree

    spent: list[float] = []
    original = tree.write_structure

    def timed_structure(document: Any, *args: object, **kw: object) -> None:
        started = time.perf_counter()
        first = document.objectcounter + 1
        original(document, *args, **kw)  # type: ignore[arg-type]
        for number in range(first, document.objectcounter + 1):  # the objects it added, formatted as ReportLab will
            name = document.numberToId[number]
            PDFIndirectObject(name, document.idToObject[name]).format(document)
        spent.append(time.perf_counter() - started)

    env = fresh_cache(bench.work)
    saved = os.environ.get("VNCONV_CACHE_DIR")
    os.environ["VNCONV_CACHE_DIR"] = env["VNCONV_CACHE_DIR"]
    tree.write_structure = timed_structure  # type: ignore[assignment]
    rows: list[Row] = []
    try:
        for preset in ("default", "newspaper"):
            style = styles.load(preset)
            articles = [load_article(str(p)) for p in SAMPLES]
            render("pdf", articles[0], style, Options())
            totals, parts, best = [], [], []
            for article in articles:
                runs = []
                for _ in range(bench.args.repeat):
                    spent.clear()
                    started = time.perf_counter()
                    render("pdf", article, style, Options())
                    runs.append((time.perf_counter() - started, sum(spent)))
                totals += [t for t, _ in runs]
                parts += [p for _, p in runs]
                best.append(min(p for _, p in runs) / min(t for t, _ in runs))  # each at its quietest
            total, part = statistics.median(totals) * 1000, statistics.median(parts) * 1000
            rows.append(
                (
                    f"PDF structure tree (ReportLab objects), `{preset}`",
                    f"{part:.1f} ms of {total:.1f} ms (medians)",
                    f"share, each sample's best runs: {min(best):.1%} to {max(best):.1%}; {len(SAMPLES)} samples x {bench.args.repeat} runs",
                )
            )
    finally:
        tree.write_structure = original  # type: ignore[assignment]
        if saved is None:
            del os.environ["VNCONV_CACHE_DIR"]
        else:
            os.environ["VNCONV_CACHE_DIR"] = saved
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pdf_rows

    paths = new_articles(bench.work / "new-floor", bench.args.new_articles)
    return rows + pdf_rows.rows(SEED, paths, {**os.environ, **env}) + pdf_rows.start_rows(SEED, {**os.environ, **env})


#: (n)'s child process: each article set with kerning on and off in turn (the order
#: alternating, so what a first rendering pays for the article falls on both alike),
#: after the seed in both; the process's CPU time, not the wall clock (a 10% difference
#: drowns in a loaded machine's wall time); prints the medians and HarfBuzz's share as JSON.
_KERNING_PROGRAM = """
import json, statistics, sys, time
from convert import styles
from convert.io import load_article
from convert.options import Options
from convert.writers import render
from convert.writers.pdf.fonts import kerning

shaping = [0.0, 0]
shaped = kerning.PairKerning._shaped
def timed_shape(self, first, second):
    started = time.perf_counter()
    try:
        return shaped(self, first, second)
    finally:
        shaping[0] += time.perf_counter() - started
        shaping[1] += 1
kerning.PairKerning._shaped = timed_shape

result = {}
for name in sys.argv[2].split(","):
    kerned, plain = styles.load(name), styles.load(name, ["pdf.kerning=false"])
    seed = load_article(sys.argv[1])
    render("pdf", seed, kerned, Options()); render("pdf", seed, plain, Options())
    shaping[:] = [0.0, 0]
    times = {"on": [], "off": []}
    for index, path in enumerate(sys.argv[3:]):
        article = load_article(path)
        for mode in (("on", "off") if index % 2 else ("off", "on")):
            started = time.process_time()
            render("pdf", article, kerned if mode == "on" else plain, Options())
            times[mode].append((time.process_time() - started) * 1000)
    result[name] = {mode: statistics.median(runs) for mode, runs in times.items()}
    result[name]["shaping_ms"] = shaping[0] * 1000 / len(sys.argv[3:])
    result[name]["pairs"] = shaping[1] / len(sys.argv[3:])
print(json.dumps(result))
"""


def kerning_cost(bench: Bench) -> list[Row]:
    """(n) pair kerning's share of the PDF's time (the goal: under 15%), on new articles
    (new words, new pairs: the dearest case), in the default and newspaper presets."""
    import json

    paths = new_articles(bench.work / "new-kerning", bench.args.new_articles)
    env = {**os.environ, **fresh_cache(bench.work)}
    command = [sys.executable, "-c", _KERNING_PROGRAM, str(SEED), "default,newspaper", *map(str, paths)]
    found = json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout)
    rows: list[Row] = []
    for name, ms in found.items():
        share = ms["on"] / ms["off"] - 1
        rows.append(
            (
                f"PDF of a new article, {name}: kerned / not kerned",
                f"{ms['on']:.1f} / {ms['off']:.1f} ms ({share:+.0%})",
                f"CPU time, medians of {len(paths)}, in one fresh process; HarfBuzz asked {ms['pairs']:.0f} new pairs an article ({ms['shaping_ms']:.2f} ms)",
            )
        )
    return rows


def cache_checks(bench: Bench) -> list[Row]:
    """(q) see bench/cache_rows.py."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import cache_rows

    paths = new_articles(bench.work / "new-cache", min(bench.args.new_articles, 20))
    env = {**os.environ, **fresh_cache(bench.work)}
    return cache_rows.rows(SEED, bench.formats, paths, env, bench.args.repeat)


def compile_bytecode() -> str:
    """Compile vnconv's own modules to bytecode (``__pycache__``) before anything is timed.

    An installed vnconv has its bytecode: pip compiles a wheel's modules when it
    installs them, and Python writes the bytecode of an editable tree on first import.
    Unless ``PYTHONDONTWRITEBYTECODE`` is set (some CI and sandbox images set it): then
    the editable tree of ``make install`` is compiled from source in every process,
    some 60 ms of each whole-process row (the compiler's time, not vnconv's), growing
    with every line written. ``compileall`` writes the files even then; a module
    edited since is recompiled here. Says what it did, for the table's header."""
    import compileall

    compileall.compile_dir(str(ROOT / "convert"), quiet=1)
    unset = "" if os.environ.get("PYTHONDONTWRITEBYTECODE") is None else " (PYTHONDONTWRITEBYTECODE is set here)"
    return f"vnconv's bytecode compiled before timing, as an install has it{unset}"


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



#: Every section, by its letter, in the order they run: what it measures, how.
SECTIONS: dict[str, tuple[str, Callable[[Bench], list[Row]]]] = {
    "a": ("start-up and one article", start_up),
    "b": ("the first run after an install", first_run),
    "c": ("a batch of varied articles", batches),
    "d": ("pandoc side by side", pandoc_side_by_side),
    "e": ("new articles", new_article_rows),
    "f": ("the batch on Dask", dask),
    "g": ("--update on a finished batch", update),
    "h": ("photos", photos),
    "i": ("the reader: encoding detection", detection),
    "j": ("the reader: structure", reader),
    "k": ("large articles", large),
    "l": ("the server, one article and a Makefile", server),
    "m": ("what tagging costs a PDF", tagging),
    "n": ("what kerning costs the PDF", kerning_cost),
    "q": ("what the cache's checks cost", cache_checks),
}
#: ``--quick``: small enough for a sanity run in a minute or two (and no large articles).
QUICK = {"articles": 20, "new_articles": 10, "repeat": 3, "update_articles": 100}
FULL = {"articles": 200, "new_articles": 60, "repeat": 7, "update_articles": 1000}


def letters(value: str) -> set[str]:
    """``"i,j"``, ``"ij"`` or ``"i j"``: section letters, each checked."""
    chosen = {ch for ch in value.lower() if ch.isalpha()}
    unknown = sorted(chosen - set(SECTIONS))
    if unknown:
        raise argparse.ArgumentTypeError(f"no section {', '.join(unknown)}: choose from {', '.join(SECTIONS)}")
    return chosen


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Sections: " + "; ".join(f"({key}) {title}" for key, (title, _) in SECTIONS.items()),
    )
    parser.add_argument("--only", type=letters, metavar="LETTERS", help="run only these sections, e.g. --only ij")
    parser.add_argument("--skip", type=letters, default=set(), metavar="LETTERS", help="skip these sections, e.g. --skip fk")
    parser.add_argument("--quick", action="store_true", help="small sizes, no large articles: a sanity run, not figures")
    parser.add_argument("--articles", type=int, help=f"articles in the batch of (c) and (d), and new articles in (f) (default {FULL['articles']})")
    parser.add_argument("--new-articles", type=int, help=f"generated new articles for (e) (default {FULL['new_articles']})")
    parser.add_argument("--repeat", type=int, help=f"runs per whole-process timing (default {FULL['repeat']})")
    parser.add_argument("--update-articles", type=int, help=f"the finished batch of (g) (default {FULL['update_articles']})")
    parser.add_argument("--large-timeout", type=float, default=300, help="seconds allowed for each large article of (k)")
    parser.add_argument("--table", type=Path, metavar="FILE", help="also write the table to FILE (make bench: bench/results.md, which the manual's Speed page includes)")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    for name, value in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    chosen = [key for key in SECTIONS if (args.only is None or key in args.only) and key not in args.skip]
    if args.quick and args.only is None:
        chosen.remove("k")

    formats = available_formats()
    if not formats:
        sys.exit("bench: no print writer is installed yet")
    print(f"bench: sections {', '.join(chosen)}, on {machine()}", file=sys.stderr)
    bytecode = compile_bytecode()
    rows: list[tuple[str, Row]] = []
    with tempfile.TemporaryDirectory(prefix="vnconv-bench-") as tmp:
        bench = Bench(args, Path(tmp), formats)
        for key in chosen:
            title, section = SECTIONS[key]
            print(f"bench: ({key}) {title}...", file=sys.stderr, end="", flush=True)
            started = time.perf_counter()
            rows += [(key, row) for row in section(bench)]
            print(f" {time.perf_counter() - started:.0f} s", file=sys.stderr)
    table = "\n".join(
        [f"Machine: {machine()}; {bytecode}", "", "| | measure | result | note |", "| --- | --- | --- | --- |"]
        + [f"| ({key}) | " + " | ".join(row) + " |" for key, row in rows]
    )
    print(table)
    if args.table is not None:
        write_table(args.table, table, chosen, args.quick)


def write_table(path: Path, table: str, chosen: Sequence[str], quick: bool) -> None:
    """The table as the manual's Speed page includes it: when, at which commit, which
    sections, then the table; written whole (a temporary file renamed) or not at all."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    header = (
        f"Figures from `make bench` on {time.strftime('%Y-%m-%d', time.gmtime())}, at commit {commit or 'unknown'}"
        f"{' with local changes' if dirty else ''}; sections {', '.join(chosen)}{' (--quick: sizes too small to mean much)' if quick else ''}."
    )
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_text(f"<!-- Written by bench/run.py --table (make bench); not edited by hand. -->\n\n{header}\n{table}\n", encoding="utf-8")
    temporary.replace(path)


if __name__ == "__main__":
    main()
