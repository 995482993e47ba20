"""What platypus marks on the flowables it moves, and what a ``KeepTogether`` keeps.

- ``BaseDocTemplate.handle_flowable`` marks a flowable that did not fit and moved on to
  the next frame with ``_postponed = 1``; a second failure of a marked flowable is taken
  for one too large for any frame (``LayoutError``). ``layout.flow`` lays a page out
  again (balancing) and moves figures, so it reads, sets and clears that mark.
- ``KeepTogether`` keeps its flowables in ``_content`` and, once wrapped, the height
  they need together in ``_H`` (its ``wrap`` answers "too tall" to force a split).

ReportLab 5.1.0 (``CHECKED_VERSIONS``): ``reportlab/platypus/doctemplate.py`` and
``flowables.py``; ``test_private_parts`` checks both.
"""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable, KeepTogether


def is_postponed(flowable: Flowable) -> bool:
    """Whether platypus has moved ``flowable`` on once (``_postponed``)."""
    return hasattr(flowable, "_postponed")


def set_postponed(flowable: Flowable, postponed: bool) -> None:
    """Mark ``flowable`` as moved on once, or clear the mark, as ``handle_flowable`` does."""
    if postponed:
        flowable._postponed = 1
    elif hasattr(flowable, "_postponed"):
        del flowable._postponed


def kept_content(group: KeepTogether) -> list[Flowable]:
    """The flowables a ``KeepTogether`` keeps (``_content``, the list itself)."""
    content: list[Flowable] = group._content
    return content


def kept_height(group: KeepTogether) -> float:
    """The height a wrapped ``KeepTogether``'s flowables need together (``_H``)."""
    return float(group._H)


__all__ = ["is_postponed", "kept_content", "kept_height", "set_postponed"]
