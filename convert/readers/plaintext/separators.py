"""Section separators: a line of ``* * *``, ``***``, ``---``, ``___``, ``o0o``.

A line that is nothing but one such sign repeated at least three times (spaces
between allowed), or the ``o0o`` of Vietnamese documents with dashes around it,
parts the sections of an article. The model keeps the line as written; writers draw
the style's ornament.
"""

from __future__ import annotations

import re
from typing import Final

RULE: Final = "separator: a line of * * *, ---, o0o"

_SEPARATOR: Final = re.compile(r"^(?:(?P<sign>[*\-_=~•·#–—])(?:\s*(?P=sign)){2,}|[-–—~]*\s*o\s*[0O]\s*o\s*[-–—~]*)$")


def separator(text: str) -> bool:
    return _SEPARATOR.match(text) is not None
