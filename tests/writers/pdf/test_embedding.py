"""Every font a PDF names is embedded in it (issue 27 item 6): whatever the blocks
(lists, tables with empty cells, quotes, interviews, symbols, emoji), in every preset,
plain and ``--pdfx``. A PDF/X file that names an unembedded font is not PDF/X, and a
printer's preflight rejects it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from convert.model import Caption, Paragraph, Table
from convert.options import Options
from convert.writers import render
from convert.styles import load
from tests.support.pdf import TIMESTAMP, reader
from tests.support.structure import STRUCTURED

PRESETS = ("default", "a5", "nd30", "newspaper")

#: One of every block, a table with an empty cell (which platypus used to draw in
#: Helvetica), a caption without its photo, and characters only the fallback faces have.
EVERY_BLOCK = dataclasses.replace(
    STRUCTURED,
    blocks=(
        *STRUCTURED.blocks,
        Table((("Chỉ tiêu", "2024", "Ghi chú"), ("GRDP", "7,2", ""), ("", "", "tăng")), header=True, align=(None, "right", "center")),
        Caption("Quang cảnh hội nghị. Ảnh: TTXVN"),
        Paragraph("Ký hiệu: Ω № ★ ✓ ✗ → ♥ 😀 🇻🇳."),
    ),
)


def _unembedded(data: bytes) -> set[str]:
    """The base names of the fonts some page names without a font program."""
    missing: set[str] = set()
    for page in reader(data).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font: Any = ref.get_object()
            described = font
            if font.get("/Subtype") == "/Type0":
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            program = descriptor.get_object() if descriptor is not None else {}
            if not any(key in program for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return missing


@pytest.mark.parametrize("pdfx", [False, True], ids=["plain", "pdfx"])
@pytest.mark.parametrize("preset", PRESETS)
def test_every_font_named_is_embedded(preset: str, pdfx: bool) -> None:
    data = render("pdf", EVERY_BLOCK, load(preset), Options(timestamp=TIMESTAMP, pdfx=pdfx))
    assert _unembedded(data) == set()
