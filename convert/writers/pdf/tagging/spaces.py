"""Which line ends of a paragraph swallowed a space: where the text layer needs one back.

ReportLab breaks a paragraph's lines at spaces and draws no space at a line's end, so
a reader of the structure tree (``pdfinfo -struct-text``, a screen reader) sees the
last word of one line glued to the first of the next ("giữanhiệm"). A line that ends
inside a word (an address broken after its ``/``, an overlong word split) has no space
to give back. ``line_end_spaces`` tells them apart by counting off the paragraph's text:
after the non-blank characters of a line, is the next character a blank? A paragraph
split across columns or pages hands each part its share of the answer (the parts
ReportLab makes keep no text of their own).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate


def line_end_spaces(text: str, lines: Sequence[str]) -> list[bool]:
    """For each line (its text as drawn), whether the paragraph's ``text`` has a blank
    right after it (a piece of a long paragraph keeps its trailing space, so its last
    line has one; the last line of a whole paragraph has none).

    The lines' non-blank characters are counted off the text's: a line ends before a
    blank when the count so far ends a run of non-blank characters of the text that a
    blank follows (found by bisection among the runs' ends, not character by character).
    The runs are ``str.split``'s words (blanks as ``str.isspace`` reads them), their ends
    counted at C speed (``accumulate``): every run but the last has a blank after it, the
    last one when the text ends in a blank."""
    ends = list(accumulate(map(len, text.split())))  # non-blank characters up to the end of each run
    count = ends[-1] if ends else 0
    last = len(ends) - 1
    trailing = bool(text) and text[-1].isspace()
    out: list[bool] = []
    seen = 0
    for line in lines:
        seen += len("".join(line.split()))
        if seen == 0:
            out.append(bool(text) and text[0].isspace())
        elif seen > count:
            out.append(False)  # more than the text holds: its end
        else:
            index = bisect_left(ends, seen)
            out.append(ends[index] == seen and (index < last or trailing))
    return out


__all__ = ["line_end_spaces"]
