"""The subsets' font programs are ReportLab's own, byte for byte, cut faster."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from convert.fonts import LANGUAGE_REPERTOIRE, Face
from convert.writers.pdf.reportlab_internals import parsed_faces
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


def test_the_repertoire_s_glyphs_are_kept_and_the_glyph_table_read_only_beyond_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first cut of a face keeps the records and metrics of the repertoire's glyphs
    in the cache (``pdf-glyphs/``); a later process's face read back cuts a subset of
    Vietnamese text from them alone, ReportLab's bytes, without reading its ``glyf``
    table, which a glyph beyond them then reads."""
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    path = next(str(face.path) for face in shipped_faces() if face.name == "Spectral-Regular")
    fresh = TTFontFace(path)
    text = [0, *sorted({ord(char) for char in "Đại hội Đảng bộ tỉnh lần thứ XVI, năm 2019: “Ấy” — ệ ở ữ"})]
    others = sorted(code for code in fresh.charToGlyph if chr(code) not in LANGUAGE_REPERTOIRE and fresh.charToGlyph[code] not in (0, 1))
    beyond = [0, 32, *others[-3:], 0x1EA0]  # the face's characters beyond the repertoire
    cold = ProgramCutter(TTFontFace(path))
    assert cold.cut(text) == TTFontFace.makeSubset(fresh, text)
    (entry,) = (tmp_path / "pdf-glyphs").iterdir()
    parsed_faces.parsed_face(path)  # its own entry written; read back below
    face = parsed_faces.parsed_face(path)
    warm = ProgramCutter(face)
    assert warm.cut(text) == TTFontFace.makeSubset(fresh, text)
    assert "glyf" not in (parsed_faces.program_tables(face) or {"glyf": b""})  # cut from the kept glyphs alone
    assert warm.cut(beyond) == TTFontFace.makeSubset(fresh, beyond)
    assert "glyf" in (parsed_faces.program_tables(face) or {})  # read for the glyphs beyond them
    entry.write_bytes(entry.read_bytes()[:-1])  # truncated: made again, with a warning
    assert ProgramCutter(parsed_faces.parsed_face(path)).cut(beyond) == TTFontFace.makeSubset(fresh, beyond)
