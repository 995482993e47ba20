"""The subsets' font programs are ReportLab's own, byte for byte, cut faster."""

from __future__ import annotations

import random

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from convert.fonts import Face
from convert.writers.pdf.reportlab_internals.programs import ProgramCutter
from tests.support.pdf import shipped_faces


@pytest.mark.parametrize("face", shipped_faces(), ids=lambda face: face.name)
def test_programs_are_reportlabs_byte_for_byte(face: Face) -> None:
    font = TTFontFace(str(face.path))
    cutter = ProgramCutter(font)
    chars = sorted(font.charToGlyph)
    rng = random.Random(face.name)
    subsets = [
        [0, *chars[:255]],  # the first 256, many composite letters among them in a Latin face
        [0, *rng.sample(chars, min(len(chars), 120))],
        [0, 32, 0x1EA0, 0x1EC7, 0x0110, 0x10FFFF],  # Vietnamese letters, and a code the face lacks (glyph 0)
    ]
    for subset in subsets:
        assert cutter.cut(subset) == TTFontFace.makeSubset(font, subset)
    # A code ``SubsetFont.draw_as`` gave another glyph (a stand-in) is cut as ReportLab would.
    font.charToGlyph[0x10FFFF] = font.charToGlyph[32]
    assert cutter.cut(subsets[2]) == TTFontFace.makeSubset(font, subsets[2])
