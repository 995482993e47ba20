"""How far a TrueType glyph's outline reaches, exactly, without drawing it.

The ink check (``lines.Ink``) needs each glyph's bounds: the extremes of its curves,
what fontTools' ``BoundsPen`` finds by drawing the outline segment by segment (about
0.1 ms a glyph, in Python). Most glyphs need no drawing: a quadratic curve lies
within the triangle of its two ends and its control point, and a point on the curve
(an on-curve point) is ink, so when every off-curve point of a glyph lies within the
box of its on-curve points, that box is the exact bounds, and it is what
``BoundsPen`` gives (TrueType glyph outlines: OpenType 1.9, "glyf — Glyph Data";
the convex hull property of Bézier curves). Fonts put on-curve points at the
extremes as the TrueType guidelines ask, so this holds for nearly every glyph.

``outline_box`` answers from the decoded points for a simple glyph, and for a
composite glyph whose components are only moved, not scaled (a Vietnamese letter: a
base and its marks), from its components' boxes. Anything else (an off-curve point
outside the box, a scaled component, cubic outlines) is ``UNKNOWN``, and the caller
draws it. ``BoundsPen``'s conventions are kept: a simple glyph drawn alone is moved
by its ``hmtx`` left side bearing minus its ``xMin``, as fontTools' glyph set draws
it, and a component is not (tests/writers/pdf/test_outlines.py compares every
character of every shipped face with ``BoundsPen``).
"""

from __future__ import annotations

from typing import Any, Final

#: The glyph's bounds cannot be told without drawing it.
UNKNOWN: Final = object()
#: Point flags (OpenType "glyf", simple glyph description): on the curve; and the bit
#: fontTools uses for cubic outlines (glyf version 1).
_ON_CURVE: Final = 0x01
_CUBIC: Final = 0x80

Box = tuple[float, float, float, float]  # x min, y min, x max, y max, in font units


def outline_box(glyf: Any, hmtx: Any, name: str, alone: bool = True) -> Box | None | object:
    """The exact bounds of glyph ``name`` of fontTools ``glyf`` table (None: no outline),
    as ``BoundsPen`` finds them; ``UNKNOWN`` when only drawing can tell. ``alone``: the
    glyph is drawn for itself, not as another's component."""
    glyph = glyf[name]
    if glyph.isComposite():
        box: Box | None = None
        for component in glyph.components:
            if hasattr(component, "transform") or not hasattr(component, "x"):
                return UNKNOWN  # scaled, or placed by matching points
            inner = outline_box(glyf, hmtx, component.glyphName, alone=False)
            if inner is UNKNOWN:
                return UNKNOWN
            if inner is None:
                continue
            x_min, y_min, x_max, y_max = inner  # type: ignore[misc]
            dx, dy = component.x, component.y
            moved = (x_min + dx, y_min + dy, x_max + dx, y_max + dy)
            box = moved if box is None else (min(box[0], moved[0]), min(box[1], moved[1]), max(box[2], moved[2]), max(box[3], moved[3]))
        return box
    if glyph.numberOfContours <= 0:
        return None
    flags = glyph.flags
    points = glyph.coordinates.array  # x0, y0, x1, y1...
    xs, ys = points[0::2], points[1::2]
    on_x = [x for x, flag in zip(xs, flags) if flag & _ON_CURVE]
    if not on_x or any(flag & _CUBIC for flag in flags):
        return UNKNOWN
    on_y = [y for y, flag in zip(ys, flags) if flag & _ON_CURVE]
    x_min, x_max, y_min, y_max = min(on_x), max(on_x), min(on_y), max(on_y)
    if len(on_x) < len(flags) and not (x_min <= min(xs) and max(xs) <= x_max and y_min <= min(ys) and max(ys) <= y_max):
        return UNKNOWN  # an off-curve point outside: a curve may reach beyond the points on it
    if alone and hasattr(glyph, "xMin"):
        offset = hmtx[name][1] - glyph.xMin  # fontTools' glyph set draws a glyph at its hmtx bearing
        x_min, x_max = x_min + offset, x_max + offset
    return (x_min, y_min, x_max, y_max)


__all__ = ["UNKNOWN", "outline_box"]
