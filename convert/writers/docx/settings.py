"""The style's ``[docx]`` section: the font names a DOCX asks Word for.

A new key is a field here and its value in ``styles/default.toml`` (``convert.sections``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from convert.sections import Invalid, WholeStyle


@dataclass(frozen=True)
class Docx:
    """What only the DOCX writer needs: the family name Word is asked for, per font."""

    #: A [fonts] key -> the family name Word is asked for (a newsroom may want "Times New Roman").
    fonts: Mapping[str, str]

    def check(self, style: WholeStyle) -> None:
        """Every font a text role is set in has a name for Word."""
        for key in {t.font for t in style.text.values()}:
            if key not in self.fonts:
                raise Invalid(f"fonts.{key}", f"missing (the DOCX name for the {key} font)")
