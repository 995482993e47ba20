"""The ink check's glyphs of the Vietnamese repertoire, measured once per installation.

The ink check (``lines.Ink``) needs each character's advance and exact outline bounds.
Measuring one (HarfBuzz drawing the outline into Python, ``outlines.Outlines``) takes
~45 µs (opening the face for it ~0.5 ms), and every process measured again what the one
before it had: a batch worker measured ~450 characters over 30 new articles, 20-25 ms,
most of them the same letters of the same few faces in every worker. What a face's
glyphs measure depends only on its file, so a face's table for the characters newsrooms
type (``fonts.LANGUAGE_REPERTOIRE``: ASCII, the 146 Vietnamese letters, common
punctuation) is kept in the cache (``pdf-ink/``), measured by the first process that
sets text in the face (~10 ms a face) and read back by every later one in ~0.2 ms, with
the face's units per em and height, so a face whose text keeps to the repertoire is
never opened. Characters beyond it (a symbol, a Greek letter) are measured as before, in
the process that meets them.

An entry is named by the file (its path, size and mtime), this module's recipe and the
Python version (``marshal``'s format), and carries a CRC-32 (``cache.sealed``): an entry
that is damaged or of another recipe is never used; the table is measured afresh and
written again, whole. A read-only or full cache costs time, never correctness. The
values are the measured floats themselves, so the PDFs are the same bytes: kept as the
bytes of 8-byte floats, five a character, read back as one byte string (``Packed``;
recipe 3), where recipe 2's dictionary of ~280 tuples made ~1,700 objects a face for the
few dozen characters an article asks of it.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Mapping
from pathlib import Path
from struct import pack, unpack_from
from typing import Final

from convert.cache import marshal_entry, read_marshalled, sealed, write_once
from convert.fonts import LANGUAGE_REPERTOIRE

#: Bump when what is kept, or how, changes: entries of another recipe are never read.
_RECIPE: Final = 3
_MAGIC: Final = b"vnconv pdf ink\n"

#: A character's glyph: advance, left, right, bottom, top, in ems; None: the face does
#: not map the character.
Measured = tuple[float, float, float, float, float] | None


#: A character's five numbers, as ``Packed`` keeps them.
_FIVE: Final = "=5d"


class Packed:
    """The repertoire's glyphs, each as ``Measured``: ``chars`` (the repertoire, in order),
    ``mapped`` (one byte each: 0 if the face does not map it, else 1 plus a bit for each
    of its numbers that is an int: an empty glyph's bounds, a space's, are ints 0) and
    ``values`` (its five numbers as 8-byte floats, zeros for one not mapped), read as
    each character is asked for, each number of the type it was measured as."""

    __slots__ = ("chars", "mapped", "values")

    def __init__(self, chars: str, mapped: bytes, values: bytes) -> None:
        self.chars, self.mapped, self.values = chars, mapped, values

    @classmethod
    def of(cls, glyphs: Mapping[str, Measured]) -> Packed:
        """``glyphs`` (every character of the repertoire: its five floats, or None) packed."""
        chars = "".join(sorted(glyphs))
        found = [glyphs[char] for char in chars]
        mapped = bytes(0 if measured is None else 1 + sum(2 << i for i, value in enumerate(measured) if type(value) is int) for measured in found)
        return cls(chars, mapped, b"".join(pack(_FIVE, *(measured or (0.0,) * 5)) for measured in found))

    def __contains__(self, char: object) -> bool:
        return isinstance(char, str) and len(char) == 1 and self.chars.find(char) >= 0

    def __getitem__(self, char: str) -> Measured:
        at = self.chars.find(char) if len(char) == 1 else -1
        if at < 0:
            raise KeyError(char)
        kind = self.mapped[at]
        if kind <= 1:
            return unpack_from(_FIVE, self.values, 40 * at) if kind else None  # type: ignore[return-value]
        values = unpack_from(_FIVE, self.values, 40 * at)
        return tuple(int(value) if kind & (2 << i) else value for i, value in enumerate(values))  # type: ignore[return-value]


class Table:
    """A face's units per em and the height of its bounds (``head``), and its glyphs of
    the repertoire: all the ink check asks of a face for Vietnamese text, without
    opening it. (A plain class, not a ``NamedTuple``: ~0.6 M instructions to make as
    ``vnconv pdf`` imported the writer.)"""

    __slots__ = ("units", "height", "glyphs")

    def __init__(self, units: int, height: int, glyphs: Packed) -> None:
        self.units = units
        self.height = height
        self.glyphs = glyphs


def repertoire_table(path: str, measure: Callable[[str], Measured], metrics: Callable[[], tuple[int, int]]) -> Table:
    """The face at ``path``: its ``metrics()`` (units per em, height) and every character
    of the repertoire as ``measure`` finds it; from the cache when an entry for this file
    exists, else measured and written."""
    entry = _entry(path)
    table = _read_entry(entry)
    if table is not None:
        return table
    glyphs = {ch: measure(ch) for ch in sorted(LANGUAGE_REPERTOIRE)}
    table = Table(*metrics(), Packed.of(glyphs))
    if all(measured is None or all(type(value) is float or (type(value) is int and float(value) == value) for value in measured) for measured in glyphs.values()):
        try:  # (floats, and ints a float holds exactly: they come back as they were)
            write_once(entry, sealed(_MAGIC, marshal.dumps((table.units, table.height, table.glyphs.chars, table.glyphs.mapped, table.glyphs.values))))
        except (OSError, ValueError):
            pass  # a read-only or full cache costs time, not correctness
    return table


def _entry(path: str) -> Path:
    return marshal_entry("pdf-ink", Path(path), str(_RECIPE))


def _read_entry(entry: Path) -> Table | None:
    found = read_marshalled(entry, _MAGIC)
    if not (isinstance(found, tuple) and len(found) == 5 and [type(part) for part in found] == [int, int, str, bytes, bytes]):
        return None
    units, height, chars, mapped, values = found
    if len(mapped) != len(chars) or len(values) != 40 * len(chars) or chars != _repertoire():
        return None
    return Table(units, height, Packed(chars, mapped, values))


_REPERTOIRE: list[str] = []


def _repertoire() -> str:
    """The repertoire's characters in order, as ``Packed.of`` keeps them (worked out once)."""
    if not _REPERTOIRE:
        _REPERTOIRE.append("".join(sorted(LANGUAGE_REPERTOIRE)))
    return _REPERTOIRE[0]


__all__ = ["Measured", "Packed", "Table", "repertoire_table"]
