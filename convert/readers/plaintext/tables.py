"""Tables: Markdown pipe tables, rows of tab-separated cells, or columns aligned with
runs of spaces.

A pipe table is GitHub-flavoured Markdown's (github.github.com/gfm/, "Tables
(extension)"): a header row, a rule row of ``---`` cells (``:--`` left, ``:-:``
centred, ``--:`` right) with as many cells, then body rows; the pipes at either end
of a row may be left out and ``\\|`` is a pipe inside a cell. Unlike GFM, a body row
with more cells than the header keeps them (text is never dropped).

Two or more lines in a row whose cells are separated by tabs make a table (a run of
tabs is one separator, so columns aligned with several tabs read right). Without
tabs, lines make a table when columns of at least two spaces run down all of them at
the same place, as in text laid out in a fixed-width font; with only two such lines,
one of the cells must also be a number (two lines of justified prose may share a
gap by chance). The first row is a header when it looks like one: words over
columns of numbers, or capitals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from convert.model import Table
from convert.readers.plaintext.lines import Line
from convert.text import fold

RULE_TABS: Final = "table: cells separated by tabs"
RULE_ALIGNED: Final = "table: columns aligned with spaces"
RULE_PIPES: Final = "table: Markdown pipe table (header, --- rule row, rows)"

_TABS: Final = re.compile(r"\t+")
_GAP: Final = re.compile(r"\S {2,}\S")
#: A number as tables hold them: ``781.655``, ``8.310,2``, ``12%``, ``-3,5``, ``2015-2020``, ``1.200 tỷ``.
_NUMBER: Final = re.compile(r"^[+\-–−]?[\d.,]*\d[\d.,]*\s*(?:%|‰|[-–/]\s*[\d.,]+)?(?:\s*\S{1,6})?$")
#: Cells this long are prose, not a table's.
MAX_CELL: Final = 200


def tab_cells(line: Line) -> list[str] | None:
    """The cells of a tab-separated row (indentation is not a cell), or None."""
    if "\t" not in line.inner:
        return None  # one cell (asked of every line)
    cells = [fold(cell) for cell in _TABS.split(line.inner)]
    return cells if len(cells) >= 2 and all(len(cell) <= MAX_CELL for cell in cells) else None


def has_gap(line: Line) -> bool:
    """Whether the line has two spaces or more between words (a candidate aligned row)."""
    return "\t" not in line.inner and "  " in line.inner and _GAP.search(line.inner) is not None


def tab_table(lines: Sequence[Line]) -> Table | None:
    rows = [tab_cells(line) for line in lines]
    if len(rows) < 2 or any(row is None for row in rows):
        return None
    return _table([row for row in rows if row is not None])


def aligned_table(lines: Sequence[Line]) -> Table | None:
    """The table of lines whose columns are aligned with spaces, or None."""
    if len(lines) < 2:
        return None
    raws = [line.raw.expandtabs(8) for line in lines]
    width = max(map(len, raws))
    start = min(len(raw) - len(raw.lstrip(" ")) for raw in raws)
    blank = [all(pos >= len(raw) or raw[pos] == " " for raw in raws) for pos in range(width)]
    cuts: list[tuple[int, int]] = []  # the gaps between columns
    pos = start
    while pos < width:
        if blank[pos]:
            end = pos
            while end < width and blank[end]:
                end += 1
            if end - pos >= 2 and end < width:
                cuts.append((pos, end))
            pos = end
        else:
            pos += 1
    if not cuts:
        return None
    bounds = [start, *(edge for cut in cuts for edge in cut), width]
    rows = [[fold(raw[bounds[i] : bounds[i + 1]]) for i in range(0, len(bounds), 2)] for raw in raws]
    if any(sum(1 for cell in row if cell) < 2 for row in rows[1:]) or any(len(c) > MAX_CELL for r in rows for c in r):
        return None
    if len(rows) == 2 and not any(_NUMBER.match(cell) for row in rows for cell in row):
        return None
    return _table(rows)


def _table(rows: list[list[str]]) -> Table:
    width = max(map(len, rows))
    grid = tuple(tuple(row) + ("",) * (width - len(row)) for row in rows)
    return Table(grid, header=_looks_like_header(grid))


def _looks_like_header(rows: Sequence[Sequence[str]]) -> bool:
    """Words over columns of numbers, or a first row in capitals."""
    first, rest = rows[0], rows[1:]
    if not all(first) or any(_NUMBER.match(cell) for cell in first):
        return False
    letters = "".join(ch for ch in "".join(first) if ch.isalpha())
    if letters and letters.isupper() and not all("".join(ch for ch in "".join(r) if ch.isalpha()).isupper() for r in rest):
        return True
    for column in range(len(first)):
        values = [row[column] for row in rest if column < len(row) and row[column]]
        if values and sum(1 for value in values if _NUMBER.match(value)) * 2 >= len(values):
            return True
    return False


#: A rule row's cell: dashes, a colon at either end for the alignment.
_RULE_CELL: Final = re.compile(r"^\s*(:?)-+(:?)\s*$")
#: A pipe that parts cells (not one escaped with a backslash).
_PIPE: Final = re.compile(r"(?<!\\)\|")


def pipe_cells(line: Line) -> list[str] | None:
    """The cells of a pipe-table row (``| a | b |``, ``a | b``), or None when the line
    has no unescaped pipe."""
    if "|" not in line.raw:  # most lines: asked of every line, so answered first
        return None
    inner = line.inner.strip()
    if _PIPE.search(inner) is None:
        return None
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [fold(cell.replace("\\|", "|")) for cell in _PIPE.split(inner)]


def pipe_rule(line: Line) -> list[str | None] | None:
    """The alignments a pipe table's rule row (``|:---|:-:|--:|``) gives, or None when
    the line is no rule row."""
    cells = pipe_cells(line)
    if cells is None and _RULE_CELL.match(line.text) and "-" in line.text and ":" in line.text:
        cells = [line.text]  # a one-column table's rule: ``:---``
    if cells is None:
        return None
    found = [_RULE_CELL.match(cell) for cell in cells]
    if not all(found):
        return None
    return [_alignment(match[1], match[2]) for match in found if match is not None]


def _alignment(left: str, right: str) -> str | None:
    return "center" if left and right else "right" if right else "left" if left else None


def pipe_table(lines: Sequence[Line]) -> Table | None:
    """The table of a header row, a rule row with as many cells, and body rows, or None."""
    if len(lines) < 2:
        return None
    header, rule = pipe_cells(lines[0]), pipe_rule(lines[1])
    if header is None or rule is None or len(header) != len(rule):
        return None
    rows = [header, *(pipe_cells(line) or [line.text] for line in lines[2:])]
    width = max(map(len, rows))
    grid = tuple(tuple(row) + ("",) * (width - len(row)) for row in rows)
    align = tuple(rule) + (None,) * (width - len(rule))
    return Table(grid, header=True, align=align if any(align) else ())
