"""Reading PDFs back for the tests: text per page, fonts, what we expect, and the drawing.

The expected text is spelled out here from the model and the style, independently of
the writer: the body in reading order (with the placeholder label before each
caption and the source after the dateline), plus, on every page, the footer and,
from page 2, the running header, which are drawn last and so come last on a page.

The drawing (``drawing``, ``color_operators``) comes from a small interpreter over
pypdf's parsed content stream: it follows ``q``/``Q``/``cm`` so every coordinate comes
out in page space (the MediaBox's), and remembers the colour space and colour in force
when a path is painted. Enough for the press tests (boxes, marks, CMYK) and the preset
tests (columns, rules, figure widths), and where each photo is drawn.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from dataclasses import dataclass
from typing import Any, NamedTuple

import pypdf
from pypdf.generic import ContentStream

from convert.fonts import Face
from convert.model import Answer, Article, Block, Caption, List, Paragraph, Question, Quote, Separator, Subheading, Table
from convert.options import Options
from convert.styles import Style, load
from convert.writers import render
from tests.support.structure import as_set, shown_items

TIMESTAMP = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
_DEFAULT: dict[tuple[str, ...], Style] = {}


def style(*overrides: str) -> Style:
    if overrides not in _DEFAULT:
        _DEFAULT[overrides] = load("default", overrides)
    return _DEFAULT[overrides]


def render_pdf(article: Article, the_style: Style | None = None, timestamp: dt.datetime | None = TIMESTAMP) -> bytes:
    return render("pdf", article, the_style or style(), Options(timestamp=timestamp))


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def norm(text: str) -> str:
    return " ".join(text.split())


def expected_body(article: Article, the_style: Style, figures: bool = True) -> str:
    """Every text of the article in the order the PDF sets it, whitespace-normalised.

    Without ``figures``: all but the figures (placeholder label, caption, credit).
    """
    return norm(" ".join(part.text for part in expected_parts(article, the_style, figures)))


class Part(NamedTuple):
    """One part of the body as the PDF sets it. A table's (``table``) is in order only
    as a whole: a row split between pages sets part of each cell on each page. A table
    whose first row is a header (``header``, that row's text) may draw that row again
    at the top of every page or column it runs onto."""

    text: str
    table: bool = False
    header: str = ""


def expected_parts(article: Article, the_style: Style, figures: bool = True) -> list[Part]:
    """``expected_body`` in parts, each table's apart."""
    article = as_set(article, the_style)
    parts: list[Part] = []
    if article.headline:
        parts.append(Part(article.headline))
    line = [article.dateline.text] if article.dateline is not None and article.dateline.text else []
    if article.source:
        line += [the_style.separators.source, article.source] if line else [article.source]
    parts.append(Part("".join(line)))
    if article.lead:
        parts.append(Part(article.lead))
    for block in article.blocks:
        if isinstance(block, Caption):
            if figures:
                parts.append(Part(figure_text(block, the_style)))
        elif isinstance(block, Table):
            header = "".join(block.grid()[0]) if block.header else ""
            parts.append(Part(" ".join(shown_text(block, the_style)), table=True, header=header))
        else:
            parts.append(Part(" ".join(shown_text(block, the_style))))
    if article.byline is not None:
        parts.append(Part(article.byline.text))
    parts.append(Part(article.attribution or ""))
    return parts


def in_order(got: str, parts: list[Part], comparable: Callable[[str], str], repeats: int = 0) -> bool:
    """Whether ``got`` is the parts' text in order, a table's characters in any order
    and with up to ``repeats`` more copies of its header row's among them.

    Where a header row was drawn again is not known from the text alone (its text may
    stand elsewhere too, even in the table), so every count of copies is tried that
    lets the rest of the text follow.
    """

    def matches(at: int, index: int) -> bool:
        if index == len(parts):
            return at == len(got)
        part = parts[index]
        wanted = comparable(part.text)
        if not part.table:
            return got.startswith(wanted, at) and matches(at + len(wanted), index + 1)
        header = comparable(part.header)
        for copies in range(repeats + 1 if header else 1):
            end = at + len(wanted) + copies * len(header)
            if end > len(got):
                break
            if Counter(got[at:end]) == Counter(wanted + header * copies) and matches(end, index + 1):
                return True
        return False

    return matches(0, 0)


def same_characters(got: str, parts: list[Part], comparable: Callable[[str], str], repeats: int = 0) -> bool:
    """Whether ``got`` holds the parts' characters, in any order, with up to
    ``repeats`` more copies of each table's header row's: for text whose order on the
    page is not the text's (a right-to-left script)."""
    surplus = Counter(got)
    surplus.subtract(comparable("".join(part.text for part in parts)))
    headers = [Counter(comparable(part.header)) for part in parts if part.table and comparable(part.header)]

    def covered(surplus: Counter[str], index: int) -> bool:
        if any(count < 0 for count in surplus.values()):
            return False
        if index == len(headers):
            return not any(surplus.values())
        rest = surplus.copy()
        for _ in range(repeats + 1):
            if covered(rest, index + 1):
                return True
            rest.subtract(headers[index])
        return False

    return covered(surplus, 0)


def shown_text(block: Block, the_style: Style) -> list[str]:
    """The texts a block other than a caption shows, in the order they are drawn: a
    list's markers (the style's bullets) before their items, a table's cells row by
    row, a speaker's name before what they say, a section break's ornament."""
    if isinstance(block, List):
        return [f"{marker} {text}" for _, marker, text in shown_items(block.items, the_style)]
    if isinstance(block, Table):
        return [cell for row in block.grid() for cell in row]
    if isinstance(block, (Question, Answer)):
        return [(block.speaker + the_style.separators.speaker if block.speaker else "") + block.text]
    if isinstance(block, Separator):
        return [the_style.section_break.ornament]
    assert isinstance(block, (Paragraph, Subheading, Quote))
    return [block.text]


def figure_text(caption: Caption, the_style: Style) -> str:
    """A figure's text as set: the placeholder label (when drawn: no photo), the caption, the credit."""
    caption = as_set(Article(blocks=(caption,)), the_style).blocks[0]  # as set (setting twice changes nothing)
    assert isinstance(caption, Caption)
    label = the_style.placeholder.label if the_style.placeholder.enabled and caption.photo is None else ""
    return norm(" ".join([label, caption.text, caption.credit or ""]))


def check_body(body: str, article: Article, the_style: Style) -> None:
    """``body`` is the article's text in order, but for figures that waited for a column.

    A figure (placeholder and caption) that does not fit under the text of a column
    may wait for the top of the next one while the text after it fills the hole, and
    a photo that spans the columns goes to the top of its page's columns, above the
    text before it there. So each figure's text must be there whole, in figure order,
    after the headline block; and without the figures, the rest is exactly the
    article's text.
    """
    if body == expected_body(article, the_style):
        return
    drawn = the_style.placeholder.enabled or any(isinstance(b, Caption) and b.photo for b in article.blocks)
    assert drawn, "only drawn figures ever move"
    rest, cursor, where = body, 0, []
    for block in article.blocks:
        if isinstance(block, Caption):
            text = figure_text(block, the_style)
            index = rest.find(text, cursor) if text else cursor
            assert index >= 0, f"figure text missing or out of order: {text!r}"
            rest = rest[:index] + rest[index + len(text) :]
            where.append(index)
            cursor = index
    assert norm(rest) == expected_body(article, the_style, figures=False)
    before = norm(expected_body(Article(headline=article.headline, dateline=article.dateline, source=article.source), the_style))
    assert all(index >= len(before) for index in where)


@dataclass(frozen=True)
class Pages:
    body: str  # all pages' body text, whitespace-normalised
    headers: list[str]  # the running header of pages 2..n ("" on page 1)
    footers: list[str]


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in reader(data).pages]


def split_pages(texts: list[str], running_header: bool = True, first_footer: bool = True) -> Pages:
    """Each page's text cut into body, running header (from page 2) and footer (last line).

    The header and footer are drawn after the page's body, so they are its last lines;
    ``running_header`` says whether pages after the first have a header, and
    ``first_footer`` whether page 1 has its page number line.
    """
    bodies, headers, footers = [], [], []
    for index, text in enumerate(texts):
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        footers.append(lines.pop() if lines and (index or first_footer) else "")
        headers.append(lines.pop() if running_header and index and lines else "")
        bodies.append(" ".join(lines))
    return Pages(norm(" ".join(bodies)), headers, footers)


def check_text(data: bytes, article: Article, the_style: Style) -> Pages:
    """Assert the PDF's text (read by pypdf) is exactly the article's, plus footers and headers."""
    pages = split_pages(page_texts(data), has_running_header(article, the_style), the_style.page.footer_first_page)
    return check_pages(pages, article, the_style)


def has_running_header(article: Article, the_style: Style) -> bool:
    return bool(article.headline) and the_style.page.running_header


def check_pages(pages: Pages, article: Article, the_style: Style) -> Pages:
    total = len(pages.footers)
    assert pages.footers == [
        the_style.page.footer.replace("{pages}", str(total)).replace("{page}", str(n))
        if n > 1 or the_style.page.footer_first_page
        else ""
        for n in range(1, total + 1)
    ]
    check_body(pages.body, article, the_style)
    if not has_running_header(article, the_style):
        assert not any(pages.headers)
        return pages
    for header in pages.headers[1:]:
        headline = norm(article.headline or "")
        if header != headline:  # cut to one line at a word, marked with an ellipsis
            assert header.endswith("…") and len(header) < len(headline), header
            assert headline.startswith(header[:-1]) and headline[len(header) - 1] in " ,;:.–—-", header
    return pages


def fonts(data: bytes) -> list[dict[str, Any]]:
    """Every font dictionary any page uses, once each."""
    seen: dict[int, dict[str, Any]] = {}
    for page in reader(data).pages:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            seen.setdefault(id(font) if not hasattr(ref, "idnum") else ref.idnum, font)
    return list(seen.values())


def base_name(font: dict[str, Any]) -> str:
    """``AAAAAA+Spectral-Regular`` -> ``Spectral-Regular``."""
    return str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]


_BFCHAR = re.compile(r"<([0-9A-Fa-f]{2,4})>\s*<([0-9A-Fa-f]{4,})>")


def unicode_of(font: dict[str, Any]) -> set[str]:
    """The characters a font's ToUnicode map says it sets."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    return {bytes.fromhex(target).decode("utf-16-be") for _, target in _BFCHAR.findall(cmap)}


# --- the drawing: a content-stream interpreter ---------------------------------------

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)

#: Operators that set a colour, and the ones among them that can only mean RGB.
COLOR_OPERATORS = {b"rg", b"RG", b"g", b"G", b"k", b"K", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS"}
RGB_OPERATORS = {b"rg", b"RG"}


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class Segment:
    x0: float
    y0: float
    x1: float
    y1: float
    colour_space: str  # "/DeviceRGB", "/DeviceCMYK", or a named space such as "/All"
    width: float


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    filled: bool


@dataclass(frozen=True)
class Drawing:
    operators: list[tuple[list[Any], bytes]]
    segments: list[Segment]  # stroked straight lines
    boxes: list[Box]  # rectangles painted
    text: list[tuple[float, float]]  # where each text-showing operator starts (page space); runs after
    # the first on a line are placed at the line's start (glyph advances are not followed)
    images: list[Box]  # where each XObject (a photo) is drawn: the unit square under the CTM


def operations(reader: pypdf.PdfReader, page: pypdf.PageObject) -> list[tuple[list[Any], bytes]]:
    return list(ContentStream(page.get_contents(), reader).operations)


def drawing(reader: pypdf.PdfReader, page: pypdf.PageObject) -> Drawing:
    ops = operations(reader, page)
    ctm: Matrix = IDENTITY
    stack: list[tuple[Matrix, str, float]] = []
    stroke_space = "/DeviceGray"
    line_width = 1.0
    path: list[tuple[float, float, float, float]] = []
    rects: list[tuple[float, float, float, float]] = []
    current: tuple[float, float] | None = None
    segments: list[Segment] = []
    boxes: list[Box] = []
    text: list[tuple[float, float]] = []
    images: list[Box] = []
    text_matrix: Matrix = IDENTITY
    line_matrix: Matrix = IDENTITY
    leading = 0.0
    for operands, op in ops:
        values = [float(v) if isinstance(v, (int, float)) else v for v in operands]
        if op == b"q":
            stack.append((ctm, stroke_space, line_width))
        elif op == b"Q":
            ctm, stroke_space, line_width = stack.pop()
        elif op == b"cm":
            ctm = multiply(tuple(values), ctm)  # type: ignore[arg-type]
        elif op == b"w":
            line_width = values[0]
        elif op == b"CS":
            stroke_space = str(operands[0])
        elif op in (b"RG", b"K", b"G"):
            stroke_space = {b"RG": "/DeviceRGB", b"K": "/DeviceCMYK", b"G": "/DeviceGray"}[op]
        elif op == b"m":
            current = apply(ctm, values[0], values[1])
        elif op == b"l" and current is not None:
            end = apply(ctm, values[0], values[1])
            path.append((*current, *end))
            current = end
        elif op == b"re":
            x, y, w, h = values
            (x0, y0), (x1, y1) = apply(ctm, x, y), apply(ctm, x + w, y + h)
            rects.append((min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)))
        elif op in (b"S", b"s", b"B", b"B*", b"b", b"b*", b"f", b"F", b"f*", b"n"):
            if op != b"n":
                filled = op not in (b"S", b"s")
                segments.extend(Segment(*seg, stroke_space, line_width) for seg in path)
                boxes.extend(Box(*rect, filled) for rect in rects)
            path, rects, current = [], [], None
        elif op == b"BT":
            text_matrix = line_matrix = IDENTITY
        elif op == b"TL":
            leading = values[0]
        elif op in (b"T*", b"'", b'"'):
            line_matrix = multiply((1, 0, 0, 1, 0, -leading), line_matrix)
            text_matrix = line_matrix
        elif op == b"Tm":
            text_matrix = line_matrix = tuple(values)  # type: ignore[assignment]
        elif op == b"Td":
            line_matrix = multiply((1, 0, 0, 1, values[0], values[1]), line_matrix)
            text_matrix = line_matrix
        elif op == b"Do":
            (x0, y0), (x1, y1) = apply(ctm, 0, 0), apply(ctm, 1, 1)
            images.append(Box(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0), True))
        if op in (b"Tj", b"TJ", b"'", b'"'):
            text.append(apply(multiply(text_matrix, ctm), 0, 0))
    return Drawing(ops, segments, boxes, text, images)


def color_operators(data: bytes) -> Iterator[tuple[int, bytes, list[Any]]]:
    """(page index, operator, operands) for every colour operator on every page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    for index, page in enumerate(reader.pages):
        for operands, op in operations(reader, page):
            if op in COLOR_OPERATORS:
                yield index, op, operands


@dataclass(frozen=True)
class EmbeddedImage:
    """An image XObject: its dictionary's colour space, filter and size, and its bytes."""

    color_space: str
    filters: tuple[str, ...]
    width: int
    height: int
    data: bytes  # the stream as stored (a DCTDecode stream is a JPEG file)


def images(data: bytes) -> list[EmbeddedImage]:
    """Every image XObject any page draws, once each."""
    seen: dict[int, EmbeddedImage] = {}
    for page in reader(data).pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for ref in xobjects.values():
            stream = ref.get_object()
            if stream.get("/Subtype") != "/Image":
                continue
            filters = stream.get("/Filter", [])
            names = tuple(str(f) for f in (filters if isinstance(filters, list) else [filters]))
            raw = stream.get_data()  # a DCTDecode stream stays a JPEG file; others are pixels
            seen[ref.idnum] = EmbeddedImage(str(stream["/ColorSpace"]), names, int(stream["/Width"]), int(stream["/Height"]), raw)
    return list(seen.values())


def rgb_images(data: bytes) -> list[EmbeddedImage]:
    """The images whose colour space is not CMYK: with --cmyk there must be none."""
    return [image for image in images(data) if image.color_space != "/DeviceCMYK"]


def color_spaces(data: bytes) -> dict[str, str]:
    """Each page's named colour spaces and the family they belong to (``/Separation``...)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: dict[str, str] = {}
    for page in reader.pages:
        spaces = page["/Resources"].get_object().get("/ColorSpace", {})
        for name, ref in spaces.items():
            value = ref.get_object()
            found[str(name)] = str(value[0]) if isinstance(value, list) else str(value)
    return found


@dataclass(frozen=True)
class Run:
    """A piece of text as the page shows it: where it starts (page space) and its font."""

    text: str
    x: float
    y: float
    font: str  # the font's base name, Spectral-Bold


def runs(data: bytes, number: int = 0) -> list[Run]:
    """The text runs of page ``number`` in the order they are drawn (pypdf's visitor)."""
    found: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict[str, Any] | None, size: float) -> None:
        if text.strip() and font is not None:
            x, y = apply(multiply(tuple(tm), tuple(cm)), 0, 0)  # type: ignore[arg-type]
            found.append(Run(text, x, y, base_name(font)))

    reader(data).pages[number].extract_text(visitor_text=visit)
    return found


def run_with(data: bytes, start: str, number: int = 0) -> Run:
    """The first run on the page whose text starts with ``start``."""
    return next(run for run in runs(data, number) if run.text.lstrip().startswith(start))


# --- where poppler puts each word ----------------------------------------------------

_BBOX_PAGE = re.compile(r"<page\b")
_BBOX_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Word:
    """A word as ``pdftotext -bbox`` places it: page (from 1), box in points from the top left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def bbox_words(path: str | Path) -> list[Word]:
    """Every word of a PDF with its box, in poppler's reading order (needs ``pdftotext``)."""
    import html
    import subprocess

    listing = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    words: list[Word] = []
    for number, chunk in enumerate(_BBOX_PAGE.split(listing)[1:], start=1):
        for match in _BBOX_WORD.finditer(chunk):
            x0, y0, x1, y1 = (float(match[i]) for i in range(1, 5))
            words.append(Word(number, x0, y0, x1, y1, html.unescape(match[5])))
    return words


def find_words(words: list[Word], text: str, start: int = 0, count: int = 3) -> int:
    """The index of the first word of ``text``'s first ``count`` words, at or after ``start``; -1 if absent."""
    wanted = text.split()[:count]
    for index in range(start, len(words) - len(wanted) + 1):
        if [w.text for w in words[index : index + len(wanted)]] == wanted:
            return index
    return -1


def shipped_faces() -> list[Face]:
    """Every face a shipped style sets text in, its fallbacks included, each file once."""
    from convert import styles

    found: dict[str, Face] = {}
    for name in styles.available():
        the_style = styles.load(name)
        for font in the_style.fonts:
            for family in (the_style.family(font), *the_style.fallbacks(font)):
                for face in family.faces:
                    found.setdefault(str(face.path), face)
    return list(found.values())


# --- where each glyph is set ---------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    """A glyph as a page shows it: its character (ToUnicode), where its origin is (page
    space, the text matrix times the CTM), its advance, font and size."""

    char: str
    x: float
    y: float
    advance: float
    font: str  # the font's base name, Spectral-Bold
    size: float


def _to_unicode(font: dict[str, Any]) -> dict[int, str]:
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    return {int(code, 16): bytes.fromhex(target).decode("utf-16-be") for code, target in _BFCHAR.findall(cmap)}


def glyphs(data: bytes, number: int = 0) -> list[Glyph]:
    """Every glyph of page ``number`` where the content stream sets it: text matrices,
    ``TJ`` adjustments, word spacing and the fonts' ``/Widths`` followed (ISO 32000-1
    §9.4.4, horizontal text of simple fonts, no character spacing or scaling)."""
    document = reader(data)
    page = document.pages[number]
    resources = page["/Resources"].get_object().get("/Font", {})
    ctm: Matrix = IDENTITY
    stack: list[Matrix] = []
    text_matrix = line_matrix = IDENTITY
    leading = word_space = size = 0.0
    font: dict[str, Any] | None = None
    found: list[Glyph] = []

    def show(codes: bytes) -> None:
        nonlocal text_matrix
        assert font is not None
        first, widths, chars = int(font["/FirstChar"]), font["/Widths"], _to_unicode(font)
        for code in codes:
            advance = float(widths[code - first]) / 1000 * size + (word_space if code == 32 else 0.0)
            x, y = apply(multiply(text_matrix, ctm), 0, 0)
            found.append(Glyph(chars.get(code, ""), x, y, float(widths[code - first]) / 1000 * size, base_name(font), size))
            text_matrix = multiply((1, 0, 0, 1, advance, 0), text_matrix)

    for operands, op in operations(document, page):
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op == b"BT":
            text_matrix = line_matrix = IDENTITY
        elif op == b"Tf":
            font, size = resources[operands[0]].get_object(), float(operands[1])
        elif op == b"TL":
            leading = float(operands[0])
        elif op == b"Tw":
            word_space = float(operands[0])
        elif op == b"Tm":
            text_matrix = line_matrix = tuple(float(v) for v in operands)  # type: ignore[assignment]
        elif op in (b"Td", b"T*"):
            dx, dy = (float(operands[0]), float(operands[1])) if op == b"Td" else (0.0, -leading)
            text_matrix = line_matrix = multiply((1, 0, 0, 1, dx, dy), line_matrix)
        elif op == b"Tj":
            show(_codes(operands[0]))
        elif op == b"TJ":
            for item in operands[0]:
                if isinstance(item, (int, float)):
                    text_matrix = multiply((1, 0, 0, 1, -float(item) / 1000 * size, 0), text_matrix)
                else:
                    show(_codes(item))
    return found


def _codes(string: Any) -> bytes:
    """A string operand's bytes (pypdf decodes some into text)."""
    return bytes(getattr(string, "original_bytes", string))
