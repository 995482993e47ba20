"""The style's ``[pdf]`` section: what only the PDF writer draws (rules, press marks).

A new key is a field here and its value in ``styles/default.toml`` (``convert.sections``).
"""

from __future__ import annotations

from dataclasses import dataclass

from convert.sections import Color, Invalid


@dataclass(frozen=True)
class Pdf:
    """What only the PDF writer draws (rules, press marks) and declares (the PDF/X printing condition)."""

    rule_width: float  # pt; 0 draws no rules
    rule_color: Color
    head_rule_width: float  # pt; a rule over the headline on page 1, 0 for none
    column_rule_width: float  # pt; rules between columns, 0 for none
    crop_mark_offset: float  # mm from the trim edge (at least the bleed)
    crop_mark_length: float  # mm
    crop_mark_width: float  # pt
    cmyk_solid_black: float  # 0-1: with --cmyk, a grey at least this dark prints as 100 % K
    #: --pdfx: the printing condition, by its reference name in the ICC Characterization
    #: Data Registry (color.org), e.g. FOGRA39, FOGRA51, IFRA26 (newsprint), CGATS TR 006
    output_condition: str
    output_condition_info: str  # --pdfx: the condition as a preflight shows it to a person
    kerning: bool  # the fonts' pair kerning ("Tr", "Vă"), as TJ adjustments
    allow_widows: bool  # a paragraph's last line alone at the head of a column
    allow_orphans: bool  # a paragraph's first line alone at the foot of a column
    #: Lines of a paragraph kept in one column with its subheading, with the byline (its
    #: last lines), and of a list item after the paragraph ending with a colon that introduces it
    keep_lines: int

    def __post_init__(self) -> None:
        if self.cmyk_solid_black > 1:
            raise Invalid("cmyk_solid_black", f"expected a share of black from 0 to 1, got {self.cmyk_solid_black!r}")
        for key in ("output_condition", "output_condition_info"):
            value = getattr(self, key)
            if not value.strip() or not value.isascii() or not value.isprintable():
                raise Invalid(key, f"expected a registered printing condition in printable ASCII, got {value!r}")
