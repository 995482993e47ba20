"""vnconv's benchmark: `make bench`. Measures; asserts nothing (speed is not a test).

(a) whole-process time of `vnconv pdf|docx|epub` on the seed;
(b) batch throughput, articles/s for all formats, on N articles varied from the
    samples, -j 1 and -j 2;
(c) peak resident memory of the largest process (main or worker) in that batch;
(d) pandoc on the same articles to DOCX and EPUB (one process per file, two at a time),
    beside `vnconv convert --to docx,epub -j 2`, when pandoc is on PATH;
(e) a 1 MB and a 10 MB article, to show that cost grows linearly;
(f) new articles: N generated articles whose character sets all differ (syllables with
    varied tone marks, punctuation, symbols only the fallback faces have), all three
    formats with -j 2, beside pandoc's DOCX+EPUB in the same run; the in-process floor
    (the three writers' ms per article) and how far the batch is from it; `vnconv epub`
    and `vnconv docx --embed-fonts` on one new article, whole process;
(g) the first run after an install (an empty font cache): `vnconv convert SEED --to
    pdf,docx,epub`, plain and with `--style newspaper` (which instances Noto Serif).
(h) the reader's encoding detection on a 10 kB and a 5 MB TCVN3 file, in-process, beside
    the whole read of the same article in TCVN3 and in UTF-8.
(i) the same batch on Dask, `--scheduler local:2`, beside `-j 2` (the engine's overhead),
    and the CPU seconds one article costs (pdf+docx+epub), for the README's estimate;
(j) `--update` on a finished batch of 1,000 articles (stat only: nothing read or rendered);
(k) the seed with three 12-megapixel JPEG photos (drawn here, with grain so they weigh
    what a camera's do), PDF+DOCX+EPUB in one process; the EPUB and DOCX sizes; and
    where a photo's time goes (decoding, resampling, encoding), measured in-process.

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
from collections.abc import Callable, Sequence
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
    """An environment whose font cache knows the installation (the font registry with
    the character maps, the static instances of the fallback faces, made once after an
    install) and the seed, but none of the batch's articles: each is new, as in a real
    archive. ``extra`` style options apply to the warming run too."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    env = {**os.environ, "VNCONV_CACHE_DIR": str(cache)}
    subprocess.run([VNCONV, "convert", str(SEED), "-O", str(cache), "-q", *extra], check=True, env=env)
    instance_every_face = (
        "from convert import styles\n"
        "style = styles.load()\n"
        "for font in style.fonts:\n"
        "    for family in (style.family(font), *style.fallbacks(font)):\n"
        "        for face in family.faces:\n"
        "            face.path\n"
    )
    subprocess.run([sys.executable, "-c", instance_every_face], check=True, env=env)
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
        f"(j) `--update` on a finished batch of {count} articles, whole process",
        f"{statistics.median(runs):.2f} s median",
        f"best {min(runs):.2f} s of {repeat}; target <= 2 s; stat only",
    )


def in_process_ms(paths: list[Path], formats: Sequence[str], env: dict[str, str]) -> dict[str, float]:
    """Median milliseconds each writer takes per article, rendering in this process
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
                started = time.perf_counter()
                render(fmt, article, style, Options())
                times[fmt].append((time.perf_counter() - started) * 1000)
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


def new_article_rows(count: int, repeat: int, formats: Sequence[str], work: Path) -> list[Row]:
    """(f): what a newsroom does all day, converting articles vnconv has never seen."""
    paths = new_articles(work / "new", count)
    out = work / "out-new"
    rate, _, _ = batch(paths, formats, 2, out, rss=False)
    env = fresh_cache(work)
    floor = in_process_ms(paths, formats, env)
    floor_ms = sum(floor.values())
    floor_rate = 2 * 1000 / floor_ms  # two workers, each rendering back to back
    parts = " + ".join(f"{fmt.upper()} {ms:.1f}" for fmt, ms in floor.items())
    rows = [
        (f"(f) new articles, {'+'.join(formats)}, `-j 2`", f"{rate:.1f} articles/s", f"{count} articles, every one with its own characters"),
        (
            "(f) in-process floor per new article",
            f"{floor_ms:.1f} ms ({parts})",
            f"= {floor_rate:.0f} articles/s on 2 workers; the batch reaches {rate / floor_rate:.0%} of it",
        ),
    ]
    if shutil.which("pandoc"):
        theirs = pandoc_rate(paths, work / "pandoc-new")
        rows.append(
            ("(f) pandoc docx+epub on the same new articles, 2 at a time", f"{theirs:.1f} articles/s", f"vnconv ({'+'.join(formats)}) / pandoc = {rate / theirs:.1f}x")
        )
    else:
        rows.append(("(f) pandoc", "not on PATH", "skipped"))
    for fmt, extra in (("epub", []), ("docx", ["--embed-fonts"])):
        if fmt in formats:
            command = [VNCONV, fmt, *extra, str(paths[0]), "-o", str(work / f"new.{fmt}")]
            timed(command, env=env)  # the OS page cache, not vnconv's: every subset is cut anew
            runs = [timed(command, env=env) for _ in range(repeat)]
            label = " ".join([fmt, *extra])
            rows.append((f"(f) `vnconv {label}` on a new article, whole process", f"{statistics.median(runs):.3f} s median", f"{min(runs):.3f} s best of {repeat}"))
    return rows


def first_run_rows(repeat: int, formats: Sequence[str], work: Path) -> list[Row]:
    """(g): the seed with an empty font cache, as right after `pip install`."""
    rows = []
    for extra in ([], ["--style", "newspaper"]):
        runs = []
        for number in range(repeat):
            cache = Path(tempfile.mkdtemp(prefix="first-run-", dir=work))
            env = {**os.environ, "VNCONV_CACHE_DIR": str(cache)}
            out = work / f"first-{number}"
            runs.append(timed([VNCONV, "convert", str(SEED), "--to", ",".join(formats), "-O", str(out), "-q", *extra], env=env))
            shutil.rmtree(cache)
        label = " ".join(["convert SEED --to", ",".join(formats), *extra])
        rows.append((f"(g) first run, empty font cache: `vnconv {label}`", f"{statistics.median(runs):.3f} s median", f"{min(runs):.3f} s best of {repeat}"))
    return rows


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


def detection(repeat: int) -> list[Row]:
    """Detection alone (a bounded sample, so the same on 5 MB as on 10 kB), and the whole
    read (decode, detect, restore .VnTimeH capitals, parse) against reading UTF-8."""
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252, to make mojibake

    from convert.encodings.detect import guess
    from convert.readers.plaintext import read_bytes
    from convert.text import decode_detailed

    seed = SEED.read_text(encoding="utf-8")
    rows = []
    for label, size in (("10 kB", 10_000), ("5 MB", 5_000_000)):
        text = (seed * (size // len(seed) + 1))[:size]  # TCVN3 has one byte a letter
        text = text[: text.rfind("\n")]
        lowered = {ord(c): c.lower() for c in set(text) if not _encodable(c, "tcvn3")}  # the .VnTimeH typist
        legacy, utf8 = text.translate(lowered).encode("tcvn3"), text.encode("utf-8")
        assert decode_detailed(legacy).encoding == "tcvn3"
        runs = repeat if size < 1_000_000 else max(1, repeat // 3)
        detect = _best(lambda: guess(legacy), runs)
        read_legacy = _best(lambda: read_bytes(legacy), runs)
        read_utf8 = _best(lambda: read_bytes(utf8), runs)
        rows.append(
            (
                f"(h) reader: detection on {label} (TCVN3, {len(legacy) / 1000:,.0f} kB)",
                f"{detect * 1000:.2f} ms",
                f"whole read {read_legacy * 1000:.1f} ms vs {read_utf8 * 1000:.1f} ms for the same article in UTF-8",
            )
        )
        mojibake = utf8.decode("sloppy-windows-1252").encode("utf-8")
        assert decode_detailed(mojibake).encoding.endswith("(repaired mojibake)")
        read_mojibake = _best(lambda: read_bytes(mojibake), runs)
        rows.append((f"(h) reader: mojibake on {label} (UTF-8 read as Windows-1252)", f"whole read {read_mojibake * 1000:.1f} ms", "ftfy learns the repair from the first 8000 characters"))
    return rows


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _best(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


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


def photo_rows(repeat: int) -> list[Row]:
    """(k): the seed with three 12 MP photos beside it, all three formats in one process."""
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
            ("(k) seed + three 12 MP JPEGs, PDF+DOCX+EPUB, one process", f"{statistics.median(runs):.2f} s median", f"{min(runs):.2f} s best of {repeat}; CPU (user+system) {cpu:.2f} s a run, photos prepared on every CPU; photos {megabytes:.1f} MB; without photos {statistics.median(plain):.2f} s"),
            ("(k) output sizes: EPUB + DOCX", f"{sizes['epub'] + sizes['docx']:.2f} MB", f"EPUB {sizes['epub']:.2f} MB, DOCX {sizes['docx']:.2f} MB (PDF {sizes['pdf']:.2f} MB)"),
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
    return [(f"(k) one 12 MP photo: {name}", f"{seconds * 1000:.0f} ms", "best of 3, in-process") for name, seconds in steps]


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


def processes(args: argparse.Namespace) -> list[Row]:
    """(a) to (g), (i), (j): whole processes, batches, Dask, pandoc, --update, new articles, the first run, large articles."""
    formats = available_formats()
    if not formats:
        sys.exit("bench: no print writer is installed yet")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="vnconv-bench-") as tmp:
        work = Path(tmp)
        print(f"bench: {len(formats)} format(s), {args.articles} articles, on {machine()}", file=sys.stderr)
        rows += whole_process(formats, args.repeat, work)
        paths = corpus(work / "corpus", args.articles)
        rates: dict[int, float] = {}
        for workers in (1, 2):
            rate, cpu, rss = batch(paths, formats, workers, work / "out")
            rates[workers] = rate
            rows.append((f"(b) batch, {'+'.join(formats)}, `-j {workers}`", f"{rate:.1f} articles/s", f"{args.articles} articles varied from the samples, fonts subset to each"))
            rows.append((f"(c) peak RSS, largest process, `-j {workers}`", f"{rss:.0f} MB", ""))
            if workers == 1:
                rows.append((f"(i) CPU per article, {'+'.join(formats)}, `-j 1`", f"{cpu * 1000:.0f} ms", "user + system, whole batch / articles"))
        if args.dask and importlib.util.find_spec("distributed") is None:
            rows.append(("(i) batch on Dask", "not installed", "pip install 'vnconv[dask]'"))
        elif args.dask:
            rate, _, _ = batch(paths, formats, 2, work / "out", how=["--scheduler", "local:2"], rss=False)
            share = f"{rate / rates[2]:.0%} of `-j 2`'s rate (target >= 85%), cluster start included"
            rows.append((f"(i) batch on Dask, {'+'.join(formats)}, `--scheduler local:2`", f"{rate:.1f} articles/s", share))
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
        rows += new_article_rows(args.new_articles, args.repeat, formats, work)
        rows += first_run_rows(min(args.repeat, 5), formats, work)
        if args.update_articles:
            rows.append(update_time(formats, args.update_articles, work, 3))
        if not args.skip_large:
            rows += large(formats, work, args.large_timeout)
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles in the batch corpus (default 200)")
    parser.add_argument("--new-articles", type=int, default=60, help="generated new articles for (f) (default 60)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per whole-process timing (default 7)")
    parser.add_argument("--large-timeout", type=float, default=300, help="seconds allowed for each large article")
    parser.add_argument("--skip-large", action="store_true", help="skip the 1 MB / 10 MB articles")
    parser.add_argument("--update-articles", type=int, default=1000, help="finished batch for the (j) --update row (0 skips it)")
    parser.add_argument("--no-dask", dest="dask", action="store_false", help="skip (i)'s --scheduler local:2 row")
    parser.add_argument("--only-detection", action="store_true", help="only (h), the reader's encoding detection")
    parser.add_argument("--only-photos", action="store_true", help="only (k), the seed with three 12 MP photos")
    args = parser.parse_args(argv)

    if args.only_photos:
        rows = photo_rows(args.repeat)
    else:
        rows = [] if args.only_detection else processes(args)
        rows += detection(args.repeat)
        rows += [] if args.only_detection else photo_rows(args.repeat)
    print(f"Machine: {machine()}\n")
    print("| measure | result | note |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
