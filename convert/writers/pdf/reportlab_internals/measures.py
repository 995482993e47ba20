"""ReportLab's measures of a word space and of a font's ascent and descent, remembered.

ReportLab's ``breakLines`` asks, for every word of a paragraph of several fragments
(every paragraph with a fallback run), the width of a space in the word's font, and
again for each fragment of the line so far (how much its spaces may shrink,
``spaceShrinkage``); and the font's ascent and descent for every word it adds to a
line. Each answer goes through ``pdfmetrics.getFont`` and the font's own
``stringWidth`` to rl_accel's C code: some 1,400 space widths and 600 ascents an
article, about 0.7 ms of its 4 ms of line breaking. They are the same every time for a
font and a size, so ``string_width`` and ``ascent_descent`` remember them, per font
object (the one ``pdfmetrics.getFont`` gives for the name); any other
text's width is ReportLab's, asked as before. ``install`` puts them where
``reportlab.platypus.paragraph`` looks them up (once per process, as
``fragments.install`` does).

A space never changes width: ``fonts.stand_ins`` gives stand-in glyphs only to
characters a face lacks, never to a space.
"""

from __future__ import annotations

from typing import Any, Final

from reportlab.pdfbase import pdfmetrics
import reportlab.platypus.paragraph as rl_paragraph

_SPACE_WIDTHS: Final[dict[tuple[Any, float, str], float]] = {}
_ASCENTS_DESCENTS: Final[dict[tuple[Any, float | None], tuple[float, float]]] = {}
#: Fonts and sizes remembered before starting again (a batch worker lives long).
_MAX_KEPT: Final = 4096


def string_width(text: str, fontName: str, fontSize: float, encoding: str = "utf8") -> float:  # noqa: N803 - ReportLab's names
    """``pdfmetrics.stringWidth``, a space's width remembered per font, size and encoding."""
    font = pdfmetrics.getFont(fontName)
    if text != " ":
        width: float = font.stringWidth(text, fontSize, encoding)
        return width
    key = (font, fontSize, encoding)
    try:
        return _SPACE_WIDTHS[key]
    except KeyError:
        if len(_SPACE_WIDTHS) >= _MAX_KEPT:
            _SPACE_WIDTHS.clear()
        found = _SPACE_WIDTHS[key] = font.stringWidth(text, fontSize, encoding)
        return found


def ascent_descent(fontName: str, fontSize: float | None = None) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
    """``pdfmetrics.getAscentDescent``, remembered per font and size."""
    key = (pdfmetrics.getFont(fontName), fontSize)
    try:
        return _ASCENTS_DESCENTS[key]
    except KeyError:
        if len(_ASCENTS_DESCENTS) >= _MAX_KEPT:
            _ASCENTS_DESCENTS.clear()
        found = _ASCENTS_DESCENTS[key] = pdfmetrics.getAscentDescent(fontName, fontSize)
        return found


def install() -> None:
    """Let ReportLab's paragraphs use ``string_width`` and ``ascent_descent`` (once per process)."""
    rl_paragraph.stringWidth = string_width
    rl_paragraph.getAscentDescent = ascent_descent


install()

__all__ = ["ascent_descent", "install", "string_width"]
