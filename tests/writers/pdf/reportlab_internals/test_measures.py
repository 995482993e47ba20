"""ReportLab's paragraphs use ``measures.string_width`` and ``measures.ascent_descent``,
which answer as ``pdfmetrics.stringWidth`` and ``pdfmetrics.getAscentDescent`` do."""

from __future__ import annotations

import itertools

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl_paragraph

from convert.styles import load
from convert.writers.pdf.layout import lines  # noqa: F401 - the writer installs the measures on import
from convert.writers.pdf.fonts.faces import register
from convert.writers.pdf.reportlab_internals.measures import ascent_descent, string_width

TEXTS = (" ", "  ", "Tiếng Việt", "ẨỖỆ", "", "Ω")
SIZES = (None, 7, 9.5, 11, 72)


def _font_names() -> list[str]:
    style = load()
    names = [register(face) for face in style.role_faces()]
    return [*names, "Helvetica", "Times-Bold"]  # ReportLab's standard fonts too


def test_answers_are_reportlabs() -> None:
    names = _font_names()
    for name, size in itertools.product(names, SIZES):
        for _ in range(2):  # asked, then remembered
            assert ascent_descent(name, size) == pdfmetrics.getAscentDescent(name, size), (name, size)
            if size is None:
                continue
            for text in TEXTS:
                assert string_width(text, name, size) == pdfmetrics.stringWidth(text, name, size), (name, size, text)
    assert len({string_width(" ", name, 11) for name in names}) > 1  # the fonts' spaces differ


def test_reportlab_breaks_lines_with_them() -> None:
    assert rl_paragraph.stringWidth is string_width
    assert rl_paragraph.getAscentDescent is ascent_descent
