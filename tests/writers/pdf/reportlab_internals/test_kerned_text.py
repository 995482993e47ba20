"""``kerned_text``: a kerned face's line as ReportLab's text object would write it, with
the kerning as ``TJ`` numbers between the glyphs' strings."""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from convert.writers.pdf.fonts import kerning
from convert.writers.pdf.fonts.faces import chain
from convert.writers.pdf.reportlab_internals import kerned_text
from tests.support.pdf import style


def _text_object(bold: bool) -> tuple[object, object]:
    the_style = style()
    name = chain(the_style, the_style.text["body"], bold=bold).name
    canvas = Canvas(io.BytesIO())
    text = canvas.beginText()
    text.setFont(name, 40)
    return text, pdfmetrics.getFont(name)


def test_a_kerned_pair_is_a_tj_number_between_its_glyphs() -> None:
    text, font = _text_object(bold=True)
    kern = font.kerning.pair("T", "r")
    assert kern < 0
    with kerning.applied(True):
        written = text._formatText("Tr Tr")
    assert written.endswith(f"[(T) {-kern:g} (r T) {-kern:g} (r)] TJ"), written


def test_without_kerning_reportlab_writes_its_own() -> None:
    text, _ = _text_object(bold=True)
    with kerning.applied(False):
        written = text._formatText("Tr Tr")
    assert written.endswith("(Tr Tr) Tj"), written
    assert kerned_text._kerning.__name__ == "_kerning"  # the wrapper is installed once, on import
    assert getattr(type(text)._formatText, "vnconv_kerning", False)
