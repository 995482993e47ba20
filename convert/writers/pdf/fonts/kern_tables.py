"""The pair kerning of the Vietnamese repertoire, shaped once per installation.

``kerning.PairKerning`` asked HarfBuzz for the pairs of every new paragraph (one shaping
a run, then a Python loop over its glyphs) and summed every new word pair by pair: about
6 ms of a new article's 26 ms, the dearest part of pair kerning (bench (n)). What a
face kerns depends only on its file, and the letters of Vietnamese text are few: the
pairs of the characters newsrooms type (``fonts.LANGUAGE_REPERTOIRE``: ASCII, the 146
letters, common punctuation; ~280, so ~78,000 ordered pairs) are shaped at once, as one
de Bruijn sequence of the repertoire (every ordered pair adjacent exactly once), by the
first process that kerns text in the face (~50 ms a face), and kept in the cache
(``pdf-kern/``); every later one reads the kerned pairs back in ~0.1 ms, and a word of
those characters is kerned by dictionary lookups alone.

An entry is named by the file (its path, size and mtime), this module's recipe, HarfBuzz's
version (it shapes) and Python's (``marshal``'s format), and carries a CRC-32
(``cache.sealed``): an entry that is damaged or of another recipe is never used; the
table is shaped afresh and written again, whole. A read-only or full cache costs time,
never correctness.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final, NamedTuple

from convert.cache import marshal_entry, read_marshalled, sealed, write_once

#: Bump when what is kept, or how, changes: entries of another recipe are never read.
_RECIPE: Final = 2
_MAGIC: Final = b"vnconv pdf kern\n"


class Table(NamedTuple):
    """A face's pair kerning over ``known``: the characters of the repertoire it kerns as
    itself (its own glyph, set alone at its nominal advance). ``rows`` holds, for each
    of them that kerns before another, the characters it kerns before and the values,
    in thousandths of an em, as one ``array("d")``'s bytes: read in ~0.1 ms however
    many pairs (a dictionary of ~15,000 pairs took ~2.5 ms), each row made a
    dictionary's entries only when a word first asks for it (``rows_pairs``)."""

    known: str
    rows: dict[str, tuple[str, bytes]]


def table_of(known: str, pairs: dict[str, float]) -> Table:
    """The ``Table`` of the kerned ``pairs`` (two characters -> their kerning, not zero)."""
    grouped: dict[str, list[tuple[str, float]]] = {}
    for key in sorted(pairs):
        grouped.setdefault(key[0], []).append((key[1], pairs[key]))
    return Table(known, {first: ("".join(s for s, _ in row), array("d", [v for _, v in row]).tobytes()) for first, row in grouped.items()})


def row_pairs(first: str, row: tuple[str, bytes]) -> Iterator[tuple[str, float]]:
    """A row of a ``Table`` as (pair, kerning) entries."""
    seconds, packed = row
    values = array("d")
    values.frombytes(packed)
    return zip(map(first.__add__, seconds), values)


def de_bruijn(alphabet: str) -> str:
    """A sequence in which every ordered pair of ``alphabet``'s characters (a character
    twice included) stands side by side exactly once: the de Bruijn sequence B(k, 2),
    its first character repeated at the end so that it need not be read as a cycle.

    It is the concatenation, in order, of the Lyndon words of length 1 and 2 ("a",
    "ab" for each later "b"): the construction of Fredricksen, Kessler and Maiorana,
    which for pairs is ``a`` followed by ``a`` before each later letter."""
    if not alphabet:
        return ""
    parts = []
    for index, letter in enumerate(alphabet):
        later = alphabet[index + 1 :]
        parts.append(letter + letter + letter.join(later) if later else letter)
    return "".join(parts) + alphabet[0]


def harfbuzz_version() -> str:
    """uharfbuzz's version (it names the entries: another HarfBuzz may kern otherwise),
    without loading HarfBuzz when the tables come from the cache: while ``uharfbuzz`` is
    still a stand-in (``reportlab_internals.deferred_modules``), the stand-in reads it
    from the package's ``_version.py`` alone; importing ``uharfbuzz._version`` would run
    the package's ``__init__``, which loads the HarfBuzz library (~8 ms of a ``vnconv pdf``)."""
    import uharfbuzz

    return str(uharfbuzz.__version__)


def repertoire_table(path: str, recipe: str, shape: Callable[[], Table]) -> Table:
    """The face at ``path``'s table: from the cache when an entry for this file and
    ``recipe`` (the shaper's version) exists, else ``shape()``d and written."""
    entry = marshal_entry("pdf-kern", Path(path), str(_RECIPE), recipe)
    table = _read_entry(entry)
    if table is not None:
        return table
    table = shape()
    try:
        write_once(entry, sealed(_MAGIC, marshal.dumps(tuple(table))))
    except (OSError, ValueError):
        pass  # a read-only or full cache costs time, not correctness
    return table


def _read_entry(entry: Path) -> Table | None:
    found = read_marshalled(entry, _MAGIC)
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], str) and isinstance(found[1], dict)):
        return None
    if not all(isinstance(row, tuple) and len(row) == 2 and len(row[1]) == 8 * len(row[0]) for row in found[1].values()):
        return None
    return Table(*found)  # sealed with a CRC-32 by this recipe: its pairs are as written


__all__ = ["Table", "de_bruijn", "harfbuzz_version", "repertoire_table", "row_pairs", "table_of"]
