"""What a ``TTFont`` subclass built without ``TTFont.__init__`` must set, and the
per-document state of its subsets.

``fonts.subsets.SubsetFont`` does what ``TTFont.__init__`` does with a face parsed its
own way, so it sets the private ``_asciiReadable`` ``__init__`` would set
(``ascii_readable``) and reads ``ttfonts.unShapedFontGlob`` as ``__init__`` does
(``shapable``); writing its subsets it asks ``TTFont._assignState`` for the document's
state (``subset_state``). Each font is registered under its own name whatever its
face calls itself (``register_apart``), not through ``pdfmetrics.registerFont``,
which keeps one font per PostScript name (its ``_dynFaceNames``).

ReportLab 5.1.0 (``CHECKED_VERSIONS``), ``reportlab/pdfbase/ttfonts.py``;
``test_private_parts`` checks each.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts


def set_ascii_readable(font: ttfonts.TTFont) -> None:
    """What ``TTFont.__init__`` sets: whether subset 0 keeps ASCII readable
    (``_asciiReadable``, from ``rl_config.ttfAsciiReadable``)."""
    font._asciiReadable = rl_config.ttfAsciiReadable


def shapable(name: str) -> bool:
    """Whether ReportLab may shape a font of this name (not in ``ttfonts.unShapedFontGlob``)."""
    return not any(fnmatch(name, pattern) for pattern in ttfonts.unShapedFontGlob)


def subset_state(font: ttfonts.TTFont, document: Any) -> Any:
    """The font's state in ``document``: its subsets and their codes (``_assignState``)."""
    return font._assignState(document)


def register_apart(font: ttfonts.TTFont) -> None:
    """Register ``font`` under its ``fontName``, its glyphs its own.

    ``pdfmetrics.registerFont`` keys a TrueType font by its face's PostScript name too
    (``_dynFaceNames``): a second font whose file calls itself as an earlier one does (a
    house copy of an installed family, ``Spectral-Regular`` both) is registered as that
    earlier font, and its own glyphs are never drawn. What it does besides for such a
    font is done here as it does it: the name in ``_fonts``, and the name as its own
    family (``registerFontFamily``), so ``<b>``/``<i>`` inside it find a face. Two
    fonts of one PostScript name in one PDF stay apart there too: their subsets' tags
    differ (``subsets.subset_tag``)."""
    pdfmetrics._fonts[font.fontName] = font
    pdfmetrics.registerFontFamily(font.fontName)


__all__ = ["register_apart", "set_ascii_readable", "shapable", "subset_state"]
