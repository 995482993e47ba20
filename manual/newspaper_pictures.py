"""The newspaper preset's pages before and after the keeping and floating work (issue 25),
as the pictures in ``docs/`` show them.

    git worktree add /tmp/before 93da9f7    # the code before keeping.py landed (0e38118's parent)
    python -m manual.newspaper_pictures /tmp/before docs/

Each case is one of the made-up articles of the keeping test
(``tests/support/keeping_articles.py``: paragraphs, the last paragraph's length) set in
the newspaper preset (A3, three columns) by the code in ``BEFORE`` and by this tree, each
in a process of its own (``--render``, with ``PYTHONPATH`` naming the tree, so the
article module is loaded by its path beside either vnconv). The page that shows the case
is rasterised by ``pdftoppm`` (poppler-utils) at 55 dpi, the part of it that holds the
case is cut out, and the two are set side by side, "before" and "after", with the place
the case is about framed in red on each (found in the PDF as the keeping test finds it:
``tests.writers.pdf.layout.test_keeping.laid_out``). The PNGs are quantised to a
palette, to stay small in the repository.

It needs the "before" tree only, no venv of its own: that tree's ``convert`` is imported
in this venv, whose libraries are the same or newer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parent.parent
ARTICLES: Final = ROOT / "tests" / "support" / "keeping_articles.py"
PRESET: Final = "newspaper"
#: The manual's page that shows the pictures.
DOCS_PAGE: Final = "one-article.md"
DPI: Final = 55
#: Every rendering's moment (the same file for the same code).
MOMENT: Final = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Case:
    """A picture: ``docs/<name>``, of the article with ``paragraphs`` paragraphs and a last
    one of ``tail`` words, its page ``page`` (from 0) from ``top`` to ``bottom`` (shares of
    the text area's height, from its top), and what to frame (``mark``)."""

    name: str
    paragraphs: int
    tail: int
    page: int
    mark: str  # "byline", "colon" or "hole"
    title: str
    top: float = 0.0
    bottom: float = 1.0


CASES: Final = (
    Case("newspaper-colon-before-after.png", 7, 101, 0, "colon", "a colon paragraph apart from its list", 0.112, 0.8),
    Case("newspaper-byline-before-after.png", 29, 53, 1, "byline", "the byline alone at the head of column 3", 0.3, 0.8),
    Case("newspaper-photo-hole-before-after.png", 22, 5, 0, "hole", "a portrait photo that did not fit under column 3's text", 0.4, 1.0),
)


def _articles() -> object:
    """``tests/support/keeping_articles.py``, loaded by its path (beside any vnconv)."""
    spec = importlib.util.spec_from_file_location("keeping_articles", ARTICLES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render(portrait: Path, landscape: Path, paragraphs: int, tail: int, out: Path) -> None:
    """Set the made-up article in the newspaper preset with the vnconv on ``sys.path``."""
    from convert import styles
    from convert.options import Options
    from convert.writers import render as render_format

    warnings.simplefilter("ignore")  # the made-up photos print soft
    article = _articles().article(portrait, landscape, paragraphs, tail)  # type: ignore[attr-defined]
    out.write_bytes(render_format("pdf", article, styles.load(PRESET), Options(timestamp=MOMENT)))


def _render_with(tree: Path, work: Path, case: Case, out: Path) -> bytes:
    env = dict(os.environ, PYTHONPATH=str(tree), VNCONV_CACHE_DIR=str(work / f"cache-{tree.name}"))
    command = [sys.executable, str(Path(__file__).resolve()), "--render", str(work / "portrait.jpg"), str(work / "landscape.jpg")]
    subprocess.run([*command, str(case.paragraphs), str(case.tail), str(out)], env=env, check=True, cwd=work)
    return out.read_bytes()


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def _marked(data: bytes, case: Case) -> list[Box]:
    """Where on ``case.page`` the case is: the colon paragraph's last line and the list's
    first; the byline and the line before it; the emptiest foot of a column the article
    goes on after."""
    from convert import styles
    from convert.writers.pdf.layout.page import Geometry
    from tests.support.keeping_articles import BYLINE
    from tests.writers.pdf.layout.test_keeping import laid_out, line_index

    style = styles.load(PRESET)
    geometry = Geometry.of(style.page)
    laid = laid_out(data, style)
    lines = laid.lines

    def around(indices: list[int]) -> list[Box]:
        """Each line's box, its column wide."""
        boxes = []
        for line in (lines[i] for i in indices if lines[i].page == case.page):
            left = geometry.left + line.column * (geometry.column_width + geometry.gap)
            boxes.append((left - 3, line.y - 0.3 * line.size - 2, left + geometry.column_width + 3, line.y + line.size + 2))
        return boxes

    if case.mark == "colon":
        at = next(i for i, line in enumerate(lines) if line.text.endswith("qua:"))
        return around([at, at + 1])
    if case.mark == "byline":
        at = line_index(laid, BYLINE.split()[0])
        return around([at - 1, at])
    columns = [key for key in laid.lowest if key[0] == case.page]
    foot = geometry.bottom
    emptiest = max(columns, key=lambda key: laid.lowest[key] - foot)
    left = geometry.left + emptiest[1] * (geometry.column_width + geometry.gap)
    return [(left - 3, foot - 3, left + geometry.column_width + 3, laid.lowest[emptiest] - 2)]


def _picture(data: bytes, case: Case, work: Path, label: str, colour: tuple[int, int, int], marks: list[Box]) -> object:
    from PIL import Image, ImageDraw, ImageFont

    from convert import styles
    from convert.writers.pdf.layout.page import Geometry

    stem = work / f"{label}-{Path(case.name).stem}"
    pdf = stem.with_suffix(".pdf")
    pdf.write_bytes(data)
    number = case.page + 1
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l", str(number), "-singlefile", str(pdf), str(stem)], check=True)
    page = Image.open(stem.with_suffix(".png")).convert("RGB")
    geometry = Geometry.of(styles.load(PRESET).page)
    scale = DPI / 72

    def pixels(box: Box) -> tuple[float, float, float, float]:
        left, bottom, right, top = box
        return left * scale, (geometry.height - top) * scale, right * scale, (geometry.height - bottom) * scale

    pen = ImageDraw.Draw(page)
    for box in marks:
        pen.rectangle(pixels(box), outline=(220, 30, 30), width=2)
    # The part of the text area that shows the case (the margins cut off).
    tall = geometry.text_top - geometry.bottom
    top, bottom = geometry.text_top - case.top * tall + 8, geometry.text_top - case.bottom * tall - 8
    crop = page.crop(tuple(round(v) for v in pixels((geometry.left - 8, bottom, geometry.left + geometry.text_width + 8, top))))
    framed = Image.new("RGB", (crop.width, crop.height + 26), "white")
    framed.paste(crop, (0, 26))
    ImageDraw.Draw(framed).text((4, 2), label, fill=colour, font=ImageFont.load_default(size=18))
    return framed


def make(before: Path, out: Path, cases: tuple[Case, ...] = CASES, log: Callable[[str], None] = print) -> list[Path]:
    """Write each case's picture into ``out``; their paths."""
    from PIL import Image

    from tests.support.photos import photo

    written = []
    with tempfile.TemporaryDirectory(prefix="vnconv-pictures-") as folder:
        work = Path(folder)
        photo(work / "portrait.jpg", 300, 420, label="dọc")
        photo(work / "landscape.jpg", 480, 300, label="ngang")
        for case in cases:
            old = _render_with(before.resolve(), work, case, work / "before.pdf")
            new = _render_with(ROOT, work, case, work / "after.pdf")
            # A hole is framed where it was, on both: after, that foot is filled.
            marks = _marked(old, case)
            left = _picture(old, case, work, "before", (200, 30, 30), marks)
            right = _picture(new, case, work, "after", (30, 130, 30), marks if case.mark == "hole" else _marked(new, case))
            assert isinstance(left, Image.Image) and isinstance(right, Image.Image)
            both = Image.new("RGB", (left.width + right.width + 12, max(left.height, right.height)), "white")
            both.paste(left, (0, 0))
            both.paste(right, (left.width + 12, 0))
            for y in range(both.height):
                both.putpixel((left.width + 6, y), (190, 190, 190))
            target = out / case.name
            both.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
            log(f"{target}: {case.title} ({case.paragraphs} paragraphs, last {case.tail} words), {target.stat().st_size // 1024} kB")
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--render"]:
        portrait, landscape, paragraphs, tail, out = arguments[1:]
        render(Path(portrait), Path(landscape), int(paragraphs), int(tail), Path(out))
        return
    parser = argparse.ArgumentParser(prog="python -m manual.newspaper_pictures", description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="a checkout of the code before the keeping work (93da9f7)")
    parser.add_argument("out", type=Path, help="where the PNGs go (docs/)")
    parser.add_argument("--only", help="one picture's file name")
    args = parser.parse_args(arguments)
    cases = tuple(case for case in CASES if args.only in (None, case.name))
    make(args.before, args.out, cases)


if __name__ == "__main__":
    main()
