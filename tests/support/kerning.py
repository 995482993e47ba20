"""A font's pair kerning read with fontTools, independently of the PDF writer (HarfBuzz).

``gpos_kern`` follows the ``kern`` feature's pair adjustment lookups as the OpenType
specification lays them out (OpenType 1.9, GPOS lookup type 2, formats 1 and 2, and
type 9 Extension lookups wrapping them): within a lookup the first subtable that covers
the pair applies; the lookups' adjustments add up.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _gpos(path: str) -> tuple[Any, dict[str, int], int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    cmap = font.getBestCmap()
    order = {name: index for index, name in enumerate(font.getGlyphOrder())}
    return font, {chr(code): order[name] for code, name in cmap.items()}, font["head"].unitsPerEm


def gpos_kern(path: str, first: str, second: str) -> float:
    """The ``kern`` feature's adjustment of the advance of ``first`` before ``second``, in
    thousandths of an em: PairPos subtables (formats 1 and 2, through Extension
    lookups), the first subtable of each lookup that covers the pair (OpenType 1.9, GPOS
    lookup type 2)."""
    font, glyph_of, units = _gpos(path)
    if first not in glyph_of or second not in glyph_of or "GPOS" not in font:
        return 0.0
    order = font.getGlyphOrder()
    left, right = order[glyph_of[first]], order[glyph_of[second]]
    table = font["GPOS"].table
    lookups = sorted({i for record in table.FeatureList.FeatureRecord if record.FeatureTag == "kern" for i in record.Feature.LookupListIndex})
    total = 0
    for index in lookups:
        lookup = table.LookupList.Lookup[index]
        for subtable in lookup.SubTable:
            if lookup.LookupType == 9:
                subtable = subtable.ExtSubTable
            if subtable.LookupType != 2 or left not in subtable.Coverage.glyphs:
                continue
            value = None
            if subtable.Format == 1:
                pairs = subtable.PairSet[subtable.Coverage.glyphs.index(left)].PairValueRecord
                value = next((record.Value1 for record in pairs if record.SecondGlyph == right), None)
            else:
                class1 = subtable.ClassDef1.classDefs.get(left, 0)
                class2 = subtable.ClassDef2.classDefs.get(right, 0)
                value = subtable.Class1Record[class1].Class2Record[class2].Value1
            if value is not None:
                total += getattr(value, "XAdvance", 0) or 0
                break  # the first subtable that covers the pair applies
    return total * 1000 / units
