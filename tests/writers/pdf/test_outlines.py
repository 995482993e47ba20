"""Glyph bounds read from the points (``outlines.outline_box``) are exactly those
fontTools' ``BoundsPen`` draws, and the ink check still gets them where only drawing can tell."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from convert.fonts import VIETNAMESE_LETTERS, Face
from convert.writers.pdf.lines import Ink
from convert.writers.pdf.outlines import UNKNOWN, outline_box
from tests.support.pdf import shipped_faces


@pytest.mark.parametrize("face", shipped_faces(), ids=lambda face: face.name)
def test_bounds_from_points_are_the_drawn_bounds(face: Face) -> None:
    ink = Ink(str(face.path))
    glyf, hmtx = ink.font["glyf"], ink.font["hmtx"]
    codes = [ord(c) for c in VIETNAMESE_LETTERS + "0123456789.,;:!?()[]-–—“”…%&@/" if ord(c) in ink.cmap]
    codes += random.Random(face.name).sample(sorted(ink.cmap), min(100, len(ink.cmap)))
    known = 0
    for code in codes:
        name = ink.cmap[code]
        box = outline_box(glyf, hmtx, name)
        if box is not UNKNOWN:
            known += 1
            assert box == ink.drawn_bounds(name), (hex(code), name)
    assert known > len(codes) / 3  # the points tell many glyphs' bounds (an italic's slanted curves reach past theirs)


def _made_up_font(path: Path) -> None:
    """A font with a glyph whose curve bulges past its on-curve points (``bulge``, at
    U+0041), and a composite of it scaled to half (``half``, at U+0042)."""
    bulge = TTGlyphPen(None)
    bulge.moveTo((0, 0))
    bulge.qCurveTo((250, 900), (500, 0))  # the curve's top is at 450, its control point at 900
    bulge.closePath()
    half = TTGlyphPen({"bulge": None})
    half.addComponent("bulge", (0.5, 0, 0, 0.5, 10, 20))
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "bulge", "half"])
    builder.setupCharacterMap({0x41: "bulge", 0x42: "half"})
    empty = TTGlyphPen(None).glyph()
    glyphs = {".notdef": empty, "bulge": bulge.glyph()}
    glyphs["half"] = half.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({".notdef": (500, 0), "bulge": (500, 0), "half": (300, 10)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Made Up", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_glyphs_the_points_cannot_tell_are_drawn(tmp_path: Path) -> None:
    path = tmp_path / "made-up.ttf"
    _made_up_font(path)
    ink = Ink(str(path))
    glyf, hmtx = ink.font["glyf"], ink.font["hmtx"]
    assert outline_box(glyf, hmtx, "bulge") is UNKNOWN
    assert outline_box(glyf, hmtx, "half") is UNKNOWN
    bulge, half = ink.glyph("A"), ink.glyph("B")
    assert bulge is not None and half is not None
    assert bulge.top == pytest.approx(0.45)  # the curve's extreme, not its control point's 0.9
    assert half.top == pytest.approx((450 * 0.5 + 20) / 1000)
