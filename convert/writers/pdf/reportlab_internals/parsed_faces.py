"""ReportLab's reading of a face file, kept in vnconv's cache so a process need not repeat it.

Registering a TrueType face with ReportLab (``TTFontFile.extractInfo``) walks the whole
character map, the horizontal metrics and the glyph locations in pure Python, one
``struct.unpack`` per number: about 70 ms (120 ms on a slow machine) for the 17 faces
the default style's roles and fallbacks name, which a batch reads before it forks its
workers. What it finds depends only on the file and on ReportLab, so ``parsed_face``
keeps it in the cache (``pdf-faces/``): every attribute the parse sets on the
``TTFontFace``, which ``marshal`` reads back in about 20 ms for the 17 (with the
garbage collector paused: it doubled that). The face read back is the one a fresh parse gives, attribute
for attribute, types and dictionary order included
(``tests/writers/pdf/reportlab_internals/test_parsed_faces.py`` checks every face of the shipped styles),
so the PDFs are byte for byte the same.

An entry is named by the file (its path, size and mtime), ReportLab's version, this
module's recipe and the Python version (``marshal``'s format may change with it), and
carries a CRC-32 of its contents: an entry that is truncated, damaged or of another
recipe is never used, the face is parsed afresh and the entry written again, whole
(``cache.write_once``: parallel workers and ``make -j`` may race to write it).
A read-only or full cache costs time, never correctness.

Three of the attributes are kept apart and made only when first asked for
(``ParsedFace``): ``glyphToChar`` (a list of characters for every glyph), which only
ReportLab's own parse and subsetting read, and vnconv replaced its subsetting
(``programs``), and ``hmetrics`` and ``glyphPos`` (a tuple of two numbers, and a
number, for every glyph), which ``programs`` reads in their compact form
(``glyph_positions``, ``glyph_metrics``: ``array`` of machine integers where the numbers
are all ints). Unmarshalled
with the rest they were about half of an entry's objects (Spectral: ~400 kB of a
face's ~700 kB, its file's bytes included) and of the time to read it back: ~190 page
faults and ~0.4 ms of the five faces of a ``vnconv pdf`` (recipe 2). The character
maps' numbers are each one object in the entry (``_shared_numbers``, recipe 3).

Nor is the whole file read for a face read back: the tables a subset's program is cut
from (``PROGRAM_TABLES``: the glyph records and the few tables copied whole) are read
where the parse found them (``program_tables``), the small ones as the face is, the
glyph records (``glyf``, half of the file) only when a program needs a glyph
``programs`` does not keep (``glyph_table``), and the file's bytes (``_ttf_data``) only
if something asks for them. The layout and substitution tables
(``GPOS``, ``GSUB``), the character map, ``post``'s glyph names and the metrics and
offsets already parsed were half of Spectral's 261 kB, read into fresh memory by every
process (~100 page faults for the seed's five faces).
"""

from __future__ import annotations

import marshal
import os
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

from convert.cache import marshal_entry, read_marshalled, sealed, write_once

#: Bump when what is kept, or how, changes: entries of another recipe are never read.
_RECIPE: Final = 3
_MAGIC: Final = b"vnconv pdf face\n"
#: Not kept: the file's bytes (read from the file itself) and the scaling function
#: ReportLab makes from ``unitsPerEm`` (made again the same way, ``_scale``).
_NOT_KEPT: Final = ("_ttf_data", "_pdfScale")
#: The tables ``programs.ProgramCutter`` reads (those present): read for a face read
#: back instead of the whole file.
PROGRAM_TABLES: Final = ("glyf", "name", "OS/2", "cvt ", "fpgm", "prep", "post", "hhea", "maxp", "head")
#: Of those, read when first needed (``glyph_table``), not with the face: the glyph
#: records (~100-135 kB of each shipped face; ~150 page faults for the seed's five),
#: which ``programs`` keeps in the cache for the repertoire's glyphs.
_READ_LATER: Final = ("glyf",)
_READ_WITH_FACE: Final = tuple(tag for tag in PROGRAM_TABLES if tag not in _READ_LATER)
#: Kept apart, each made when first asked for (``ParsedFace``).
_APART: Final = ("glyphToChar", "hmetrics", "glyphPos")
#: The ``array`` type codes of the compact forms: glyph offsets (``loca``, 32 bits
#: unsigned), advances and left side bearings (16 bits in the file, read signed or not
#: as ReportLab reads them: kept as 32-bit signed ints, which hold either).
_OFFSETS: Final = "I"
_ADVANCES: Final = "i"
_BEARINGS: Final = "i"


class ParsedFace(TTFontFace):
    """A ``TTFontFace`` read back from its entry, whose ``glyphToChar``, ``hmetrics`` and
    ``glyphPos`` are made, as the parse made them, when first asked for: until then
    they are not in its ``__dict__``, and ``__getattr__`` (asked only for what it
    lacks) makes them from the compact forms kept for the face (``_COMPACT``)."""

    def __getattr__(self, name: str) -> Any:
        if name == "_ttf_data" and self in _TABLES:
            data = self.__dict__["_ttf_data"] = Path(self.filename).read_bytes()
            return data
        compact = _COMPACT.get(self) if name in _APART else None
        if compact is None:
            raise AttributeError(name)
        if name == "glyphToChar":
            value: Any = marshal.loads(compact.glyph_to_char)
        elif name == "hmetrics":
            value = list(zip(compact.advances, compact.bearings))
        else:
            value = list(compact.positions)
        self.__dict__[name] = value
        return value


class _Compact:
    """A ``ParsedFace``'s attributes kept apart: ``glyphToChar`` marshalled, the glyph
    offsets, advances and bearings as arrays."""

    __slots__ = ("glyph_to_char", "positions", "advances", "bearings")

    def __init__(self, glyph_to_char: bytes, positions: Sequence[int], advances: Sequence[int], bearings: Sequence[int]) -> None:
        self.glyph_to_char = glyph_to_char
        self.positions = positions
        self.advances = advances
        self.bearings = bearings


_COMPACT: Final[WeakKeyDictionary[TTFontFace, _Compact]] = WeakKeyDictionary()
#: A face read back: its ``PROGRAM_TABLES`` as read with it.
_TABLES: Final[WeakKeyDictionary[TTFontFace, dict[str, bytes]]] = WeakKeyDictionary()


def program_tables(face: TTFontFace) -> dict[str, bytes] | None:
    """The face's ``PROGRAM_TABLES`` (those it has) as read so far, for a face read back
    whose file's bytes were not read (``glyf`` once ``glyph_table`` read it); None
    otherwise (``get_table`` reads them)."""
    return _TABLES.get(face) if "_ttf_data" not in face.__dict__ else None


def glyph_table(face: TTFontFace) -> bytes | None:
    """The ``glyf`` table of a face read back whose file's bytes were not read, read now
    (the first time) where the parse found it; None otherwise (``get_table`` reads it),
    or if it cannot be read whole (a file changed under it: then the file's bytes are
    read whole, as ReportLab would, and ``program_tables`` is None from then on)."""
    tables = program_tables(face)
    if tables is None:
        return None
    found = tables.get("glyf")
    if found is None and "glyf" in face.table:
        read = _read_tables(face.filename, face.table, _READ_LATER)
        if read is None:
            face._ttf_data = Path(face.filename).read_bytes()
            return None
        found = tables["glyf"] = read["glyf"]
    return found


def _read_tables(path: str, table: dict[str, dict[str, int]], tags: tuple[str, ...]) -> dict[str, bytes] | None:
    """The tables ``tags`` (those present) of the file at ``path`` where ``table`` (the
    parse's directory) puts them; None if one cannot be read whole (a file changed
    under it: then the whole file is read, as ReportLab would)."""
    found: dict[str, bytes] = {}
    try:
        with open(path, "rb", buffering=0) as handle:
            descriptor = handle.fileno()
            for tag in tags:
                entry = table.get(tag)
                if entry is None:
                    continue
                data = os.pread(descriptor, entry["length"], entry["offset"])
                if len(data) != entry["length"]:
                    return None
                found[tag] = data
    except (OSError, KeyError, TypeError):
        return None
    return found


def glyph_positions(face: TTFontFace) -> Sequence[int]:
    """Where each glyph's record starts in the ``glyf`` table, and where the last ends
    (``glyphPos``): the compact form for a face read back, the parse's list else."""
    compact = _COMPACT.get(face)
    return compact.positions if compact is not None and "glyphPos" not in face.__dict__ else face.glyphPos  # type: ignore[no-any-return]


def glyph_metrics(face: TTFontFace) -> tuple[Sequence[int], Sequence[int]]:
    """Each glyph's advance and left side bearing (``hmetrics``, as two sequences)."""
    compact = _COMPACT.get(face)
    if compact is not None and "hmetrics" not in face.__dict__:
        return compact.advances, compact.bearings
    metrics = face.hmetrics
    return [advance for advance, _ in metrics], [bearing for _, bearing in metrics]


def parsed_face(path: str) -> TTFontFace:
    """The face in the file at ``path`` as ``TTFontFace(path)`` reads it: from the cache
    when an entry for this file exists, else parsed, and the entry written."""
    entry = _entry(path)
    found = _read_entry(entry)
    if found is not None:
        state, compact = found
        face = ParsedFace.__new__(ParsedFace)
        face.__dict__.update(state)
        face.filename = path
        tables = _read_tables(path, face.table, _READ_WITH_FACE)
        if tables is None:
            face._ttf_data = Path(path).read_bytes()
        else:
            _TABLES[face] = tables
        face._pdfScale = _scale(face.unitsPerEm)
        _COMPACT[face] = compact
        return face
    face = TTFontFace(path)
    data = _encode(face)
    if data is not None:
        try:
            write_once(entry, data)
        except OSError:
            pass  # a read-only or full cache costs time, not correctness
    return face


def _entry(path: str) -> Path:
    return marshal_entry("pdf-faces", Path(path), str(_RECIPE), f"rl{reportlab.Version}")


def _scale(units_per_em: int) -> Callable[[float], float]:
    """ReportLab's ``_pdfScale``: font units to thousandths of an em, as ``extractInfo`` makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _encode(face: TTFontFace) -> bytes | None:
    """The entry for a freshly parsed face, or None if its state holds something
    ``marshal`` cannot keep (a later ReportLab might add one: then nothing is cached)."""
    state = {key: value for key, value in vars(face).items() if key not in _NOT_KEPT}
    # TTFNameBytes (bytes with the decoded name as ``ustr``) are kept as their two parts.
    # (``plain`` keeps their places, as None, so the attributes come back in their order;
    # those kept apart come back in theirs when made, which only ``vars`` would show.)
    names = {key: (bytes(value), value.ustr) for key, value in state.items() if isinstance(value, TTFNameBytes)}
    plain = {key: None if key in names else value for key, value in state.items() if key not in _APART}
    plain.update(_shared_numbers({key: plain[key] for key in _CHARACTER_MAPS if isinstance(plain.get(key), dict)}))
    try:
        metrics = face.hmetrics
        apart = (
            marshal.dumps(face.glyphToChar),
            _packed(_OFFSETS, face.glyphPos),
            _packed(_ADVANCES, [advance for advance, _ in metrics]),
            _packed(_BEARINGS, [bearing for _, bearing in metrics]),
        )
        payload = marshal.dumps((names, plain, apart))
    except (ValueError, AttributeError):
        return None  # not as this recipe expects (a later ReportLab): nothing is cached
    return sealed(_MAGIC, payload)


#: The character maps (code point -> glyph, code point -> width), each ~460-2,965 entries.
_CHARACTER_MAPS: Final = ("charToGlyph", "charWidths")


def _shared_numbers(maps: dict[str, dict[Any, Any]]) -> dict[str, dict[Any, Any]]:
    """``maps`` with every int among their keys and values one object per value (the
    same keys, values and order): ``marshal`` writes an object met before as a reference
    to it, so the two maps' keys (the same code points) and the widths (~180 distinct
    among Spectral's 879) are made once as the entry is read back, not once per place:
    ~2,400 fewer objects for Spectral (recipe 3; ~0.3 M instructions and ~15 page faults
    a face). Only ints: ``1 == 1.0``, and a float is kept as itself."""
    seen: dict[int, int] = {}

    def one(value: Any) -> Any:
        return seen.setdefault(value, value) if type(value) is int else value

    return {name: {one(key): one(value) for key, value in table.items()} for name, table in maps.items()}


#: How a list that is not all ints an array of its type holds is kept: marshalled. (ReportLab
#: gives a glyph past the face's last full metric the advance it scaled for its widths:
#: a float where the face's units per em are not 1000, as in Noto Emoji.)
_LISTED: Final = "marshal"


def _packed(code: str, values: list[Any]) -> tuple[str, bytes]:
    """``values`` as the bytes of an array of type ``code`` if it holds them exactly
    (ints in its range), else marshalled (``_LISTED``)."""
    if all(type(value) is int for value in values):
        try:
            return code, array(code, values).tobytes()
        except OverflowError:
            pass
    return _LISTED, marshal.dumps(values)


def _unpacked(packed: object, code: str) -> Sequence[Any] | None:
    """What ``_packed`` kept, or None if ``packed`` is not of type ``code`` or a list."""
    if not (isinstance(packed, tuple) and len(packed) == 2 and isinstance(packed[1], bytes)):
        return None
    if packed[0] == _LISTED:
        values = marshal.loads(packed[1])
        return values if isinstance(values, list) else None
    found = array(code)
    if packed[0] != code or len(packed[1]) % found.itemsize:
        return None
    found.frombytes(packed[1])
    return found


def _read_entry(entry: Path) -> tuple[dict[str, Any], _Compact] | None:
    """The face's attributes from its entry, and those kept apart; None if there is
    none or it is not whole."""
    found = read_marshalled(entry, _MAGIC)
    if not (isinstance(found, tuple) and len(found) == 3):
        return None
    names, plain, apart = found
    if not isinstance(names, dict) or not isinstance(plain, dict) or not (isinstance(apart, tuple) and len(apart) == 4):
        return None
    glyph_to_char, *packed = apart
    arrays = [_unpacked(part, code) for part, code in zip(packed, (_OFFSETS, _ADVANCES, _BEARINGS))]
    if not isinstance(glyph_to_char, bytes) or None in arrays:
        return None
    positions, advances, bearings = arrays
    state = {key: _name(*names[key]) if key in names else value for key, value in plain.items()}
    return state, _Compact(glyph_to_char, positions, advances, bearings)  # type: ignore[arg-type]


def _name(raw: bytes, text: str) -> TTFNameBytes:
    """A TTFNameBytes as ReportLab made it: the bytes, and the text they were decoded to."""
    name = bytes.__new__(TTFNameBytes, raw)
    name.ustr = text
    return name


__all__ = ["PROGRAM_TABLES", "ParsedFace", "glyph_metrics", "glyph_positions", "glyph_table", "parsed_face", "program_tables"]
