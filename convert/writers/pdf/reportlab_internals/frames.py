"""A platypus ``Frame``'s state while it is being filled: where its cursor is, how much
room is left under it, whether anything has been set in it yet.

``Frame`` has no public accessor for these; ``Frame.add`` keeps them in private
attributes (``_atTop``, ``_x1``, ``_y``, ``_y1p``, ``_y2``, ``_width``, ``_height``,
``_topPadding``, ``_getAvailableWidth()``; ``reportlab/platypus/frames.py``, ReportLab
5.1.0, ``CHECKED_VERSIONS``). ``layout.flow`` asks these functions instead, so that an
upgrade that renames one fails in ``test_private_parts`` and nowhere else.
"""

from __future__ import annotations

from reportlab.platypus.frames import Frame


def at_top(frame: Frame) -> bool:
    """Whether nothing has been set in ``frame`` yet (``Frame._atTop``)."""
    return bool(frame._atTop)


def room_left(frame: Frame) -> float:
    """The height still free under what is set in ``frame``, inside its padding
    (``Frame._y - Frame._y1p``)."""
    return float(frame._y - frame._y1p)


def cursor(frame: Frame) -> float:
    """Where the next flowable's top would go, from the page bottom (``Frame._y``)."""
    return float(frame._y)


def full_height(frame: Frame) -> float:
    """The frame's whole height, padding included (``Frame._height``)."""
    return float(frame._height)


def available_width(frame: Frame) -> float:
    """The width a flowable is wrapped to in ``frame`` (``Frame._getAvailableWidth()``)."""
    return float(frame._getAvailableWidth())


def text_box(frame: Frame) -> tuple[float, float, float]:
    """The frame's left edge, width and the top of its text (under its top padding), in
    points from the page's corner (``_x1``, ``_width``, ``_y2 - _topPadding``)."""
    return float(frame._x1), float(frame._width), float(frame._y2 - frame._topPadding)


__all__ = ["at_top", "available_width", "cursor", "full_height", "room_left", "text_box"]
