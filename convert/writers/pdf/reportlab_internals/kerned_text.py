"""Kerned lines drawn: ReportLab's text object writes a face's text with its pair kerning.

``kerned_text`` writes a line as ``PDFTextObject._formatText`` does for a TrueType face
(each subset's font selection when it changes, its codes escaped by the canvas), but as
a ``TJ`` array with the kerning (``fonts.kerning.PairKerning.adjustments``) as numbers
between the glyphs' strings (ISO 32000-1 §9.4.3: a number moves the next glyph left by
that many thousandths of an em; word spacing, ``Tw``, still applies to the spaces in
the strings). Every glyph keeps its own code, so extraction, search and copy give the
same characters. ``install`` wraps ``PDFTextObject._formatText`` (a private part:
checked against ReportLab 5.1.0, ``CHECKED_VERSIONS``) for the faces that have a
``kerning`` (``fonts.subsets.SubsetFont``) while the rendering kerns; everything else
is ReportLab's own. On a canvas that ``discards_drawing`` (``layout.flow.TrialCanvas``:
a trial layout, measured and thrown away) no text operator is formatted at all: a
newspaper page was set three to five times to balance its columns, and formatting
the lines nobody would see took a tenth of its time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import textobject
from reportlab.pdfgen.canvas import Canvas

from convert.writers.pdf.fonts.kerning import KERNING


#: Each code of a simple font escaped as ReportLab's canvas escapes a string (``escapePDF``).
_ESCAPED: Final = tuple(escapePDF(bytes([code])) for code in range(256))


def kerned_text(tx: Any, font: Any, text: str) -> str:
    """The PDF operators that show ``text`` in ``font`` on text object ``tx``: per
    subset its font selection (when it changes) and a ``TJ`` array with the kerning
    between the glyphs (a ``Tj`` where a run has none), as ``_formatText`` writes them."""
    canvas = tx._canvas
    document = canvas._doc
    escape = canvas._escape
    adjustments = font.kerning.adjustments(text)
    adjustments.append((len(text) + 1, ""))  # past the end: never reached
    pending = 0
    code: list[str] = []
    position = 0
    for subset, chunk in font.splitString(text, document):
        if subset != tx._curSubset:
            code.append(f"{font.getSubsetInternalName(subset, document)} {fp_str(tx._fontsize)} Tf {fp_str(tx._leading)} TL")
            tx._curSubset = subset
        end = position + len(chunk)  # one code a character
        if adjustments[pending][0] >= end:  # nothing kerned in this subset's run
            code.append(f"({escape(chunk)}) Tj")
            position = end
            continue
        # Escaped code by code (escapePDF escapes each byte alone: the same text as
        # escaping each piece between two numbers), joined piece by piece.
        escaped = list(map(_ESCAPED.__getitem__, chunk)) if escape.__func__ is Canvas._escape else [escape(bytes([c])) for c in chunk]
        parts: list[str] = []
        start = position
        while adjustments[pending][0] < end:
            index, number = adjustments[pending]
            pending += 1
            if index > start:
                parts.append(f"({''.join(escaped[start - position : index - position])})")
            parts.append(number)
            start = index
        parts.append(f"({''.join(escaped[start - position :])})")
        code.append(f"{parts[0]} Tj" if len(parts) == 1 else f"[{' '.join(parts)}] TJ")
        position = end
    return " ".join(code)


def _kerning(original: Callable[[Any, Any], str]) -> Callable[[Any, Any], str]:
    @functools.wraps(original)
    def format_text(self: Any, text: Any) -> str:
        """ReportLab's text operators, kerned for a face that kerns while the rendering
        does; none on a canvas whose drawing is never written (a trial layout's)."""
        if getattr(self._canvas, "discards_drawing", False):
            return ""
        if KERNING.get() and not isinstance(text, textobject.ShapedStr):
            font = pdfmetrics.getFont(self._fontname)
            if getattr(font, "kerning", None) is not None:
                return kerned_text(self, font, text.decode("utf-8") if isinstance(text, bytes) else text)
        return original(self, text)

    format_text.vnconv_kerning = True  # type: ignore[attr-defined]
    return format_text


def install() -> None:
    """Let ReportLab's text objects draw kerned text (once per process)."""
    current = textobject.PDFTextObject._formatText
    if not getattr(current, "vnconv_kerning", False):
        textobject.PDFTextObject._formatText = _kerning(current)  # type: ignore[method-assign]


install()


__all__ = ["install", "kerned_text"]
