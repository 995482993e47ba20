"""``glyf.components`` reads a composite glyph's components as fontTools does: their
flags and glyph indexes, whatever size their arguments and scales take."""

from __future__ import annotations

import io
from struct import unpack_from

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from convert.writers.pdf.fonts.glyf import SCALED, USE_MY_METRICS, components, is_composite


def test_components_are_those_fonttools_reads() -> None:
    square = TTGlyphPen(None)
    for point in ((0, 0), (0, 100), (100, 100), (100, 0)):
        (square.lineTo if square.points else square.moveTo)(point)
    square.closePath()
    mixed = TTGlyphPen({"square": None})
    mixed.addComponent("square", (1, 0, 0, 1, 5, 5))  # small offsets: byte arguments
    mixed.addComponent("square", (0.5, 0, 0, 0.5, 300, -400))  # word arguments, one scale
    mixed.addComponent("square", (0.5, 0, 0, 0.75, 0, 0))  # two scales
    mixed.addComponent("square", (0.5, 0.25, 0, 0.75, 0, 0))  # a two by two
    mixed.addComponent("square", (1, 0, 0, 1, 1000, 0))
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "square", "mixed"])
    builder.setupCharacterMap({0x41: "mixed"})
    glyph = mixed.glyph()
    glyph.components[-1].flags |= USE_MY_METRICS
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": square.glyph(), "mixed": glyph})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "square": (100, 0), "mixed": (1100, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    font = TTFont(io.BytesIO(out.getvalue()))
    glyf, loca = font.getTableData("glyf"), font.getTableData("loca")
    short = font["head"].indexToLocFormat == 0
    starts = [2 * unpack_from(">H", loca, 2 * i)[0] if short else unpack_from(">I", loca, 4 * i)[0] for i in range(4)]
    assert is_composite(glyf, starts[2], starts[3]) and not is_composite(glyf, starts[1], starts[2])
    found = components(glyf, starts[2])
    expected = font["glyf"]["mixed"].components
    assert [part for _, part, _ in found] == [font.getGlyphID(c.glyphName) for c in expected]
    assert [bool(flags & SCALED) for flags, _, _ in found] == [False, True, True, True, False]
    assert [flags & USE_MY_METRICS for flags, _, _ in found][-1]
    assert all(unpack_from(">H", glyf, where)[0] == part for _, part, where in found)
