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
values are the measured floats themselves, so the PDFs are the same bytes.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Final, NamedTuple

from convert.cache import marshal_entry, read_marshalled, sealed, write_once
from convert.fonts import LANGUAGE_REPERTOIRE

#: Bump when what is kept, or how, changes: entries of another recipe are never read.
_RECIPE: Final = 2
_MAGIC: Final = b"vnconv pdf ink\n"

#: A character's glyph: advance, left, right, bottom, top, in ems; None: the face does
#: not map the character.
Measured = tuple[float, float, float, float, float] | None


class Table(NamedTuple):
    """A face's units per em and the height of its bounds (``head``), and its glyphs of
    the repertoire: all the ink check asks of a face for Vietnamese text, without
    opening it."""

    units: int
    height: int
    glyphs: dict[str, Measured]


def repertoire_table(path: str, measure: Callable[[str], Measured], metrics: Callable[[], tuple[int, int]]) -> Table:
    """The face at ``path``: its ``metrics()`` (units per em, height) and every character
    of the repertoire as ``measure`` finds it; from the cache when an entry for this file
    exists, else measured and written."""
    entry = _entry(path)
    table = _read_entry(entry)
    if table is not None:
        return table
    table = Table(*metrics(), {ch: measure(ch) for ch in sorted(LANGUAGE_REPERTOIRE)})
    try:
        write_once(entry, sealed(_MAGIC, marshal.dumps(tuple(table))))
    except (OSError, ValueError):
        pass  # a read-only or full cache costs time, not correctness
    return table


def _entry(path: str) -> Path:
    return marshal_entry("pdf-ink", Path(path), str(_RECIPE))


def _read_entry(entry: Path) -> Table | None:
    table = read_marshalled(entry, _MAGIC)
    if not (isinstance(table, tuple) and len(table) == 3 and isinstance(table[2], dict)) or set(table[2]) != LANGUAGE_REPERTOIRE:
        return None
    return Table(*table)


__all__ = ["Measured", "Table", "repertoire_table"]
