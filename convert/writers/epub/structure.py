"""The body's structure in the XHTML: lists, tables, quotations, interview turns and
section breaks, in the elements HTML has for them.

A list is ``ul`` (bullets) or ``ol`` (numbers, letters) of ``li``, nested lists inside
their item; each item shows its marker as text in a ``span.marker`` (the style's
bullet, or the number or letter the article has), since CSS counters cannot write
``đ)`` or ``2)``, and reading systems differ in what list markers they draw. A table
is ``table`` with the header row in ``thead`` (``th`` cells) and the rest in
``tbody``; a quotation is ``blockquote`` holding a ``p``; a question is ``p.question``
and an answer ``p.answer`` opening with its speaker's ``span.speaker``; a section
break is ``hr.section-break``, its ornament drawn by the style sheet. The text roles
each sets its text in are noted for the font subsets.
"""

from __future__ import annotations

from convert.model import Answer, Block, List, ListItem, Question, Quote, Separator
from convert.model import Table as TableBlock
from convert.styles import Style
from convert.writers.epub.builder import Builder
from convert.writers.epub.markup import Element
from convert.writers.shared import item_marker


def add_block(build: Builder, parent: Element, block: Block, style: Style) -> None:
    """The elements of one structure block, appended to ``parent``."""
    if isinstance(block, List):
        _list(build, parent, block.items, 0, style)
    elif isinstance(block, TableBlock):
        _table(build, parent, block)
    elif isinstance(block, Quote) and block.text:
        build.text(build.element(parent, "blockquote"), "p", "quote", block.text)
    elif isinstance(block, (Question, Answer)):
        _turn(build, parent, block, style)
    elif isinstance(block, Separator):
        build.element(parent, "hr", class_="section-break")
        if style.section_break.ornament:
            build.pieces.append(("separator", style.section_break.ornament))  # the CSS draws it


def _list(build: Builder, parent: Element, items: tuple[ListItem, ...], depth: int, style: Style) -> None:
    if not items:
        return
    container = build.element(parent, "ol" if items[0].ordered else "ul", class_="list")
    for item in items:
        entry = build.inline_container(container, "li")
        marker = build.text(entry, "span", "list", item_marker(item.marker, depth, style), class_="marker")
        marker.tail = " " + item.text if item.text else ""
        build.pieces.append(("list", marker.tail))
        _list(build, entry, item.items, depth + 1, style)


def _table(build: Builder, parent: Element, block: TableBlock) -> None:
    table = build.element(parent, "table")
    rows = block.grid()
    # A column the input aligned (a pipe table's ``:---:``) says so on each of its cells;
    # the others take the style sheet's alignment.
    aligned = [{"style": f"text-align: {align}"} if align else {} for align in (block.align + (None,) * block.width)[: block.width]]
    if block.header:
        heading = build.element(build.element(table, "thead"), "tr")
        for cell, extra in zip(rows[0], aligned, strict=True):
            build.text(heading, "th", "table_header", cell, scope="col", **extra)
        rows = rows[1:]
    if rows:
        body = build.element(table, "tbody")
        for row in rows:
            line = build.element(body, "tr")
            for cell, extra in zip(row, aligned, strict=True):
                build.text(line, "td", "table", cell, **extra)


def _turn(build: Builder, parent: Element, block: Question | Answer, style: Style) -> None:
    """A question in its own paragraph style (the speaker's name in it too); an answer
    opening with the speaker's name in the speaker's."""
    kind = "question" if isinstance(block, Question) else "answer"
    paragraph = build.inline_container(parent, "p", class_=kind)
    if block.speaker:
        label = block.speaker + style.separators.speaker
        if isinstance(block, Question):
            paragraph.text = label
            build.pieces.append((kind, label))
        else:
            speaker = build.text(paragraph, "span", "speaker", label, class_="speaker")
            speaker.tail = block.text
            build.pieces.append((kind, block.text))
            return
    paragraph.text = (paragraph.text or "") + block.text
    build.pieces.append((kind, block.text))
