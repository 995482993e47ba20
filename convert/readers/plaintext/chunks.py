"""The file cut into chunks: paragraphs of text, and what lines alone show (lists,
tables, ``>`` quotations, separators).

Blank lines part groups of lines. Inside a group, lines that open with list
markers, rows of a table, ``>`` lines and separator lines are taken first; the text
lines left are cut into paragraphs:

- a line that is a part by itself is its own chunk: a date line near the top, a
  byline or attribution at the very end (perhaps set right), a caption line ending
  in a photo credit typed under its paragraph;
- a line indented (a tab, a few spaces) starts a paragraph, when the other lines of
  the group are not indented;
- in a file hard-wrapped at a width (about 72 columns, no blank lines needed), a
  line ends its paragraph when the next line's first word would have fitted on it;
- in a file without any blank line (and not hard-wrapped), each line is a paragraph,
  unless a sentence plainly runs on (no full stop, and the next line in lower case);
- otherwise the lines of a group are one hard-wrapped paragraph, joined with one
  space, unless every line ends a sentence (then each is one);
- a line opening with a list marker of no list (one item, or markers that do not
  count up) starts a paragraph, unless it continues a sentence the wrap broke
  (``… trong giai đoạn`` / ``1. Toàn tuyến …``).

Finally a caption a crawler glued onto the paragraph after it is cut at its credit,
and a credit glued before a paragraph (``Ảnh: HẢI ĐƯỜNG Huyện nói …``) is cut off it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from convert.model import Table
from convert.readers.plaintext import bylines, captions, datelines, lists, quotes, separators, tables
from convert.readers.plaintext.lines import ENDS_SENTENCE, RIGHT_ALIGNED_COLUMNS, Group, Line, groups, joined

Kind = Literal["text", "list", "table", "quote", "separator"]

#: Hard-wrapped at a width between these (columns), or not hard-wrapped at all.
WRAP_WIDTHS: Final = (30, 120)
#: The share of lines that must be full (the next word would not have fitted) to call
#: a file hard-wrapped: paragraphs of two lines have half their lines full.
WRAPPED_SHARE: Final = 0.4
#: Fewer lines than this (that have a line after them) show no wrapping one can trust.
MIN_WRAPPED_LINES: Final = 5
#: The lines of the file's top in which a date line is looked for.
HEAD_LINES: Final = 3
#: The lines at the very end that may be a byline, an attribution or a date line.
TAIL_LINES: Final = 3

#: A line ending the way a line before an item does: ``… gồm:``, ``a) Một;``.
_ANNOUNCES: Final = re.compile(r"[:;][\"'”’»)\]]*$")


@dataclass(frozen=True)
class Chunk:
    """A block of the file: text, or a structure its lines show."""

    text: str
    first: int  # its first and last line numbers
    last: int
    blank_before: int  # blank lines before it: two or more set off a caption
    kind: Kind = "text"
    table: Table | None = None
    items: lists.ListRun | None = None
    rule: str | None = None  # what made a structure of it, for --explain
    right_aligned: bool = False

    @property
    def lines(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class _File:
    """What cutting one group needs to know of the whole file."""

    width: int | None  # hard-wrapped at this width
    one_per_line: bool  # no blank line anywhere: a line is a paragraph
    head: frozenset[int]  # line numbers where a date line may stand alone
    tail: frozenset[int]  # line numbers of the file's last lines


def chunks(lines: Sequence[Line]) -> list[Chunk]:
    """The file's lines (blank ones included) as chunks, in order."""
    found = groups(lines)
    text_lines = [line for group in found for line in group.lines]
    context = _File(
        width=wrap_width(found),
        one_per_line=len(found) == 1,
        head=frozenset(line.number for line in text_lines[:HEAD_LINES]),
        tail=frozenset(line.number for line in text_lines[-TAIL_LINES:]),
    )
    out: list[Chunk] = []
    for group in found:
        out.extend(_group_chunks(group, context))
    return _unglue(out)


def wrap_width(found: Sequence[Group]) -> int | None:
    """The width the file's lines were hard-wrapped at, or None if they were not.

    Wrapped, a good share of the lines that have a line after them come close to the
    longest one, and most of those end mid-sentence; typed a paragraph a line, their
    lengths scatter, and they end sentences.
    """
    lines = [line for group in found for line in group.lines[:-1]]
    if len(lines) < MIN_WRAPPED_LINES:
        return None
    if sum(1 for line in lines if 0 < line.indent < RIGHT_ALIGNED_COLUMNS) * 3 >= len(lines):
        return None  # paragraphs marked by indents: lines of even length are paragraphs of even length
    width = max(len(line.text) for line in lines)
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]:
        return None
    near = [line for line in lines if len(line.text) >= width - max(12, width * 0.15)]
    if len(near) < 3 or len(near) < WRAPPED_SHARE * len(lines):
        return None
    # Lines cut by wrapping mostly end mid-sentence; paragraphs typed a line each end sentences.
    ended = sum(1 for line in near if ENDS_SENTENCE.search(line.text))
    return width if 4 * ended < 3 * len(near) else None


def _fits(line: Line, following: Line, width: int) -> bool:
    """Whether the first word of ``following`` would have fitted at the end of ``line``."""
    return len(line.text) + 1 + len(following.text.split()[0]) <= width


def _runs_on(line: Line, following: Line) -> bool:
    """A sentence broken over two lines, whatever their widths: the line ends without a
    full stop and the next opens in lower case (a Vietnamese paragraph opens with a
    capital, a digit or a quotation mark)."""
    return ENDS_SENTENCE.search(line.text) is None and following.text[:1].islower()


def _ends_paragraph(line: Line, following: Line, width: int) -> bool:
    """In a hard-wrapped file: ``line`` ends its paragraph when the next word would have
    fitted on it (so the wrapping did not break there), and it ends a sentence, or it
    is well short of the width, or the next line opens with a capital. (A greedy
    wrapper never leaves room for the next word; a hand-wrapped line may.)"""
    if not _fits(line, following, width):
        return False
    opens = following.text.lstrip("\"'“‘«([-–—•")[:1]
    return ENDS_SENTENCE.search(line.text) is not None or len(line.text) < 0.8 * width or opens.isupper() or opens.isdigit()


# --- one group ---------------------------------------------------------------------------


def _group_chunks(group: Group, context: _File) -> list[Chunk]:
    lines = group.lines
    out: list[Chunk] = []
    text: list[Line] = []

    def flush() -> None:
        if text:
            out.extend(_text_chunks(text, context))
            text.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        taken = _structure(lines, index, context)
        if taken is None:
            text.append(line)
            index += 1
            continue
        made, index = taken
        flush()
        out.extend(made)
    flush()
    if out:
        out[0] = replace(out[0], blank_before=group.blank_before)
    return out


def _structure(lines: Sequence[Line], index: int, context: _File) -> tuple[list[Chunk], int] | None:
    """The structure that starts at ``lines[index]`` and the index after it, if one does."""
    line = lines[index]
    if separators.separator(line.text):
        return [Chunk(line.text, line.number, line.number, 0, "separator", rule=separators.RULE)], index + 1
    if quotes.quote_line(line.text) is not None:
        end = index
        while end < len(lines) and quotes.quote_line(lines[end].text) is not None:
            end += 1
        return _quote_chunks(lines[index:end]), end
    if index + 1 < len(lines) and tables.pipe_cells(line) is not None and tables.pipe_rule(lines[index + 1]) is not None:
        end = index + 2
        while end < len(lines) and tables.pipe_cells(lines[end]) is not None:
            end += 1
        table = tables.pipe_table(lines[index:end])
        if table is not None:
            return [_table_chunk(lines[index:end], table, tables.RULE_PIPES)], end
    if tables.tab_cells(line) is not None:
        end = index
        while end < len(lines) and tables.tab_cells(lines[end]) is not None:
            end += 1
        table = tables.tab_table(lines[index:end])
        if table is not None:
            return [_table_chunk(lines[index:end], table, tables.RULE_TABS)], end
    if tables.has_gap(line):
        end = index
        while end < len(lines) and tables.has_gap(lines[end]):
            end += 1
        table = tables.aligned_table(lines[index:end])
        if table is not None:
            return [_table_chunk(lines[index:end], table, tables.RULE_ALIGNED)], end
    if lists.marked(line) is not None:
        run, end = lists.take_run(lines, index, context.width)
        alone = len(lines) == end - index  # a whole group: perhaps one item of a loose list
        if len(run.items) >= 2 and all(lists.build(part) for part in lists.split_by_family(run.items)):
            return [_list_chunk(run)], end
        if alone and len(run.items) == 1:
            return [_list_chunk(run)], end
    return None


def _quote_chunks(lines: Sequence[Line]) -> list[Chunk]:
    """``>`` lines: one quotation, a ``>`` alone parting its paragraphs."""
    out: list[Chunk] = []
    current: list[tuple[Line, str]] = []
    for line in [*lines, None]:
        rest = quotes.quote_line(line.text) if line is not None else ""
        if rest:
            current.append((line, rest))  # type: ignore[arg-type]
            continue
        if current:
            text = " ".join(part for _, part in current)
            out.append(Chunk(text, current[0][0].number, current[-1][0].number, 0, "quote", rule=quotes.RULE_MARKED))
            current = []
    return out


def _table_chunk(lines: Sequence[Line], table: Table, rule: str) -> Chunk:
    return Chunk(joined(lines), lines[0].number, lines[-1].number, 0, "table", table=table, rule=rule)


def _list_chunk(run: lists.ListRun) -> Chunk:
    text = " ".join(line.text for item in run.items for line in item.lines)
    return Chunk(text, run.first, run.last, 0, "list", items=run, rule=lists.RULE)


# --- text lines into paragraphs --------------------------------------------------------


def _text_chunks(run: Sequence[Line], context: _File) -> list[Chunk]:
    """A run of text lines cut into paragraphs (see the module's docstring)."""
    cut = [False] * len(run)  # cut[i]: a chunk starts at run[i]
    for index, line in enumerate(run):
        if _stands_alone(line, index, run, context):
            cut[index] = True
            if index + 1 < len(run):
                cut[index + 1] = True
    _cut_captions(run, cut)
    starts = [index for index in range(len(run)) if index == 0 or cut[index]]
    out: list[Chunk] = []
    for start, end in zip(starts, [*starts[1:], len(run)]):
        segment = run[start:end]
        paragraph_cuts = _paragraph_cuts(segment, context)
        first = 0
        for index in range(1, len(segment) + 1):
            if paragraph_cuts[index]:
                part = segment[first:index]
                right = len(part) == 1 and part[0].indent >= RIGHT_ALIGNED_COLUMNS
                out.append(Chunk(joined(part), part[0].number, part[-1].number, 0, right_aligned=right))
                first = index
    return out


def _stands_alone(line: Line, index: int, run: Sequence[Line], context: _File) -> bool:
    """A date line at the top, a byline, attribution or date line at the end, a line set right."""
    if len(run) == 1:
        return True
    if line.number in context.head and datelines.dateline(line.text) is not None:
        return True
    if line.indent >= RIGHT_ALIGNED_COLUMNS:
        return True
    if line.number in context.tail and all(
        later.number in context.tail for later in run[index:]
    ):  # among the file's last lines, and only such lines after it
        return bylines.signature_like(line.text) or (
            datelines.labelled(line.text) and datelines.dateline(line.text) is not None
        )
    return False


def _cut_captions(run: Sequence[Line], cut: list[bool]) -> None:
    """A caption typed under (or over) its paragraph without a blank line: its last line
    ends in a credit; it starts after the last line above that ends a sentence."""
    for index, line in enumerate(run):
        if captions.opens_with_label(line.text) and index > 0:
            cut[index] = True
        if index == 0 or not _ends_in_credit(run, index):
            continue
        start = index
        while start > 0 and not cut[start] and not ENDS_SENTENCE.search(run[start - 1].text):
            start -= 1
        cut[start] = True
        if index + 1 < len(run):
            cut[index + 1] = True


def _ends_in_credit(run: Sequence[Line], index: int) -> bool:
    """Whether ``run[index]`` ends in a photo credit, perhaps begun on the line above
    (``… (Ảnh`` / ``minh họa)``, ``… (Ảnh: Hoàng`` / ``Ánh)`` when the file is
    hard-wrapped). A line whose credit opens a bracket that the next line closes does
    not end the caption: the next line does."""
    if captions.split_credit(run[index].text) is not None:
        return not _credit_goes_on(run, index)
    if index == 0 or not _credit_across(run, index):
        return False
    above = run[index - 1].text
    return captions.split_credit(above) is None or captions.credit_left_open(above)


def _credit_goes_on(run: Sequence[Line], index: int) -> bool:
    """``… (Ảnh: Hoàng`` / ``Ánh)``: the credit ending ``run[index]`` is left open and
    the next line finishes it."""
    return index + 1 < len(run) and captions.credit_left_open(run[index].text) and _credit_across(run, index + 1)


def _credit_across(run: Sequence[Line], index: int) -> bool:
    """Whether ``run[index]`` with the line above it ends in a credit that begins on
    the line above."""
    above = run[index - 1].text
    split = captions.split_credit(f"{above} {run[index].text}")
    return split is not None and split.rule == captions.RULE_CREDIT and len(split.caption) < len(above)


def _paragraph_cuts(run: Sequence[Line], context: _File) -> list[bool]:
    """``cuts[i]``: a paragraph starts at ``run[i]`` (``cuts[0]`` and ``cuts[len]`` are true)."""
    cuts = [True] + [False] * (len(run) - 1) + [True]
    if len(run) == 1:
        return cuts
    indented = [0 < line.indent < RIGHT_ALIGNED_COLUMNS for line in run]
    # Indented first lines mark paragraphs when they follow sentence ends; an indented
    # line in mid-sentence is a wrapped line's continuation.
    starts = [i for i in range(1, len(run)) if indented[i]]
    after_end = [i for i in starts if ENDS_SENTENCE.search(run[i - 1].text)]
    by_indent = bool(after_end) and 2 * len(after_end) >= len(starts) and not all(indented)
    for index in range(1, len(run)):
        before, line = run[index - 1], run[index]
        if by_indent and indented[index]:
            cuts[index] = True
        elif context.width is not None:
            cuts[index] = _ends_paragraph(before, line, context.width)
        elif by_indent:
            cuts[index] = context.one_per_line and ENDS_SENTENCE.search(before.text) is not None
        else:
            cuts[index] = context.one_per_line and not _runs_on(before, line)
    if not by_indent and context.width is None and not context.one_per_line:
        # One group, one paragraph; unless every line ends a sentence: a paragraph each.
        every = all(ENDS_SENTENCE.search(line.text) for line in run[:-1])
        cuts[1:-1] = [every] * (len(run) - 1)
    for index in range(1, len(run)):
        if lists.marked(run[index]) is not None and _item_starts(run[index - 1], run[index], context.width):
            cuts[index] = True
        # Nor does a paragraph start inside a credit's brackets (``… (Ảnh: Hoàng`` / ``Ánh)``),
        # however short the line a hand wrap left.
        if _credit_goes_on(run, index - 1):
            cuts[index] = False
    return cuts


def _item_starts(before: Line, line: Line, width: int | None) -> bool:
    """Whether ``line``, which opens with a list marker though it is in no list (one
    item, or markers that do not count up), starts a paragraph rather than continuing
    the sentence on ``before``.

    A wrap can put any word at the head of a line, and a sentence that ends with a
    number (``… tỉnh ủy 1.``, ``… ngày 5.``) or has a dash in it (``Hà Nội - Hải Phòng``)
    then leaves ``1. Tỉnh …`` or ``- Hải Phòng …`` there. In a file hard-wrapped at a
    width the wrap shows it: the marker starts a paragraph when it would have fitted on
    the line above. Without a known width, the line above tells: an item starts after
    an item (``1. Một`` / ``3. Ba``), a sentence's end, or a ``:`` or ``;`` that
    announces or parts items; after a line that stops mid-sentence, the text runs on.
    """
    if width is not None:
        return _fits(before, line, width)
    return lists.marked(before) is not None or bool(ENDS_SENTENCE.search(before.text) or _ANNOUNCES.search(before.text))


# --- captions glued onto the next paragraph ----------------------------------------------


def _unglue(found: list[Chunk]) -> list[Chunk]:
    out: list[Chunk] = []
    for index, chunk in enumerate(found):
        leading = captions.split_leading_credit(chunk.text) if chunk.kind == "text" and index > 0 else None
        if leading is not None:  # ``Ảnh: HẢI ĐƯỜNG Huyện nói …``: the credit, perhaps a crosshead, a paragraph
            out.append(replace(chunk, text=leading[0], rule=captions.RULE_CREDIT_GLUED))
            chunk = replace(chunk, text=leading[1], blank_before=0)
            heading = captions.split_glued_heading(chunk.text)
            if heading is not None:
                out.append(replace(chunk, text=heading[0], rule=captions.RULE_HEADING_GLUED))
                chunk = replace(chunk, text=heading[1])
        glued, rest = captions.split_glued(chunk.text) if chunk.kind == "text" and index > 0 else ([], chunk.text)
        for number, part in enumerate(glued):
            text = f"{part.caption} {part.credit}".strip()
            out.append(replace(chunk, text=text, rule=captions.RULE_GLUED, blank_before=chunk.blank_before if number == 0 else 0))
        out.append(replace(chunk, text=rest, blank_before=0) if glued else chunk)
    return out
