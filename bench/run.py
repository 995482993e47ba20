"""vnconv's benchmark: `make bench`. Measures; asserts nothing (speed is not a test).

(a) whole-process time of `vnconv pdf|docx|epub` on the seed;
(b) batch throughput, articles/s for all formats, on N varied articles, -j 1 and -j 2;
(c) peak resident memory of the largest process (main or worker) in that batch;
(d) pandoc on the same articles to DOCX and EPUB (one process per file, two at a time),
    beside `vnconv convert --to docx,epub -j 2`, when pandoc is on PATH;
(e) a 1 MB and a 10 MB article, to show that cost grows linearly;
(f) the seed with three 12-megapixel JPEG photos (drawn here, with noise so they weigh
    what a camera's do), PDF+DOCX+EPUB in one process; the EPUB and DOCX sizes; and
    where a photo's time goes (decoding, resampling, encoding), measured in-process.

Prints one Markdown table (and the machine it ran on) to standard output.
"""

from __future__ import annotations

import argparse
import os
import platform
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
    paths: list[Path], formats: Sequence[str], workers: int, out: Path, extra: Sequence[str] = ()
) -> tuple[float, float]:
    """Articles per second with cold subsets, and the peak RSS of a second, warm run."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    command = [VNCONV, "convert", str(paths[0].parent), "--to", ",".join(formats), "-O", str(out), "-j", str(workers), "-q", *extra]
    env = fresh_cache(out.parent, extra)
    seconds = timed(command, env=env)
    shutil.rmtree(out)
    out.mkdir()
    return len(paths) / seconds, peak_rss_mb(command, env)


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


PHOTO_SIZE = (4000, 3000)  # 12 megapixels


def camera_photo(path: Path, seed: int) -> Path:
    """A 12 MP JPEG that weighs what a camera's does (about 4 MB): a drawn picture with
    grain, stored sideways with an EXIF orientation tag and a GPS position, as phones do."""
    from PIL import Image

    sys.path.insert(0, str(ROOT))
    from tests.support.photos import SIDEWAYS, draw, save

    width, height = PHOTO_SIZE
    grain = Image.effect_noise((width, height), 40 + seed).convert("RGB")
    picture = Image.blend(draw(width, height, f"bench {seed}", seed), grain, 0.25)
    return save(path, picture, orientation=SIDEWAYS if seed == 2 else 1, quality=92)


def photos(work: Path, repeat: int) -> list[Row]:
    folder = work / "photos"
    folder.mkdir()
    article = folder / "bai.txt"
    shutil.copy(SEED, article)
    paths = [camera_photo(folder / f"bai-{n}.jpg", n) for n in (1, 2, 3)]
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    out = work / "photos-out"
    command = [VNCONV, "convert", str(article), "--to", "pdf,docx,epub", "-O", str(out), "-q", "-j", "1"]
    timed(command)  # warm the font cache
    runs = [timed(command) for _ in range(repeat)]
    sizes = {fmt: (out / f"bai.{fmt}").stat().st_size / 1e6 for fmt in PRINT_FORMATS}
    rows = [
        ("(f) seed + three 12 MP JPEGs, PDF+DOCX+EPUB, one process", f"{statistics.median(runs):.2f} s median", f"{min(runs):.2f} s best of {repeat}; photos {megabytes:.1f} MB"),
        ("(f) output sizes: EPUB + DOCX (PDF)", f"{sizes['epub'] + sizes['docx']:.2f} MB", f"EPUB {sizes['epub']:.2f} MB, DOCX {sizes['docx']:.2f} MB (PDF {sizes['pdf']:.2f} MB)"),
    ]
    return rows + photo_steps(paths[0])


def photo_steps(path: Path) -> list[Row]:
    """Where one photo's time goes, step by step, as ``convert.photos.image`` does them
    for the default A4 column (300 ppi) and for the screen formats (1600 px)."""
    import io

    from PIL import Image

    data = path.read_bytes()

    def best(step, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            step()
            times.append(time.perf_counter() - started)
        return min(times) * 1000

    def decoded(scale: int) -> Image.Image:
        image = Image.open(io.BytesIO(data))
        if scale > 1:
            image.draft("RGB", (image.width // scale, image.height // scale))
        image.load()
        return image

    half = decoded(2)
    screen = half.resize((1600, 1200), Image.Resampling.LANCZOS)
    steps = [
        ("decode, full size", best(lambda: decoded(1))),
        ("decode at 1/2 (draft: the PDF column's 2000 px and the screen's)", best(lambda: decoded(2))),
        ("resample 2000 → 1600 px (EPUB, DOCX)", best(lambda: half.resize((1600, 1200), Image.Resampling.LANCZOS))),
        ("encode 2000 px JPEG (PDF)", best(lambda: half.save(io.BytesIO(), "JPEG", quality=85))),
        ("encode 1600 px JPEG (EPUB and DOCX share it)", best(lambda: screen.save(io.BytesIO(), "JPEG", quality=85))),
    ]
    return [(f"(f) one 12 MP photo: {name}", f"{ms:.0f} ms", "best of 3, in-process") for name, ms in steps]


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


def batches(formats: Sequence[str], paths: list[Path], work: Path) -> list[Row]:
    rows: list[Row] = []
    for workers in (1, 2):
        rate, rss = batch(paths, formats, workers, work / "out")
        rows.append((f"(b) batch, {'+'.join(formats)}, `-j {workers}`", f"{rate:.1f} articles/s", f"{len(paths)} new articles, fonts subset to each"))
        rows.append((f"(c) peak RSS, largest process, `-j {workers}`", f"{rss:.0f} MB", ""))
    language = ["--set", "embedding.subset=language"]
    rate, _ = batch(paths, formats, 2, work / "out", language)
    rows.append((f"(b) batch, {'+'.join(formats)}, `-j 2`, `embedding.subset=language`", f"{rate:.1f} articles/s", "one subset per face for the whole batch"))
    print_formats = [f for f in ("docx", "epub") if f in formats]
    if print_formats:
        ours, _ = batch(paths, print_formats, 2, work / "out")
        rows.append((f"(d) vnconv {'+'.join(print_formats)}, `-j 2`", f"{ours:.1f} articles/s", "fonts subset to each article"))
        ours_language, _ = batch(paths, print_formats, 2, work / "out", language)
        rows.append((f"(d) vnconv {'+'.join(print_formats)}, `-j 2`, `embedding.subset=language`", f"{ours_language:.1f} articles/s", ""))
        if shutil.which("pandoc"):
            theirs = pandoc_rate(paths, work / "pandoc")
            ratio = f"vnconv/pandoc = {ours / theirs:.1f}x (fonts subset to each), {ours_language / theirs:.1f}x (language subsets)"
            rows.append(("(d) pandoc docx+epub, 2 processes at a time (embeds no fonts)", f"{theirs:.1f} articles/s", ratio))
        else:
            rows.append(("(d) pandoc", "not on PATH", "skipped"))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles in the batch corpus (default 200)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per whole-process timing (default 7)")
    parser.add_argument("--large-timeout", type=float, default=300, help="seconds allowed for each large article")
    parser.add_argument("--skip-large", action="store_true", help="skip the 1 MB / 10 MB articles")
    parser.add_argument("--only-photos", action="store_true", help="only (f), the seed with three 12 MP photos")
    args = parser.parse_args(argv)

    formats = available_formats()
    if not formats:
        sys.exit("bench: no print writer is installed yet")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="vnconv-bench-") as tmp:
        work = Path(tmp)
        print(f"bench: {len(formats)} format(s), {args.articles} articles, on {machine()}", file=sys.stderr)
        if args.only_photos:
            rows += photos(work, args.repeat)
            args.articles = 0
        else:
            rows += whole_process(formats, args.repeat, work)
        if args.articles:
            rows += batches(formats, corpus(work / "corpus", args.articles), work)
        if not args.skip_large and not args.only_photos:
            rows += large(formats, work, args.large_timeout)
        if not args.only_photos:
            rows += photos(work, args.repeat)
    print(f"Machine: {machine()}\n")
    print("| measure | result | note |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
