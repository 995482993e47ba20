"""Block quotations: lines opening with ``>``, and paragraphs wholly in quotation marks
introduced by a colon.

``>`` lines (as e-mail and Markdown quote) make one quotation, a ``>`` line with
nothing after it parting its paragraphs; the ``>`` only marks the quotation and is
dropped. A paragraph that opens and closes with quotation marks, one quotation
whole, right after a paragraph ending in a colon (``Ông A cho biết:``) is a quotation
too; its quotation marks are text and stay.
"""

from __future__ import annotations

import re
from typing import Final

RULE_MARKED: Final = "quote: lines opening with >"
RULE_QUOTED: Final = "quote: wholly in quotation marks, after a colon"

_MARKED: Final = re.compile(r"^>\s?(?P<rest>.*)$")
_CLOSING_TAIL: Final = re.compile(r"[.!?…,;]*$")


def quote_line(text: str) -> str | None:
    """The text of a ``>`` line (empty for a ``>`` alone), or None."""
    match = _MARKED.match(text)
    return None if match is None else match["rest"].strip()


def wholly_quoted(text: str) -> bool:
    """``"…"`` or ``“…”`` around the whole text, as one quotation."""
    body = _CLOSING_TAIL.sub("", text)
    if len(body) < 3:
        return False
    if body[0] == "“" and body[-1] == "”":
        depth = 0
        for index, ch in enumerate(body):
            depth += 1 if ch == "“" else -1 if ch == "”" else 0
            if depth == 0 and index < len(body) - 1:
                return False  # “a” và “b”: two quotations
        return depth == 0
    if body[0] == '"' and body[-1] == '"':
        return body.count('"') == 2
    return False


def introduces(text: str) -> bool:
    """Whether a paragraph ends in a colon, introducing what follows."""
    return text.rstrip().endswith(":")
