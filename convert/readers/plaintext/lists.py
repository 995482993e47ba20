"""Bulleted and numbered lists: ``-``, ``+``, ``•``, ``*`` items, ``1.``, ``1)``, ``(1)``,
``a)``, ``đ)`` items, nested by indentation.

A list is at least two items in a row whose markers agree: the same bullet, or
numbers or letters that count up (in the Latin alphabet, or the Vietnamese one, where
``đ`` follows ``d`` and there is no ``f``). Items may be separated by a blank line. A
line indented under an item continues it; an item indented further than the one
before starts a list nested in it. Each item keeps its marker as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from convert.model import MAX_LIST_DEPTH, List, ListItem
from convert.readers.plaintext.lines import Line, joined
from convert.readers.plaintext.separators import separator

RULE: Final = "list: lines opening with list markers"

BULLETS: Final = "-–—•+*·●○▪■◦►➢✓❖♦◆"
_MARKER: Final = re.compile(
    rf"^(?P<marker>[{re.escape(BULLETS)}]|\d{{1,2}}[.)]|\(\d{{1,2}}\)|[a-zđ][.)]|\([a-zđ]\)|[A-ZĐ]\))\s+(?P<rest>\S.*)$"
)
#: The Vietnamese alphabet's order (no f, j, w, z; đ after d), which lettered points follow.
_VIETNAMESE: Final = "abcdđeghiklmnopqrstuvxy"
_LATIN: Final = "abcdefghijklmnopqrstuvwxyz"
#: A list item is a line or two; longer bulleted paragraphs set apart by blank lines
#: (dialogue, an interview's dashes) are paragraphs.
MAX_LOOSE_ITEM: Final = 300


@dataclass(frozen=True)
class Marked:
    """A line that opens with a list marker."""

    marker: str
    text: str


def marked(line: Line) -> Marked | None:
    match = _MARKER.match(line.text)
    if match is None or separator(line.text):  # "* * *" opens with a bullet, but parts sections
        return None
    return Marked(match["marker"], match["rest"])


def family(marker: str) -> tuple[str, str]:
    """What must agree for two markers to be of one list: the bullet, or the kind of
    counter with its punctuation (``1.``: ("digit", "."), ``(a)``: ("letter", "()"))."""
    if len(marker) == 1:
        return ("bullet", marker)
    core = marker.strip("().")
    punctuation = "".join(ch for ch in marker if ch in "().")
    return ("digit" if core.isdigit() else "lower" if core.islower() else "upper", punctuation)


def follows(previous: str, marker: str) -> bool:
    """Whether ``marker`` is the item after ``previous`` in one list: the same bullet, or
    the next number or letter (``1.`` then ``2)`` too: a slip of the typist's)."""
    kind = family(marker)[0]
    if family(previous)[0] != kind or (kind == "bullet" and previous != marker):
        return False
    if kind == "bullet":
        return True
    a, b = previous.strip("()."), marker.strip("().")
    if kind == "digit":
        return int(b) == int(a) + 1
    a, b = a.lower(), b.lower()
    return any(a in order[:-1] and order[order.index(a) + 1] == b for order in (_LATIN, _VIETNAMESE))


@dataclass
class RawItem:
    """An item as read: its marker, the lines of its text, how far it is indented."""

    marker: str
    lines: list[Line]
    indent: int
    first_text: str

    @property
    def text(self) -> str:
        rest = joined(self.lines[1:])
        return f"{self.first_text} {rest}" if rest else self.first_text


@dataclass
class ListRun:
    """Consecutive items in one group of lines; the parser joins runs a blank line apart."""

    items: list[RawItem] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.items[0].lines[0].number

    @property
    def last(self) -> int:
        return self.items[-1].lines[-1].number


def take_run(lines: Sequence[Line], start: int, wrapped_width: int | None) -> tuple[ListRun, int]:
    """The items from ``lines[start]`` on, and the index after the last line they take.

    A line that is no item continues the item above when it is indented under the
    item's text (``- `` then two spaces), or (in a hard-wrapped file) when the line
    above was full.
    """
    run = ListRun()
    index = start
    while index < len(lines):
        line = lines[index]
        found = marked(line)
        if found is not None:
            run.items.append(RawItem(found.marker, [line], line.indent, found.text))
        elif run.items and _continues(run.items[-1], line, wrapped_width):
            run.items[-1].lines.append(line)
        else:
            break
        index += 1
    return run, index


def _continues(item: RawItem, line: Line, wrapped_width: int | None) -> bool:
    """Indented under the item's text (not further: a tab there starts a paragraph), or
    in a hard-wrapped file, after a full line."""
    if item.indent < line.indent <= item.indent + len(item.marker) + 1 and not line.raw.startswith("\t"):
        return True
    previous = item.lines[-1]
    return wrapped_width is not None and len(previous.text) + 1 + len(line.text.split()[0]) > wrapped_width


def loose(run: ListRun) -> bool:
    """Whether a run may join others across a blank line: short items only."""
    return all(len(item.text) <= MAX_LOOSE_ITEM for item in run.items)


def build(items: Sequence[RawItem]) -> List | None:
    """The list these items make, nested by indentation; None if they are no list."""
    if len(items) < 2:
        return None
    nested = _nest(list(items), 1)
    return None if nested is None else List(nested)


def _nest(items: list[RawItem], depth: int) -> tuple[ListItem, ...] | None:
    """Items of one level (the first item's indent), each with the deeper items after it;
    None if they are no list (or nest deeper than a model may, ``MAX_LIST_DEPTH``)."""
    if depth > MAX_LIST_DEPTH:
        return None
    level = items[0].indent
    out: list[ListItem] = []
    index = 0
    while index < len(items):
        item = items[index]
        if item.indent < level:
            return None  # less indented than the list's first item: not one list
        end = index + 1
        while end < len(items) and items[end].indent > level:
            end += 1
        children = items[index + 1 : end]
        if out and not follows(out[-1].marker, item.marker):
            return None
        inner = _nest(children, depth + 1) if children else ()
        if inner is None:
            return None
        out.append(ListItem(item.marker, item.text, inner))
        index = end
    return tuple(out)


def split_by_family(items: Sequence[RawItem]) -> list[list[RawItem]]:
    """Top-level items cut where the marker stops following on (``-`` items, then ``1.``)."""
    if not items:
        return []
    level = min(item.indent for item in items)
    out: list[list[RawItem]] = [[items[0]]]
    previous_top = items[0] if items[0].indent == level else None
    for item in items[1:]:
        if item.indent <= level:
            if previous_top is not None and not follows(previous_top.marker, item.marker):
                out.append([])
            previous_top = item
        out[-1].append(item)
    return out
