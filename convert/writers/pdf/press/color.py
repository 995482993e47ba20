"""Colours for the PDF: the style's ``#RRGGBB`` as RGB, or as CMYK for the press.

Every colour the PDF writer sets comes through one ``Palette``, so ``--cmyk`` is one
switch: a grey becomes black ink only (K), never four-colour black, and a grey at
least ``solid_black`` dark becomes 100 % K, because text screened at 90 % K prints
ragged; other colours take the plain device conversion (no ICC profile). The canvas
also enforces CMYK, so a colour that slipped past the palette fails loudly instead
of reaching the file as RGB.
"""

from __future__ import annotations

from typing import Final

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, HexColor

#: Registration colour: a Separation named All prints on every plate (for crop marks).
REGISTRATION: Final = CMYKColorSep(1, 1, 1, 1, spotName="All")


class Palette:
    """Turns style colours into ReportLab colours, in RGB or (``cmyk``) in CMYK.
    (A plain class, as ``layout.flow.Extent`` is: a dataclass cost ~0.5 M instructions to make.)"""

    __slots__ = ("cmyk", "solid_black", "colors")

    def __init__(self, cmyk: bool = False, solid_black: float = 1.0) -> None:
        self.cmyk = cmyk
        self.solid_black = solid_black  # a grey whose K reaches this prints as 100 % K
        self.colors: dict[str, Color] = {}  # each style colour made, by its hex value

    @property
    def enforce(self) -> str | None:
        """The canvas's ``enforceColorSpace``."""
        return "cmyk" if self.cmyk else None

    def __call__(self, hex_color: str) -> Color:
        color = self.colors.get(hex_color)
        if color is None:
            rgb = HexColor(hex_color)
            color = self.colors[hex_color] = to_cmyk(rgb, self.solid_black) if self.cmyk else rgb
        return color

    def markup(self, hex_color: str) -> str:
        """The colour as a Paragraph ``<font color=...>`` value."""
        if not self.cmyk:
            return hex_color
        color = self(hex_color)
        assert isinstance(color, CMYKColor)
        return "cmyk({:.4f},{:.4f},{:.4f},{:.4f})".format(color.cyan, color.magenta, color.yellow, color.black)


def to_cmyk(color: Color, solid_black: float = 1.0) -> CMYKColor:
    """Device RGB to CMYK: greys to K alone (snapped to 100 % at ``solid_black``)."""
    r, g, b = color.red, color.green, color.blue
    black = 1 - max(r, g, b)
    if r == g == b:
        return CMYKColor(0, 0, 0, 1.0 if black >= solid_black else round(black, 4))
    if black >= 1:
        return CMYKColor(0, 0, 0, 1)
    c, m, y = ((1 - v - black) / (1 - black) for v in (r, g, b))
    return CMYKColor(round(c, 4), round(m, 4), round(y, 4), round(black, 4))


__all__ = ["REGISTRATION", "Palette", "to_cmyk"]
