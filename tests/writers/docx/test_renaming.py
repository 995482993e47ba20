"""``renaming.renamed``: a subset under its own name, the bytes fontTools would save."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont, newTable

from convert import fonts, styles
from convert.writers.docx import fonts as docx_fonts
from convert.writers.docx import renaming


def _shipped_faces() -> list[fonts.Face]:
    """Every face a shipped style may embed or fall back on, once each."""
    faces = {
        face.path: face
        for preset in styles.available()
        for style in [styles.load(preset)]
        for font in style.fonts
        for family in (style.family(font), *style.fallbacks(font))
        for face in family.faces
    }
    return list(faces.values())


def test_a_renamed_subset_is_what_fonttools_saves_byte_for_byte() -> None:
    """The name table rewritten and the file laid out as fontTools' ``TTFont.save``
    does it, for every shipped face: a subset of a few letters, and one of the whole
    Vietnamese repertoire."""
    for face in _shipped_faces():
        for chars, scope in (("Tiếng Việt ΩαΣ₿ 2024", "used"), ("", "language")):
            data = fonts.subset(face, (c for c in chars if face.covers(c)), scope)
            family = docx_fonts.subset_name(face.family, [data])
            assert renaming.renamed(data, family) == renaming._renamed_by_fonttools(data, family), (face.name, scope)


def test_the_renamed_font_has_the_new_names_and_keeps_its_style_names() -> None:
    style = styles.load()
    face = style.family(style.text["body"].font).bold_italic
    data = fonts.subset(face, "Việt", "used")
    before = TTFont(io.BytesIO(data))["name"]
    after = TTFont(io.BytesIO(renaming.renamed(data, "Spectral QKDVMA")))["name"]
    style_name = before.getDebugName(17) or before.getDebugName(2)
    assert style_name and (after.getDebugName(17) or after.getDebugName(2)) == style_name
    assert after.getDebugName(1) == "Spectral QKDVMA"
    assert after.getDebugName(16) in (None, "Spectral QKDVMA")
    assert after.getDebugName(4) == f"Spectral QKDVMA {style_name}"
    assert after.getDebugName(6) == after.getDebugName(3) == f"SpectralQKDVMA-{style_name.replace(' ', '')}"


def _with_name_table(data: bytes, records: list[tuple[int, int, int, int, str]]) -> bytes:
    """``data`` with a name table of these (platform, encoding, language, ID, text) records."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    table = newTable("name")
    for platform, encoding, language, name_id, text in records:
        table.setName(text, name_id, platform, encoding, language)
    font["name"] = table
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "records",
    [
        # Mac Roman in English beside Windows' UTF-16, strings shared between records.
        [(1, 0, 0, 1, "Fam"), (1, 0, 0, 2, "Bold"), (3, 1, 0x409, 1, "Fam"), (3, 1, 0x409, 2, "Bold"), (3, 1, 0x409, 0, "©")],
        # No Windows English name: the Mac one names the style.
        [(1, 0, 0, 2, "Italic"), (3, 1, 0x40C, 2, "Italique"), (3, 1, 0x40C, 1, "Famille")],
        # An encoding read only by fontTools (Mac Roman for Icelandic is mac_iceland).
        [(1, 0, 15, 2, "Regular"), (3, 1, 0x409, 1, "Fam")],
        # No style name at all: "Regular".
        [(3, 1, 0x409, 1, "Fam"), (3, 1, 0x409, 6, "Fam-Regular")],
    ],
)
def test_name_tables_of_other_shapes_give_fonttools_bytes_too(records: list[tuple[int, int, int, int, str]]) -> None:
    data = _with_name_table(fonts.subset(_shipped_faces()[0], "abc", "used"), records)
    assert renaming.renamed(data, "Fam ABCDEF") == renaming._renamed_by_fonttools(data, "Fam ABCDEF")
