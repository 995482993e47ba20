"""The font program embedded for a subset: ReportLab's, byte for byte, cut faster.

ReportLab's ``TTFontFile.makeSubset`` builds a small TrueType file for each subset of a
face in every document: glyph 0, the subset's glyphs in the order of its codes, then the
components of composite glyphs (Vietnamese letters are mostly composites: a base and
its marks), with a format 6 ``cmap`` from code to glyph and the face's ``name``,
``OS/2`` and hinting tables copied. It reads every composite glyph's component list
from the file again for each subset, and rebuilds every table in pure Python, for
every face of every article: about a third of a millisecond a subset, 2 ms of an
article.

``ProgramCutter.cut`` gives the same bytes (``tests/writers/pdf/reportlab_internals/test_programs.py``
compares them with ReportLab's on every face of the shipped styles) while reading
what a face's subsets share once per process: the tables copied whole, and each
glyph's record, padded, with where its components sit in it, and its metrics (read
the first time a subset needs the glyph, from the file's bytes where the ``glyf``
table holds it; the glyph offsets and metrics in ``parsed_faces``' compact form). The glyph numbering, and so the codes and ToUnicode maps that refer to
it, is ReportLab's; the layout of the glyph records is the TrueType ``glyf`` table's
(OpenType 1.9, "glyf — Glyph Data": a negative ``numberOfContours`` marks a
composite glyph, whose components ``glyf.components`` reads).

What a process reads once per face is kept in the cache too (``pdf-glyphs/``): the
record, components and packed metrics, as ``_read`` and ``_metric`` make them, of the
glyphs of the Vietnamese repertoire (``fonts.LANGUAGE_REPERTOIRE``: the face's own glyph
for each of its characters, glyph 0, code 0's, and their components), ~280-330 a face,
read back at a face's first cut as three dictionaries (~0.9 M instructions a face).
Read one by one from the ``glyf`` table they were ~14,000 instructions a glyph
(CPython's calls, slices and ``struct``), ~9 M for the ~675 glyphs of the seed's first
render (callgrind), and the ``glyf`` table (~130 kB a face) is now read only when a
subset holds a glyph beyond them (``parsed_faces.glyph_table``): ~120 fewer page faults
for the seed. An entry is named by the file (path, size, mtime), this module's recipe,
ReportLab's version and Python's, and sealed with a CRC-32 (``cache.sealed``); one that
is missing or damaged is made again from the face, and a glyph it lacks is read as before.
"""

from __future__ import annotations

import marshal
from itertools import accumulate
from pathlib import Path
from struct import pack, pack_into, unpack_from
from typing import Final

import reportlab
from reportlab.pdfbase.ttfonts import TTFontFace, TTFontMaker

from convert.cache import marshal_entry, read_marshalled, sealed, write_once
from convert.fonts import LANGUAGE_REPERTOIRE
from convert.writers.pdf.fonts.glyf import components
from convert.writers.pdf.reportlab_internals.parsed_faces import PROGRAM_TABLES, glyph_metrics, glyph_positions, glyph_table, program_tables

#: The tables ReportLab copies into every subset unchanged (if the face has them).
_COPIED: Final = ("name", "OS/2", "cvt ", "fpgm", "prep")
#: Every table read here is one ``parsed_faces`` reads for a face read back.
assert set(_COPIED) | {"glyf", "post", "hhea", "maxp", "head"} <= set(PROGRAM_TABLES)

#: (where the component's glyph index sits in the glyph record, that glyph index)
Component = tuple[int, int]

#: Bump when what a kept entry holds, or how, changes: entries of another recipe are never read.
_RECIPE: Final = 1
_MAGIC: Final = b"vnconv pdf glyphs\n"


class ProgramCutter:
    """The subsets' font programs of one face, as ReportLab's ``makeSubset`` makes them."""

    def __init__(self, face: TTFontFace) -> None:
        self.face = face
        tables = program_tables(face)  # a face read back: its tables read alone (parsed_faces)
        table = tables.__getitem__ if tables is not None else face.get_table
        #: The ``glyf`` table's bytes, or the file's with the table at ``glyf_at``: read
        #: when a glyph not kept is first needed (``_glyph_data``).
        self.data: bytes | None = None
        self.glyf_at = 0
        self.positions = glyph_positions(face)  # compact for a face read back (parsed_faces)
        self.advances, self.bearings = glyph_metrics(face)
        self.copied = [(tag, table(tag)) for tag in _COPIED if tag in face.table]
        self.post = b"\x00\x03\x00\x00" + table("post")[4:16] + b"\x00" * 16
        self.hhea: bytes = table("hhea")
        self.maxp: bytes = table("maxp")
        self.head: bytes = table("head")
        #: Each glyph read: its record padded to 4 bytes, as a subset holds it; its
        #: components, for a composite glyph; its advance and bearing as ``hmtx`` holds
        #: them (``>HH``). The repertoire's come from the cache at the first cut (``_keep``).
        self._records: dict[int, bytes] = {}
        self._components: dict[int, tuple[Component, ...]] = {}
        self._metrics: dict[int, bytes] = {}
        self._keeping = True

    def _read(self, glyph: int) -> bytes:
        """Read a glyph's record (and its components) from the ``glyf`` table, once per process."""
        data = self.data if self.data is not None else self._glyph_data()
        start, end = self.positions[glyph], self.positions[glyph + 1]
        record = self._records[glyph] = data[self.glyf_at + start : self.glyf_at + end] + b"\0" * (-(end - start) % 4)
        if end - start > 2 and unpack_from(">h", record)[0] < 0:
            self._components[glyph] = tuple((where, part) for _, part, where in components(record, 0))
        return record

    def _glyph_data(self) -> bytes:
        """The bytes the glyph records are read from (``data``), read now: the ``glyf``
        table of a face read back (``parsed_faces.glyph_table``), else the file's bytes."""
        found = glyph_table(self.face)
        if found is None:
            # The glyph records are read where they are in the file's bytes, each as it is
            # first needed: ``get_table("glyf")`` copied the whole table (a third to a half
            # of the file) for each face of every process, to take a few hundred glyphs.
            found, self.glyf_at = self.face._ttf_data, self.face.get_table_pos("glyf")[0]
        self.data = found
        return found

    def _metric(self, glyph: int) -> bytes:
        """A glyph's advance and bearing packed as ``hmtx`` holds them (ReportLab's ints), once per process."""
        found = self._metrics[glyph] = pack(">HH", int(self.advances[glyph]), int(self.bearings[glyph]))
        return found

    def _keep(self) -> None:
        """The repertoire's glyphs from the cache (``pdf-glyphs/``), or read now and
        written for the next process; those read before are kept."""
        self._keeping = False
        entry = marshal_entry("pdf-glyphs", Path(self.face.filename), str(_RECIPE), f"rl{reportlab.Version}")
        found = read_marshalled(entry, _MAGIC)
        if not (isinstance(found, tuple) and len(found) == 3 and all(type(part) is dict for part in found)):
            found = self._repertoire()
            try:
                write_once(entry, sealed(_MAGIC, marshal.dumps(found)))
            except (OSError, ValueError):
                pass  # a read-only or full cache costs time, not correctness
        records, parts, metrics = found
        records.update(self._records)
        parts.update(self._components)
        metrics.update(self._metrics)
        self._records, self._components, self._metrics = records, parts, metrics

    def _repertoire(self) -> tuple[dict[int, bytes], dict[int, tuple[Component, ...]], dict[int, bytes]]:
        """The records, components and metrics of glyph 0, of the face's own glyph of each
        character of the repertoire and of code 0 (every subset's first code), and of
        their components, as ``_read`` and ``_metric`` make them."""
        char_to_glyph = self.face.charToGlyph
        codes = (0, *map(ord, LANGUAGE_REPERTOIRE))
        glyphs = [0, *sorted({char_to_glyph[code] for code in codes if code in char_to_glyph} - {0})]
        seen = set(glyphs)
        for glyph in glyphs:  # the components too (the list grows as it is read)
            if glyph not in self._records:
                self._read(glyph)
            for _, part in self._components.get(glyph, ()):
                if part not in seen:
                    seen.add(part)
                    glyphs.append(part)
        return (
            {glyph: self._records[glyph] for glyph in glyphs},
            {glyph: self._components[glyph] for glyph in glyphs if glyph in self._components},
            {glyph: self._metrics.get(glyph) or self._metric(glyph) for glyph in glyphs},
        )

    def cut(self, subset: list[int]) -> bytes:
        """The TrueType program of the subset whose code ``i`` is character ``subset[i]``
        (what ``TTFontFile.makeSubset(subset)`` returns)."""
        if self._keeping:
            self._keep()
        char_to_glyph = self.face.charToGlyph  # read each time: ``SubsetFont.draw_as`` changes it
        glyph_map = [0]  # new glyph index -> old
        glyph_set = {0: 0}  # old -> new
        code_to_glyph: dict[int, int] = {}
        for code in subset:
            old = char_to_glyph.get(code, 0)
            new = glyph_set.get(old)
            if new is None:
                new = glyph_set[old] = len(glyph_map)
                glyph_map.append(old)
            code_to_glyph[code] = new
        records, parts = self._records, self._components
        for old in glyph_map:  # the components too, numbered as found (the list grows as it is read)
            if old not in records:
                self._read(old)
            for _, part in parts.get(old, ()):
                if part not in glyph_set:
                    glyph_set[part] = len(glyph_map)
                    glyph_map.append(part)

        output = TTFontMaker()
        for tag, data in self.copied:
            output.add(tag, data)
        output.add("post", self.post)
        hmtx, full_pairs = self._hmtx(glyph_map)
        output.add("hmtx", hmtx)
        output.add("hhea", _with_ushort(self.hhea, 34, full_pairs))
        output.add("maxp", _with_ushort(self.maxp, 4, len(glyph_map)))
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset), *map(code_to_glyph.get, subset)]
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))
        glyf, offsets = self._glyf(glyph_map, glyph_set)
        output.add("glyf", glyf)
        if (offsets[-1] + 1) >> 1 > 0xFFFF:
            output.add("loca", pack(f">{len(offsets)}L", *offsets))
            output.add("head", _with_ushort(self.head, 50, 1))
        else:
            output.add("loca", pack(f">{len(offsets)}H", *(offset >> 1 for offset in offsets)))
            output.add("head", _with_ushort(self.head, 50, 0))
        return output.makeStream()

    def _hmtx(self, glyph_map: list[int]) -> tuple[bytes, int]:
        """Advance and left side bearing of each glyph, the trailing run of equal
        advances stored once: the table, and its number of full pairs (``hhea.numberOfHMetrics``)."""
        known = self._metrics
        metrics = [known.get(glyph) or self._metric(glyph) for glyph in glyph_map]
        full = len(metrics)
        while full > 1 and metrics[full - 1][:2] == metrics[full - 2][:2]:  # the advances, packed
            full -= 1
        return b"".join(metrics[:full] + [metric[2:] for metric in metrics[full:]]), full

    def _glyf(self, glyph_map: list[int], glyph_set: dict[int, int]) -> tuple[bytes, list[int]]:
        """The glyph records in the new order, padded, components renumbered, and their
        offsets (one more than the glyphs: the end)."""
        records: list[bytes | bytearray] = []
        known, parts = self._records, self._components
        for glyph in glyph_map:
            data: bytes | bytearray = known[glyph]  # every one read by ``cut``
            found = parts.get(glyph)
            if found:
                data = bytearray(data)
                for where, part in found:
                    pack_into(">H", data, where, glyph_set[part])
            records.append(data)
        return b"".join(records), [0, *accumulate(map(len, records))]


def cut_with_program_cutter(face: TTFontFace) -> None:
    """Let ``face`` (a ``TTFontFace``) cut its subsets' programs with a ``ProgramCutter``:
    ReportLab's ``addSubsetObjects`` calls ``face.makeSubset(codes)``, and the instance's
    own attribute is found before the class's method."""
    face.makeSubset = ProgramCutter(face).cut


def _with_ushort(table: bytes, offset: int, value: int) -> bytes:
    return table[:offset] + pack(">H", value) + table[offset + 2 :]


__all__ = ["ProgramCutter", "cut_with_program_cutter"]
