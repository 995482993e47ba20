"""The components of a TrueType composite glyph, read from its description's bytes.

Both the font programs (``programs``: renumbering components in a subset) and the ink
check (``outlines``: which glyphs HarfBuzz draws where fontTools does) walk them. The
layout is the ``glyf`` table's (OpenType 1.9, "glyf — Glyph Data"): a negative
``numberOfContours`` marks a composite glyph, whose components follow its 10-byte
header, each flags, glyph index, two arguments of one or two bytes each, and an
optional scale of 2, 4 or 8 bytes.
"""

from __future__ import annotations

from struct import unpack_from
from typing import Final

#: Component flags (OpenType "glyf", composite glyph description).
ARG_1_AND_2_ARE_WORDS: Final = 0x0001
ARGS_ARE_XY_VALUES: Final = 0x0002
WE_HAVE_A_SCALE: Final = 0x0008
MORE_COMPONENTS: Final = 0x0020
WE_HAVE_AN_X_AND_Y_SCALE: Final = 0x0040
WE_HAVE_A_TWO_BY_TWO: Final = 0x0080
USE_MY_METRICS: Final = 0x0200
#: A component scaled, stretched or turned, not only moved.
SCALED: Final = WE_HAVE_A_SCALE | WE_HAVE_AN_X_AND_Y_SCALE | WE_HAVE_A_TWO_BY_TWO


def is_composite(data: bytes, start: int, end: int) -> bool:
    """Whether the glyph described in ``data[start:end]`` is a composite glyph."""
    return end - start >= 10 and unpack_from(">h", data, start)[0] < 0


def components(data: bytes, start: int) -> list[tuple[int, int, int]]:
    """The components of the composite glyph described at ``start`` in ``data``: each
    its flags, its glyph index, and where that index sits in ``data``."""
    found = []
    at = start + 10  # past numberOfContours and the bounding box
    flags = MORE_COMPONENTS
    while flags & MORE_COMPONENTS:
        flags, part = unpack_from(">HH", data, at)
        found.append((flags, part, at + 2))
        at += 8 if flags & ARG_1_AND_2_ARE_WORDS else 6
        if flags & WE_HAVE_A_SCALE:
            at += 2
        elif flags & WE_HAVE_AN_X_AND_Y_SCALE:
            at += 4
        elif flags & WE_HAVE_A_TWO_BY_TWO:
            at += 8
    return found


__all__ = ["ARGS_ARE_XY_VALUES", "SCALED", "USE_MY_METRICS", "components", "is_composite"]
