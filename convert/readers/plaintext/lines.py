"""The file as numbered lines, and the lines as groups between blank lines.

Everything the reader decides starts from lines: their text with spaces folded, but
also their layout before folding (how far a line is indented, and whether it holds
tabs or runs of spaces between words), because tables, nested lists, tab-indented
paragraphs and right-aligned bylines are told apart by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from convert.text import fold

#: A tab moves to the next multiple of this many columns (for indentation only).
TAB_COLUMNS: Final = 4
#: A line indented at least this far that stands alone at the end is set right (a byline).
RIGHT_ALIGNED_COLUMNS: Final = 16
#: A text that ends a sentence: ``.``, ``!``, ``?`` or ``…``, perhaps inside closing quotes or brackets.
ENDS_SENTENCE: Final = re.compile(r"[.!?…][\"'”’»)\]]*$")
#: A text that ends a clause at least: a sentence's end, or ``,``, ``;``, ``:``.
ENDS_CLAUSE: Final = re.compile(r"[.,;:!?…][\"'”’»)\]]*$")


@dataclass(frozen=True)
class Line:
    """One line of the input as the reader sees it: its number, as cleaned, and folded."""

    number: int  # 1-based, in the file as given
    raw: str  # as cleaned, without trailing spaces: tabs and runs of spaces kept
    text: str  # spaces folded

    @property
    def indent(self) -> int:
        """Leading columns (a tab counts to the next multiple of ``TAB_COLUMNS``)."""
        stripped = self.raw.lstrip(" \t")
        return len(self.raw[: len(self.raw) - len(stripped)].expandtabs(TAB_COLUMNS))

    @property
    def inner(self) -> str:
        """The raw line without its indentation."""
        return self.raw.lstrip(" \t")

    @property
    def right_aligned(self) -> bool:
        return self.indent >= RIGHT_ALIGNED_COLUMNS

    def __bool__(self) -> bool:
        return bool(self.text)


def split_lines(text: str, first_number: int = 1) -> list[Line]:
    """Every line of ``text`` (blank ones too), numbered from ``first_number``."""
    return [Line(number, raw.rstrip(" \t"), fold(raw)) for number, raw in enumerate(text.split("\n"), start=first_number)]


@dataclass(frozen=True)
class Group:
    """Lines with no blank line between them, and how many blank lines came before."""

    lines: tuple[Line, ...]
    blank_before: int


def groups(lines: Iterable[Line]) -> list[Group]:
    out: list[Group] = []
    current: list[Line] = []
    blanks = 0
    before = 0
    for line in lines:
        if not line:
            if current:
                out.append(Group(tuple(current), before))
                current = []
                blanks = 0
            blanks += 1
            continue
        if not current:
            before = blanks if out else 0
        current.append(line)
    if current:
        out.append(Group(tuple(current), before))
    return out


def joined(lines: Sequence[Line]) -> str:
    """Hard-wrapped lines as one text, joined with one space."""
    return " ".join(line.text for line in lines)
