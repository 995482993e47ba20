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
"""

from __future__ import annotations

from itertools import accumulate
from struct import pack, pack_into, unpack_from
from typing import Final

from reportlab.pdfbase.ttfonts import TTFontFace, TTFontMaker

from convert.writers.pdf.fonts.glyf import components
from convert.writers.pdf.reportlab_internals.parsed_faces import PROGRAM_TABLES, glyph_metrics, glyph_positions, program_tables

#: The tables ReportLab copies into every subset unchanged (if the face has them).
_COPIED: Final = ("name", "OS/2", "cvt ", "fpgm", "prep")
#: Every table read here is one ``parsed_faces`` reads for a face read back.
assert set(_COPIED) | {"glyf", "post", "hhea", "maxp", "head"} <= set(PROGRAM_TABLES)

#: (where the component's glyph index sits in the glyph record, that glyph index)
Component = tuple[int, int]


class ProgramCutter:
    """The subsets' font programs of one face, as ReportLab's ``makeSubset`` makes them."""

    def __init__(self, face: TTFontFace) -> None:
        self.face = face
        tables = program_tables(face)  # a face read back: its tables read alone (parsed_faces)
        if tables is not None:
            self.data: bytes = tables["glyf"]
            self.glyf_at = 0
            table = tables.__getitem__
        else:
            # The glyph records are read where they are in the file's bytes, each as it is
            # first needed: ``get_table("glyf")`` copied the whole table (a third to a half
            # of the file) for each face of every process, to take a few hundred glyphs.
            self.data = face._ttf_data
            self.glyf_at = face.get_table_pos("glyf")[0]
            table = face.get_table
        self.positions = glyph_positions(face)  # compact for a face read back (parsed_faces)
        self.advances, self.bearings = glyph_metrics(face)
        self.copied = [(tag, table(tag)) for tag in _COPIED if tag in face.table]
        self.post = b"\x00\x03\x00\x00" + table("post")[4:16] + b"\x00" * 16
        self.hhea: bytes = table("hhea")
        self.maxp: bytes = table("maxp")
        self.head: bytes = table("head")
        self._records: dict[int, tuple[bytes, tuple[Component, ...]]] = {}
        self._metrics: dict[int, tuple[int, bytes, bytes]] = {}

    def record(self, glyph: int) -> tuple[bytes, tuple[Component, ...]]:
        """A glyph's record padded to 4 bytes, as a subset holds it, and its components
        (none for a simple or empty glyph); read once per process (looked up, not
        tried: a KeyError raised and caught for each of the ~700 glyphs a process's first
        article reads cost ~3 M instructions)."""
        known = self._records.get(glyph)
        if known is not None:
            return known
        start, end = self.positions[glyph], self.positions[glyph + 1]
        record = self.data[self.glyf_at + start : self.glyf_at + end] + b"\0" * (-(end - start) % 4)
        found: list[Component] = []
        if end - start > 2 and unpack_from(">h", record)[0] < 0:
            found = [(where, part) for _, part, where in components(record, 0)]
        entry = self._records[glyph] = (record, tuple(found))
        return entry

    def cut(self, subset: list[int]) -> bytes:
        """The TrueType program of the subset whose code ``i`` is character ``subset[i]``
        (what ``TTFontFile.makeSubset(subset)`` returns)."""
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
        records = self._records
        for old in glyph_map:  # the components too, numbered as found (the list grows as it is read)
            entry = records.get(old) or self.record(old)
            for _, part in entry[1]:
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
        while full > 1 and metrics[full - 1][0] == metrics[full - 2][0]:
            full -= 1
        return b"".join([metric[1] for metric in metrics[:full]] + [metric[2] for metric in metrics[full:]]), full

    def _metric(self, glyph: int) -> tuple[int, bytes, bytes]:
        """A glyph's advance, its advance and bearing packed, and its bearing packed (ReportLab's ints)."""
        found = self._metrics.get(glyph)
        if found is None:
            advance, bearing = int(self.advances[glyph]), int(self.bearings[glyph])
            found = self._metrics[glyph] = (advance, pack(">HH", advance, bearing), pack(">H", bearing))
        return found

    def _glyf(self, glyph_map: list[int], glyph_set: dict[int, int]) -> tuple[bytes, list[int]]:
        """The glyph records in the new order, padded, components renumbered, and their
        offsets (one more than the glyphs: the end)."""
        records: list[bytes | bytearray] = []
        known = self._records
        for glyph in glyph_map:
            data, components = known.get(glyph) or self.record(glyph)
            if components:
                data = bytearray(data)
                for where, part in components:
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
