"""Pieces kept with what they belong to, without leaving a hole in the column.

Platypus keeps flowables together (``keepWithNext``, ``KeepTogether``) by moving the
whole group to the next column when it does not fit: a subheading kept with its whole
paragraph, or the last paragraph kept with the byline, leaves the rest of the column
empty. A compositor keeps only what must stay together: the subheading with the first
lines of its paragraph, the paragraph ending with a colon with the first item of the
list, table or quotation it introduces, the byline (and the attribution) with the last
lines of the last paragraph. ``KeepWith`` is that: a ``lead`` (the subheading, the
colon paragraph, the last paragraph) and what comes ``after`` it, set as they would be
one after the other, that splits only where a column may end:

- when the lead fits and so does the start of what follows (``least``: ``lines`` lines
  of a paragraph, the header and first row of a table, all of it when ``lines`` is
  None), after the part of what follows that fits (platypus splits it);
- otherwise (or when what follows does not split there: a byline of one line whose
  attribution does not fit under it) inside the lead's last paragraph, so that ``lines``
  of its lines move on with what follows (never fewer than the paragraph's widow rule
  allows), the rest of the column filled with the lines before them; or, when that
  paragraph is too short to split so (three lines, no widow, no orphan), inside the
  paragraph before it (the byline is kept with the last two paragraphs);
- otherwise not at all: the group moves on whole (a subheading of a line or two and
  the lines it keeps, the smallest hole that keeps them together).

Widows and orphans themselves are ReportLab's paragraph rules (``allowWidows``,
``allowOrphans``: the style's ``[pdf]`` values).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph

from convert.writers.pdf.reportlab_internals.tables import is_table, row_heights

#: What a measure may be off by (platypus's frames allow the same).
_FUZZ = 1e-6


def gap(above: Flowable, below: Flowable) -> float:
    """The space a frame leaves between two flowables: the larger of the space after the
    one and before the other (platypus overlaps them: ``rl_config.overlapAttachedSpace``)."""
    return max(above.getSpaceAfter(), below.getSpaceBefore())


def least(flowable: Flowable, width: float, lines: int | None) -> float:
    """The least of ``flowable`` that must stand with what is kept with it: ``lines``
    lines of a paragraph, a table's first two rows (the header and one), a kept group's
    lead and its own least; all of anything else, or of anything when ``lines`` is None."""
    _, height = flowable.wrap(width, 1e9)
    if lines is None:
        return float(height)
    if isinstance(flowable, KeepWith):
        return flowable.least_height(width)
    if isinstance(flowable, Paragraph):
        return float(min(height, lines * flowable.style.leading))
    if is_table(flowable):
        return float(min(height, sum(row_heights(flowable)[:2])))
    return float(height)


class KeepWith(Flowable):
    """``lead`` set with the start of ``after`` in one column (see the module)."""

    def __init__(self, lead: Sequence[Flowable], after: Sequence[Flowable], lines: int | None) -> None:
        super().__init__()
        self.lead = list(lead)
        self.after = list(after)
        self.lines = lines
        self._sizes: list[tuple[float, float]] = []

    @property
    def parts(self) -> list[Flowable]:
        return [*self.lead, *self.after]

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return float(self.lead[0].getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab's name
        return float(self.after[-1].getSpaceAfter())

    def _stacked(self, flowables: Sequence[Flowable], width: float) -> float:
        total = 0.0
        for index, flowable in enumerate(flowables):
            if index:
                total += gap(flowables[index - 1], flowable)
            total += flowable.wrap(width, 1e9)[1]
        return total

    def least_height(self, width: float) -> float:
        """The lead and the least of what follows it: what must stand in one column."""
        return self._stacked(self.lead, width) + gap(self.lead[-1], self.after[0]) + least(self.after[0], width, self.lines)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        canvas = getattr(self, "canv", None)
        self._sizes = [part.wrapOn(canvas, availWidth, 1e9) if canvas is not None else part.wrap(availWidth, 1e9) for part in self.parts]
        parts = self.parts
        height = sum(h for _, h in self._sizes) + sum(gap(a, b) for a, b in zip(parts, parts[1:]))
        self.width, self.height = availWidth, height
        return availWidth, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        lead_height = self._stacked(self.lead, availWidth)
        between = gap(self.lead[-1], self.after[0])
        if lead_height + between + least(self.after[0], availWidth, self.lines) <= availHeight + _FUZZ:
            # The lead fits with the start of what follows: what follows splits itself.
            parts = self.after[0].split(availWidth, availHeight - lead_height - between)
            if parts:
                return [*self.lead, *parts, *self.after[1:]]
            # What follows does not split there (a byline of a line, its attribution not
            # fitting under it): lines of the lead move on with it instead.
        return self._split_lead(availWidth, availHeight)

    def _split_lead(self, width: float, room: float) -> list[Flowable]:
        """Split inside the lead: its last paragraph so that ``lines`` of its lines move on
        with what follows; or, when it is too short for that (its widow and orphan rules),
        the paragraph before it, the rest of the lead moving on whole."""
        keep = self.lines if self.lines is not None else 1
        for index in range(len(self.lead) - 1, -1, -1):
            part = self.lead[index]
            if not isinstance(part, Paragraph):
                return []  # a subheading: it moves on with what it keeps
            before = self._stacked(self.lead[: index + 1], width) - part.wrap(width, 1e9)[1]
            _, height = part.wrap(width, 1e9)
            space = room - before
            if index == len(self.lead) - 1:
                space = min(space, height - keep * part.style.leading)
            elif height <= space:  # it fits whole: what comes after it moves on
                return [*self.lead[: index + 1], KeepWith(self.lead[index + 1 :], self.after, self.lines)]
            if space <= 0:
                continue
            parts = part.split(width, space)
            if len(parts) == 2:
                return [*self.lead[:index], parts[0], KeepWith([parts[1], *self.lead[index + 1 :]], self.after, self.lines)]
        return []

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803 - ReportLab's names
        """Each part where a frame would set it, from the top down."""
        top = y + self.height
        parts = self.parts
        for index, (part, (width, height)) in enumerate(zip(parts, self._sizes)):
            if index:
                top -= gap(parts[index - 1], part)
            top -= height
            part.drawOn(canvas, x, top, _sW=self.width - width)

    def draw(self) -> None:  # drawn part by part in drawOn
        pass


__all__ = ["KeepWith", "gap", "least"]
