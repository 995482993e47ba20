"""What a ``TTFont`` subclass built without ``TTFont.__init__`` must set, and the
per-document state of its subsets.

``fonts.subsets.SubsetFont`` does what ``TTFont.__init__`` does with a face parsed its
own way, so it sets the private ``_asciiReadable`` ``__init__`` would set
(``ascii_readable``) and reads ``ttfonts.unShapedFontGlob`` as ``__init__`` does
(``shapable``); writing its subsets it asks ``TTFont._assignState`` for the document's
state (``subset_state``).

ReportLab 5.1.0 (``CHECKED_VERSIONS``), ``reportlab/pdfbase/ttfonts.py``;
``test_private_parts`` checks each.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import ttfonts


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


__all__ = ["set_ascii_readable", "shapable", "subset_state"]
