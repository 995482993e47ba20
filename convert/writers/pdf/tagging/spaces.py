"""Which line ends of a paragraph swallowed a space: where the text layer needs one back.

ReportLab breaks a paragraph's lines at spaces and draws no space at a line's end, so
a reader of the structure tree (``pdfinfo -struct-text``, a screen reader) sees the
last word of one line glued to the first of the next ("giữanhiệm"). A line that ends
inside a word (an address broken after its ``/``, an overlong word split) has no space
to give back. ``line_end_spaces`` tells them apart by walking the paragraph's text:
after the non-blank characters of a line, is the next character a blank? A paragraph
split across columns or pages hands each part its share of the answer (the parts
ReportLab makes keep no text of their own).
"""

from __future__ import annotations

from collections.abc import Sequence


def line_end_spaces(text: str, lines: Sequence[str]) -> list[bool]:
    """For each line (its text as drawn), whether the paragraph's ``text`` has a blank
    right after it (a piece of a long paragraph keeps its trailing space, so its last
    line has one; the last line of a whole paragraph has none)."""
    out: list[bool] = []
    position, length = 0, len(text)
    for line in lines:
        need = sum(1 for ch in line if not ch.isspace())
        while need and position < length:
            if not text[position].isspace():
                need -= 1
            position += 1
        out.append(position < length and text[position].isspace())
    return out


__all__ = ["line_end_spaces"]
