"""The DOCX body before it becomes XML (``Para``, ``Run``, ``Grid``), and its structure:
lists with real numbering, tables, quotations, interview turns and section breaks.

A list is paragraphs in *List Bullet* or *List Number* whose numbers or bullets come
from numbering definitions (``word/numbering.xml``, ECMA-376 Part 1 §17.9): each list,
and each list nested in an item, is one numbering instance, so each counts from its
own start, indented a level further when nested. Where Word's counters give exactly
the markers the article has (``1.``, ``2)``, ``(3)``, ``a.``, ``B)``), the level
counts, and an item added in Word numbers itself; a list lettered in the Vietnamese
alphabet (``d)``, ``đ)``, ``e)``), which no Word format counts, gives each item a level
of its own with its marker as literal text, so nothing is renumbered. A table is a
``w:tbl`` in the *vnconv Table* style, its header row repeated on each page, its
cells in *Table Header* and *Table Text*. Quotations, questions and answers are
paragraphs in *Quote*, *Question* and *Answer* (the speaker's name a *Speaker* run);
a section break is a *Section Break* paragraph holding the style's ornament.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from convert.model import Answer, Block, List, ListItem, Question, Quote, Separator
from convert.model import Table as TableBlock
from convert.styles import Style
from convert.writers.docx import styles as sheet
from convert.writers.docx.oxml import TWIPS_PER_MM, W_NS, XML_DECLARATION, quoteattr
from convert.writers.shared import column_shares, column_width_mm, item_marker

@dataclass(frozen=True)
class Run:
    """A run of text in a paragraph, with its character style."""

    text: str
    char_style: str | None = None  # a character style's name, or the paragraph's own


@dataclass(frozen=True)
class Para:
    """One paragraph of the body: a paragraph style and its runs (no direct formatting),
    or a photo (its file and alternative text) alone."""

    style: str
    runs: tuple[Run, ...] = ()
    photo: str | None = None
    alt: str = ""
    num_id: int | None = None  # a list item: its numbering instance
    align: str | None = None  # a table cell the input aligned: left, center or right

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


#: ``1.``, ``(2)``, ``c)``, ``D.``: a counter, its punctuation around it.
_COUNTED: Final = re.compile(r"^(?P<open>\(?)(?P<core>\d{1,3}|[a-z]|[A-Z])(?P<close>[.)])$")
_LATIN: Final = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Level:
    """One numbering level: Word's number format, the level's text (``%1.``, or a literal
    marker), where it starts, and how far in its items are (twips)."""

    format: str  # decimal, lowerLetter, upperLetter, bullet
    text: str
    start: int
    left: int
    hanging: int


@dataclass
class Numbering:
    """The numbering definitions a document's lists need, one instance per list."""

    levels: list[Level] = field(default_factory=list)

    def add(self, level: Level) -> int:
        """A new numbering instance with this level; its ``w:numId``."""
        self.levels.append(level)
        return len(self.levels)

    def xml(self) -> bytes:
        """``numbering.xml``: an abstract definition and an instance for each list."""
        abstracts = "".join(
            f'<w:abstractNum w:abstractNumId="{number}"><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="{level.start}"/><w:numFmt w:val="{level.format}"/>'
            f'<w:lvlText w:val={quoteattr(level.text)}/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{level.left}" w:hanging="{level.hanging}"/></w:pPr></w:lvl></w:abstractNum>'
            for number, level in enumerate(self.levels)
        )
        instances = "".join(
            f'<w:num w:numId="{number}"><w:abstractNumId w:val="{number - 1}"/></w:num>'
            for number in range(1, len(self.levels) + 1)
        )
        return f'{XML_DECLARATION}<w:numbering xmlns:w="{W_NS}">{abstracts}{instances}</w:numbering>'.encode()


@dataclass(frozen=True)
class Grid:
    """A table of the body: rows of cell paragraphs, whether the first row heads the
    columns, and each column's width (twips)."""

    rows: tuple[tuple[Para, ...], ...]
    header: bool
    widths: tuple[int, ...]


def block_paras(block: Block, style: Style, numbering: Numbering) -> Iterator[Para | Grid]:
    """The paragraphs (or the table) of one structure block."""
    if isinstance(block, List):
        yield from _list(block.items, 0, style, numbering)
    elif isinstance(block, TableBlock):
        yield _grid(block, style)
    elif isinstance(block, Quote):
        yield Para(sheet.QUOTE.name, (Run(block.text),))
    elif isinstance(block, Question):
        label = block.speaker + style.separators.speaker if block.speaker else ""
        yield Para(sheet.QUESTION.name, tuple(Run(t) for t in (label, block.text) if t))
    elif isinstance(block, Answer):
        label = (Run(block.speaker + style.separators.speaker, sheet.SPEAKER_NAME),) if block.speaker else ()
        yield Para(sheet.ANSWER.name, (*label, Run(block.text)))
    elif isinstance(block, Separator):
        ornament = style.section_break.ornament
        yield Para(sheet.SECTION_BREAK.name, (Run(ornament),) if ornament else ())


def _list(items: tuple[ListItem, ...], depth: int, style: Style, numbering: Numbering) -> Iterator[Para]:
    """One list (and the lists nested in its items), numbered by its own instance."""
    if not items:
        return
    indent = round(style.lists.indent * TWIPS_PER_MM)
    left = (depth + 1) * indent
    shown = [item_marker(item.marker, depth, style) for item in items]
    counted = _counter(shown)
    ordered = any(item.ordered for item in items)
    name = sheet.LIST_NUMBER.name if ordered else sheet.LIST_BULLET.name
    shared_id = numbering.add(Level(*counted, left, indent)) if counted is not None else None
    same = len(set(shown)) == 1
    bullet_id = numbering.add(Level("bullet", shown[0], 1, left, indent)) if counted is None and same else None
    for item, marker in zip(items, shown, strict=True):
        num_id = shared_id or bullet_id or numbering.add(Level("decimal", marker, 1, left, indent))  # literal marker
        yield Para(name, (Run(item.text),), num_id=num_id)
        yield from _list(item.items, depth + 1, style, numbering)


def _counter(markers: Sequence[str]) -> tuple[str, str, int] | None:
    """(format, level text, start) when one of Word's counters gives exactly these
    markers, counting up by one; None for bullets and markers no counter gives."""
    found = [_COUNTED.match(marker) for marker in markers]
    if any(match is None for match in found):
        return None
    first = found[0]
    assert first is not None
    if any(m["open"] != first["open"] or m["close"] != first["close"] for m in found if m is not None):
        return None
    cores = [m["core"] for m in found if m is not None]
    if cores[0].isdigit():
        kind, values = "decimal", [int(core) for core in cores]
    elif cores[0].islower() and all(c.islower() for c in cores):
        kind, values = "lowerLetter", [_LATIN.find(core) + 1 for core in cores]
    elif all(c.isupper() for c in cores):
        kind, values = "upperLetter", [_LATIN.find(core.lower()) + 1 for core in cores]
    else:
        return None
    if values != list(range(values[0], values[0] + len(values))):
        return None
    return kind, f"{first['open']}%1{first['close']}", values[0]


def _grid(block: TableBlock, style: Style) -> Grid:
    width_mm = column_width_mm(style)
    widths = tuple(round(share * width_mm * TWIPS_PER_MM) for share in column_shares(block))
    aligns = (block.align + (None,) * block.width)[: block.width]
    rows = tuple(
        tuple(
            Para(
                sheet.TABLE_HEADER.name if block.header and number == 0 else sheet.TABLE_TEXT.name,
                (Run(cell),) if cell else (),
                align=align,
            )
            for cell, align in zip(row, aligns, strict=True)
        )
        for number, row in enumerate(block.grid())
    )
    return Grid(rows, block.header, widths)


def table_xml(grid: Grid, cell_xml: Callable[[Para], str]) -> str:
    """The ``w:tbl`` of a grid, its cells' paragraphs from ``cell_xml``; the header row
    repeats at the top of each page the table runs onto."""
    first_row = "1" if grid.header else "0"
    look = (
        f'<w:tblLook w:val="0020" w:firstRow="{first_row}" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/>'
    )
    columns = "".join(f'<w:gridCol w:w="{width}"/>' for width in grid.widths)
    rows = []
    for number, row in enumerate(grid.rows):
        heading = "<w:trPr><w:tblHeader/></w:trPr>" if grid.header and number == 0 else ""
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{cell_xml(para)}</w:tc>'
            for para, width in zip(row, grid.widths, strict=True)
        )
        rows.append(f"<w:tr>{heading}{cells}</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{sheet.TABLE_STYLE_ID}"/>'
        f'<w:tblW w:w="{sum(grid.widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{look}</w:tblPr>'
        f"<w:tblGrid>{columns}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
