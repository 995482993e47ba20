"""How the PDF sets its lines (convert/writers/pdf/layout/lines.py), read back with poppler:
addresses break only at their punctuation and come back whole, no line that ends at an
address is stretched, headlines are balanced, and no glyph of a line touches one of
the line above at any size a style allows.

Where each word stands comes from ``pdftotext -bbox``; what a glyph covers is read here
from the font file with fontTools, independently of the writer's own measure.
"""

from __future__ import annotations

import functools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph as PlainParagraph

from convert.model import Article, Paragraph
from convert.styles import Style, load
from convert.writers.pdf.layout.lines import url_breaks, url_spans
from convert.writers.pdf.layout.story import StoryBuilder
from tests.support.kerning import gpos_kern
from tests.support.pdf import Word, bbox_words, norm, render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")


# --- where an address may break -----------------------------------------------------------


def test_addresses_break_after_slash_dot_and_at_and_before_a_hyphen() -> None:
    word = "(https://baolangson.vn/tin-tuc.html)."
    assert [word[:i] for i in url_breaks(word)] == [
        "(https://",
        "(https://baolangson.",
        "(https://baolangson.vn/",
        "(https://baolangson.vn/tin",  # before the hyphen: a line ending in one reads as hyphenated
        "(https://baolangson.vn/tin-tuc.",
    ]
    assert list(url_spans("Gửi thư về toasoan@baolangson.vn.")) == [(11, 32)]
    assert url_breaks("toasoan@bao.vn") == [8, 12]
    assert url_breaks("www.x.vn") == [4, 6]
    for text in ("17/08/2019", "30/2020/NĐ-CP", "TP.HCM", "kinh tế -xã hội", "1.500/tháng"):
        assert not list(url_spans(text)), text


# --- addresses in newspaper columns -----------------------------------------------------------

ADDRESSES = (
    "https://baolangson.vn/tinh-uy-lang-son-so-ket-giua-nhiem-ky-thuc-hien-nghi-quyet-dai-hoi-320.html",
    "www.laodong.vn/xa-hoi/tin-tuc-moi.htm",
    "toasoan.baolangson@gmail.com",
)
WORDS = "Thông tin về hội nghị được đăng tải đầy đủ trên báo điện tử của tỉnh, xem chi tiết tại".split()


def _address_article() -> Article:
    """Paragraphs that put the addresses at many places along a line."""
    blocks = []
    for start in range(0, len(WORDS), 2):
        lead = " ".join(WORDS[start:] + WORDS[:start])
        blocks.append(Paragraph(f"{lead} {ADDRESSES[0]} hoặc {ADDRESSES[1]}, thư gửi {ADDRESSES[2]} nhé."))
    return Article(headline="Địa chỉ trên mạng", blocks=tuple(blocks))


@pytest.fixture(scope="module")
def address_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Article, Style, Path]:
    article, style = _address_article(), load("newspaper")
    path = tmp_path_factory.mktemp("addresses") / "addresses.pdf"
    path.write_bytes(render_pdf(article, style))
    return article, style, path


def _breakable(address: str) -> str:
    """A pattern for ``address`` broken over lines only where the rules allow (after / . @
    and before -, never inside //), no character added."""
    pieces = [re.escape(address[0])]
    for index in range(1, len(address)):
        before, after = address[index - 1], address[index]
        allowed = (before == "/" and after != "/") or before in ".@" or after == "-"
        pieces.append(("\n?" if allowed else "") + re.escape(after))
    return "".join(pieces)


def column_edges(style: Style) -> list[float]:
    page = style.page
    mm = 72 / 25.4
    column = (page.width - page.margin_left - page.margin_right - (page.columns - 1) * page.column_gap) / page.columns
    return [(page.margin_left + i * (column + page.column_gap)) * mm for i in range(page.columns)]


def column_text(path: Path, style: Style) -> str:
    """The body's text column by column, a line a line (the headline, in larger type, and
    the footer, below the text, left out)."""
    size, foot = style.text["body"].size, (style.page.height - style.page.margin_bottom) * 72 / 25.4
    words = [w for w in bbox_words(path) if w.y1 - w.y0 < 2 * size and w.y0 < foot]
    return "\n".join(" ".join(w.text for w in line.words) for line in lines_of(words, column_edges(style)))


def test_addresses_break_only_at_their_punctuation_and_come_back_whole(address_pdf: tuple[Article, Style, Path]) -> None:
    article, style, path = address_pdf
    text = column_text(path, style)
    broken = 0
    for address in ADDRESSES:
        found = list(re.finditer(_breakable(address), text))
        assert len(found) == len(article.blocks), address  # every one, broken at most where allowed
        broken += sum("\n" in match.group() for match in found)
        text = re.sub(_breakable(address), address, text)
    assert broken >= len(article.blocks)  # the long one cannot fit a column: it did break, cleanly
    body = norm(text)
    position = 0
    for block in article.blocks:
        found = body.find(norm(block.text), position)
        assert found >= 0, block.text[:60]
        position = found


@dataclass(frozen=True)
class Line:
    words: list[Word]

    @property
    def gaps(self) -> list[float]:
        return [b.x0 - a.x1 for a, b in zip(self.words, self.words[1:])]


def lines_of(words: list[Word], edges: list[float]) -> list[Line]:
    """Words grouped into lines: same page, same column, same top; in reading order."""
    grouped: dict[tuple[int, int, float], list[Word]] = {}
    for word in words:
        column = max(i for i, edge in enumerate(edges) if word.x0 >= edge - 1)
        grouped.setdefault((word.page, column, round(word.y0, 1)), []).append(word)
    return [Line(sorted(grouped[key], key=lambda w: w.x0)) for key in sorted(grouped)]


def test_no_line_that_ends_at_an_address_is_stretched(address_pdf: tuple[Article, Style, Path]) -> None:
    """A justified line that ends inside an address, or where one could not start, keeps
    ordinary spaces ("Xem      chi      tiết      tại" was the fault)."""
    _, style, path = address_pdf
    edges = column_edges(style)
    font = TTFont(str(style.family(style.text["body"].font).regular.path), lazy=True)
    space = font["hmtx"][font.getBestCmap()[32]][0] / font["head"].unitsPerEm * style.text["body"].size
    lines = lines_of(bbox_words(path), edges)
    checked = 0
    for line, following in zip(lines, lines[1:]):
        if following.words[0].page != line.words[0].page or not line.gaps:
            continue
        last, first = line.words[-1].text, following.words[0].text
        inside = any(last + first in address for address in ADDRESSES)
        before = any(address.startswith(first) for address in ADDRESSES)
        if inside or before:
            checked += 1
            assert max(line.gaps) <= space + 0.2, ([w.text for w in line.words], line.gaps, space)
    assert checked >= 5


# --- balanced headlines -------------------------------------------------------------------

HEADLINES = (
    "Lũ quét cuốn trôi cầu treo, hàng trăm hộ dân ở các xã vùng cao bị cô lập nhiều",  # "nhiều" alone at full width
    "Lũ quét cuốn trôi cầu treo, hàng trăm hộ",  # "hộ" alone
    "Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI",
)


def headline_lines(data: bytes, headline: str, tmp_path: Path) -> list[list[Word]]:
    path = tmp_path / "headline.pdf"
    path.write_bytes(data)
    words = bbox_words(path)[: len(headline.split())]
    assert " ".join(w.text for w in words) == headline
    lines: dict[tuple[int, float], list[Word]] = {}
    for word in words:
        lines.setdefault((word.page, round(word.y0, 1)), []).append(word)
    return [lines[key] for key in sorted(lines)]


@pytest.mark.parametrize("headline", HEADLINES)
def test_headlines_are_balanced_lines_of_near_equal_length(headline: str, tmp_path: Path) -> None:
    style = load("default")
    lines = headline_lines(render_pdf(Article(headline=headline, lead="Mở đầu."), style), headline, tmp_path)
    full_width = PlainParagraph(headline, StoryBuilder(style, 100).pstyle("headline"))
    full_width.wrap((style.page.width - style.page.margin_left - style.page.margin_right) * 72 / 25.4, 1e9)
    assert len(lines) == len(full_width.blPara.lines) >= 2  # no more lines than it needs
    widths = [line[-1].x1 - line[0].x0 for line in lines]
    assert len(lines[-1]) >= 2, [w.text for w in lines[-1]]  # never one word alone
    assert min(widths) >= 0.7 * max(widths), widths


# --- no glyph touches the line above, at any size ---------------------------------------------

#: Words with stacked tone marks on capitals and with descenders, the pairs that collide.
TALL_AND_DEEP = ("Ẩm", "Ỗng", "Ệp", "Ấn", "Ổn", "Ủy", "Ẫn", "Ặng", "Ậy", "Ỹ", "gạp", "quý", "ỵg", "Gặp", "gỡ", "ngày", "yếu", "phẩm", "ấy", "Lạng")


@functools.cache
def _glyph(path: str, char: str) -> tuple[float, float, float, float, float]:
    """(advance, left, right, bottom, top) of a character, in ems."""
    font = _font(path)
    units = font["head"].unitsPerEm
    name = font.getBestCmap()[ord(char)]
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[name].draw(pen)
    left, bottom, right, top = pen.bounds or (0, 0, 0, 0)
    return font["hmtx"][name][0] / units, left / units, right / units, bottom / units, top / units


@functools.cache
def _font(path: str) -> TTFont:
    return TTFont(path, lazy=True)


def ink_boxes(word: Word, path: str, size: float) -> list[tuple[float, float, float, float]]:
    """(left, right, top, bottom) of each glyph of a word, in poppler's page coordinates
    (y down): its baseline is the font's ascent below the word box's top."""
    font = _font(path)
    baseline = word.y0 + font["hhea"].ascent / font["head"].unitsPerEm * size
    x, boxes = word.x0, []
    for index, char in enumerate(word.text):
        if index:
            x += gpos_kern(path, word.text[index - 1], char) / 1000 * size  # the font's pair kerning
        advance, left, right, bottom, top = _glyph(path, char)
        if top > bottom:
            boxes.append((x + left * size, x + right * size, baseline - top * size, baseline - bottom * size))
        x += advance * size
    assert abs(x - word.x1) < 0.5, (word, x)  # the glyphs are where poppler puts the word
    return boxes


@settings(max_examples=15)
@given(
    words=st.lists(st.sampled_from(TALL_AND_DEEP), min_size=4, max_size=9),
    size=st.integers(8, 72),
    name=st.sampled_from(["default", "newspaper", "a5"]),
)
@example(words=["Gặp", "gỡ", "ngày", "Ấn", "Độ", "Ẫng", "gạp", "quý", "Ỗng", "ẩy", "ỵg", "Ếp", "gợi", "ý", "ỗng", "Ẩp", "Ệp"], size=40, name="default")
@example(words=["gạp", "ỵg", "quý", "Ẩm", "Ỗng", "Ệp", "gạp", "ỵg", "Ậy", "Ỹ"], size=30, name="newspaper")
@example(words=["Ấn", "gạp", "Lạng", "Ủy", "Ẩm"], size=35, name="a5")  # an overfull last line: its spaces shrink
def test_no_glyph_touches_the_line_above_at_any_size(words: list[str], size: int, name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    headline = " ".join(words)
    style = load(name, [f"text.headline.size={size}"])
    face = style.family(style.text["headline"].font).face(bold=style.text["headline"].bold, italic=style.text["headline"].italic)
    lines = headline_lines(render_pdf(Article(headline=headline, lead="Mở đầu."), style), headline, tmp_path_factory.mktemp("ink"))
    placed = [[box for word in line for box in ink_boxes(word, str(face.path), size)] for line in lines]
    for index in range(len(lines) - 1):
        if lines[index][0].page != lines[index + 1][0].page:
            continue
        upper, lower, upper_line = placed[index], placed[index + 1], lines[index]
        for left, right, _, bottom in upper:
            for other_left, other_right, top, _ in lower:
                overlap = other_left < right and left < other_right
                assert not (overlap and bottom > top), (headline, size, name, [w.text for w in upper_line])
