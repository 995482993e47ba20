"""The parts of a platypus ``Paragraph``'s line breaking vnconv hooks into.

- ``paragraph._hyGenPair(hyphenator, s, ww, newWidth, maxWidth, fontName, fontSize, ...)``
  is the module function ReportLab asks where a word that does not fit may break;
  ``layout.lines`` wraps it (``install_word_breaks``) to break addresses.
- The pieces of a word broken at a line's end are instances of private classes
  (``_SplitWord``, ``_SplitWordEnd``, ``_SplitFrag...``, ``_SHY...``), recognised by name.
- A split paragraph's first part justifies its last line unless ``_JustifyLast`` is 0
  (``layout.flowables`` sets it so before an address; ``layout.lines`` reads it where it
  places a line's glyphs as ReportLab draws them).

ReportLab 4 and 5.1.0 (``CHECKED_VERSIONS``), ``reportlab/platypus/paragraph.py``;
``test_private_parts`` checks each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reportlab.platypus.paragraph as rl_paragraph


def install_word_breaks(wrap: Callable[[Callable[..., Any]], Callable[..., Any]], marker: str) -> None:
    """Replace ``paragraph._hyGenPair`` with ``wrap(it)``, once per process: not when the
    function there already carries the attribute ``marker`` (``wrap``'s answer sets it)."""
    current = getattr(rl_paragraph, "_hyGenPair", None)
    if current is not None and not getattr(current, marker, False):
        rl_paragraph._hyGenPair = wrap(current)


def is_split_word_end(word: Any) -> bool:
    """Whether ``word`` is the rest of a word ReportLab broke at a line's end."""
    return type(word).__name__ == "_SplitWordEnd"


def is_split_word_head(word: Any) -> bool:
    """Whether a line's last ``word`` is the head of a word ReportLab broke at the line's end."""
    return type(word).__name__.startswith(("_SplitWord", "_SplitFrag", "_SHY"))


def justifies_last_line(paragraph: rl_paragraph.Paragraph) -> bool:
    """Whether ``paragraph`` justifies its last line too (``_JustifyLast``: the first part
    of a split paragraph does, unless ``keep_last_line_unjustified``)."""
    return bool(getattr(paragraph, "_JustifyLast", False))


def keep_last_line_unjustified(paragraph: rl_paragraph.Paragraph) -> None:
    """Set the last line of ``paragraph`` (the first part of a split) flush, not justified
    (``_JustifyLast = 0``)."""
    paragraph._JustifyLast = 0


__all__ = ["install_word_breaks", "is_split_word_end", "is_split_word_head", "justifies_last_line", "keep_last_line_unjustified"]
