"""The ink check's glyphs read through HarfBuzz (``outlines.Outlines``) are exactly what
fontTools gives: the same glyph for each character, the same advance, and the bounds
fontTools' ``BoundsPen`` finds drawing the outline from fontTools' glyph set; and the
glyphs HarfBuzz would draw elsewhere are drawn by fontTools."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import flagOnCurve

from convert.fonts import VIETNAMESE_LETTERS, Face
from convert.writers.pdf.layout.lines import Ink
from convert.writers.pdf.fonts.outlines import Outlines
from tests.support.pdf import shipped_faces


def _fonttools_bounds(font: TTFont, name: str) -> tuple[float, float, float, float] | None:
    glyph_set = font.getGlyphSet()
    pen = BoundsPen(glyph_set)
    glyph_set[name].draw(pen)
    bounds: tuple[float, float, float, float] | None = pen.bounds
    return bounds


@pytest.mark.parametrize("face", shipped_faces(), ids=lambda face: face.name)
def test_glyphs_are_those_fonttools_reads(face: Face) -> None:
    outlines = Outlines(str(face.path))
    font = TTFont(str(face.path), lazy=True)
    cmap = font.getBestCmap()
    assert set(hb.Face(hb.Blob.from_file_path(str(face.path))).unicodes) == set(cmap)
    head = font["head"]
    assert (outlines.units, outlines.height) == (head.unitsPerEm, head.yMax - head.yMin)
    codes = [ord(c) for c in VIETNAMESE_LETTERS + "0123456789.,;:!?()[]-–—“”…%&@/" if ord(c) in cmap]
    codes += random.Random(face.name).sample(sorted(cmap), min(150, len(cmap)))
    hmtx = font["hmtx"]
    for code in codes:
        name = cmap[code]
        gid = outlines.glyph_id(chr(code))
        assert gid == font.getGlyphID(name), hex(code)
        assert gid is not None and outlines.advance(gid) == hmtx[name][0], hex(code)
        assert outlines.bounds(gid) == _fonttools_bounds(font, name), (hex(code), name)


def _made_up_font(path: Path) -> None:
    """A TrueType font whose glyphs take every way ``Outlines.bounds`` has: ``bulge``
    (U+0041), a curve bulging past its on-curve points; ``half`` (U+0042), a composite
    of it scaled to half; ``moved`` (U+0043), a composite of it whose left side bearing
    is not its ``xMin`` (HarfBuzz moves it, fontTools does not); ``dotted`` (U+0044), a
    triangle and a contour of one point, higher; ``box`` (U+0045), straight lines."""
    bulge = TTGlyphPen(None)
    bulge.moveTo((0, 0))
    bulge.qCurveTo((250, 900), (500, 0))  # the curve's top is at 450, its control point at 900
    bulge.closePath()
    half = TTGlyphPen({"bulge": None})
    half.addComponent("bulge", (0.5, 0, 0, 0.5, 10, 20))
    moved = TTGlyphPen({"bulge": None})
    moved.addComponent("bulge", (1, 0, 0, 1, 30, 0))
    triangle = TTGlyphPen(None)
    triangle.moveTo((0, 0))
    triangle.lineTo((100, 300))
    triangle.lineTo((200, 0))
    triangle.closePath()
    dotted = triangle.glyph()
    dotted.coordinates.append((100, 700))  # a contour of one point (TTGlyphPen drops them)
    dotted.flags.append(flagOnCurve)
    dotted.endPtsOfContours.append(len(dotted.coordinates) - 1)
    dotted.numberOfContours += 1
    box = TTGlyphPen(None)
    for point in ((10, -100), (10, 600), (400, 600), (400, -100)):
        (box.lineTo if box.points else box.moveTo)(point)
    box.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "bulge", "half", "moved", "dotted", "box"])
    builder.setupCharacterMap({0x41: "bulge", 0x42: "half", 0x43: "moved", 0x44: "dotted", 0x45: "box"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "bulge": bulge.glyph(), "half": half.glyph(), "moved": moved.glyph(), "dotted": dotted, "box": box.glyph()})
    metrics = {".notdef": (500, 0), "bulge": (500, 0), "half": (300, 10), "moved": (560, 80), "dotted": (250, 0), "box": (450, 10)}
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Made Up", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    font = TTFont(str(path))
    assert font["glyf"]["moved"].xMin == 30 and font["hmtx"]["moved"][1] == 80  # the font as meant
    assert font["glyf"]["dotted"].numberOfContours == 2


def test_glyphs_harfbuzz_draws_elsewhere_are_drawn_by_fonttools(tmp_path: Path) -> None:
    path = tmp_path / "made-up.ttf"
    _made_up_font(path)
    outlines = Outlines(str(path))
    font = TTFont(str(path))
    for name in ("bulge", "half", "moved", "dotted", "box"):
        assert outlines.bounds(font.getGlyphID(name)) == _fonttools_bounds(font, name), name
    ink = Ink(str(path))
    bulge, half, moved, dotted, box = (ink.glyph(c) for c in "ABCDE")
    assert bulge is not None and half is not None and moved is not None and dotted is not None and box is not None
    assert bulge.top == pytest.approx(0.45)  # the curve's extreme, not its control point's 0.9
    assert half.top == pytest.approx((450 * 0.5 + 20) / 1000)
    assert (moved.left, moved.right) == (0.03, 0.53)  # where fontTools draws it: not moved by 80 - 30
    assert dotted.top == 0.7  # the point counts, as BoundsPen counts it
    assert (box.left, box.bottom, box.right, box.top, box.advance) == (0.01, -0.1, 0.4, 0.6, 0.45)
    # HarfBuzz itself draws the composite 50 units further right.
    pen = BoundsPen(None)
    hb.Font(hb.Face(hb.Blob.from_file_path(str(path)))).draw_glyph_with_pen(font.getGlyphID("moved"), pen)
    assert pen.bounds == (80, 0, 580, 450)


def test_outlines_without_glyf_are_drawn_by_fonttools(tmp_path: Path) -> None:
    """A CFF font (cubic outlines, no ``glyf``): fontTools draws every glyph."""
    pen = T2CharStringPen(600, None)
    pen.moveTo((0, 0))
    pen.curveTo((0, 800), (600, 800), (600, 0))  # reaches 600 high, its control points 800
    pen.closePath()
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "arch"])
    builder.setupCharacterMap({0x41: "arch"})
    builder.setupCFF("MadeUpCFF", {"FullName": "Made Up CFF"}, {".notdef": T2CharStringPen(500, None).getCharString(), "arch": pen.getCharString()}, {})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "arch": (600, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Made Up CFF", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    path = tmp_path / "made-up.otf"
    builder.save(str(path))
    arch = Ink(str(path)).glyph("A")
    assert arch is not None and arch.top == pytest.approx(0.6) and arch.advance == 0.6
