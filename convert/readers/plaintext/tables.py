"""Tables: rows of tab-separated cells, or columns aligned with runs of spaces.

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

_TABS: Final = re.compile(r"\t+")
_GAP: Final = re.compile(r"\S {2,}\S")
#: A number as tables hold them: ``781.655``, ``8.310,2``, ``12%``, ``-3,5``, ``2015-2020``, ``1.200 tỷ``.
_NUMBER: Final = re.compile(r"^[+\-–−]?[\d.,]*\d[\d.,]*\s*(?:%|‰|[-–/]\s*[\d.,]+)?(?:\s*\S{1,6})?$")
#: Cells this long are prose, not a table's.
MAX_CELL: Final = 200


def tab_cells(line: Line) -> list[str] | None:
    """The cells of a tab-separated row (indentation is not a cell), or None."""
    cells = [fold(cell) for cell in _TABS.split(line.inner)]
    return cells if len(cells) >= 2 and all(len(cell) <= MAX_CELL for cell in cells) else None


def has_gap(line: Line) -> bool:
    """Whether the line has two spaces or more between words (a candidate aligned row)."""
    return "\t" not in line.inner and _GAP.search(line.inner) is not None


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
