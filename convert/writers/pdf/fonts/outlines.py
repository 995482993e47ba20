"""A font file's glyphs for the ink check (``lines.Ink``): which glyph a character
maps to, its advance, and the exact bounds of its outline, read through HarfBuzz.

The ink check needs each glyph's bounds: the extremes of its curves, what fontTools'
``BoundsPen`` finds when fontTools draws the outline. Opening a face with fontTools
cost a process's first article about 10-15 ms a face, in Python: the character map's
subtables and the ``post`` table's glyph names decoded whole, ``hmtx`` and ``loca``
too. HarfBuzz answers the character map and the advances in C (``hb_font_get_nominal_glyph``,
``hb_font_get_glyph_h_advance``) and draws an outline (``hb_font_draw_glyph``) about
five times faster than fontTools draws one.

The bounds are measured as ``BoundsPen`` measures, on the same segments: a quadratic
(cubic) curve lies within the hull of its ends and control points, and its ends are ink;
so when every control point lies within the box of the segments' ends (TrueType's
implied on-curve points included), that box is exact and is what ``BoundsPen`` gives.
Otherwise the curves' extremes are found by ``BoundsPen``'s own arithmetic
(``_pen_bounds``: ``calcQuadraticBounds``), so a PDF conversion imports no fontTools.
HarfBuzz cuts a contour into the same segments fontTools does, from another starting
point at most, which changes no extreme.

Where HarfBuzz draws a TrueType glyph elsewhere than fontTools' glyph set, the glyph is
drawn with fontTools instead (none of the shipped faces' mapped glyphs is; tests compare
every shipped face with ``BoundsPen``):

- HarfBuzz moves a glyph by its ``hmtx`` left side bearing minus its ``xMin`` (its left
  phantom point, which a composite takes from its ``USE_MY_METRICS`` component:
  HarfBuzz ``src/OT/glyf/Glyph.hh``, ``get_points``); fontTools moves a simple glyph
  by the same, a composite not at all. A composite whose move is not zero differs.
- A component scaled or rotated (HarfBuzz transforms in 32-bit floats, fontTools in
  doubles), or placed by matching points rather than by an offset.
- A contour of a single point: ``BoundsPen`` counts it; HarfBuzz has nothing to
  stroke there, and whether it draws the point is its own choice.
- Cubic TrueType outlines (flag bit 7, fontTools' ``glyf`` extension), and fonts without
  a ``glyf`` table (CFF outlines): drawn by fontTools as before.

The table fields these checks need are read from the tables' bytes as the OpenType
specification lays them out (OpenType 1.9: "head", "hhea", "hmtx", "loca", "glyf").
"""

from __future__ import annotations

import struct
from typing import Any, Final

from convert.writers.pdf.fonts.glyf import ARGS_ARE_XY_VALUES, SCALED, USE_MY_METRICS, components, is_composite

#: Simple glyph point flags: the flag repeats; and the bit fontTools uses for cubic outlines.
_REPEAT: Final = 0x08
_CUBIC: Final = 0x80
#: Components nested deeper than this are not followed (HarfBuzz's HB_MAX_NESTING_LEVEL).
_MAX_DEPTH: Final = 64

Box = tuple[float, float, float, float]  # x min, y min, x max, y max, in font units
Point = tuple[float, float]


class _Glyf:
    """The fields of a TrueType font's ``head``, ``hhea``, ``hmtx``, ``loca`` and ``glyf``
    tables that tell whether HarfBuzz draws a glyph where fontTools would."""

    def __init__(self, table: Any) -> None:
        head = table("head")
        self.long_offsets = struct.unpack_from(">h", head, 50)[0] == 1  # indexToLocFormat
        self.metrics = struct.unpack_from(">H", table("hhea"), 34)[0]  # numberOfHMetrics
        self.hmtx = table("hmtx")
        self.loca = table("loca")
        self.glyf = table("glyf")

    def _record(self, gid: int) -> tuple[int, int]:
        """Where glyph ``gid``'s description lies in ``glyf`` (empty: no outline)."""
        if self.long_offsets:
            return struct.unpack_from(">II", self.loca, 4 * gid)  # type: ignore[return-value]
        start, end = struct.unpack_from(">HH", self.loca, 2 * gid)
        return 2 * start, 2 * end

    def _bearing(self, gid: int) -> int:
        """The glyph's left side bearing in ``hmtx``."""
        if gid < self.metrics:
            return int(struct.unpack_from(">h", self.hmtx, 4 * gid + 2)[0])
        return int(struct.unpack_from(">h", self.hmtx, 4 * self.metrics + 2 * (gid - self.metrics))[0])

    def drawn_alike(self, gid: int) -> bool:
        """Whether HarfBuzz draws glyph ``gid`` where fontTools' glyph set draws it."""
        try:
            if not self._points_alike(gid, 0):
                return False
            if is_composite(self.glyf, *self._record(gid)):
                return self._left_phantom(gid, 0) == 0  # a composite is not moved by fontTools
            return True
        except (struct.error, IndexError, RecursionError):
            return False  # a damaged table: fontTools says what it says

    def _points_alike(self, gid: int, depth: int) -> bool:
        start, end = self._record(gid)
        if end - start < 10 or depth > _MAX_DEPTH:
            return depth <= _MAX_DEPTH  # no outline
        glyf = self.glyf
        contours = struct.unpack_from(">h", glyf, start)[0]
        if contours >= 0:
            ends = struct.unpack_from(f">{contours}H", glyf, start + 10)
            if any(end_point - before <= 1 for before, end_point in zip((-1, *ends), ends)):
                return False  # a contour of one point
            return not self._has_cubic(start + 10 + 2 * contours, ends[-1] + 1 if ends else 0)
        for flags, component, _ in components(glyf, start):
            if not flags & ARGS_ARE_XY_VALUES or flags & SCALED:
                return False
            if not self._points_alike(component, depth + 1):
                return False
        return True

    def _has_cubic(self, at: int, points: int) -> bool:
        """Whether a simple glyph whose instructions' length is at ``at`` has a cubic point."""
        glyf = self.glyf
        at += 2 + struct.unpack_from(">H", glyf, at)[0]
        seen = 0
        while seen < points:
            flag = glyf[at]
            at += 1
            repeat = 1
            if flag & _REPEAT:
                repeat += glyf[at]
                at += 1
            if flag & _CUBIC:
                return True
            seen += repeat
        return False

    def _left_phantom(self, gid: int, depth: int) -> int:
        """HarfBuzz's left phantom point: ``xMin`` minus the left side bearing, or that
        of the last component marked ``USE_MY_METRICS``."""
        start, end = self._record(gid)
        x_min = struct.unpack_from(">h", self.glyf, start + 2)[0] if end - start >= 10 else 0
        phantom = int(x_min) - self._bearing(gid)
        if is_composite(self.glyf, start, end) and depth <= _MAX_DEPTH:
            for flags, component, _ in components(self.glyf, start):
                if flags & USE_MY_METRICS:
                    phantom = self._left_phantom(component, depth + 1)
        return phantom


class _Segments:
    """What HarfBuzz draws of one glyph: the segments in order, the on-curve points
    (segments' ends) and the control points."""

    __slots__ = ("ends", "controls", "steps")

    def __init__(self) -> None:
        self.ends: list[Point] = []
        self.controls: list[Point] = []
        self.steps: list[tuple[Any, ...]] = []


def _move_to(x: float, y: float, drawn: _Segments) -> None:
    drawn.ends.append((x, y))
    drawn.steps.append(("moveTo", (x, y)))


def _line_to(x: float, y: float, drawn: _Segments) -> None:
    drawn.ends.append((x, y))
    drawn.steps.append(("lineTo", (x, y)))


def _quadratic_to(cx: float, cy: float, x: float, y: float, drawn: _Segments) -> None:
    drawn.ends.append((x, y))
    drawn.controls.append((cx, cy))
    drawn.steps.append(("qCurveTo", (cx, cy), (x, y)))


def _cubic_to(c1x: float, c1y: float, c2x: float, c2y: float, x: float, y: float, drawn: _Segments) -> None:
    drawn.ends.append((x, y))
    drawn.controls += [(c1x, c1y), (c2x, c2y)]
    drawn.steps.append(("curveTo", (c1x, c1y), (c2x, c2y), (x, y)))


def _close_path(drawn: _Segments) -> None:
    drawn.steps.append(("closePath",))


_DRAW_FUNCS: Any = None


def _draw_funcs() -> Any:
    """HarfBuzz's draw callbacks, recording into a ``_Segments`` (made once per process)."""
    global _DRAW_FUNCS
    if _DRAW_FUNCS is None:
        import uharfbuzz as hb

        funcs = hb.DrawFuncs()
        funcs.set_move_to_func(_move_to)
        funcs.set_line_to_func(_line_to)
        funcs.set_quadratic_to_func(_quadratic_to)
        funcs.set_cubic_to_func(_cubic_to)
        funcs.set_close_path_func(_close_path)
        _DRAW_FUNCS = funcs
    return _DRAW_FUNCS


def _box(points: list[Point]) -> Box:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _pen_bounds(steps: list[tuple[Any, ...]]) -> Box | None:
    """What fontTools' ``BoundsPen`` finds for these segments, by its arithmetic, step
    for step, so the floats are the same (fontTools 4.x: ``pens/boundsPen.py``
    ``BoundsPen._qCurveToOne``, ``ControlBoundsPen``; ``misc/arrayTools.py``
    ``updateBounds``, ``pointInRect``, ``unionRect``; ``misc/bezierTools.py``
    ``calcQuadraticBounds``, ``calcQuadraticParameters``): a curve whose control point
    lies outside the box so far adds its extremes (where the derivative of each
    coordinate is zero, 0 <= t < 1) and its ends. HarfBuzz hands over TrueType's
    quadratic segments one control point each, as fontTools decomposes them.

    Written out rather than calling ``BoundsPen``: importing fontTools' pens cost each
    process ~5 ms for the few glyphs (round letters) that need it. A cubic segment
    (none in a ``glyf`` outline drawn here) is left to ``BoundsPen`` itself.
    (``tests/writers/pdf/fonts/test_outlines.py`` compares with ``BoundsPen`` on every shipped face.)
    """
    if any(step[0] == "curveTo" for step in steps):
        from fontTools.pens.boundsPen import BoundsPen

        pen = BoundsPen(None)
        for name, *points in steps:
            getattr(pen, name)(*points)
        drawn: Box | None = pen.bounds
        return drawn
    bounds: Box | None = None
    current: Point | None = None
    for step in steps:
        name = step[0]
        if name == "closePath":
            current = None
            continue
        point = step[-1]
        x, y = point
        if bounds is None:
            bounds = (x, y, x, y)
        else:
            x_min, y_min, x_max, y_max = bounds
            bounds = (min(x_min, x), min(y_min, y), max(x_max, x), max(y_max, y))
        if name == "qCurveTo" and current is not None:
            cx, cy = step[1]
            x_min, y_min, x_max, y_max = bounds
            if not (x_min <= cx <= x_max and y_min <= cy <= y_max):
                q_min, q_y_min, q_max, q_y_max = _quadratic_bounds(current, step[1], point)
                bounds = (min(x_min, q_min), min(y_min, q_y_min), max(x_max, q_max), max(y_max, q_y_max))
        current = point
    return bounds


def _quadratic_bounds(start: Point, control: Point, end: Point) -> Box:
    """fontTools' ``calcQuadraticBounds``: the curve's extremes and its two ends."""
    x2, y2 = control
    x3, y3 = end
    cx, cy = start
    bx = (x2 - cx) * 2.0
    by = (y2 - cy) * 2.0
    ax = x3 - cx - bx
    ay = y3 - cy - by
    ax2 = ax * 2.0
    ay2 = ay * 2.0
    roots = []
    if ax2 != 0:
        roots.append(-bx / ax2)
    if ay2 != 0:
        roots.append(-by / ay2)
    points = [(ax * t * t + bx * t + cx, ay * t * t + by * t + cy) for t in roots if 0 <= t < 1] + [start, end]
    return _box(points)


class Outlines:
    """One font file's character map, advances and outline bounds, in font units."""

    def __init__(self, path: str) -> None:
        import uharfbuzz as hb

        self.path = path
        face = hb.Face(hb.Blob.from_file_path(path))
        self.font = hb.Font(face)  # scaled to its units per em: answers in font units
        self.units: int = face.upem

        def table(tag: str) -> bytes:
            return bytes(face.reference_table(tag).data)

        head = table("head")
        _, y_min, _, y_max = struct.unpack_from(">4h", head, 36) if len(head) >= 44 else (0, 0, 0, 0)  # xMin, yMin, xMax, yMax
        #: The font's own vertical bounds (``head``), in font units.
        self.height: int = y_max - y_min
        tags = set(face.table_tags)
        self._glyf = _Glyf(table) if {"glyf", "loca", "hmtx", "hhea"} <= tags else None
        self._fonttools: Any = None

    def glyph_id(self, char: str) -> int | None:
        """The glyph ``char`` maps to (None: the font does not map it)."""
        gid: int | None = self.font.get_nominal_glyph(ord(char))
        return gid

    def advance(self, gid: int) -> int:
        return int(self.font.get_glyph_h_advance(gid))

    def bounds(self, gid: int) -> Box | None:
        """Glyph ``gid``'s exact bounds as fontTools' ``BoundsPen`` finds them (None: no outline)."""
        if self._glyf is None or not self._glyf.drawn_alike(gid):
            return self.drawn_by_fonttools(gid)
        drawn = _Segments()
        self.font.draw_glyph(gid, _draw_funcs(), drawn)
        if not drawn.ends:
            return None
        box = _box(drawn.ends)
        x_min, y_min, x_max, y_max = box
        if all(x_min <= x <= x_max and y_min <= y <= y_max for x, y in drawn.controls):
            return box  # every curve within its ends' box, which is ink
        return _pen_bounds(drawn.steps)

    def drawn_by_fonttools(self, gid: int) -> Box | None:
        """The glyph's bounds as fontTools' ``BoundsPen`` finds them, drawing its outline
        from fontTools' glyph set (the font opened once, when first needed)."""
        from fontTools.pens.boundsPen import BoundsPen

        if self._fonttools is None:
            from fontTools.ttLib import TTFont

            font = TTFont(self.path, lazy=True)
            self._fonttools = (font, font.getGlyphSet())
        font, glyph_set = self._fonttools
        pen = BoundsPen(glyph_set)
        glyph_set[font.getGlyphName(gid)].draw(pen)
        bounds: Box | None = pen.bounds
        return bounds


__all__ = ["Outlines"]
