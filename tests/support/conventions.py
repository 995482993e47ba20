"""Articles in each convention the reader knows, and the plain text that spells them.

``convention_articles()`` draws a ``Convention`` (how a newsroom export or a crawl lays
an article out) and a model that convention can express without ambiguity: date
lines in several forms, above or under the headline; ``SLUG -`` or ``Sapo:`` leads;
captions set off, typed under their paragraph, labelled ``Ảnh: … (Credit)`` or glued
onto the next paragraph; lists (nested, bulleted, numbered, lettered), tables,
``>`` quotations, separators, an interview at the end; bylines in capitals or not,
with an agency (in brackets, after a slash or a dash), set right, followed by ``Theo …`` or ``(theo …)``; paragraphs
separated by blank lines, tab-indented, or hard-wrapped at 72 columns with no blank
line. ``spell_in(article, convention)`` types it; reading that text must give the
model back. The rules here are written from the README's description of each
convention, not from the reader's code.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import Literal

from hypothesis import strategies as st

from convert.model import (
    Answer,
    Article,
    Block,
    Byline,
    Caption,
    Dateline,
    List,
    ListItem,
    Paragraph,
    Question,
    Quote,
    Separator,
    Subheading,
    Table,
)
from tests.support.strategies import AGENCIES, SLUGS, WEEKDAYS, name, paragraph_text, phrase, sentence, words

Layout = Literal["blank", "indented", "wrapped"]
WRAP = 72
RIGHT = " " * 40


@dataclass(frozen=True)
class Convention:
    layout: Layout  # paragraphs apart by blank lines, tab-indented, or hard-wrapped at WRAP
    date_under_headline: bool
    sapo: bool  # the lead labelled "Sapo:"
    caption_form: Literal["set_off", "under", "labelled", "glued"]
    byline_right: bool  # the byline set right with spaces
    attribution_inline: bool  # "Minh Anh (theo CNBC)"


@st.composite
def conventions(draw: st.DrawFn) -> Convention:
    layout = draw(st.sampled_from(("blank", "indented", "wrapped")))
    caption_forms = ("set_off", "under", "labelled", "glued") if layout == "blank" else ("under", "labelled")
    return Convention(
        layout=layout,
        date_under_headline=draw(st.booleans()),
        sapo=draw(st.booleans()),
        caption_form=draw(st.sampled_from(caption_forms)),
        byline_right=draw(st.booleans()),
        attribution_inline=draw(st.booleans()),
    )


# --- the parts ---------------------------------------------------------------------------


@st.composite
def datelines(draw: st.DrawFn) -> Dateline:
    """Date lines as exports and crawls write them (the weekday, when there is one, first)."""
    date = draw(st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)))
    day = draw(st.sampled_from(("{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d:02d}-{m:02d}-{y}"))).format(
        d=date.day, m=date.month, y=date.year
    )
    time = draw(st.sampled_from(("", " - 10:30", ", 11:46 (GMT+7)", " 05:53 GMT+7", " | 21:55")))
    label = draw(st.sampled_from(("", "", "Cập nhật: ", "Ngày đăng: ")))
    weekday = None if label else draw(st.none() | st.sampled_from(WEEKDAYS))
    text = f"{label}{weekday + ', ' if weekday else ''}{day}{time}"
    return Dateline(text=text, date=date, weekday=weekday)


@st.composite
def bylines(draw: st.DrawFn) -> Byline:
    authors = draw(st.lists(name(), min_size=1, max_size=2, unique=True))
    if draw(st.booleans()):
        authors = [a.upper() for a in authors]
    text = " - ".join(authors)
    form = draw(st.sampled_from(("plain", "agency", "slash", "dash", "role")))
    agency = None
    if form == "agency":
        agency = draw(st.sampled_from(("TTXVN", "VNA", "Báo Tin tức")))
        text += f" ({agency})"
    elif form in ("slash", "dash") and len(authors) == 1:  # Minh Hằng/VOV.VN, Minh Anh - TTXVN
        agency = draw(st.sampled_from(("TTXVN", "VOV.VN", "Dân trí")))
        text += f"/{agency}" if form == "slash" else f" - {agency}"
    elif form == "role" and len(authors) == 1:
        text = "Bài và ảnh: " + text
    return Byline(text=text, authors=tuple(authors), agency=agency)


CREDITS = ("TTXVN", "PV", "Hoàng Ánh", "Reuters", "Getty Images", "Viết Thành")


@st.composite
def captions(draw: st.DrawFn, form: str, wrapped: bool = False) -> Caption:
    text = draw(phrase(3, 14)) + " tại " + draw(words).lower()
    who = draw(st.sampled_from(CREDITS))
    if form == "labelled":
        return Caption(text="Ảnh: " + text, credit=who)
    if form == "glued":
        return Caption(text=text + ".", credit=f"Ảnh: {who}.")
    if form == "set_off" and draw(st.booleans()):
        return Caption(text=text)
    # A full stop before the credit only where no wrapping can put the credit on a line of its own.
    stop = "" if wrapped else draw(st.sampled_from(("", ".")))
    return Caption(text=text + stop, credit=draw(st.sampled_from((f"Ảnh: {who}", "Ảnh minh họa"))))


@st.composite
def lists(draw: st.DrawFn) -> List:
    """Two to five items with markers that count up (or one bullet), perhaps one nested list."""
    kind = draw(st.sampled_from(("-", "•", "+", "*", "1.", "1)", "a)")))
    count = draw(st.integers(2, 5))
    markers = _markers(kind, count)
    items = [ListItem(marker, draw(phrase(2, 9))) for marker in markers]
    if draw(st.booleans()):
        inner = _markers(draw(st.sampled_from(("+", "-", "a)"))), draw(st.integers(2, 3)))
        at = draw(st.integers(0, count - 1))
        items[at] = ListItem(items[at].marker, items[at].text, tuple(ListItem(m, draw(phrase(2, 6)).lower()) for m in inner))
    return List(tuple(items))


def _markers(kind: str, count: int) -> list[str]:
    if kind in "-•+*":
        return [kind] * count
    if kind[0] == "1":
        return [f"{n}{kind[1]}" for n in range(1, count + 1)]
    return [f"{'abcdđeg'[n]}{kind[1]}" for n in range(count)]  # the Vietnamese alphabet: đ after d


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """Labels in the first column, numbers in the others; a header row of words, or none."""
    columns = draw(st.integers(2, 4))
    rows = [
        (draw(phrase(1, 4)), *(f"{draw(st.integers(1, 999))}.{draw(st.integers(100, 999))}" for _ in range(columns - 1)))
        for _ in range(draw(st.integers(1, 5)))
    ]
    if draw(st.booleans()):
        header = tuple(" ".join(draw(st.lists(words, min_size=1, max_size=3))).capitalize() for _ in range(columns))
        return Table((header, *rows), header=True)
    if len(rows) < 2:
        rows.append(rows[0])
    return Table(tuple(rows), header=False)


SPEAKERS_ASKING = ("PV", "Phóng viên", "Hỏi")


@st.composite
def interview(draw: st.DrawFn) -> list[Block]:
    """Two to four questions, each answered by a named speaker (or Đáp:), perhaps at length."""
    asker = draw(st.sampled_from(SPEAKERS_ASKING))
    answerer = "Đáp" if asker == "Hỏi" else f"{draw(st.sampled_from(('Ông', 'Bà', 'TS')))} {draw(name())}"
    turns: list[Block] = []
    for _ in range(draw(st.integers(2, 4))):
        turns.append(Question(draw(phrase(4, 12)) + "?", asker))
        turns.append(Answer(draw(paragraph_text()), answerer))
        if draw(st.booleans()):
            turns.append(Answer(draw(paragraph_text())))
    return turns


@st.composite
def body(draw: st.DrawFn, convention: Convention) -> tuple[Block, ...]:
    kinds = draw(st.lists(st.sampled_from("pppcslqtx"), min_size=0, max_size=10))
    blocks: list[Block] = []
    for index, kind in enumerate(kinds):
        inner = 0 < index < len(kinds) - 1
        previous = blocks[-1] if blocks else None
        if kind == "s" and inner and isinstance(previous, Paragraph) and kinds[index + 1] == "p":
            blocks.append(Subheading(draw(phrase(2, 8))))
        elif kind == "c":
            form = convention.caption_form
            if form == "under" and not isinstance(previous, Paragraph):
                form = "labelled"  # typed under a paragraph, or labelled where there is none above
            if form == "glued" and not (inner and kinds[index + 1] == "p"):
                form = "labelled"  # glued onto a paragraph that follows
            blocks.append(draw(captions(form, convention.layout == "wrapped")))
        elif kind == "l" and not isinstance(previous, List):  # two lists in a row read as one
            blocks.append(draw(lists()))
        elif kind == "q":
            blocks.append(Quote(draw(paragraph_text())))
        elif kind == "t" and not isinstance(previous, Table):
            blocks.append(draw(tables()))
        elif kind == "x" and inner and not isinstance(previous, Separator):
            blocks.append(Separator(draw(st.sampled_from(("* * *", "***", "---")))))
        else:
            text = draw(paragraph_text())
            if convention.layout == "wrapped":
                text += " " + draw(sentence())  # paragraphs of a few lines, as wrapped files have
            blocks.append(Paragraph(text))
    if draw(st.integers(0, 3)) == 0:
        blocks.extend(draw(interview()))  # an interview runs to the end of the body
    return tuple(blocks)


@st.composite
def convention_articles(draw: st.DrawFn) -> tuple[Article, Convention]:
    """A convention, and an article it can spell (see the module's docstring)."""
    convention = draw(conventions())
    attribution = None
    if draw(st.booleans()):
        agency = draw(st.sampled_from(AGENCIES))
        attribution = f"theo {agency}" if convention.attribution_inline else f"Theo {agency}"
    byline = draw(st.none() | bylines())
    if byline is None or (convention.attribution_inline and byline.text.endswith(")")):
        attribution = None if convention.attribution_inline else attribution
    lead = draw(paragraph_text())
    if convention.layout == "wrapped":
        lead += " " + draw(sentence()) + " " + draw(sentence())  # enough full lines to show the wrapping
    article = Article(
        headline=draw(phrase(4, 16)),
        dateline=draw(st.none() | datelines()),
        source=draw(st.none() | st.sampled_from(SLUGS)),
        lead=lead,
        blocks=draw(body(convention)),
        byline=byline,
        attribution=attribution,
    )
    return article, convention


# --- typing it ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """Lines of the spelled file: one part of the article, and the blank lines before it."""

    blanks: int
    lines: list[str]
    text: bool  # a paragraph of text (not a list, a table, a quote or a separator)


def parts(article: Article, convention: Convention) -> list[Part]:
    """The article as the parts of its spelling in ``convention``, in order."""
    layout = convention.layout
    out: list[Part] = []

    def paragraph(text: str) -> list[str]:
        if layout == "wrapped":
            return textwrap.wrap(text, WRAP, break_long_words=False, break_on_hyphens=False)
        return ["\t" + text] if layout == "indented" else [text]

    if article.dateline is not None and not convention.date_under_headline:
        out.append(Part(1, [article.dateline.text], False))
    if article.headline is not None:
        out.append(Part(1, paragraph(article.headline) if layout == "wrapped" else [article.headline], True))
    if article.dateline is not None and convention.date_under_headline:
        out.append(Part(1, [article.dateline.text], False))
    if article.lead is not None:
        lead = f"{article.source} - {article.lead}" if article.source else article.lead
        out.append(Part(1, paragraph(("Sapo: " if convention.sapo else "") + lead), True))
    blocks = article.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        previous = blocks[index - 1] if index else None
        if isinstance(block, Caption):
            line = _caption_line(block)
            if convention.caption_form == "glued" and block.credit is not None and block.credit.endswith("."):
                following = blocks[index + 1]
                assert isinstance(following, Paragraph)
                out.append(Part(1, [f"{line} {following.text}"], True))
                index += 2
                continue
            if convention.caption_form == "under" and isinstance(previous, Paragraph) and block.credit is not None:
                out[-1].lines.extend(paragraph(line) if layout == "wrapped" else [line])
            else:
                out.append(Part(2 if convention.caption_form == "set_off" else 1, paragraph(line) if layout == "wrapped" else [line], True))
        elif isinstance(block, List):
            out.append(Part(1, _list_lines(block.items, 0), False))
        elif isinstance(block, Table):
            out.append(Part(1, ["\t".join(row) for row in block.rows], False))
        elif isinstance(block, Quote):
            lines = textwrap.wrap(block.text, WRAP - 2) if layout == "wrapped" else [block.text]
            apart = [">"] if isinstance(previous, Quote) and layout != "blank" else []
            out.append(Part(1, apart + ["> " + line for line in lines], False))
        elif isinstance(block, (Question, Answer)):
            out.append(Part(1, paragraph((f"{block.speaker}: " if block.speaker else "") + block.text), True))
        elif isinstance(block, (Separator, Subheading)):
            out.append(Part(1, [block.text], isinstance(block, Subheading)))
        else:
            out.append(Part(1, paragraph(block.text), True))
        index += 1
    if article.byline is not None:
        byline = article.byline.text
        if convention.attribution_inline and article.attribution is not None:
            byline += f" ({article.attribution})"
        out.append(Part(1, [(RIGHT if convention.byline_right else "") + byline], False))
    if article.attribution is not None and not (convention.attribution_inline and article.byline is not None):
        out.append(Part(1, [f"({article.attribution})"], False))
    return out


def _caption_line(caption: Caption) -> str:
    """``text (Ảnh: X)``, ``text. Ảnh: X``, ``Ảnh: text (X)``, or the text alone."""
    if caption.credit is None:
        return caption.text
    if caption.text.endswith(".") or caption.credit.endswith("."):
        return f"{caption.text} {caption.credit}"
    return f"{caption.text} ({caption.credit})"


def spell_in(article: Article, convention: Convention) -> str:
    """The article typed in ``convention``."""
    out: list[str] = []
    for part in parts(article, convention):
        if out and convention.layout == "blank":
            out.extend([""] * part.blanks)
        out.extend(part.lines)
    return "\n".join(out) + "\n"


def _list_lines(items: tuple[ListItem, ...], depth: int) -> list[str]:
    out = []
    for item in items:
        out.append("  " * depth + f"{item.marker} {item.text}")
        out.extend(_list_lines(item.items, depth + 1))
    return out


def unambiguous(article: Article, convention: Convention) -> bool:
    """Whether a hard-wrapped spelling can be read back at all: the reader must see the
    wrapping (``wrap_width``, the reader's own measure: whether a text shows it is a
    matter of degree), and each paragraph's last line must leave room for the next
    one's first word (a full last line cannot be told from a wrapped one, by anyone)."""
    if convention.layout != "wrapped":
        return True
    from convert.readers.plaintext.chunks import wrap_width
    from convert.readers.plaintext.lines import groups, split_lines

    width = wrap_width(groups(split_lines(spell_in(article, convention))))
    if width is None or width < WRAP - 4:  # the longest line may fall short of the width by a word's end
        return False
    spelled = parts(article, convention)
    for part, following in zip(spelled, spelled[1:]):
        if part.text and following.text:
            last, first = part.lines[-1].strip(), following.lines[0].split()[0]
            if len(last) + 1 + len(first) > width:
                return False
    return True
