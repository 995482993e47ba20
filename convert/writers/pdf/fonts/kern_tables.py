"""The pair kerning of the Vietnamese repertoire, shaped once per installation.

``kerning.PairKerning`` asked HarfBuzz for the pairs of every new paragraph (one shaping
a run, then a Python loop over its glyphs) and summed every new word pair by pair: about
6 ms of a new article's 26 ms, the dearest part of pair kerning (bench (n)). What a
face kerns depends only on its file, and the letters of Vietnamese text are few: the
pairs of the characters newsrooms type (``fonts.LANGUAGE_REPERTOIRE``: ASCII, the 146
letters, common punctuation; ~280, so ~78,000 ordered pairs) are shaped at once, as one
de Bruijn sequence of the repertoire (every ordered pair adjacent exactly once), by the
first process that kerns text in the face (~50 ms a face), and kept in the cache
(``pdf-kern/``); every later one reads the kerned pairs back as four flat strings
(recipe 3; recipe 2's row per character took ~0.35 ms a face to read), and a word of
those characters is kerned by dictionary lookups alone, each pair found in its row
the first time it is asked. A face kerns with few distinct values (34 to 118 for the
shipped ones, over 12,000-17,000 pairs): recipe 4 keeps each pair's value as a byte,
its place among them (``kerns``), where recipe 3 kept the 8-byte float itself. An entry
is ~55 kB instead of ~150 kB: what a ``vnconv pdf`` reads and unmarshals for its five
faces is ~500 kB less (~250 page faults). Recipe 5 keeps ``seconds`` (~13,000 characters,
most of them Vietnamese letters) as its UTF-16 bytes, decoded in ~4 µs, where ``marshal``
decoded its UTF-8 in ~50 µs a face.

An entry is named by the file (its path, size and mtime), this module's recipe, HarfBuzz's
version (it shapes) and Python's (``marshal``'s format), and carries a CRC-32
(``cache.sealed``): an entry that is damaged or of another recipe is never used; the
table is shaped afresh and written again, whole. A read-only or full cache costs time,
never correctness.
"""

from __future__ import annotations

import marshal
from struct import pack, unpack_from
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final, NamedTuple

from convert.cache import marshal_entry, read_marshalled, sealed, write_once

#: Bump when what is kept, or how, changes: entries of another recipe are never read.
_RECIPE: Final = 5
_MAGIC: Final = b"vnconv pdf kern\n"


class Table(NamedTuple):
    """A face's pair kerning over ``known``: the characters of the repertoire it kerns as
    itself (its own glyph, set alone at its nominal advance). ``firsts`` holds, in order,
    each of them that kerns before another; the row of ``firsts[i]`` is
    ``seconds[start:end]``, the characters it kerns before, and the same span of
    ``values``, their kerning in thousandths of an em, each the place of its value in
    ``kerns`` (the distinct values, in order) as one byte, or two if there are more
    than 256 (``index_size``), where ``start, end`` are the ``i``-th and next of
    ``starts`` (4-byte unsigned). Strings, byte strings and a short tuple, read back
    whole in a few hundredths of a millisecond however many pairs (a dictionary of
    ~15,000 pairs took ~2.5 ms; a row each, ~0.35 ms a face); a pair is found in its
    row when first asked (``kern``, ``kerning.RepertoirePairs``)."""

    known: str
    firsts: str
    starts: bytes
    seconds: str
    values: bytes
    kerns: tuple[float, ...]


#: No table: every pair is asked alone (a face whose repertoire cannot be shaped as one sequence).
EMPTY: Final = Table("", "", pack("=I", 0), "", b"", ())


def index_size(table: Table) -> int:
    """The bytes of each of ``values``: 1 while ``kerns`` has at most 256 values, else 2."""
    return 1 if len(table.kerns) <= 256 else 2


def table_of(known: str, pairs: dict[str, float]) -> Table:
    """The ``Table`` of the kerned ``pairs`` (two characters -> their kerning, not zero)."""
    firsts: list[str] = []
    starts: list[int] = []
    seconds: list[str] = []
    for key in sorted(pairs):
        if not firsts or firsts[-1] != key[0]:
            firsts.append(key[0])
            starts.append(len(seconds))
        seconds.append(key[1])
    starts.append(len(seconds))
    kerns = tuple(sorted(set(pairs.values())))
    place = {value: index for index, value in enumerate(kerns)}
    places = [place[pairs[key]] for key in sorted(pairs)]
    values = bytes(places) if len(kerns) <= 256 else pack(f"={len(places)}H", *places)
    return Table(known, "".join(firsts), pack(f"={len(starts)}I", *starts), "".join(seconds), values, kerns)


def row(table: Table, first: str) -> tuple[int, int]:
    """Where ``first``'s row is in ``seconds`` and ``values`` (start, end; empty if none)."""
    at = table.firsts.find(first)
    return (0, 0) if at < 0 else unpack_from("=2I", table.starts, 4 * at)  # type: ignore[return-value]


def value_at(table: Table, at: int) -> float:
    """The kerning of the pair at ``at`` in ``seconds``."""
    return table.kerns[table.values[at] if len(table.kerns) <= 256 else unpack_from("=H", table.values, 2 * at)[0]]


def kern(table: Table, first: str, second: str) -> float:
    """The kerning of ``first`` before ``second`` in ``table`` (0.0: none)."""
    start, end = row(table, first)
    at = table.seconds.find(second, start, end) if end > start else -1
    return value_at(table, at) if at >= 0 else 0.0


def table_pairs(table: Table) -> Iterator[tuple[str, float]]:
    """Every pair of ``table`` and its kerning, row by row."""
    starts = unpack_from(f"={len(table.firsts) + 1}I", table.starts)
    places = table.values if index_size(table) == 1 else unpack_from(f"={len(table.seconds)}H", table.values)
    for row, first in enumerate(table.firsts):
        for at in range(starts[row], starts[row + 1]):
            yield first + table.seconds[at], table.kerns[places[at]]


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
        write_once(entry, sealed(_MAGIC, marshal.dumps((*table[:3], table.seconds.encode("utf-16"), *table[4:]))))
    except (OSError, ValueError):
        pass  # a read-only or full cache costs time, not correctness
    return table


def _read_entry(entry: Path) -> Table | None:
    found = read_marshalled(entry, _MAGIC)
    if not (isinstance(found, tuple) and len(found) == 6 and [type(part) for part in found] == [str, str, bytes, bytes, bytes, tuple]):
        return None
    try:
        seconds = found[3].decode("utf-16")  # with its byte order mark: CPython's own decoder, no codec looked up
    except UnicodeDecodeError:
        return None
    table = Table(*found[:3], seconds, *found[4:])
    if len(table.starts) != 4 * (len(table.firsts) + 1) or len(table.values) != index_size(table) * len(table.seconds):
        return None
    if not all(type(value) is float for value in table.kerns):
        return None
    return table  # sealed with a CRC-32 by this recipe: its pairs are as written (each place within kerns)


__all__ = ["EMPTY", "Table", "de_bruijn", "harfbuzz_version", "index_size", "kern", "repertoire_table", "row", "table_of", "table_pairs", "value_at"]
