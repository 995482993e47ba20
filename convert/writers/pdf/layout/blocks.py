"""The body's structure as flowables: lists, tables, block quotations, interview turns
and section breaks.

Lists are paragraphs with a hanging bullet (ReportLab's ``<bullet>``), indented a
level further for each nested list; a table is a platypus ``Table`` whose rows (and,
for a tall row, the row itself) split across columns and pages, its header row
repeated at the top of each part; a quotation is set in from both sides; a question
is its own paragraph style, an answer opens with the speaker's name in theirs; a
section break is the style's ornament, centred, or a short rule. Every value comes
from the style (``[lists]``, ``[tables]``, ``[quotes]``, ``[section_break]``, the text
roles ``list``, ``table``, ``table_header``, ``quote``, ``question``, ``answer``,
``speaker``, ``separator``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus.flowables import Flowable

from convert.model import Answer, Block, List, ListItem, Paragraph, Question, Quote, Separator
from convert.model import Table as TableBlock
from convert.writers.pdf.layout.builder import Builder, Marker
from convert.writers.pdf.layout.flowables import Rule, replace_style
from convert.writers.pdf.tagging.structure import Element
from convert.writers.shared import column_shares, item_marker

if TYPE_CHECKING:
    from reportlab.platypus.tables import Table

#: A header row whose cells hold no more than this is labels, repeated on every page.
_REPEATED_HEADER_CHARS: Final = 120
#: A rule drawn for a section break when the style has no ornament is this far from
#: the text above and below it, in lines of the separator role (its spaces are added).
_RULE_LINES: Final = 0.5
#: A table column's alignment as the model names it (a pipe table's ``:---:``).
_CELL_ALIGN: Final = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def flowables(builder: Builder, block: Block, parent: Element) -> Iterator[Flowable]:
    """The flowables of one body block that is not a caption, a subheading or a paragraph,
    its structure elements added to ``parent``: L › LI › Lbl, LBody (a nested list in
    its item's LBody); Table › THead, TBody › TR › TH (scope Column), TD; BlockQuote › P;
    a question or an answer is a P (the speaker's name in it); a section break is an
    artifact (an ornament, no words)."""
    if isinstance(block, List):
        yield from _items(builder, block.items, 0, last=True, parent=parent.add("L"))
    elif isinstance(block, TableBlock):
        yield _table(builder, block, parent.add("Table"))
    elif isinstance(block, Quote):
        indent = builder.style.quotes.indent * mm
        quote = builder.pstyle("quote")
        style = replace_style(quote, leftIndent=indent, rightIndent=indent)
        yield from builder.pieces_in([(block.text, builder.segment_marker("quote"))], "quote", style=style, element=parent.add("BlockQuote").add("P"))
    elif isinstance(block, Question):
        yield from builder.pieces_in(_turn(builder, block, "question", "question"), "question", element=parent.add("P"))
    elif isinstance(block, Answer):
        yield from builder.pieces_in(_turn(builder, block, "answer", "speaker"), "answer", element=parent.add("P"))
    elif isinstance(block, Separator):
        yield from _separator(builder)
    elif isinstance(block, Paragraph):
        yield from builder.pieces_in([(block.text, builder.segment_marker("body"))], "body", element=parent.add("P"))


def _items(builder: Builder, items: tuple[ListItem, ...], depth: int, last: bool, parent: Element) -> Iterator[Flowable]:
    """Items with their markers hanging in the indent; the last item of a whole list ends
    with the space a paragraph ends with. Each is an LI of ``parent`` (an L)."""
    indent = builder.style.lists.indent * mm
    base = builder.pstyle("list")
    face = builder.chain("list")
    for index, item in enumerate(items):
        final = last and index == len(items) - 1 and not item.items
        style = replace_style(
            base,
            leftIndent=(depth + 1) * indent,
            bulletIndent=depth * indent,
            firstLineIndent=0,
            bulletFontName=face.name,
            bulletFontSize=base.fontSize,
            spaceAfter=builder.style.text["body"].space_after if final else base.spaceAfter,
        )
        marker = item_marker(item.marker, depth, builder.style)
        entry = parent.add("LI")
        label, body = entry.add("Lbl"), entry.add("LBody")
        if item.text:
            bullet = builder.markup(marker, face, explicit=True)
            yield from builder.pieces_in([(item.text, builder.segment_marker("list"))], "list", style=style, bullet=bullet, element=entry)
        else:  # a bullet alone is not drawn: the marker as the item's text, where the bullet hangs
            alone = replace_style(style, leftIndent=depth * indent)
            yield from builder.pieces_in([(marker, builder.segment_marker("list"))], "list", style=alone, element=label)
        if item.items:
            yield from _items(builder, item.items, depth + 1, last and index == len(items) - 1, body.add("L"))


def _table(builder: Builder, block: TableBlock, element: Element) -> Table:
    """A table the width of the column, its columns shared by how much they hold; its
    cells' paragraphs are the TH and TD elements of ``element``, their rules and fill
    artifacts.

    ReportLab's table module (and its validators and dates, ~3 ms to import) is
    imported here, by the first article with a table: most have none."""
    from reportlab.platypus.tables import Table, TableStyle

    settings = builder.style.tables
    rows = []
    head = element.add("THead") if block.header else None
    body = element.add("TBody") if len(block.rows) > (1 if block.header else 0) else None
    for number, row in enumerate(block.grid()):
        header = block.header and number == 0
        role = "table_header" if header else "table"
        group = head if header else body
        assert group is not None
        tr = group.add("TR")
        cells = [tr.add("TH", scope="Column") if header else tr.add("TD") for _ in row]
        rows.append(
            [
                list(builder.pieces_in([(cell, builder.segment_marker(role))], role, style=_aligned(builder, role, block, column), element=cells[column]))
                or ""
                for column, cell in enumerate(row)
            ]
        )
    table_text = builder.style.text["table"]
    commands: list[tuple[object, ...]] = [
        # platypus sets each cell's font before drawing it, Helvetica unless told: name the
        # table's own face, which its cells are set in (and so embedded), or the PDF would
        # name a font it does not embed.
        ("FONT", (0, 0), (-1, -1), builder.chain("table").name, table_text.size, table_text.line_height),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *((side, (0, 0), (-1, -1), settings.cell_padding) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")),
    ]
    if settings.rule_width > 0:
        commands.append(("GRID", (0, 0), (-1, -1), settings.rule_width, builder.palette(settings.rule_color)))
    if block.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), builder.palette(settings.header_fill)))
    # Every column has room for its padding and a letter, in the narrowest frame (a column).
    size = max(builder.style.text["table"].size, builder.style.text["table_header"].size)
    padding = settings.cell_padding if block.width * (2 * settings.cell_padding + size) < builder.column_width else 0
    commands += [(side, (0, 0), (-1, -1), padding) for side in ("LEFTPADDING", "RIGHTPADDING")]
    widths = [f"{share * 100:.3f}%" for share in column_shares(block, (2 * padding + size) / builder.column_width)]
    # The header row repeats on each page the table runs onto, if it is a row of labels:
    # a header as tall as a page could never be repeated (a model may hold one).
    repeat = block.header and max(map(len, block.rows[0])) <= _REPEATED_HEADER_CHARS
    # A row that crosses the foot of a column is split there (splitByRow=0: inside the
    # row first), its rest under the header at the top of the next. Splitting between
    # rows first left the rest (header and that row) in the same column, where platypus
    # split it again inside the row: the header row drawn twice in one column.
    table = Table(rows, colWidths=widths, repeatRows=1 if repeat else 0, splitByRow=0, splitInRow=1, style=TableStyle(commands), hAlign="LEFT")
    text = builder.style.text["body"]
    table.spaceBefore, table.spaceAfter = text.space_before, text.space_after
    return table


def _aligned(builder: Builder, role: str, block: TableBlock, column: int) -> ParagraphStyle | None:
    """The role's paragraph style aligned as the input asked for this column (a pipe
    table's ``:---:``), or None for the role's own alignment."""
    align = block.align[column] if column < len(block.align) else None
    if align is None:
        return None
    base = builder.pstyle(role)
    return ParagraphStyle(f"{base.name}-{align}", parent=base, alignment=_CELL_ALIGN[align])


def _turn(builder: Builder, block: Question | Answer, role: str, speaker_role: str) -> list[tuple[str, Marker]]:
    """A question or an answer: the speaker's name and the separator (in the speaker's
    face for an answer, the question's own for a question), then the text."""
    segments: list[tuple[str, Marker]] = []
    if block.speaker:
        named = builder.inline_marker(speaker_role) if speaker_role != role else builder.segment_marker(role)
        segments.append((block.speaker + builder.style.separators.speaker, named))
    segments.append((block.text, builder.segment_marker(role)))
    return segments


def _separator(builder: Builder) -> Iterator[Flowable]:
    ornament = builder.style.section_break.ornament
    if ornament:
        yield from builder.pieces_in([(ornament, builder.segment_marker("separator"))], "separator")
        return
    text = builder.style.text["separator"]
    settings = builder.style.section_break
    rule = Rule(settings.rule_width, builder.palette(text.color), share=settings.rule_length)
    rule.spaceBefore = text.space_before + text.line_height * _RULE_LINES
    rule.spaceAfter = text.space_after + text.line_height * _RULE_LINES
    yield rule

