"""A face is registered apart from any other of the same PostScript name
(``faces.register``, ``truetype_fonts.register_apart``): its PDF keeps its own glyphs
and its own name, whatever the process loaded before (a server's child has every
installed family loaded; a process of its own has none)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from convert.styles import load
from tests.support.pdf import render_pdf, style
from tests.support.structure import STRUCTURED

#: Renders the house style's PDF in a process that has loaded nothing before; prints its bytes.
_ALONE = """
import sys
from convert.styles import load
from tests.support.pdf import render_pdf
from tests.support.structure import STRUCTURED
sys.stdout.buffer.write(render_pdf(STRUCTURED, load(sys.argv[1])))
"""


def _house_style(tmp_path: Path) -> Path:
    """A style whose serif family is a folder of the user's: Be Vietnam Pro's files
    (other glyphs, other widths) renamed Spectral-*, as the installed serif is named."""
    from fontTools.ttLib import TTFont

    sans = style().family("sans")
    folder = tmp_path / "phong"
    folder.mkdir()
    for face, suffix in zip(sans.faces, ("Regular", "Bold", "Italic", "BoldItalic"), strict=True):
        font = TTFont(str(face.path))
        for record in font["name"].names:
            if record.nameID == 6:
                record.string = f"Spectral-{suffix}"
        font.save(str(folder / f"Spectral-{suffix}.ttf"))
    sheet = tmp_path / "house.toml"
    sheet.write_text(f'[fonts.serif]\nfamily = "{folder}"\n', encoding="utf-8")
    return sheet


def test_a_house_face_named_as_an_installed_one_keeps_its_glyphs_and_name(tmp_path: Path) -> None:
    sheet = _house_style(tmp_path)
    installed = render_pdf(STRUCTURED)  # the installed Spectral, registered in this process
    house_after = render_pdf(STRUCTURED, load(str(sheet)))
    alone = subprocess.run([sys.executable, "-c", _ALONE, str(sheet)], check=True, capture_output=True).stdout
    assert house_after == alone  # neither renamed (Spectral-Regular-2) nor drawn with the installed glyphs
    assert house_after != installed
    assert b"+Spectral-Regular" in alone
