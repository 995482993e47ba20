"""What ``vnconv parse --explain`` prints: each part a reader set down, where it came
from and why, so a user can see why a part was read as it was and fix the file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """One part of the article: the rule that decided it and the text it holds."""

    part: str  # headline, dateline, paragraph, list...
    rule: str  # "caption: ends with a photo credit"
    lines: str  # "3", "3-5"; "" when the part does not come from lines of text
    text: str
