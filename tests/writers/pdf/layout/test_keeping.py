"""Columns without holes, and pieces kept with what they belong to, measured in the PDF.

Made-up articles (portrait and landscape photos at several places, a paragraph ending
with a colon before a long list, subheadings, a byline after paragraphs of several
lengths so that it falls at different places of a column) are set in every preset,
and the page is read back from the PDF itself (``tests.support.pdf``: every glyph where
the content stream sets it, every photo where it is drawn): how much of the foot of
each column stays empty while the article goes on, and where each byline, subheading
and paragraph ending with a colon landed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::convert.writers.shared.RenderWarning")  # small test photos print soft

from convert import styles
from convert.model import Article
from convert.options import Options
from convert.styles import Style
from convert.writers import render
from convert.writers.pdf.layout.page import Geometry
from tests.support import keeping_articles
from tests.support.keeping_articles import ATTRIBUTION, BYLINE
from tests.support.pdf import TIMESTAMP, check_text, drawing, glyphs, reader
from tests.support.photos import photo

PRESETS = ("default", "a5", "nd30", "newspaper")


@functools.cache
def photos(folder: Path) -> tuple[Path, Path]:
    return (
        photo(folder / "portrait.jpg", 300, 420, label="dọc"),
        photo(folder / "landscape.jpg", 480, 300, label="ngang"),
    )


def article(folder: Path, paragraphs: int, tail_words: int) -> Article:
    """The made-up article (``tests.support.keeping_articles``) with its photos in ``folder``."""
    return keeping_articles.article(*photos(folder), paragraphs, tail_words)


@dataclass(frozen=True)
class Line:
    """A line as the page shows it: page (from 0), column, baseline, text, type size."""

    page: int
    column: int
    y: float
    text: str
    size: float


@dataclass(frozen=True)
class Laid:
    """What a rendering put where: its lines in reading order and, per page and column,
    how far down text or a photo reaches."""

    lines: list[Line]
    lowest: dict[tuple[int, int], float]
    pages: int


def laid_out(data: bytes, the_style: Style) -> Laid:
    geometry = Geometry.of(the_style.page)
    lefts = [geometry.left + index * (geometry.column_width + geometry.gap) for index in range(geometry.columns)]

    def column(x: float) -> int:
        return max((index for index, left in enumerate(lefts) if left <= x + 0.5), default=0)

    document = reader(data)
    lines: list[Line] = []
    lowest: dict[tuple[int, int], float] = {}
    body = the_style.text["body"]
    for number, page in enumerate(document.pages):
        found: dict[tuple[int, float], list] = {}
        for glyph in glyphs(data, number):
            if glyph.y < geometry.bottom - 1 or glyph.y > geometry.text_top:
                continue  # the footer and the running header
            if glyph.size > 2 * body.size:
                continue  # the headline (it spans the columns)
            found.setdefault((column(glyph.x), round(glyph.y, 1)), []).append(glyph)
        for (col, y), row in sorted(found.items(), key=lambda item: (item[0][0], -item[0][1])):
            row.sort(key=lambda g: g.x)
            lines.append(Line(number, col, y, "".join(g.char for g in row).strip(), max(g.size for g in row)))
            key = (number, col)
            lowest[key] = min(lowest.get(key, y), y - 0.25 * max(g.size for g in row))
        for image in drawing(document, page).images:
            key = (number, column(image.x))
            lowest[key] = min(lowest.get(key, image.y), image.y)
    return Laid(lines, lowest, len(document.pages))


def line_index(laid: Laid, start: str) -> int:
    return next(index for index, line in enumerate(laid.lines) if line.text.startswith(start))


#: Lengths that put, before this work, a colon paragraph at the foot of a column apart from
#: its list (7, 29 in default; 7, 101 in newspaper) and the byline alone at the head of a
#: column (10, 41 in default; 12, 41 in a5), and a figure that did not fit leaving most of
#: a column empty (14, 45 in default: 374 pt); with photos waiting for a column in each.
#: The newspaper preset (A3, three columns) sets those five on one balanced page, so it has
#: five longer ones of its own, which before put the byline alone at the head of each
#: column of the last page (17, 89: column 1; 17, 101: column 2; 18, 41 and 29, 53, under
#: a spanning photo: column 3) and a portrait photo that did not fit under a subheading at
#: the foot of column 3 of page 1, leaving that column 27% empty (22, 5). The pictures in
#: docs/ (``manual/newspaper_pictures.py``) show 7, 101, 29, 53 and 22, 5. And two where
#: the last paragraphs, kept with a byline of one line, fitted with it but not with its
#: attribution, and moved on whole: column 3 of page 1 was left 323 pt empty (16, 149),
#: column 1 of page 2 234 pt (26, 125).
CASES = [
    *((name, paragraphs, tail) for name in PRESETS for paragraphs, tail in ((7, 29), (10, 41), (7, 101), (12, 41), (14, 45))),
    *(("newspaper", paragraphs, tail) for paragraphs, tail in ((17, 89), (17, 101), (18, 41), (29, 53), (22, 5), (16, 149), (26, 125))),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int, int], tuple[Article, Style, bytes]]:
    folder = tmp_path_factory.mktemp("keeping")
    found = {}
    for name, paragraphs, tail in CASES:
        the_style = styles.load(name)
        the_article = article(folder, paragraphs, tail)
        found[name, paragraphs, tail] = the_article, the_style, render("pdf", the_article, the_style, Options(timestamp=TIMESTAMP))
    return found


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{p}-{t}" for n, p, t in CASES])
def test_text_is_all_there(case: tuple[str, int, int], rendered: dict) -> None:
    the_article, the_style, data = rendered[case]
    check_text(data, the_article, the_style)


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{p}-{t}" for n, p, t in CASES])
def test_no_column_ends_early_while_the_article_goes_on(case: tuple[str, int, int], rendered: dict) -> None:
    """The foot of every column but the article's last is filled but for what the rules
    of keeping may leave (on the last page, whose columns are balanced, measured from the
    longest): under the last line that fits, less than a line; with widows and orphans
    denied, a paragraph of three lines that fits neither whole nor split moves on whole;
    a subheading moves on with the lines it keeps; the byline and the attribution with
    the last lines. Before this work a figure that did not fit left most of a column
    empty (374 pt in ``default``, case 14, 45)."""
    the_article, the_style, data = rendered[case]
    laid = laid_out(data, the_style)
    geometry = Geometry.of(the_style.page)
    text = the_style.text
    body = text["body"]
    denied = not (the_style.pdf.allow_widows and the_style.pdf.allow_orphans)
    moved = (3 if denied else 1) * body.line_height + max(body.space_after, body.space_before)
    subheading = text["subheading"].line_height + text["subheading"].space_before + max(the_style.pdf.keep_lines, 3 if denied else 1) * body.line_height
    tail = sum(text[role].line_height + text[role].space_before for role in ("byline", "attribution"))
    columns = sorted(laid.lowest)
    end = laid.lines[line_index(laid, ATTRIBUTION)]
    last = (end.page, end.column)  # the article's end (a figure may wait past it)
    for key in columns:
        if key >= last:
            break
        page, _ = key
        foot = geometry.bottom if page < last[0] else min(laid.lowest[k] for k in columns if k[0] == page)
        empty = laid.lowest[key] - foot
        head = [line for line in laid.lines if (line.page, line.column) > key][:5]
        allowed = moved + body.line_height  # and less than a line under the last
        if head and head[0].text.startswith(("Kết quả", "Nhiệm vụ")):
            allowed += subheading
        elif any(line.text.startswith(BYLINE.split()[0]) for line in head):
            allowed += tail
        assert empty <= allowed, (case, key, round(empty, 1), round(allowed, 1), last)


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{p}-{t}" for n, p, t in CASES])
def test_byline_subheadings_and_colon_stay_with_their_text(case: tuple[str, int, int], rendered: dict) -> None:
    the_article, the_style, data = rendered[case]
    laid = laid_out(data, the_style)
    lines = laid.lines

    def same_column(a: int, b: int) -> bool:
        return (lines[a].page, lines[a].column) == (lines[b].page, lines[b].column)

    byline = line_index(laid, BYLINE.split()[0])
    assert byline > 0 and same_column(byline - 1, byline), ("byline alone at the head of a column", case, lines[byline])
    attribution = line_index(laid, ATTRIBUTION)
    assert same_column(byline, attribution) or same_column(attribution - 1, attribution)
    for heading in ("Kết quả nổi bật", "Nhiệm vụ thời gian tới"):
        at = line_index(laid, heading)
        after = [index for index in range(at + 1, min(at + 1 + the_style.pdf.keep_lines, len(lines)))]
        assert all(same_column(at, index) for index in after), ("subheading without its lines", case, heading, lines[at])
    colon = next(index for index, line in enumerate(lines) if line.text.endswith("qua:"))
    assert same_column(colon, colon + 1) and lines[colon + 1].text.startswith("1."), ("colon paragraph apart from its list", case, lines[colon : colon + 2])


def test_a_byline_that_fits_without_its_attribution_takes_lines_of_the_last_paragraph() -> None:
    """The last paragraph and a byline of one line fit the column, the attribution under
    them does not, and a line does not split: the group splits inside the paragraph (its
    last ``lines`` lines go on with the byline and attribution), instead of moving on whole."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as RLParagraph

    from convert.writers.pdf.layout.keeping import KeepWith

    style = ParagraphStyle("body", fontSize=10, leading=12)
    last = RLParagraph(keeping_articles.text(120, 1), style)
    byline, attribution = RLParagraph(BYLINE, style), RLParagraph(ATTRIBUTION, style)
    group = KeepWith([last], [byline, attribution], lines=2)
    _, height = last.wrap(200, 1e9)
    parts = group.split(200, height + 12 + 6)  # the paragraph and the byline, half the attribution
    assert len(parts) == 2 and isinstance(parts[1], KeepWith), parts
    lines = [round(part.wrap(200, 1e9)[1] / 12) for part in (parts[0], parts[1].lead[0])]
    assert lines == [round(height / 12) - 2, 2]
    assert parts[1].after == [byline, attribution]
